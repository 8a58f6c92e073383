/* One transaction from JSON (eth_getBlockByNumber's objects, scroll's current and legacy shapes),
   encoded with tx_encode; its "hash", when given, must be keccak of that encoding. */
#include <jansson.h> /* host only: keeps this file out of the guest build */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eth/wit_json_impl.h"
#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/tx.h"

bool wit_js_fail(wj *j, const char *fmt, ...)
{
    if (j->d && j->d->code == RIVET_OK) {
        char m[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m, sizeof m, fmt, ap);
        va_end(ap);
        rivet_fail(j->d, RIVET_EINPUT, RIVET_NOPOS, "JSON: %s", m);
    }
    return false;
}

/* What a transaction borrows while it is encoded. */
typedef struct wit_js_lists {
    tx_access *access;
    uint8_t (*keys)[32];
    uint8_t (*blobs)[32];
    tx_auth *auths;
} wit_js_lists;

static bool wit_js_access(wj *j, json_t *arr, tx *t, wit_js_lists *l)
{
    if (arr && !json_is_array(arr))
        return wit_js_fail(j, "tx %zu: accessList is not an array", j->index);
    size_t n = json_array_size(arr), total = 0, i;
    json_t *e;
    json_array_foreach(arr, i, e)
    {
        total += json_array_size(wit_js_get(e, "storageKeys", "storage_keys"));
    }
    l->access = calloc(n ? n : 1, sizeof *l->access);
    l->keys = calloc(total ? total : 1, 32);
    if (!l->access || !l->keys) return wit_js_fail(j, "out of memory");
    size_t used = 0;
    json_array_foreach(arr, i, e)
    {
        tx_access *a = &l->access[i];
        json_t *keys = wit_js_get(e, "storageKeys", "storage_keys"), *k;
        if (!wit_js_fixed(j, wit_js_get(e, "address", NULL), a->addr, 20, "access list address"))
            return false;
        if (keys && !json_is_array(keys)) return wit_js_fail(j, "storageKeys: not an array");
        a->keys = (const uint8_t(*)[32])l->keys[used];
        size_t x;
        json_array_foreach(keys, x, k)
        {
            if (!wit_js_fixed(j, k, l->keys[used++], 32, "storage key")) return false;
            a->nkeys++;
        }
    }
    t->access = l->access;
    t->access_len = n;
    return true;
}

static bool wit_js_blobs(wj *j, json_t *arr, tx *t, wit_js_lists *l)
{
    size_t n = json_array_size(arr), i;
    json_t *e;
    if (!(l->blobs = calloc(n ? n : 1, 32))) return wit_js_fail(j, "out of memory");
    json_array_foreach(arr, i,
                       e) if (!wit_js_fixed(j, e, l->blobs[i], 32, "blob hash")) return false;
    t->blob_hashes = (const uint8_t(*)[32])l->blobs;
    t->blob_hashes_len = n;
    return true;
}

static bool wit_js_auths(wj *j, json_t *arr, tx *t, wit_js_lists *l)
{
    size_t n = json_array_size(arr), i;
    json_t *e;
    if (!(l->auths = calloc(n ? n : 1, sizeof *l->auths))) return wit_js_fail(j, "out of memory");
    json_array_foreach(arr, i, e)
    {
        tx_auth *a = &l->auths[i];
        json_t *y = wit_js_get(e, "yParity", "y_parity");
        u256 yp;
        if (!wit_js_u256(j, wit_js_get(e, "chainId", "chain_id"), &a->chain_id, "auth chainId") ||
            !wit_js_fixed(j, wit_js_get(e, "address", NULL), a->addr, 20, "auth address") ||
            !wit_js_u64(j, wit_js_get(e, "nonce", NULL), &a->nonce, "auth nonce") ||
            !wit_js_u256(j, y ? y : wit_js_get(e, "v", NULL), &yp, "auth yParity") ||
            !wit_js_u256(j, wit_js_get(e, "r", NULL), &a->r, "auth r") ||
            !wit_js_u256(j, wit_js_get(e, "s", NULL), &a->s, "auth s"))
            return false;
        if (!u256_fits64(yp) || yp.w[0] > 255) return wit_js_fail(j, "auth yParity too large");
        a->y_parity = (uint8_t)yp.w[0];
    }
    t->auths = l->auths;
    t->auths_len = n;
    return true;
}

/* r, s and v (legacy: the raw v, or 27/35+2c from a y parity), flattened or in "signature". */
static bool wit_js_signature(wj *j, json_t *o, tx *t, bool has_chain)
{
    json_t *sig = wit_js_get(o, "signature", NULL);
    json_t *s = sig ? sig : o;
    json_t *v = wit_js_get(s, "v", NULL), *y = wit_js_get(s, "yParity", "y_parity");
    if (!wit_js_u256(j, wit_js_get(s, "r", NULL), &t->r, "r") ||
        !wit_js_u256(j, wit_js_get(s, "s", NULL), &t->s, "s"))
        return false;
    u256 parity;
    if (t->type == TX_LEGACY && v) return wit_js_u256(j, v, &t->v, "v");
    if (!wit_js_u256(j, y ? y : v, &parity, "yParity")) return false;
    if (t->type != TX_LEGACY) {
        t->v = parity;
        return true;
    }
    u256 base = has_chain ? u256_add(u256_add(t->chain_id, t->chain_id), u256_from_u64(35))
                          : u256_from_u64(27);
    t->v = u256_add(base, parity);
    return true;
}

static bool wit_js_tx_fields(wj *j, json_t *o, tx *t, wit_js_lists *l)
{
    uint64_t type = 0;
    json_t *v = wit_js_get(o, "type", "transaction_type");
    if (v && !wit_js_u64(j, v, &type, "type")) return false;
    if (type > TX_SET_CODE)
        return wit_js_fail(j, "tx %zu: type %llu", j->index, (unsigned long long)type);
    t->type = (uint8_t)type;
    json_t *cid = wit_js_get(o, "chainId", "chain_id");
    if (cid && !wit_js_u256(j, cid, &t->chain_id, "chainId")) return false;
    if (!cid && type != TX_LEGACY) return wit_js_fail(j, "tx %zu: no chainId", j->index);
    json_t *gas = wit_js_get(o, "gas", "gas_limit");
    if (!wit_js_u64(j, wit_js_get(o, "nonce", NULL), &t->nonce, "nonce") ||
        !wit_js_u64(j, gas ? gas : wit_js_get(o, "gasLimit", NULL), &t->gas_limit, "gas") ||
        !wit_js_u256(j, wit_js_get(o, "value", NULL), &t->value, "value"))
        return false;
    if (type <= TX_ACCESS_LIST) {
        if (!wit_js_u256(j, wit_js_get(o, "gasPrice", "gas_price"), &t->max_fee, "gasPrice"))
            return false;
        t->max_priority_fee = t->max_fee;
    } else if (!wit_js_u256(j, wit_js_get(o, "maxFeePerGas", "max_fee_per_gas"), &t->max_fee,
                            "maxFeePerGas") ||
               !wit_js_u256(j, wit_js_get(o, "maxPriorityFeePerGas", "max_priority_fee_per_gas"),
                            &t->max_priority_fee, "maxPriorityFeePerGas")) {
        return false;
    }
    if ((v = wit_js_get(o, "to", NULL))) {
        if (!wit_js_fixed(j, v, t->to, 20, "to")) return false;
    } else {
        t->create = true;
    }
    json_t *in = wit_js_get(o, "input", "data");
    if (!json_is_string(in)) return wit_js_fail(j, "tx %zu: no input", j->index);
    uint8_t *data;
    if (hex_decode_alloc(&data, &t->data_len, json_string_value(in), json_string_length(in),
                         HEX_PREFIX_OPT, NULL) != RIVET_OK)
        return wit_js_fail(j, "tx %zu: input is not hex", j->index);
    t->data = data;
    json_t *al = wit_js_get(o, "accessList", "access_list");
    if (type != TX_LEGACY && !wit_js_access(j, al, t, l)) return false;
    if (type == TX_BLOB &&
        (!wit_js_u256(j, wit_js_get(o, "maxFeePerBlobGas", "max_fee_per_blob_gas"),
                      &t->max_fee_per_blob_gas, "maxFeePerBlobGas") ||
         !wit_js_blobs(j, wit_js_get(o, "blobVersionedHashes", "blob_versioned_hashes"), t, l)))
        return false;
    if (type == TX_SET_CODE &&
        !wit_js_auths(j, wit_js_get(o, "authorizationList", "authorization_list"), t, l))
        return false;
    return wit_js_signature(j, o, t, cid != NULL);
}

bool wit_js_tx(wj *j, json_t *o, rivet_buf *out)
{
    tx t;
    memset(&t, 0, sizeof t);
    wit_js_lists l = {0};
    rivet_buf enc = {0};
    bool ok = json_is_object(o) ? wit_js_tx_fields(j, o, &t, &l)
                                : wit_js_fail(j, "tx %zu is not an object", j->index);
    if (ok && tx_encode(&t, &enc) != RIVET_OK) ok = wit_js_fail(j, "out of memory");
    json_t *hv = ok ? wit_js_get(o, "hash", NULL) : NULL;
    uint8_t want[32], got[32];
    if (hv && (ok = wit_js_fixed(j, hv, want, 32, "tx hash"))) {
        crypto_keccak256(got, enc.p, enc.n);
        if (memcmp(got, want, 32) != 0)
            ok = wit_js_fail(j, "tx %zu: its fields do not hash to its \"hash\"", j->index);
    }
    if (ok && (t.type == TX_LEGACY ? rlp_put_raw(out, enc.p, enc.n)
                                   : rlp_put_bytes(out, enc.p, enc.n)) != RIVET_OK)
        ok = wit_js_fail(j, "out of memory");
    free((void *)t.data);
    free(l.access);
    free(l.keys);
    free(l.blobs);
    free(l.auths);
    buf_free(&enc);
    return ok;
}
