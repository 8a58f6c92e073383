/* abi_args.h: static types are one 32-byte head word each; bytes and string put an offset in
   the head and (length, data padded to 32) in the tail. */
#include "abi_args.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/u256.h"

json_t *abi_constructor_inputs(json_t *abi)
{
    size_t i;
    json_t *it;
    json_array_foreach(abi, i, it)
    {
        const char *t = json_string_value(json_object_get(it, "type"));
        if (t && !strcmp(t, "constructor")) return json_object_get(it, "inputs");
    }
    return NULL;
}

/* The N of "uintN"/"intN"/"bytesN" after prefix (0: absent, -1: malformed). */
static int type_size(const char *t, const char *prefix)
{
    size_t p = strlen(prefix);
    if (strncmp(t, prefix, p)) return -1;
    if (!t[p]) return 0;
    char *end;
    long n = strtol(t + p, &end, 10);
    return *end || n <= 0 || n > 256 ? -1 : (int)n;
}

static bool fits_bits(u256 v, int bits)
{
    for (int b = bits; b < 256; b++)
        if (v.w[b / 64] >> (b % 64) & 1) return false;
    return true;
}

static rivet_status word_int(const char *t, const char *v, uint8_t w[32], size_t at, rivet_diag *d)
{
    bool sign = t[0] == 'i';
    int bits = type_size(t, sign ? "int" : "uint");
    if (bits < 0 || bits % 8) return rivet_fail(d, RIVET_EINPUT, at, "type %s not supported", t);
    if (!bits) bits = 256;
    bool neg = sign && v[0] == '-';
    u256 x;
    rivet_diag d2;
    rivet_diag_clear(&d2);
    if (u256_from_str(&x, v + neg, strlen(v + neg), &d2) != RIVET_OK)
        return rivet_fail(d, RIVET_EINPUT, at, "%s value %s: %s", t, v, d2.msg);
    /* magnitudes: uintN < 2^N; intN >= -2^(N-1) and < 2^(N-1) */
    bool ok = fits_bits(x, sign ? bits - 1 : bits);
    if (neg && !ok) ok = fits_bits(u256_sub(x, u256_from_u64(1)), bits - 1);
    if (!ok) return rivet_fail(d, RIVET_ERANGE, at, "%s value %s out of range", t, v);
    u256_to_be(w, neg ? u256_neg(x) : x);
    return RIVET_OK;
}

static rivet_status word_static(const char *t, const char *v, uint8_t w[32], size_t at,
                                rivet_diag *d)
{
    memset(w, 0, 32);
    size_t n;
    if (!strcmp(t, "bool")) {
        if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0"))
            return rivet_fail(d, RIVET_EINPUT, at, "bool value %s: true or false", v);
        w[31] = !strcmp(v, "true") || !strcmp(v, "1");
        return RIVET_OK;
    }
    if (!strcmp(t, "address")) {
        if (hex_decode(w + 12, 20, &n, v, strlen(v), HEX_PREFIX_OPT, d) != RIVET_OK || n != 20)
            return rivet_fail(d, RIVET_EINPUT, at, "address value %s: 20 bytes of hex", v);
        return RIVET_OK;
    }
    int bytes = type_size(t, "bytes");
    if (bytes > 0) {
        if (bytes > 32 ||
            hex_decode(w, (size_t)bytes, &n, v, strlen(v), HEX_PREFIX_OPT, d) != RIVET_OK)
            return rivet_fail(d, RIVET_EINPUT, at, "%s value %s: at most %d bytes of hex", t, v,
                              bytes);
        return RIVET_OK;
    }
    if (!strncmp(t, "uint", 4) || !strncmp(t, "int", 3)) return word_int(t, v, w, at, d);
    return rivet_fail(d, RIVET_EINPUT, at, "type %s not supported", t);
}

rivet_status abi_encode_args(json_t *inputs, char *const *vals, size_t n, rivet_buf *out,
                             rivet_diag *d)
{
    size_t k = json_array_size(inputs);
    if (k != n)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                          "the constructor takes %zu arguments, %zu given", k, n);
    rivet_buf tail = {0};
    size_t base = out->n;
    rivet_status st = buf_reserve(out, 32 * n);
    for (size_t i = 0; i < n && st == RIVET_OK; i++) {
        const char *t = json_string_value(json_object_get(json_array_get(inputs, i), "type"));
        uint8_t w[32] = {0};
        if (!t) t = "?";
        if (!strcmp(t, "string") || !strcmp(t, "bytes")) {
            uint8_t *data = (uint8_t *)vals[i];
            size_t len = strlen(vals[i]);
            bool hex = t[0] == 'b';
            if (hex && hex_decode_alloc(&data, &len, vals[i], strlen(vals[i]), HEX_PREFIX_OPT, d) !=
                           RIVET_OK) {
                st = rivet_fail(d, RIVET_EINPUT, i, "bytes value %s: hex", vals[i]);
                break;
            }
            u256_to_be(w, u256_from_u64(32 * n + tail.n));
            uint8_t lw[32], pad[32] = {0};
            u256_to_be(lw, u256_from_u64(len));
            st = buf_append(&tail, lw, 32);
            if (st == RIVET_OK && len) st = buf_append(&tail, data, len);
            if (st == RIVET_OK && len % 32) st = buf_append(&tail, pad, 32 - len % 32);
            if (hex) free(data);
        } else
            st = word_static(t, vals[i], w, i, d);
        if (st == RIVET_OK) st = buf_append(out, w, 32);
    }
    if (st == RIVET_OK && tail.n) st = buf_append(out, tail.p, tail.n);
    if (st != RIVET_OK) out->n = base;
    buf_free(&tail);
    return st;
}
