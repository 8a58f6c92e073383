/* anvil's state dump (its SerializableState JSON): `anvil_dumpState` (gzip, hex), `anvil_loadState`
   (gzip or plain), `--dump-state` / `--load-state` files (plain JSON), and `anvil_reset`.
   A dump holds the current block's environment and every account with its nonce, balance, code
   and storage; blocks and transactions are not carried (anvil loads the accounts the same way).
   Loading applies each account as dev edits (balance, nonce, code, slots) to the chain. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "node_impl.h"

#define ARG(i) json_array_get(params, i)

static int by_addr(const void *a, const void *b)
{
    return memcmp((*(const state_account *const *)a)->addr.b,
                  (*(const state_account *const *)b)->addr.b, 20);
}

static int by_key(const void *a, const void *b)
{
    const state_slot *x = *(const state_slot *const *)a, *y = *(const state_slot *const *)b;
    return u256_lt(x->key, y->key) ? -1 : u256_lt(y->key, x->key);
}

static json_t *word(u256 v)
{
    uint8_t b[32];
    u256_to_be(b, v);
    return node_hexb(b, 32);
}

static json_t *account_json(const state_account *a)
{
    json_t *o = json_object(), *st = json_object();
    json_object_set_new(o, "nonce", json_integer((json_int_t)a->nonce));
    json_object_set_new(o, "balance", node_qty256(a->balance));
    json_object_set_new(o, "code", node_hexb(a->code, a->code_len));
    const state_slot **v = malloc((a->storage.n + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; v && i < a->storage.cap; i++)
        if (a->storage.v[i].used && !u256_is_zero(a->storage.v[i].cur)) v[n++] = &a->storage.v[i];
    if (v) qsort(v, n, sizeof *v, by_key);
    for (size_t i = 0; i < n; i++) {
        json_t *k = word(v[i]->key);
        json_object_set_new(st, json_string_value(k), word(v[i]->cur));
        json_decref(k);
    }
    free(v);
    json_object_set_new(o, "storage", st);
    return o;
}

json_t *node_anvil_state(node_chain *c)
{
    const hdr *h = node_head(c);
    json_t *o = json_object(), *env = json_object(), *acc = json_object(), *blob = json_object();
    /* blocks are not carried: the dump claims block 0 (anvil refuses a best block it lacks) */
    json_object_set_new(env, "number", node_qty(0));
    json_object_set_new(env, "beneficiary", node_hexb(h->coinbase, 20));
    json_object_set_new(env, "timestamp", node_qty(h->timestamp));
    json_object_set_new(env, "gas_limit", json_integer((json_int_t)h->gas_limit));
    json_object_set_new(env, "basefee", json_integer((json_int_t)h->base_fee.w[0]));
    json_object_set_new(env, "difficulty", json_string("0x0"));
    json_object_set_new(env, "prevrandao", node_hexb(h->mix_hash, 32));
    json_object_set_new(blob, "excess_blob_gas", json_integer((json_int_t)h->excess_blob_gas));
    json_object_set_new(blob, "blob_gasprice", json_integer(1));
    json_object_set_new(env, "blob_excess_gas_and_price", blob);
    json_object_set_new(o, "block", env);
    const state *s = &c->s;
    const state_account **v = malloc((s->nacc + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; v && i < s->cap; i++)
        if (s->acc[i] && s->acc[i]->exists) v[n++] = s->acc[i];
    if (v) qsort(v, n, sizeof *v, by_addr);
    for (size_t i = 0; i < n; i++) {
        json_t *k = node_addr(&v[i]->addr);
        json_object_set_new(acc, json_string_value(k), account_json(v[i]));
        json_decref(k);
    }
    free(v);
    json_object_set_new(o, "accounts", acc);
    json_object_set_new(o, "best_block_number", node_qty(0));
    json_object_set_new(o, "blocks", json_array());
    json_object_set_new(o, "transactions", json_array());
    json_object_set_new(o, "historical_states", json_null());
    return o;
}

rivet_status node_anvil_dump_file(node_chain *c, const char *path, rivet_diag *d)
{
    json_t *o = node_anvil_state(c);
    int rc = json_dump_file(o, path, JSON_INDENT(2));
    json_decref(o);
    return rc ? rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot write %s", path) : RIVET_OK;
}

/* One account of a dump as dev edits. */
static rivet_status load_account(node_chain *c, const char *key, json_t *a, rivet_diag *d)
{
    evm_addr addr;
    json_t *k = json_string(key);
    bool ok = node_get_addr(k, &addr);
    json_decref(k);
    if (!ok || !json_is_object(a))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "state dump: account %.60s", key);
    u256 bal = U256_ZERO;
    uint64_t nonce = 0;
    json_t *jn = json_object_get(a, "nonce"), *jb = json_object_get(a, "balance");
    if (json_is_integer(jn))
        nonce = (uint64_t)json_integer_value(jn);
    else if (jn && !node_get_qty(jn, &nonce))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "state dump: %s: nonce", key);
    if (jb && !node_get_u256(jb, &bal))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "state dump: %s: balance", key);
    uint8_t w[64], *code = NULL;
    size_t clen = 0;
    json_t *jc = json_object_get(a, "code");
    if (jc && !node_get_bytes(jc, &code, &clen))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "state dump: %s: code", key);
    u256_to_be(w, bal);
    rivet_status st = node_edit(c, NODE_EDIT_BALANCE, &addr, w, 32, d);
    be_store64(w, nonce);
    if (st == RIVET_OK) st = node_edit(c, NODE_EDIT_NONCE, &addr, w, 8, d);
    if (st == RIVET_OK && clen) st = node_edit(c, NODE_EDIT_CODE, &addr, code, clen, d);
    free(code);
    const char *sk;
    json_t *sv;
    json_object_foreach(json_object_get(a, "storage"), sk, sv)
    {
        u256 x, y;
        json_t *ks = json_string(sk);
        ok = node_get_u256(ks, &x) && node_get_u256(sv, &y);
        json_decref(ks);
        if (st != RIVET_OK) break;
        if (!ok)
            return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "state dump: %s: slot %.70s", key, sk);
        u256_to_be(w, x);
        u256_to_be(w + 32, y);
        st = node_edit(c, NODE_EDIT_STORAGE, &addr, w, 64, d);
    }
    return st;
}

rivet_status node_anvil_load_file(node_chain *c, const char *path, rivet_diag *d)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "%s: line %d: %s", path, je.line, je.text);
    rivet_status st = node_anvil_load(c, root, d);
    json_decref(root);
    return st;
}

rivet_status node_anvil_load(node_chain *c, json_t *root, rivet_diag *d)
{
    json_t *acc = json_object_get(root, "accounts");
    if (!json_is_object(acc))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "state dump: no \"accounts\" object");
    const char *k;
    json_t *a;
    rivet_status st = RIVET_OK;
    json_object_foreach(acc, k, a) if (st == RIVET_OK) st = load_account(c, k, a, d);
    return st;
}

/* ---- the RPC methods ------------------------------------------------------------------- */
json_t *node_rpc_dump_state(node_chain *c, json_t *params, node_err *e)
{
    (void)params;
    json_t *o = node_anvil_state(c);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s) return node_fail(e, -32603, "out of memory");
    /* gzip (windowBits 16 + 15), as anvil returns it */
    z_stream z;
    memset(&z, 0, sizeof z);
    size_t len = strlen(s), cap = compressBound((uLong)len) + 64;
    uint8_t *out = malloc(cap);
    json_t *r = NULL;
    if (out && deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
        z.next_in = (Bytef *)s;
        z.avail_in = (uInt)len;
        z.next_out = out;
        z.avail_out = (uInt)cap;
        if (deflate(&z, Z_FINISH) == Z_STREAM_END) r = node_hexb(out, z.total_out);
        deflateEnd(&z);
    }
    free(out);
    free(s);
    return r ? r : node_fail(e, -32603, "compression failed");
}

/* Inflates gzip data (at most 1 GiB out); NULL on error. */
static char *gunzip(const uint8_t *p, size_t n, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 31) != Z_OK) return NULL;
    size_t cap = n * 4 + 1024, len = 0;
    char *b = malloc(cap + 1);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    int rc = Z_OK;
    while (b && rc == Z_OK) {
        if (len == cap) {
            char *g = cap < (1u << 30) ? realloc(b, (cap *= 2) + 1) : NULL;
            if (!g) break;
            b = g;
        }
        z.next_out = (Bytef *)b + len;
        z.avail_out = (uInt)(cap - len);
        rc = inflate(&z, Z_NO_FLUSH);
        len = z.total_out;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(b);
        return NULL;
    }
    b[len] = 0;
    *out_len = len;
    return b;
}

json_t *node_rpc_load_state(node_chain *c, json_t *params, node_err *e)
{
    uint8_t *p;
    size_t n, jl = 0;
    if (!node_get_bytes(ARG(0), &p, &n)) return node_fail(e, -32602, "Invalid params: state hex");
    bool gz = n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
    char *text = gz ? gunzip(p, n, &jl) : NULL;
    json_error_t je;
    json_t *root =
        gz ? (text ? json_loadb(text, jl, 0, &je) : NULL) : json_loadb((char *)p, n, 0, &je);
    free(text);
    free(p);
    if (!root) return node_fail(e, -32602, "Failed to decode state dump");
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status st = node_anvil_load(c, root, &d);
    json_decref(root);
    return st == RIVET_OK ? json_true() : node_fail(e, -32602, "%s", d.msg);
}

/* anvil_reset (no forking): back to genesis; pool, snapshots, filters' positions, impersonation
   and time controls cleared. */
json_t *node_rpc_reset(node_chain *c, json_t *params, node_err *e)
{
    json_t *o = ARG(0);
    if (json_is_object(o) && json_object_get(o, "forking"))
        return node_fail(e, -32602, "Invalid params: forking is not supported");
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_rewind(c, 0, &d) != RIVET_OK) return node_fail(e, -32603, "%s", d.msg);
    node_pool_free(&c->pool);
    c->nsnaps = 0;
    c->nimp = 0;
    c->auto_impersonate = false;
    c->time_offset = 0;
    c->next_timestamp = c->time_floor = 0;
    c->has_next_base_fee = false;
    for (size_t i = 0; i < c->nfilters; i++)
        c->filters[i].next_block = 1;
    return json_null();
}
