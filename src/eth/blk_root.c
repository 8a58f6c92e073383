/* Roots a header commits to (transactions, withdrawals, ommers) and the body checks. */
#include <stdlib.h>
#include <string.h>

#include "rivet/block.h"
#include "rivet/crypto.h"
#include "rivet/trie.h"

rivet_status blk_ordered_root(const blk_bytes *items, size_t n, uint8_t root[32], rivet_diag *d)
{
    trie *t = trie_new(0);
    if (!t) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status s = RIVET_OK;
    rivet_buf key = {0};
    for (size_t i = 0; i < n && s == RIVET_OK; i++) {
        key.n = 0;
        s = rlp_put_u64(&key, i);
        if (s == RIVET_OK) s = trie_put(t, key.p, key.n, items[i].p, items[i].len, d);
    }
    if (s == RIVET_OK) s = trie_root(t, root, d);
    buf_free(&key);
    trie_free(t);
    return s;
}

rivet_status blk_ordered_root_packed(const uint8_t *enc, const size_t *end, size_t n,
                                     uint8_t root[32], rivet_diag *d)
{
    blk_bytes *items = calloc(n ? n : 1, sizeof *items);
    if (!items) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t start = i ? end[i - 1] : 0;
        items[i] = (blk_bytes){enc + start, end[i] - start};
    }
    rivet_status s = blk_ordered_root(items, n, root, d);
    free(items);
    return s;
}

rivet_status blk_tx_root(const blk *b, uint8_t root[32], rivet_diag *d)
{
    return blk_ordered_root(b->tx_raw, b->ntx, root, d);
}

rivet_status blk_withdrawals_root(const blk *b, uint8_t root[32], rivet_diag *d)
{
    return blk_ordered_root(b->withdrawals_rlp, b->nwithdrawals, root, d);
}

rivet_status blk_withdrawal_encode(const blk_withdrawal *w, rivet_buf *b)
{
    size_t mark = rlp_list_begin(b);
    rivet_status s = rlp_put_u64(b, w->index);
    if (s == RIVET_OK) s = rlp_put_u64(b, w->validator);
    if (s == RIVET_OK) s = rlp_put_bytes(b, w->address, 20);
    if (s == RIVET_OK) s = rlp_put_u64(b, w->amount);
    return s == RIVET_OK ? rlp_list_end(b, mark) : s;
}

void blk_ommers_hash(const blk *b, uint8_t out[32])
{
    crypto_keccak256(out, b->ommers_list.p, b->ommers_list.len);
}

rivet_status blk_encode(const blk *b, rivet_buf *out)
{
    size_t mark = rlp_list_begin(out);
    rivet_status s = hdr_encode(&b->header, out);
    size_t m = rlp_list_begin(out);
    for (size_t i = 0; i < b->ntx && s == RIVET_OK; i++) {
        const blk_bytes *t = &b->tx_raw[i];
        s = t->len && t->p[0] >= 0xc0 ? rlp_put_raw(out, t->p, t->len)
                                      : rlp_put_bytes(out, t->p, t->len);
    }
    if (s == RIVET_OK) s = rlp_list_end(out, m);
    m = rlp_list_begin(out);
    for (size_t i = 0; i < b->nommers && s == RIVET_OK; i++)
        s = rlp_put_raw(out, b->ommers_rlp[i].p, b->ommers_rlp[i].len);
    if (s == RIVET_OK) s = rlp_list_end(out, m);
    if (b->has_withdrawals && s == RIVET_OK) {
        m = rlp_list_begin(out);
        for (size_t i = 0; i < b->nwithdrawals && s == RIVET_OK; i++)
            s = rlp_put_raw(out, b->withdrawals_rlp[i].p, b->withdrawals_rlp[i].len);
        if (s == RIVET_OK) s = rlp_list_end(out, m);
    }
    if (b->has_bal && s == RIVET_OK) s = rlp_put_raw(out, b->bal.p, b->bal.len);
    return s == RIVET_OK ? rlp_list_end(out, mark) : s;
}

uint64_t blk_blob_gas_used(const blk *b)
{
    uint64_t blobs = 0;
    for (size_t i = 0; i < b->ntx; i++)
        if (b->txs[i].type == TX_BLOB) blobs += b->txs[i].blob_hashes_len;
    return blobs * BLK_GAS_PER_BLOB;
}

#define FAIL(e, ...)                                                                               \
    (rivet_fail(d, blk_error_status(BLK_ERR_##e), RIVET_NOPOS, #e ": " __VA_ARGS__), BLK_ERR_##e)

blk_error blk_validate_body(const blk *b, const chain_config *c, rivet_diag *d)
{
    const hdr *h = &b->header;
    rivet_fork fork = chain_fork(c, h->number, h->timestamp);
    uint8_t root[32];
    if (blk_tx_root(b, root, d) != RIVET_OK) return BLK_ERR_NOMEM;
    if (memcmp(root, h->tx_root, 32) != 0)
        return FAIL(INVALID_TRANSACTIONS_ROOT, "transactions root does not match the header");
    blk_ommers_hash(b, root);
    if (memcmp(root, h->ommers_hash, 32) != 0)
        return FAIL(INVALID_UNCLES_HASH, "ommers hash does not match the header");
    if (fork >= FORK_PARIS && b->nommers)
        return FAIL(IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS, "%zu ommers after the merge", b->nommers);
    if (!b->has_withdrawals && fork >= FORK_SHANGHAI)
        return FAIL(RLP_WITHDRAWALS_NOT_READ, "no withdrawals list in a %s block", fork_name(fork));
    if (b->has_withdrawals && fork < FORK_SHANGHAI)
        return FAIL(INCORRECT_BLOCK_FORMAT, "withdrawals in a %s block", fork_name(fork));
    if (b->has_withdrawals) {
        if (blk_withdrawals_root(b, root, d) != RIVET_OK) return BLK_ERR_NOMEM;
        if (memcmp(root, h->withdrawals_root, 32) != 0)
            return FAIL(INVALID_WITHDRAWALS_ROOT, "withdrawals root does not match the header");
    }
    if (fork >= FORK_CANCUN && blk_blob_gas_used(b) != h->blob_gas_used)
        return FAIL(INCORRECT_BLOB_GAS_USED, "blob gas used %llu, transactions use %llu",
                    (unsigned long long)h->blob_gas_used, (unsigned long long)blk_blob_gas_used(b));
    const chain_blob *bp = fork >= FORK_CANCUN ? chain_blob_at(c, h->timestamp) : NULL;
    if (bp && h->blob_gas_used / BLK_GAS_PER_BLOB > bp->max)
        return FAIL(BLOB_GAS_USED_ABOVE_LIMIT, "%llu blobs, at most %llu",
                    (unsigned long long)(h->blob_gas_used / BLK_GAS_PER_BLOB),
                    (unsigned long long)bp->max);
    size_t size = b->raw.len;
    if (fork >= FORK_OSAKA && !b->raw.p) { /* built from a payload: measure its encoding */
        rivet_buf enc = {0};
        if (blk_encode(b, &enc) != RIVET_OK) return BLK_ERR_NOMEM;
        size = enc.n;
        buf_free(&enc);
    }
    if (fork >= FORK_OSAKA && size > BLK_MAX_RLP_SIZE - BLK_RLP_SIZE_MARGIN)
        return FAIL(RLP_BLOCK_LIMIT_EXCEEDED, "block RLP is %zu bytes, limit %u", size,
                    BLK_MAX_RLP_SIZE - BLK_RLP_SIZE_MARGIN);
    if (b->has_bal) {
        crypto_keccak256(root, b->bal.p, b->bal.len);
        if (fork < FORK_AMSTERDAM || memcmp(root, h->bal_hash, 32) != 0)
            return FAIL(INVALID_BLOCK_ACCESS_LIST,
                        "block access list hash does not match the header");
    }
    return BLK_ERR_OK;
}

tx_error blk_validate_txs(const blk *b, const chain_config *c, size_t *index, rivet_diag *d)
{
    rivet_fork fork = chain_fork(c, b->header.number, b->header.timestamp);
    const chain_blob *bp = chain_blob_at(c, b->header.timestamp);
    tx_limits lim = {.max_blobs = bp ? bp->max : 0};
    for (size_t i = 0; i < b->ntx; i++) {
        tx_error e = tx_validate(&b->txs[i], fork, c->chain_id, &lim, d);
        if (e != TX_ERR_OK) {
            *index = i;
            return e;
        }
    }
    return TX_ERR_OK;
}
