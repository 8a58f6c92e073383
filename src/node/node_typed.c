/* eth_signTypedData_v4: EIP-712 typed structured data, hashed and signed by a dev key.
   digest = keccak(0x19 0x01 || hashStruct(EIP712Domain, domain) || hashStruct(primary, message));
   hashStruct(T, v) = keccak(typeHash(T) || encodeData(T, v)); typeHash covers T's encoding then
   the structs it references, sorted by name; each member is one 32-byte word: atomic values
   padded, bytes and string hashed, structs hashStruct'ed, arrays the hash of their members'
   encodings (MetaMask's v4). */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"

#include "node_impl.h"

#define ARG(i)     json_array_get(params, i)
#define MAX_DEPTH  32
#define MAX_TYPES  64
#define TYPE_NAMES 96

typedef struct tctx {
    json_t *types;
    char err[200];
} tctx;

static bool fail(tctx *t, const char *what, const char *name)
{
    if (!t->err[0]) snprintf(t->err, sizeof t->err, "%s %s", what, name ? name : "");
    return false;
}

/* The struct name of a member type: "Person[][2]" -> "Person" (n chars). */
static size_t base_len(const char *type)
{
    const char *b = strchr(type, '[');
    return b ? (size_t)(b - type) : strlen(type);
}

static json_t *struct_fields(tctx *t, const char *name, size_t n)
{
    char buf[TYPE_NAMES];
    if (n >= sizeof buf) return NULL;
    memcpy(buf, name, n);
    buf[n] = 0;
    json_t *f = json_object_get(t->types, buf);
    return json_is_array(f) ? f : NULL;
}

/* Collects the struct types reachable from name (name first). */
static bool collect(tctx *t, const char *name, const char **out, size_t *n, int depth)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(out[i], name)) return true;
    if (*n >= MAX_TYPES || depth > MAX_DEPTH) return fail(t, "too many types at", name);
    out[(*n)++] = name;
    json_t *fields = struct_fields(t, name, strlen(name)), *f;
    size_t i;
    json_array_foreach(fields, i, f)
    {
        const char *ft = json_string_value(json_object_get(f, "type"));
        if (!ft) return fail(t, "a member without a type in", name);
        size_t bl = base_len(ft);
        json_t *sub = struct_fields(t, ft, bl);
        if (!sub) continue;
        const char *key = NULL;
        json_t *v;
        json_object_foreach(t->types, key, v) if (strlen(key) == bl && !strncmp(key, ft, bl)) break;
        if (key && !collect(t, key, out, n, depth + 1)) return false;
    }
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool type_hash(tctx *t, const char *name, uint8_t out[32])
{
    const char *deps[MAX_TYPES];
    size_t n = 0;
    if (!collect(t, name, deps, &n, 0)) return false;
    qsort(deps + 1, n - 1, sizeof *deps, by_name);
    rivet_buf b = {0};
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        json_t *fields = struct_fields(t, deps[i], strlen(deps[i])), *f;
        size_t j;
        ok = buf_append(&b, deps[i], strlen(deps[i])) == RIVET_OK && buf_push(&b, '(') == RIVET_OK;
        json_array_foreach(fields, j, f)
        {
            const char *ft = json_string_value(json_object_get(f, "type"));
            const char *fn = json_string_value(json_object_get(f, "name"));
            if (!ft || !fn) ok = fail(t, "a member needs a name and a type in", deps[i]);
            ok = ok && (!j || buf_push(&b, ',') == RIVET_OK) &&
                 buf_append(&b, ft, strlen(ft)) == RIVET_OK && buf_push(&b, ' ') == RIVET_OK &&
                 buf_append(&b, fn, strlen(fn)) == RIVET_OK;
        }
        ok = ok && buf_push(&b, ')') == RIVET_OK;
    }
    if (ok) crypto_keccak256(out, b.p, b.n);
    buf_free(&b);
    return ok;
}

static bool hash_struct(tctx *t, const char *name, json_t *v, uint8_t out[32], int depth);

/* A number as JSON integer, decimal or 0x string (negative for intN). */
static bool number(json_t *v, u256 *out)
{
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        *out = x < 0 ? u256_neg(u256_from_u64((uint64_t)-x)) : u256_from_u64((uint64_t)x);
        return true;
    }
    const char *s = json_string_value(v);
    if (!s) return false;
    bool neg = s[0] == '-';
    rivet_diag d;
    if (u256_from_str(out, s + neg, strlen(s + neg), &d) != RIVET_OK) return false;
    if (neg) *out = u256_neg(*out);
    return true;
}

/* One member's 32-byte word. */
static bool encode_value(tctx *t, const char *type, json_t *v, uint8_t w[32], int depth)
{
    memset(w, 0, 32);
    if (depth > MAX_DEPTH) return fail(t, "nested too deep at", type);
    size_t bl = base_len(type);
    if (type[bl] == '[') { /* an array: the hash of its members' words */
        const char *close = strrchr(type, '[');
        char inner[TYPE_NAMES];
        size_t il = (size_t)(close - type);
        if (il >= sizeof inner || !json_is_array(v)) return fail(t, "not an array for", type);
        memcpy(inner, type, il);
        inner[il] = 0;
        rivet_buf b = {0};
        bool ok = buf_reserve(&b, 32 * json_array_size(v) + 1) == RIVET_OK;
        for (size_t i = 0; ok && i < json_array_size(v); i++) {
            uint8_t e[32];
            ok = encode_value(t, inner, json_array_get(v, i), e, depth + 1) &&
                 buf_append(&b, e, 32) == RIVET_OK;
        }
        if (ok) crypto_keccak256(w, b.p, b.n);
        buf_free(&b);
        return ok;
    }
    if (struct_fields(t, type, bl)) return hash_struct(t, type, v, w, depth + 1);
    if (!strcmp(type, "string")) {
        const char *s = json_string_value(v);
        if (!s) return fail(t, "not a string for", type);
        crypto_keccak256(w, s, strlen(s));
        return true;
    }
    if (!strcmp(type, "bool")) {
        w[31] = json_is_true(v) || (json_is_string(v) && !strcmp(json_string_value(v), "true"));
        return json_is_boolean(v) || json_is_string(v) ? true : fail(t, "not a bool for", type);
    }
    if (!strcmp(type, "address")) {
        evm_addr a;
        if (!node_get_addr(v, &a)) return fail(t, "not an address for", type);
        memcpy(w + 12, a.b, 20);
        return true;
    }
    if (!strncmp(type, "bytes", 5)) {
        uint8_t *p;
        size_t n;
        if (!node_get_bytes(v, &p, &n)) return fail(t, "not hex bytes for", type);
        bool fixed = type[5] != 0, ok = !fixed || n <= 32;
        if (fixed && ok)
            memcpy(w, p, n);
        else if (ok)
            crypto_keccak256(w, p, n);
        free(p);
        return ok ? true : fail(t, "too many bytes for", type);
    }
    if (!strncmp(type, "uint", 4) || !strncmp(type, "int", 3)) {
        u256 x;
        if (!number(v, &x)) return fail(t, "not a number for", type);
        u256_to_be(w, x);
        return true;
    }
    return fail(t, "unknown type", type);
}

static bool hash_struct(tctx *t, const char *name, json_t *v, uint8_t out[32], int depth)
{
    char nm[TYPE_NAMES];
    size_t bl = base_len(name);
    json_t *fields = struct_fields(t, name, bl), *f;
    if (!fields || bl >= sizeof nm || !json_is_object(v)) return fail(t, "no struct for", name);
    memcpy(nm, name, bl);
    nm[bl] = 0;
    rivet_buf b = {0};
    uint8_t th[32];
    bool ok = type_hash(t, nm, th) && buf_append(&b, th, 32) == RIVET_OK;
    size_t i;
    json_array_foreach(fields, i, f)
    {
        const char *ft = json_string_value(json_object_get(f, "type"));
        const char *fn = json_string_value(json_object_get(f, "name"));
        uint8_t w[32];
        json_t *fv = fn ? json_object_get(v, fn) : NULL;
        if (!ok) break;
        if (!fv) ok = fail(t, "a value is missing for", fn);
        ok = ok && encode_value(t, ft, fv, w, depth) && buf_append(&b, w, 32) == RIVET_OK;
    }
    if (ok) crypto_keccak256(out, b.p, b.n);
    buf_free(&b);
    return ok;
}

/* The EIP-712 digest of a typed-data object; false with err. */
static bool typed_digest(json_t *td, uint8_t digest[32], char *err, size_t cap)
{
    tctx t = {json_object_get(td, "types"), ""};
    const char *primary = json_string_value(json_object_get(td, "primaryType"));
    uint8_t m[66] = {0x19, 0x01};
    bool ok = json_is_object(t.types) && primary &&
              hash_struct(&t, "EIP712Domain", json_object_get(td, "domain"), m + 2, 0) &&
              (!strcmp(primary, "EIP712Domain") ||
               hash_struct(&t, primary, json_object_get(td, "message"), m + 34, 0));
    if (!ok) {
        snprintf(err, cap, "%s", t.err[0] ? t.err : "types, primaryType, domain and message");
        return false;
    }
    /* a domain-only request hashes to 0x1901 || domainSeparator */
    crypto_keccak256(digest, m, strcmp(primary, "EIP712Domain") ? 66 : 34);
    return true;
}

json_t *node_rpc_sign_typed(node_chain *c, json_t *params, node_err *e)
{
    evm_addr a;
    if (!node_get_addr(ARG(0), &a)) return node_fail(e, -32602, "Invalid params: address");
    json_t *td = ARG(1), *parsed = NULL;
    if (json_is_string(td)) td = parsed = json_loads(json_string_value(td), 0, NULL);
    if (!json_is_object(td)) {
        json_decref(parsed);
        return node_fail(e, -32602, "Invalid params: typed data object");
    }
    uint8_t h[32], sig[65];
    char err[256];
    bool ok = typed_digest(td, h, err, sizeof err);
    json_decref(parsed);
    if (!ok) return node_fail(e, -32602, "Invalid params: typed data: %s", err);
    int k = node_dev_index(c, &a);
    if (k < 0) return node_fail(e, -32000, "no key for account");
    if (node_sign_hash(h, c->dev_key[k], sig) != RIVET_OK)
        return node_fail(e, -32603, "signing failed");
    return node_hexb(sig, 65);
}
