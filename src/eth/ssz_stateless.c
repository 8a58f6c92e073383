/* EIP-8025 StatelessInput (tests-zkevm v0.3.3 schema): decoding, NewPayloadRequest root, output. */
#include <string.h>

#include "rivet/ssz.h"

/* Checks a List[ByteList[max_bytes], max_items]. */
RIVET_MUST_USE static rivet_status ssz_bytelists(ssz_span s, size_t max_items, size_t max_bytes,
                                                 size_t *n, const char *what, rivet_diag *d)
{
    rivet_status st = ssz_list_var(s, max_items, n, d);
    if (st != RIVET_OK) return st;
    for (size_t i = 0; i < *n; i++) {
        ssz_span it = ssz_list_var_item(s, i);
        if (it.len > max_bytes)
            return rivet_fail(d, RIVET_ERANGE, it.off, "ssz: %s item %zu has %zu bytes, limit %zu",
                              what, i, it.len, max_bytes);
    }
    return RIVET_OK;
}

enum {
    P_PARENT,
    P_FEE,
    P_STATE,
    P_RECEIPTS,
    P_BLOOM,
    P_RANDAO,
    P_NUMBER,
    P_GAS_LIMIT,
    P_GAS_USED,
    P_TIME,
    P_EXTRA,
    P_BASE_FEE,
    P_HASH,
    P_TXS,
    P_WITHDRAWALS,
    P_BLOB_USED,
    P_EXCESS,
    P_BAL,
    P_SLOT,
    P_COUNT
};

static const size_t payload_sizes[P_COUNT] = {32, 20, 32, 32, 256, 32, 8, 8, 8, 8,
                                              0,  32, 32, 0,  0,   8,  8, 0, 8};

RIVET_MUST_USE static rivet_status ssz_payload_decode(ssz_span s, ssz_payload *p, rivet_diag *d)
{
    ssz_span f[P_COUNT];
    rivet_status st = ssz_container(s, payload_sizes, P_COUNT, f, d);
    if (st != RIVET_OK) return st;
    memcpy(p->parent_hash, f[P_PARENT].p, 32);
    memcpy(p->fee_recipient, f[P_FEE].p, 20);
    memcpy(p->state_root, f[P_STATE].p, 32);
    memcpy(p->receipts_root, f[P_RECEIPTS].p, 32);
    memcpy(p->logs_bloom, f[P_BLOOM].p, 256);
    memcpy(p->prev_randao, f[P_RANDAO].p, 32);
    p->number = ssz_le64(f[P_NUMBER].p);
    p->gas_limit = ssz_le64(f[P_GAS_LIMIT].p);
    p->gas_used = ssz_le64(f[P_GAS_USED].p);
    p->timestamp = ssz_le64(f[P_TIME].p);
    p->extra_data = f[P_EXTRA];
    if (p->extra_data.len > 32)
        return rivet_fail(d, RIVET_ERANGE, p->extra_data.off, "ssz: extra data of %zu bytes",
                          p->extra_data.len);
    for (int i = 0; i < 4; i++)
        p->base_fee.w[i] = ssz_le64(f[P_BASE_FEE].p + 8 * i);
    memcpy(p->block_hash, f[P_HASH].p, 32);
    p->transactions = f[P_TXS];
    st = ssz_bytelists(f[P_TXS], SSZ_MAX_TXS, SSZ_MAX_TX_BYTES, &p->ntx, "transactions", d);
    if (st != RIVET_OK) return st;
    p->withdrawals = f[P_WITHDRAWALS];
    st = ssz_list_fixed(f[P_WITHDRAWALS], SSZ_WITHDRAWAL_SIZE, SSZ_MAX_WITHDRAWALS,
                        &p->nwithdrawals, d);
    if (st != RIVET_OK) return st;
    p->blob_gas_used = ssz_le64(f[P_BLOB_USED].p);
    p->excess_blob_gas = ssz_le64(f[P_EXCESS].p);
    p->block_access_list = f[P_BAL];
    if (f[P_BAL].len > SSZ_MAX_BAL_BYTES)
        return rivet_fail(d, RIVET_ERANGE, f[P_BAL].off, "ssz: block access list of %zu bytes",
                          f[P_BAL].len);
    p->slot_number = ssz_le64(f[P_SLOT].p);
    return RIVET_OK;
}

rivet_status ssz_stateless_decode(const uint8_t *data, size_t len, ssz_stateless_input *in,
                                  rivet_diag *d)
{
    memset(in, 0, sizeof *in);
    static const size_t top_sizes[] = {0, 0, 8, 0}, npr_sizes[] = {0, 0, 32, 0},
                        wit_sizes[] = {0, 0, 0};
    ssz_span top[4], npr[4], wit[3];
    rivet_status st = ssz_container(ssz_span_of(data, len), top_sizes, 4, top, d);
    if (st == RIVET_OK) st = ssz_container(top[0], npr_sizes, 4, npr, d);
    if (st == RIVET_OK) st = ssz_container(top[1], wit_sizes, 3, wit, d);
    if (st != RIVET_OK) return st;
    in->new_payload_request = top[0];
    in->chain_id = ssz_le64(top[2].p);
    in->public_keys = top[3];
    in->versioned_hashes = npr[1];
    memcpy(in->parent_beacon_root, npr[2].p, 32);
    in->requests = npr[3];
    in->state = wit[0];
    in->codes = wit[1];
    in->headers = wit[2];
    st = ssz_payload_decode(npr[0], &in->payload, d);
    if (st == RIVET_OK)
        st = ssz_list_fixed(npr[1], 32, SSZ_MAX_BLOB_HASHES, &in->nversioned_hashes, d);
    if (st == RIVET_OK)
        st = ssz_bytelists(npr[3], SSZ_MAX_REQUESTS, SSZ_MAX_REQUEST_BYTES, &in->nrequests,
                           "execution requests", d);
    if (st == RIVET_OK)
        st = ssz_bytelists(wit[0], SSZ_MAX_WITNESS_NODES, SSZ_MAX_NODE_BYTES, &in->nstate,
                           "witness state", d);
    if (st == RIVET_OK)
        st = ssz_bytelists(wit[1], SSZ_MAX_WITNESS_CODES, SSZ_MAX_CODE_BYTES, &in->ncodes,
                           "witness codes", d);
    if (st == RIVET_OK)
        st = ssz_bytelists(wit[2], SSZ_MAX_WITNESS_HDRS, SSZ_MAX_HEADER_BYTES, &in->nheaders,
                           "witness headers", d);
    if (st == RIVET_OK)
        st = ssz_bytelists(top[3], SSZ_MAX_PUBLIC_KEYS, SSZ_PUBLIC_KEY_BYTES, &in->npublic_keys,
                           "public keys", d);
    return st;
}

/* hash_tree_root of List[ByteList[item_limit], max] over a validated span (RIVET_ERANGE on an
   item over item_limit, which validation has excluded). */
RIVET_MUST_USE static rivet_status ssz_root_bytelists(ssz_span s, size_t n, uint64_t max,
                                                      uint64_t item_limit, uint8_t out[32])
{
    ssz_hasher h;
    ssz_hasher_init(&h, ssz_depth(max));
    for (size_t i = 0; i < n; i++) {
        ssz_span it = ssz_list_var_item(s, i);
        uint8_t r[32];
        rivet_status st = ssz_root_bytelist(it.p, it.len, item_limit, r);
        if (st) return st;
        ssz_hasher_chunk(&h, r);
    }
    rivet_status st = ssz_hasher_root(&h, out);
    if (st == RIVET_OK) ssz_mix_in_length(out, n);
    return st;
}

RIVET_MUST_USE static rivet_status ssz_root_withdrawals(const ssz_payload *p, uint8_t out[32])
{
    ssz_hasher h;
    ssz_hasher_init(&h, ssz_depth(SSZ_MAX_WITHDRAWALS));
    for (size_t i = 0; i < p->nwithdrawals; i++) {
        const uint8_t *w = p->withdrawals.p + i * SSZ_WITHDRAWAL_SIZE;
        ssz_hasher wh;
        uint8_t c[32];
        ssz_hasher_init(&wh, 2);
        ssz_chunk_u64(c, ssz_le64(w));
        ssz_hasher_chunk(&wh, c);
        ssz_chunk_u64(c, ssz_le64(w + 8));
        ssz_hasher_chunk(&wh, c);
        ssz_hasher_bytes(&wh, w + 16, 20);
        ssz_chunk_u64(c, ssz_le64(w + 36));
        ssz_hasher_chunk(&wh, c);
        rivet_status st = ssz_hasher_root(&wh, c);
        if (st) return st;
        ssz_hasher_chunk(&h, c);
    }
    rivet_status st = ssz_hasher_root(&h, out);
    if (st == RIVET_OK) ssz_mix_in_length(out, p->nwithdrawals);
    return st;
}

RIVET_MUST_USE static rivet_status ssz_root_payload(const ssz_payload *p, uint8_t out[32])
{
    rivet_status st;
    ssz_hasher h;
    uint8_t c[32];
    ssz_hasher_init(&h, ssz_depth(P_COUNT));
    ssz_hasher_chunk(&h, p->parent_hash);
    ssz_hasher_bytes(&h, p->fee_recipient, 20);
    ssz_hasher_chunk(&h, p->state_root);
    ssz_hasher_chunk(&h, p->receipts_root);
    ssz_root_vector(p->logs_bloom, 256, c);
    ssz_hasher_chunk(&h, c);
    ssz_hasher_chunk(&h, p->prev_randao);
    const uint64_t ints[] = {p->number, p->gas_limit, p->gas_used, p->timestamp};
    for (int i = 0; i < 4; i++) {
        ssz_chunk_u64(c, ints[i]);
        ssz_hasher_chunk(&h, c);
    }
    if ((st = ssz_root_bytelist(p->extra_data.p, p->extra_data.len, 32, c))) return st;
    ssz_hasher_chunk(&h, c);
    for (int i = 0; i < 32; i++)
        c[i] = (uint8_t)(p->base_fee.w[i / 8] >> (8 * (i % 8)));
    ssz_hasher_chunk(&h, c);
    ssz_hasher_chunk(&h, p->block_hash);
    if ((st = ssz_root_bytelists(p->transactions, p->ntx, SSZ_MAX_TXS, SSZ_MAX_TX_BYTES, c)))
        return st;
    ssz_hasher_chunk(&h, c);
    if ((st = ssz_root_withdrawals(p, c))) return st;
    ssz_hasher_chunk(&h, c);
    ssz_chunk_u64(c, p->blob_gas_used);
    ssz_hasher_chunk(&h, c);
    ssz_chunk_u64(c, p->excess_blob_gas);
    ssz_hasher_chunk(&h, c);
    st = ssz_root_bytelist(p->block_access_list.p, p->block_access_list.len, SSZ_MAX_BAL_BYTES, c);
    if (st) return st;
    ssz_hasher_chunk(&h, c);
    ssz_chunk_u64(c, p->slot_number);
    ssz_hasher_chunk(&h, c);
    return ssz_hasher_root(&h, out);
}

rivet_status ssz_new_payload_root(const ssz_stateless_input *in, uint8_t root[32], rivet_diag *d)
{
    ssz_hasher h, vh;
    uint8_t c[32];
    ssz_hasher_init(&h, 2);
    if (ssz_root_payload(&in->payload, c))
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "ssz: payload byte list over its limit");
    ssz_hasher_chunk(&h, c);
    ssz_hasher_init(&vh, ssz_depth(SSZ_MAX_BLOB_HASHES));
    for (size_t i = 0; i < in->nversioned_hashes; i++)
        ssz_hasher_chunk(&vh, in->versioned_hashes.p + 32 * i);
    if (ssz_hasher_root(&vh, c))
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "ssz: more versioned hashes than allowed");
    ssz_mix_in_length(c, in->nversioned_hashes);
    ssz_hasher_chunk(&h, c);
    ssz_hasher_chunk(&h, in->parent_beacon_root);
    if (ssz_root_bytelists(in->requests, in->nrequests, SSZ_MAX_REQUESTS, SSZ_MAX_REQUEST_BYTES, c))
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "ssz: request over its limit");
    ssz_hasher_chunk(&h, c);
    if (ssz_hasher_root(&h, root)) /* cannot be: four fields in a tree of four */
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "ssz: payload container overflows");
    return RIVET_OK;
}

void ssz_stateless_output(uint8_t out[SSZ_STATELESS_OUT_SIZE], const uint8_t root[32], bool ok,
                          uint64_t chain_id)
{
    memcpy(out, root, 32);
    out[32] = ok ? 1 : 0;
    for (int i = 0; i < 8; i++, chain_id >>= 8)
        out[33 + i] = (uint8_t)chain_id;
}
