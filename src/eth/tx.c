/* Transactions: error names and strict decoding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eth/tx_impl.h"
#include "rivet/rlp.h"

#define TX_EXC "TransactionException."

static const char *const tx_error_names[] = {
#define X(id, fixture) fixture ? TX_EXC #id : #id,
    TX_ERROR_LIST(X)
#undef X
};

const char *tx_error_name(tx_error e)
{
    return (unsigned)e < TX_ERR_COUNT ? tx_error_names[e] : "unknown";
}

/* The name without the "TransactionException." prefix. */
static const char *tx_error_short(tx_error e)
{
    const char *n = tx_error_name(e);
    return strncmp(n, TX_EXC, sizeof TX_EXC - 1) == 0 ? n + sizeof TX_EXC - 1 : n;
}

rivet_status tx_error_status(tx_error e)
{
    if (e == TX_ERR_OK) return RIVET_OK;
    if (e == TX_ERR_NOMEM) return RIVET_ENOMEM;
    return strncmp(tx_error_short(e), "RLP_", 4) == 0 || e == TX_ERR_TYPE_3_TX_WITH_FULL_BLOBS
               ? RIVET_EINPUT
               : RIVET_EINVALID;
}

/* Synonyms: the suites use different names for one rule in different test kinds. */
static tx_error tx_error_canon(tx_error e)
{
    switch (e) {
    case TX_ERR_NONCE_IS_MAX: return TX_ERR_NONCE_TOO_BIG;
    case TX_ERR_TYPE_3_TX_PRE_FORK:
    case TX_ERR_TYPE_3_TX_ZERO_BLOBS_PRE_FORK:
    case TX_ERR_TYPE_4_TX_PRE_FORK: return TX_ERR_TYPE_NOT_SUPPORTED;
    case TX_ERR_PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2:
        return TX_ERR_PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS;
    default: return e;
    }
}

bool tx_error_matches(tx_error e, const char *expected)
{
    if (e == TX_ERR_OK || e == TX_ERR_NOMEM || !expected) return false;
    for (const char *p = expected; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        for (int i = TX_ERR_TYPE_NOT_SUPPORTED; i < TX_ERR_COUNT; i++)
            if (strlen(tx_error_names[i]) == n && memcmp(tx_error_names[i], p, n) == 0 &&
                tx_error_canon((tx_error)i) == tx_error_canon(e))
                return true;
        p += n + (bar != NULL);
    }
    return false;
}

/* ---- decoding ---- */

static const char *const tx_field_names[] = {
#define X(id, name, e_list, e_lz, e_wide) name,
    TX_FIELD_LIST(X)
#undef X
};
static const tx_error tx_field_errs[][3] = {
#define X(id, name, e_list, e_lz, e_wide) {TX_ERR_##e_list, TX_ERR_##e_lz, TX_ERR_##e_wide},
    TX_FIELD_LIST(X)
#undef X
};

tx_error tx_fail(rivet_diag *d, tx_error e, size_t pos, const char *what)
{
    if (pos == RIVET_NOPOS)
        rivet_fail(d, tx_error_status(e), pos, "%s: %s", tx_error_short(e), what);
    else
        rivet_fail(d, tx_error_status(e), pos, "%s: %s at byte %zu", tx_error_short(e), what, pos);
    return e;
}

/* Names an RLP failure of an item starting at p (len bytes left) by looking at its header. */
static tx_error tx_rlp_error(const uint8_t *p, size_t len)
{
    if (len == 0) return TX_ERR_RLP_ERROR_EOF;
    uint8_t b = p[0];
    if ((b >= 0xb8 && b < 0xc0) || b >= 0xf8) {
        size_t ll = b - (b >= 0xf8 ? 0xf7u : 0xb7u);
        if (ll >= len) return TX_ERR_RLP_ERROR_EOF;
        if (p[1] == 0) return TX_ERR_RLP_ERROR_SIZE_LEADING_ZEROS;
    }
    return TX_ERR_RLP_ERROR_SIZE;
}

/* Names the first field of a transaction list whose RLP is malformed. */
static tx_error tx_bad_field(const tx_layout *lay, const rlp_item *list, rivet_diag *d)
{
    const uint8_t *p = list->p, *end = list->p + list->len;
    for (size_t i = 0; p < end; i++) {
        rlp_item it;
        size_t used, left = (size_t)(end - p), off = list->off + list->hdr + (size_t)(p - list->p);
        rivet_diag rd;
        rivet_diag_clear(&rd);
        if (rlp_decode_item(p, left, off, &it, &used, &rd) != RIVET_OK) {
            tx_error e = tx_rlp_error(p, left);
            bool lz_size = e == TX_ERR_RLP_ERROR_SIZE_LEADING_ZEROS ||
                           (p[0] == 0x81 && left > 1 && p[1] < 0x80);
            tx_field f = i < lay->n ? (tx_field)lay->fields[i] : TXF_COUNT;
            if (lz_size && f == TXF_NONCE) e = TX_ERR_RLP_LEADING_ZEROS_NONCE_SIZE;
            if (lz_size && f == TXF_DATA) e = TX_ERR_RLP_LEADING_ZEROS_DATA_SIZE;
            char what[300];
            snprintf(what, sizeof what, "%s (%s)", f < TXF_COUNT ? tx_field_names[f] : "field",
                     rd.msg);
            return tx_fail(d, e, off, what);
        }
        p += used;
    }
    return tx_fail(d, TX_ERR_RLP_ERROR_SIZE, list->off, "transaction fields");
}

/* An integer field of at most `max` bytes. Like the reference clients, 64-bit fields report
   width before leading zeros and 256-bit fields the other way round. */
static tx_error tx_int(const rlp_item *it, tx_field f, size_t max, rivet_diag *d)
{
    if (it->list) return tx_fail(d, tx_field_errs[f][0], it->off, tx_field_names[f]);
    if (max <= 8 && it->len > max)
        return tx_fail(d, tx_field_errs[f][2], it->off, tx_field_names[f]);
    if (it->len > 0 && it->p[0] == 0)
        return tx_fail(d, tx_field_errs[f][1], it->off, tx_field_names[f]);
    if (it->len > max) return tx_fail(d, tx_field_errs[f][2], it->off, tx_field_names[f]);
    return TX_ERR_OK;
}

static tx_error tx_get_u256(const rlp_item *it, tx_field f, u256 *v, rivet_diag *d)
{
    tx_error e = tx_int(it, f, 32, d);
    if (e == TX_ERR_OK) *v = u256_from_be(it->p, it->len);
    return e;
}

static tx_error tx_get_u64(const rlp_item *it, tx_field f, uint64_t *v, rivet_diag *d)
{
    tx_error e = tx_int(it, f, 8, d);
    if (e == TX_ERR_OK) *v = u256_from_be(it->p, it->len).w[0];
    return e;
}

/* A string of exactly n bytes; too_short/too_long name the size errors. */
static tx_error tx_get_fixed(const rlp_item *it, uint8_t *out, size_t n, tx_error not_string,
                             tx_error too_short, tx_error too_long, const char *what, rivet_diag *d)
{
    if (it->list) return tx_fail(d, not_string, it->off, what);
    if (it->len != n) return tx_fail(d, it->len < n ? too_short : too_long, it->off, what);
    if (out) memcpy(out, it->p, n);
    return TX_ERR_OK;
}

/* A well-formed list; *n gets its item count. */
static tx_error tx_list(const rlp_item *it, size_t *n, tx_error e, const char *what, rivet_diag *d)
{
    if (!it->list) return tx_fail(d, e, it->off, what);
    if (rlp_list_count(it, n, d) != RIVET_OK) return tx_fail(d, e, it->off, what);
    return TX_ERR_OK;
}

/* The lists of a tx, counted in a first pass (fill false) and copied in a second. */
typedef struct tx_lists {
    size_t access, keys, blobs, auths;
    tx_access *access_p;
    uint8_t (*keys_p)[32];
    uint8_t (*blobs_p)[32];
    tx_auth *auths_p;
} tx_lists;

static tx_error tx_access_list(const rlp_item *list, tx_lists *l, bool fill, rivet_diag *d)
{
    size_t n;
    tx_error e = tx_list(list, &n, TX_ERR_RLP_ERROR_SIZE, "accessList", d);
    rlp_iter it;
    rlp_item entry, parts[2];
    rlp_iter_init(&it, list);
    for (size_t i = 0; e == TX_ERR_OK && i < n; i++) {
        if (rlp_iter_next(&it, &entry, d) != RIVET_OK || !entry.list ||
            rlp_list_items(&entry, parts, 2, NULL, d) != RIVET_OK)
            return tx_fail(d, TX_ERR_RLP_ERROR_SIZE, entry.off, "access list entry");
        tx_access *a = fill ? &l->access_p[l->access] : NULL;
        e = tx_get_fixed(&parts[0], a ? a->addr : NULL, 20, TX_ERR_RLP_ERROR_SIZE,
                         TX_ERR_RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT,
                         TX_ERR_RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG, "access list address", d);
        size_t nk;
        if (e == TX_ERR_OK) e = tx_list(&parts[1], &nk, TX_ERR_RLP_ERROR_SIZE, "storage keys", d);
        if (e != TX_ERR_OK) return e;
        if (a) {
            a->nkeys = nk;
            a->keys = (const uint8_t(*)[32])(l->keys_p + l->keys);
        }
        rlp_iter kit;
        rlp_item key;
        rlp_iter_init(&kit, &parts[1]);
        for (size_t k = 0; e == TX_ERR_OK && k < nk; k++) {
            if (rlp_iter_next(&kit, &key, d) != RIVET_OK)
                return tx_fail(d, TX_ERR_RLP_ERROR_SIZE, parts[1].off, "storage keys");
            e = tx_get_fixed(&key, fill ? l->keys_p[l->keys] : NULL, 32, TX_ERR_RLP_ERROR_SIZE,
                             TX_ERR_RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT,
                             TX_ERR_RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG, "storage key", d);
            l->keys++;
        }
        l->access++;
    }
    return e;
}

static tx_error tx_blob_list(const rlp_item *list, tx_lists *l, bool fill, rivet_diag *d)
{
    size_t n;
    tx_error e = tx_list(list, &n, TX_ERR_RLP_ERROR_SIZE, "blobVersionedHashes", d);
    rlp_iter it;
    rlp_item h;
    rlp_iter_init(&it, list);
    for (size_t i = 0; e == TX_ERR_OK && i < n; i++) {
        if (rlp_iter_next(&it, &h, d) != RIVET_OK)
            return tx_fail(d, TX_ERR_RLP_ERROR_SIZE, list->off, "blob versioned hashes");
        e = tx_get_fixed(&h, fill ? l->blobs_p[l->blobs] : NULL, 32, TX_ERR_RLP_ERROR_SIZE,
                         TX_ERR_RLP_ERROR_SIZE, TX_ERR_RLP_ERROR_SIZE, "blob versioned hash", d);
        l->blobs++;
    }
    return e;
}

static tx_error tx_auth_list(const rlp_item *list, tx_lists *l, bool fill, rivet_diag *d)
{
    const tx_error bad = TX_ERR_TYPE_4_INVALID_AUTHORIZATION_FORMAT;
    size_t n;
    tx_error e = tx_list(list, &n, bad, "authorizationList", d);
    rlp_iter it;
    rlp_item entry, f[6];
    rlp_iter_init(&it, list);
    for (size_t i = 0; e == TX_ERR_OK && i < n; i++) {
        if (rlp_iter_next(&it, &entry, d) != RIVET_OK || !entry.list ||
            rlp_list_items(&entry, f, 6, NULL, d) != RIVET_OK)
            return tx_fail(d, bad, entry.off, "authorization tuple");
        tx_auth tmp, *a = fill ? &l->auths_p[l->auths] : &tmp;
        bool ok = tx_int(&f[0], TXF_AUTHS, 32, d) == TX_ERR_OK &&
                  tx_get_fixed(&f[1], a->addr, 20, bad, bad, bad, "authorization address", d) ==
                      TX_ERR_OK &&
                  tx_int(&f[2], TXF_AUTHS, 8, d) == TX_ERR_OK &&
                  tx_int(&f[3], TXF_AUTHS, 1, d) == TX_ERR_OK &&
                  tx_int(&f[4], TXF_AUTHS, 32, d) == TX_ERR_OK &&
                  tx_int(&f[5], TXF_AUTHS, 32, d) == TX_ERR_OK;
        if (!ok) return bad;
        a->chain_id = u256_from_be(f[0].p, f[0].len);
        a->nonce = u256_from_be(f[2].p, f[2].len).w[0];
        a->y_parity = f[3].len ? f[3].p[0] : 0;
        a->r = u256_from_be(f[4].p, f[4].len);
        a->s = u256_from_be(f[5].p, f[5].len);
        l->auths++;
    }
    return e;
}

/* Reads (fill = false: checks and counts) the fields of a transaction list. */
static tx_error tx_fields(const tx_layout *lay, const rlp_item *items, tx *t, tx_lists *l,
                          bool fill, rivet_diag *d)
{
    tx_error e = TX_ERR_OK;
    for (size_t i = 0; e == TX_ERR_OK && i < lay->n; i++) {
        const rlp_item *it = &items[i];
        tx_field f = lay->fields[i];
        switch (f) {
        case TXF_CHAIN_ID: e = tx_get_u256(it, f, &t->chain_id, d); break;
        case TXF_NONCE: e = tx_get_u64(it, f, &t->nonce, d); break;
        case TXF_GAS_PRICE:
            e = tx_get_u256(it, f, &t->max_fee, d);
            t->max_priority_fee = t->max_fee;
            break;
        case TXF_PRIORITY: e = tx_get_u256(it, f, &t->max_priority_fee, d); break;
        case TXF_MAX_FEE: e = tx_get_u256(it, f, &t->max_fee, d); break;
        case TXF_GAS: e = tx_get_u64(it, f, &t->gas_limit, d); break;
        case TXF_TO:
            t->create = !it->list && it->len == 0;
            if (!t->create)
                e = tx_get_fixed(it, t->to, 20, TX_ERR_RLP_INVALID_TO, TX_ERR_ADDRESS_TOO_SHORT,
                                 TX_ERR_ADDRESS_TOO_LONG, "to", d);
            break;
        case TXF_VALUE: e = tx_get_u256(it, f, &t->value, d); break;
        case TXF_DATA:
            if (it->list) e = tx_fail(d, TX_ERR_RLP_INVALID_DATA, it->off, "data");
            t->data = it->p;
            t->data_len = it->len;
            break;
        case TXF_ACCESS: e = tx_access_list(it, l, fill, d); break;
        case TXF_BLOB_FEE: e = tx_get_u256(it, f, &t->max_fee_per_blob_gas, d); break;
        case TXF_BLOBS: e = tx_blob_list(it, l, fill, d); break;
        case TXF_AUTHS: e = tx_auth_list(it, l, fill, d); break;
        case TXF_V: e = tx_get_u256(it, f, &t->v, d); break;
        case TXF_R: e = tx_get_u256(it, f, &t->r, d); break;
        case TXF_S: e = tx_get_u256(it, f, &t->s, d); break;
        case TXF_COUNT: break;
        }
    }
    return e;
}

/* Copies the lists into one block owned by the tx. */
static tx_error tx_fill_lists(const tx_layout *lay, const rlp_item *items, tx *t,
                              const tx_lists *count, rivet_diag *d)
{
    size_t size = count->access * sizeof(tx_access) + count->auths * sizeof(tx_auth) +
                  (count->keys + count->blobs) * 32;
    if (size == 0) return TX_ERR_OK;
    uint8_t *mem = malloc(size);
    if (!mem) return tx_fail(d, TX_ERR_NOMEM, RIVET_NOPOS, "transaction lists");
    tx_lists l = {0};
    l.access_p = (tx_access *)mem;
    l.auths_p = (tx_auth *)(l.access_p + count->access);
    l.keys_p = (uint8_t(*)[32])(l.auths_p + count->auths);
    l.blobs_p = l.keys_p + count->keys;
    t->mem = mem;
    tx_error e = tx_fields(lay, items, t, &l, true, d);
    t->access = count->access ? l.access_p : NULL;
    t->access_len = count->access;
    t->auths = count->auths ? l.auths_p : NULL;
    t->auths_len = count->auths;
    t->blob_hashes = count->blobs ? (const uint8_t(*)[32])l.blobs_p : NULL;
    t->blob_hashes_len = count->blobs;
    return e;
}

tx_error tx_decode(const uint8_t *in, size_t len, tx *out, rivet_diag *d)
{
    memset(out, 0, sizeof *out);
    if (len == 0) return tx_fail(d, TX_ERR_RLP_ERROR_EOF, 0, "empty input");
    size_t start = 0;
    if (in[0] == TX_LEGACY) {
        return tx_fail(d, TX_ERR_TYPE_NOT_SUPPORTED, 0, "type 0 has no envelope");
    } else if (in[0] < 0x80) {
        out->type = in[0];
        start = 1;
    } else if (in[0] < 0xc0) {
        rlp_item str;
        size_t used;
        if (rlp_decode_item(in, len, 0, &str, &used, d) != RIVET_OK)
            return tx_fail(d, tx_rlp_error(in, len), 0, "transaction rlp");
        return tx_fail(d, TX_ERR_TYPE_NOT_SUPPORTED, 0,
                       "a string is neither a legacy list nor a typed envelope");
    }
    const tx_layout *lay = tx_layout_of(out->type);
    if (!lay) return tx_fail(d, TX_ERR_TYPE_NOT_SUPPORTED, 0, "unknown transaction type");
    rlp_item list;
    size_t used;
    if (rlp_decode_item(in + start, len - start, start, &list, &used, d) != RIVET_OK)
        return tx_fail(d, tx_rlp_error(in + start, len - start), start, "transaction rlp");
    if (!list.list)
        return tx_fail(d, TX_ERR_RLP_INVALID_HEADER, start, "transaction payload is not a list");
    if (used != len - start)
        return tx_fail(d, TX_ERR_RLP_ERROR_SIZE, start + used, "trailing bytes");
    rlp_item items[16];
    size_t n;
    if (out->type == TX_BLOB && list.len > 0 && list.p[0] >= 0xc0)
        return tx_fail(d, TX_ERR_TYPE_3_TX_WITH_FULL_BLOBS, start,
                       "network wrapper form (tx, blobs, commitments, proofs)");
    if (rlp_list_count(&list, &n, NULL) != RIVET_OK) return tx_bad_field(lay, &list, d);
    if (n != lay->n)
        return tx_fail(d, n < lay->n ? TX_ERR_RLP_TOO_FEW_ELEMENTS : TX_ERR_RLP_TOO_MANY_ELEMENTS,
                       start, "transaction field count");
    if (rlp_list_items(&list, items, n, NULL, d) != RIVET_OK) return tx_bad_field(lay, &list, d);
    tx_lists count = {0};
    tx_error e = tx_fields(lay, items, out, &count, false, d);
    if (e == TX_ERR_OK) e = tx_fill_lists(lay, items, out, &count, d);
    if (e == TX_ERR_OK && out->type == TX_LEGACY && u256_gt(out->v, u256_from_u64(34)))
        out->chain_id = u256_shr_n(u256_sub(out->v, u256_from_u64(35)), 1);
    if (e != TX_ERR_OK) tx_free(out);
    return e;
}

void tx_free(tx *t)
{
    free(t->mem);
    t->mem = NULL;
    t->access = NULL;
    t->auths = NULL;
    t->blob_hashes = NULL;
    t->access_len = t->auths_len = t->blob_hashes_len = 0;
}
