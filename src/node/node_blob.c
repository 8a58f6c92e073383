/* Blob (type 3) transactions: eth_sendRawTransaction's network form (EIP-4844 blobs,
   commitments and proofs, or EIP-7594's cell proofs) checked and unwrapped to the canonical
   transaction; the pool's blob fee and funds rules; the blob fields of transactions and
   receipts. Sidecars are not kept (as geth, whose eth_getTransactionByHash has no blobs). */
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"

json_t *node_blob_unwrap(node_chain *c, const uint8_t *raw, size_t n, uint8_t **out,
                         size_t *out_len, node_err *e)
{
    *out = NULL;
    *out_len = 0;
    if (!tx_is_network_form(raw, n))
        return n && raw[0] == TX_BLOB ? node_fail(e, -32000, "missing sidecar in blob transaction")
                                      : NULL;
    tx_sidecar *sc = malloc(sizeof *sc);
    if (!sc) return node_fail(e, -32603, "out of memory");
    rivet_diag d;
    rivet_diag_clear(&d);
    json_t *err = NULL;
    tx t;
    uint8_t *inner = NULL;
    bool decoded = false, cells = false;
    if (tx_sidecar_decode(raw, n, sc, &d) != RIVET_OK) {
        err = node_fail(e, -32602, "Invalid params: failed to decode blob transaction: %s", d.msg);
        goto out;
    }
    inner = malloc(sc->body_len + 1);
    if (!inner) {
        err = node_fail(e, -32603, "out of memory");
        goto out;
    }
    inner[0] = TX_BLOB;
    memcpy(inner + 1, sc->body, sc->body_len);
    if (tx_decode(inner, sc->body_len + 1, &t, &d) != TX_ERR_OK) {
        err = node_fail(e, -32602, "Invalid params: failed to decode transaction: %s", d.msg);
        goto out;
    }
    decoded = true;
    rivet_status st = tx_sidecar_verify(sc, &t, &cells, &d);
    if (st != RIVET_OK) {
        err = node_fail(e, -32000, "%s", d.msg);
        goto out;
    }
    if (cells) node_log_line(c, "blob tx: EIP-7594 cell proofs accepted unchecked");
    *out = inner;
    *out_len = sc->body_len + 1;
    inner = NULL;
out:
    if (decoded) tx_free(&t);
    free(inner);
    free(sc);
    return err;
}

u256 node_blob_next_fee(node_chain *c)
{
    void node_next_header(node_chain * c, uint64_t timestamp, hdr * h);
    hdr h;
    node_next_header(c, 0, &h);
    const chain_blob *bp = chain_blob_at(&c->cc, h.timestamp);
    return bp ? hdr_blob_base_fee(h.excess_blob_gas, bp) : u256_from_u64(1);
}

const char *node_blob_admit(node_chain *c, const tx *t, const state_account *a, char *msg,
                            size_t cap)
{
    if (t->type != TX_BLOB) return NULL;
    u256 fee = node_blob_next_fee(c);
    if (u256_lt(t->max_fee_per_blob_gas, fee)) {
        snprintf(msg, cap,
                 "max fee per blob gas less than block blob gas fee: maxFeePerBlobGas: %llu, "
                 "blobBaseFee: %llu",
                 (unsigned long long)t->max_fee_per_blob_gas.w[0], (unsigned long long)fee.w[0]);
        return msg;
    }
    u256 gas = u256_from_u64((uint64_t)t->blob_hashes_len * BLK_GAS_PER_BLOB);
    u256 cost = u256_add(u256_mul(u256_from_u64(t->gas_limit), t->max_fee), t->value);
    cost = u256_add(cost, u256_mul(gas, t->max_fee_per_blob_gas));
    if (!a || u256_lt(a->balance, cost)) {
        snprintf(msg, cap, "insufficient funds for gas * price + value + blob gas * blob price");
        return msg;
    }
    return NULL;
}

void node_blob_tx_json(json_t *o, const tx *t)
{
    if (t->type != TX_BLOB) return;
    json_t *hs = json_array();
    for (size_t i = 0; i < t->blob_hashes_len; i++)
        json_array_append_new(hs, node_hexb(t->blob_hashes[i], 32));
    json_object_set_new(o, "maxFeePerBlobGas", node_qty256(t->max_fee_per_blob_gas));
    json_object_set_new(o, "blobVersionedHashes", hs);
}

void node_blob_receipt_json(node_chain *c, json_t *o, const hdr *h, const tx *t)
{
    if (t->type != TX_BLOB) return;
    const chain_blob *bp = chain_blob_at(&c->cc, h->timestamp);
    json_object_set_new(o, "blobGasUsed",
                        node_qty((uint64_t)t->blob_hashes_len * BLK_GAS_PER_BLOB));
    json_object_set_new(o, "blobGasPrice",
                        node_qty256(bp ? hdr_blob_base_fee(h->excess_blob_gas, bp) : U256_ZERO));
}
