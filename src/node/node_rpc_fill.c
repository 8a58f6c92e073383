/* eth_fillTransaction [tx]: the transaction completed and encoded but not signed, as geth and
   anvil answer it: {raw, tx}. raw is the envelope with a zero signature (r = s = 0; a legacy
   transaction's v is the EIP-155 one, chain id * 2 + 35), tx its JSON as eth_getTransactionByHash
   spells it with the block fields null and hash = keccak(raw). Filled as anvil fills: from the
   first dev account when absent, the pending nonce, the gas from eth_estimateGas (a revert is
   code 3 with the data, as there), and the fees: a gasPrice makes a legacy transaction (an access
   list with it, type 1), else type 2 with maxPriorityFeePerGas 1 gwei and maxFeePerGas
   eth_gasPrice (the next block's base fee plus the tip) unless given. */
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"

#define ARG(i)    json_array_get(params, i)
#define BAD(what) node_fail(e, -32602, "Invalid params: %s", what)

/* An access list [{address, storageKeys}] into t (the entries and keys malloc'd in *mem). */
static bool access_list(json_t *v, tx *t, void **mem)
{
    size_t n = json_array_size(v), nkeys = 0;
    if (!json_is_array(v)) return false;
    for (size_t i = 0; i < n; i++)
        nkeys += json_array_size(json_object_get(json_array_get(v, i), "storageKeys"));
    uint8_t *m = calloc(1, n * sizeof(tx_access) + nkeys * 32 + 1);
    if (!m) return false;
    *mem = m;
    tx_access *a = (tx_access *)m;
    uint8_t(*keys)[32] = (uint8_t(*)[32])(m + n * sizeof(tx_access));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i), *ks = json_object_get(x, "storageKeys");
        evm_addr addr;
        if (!node_get_addr(json_object_get(x, "address"), &addr) || (ks && !json_is_array(ks)))
            return false;
        memcpy(a[i].addr, addr.b, 20);
        a[i].keys = (const uint8_t(*)[32])keys;
        for (size_t k = 0; k < json_array_size(ks); k++, keys++, a[i].nkeys++)
            if (!node_get_hash(json_array_get(ks, k), *keys)) return false;
    }
    t->access = a;
    t->access_len = n;
    return true;
}

/* The fees: a gasPrice, or EIP-1559's pair from the given ones and the node's suggestions. */
static bool fees(node_chain *c, json_t *o, tx *t)
{
    json_t *gp = json_object_get(o, "gasPrice"), *mf = json_object_get(o, "maxFeePerGas"),
           *tip = json_object_get(o, "maxPriorityFeePerGas");
    if (gp && !json_is_null(gp) && !mf && !tip) {
        t->type = json_object_get(o, "accessList") ? TX_ACCESS_LIST : TX_LEGACY;
        if (!node_get_u256(gp, &t->max_fee)) return false;
        t->max_priority_fee = t->max_fee;
        return true;
    }
    t->type = TX_DYNAMIC_FEE;
    t->max_priority_fee = u256_from_u64(1000000000u); /* eth_maxPriorityFeePerGas */
    t->max_fee = u256_add(node_next_base_fee(c), t->max_priority_fee); /* eth_gasPrice */
    return (!tip || json_is_null(tip) || node_get_u256(tip, &t->max_priority_fee)) &&
           (!mf || json_is_null(mf) || node_get_u256(mf, &t->max_fee));
}

/* The gas: given, or eth_estimateGas of the same call without its fees. */
static bool gas(node_chain *c, json_t *o, const evm_addr *from, tx *t, node_err *e)
{
    json_t *g = json_object_get(o, "gas");
    if (g && !json_is_null(g)) return node_get_qty(g, &t->gas_limit) || !BAD("gas");
    json_t *call = json_deep_copy(o);
    json_object_del(call, "gasPrice");
    json_object_del(call, "maxFeePerGas");
    json_object_del(call, "maxPriorityFeePerGas");
    json_object_set_new(call, "from", node_addr(from));
    json_t *p = json_pack("[o]", call), *est = node_rpc_estimate_gas(c, p, e);
    json_decref(p);
    bool ok = est && node_get_qty(est, &t->gas_limit);
    json_decref(est);
    /* the estimate ran without the access list: add its intrinsic gas (EIP-2930; the accesses
       it warms only cost less) */
    for (size_t i = 0; ok && i < t->access_len; i++)
        t->gas_limit += 2400 + 1900 * (uint64_t)t->access[i].nkeys;
    return ok;
}

static json_t *fill(node_chain *c, json_t *o, tx *t, void **mem, node_err *e)
{
    node_callreq r;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_callreq_parse(o, &r, &d) != RIVET_OK) return BAD(d.msg);
    if (!json_object_get(o, "from")) r.from = c->dev[0];
    json_t *v = json_object_get(o, "nonce"), *out = NULL;
    t->chain_id = u256_from_u64(c->cc.chain_id);
    t->create = r.create;
    memcpy(t->to, r.to.b, 20);
    t->value = r.value;
    t->data = r.data;
    t->data_len = r.data_len;
    if (v && !json_is_null(v) ? !node_get_qty(v, &t->nonce) : false)
        out = BAD("nonce");
    else if (!fees(c, o, t))
        out = BAD("fees");
    else if ((v = json_object_get(o, "accessList")) && !json_is_null(v) && !access_list(v, t, mem))
        out = BAD("accessList");
    else if (gas(c, o, &r.from, t, e)) { /* after the access list: its gas */
        if (!json_object_get(o, "nonce")) t->nonce = node_pending_nonce(c, &r.from);
        if (t->type == TX_LEGACY) /* EIP-155 with a zero signature */
            t->v = u256_add(u256_add(t->chain_id, t->chain_id), u256_from_u64(35));
        rivet_buf raw = {0};
        node_receipt rc = {.from = r.from, .price = t->max_fee};
        node_block b;
        memset(&b, 0, sizeof b);
        b.b.txs = t;
        b.b.ntx = 1;
        b.rc = &rc;
        if (tx_encode(t, &raw) != RIVET_OK || tx_hash(t, rc.hash) != RIVET_OK) {
            out = node_fail(e, -32603, "out of memory");
        } else {
            json_t *j = node_tx_json(c, &b, 0);
            json_object_set_new(j, "blockHash", json_null());
            json_object_set_new(j, "blockNumber", json_null());
            json_object_set_new(j, "transactionIndex", json_null());
            out = json_pack("{s:o,s:o}", "raw", node_hexb(raw.p, raw.n), "tx", j);
        }
        buf_free(&raw);
    }
    node_callreq_free(&r);
    return out;
}

json_t *node_rpc_fill_tx(node_chain *c, json_t *params, node_err *e)
{
    json_t *o = ARG(0);
    if (!json_is_object(o)) return BAD("expected a transaction object");
    tx t;
    memset(&t, 0, sizeof t);
    void *mem = NULL;
    json_t *out = fill(c, o, &t, &mem, e);
    free(mem);
    return out;
}
