/* Receipts (per transaction type), logs blooms and the EIP-7685 requests hash. */
#include <stdlib.h>
#include <string.h>

#include "rivet/block.h"
#include "rivet/crypto.h"

void blk_bloom_add(uint8_t bloom[256], const uint8_t *data, size_t len)
{
    uint8_t h[32];
    crypto_keccak256(h, data, len);
    for (int i = 0; i < 6; i += 2) {
        unsigned bit = ((unsigned)h[i] << 8 | h[i + 1]) & 2047u;
        bloom[255 - bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
}

void blk_bloom_logs(uint8_t bloom[256], const blk_log *logs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        blk_bloom_add(bloom, logs[i].address, 20);
        for (size_t t = 0; t < logs[i].ntopics; t++)
            blk_bloom_add(bloom, logs[i].topics[t], 32);
    }
}

rivet_status blk_log_encode(const blk_log *l, rivet_buf *b)
{
    size_t mark = rlp_list_begin(b);
    rivet_status s = rlp_put_bytes(b, l->address, 20);
    size_t tmark = rlp_list_begin(b);
    for (size_t t = 0; t < l->ntopics && s == RIVET_OK; t++)
        s = rlp_put_bytes(b, l->topics[t], 32);
    if (s == RIVET_OK) s = rlp_list_end(b, tmark);
    if (s == RIVET_OK) s = rlp_put_bytes(b, l->data, l->data_len);
    return s == RIVET_OK ? rlp_list_end(b, mark) : s;
}

rivet_status blk_receipt_encode(const blk_receipt *r, rivet_buf *b)
{
    rivet_status s = r->type ? buf_push(b, r->type) : RIVET_OK;
    if (s != RIVET_OK) return s;
    size_t mark = rlp_list_begin(b);
    s = rlp_put_u64(b, r->status ? 1 : 0);
    if (s == RIVET_OK) s = rlp_put_u64(b, r->cumulative_gas);
    if (s == RIVET_OK) s = rlp_put_bytes(b, r->bloom, 256);
    size_t lmark = rlp_list_begin(b);
    for (size_t i = 0; i < r->nlogs && s == RIVET_OK; i++)
        s = blk_log_encode(&r->logs[i], b);
    if (s == RIVET_OK) s = rlp_list_end(b, lmark);
    return s == RIVET_OK ? rlp_list_end(b, mark) : s;
}

rivet_status blk_receipts_root(const blk_receipt *r, size_t n, uint8_t root[32], rivet_diag *d)
{
    rivet_buf all = {0};
    size_t *ends = calloc(n ? n : 1, sizeof *ends);
    rivet_status s = ends ? RIVET_OK : RIVET_ENOMEM;
    for (size_t i = 0; i < n && s == RIVET_OK; i++) {
        s = blk_receipt_encode(&r[i], &all);
        ends[i] = all.n;
    }
    if (s == RIVET_OK)
        s = blk_ordered_root_packed(all.p, ends, n, root, d);
    else
        rivet_fail(d, s, RIVET_NOPOS, "receipts root: out of memory");
    free(ends);
    buf_free(&all);
    return s;
}

rivet_status blk_requests_hash(const blk_request *r, size_t n, uint8_t out[32])
{
    uint8_t *hashes = malloc(n ? 32 * n : 1);
    size_t nh = 0, cap = 0;
    uint8_t *tmp = NULL;
    rivet_status s = hashes ? RIVET_OK : RIVET_ENOMEM;
    for (size_t i = 0; i < n && s == RIVET_OK; i++) {
        if (r[i].len == 0) continue;
        if (r[i].len + 1 > cap) {
            uint8_t *t = realloc(tmp, r[i].len + 1);
            if (!t) {
                s = RIVET_ENOMEM;
                break;
            }
            tmp = t;
            cap = r[i].len + 1;
        }
        tmp[0] = r[i].type;
        memcpy(tmp + 1, r[i].data, r[i].len);
        crypto_sha256(hashes + 32 * nh++, tmp, r[i].len + 1);
    }
    if (s == RIVET_OK) crypto_sha256(out, hashes, 32 * nh);
    free(tmp);
    free(hashes);
    return s;
}
