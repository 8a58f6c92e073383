/* Blocks: strict decoding of [header, transactions, ommers, withdrawals, block access list]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/block.h"
#include "rivet/crypto.h"

static blk_bytes blk_whole(const rlp_item *it)
{
    return (blk_bytes){it->p - it->hdr, it->hdr + it->len};
}

static blk_error blk_fail(rivet_diag *d, blk_error e, size_t pos, const char *what, size_t i)
{
    rivet_fail(d, blk_error_status(e), pos, "%s: %s %zu", blk_error_name(e), what, i);
    return e;
}

/* Counts a list's items into *n after allocating `each` bytes per item into *arr. */
static blk_error blk_alloc_list(const rlp_item *list, void **arr, size_t each, size_t *n,
                                rivet_diag *d)
{
    if (!list->list)
        return blk_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, list->off, "not a list", 0);
    if (rlp_list_count(list, n, d) != RIVET_OK) return BLK_ERR_RLP_STRUCTURES_ENCODING;
    *arr = calloc(*n ? *n : 1, each);
    return *arr ? BLK_ERR_OK : BLK_ERR_NOMEM;
}

static blk_error blk_decode_txs(const rlp_item *list, blk *b, rivet_diag *d)
{
    blk_error e = blk_alloc_list(list, (void **)&b->tx_raw, sizeof *b->tx_raw, &b->ntx, d);
    if (e != BLK_ERR_OK) return e;
    if (!(b->txs = calloc(b->ntx ? b->ntx : 1, sizeof *b->txs))) return BLK_ERR_NOMEM;
    rlp_iter it;
    rlp_iter_init(&it, list);
    for (size_t i = 0; i < b->ntx; i++) {
        rlp_item t;
        if (rlp_iter_next(&it, &t, d) != RIVET_OK) return BLK_ERR_RLP_STRUCTURES_ENCODING;
        /* typed: a string holding type || payload; legacy: the list itself */
        if (!t.list && (t.len == 0 || t.p[0] >= 0x80))
            return blk_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, t.off,
                            "transaction is a string without a type byte:", i);
        b->tx_raw[i] = t.list ? blk_whole(&t) : (blk_bytes){t.p, t.len};
        rivet_diag td = {0};
        tx_error te = tx_decode(b->tx_raw[i].p, b->tx_raw[i].len, &b->txs[i], &td);
        if (te != TX_ERR_OK) {
            if (te == TX_ERR_NOMEM) return BLK_ERR_NOMEM;
            rivet_fail(d, RIVET_EINPUT, t.off,
                       "RLP_STRUCTURES_ENCODING: transaction %zu does not decode: %s (%s)", i,
                       tx_error_name(te), td.msg);
            return BLK_ERR_RLP_STRUCTURES_ENCODING;
        }
    }
    return BLK_ERR_OK;
}

static blk_error blk_decode_ommers(const rlp_item *list, blk *b, rivet_diag *d)
{
    b->ommers_list = blk_whole(list);
    blk_error e = blk_alloc_list(list, (void **)&b->ommers, sizeof *b->ommers, &b->nommers, d);
    if (e != BLK_ERR_OK) return e;
    if (!(b->ommers_rlp = calloc(b->nommers ? b->nommers : 1, sizeof *b->ommers_rlp)))
        return BLK_ERR_NOMEM;
    rlp_iter it;
    rlp_iter_init(&it, list);
    for (size_t i = 0; i < b->nommers; i++) {
        rlp_item o;
        if (rlp_iter_next(&it, &o, d) != RIVET_OK) return BLK_ERR_RLP_STRUCTURES_ENCODING;
        b->ommers_rlp[i] = blk_whole(&o);
        if ((e = hdr_decode_item(&o, &b->ommers[i], d)) != BLK_ERR_OK) return e;
    }
    return BLK_ERR_OK;
}

static blk_error blk_decode_withdrawal(const rlp_item *w, blk_withdrawal *out, rivet_diag *d)
{
    rlp_item f[4];
    if (!w->list || rlp_list_items(w, f, 4, NULL, d) != RIVET_OK)
        return blk_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, w->off, "withdrawal at byte", w->off);
    uint64_t *ints[] = {&out->index, &out->validator, NULL, &out->amount};
    for (int i = 0; i < 4; i++) {
        if (f[i].list)
            return blk_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, f[i].off, "withdrawal field",
                            (size_t)i);
        if (i == 2) {
            if (f[i].len != 20)
                return blk_fail(d, BLK_ERR_RLP_INVALID_ADDRESS, f[i].off,
                                "withdrawal address of length", f[i].len);
            memcpy(out->address, f[i].p, 20);
        } else if (f[i].len > 8) {
            return blk_fail(d, BLK_ERR_RLP_INVALID_FIELD_OVERFLOW_64, f[i].off, "withdrawal field",
                            (size_t)i);
        } else if (rlp_get_u64(&f[i], ints[i], d) != RIVET_OK) {
            return BLK_ERR_RLP_STRUCTURES_ENCODING;
        }
    }
    return BLK_ERR_OK;
}

static blk_error blk_decode_withdrawals(const rlp_item *list, blk *b, rivet_diag *d)
{
    b->has_withdrawals = true;
    blk_error e =
        blk_alloc_list(list, (void **)&b->withdrawals, sizeof *b->withdrawals, &b->nwithdrawals, d);
    if (e != BLK_ERR_OK) return e;
    if (!(b->withdrawals_rlp = calloc(b->nwithdrawals ? b->nwithdrawals : 1, sizeof(blk_bytes))))
        return BLK_ERR_NOMEM;
    rlp_iter it;
    rlp_iter_init(&it, list);
    for (size_t i = 0; i < b->nwithdrawals; i++) {
        rlp_item w;
        if (rlp_iter_next(&it, &w, d) != RIVET_OK) return BLK_ERR_RLP_STRUCTURES_ENCODING;
        b->withdrawals_rlp[i] = blk_whole(&w);
        if ((e = blk_decode_withdrawal(&w, &b->withdrawals[i], d)) != BLK_ERR_OK) return e;
    }
    return BLK_ERR_OK;
}

static blk_error blk_decode_parts(const uint8_t *in, size_t len, blk *b, rivet_diag *d)
{
    rlp_item top, parts[5];
    size_t n = 0;
    if (rlp_decode(in, len, &top, d) != RIVET_OK) return BLK_ERR_RLP_STRUCTURES_ENCODING;
    if (!top.list) return blk_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, 0, "block is not a list", 0);
    if (rlp_list_items(&top, parts, 5, &n, d) != RIVET_OK) return BLK_ERR_RLP_STRUCTURES_ENCODING;
    size_t more = 0;
    if (rlp_list_count(&top, &more, d) != RIVET_OK) return BLK_ERR_RLP_STRUCTURES_ENCODING;
    if (n < 3 || more > 5)
        return blk_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, 0, "block list items:", more);
    b->raw = (blk_bytes){in, len};
    b->header_rlp = blk_whole(&parts[0]);
    blk_error e = hdr_decode_item(&parts[0], &b->header, d);
    if (e != BLK_ERR_OK) return e;
    crypto_keccak256(b->hash, b->header_rlp.p, b->header_rlp.len);
    if ((e = blk_decode_txs(&parts[1], b, d)) != BLK_ERR_OK) return e;
    if ((e = blk_decode_ommers(&parts[2], b, d)) != BLK_ERR_OK) return e;
    if (n > 3 && (e = blk_decode_withdrawals(&parts[3], b, d)) != BLK_ERR_OK) return e;
    if (n > 4) {
        if (!parts[4].list)
            return blk_fail(d, BLK_ERR_RLP_STRUCTURES_ENCODING, parts[4].off,
                            "block access list is not a list, item", 4);
        b->bal = blk_whole(&parts[4]);
        b->has_bal = true;
    }
    return BLK_ERR_OK;
}

blk_error blk_decode(const uint8_t *in, size_t len, blk *b, rivet_diag *d)
{
    memset(b, 0, sizeof *b);
    blk_error e = blk_decode_parts(in, len, b, d);
    if (e != BLK_ERR_OK) blk_free(b);
    return e;
}

void blk_free(blk *b)
{
    if (!b) return;
    for (size_t i = 0; b->txs && i < b->ntx; i++)
        tx_free(&b->txs[i]);
    free(b->txs);
    free(b->tx_raw);
    free(b->ommers);
    free(b->ommers_rlp);
    free(b->withdrawals);
    free(b->withdrawals_rlp);
    memset(b, 0, sizeof *b);
}
