/* The block of an EIP-8025 new-payload request: header rebuilt from the execution payload (the
   roots recomputed from its transactions, withdrawals and requests), transactions decoded. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/ssz.h"

static const uint8_t empty_ommers_list[1] = {0xc0};

static blk_error payload_fail(rivet_diag *d, blk_error e, const char *what, size_t i)
{
    rivet_fail(d, blk_error_status(e), RIVET_NOPOS, "%s: payload %s %zu", blk_error_name(e), what,
               i);
    return e;
}

static blk_error payload_txs(const ssz_payload *p, blk *b, rivet_diag *d)
{
    b->ntx = p->ntx;
    b->txs = calloc(p->ntx ? p->ntx : 1, sizeof *b->txs);
    b->tx_raw = calloc(p->ntx ? p->ntx : 1, sizeof *b->tx_raw);
    if (!b->txs || !b->tx_raw) return BLK_ERR_NOMEM;
    for (size_t i = 0; i < p->ntx; i++) {
        ssz_span t = ssz_list_var_item(p->transactions, i);
        b->tx_raw[i] = (blk_bytes){t.p, t.len};
        rivet_diag td = {0};
        tx_error e = tx_decode(t.p, t.len, &b->txs[i], &td);
        if (e == TX_ERR_NOMEM) return BLK_ERR_NOMEM;
        if (e != TX_ERR_OK) {
            rivet_fail(d, RIVET_EINPUT, t.off, "payload transaction %zu does not decode: %s (%s)",
                       i, tx_error_name(e), td.msg);
            return BLK_ERR_RLP_STRUCTURES_ENCODING;
        }
    }
    return BLK_ERR_OK;
}

/* Withdrawals decoded from SSZ and re-encoded as RLP into one buffer (kept in *enc). */
static blk_error payload_withdrawals(const ssz_payload *p, blk *b, rivet_buf *enc)
{
    size_t n = p->nwithdrawals;
    b->has_withdrawals = true;
    b->nwithdrawals = n;
    b->withdrawals = calloc(n ? n : 1, sizeof *b->withdrawals);
    b->withdrawals_rlp = calloc(n ? n : 1, sizeof *b->withdrawals_rlp);
    size_t *ends = calloc(n ? n : 1, sizeof *ends);
    if (!b->withdrawals || !b->withdrawals_rlp || !ends) {
        free(ends);
        return BLK_ERR_NOMEM;
    }
    rivet_status s = RIVET_OK;
    for (size_t i = 0; i < n && s == RIVET_OK; i++) {
        const uint8_t *w = p->withdrawals.p + i * SSZ_WITHDRAWAL_SIZE;
        blk_withdrawal *o = &b->withdrawals[i];
        o->index = ssz_le64(w);
        o->validator = ssz_le64(w + 8);
        memcpy(o->address, w + 16, 20);
        o->amount = ssz_le64(w + 36);
        s = blk_withdrawal_encode(o, enc);
        ends[i] = enc->n;
    }
    for (size_t i = 0; i < n && s == RIVET_OK; i++) {
        size_t from = i ? ends[i - 1] : 0;
        b->withdrawals_rlp[i] = (blk_bytes){enc->p + from, ends[i] - from};
    }
    free(ends);
    return s == RIVET_OK ? BLK_ERR_OK : BLK_ERR_NOMEM;
}

static blk_error payload_requests(const ssz_stateless_input *in, uint8_t out[32], rivet_diag *d)
{
    blk_request *r = calloc(in->nrequests ? in->nrequests : 1, sizeof *r);
    if (!r) return BLK_ERR_NOMEM;
    blk_error e = BLK_ERR_OK;
    for (size_t i = 0; i < in->nrequests && e == BLK_ERR_OK; i++) {
        ssz_span it = ssz_list_var_item(in->requests, i);
        /* EIP-7685: each entry is type || data, types strictly increasing, data non-empty */
        if (it.len < 2 || (i && it.p[0] <= r[i - 1].type))
            e = payload_fail(d, BLK_ERR_INVALID_REQUESTS, "execution request", i);
        else
            r[i] = (blk_request){it.p[0], it.p + 1, it.len - 1};
    }
    if (e == BLK_ERR_OK && blk_requests_hash(r, in->nrequests, out) != RIVET_OK) e = BLK_ERR_NOMEM;
    free(r);
    return e;
}

static blk_error payload_header(const ssz_stateless_input *in, blk *b, rivet_diag *d)
{
    const ssz_payload *p = &in->payload;
    hdr *h = &b->header;
    memcpy(h->parent_hash, p->parent_hash, 32);
    crypto_keccak256(h->ommers_hash, empty_ommers_list, 1);
    memcpy(h->coinbase, p->fee_recipient, 20);
    memcpy(h->state_root, p->state_root, 32);
    memcpy(h->receipts_root, p->receipts_root, 32);
    memcpy(h->bloom, p->logs_bloom, 256);
    h->number = p->number;
    h->gas_limit = p->gas_limit;
    h->gas_used = p->gas_used;
    h->timestamp = p->timestamp;
    memcpy(h->extra, p->extra_data.p, p->extra_data.len);
    h->extra_len = p->extra_data.len;
    memcpy(h->mix_hash, p->prev_randao, 32);
    h->base_fee = p->base_fee;
    h->blob_gas_used = p->blob_gas_used;
    h->excess_blob_gas = p->excess_blob_gas;
    memcpy(h->parent_beacon_root, in->parent_beacon_root, 32);
    crypto_keccak256(h->bal_hash, p->block_access_list.p, p->block_access_list.len);
    h->slot_number = p->slot_number;
    h->nfields = HDR_FIELDS_AMSTERDAM;
    if (blk_tx_root(b, h->tx_root, d) != RIVET_OK ||
        blk_withdrawals_root(b, h->withdrawals_root, d) != RIVET_OK)
        return BLK_ERR_NOMEM;
    blk_error e = payload_requests(in, h->requests_hash, d);
    if (e != BLK_ERR_OK) return e;
    if (hdr_hash(h, b->hash) != RIVET_OK) return BLK_ERR_NOMEM;
    if (memcmp(b->hash, p->block_hash, 32) != 0)
        return payload_fail(d, BLK_ERR_INVALID_BLOCK_HASH, "block hash differs from header, block",
                            (size_t)p->number);
    return BLK_ERR_OK;
}

blk_error ssz_payload_block(const ssz_stateless_input *in, blk *b, rivet_buf *scratch,
                            rivet_diag *d)
{
    memset(b, 0, sizeof *b);
    b->ommers_list = (blk_bytes){empty_ommers_list, 1};
    blk_error e = payload_txs(&in->payload, b, d);
    if (e == BLK_ERR_OK) e = payload_withdrawals(&in->payload, b, scratch);
    if (e == BLK_ERR_OK) {
        b->bal = (blk_bytes){in->payload.block_access_list.p, in->payload.block_access_list.len};
        e = payload_header(in, b, d);
    }
    if (e != BLK_ERR_OK) blk_free(b);
    return e;
}
