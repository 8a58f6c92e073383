/* Fees and the pool as clients see them: eth_gasPrice, eth_maxPriorityFeePerGas,
   eth_blobBaseFee, eth_feeHistory, txpool_status, txpool_content. */
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"

#define ARG(i)    json_array_get(params, i)
#define BAD(what) node_fail(e, -32602, "Invalid params: %s", what)
#define GWEI      1000000000ull

json_t *node_rpc_gas_price(node_chain *c, json_t *params, node_err *e)
{
    return node_qty256(u256_add(node_next_base_fee(c), u256_from_u64(GWEI)));
}
json_t *node_rpc_max_priority_fee(node_chain *c, json_t *params, node_err *e)
{
    return node_qty(GWEI);
}
json_t *node_rpc_blob_base_fee(node_chain *c, json_t *params, node_err *e)
{
    return node_qty256(node_blob_next_fee(c)); /* the next block's, as geth */
}

json_t *node_rpc_fee_history(node_chain *c, json_t *params, node_err *e)
{
    uint64_t count, newest;
    if (!node_get_qty(ARG(0), &count) || !node_get_block(c, ARG(1), &newest))
        return BAD("block count, newest block");
    json_t *pct = ARG(2);
    if (count > 1024) count = 1024;
    if (count > newest + 1) count = newest + 1;
    uint64_t oldest = newest + 1 - count;
    json_t *o = json_object(), *fees = json_array(), *ratio = json_array(), *reward = json_array();
    for (uint64_t n = oldest; n <= newest; n++) {
        const hdr *h = &c->blocks[n].b.header;
        json_array_append_new(fees, node_qty256(h->base_fee));
        json_array_append_new(ratio,
                              json_real(h->gas_limit ? (double)h->gas_used / h->gas_limit : 0));
        if (json_is_array(pct)) {
            json_t *row = json_array();
            node_block *b = &c->blocks[n];
            for (size_t i = 0; i < json_array_size(pct); i++) {
                u256 t = U256_ZERO; /* the tip of the first transaction (blocks hold one or few) */
                if (b->b.ntx) t = u256_sub(b->rc[0].price, h->base_fee);
                json_array_append_new(row, node_qty256(t));
            }
            json_array_append_new(reward, row);
        }
    }
    json_array_append_new(fees, newest == c->nblocks - 1
                                    ? node_qty256(node_next_base_fee(c))
                                    : node_qty256(c->blocks[newest + 1].b.header.base_fee));
    json_object_set_new(o, "oldestBlock", node_qty(oldest));
    json_object_set_new(o, "baseFeePerGas", fees);
    json_object_set_new(o, "gasUsedRatio", ratio);
    if (json_is_array(pct))
        json_object_set_new(o, "reward", reward);
    else
        json_decref(reward);
    return o;
}

static json_t *pool_tx(const node_ptx *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "hash", node_hexb(p->hash, 32));
    json_object_set_new(o, "from", node_addr(&p->from));
    json_object_set_new(o, "nonce", node_qty(p->t.nonce));
    json_object_set_new(o, "to", p->t.create ? json_null() : node_hexb(p->t.to, 20));
    json_object_set_new(o, "gas", node_qty(p->t.gas_limit));
    json_object_set_new(o, "maxFeePerGas", node_qty256(p->t.max_fee));
    json_object_set_new(o, "value", node_qty256(p->t.value));
    return o;
}

/* pending: nonces contiguous from the state's; queued: the rest. */
static bool is_pending(node_chain *c, const node_ptx *p)
{
    state_account *a = state_get(&c->s, &p->from, false);
    uint64_t n = a && a->exists ? a->nonce : 0;
    for (uint64_t want = n; want < p->t.nonce; want++) {
        bool found = false;
        for (size_t i = 0; i < c->pool.n && !found; i++)
            found = c->pool.v[i].t.nonce == want && !memcmp(c->pool.v[i].from.b, p->from.b, 20);
        if (!found) return false;
    }
    return true;
}

json_t *node_rpc_txpool_status(node_chain *c, json_t *params, node_err *e)
{
    uint64_t pend = 0;
    for (size_t i = 0; i < c->pool.n; i++)
        pend += is_pending(c, &c->pool.v[i]);
    json_t *o = json_object();
    json_object_set_new(o, "pending", node_qty(pend));
    json_object_set_new(o, "queued", node_qty(c->pool.n - pend));
    return o;
}

json_t *node_rpc_txpool_content(node_chain *c, json_t *params, node_err *e)
{
    json_t *o = json_object(), *pend = json_object(), *queued = json_object();
    for (size_t i = 0; i < c->pool.n; i++) {
        const node_ptx *p = &c->pool.v[i];
        char a[43], n[24];
        a[0] = '0', a[1] = 'x';
        hex_encode(a + 2, p->from.b, 20);
        snprintf(n, sizeof n, "%llu", (unsigned long long)p->t.nonce);
        json_t *side = is_pending(c, p) ? pend : queued, *m = json_object_get(side, a);
        if (!m) json_object_set_new(side, a, m = json_object());
        json_object_set_new(m, n, pool_tx(p));
    }
    json_object_set_new(o, "pending", pend);
    json_object_set_new(o, "queued", queued);
    return o;
}
