/* Dev methods: evm_* and anvil_* with their hardhat_* aliases (one handler each, aliases in the
   method table): mining, snapshots, time, state edits, impersonation, fees, node info. */
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"

#define ARG(i)    json_array_get(params, i)
#define BAD(what) node_fail(e, -32602, "Invalid params: %s", what)

static json_t *mine_n(node_chain *c, uint64_t n, uint64_t ts, uint64_t gap, node_err *e)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    if (n > 100000) return node_fail(e, -32602, "at most 100000 blocks at once");
    for (uint64_t i = 0; i < n; i++) {
        uint64_t t = ts ? ts + i * gap : (i && gap ? node_head(c)->timestamp + gap : 0);
        if (node_mine(c, 0, t, &d) != RIVET_OK) return node_fail(e, -32603, "mine: %s", d.msg);
    }
    return NULL;
}

json_t *node_rpc_evm_mine(node_chain *c, json_t *params, node_err *e)
{
    uint64_t ts = 0, n = 1;
    json_t *a = ARG(0);
    if (json_is_object(a)) {
        json_t *t = json_object_get(a, "timestamp"), *b = json_object_get(a, "blocks");
        if ((t && !node_get_qty(t, &ts)) || (b && !node_get_qty(b, &n))) return BAD("options");
    } else if (a && !json_is_null(a) && !node_get_qty(a, &ts)) {
        return BAD("timestamp");
    }
    if (ts && ts <= node_head(c)->timestamp) return node_fail(e, -32000, "timestamp in the past");
    mine_n(c, n, ts, 1, e);
    return e->code ? NULL : json_string("0x0");
}

json_t *node_rpc_anvil_mine(node_chain *c, json_t *params, node_err *e)
{
    uint64_t n = 1, gap = 1;
    if (ARG(0) && !json_is_null(ARG(0)) && !node_get_qty(ARG(0), &n)) return BAD("block count");
    if (ARG(1) && !json_is_null(ARG(1)) && !node_get_qty(ARG(1), &gap)) return BAD("interval");
    mine_n(c, n, 0, gap, e);
    return e->code ? NULL : json_null();
}

json_t *node_rpc_snapshot(node_chain *c, json_t *params, node_err *e)
{
    if (c->nsnaps == c->snapcap) {
        size_t cap = c->snapcap ? c->snapcap * 2 : 16;
        size_t *v = realloc(c->snaps, cap * sizeof *v);
        if (!v) return node_fail(e, -32603, "out of memory");
        c->snaps = v;
        c->snapcap = cap;
    }
    c->snaps[c->nsnaps++] = c->njournal;
    return node_qty(c->nsnaps);
}

json_t *node_rpc_revert(node_chain *c, json_t *params, node_err *e)
{
    uint64_t id;
    if (!node_get_qty(ARG(0), &id)) return BAD("snapshot id");
    if (id == 0 || id > c->nsnaps) return json_false();
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_rewind(c, c->snaps[id - 1], &d) != RIVET_OK)
        return node_fail(e, -32603, "revert: %s", d.msg);
    c->nsnaps = id - 1;
    return json_true();
}

json_t *node_rpc_increase_time(node_chain *c, json_t *params, node_err *e)
{
    uint64_t s;
    if (!node_get_qty(ARG(0), &s)) return BAD("seconds");
    c->time_offset += (int64_t)s;
    c->time_floor = node_head(c)->timestamp + s; /* blocks may run ahead of the clock */
    return node_qty((uint64_t)c->time_offset);
}

json_t *node_rpc_next_timestamp(node_chain *c, json_t *params, node_err *e)
{
    uint64_t t;
    if (!node_get_qty(ARG(0), &t)) return BAD("timestamp");
    if (t <= node_head(c)->timestamp) return node_fail(e, -32000, "timestamp not after the head's");
    c->next_timestamp = t;
    return json_null();
}

json_t *node_rpc_set_automine(node_chain *c, json_t *params, node_err *e)
{
    if (!json_is_boolean(ARG(0))) return BAD("bool");
    c->automine = json_is_true(ARG(0));
    if (c->automine) {
        rivet_diag d;
        rivet_diag_clear(&d);
        while (node_pool_best(c, &c->s) >= 0)
            if (node_mine(c, 1, 0, &d) != RIVET_OK) return node_fail(e, -32603, "%s", d.msg);
    }
    return json_null();
}

json_t *node_rpc_get_automine(node_chain *c, json_t *params, node_err *e)
{
    return json_boolean(c->automine);
}

json_t *node_rpc_interval_mining(node_chain *c, json_t *params, node_err *e)
{
    uint64_t v;
    if (!node_get_qty(ARG(0), &v)) return BAD("interval");
    c->interval_ms = v; /* evm_setIntervalMining: milliseconds (Hardhat) */
    if (v) c->automine = false;
    return json_null();
}

json_t *node_rpc_interval_mining_s(node_chain *c, json_t *params, node_err *e)
{
    uint64_t v;
    if (!node_get_qty(ARG(0), &v) || v > 86400) return BAD("seconds");
    c->interval_ms = v * 1000; /* anvil_setIntervalMining: seconds */
    if (v) c->automine = false;
    return json_null();
}

json_t *node_rpc_block_gas_limit(node_chain *c, json_t *params, node_err *e)
{
    uint64_t v;
    if (!node_get_qty(ARG(0), &v) || v < BLK_MIN_GAS_LIMIT) return BAD("gas limit");
    c->gas_limit = v;
    return json_true();
}

static json_t *edit(node_chain *c, int op, json_t *params, node_err *e)
{
    evm_addr a;
    if (!node_get_addr(ARG(0), &a)) return BAD("address");
    uint8_t v[64], *code = NULL;
    size_t n = 0;
    u256 x, y;
    uint64_t q;
    switch (op) {
    case NODE_EDIT_BALANCE:
        if (!node_get_u256(ARG(1), &x)) return BAD("balance");
        u256_to_be(v, x);
        n = 32;
        break;
    case NODE_EDIT_NONCE:
        if (!node_get_qty(ARG(1), &q)) return BAD("nonce");
        be_store64(v, q);
        n = 8;
        break;
    case NODE_EDIT_CODE:
        if (!node_get_bytes(ARG(1), &code, &n)) return BAD("code");
        break;
    case NODE_EDIT_STORAGE: {
        uint8_t *val = NULL;
        size_t vl = 0;
        if (!node_get_u256(ARG(1), &x) || !node_get_bytes(ARG(2), &val, &vl) || vl > 32) {
            free(val);
            return BAD("slot, value");
        }
        y = u256_from_be(val, vl);
        free(val);
        u256_to_be(v, x);
        u256_to_be(v + 32, y);
        n = 64;
        break;
    }
    }
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status st = node_edit(c, op, &a, code ? code : v, n, &d);
    free(code);
    return st == RIVET_OK ? json_true() : node_fail(e, -32603, "%s", d.msg);
}

json_t *node_rpc_set_balance(node_chain *c, json_t *params, node_err *e)
{
    return edit(c, NODE_EDIT_BALANCE, params, e);
}
json_t *node_rpc_set_code(node_chain *c, json_t *params, node_err *e)
{
    return edit(c, NODE_EDIT_CODE, params, e);
}
json_t *node_rpc_set_nonce(node_chain *c, json_t *params, node_err *e)
{
    return edit(c, NODE_EDIT_NONCE, params, e);
}
json_t *node_rpc_set_storage(node_chain *c, json_t *params, node_err *e)
{
    return edit(c, NODE_EDIT_STORAGE, params, e);
}

json_t *node_rpc_impersonate(node_chain *c, json_t *params, node_err *e)
{
    evm_addr a;
    if (!node_get_addr(ARG(0), &a)) return BAD("address");
    for (size_t i = 0; i < c->nimp; i++)
        if (!memcmp(c->imp[i].b, a.b, 20)) return json_null();
    if (c->nimp == sizeof c->imp / sizeof c->imp[0]) return node_fail(e, -32000, "too many");
    c->imp[c->nimp++] = a;
    return json_null();
}

json_t *node_rpc_stop_impersonate(node_chain *c, json_t *params, node_err *e)
{
    evm_addr a;
    if (!node_get_addr(ARG(0), &a)) return BAD("address");
    for (size_t i = 0; i < c->nimp; i++)
        if (!memcmp(c->imp[i].b, a.b, 20)) c->imp[i--] = c->imp[--c->nimp];
    return json_null();
}

json_t *node_rpc_auto_impersonate(node_chain *c, json_t *params, node_err *e)
{
    if (!json_is_boolean(ARG(0))) return BAD("bool");
    c->auto_impersonate = json_is_true(ARG(0));
    return json_null();
}

json_t *node_rpc_drop_tx(node_chain *c, json_t *params, node_err *e)
{
    uint8_t h[32];
    size_t i;
    if (!node_get_hash(ARG(0), h)) return BAD("hash");
    if (!node_pool_find(&c->pool, h, &i)) return json_null();
    free(c->pool.v[i].raw);
    tx_free(&c->pool.v[i].t);
    node_pool_remove(&c->pool, i);
    return node_hexb(h, 32);
}

json_t *node_rpc_set_coinbase(node_chain *c, json_t *params, node_err *e)
{
    if (!node_get_addr(ARG(0), &c->coinbase)) return BAD("address");
    return json_null();
}

json_t *node_rpc_next_base_fee(node_chain *c, json_t *params, node_err *e)
{
    if (!node_get_u256(ARG(0), &c->next_base_fee)) return BAD("base fee");
    c->has_next_base_fee = true;
    return json_null();
}

json_t *node_rpc_logging(node_chain *c, json_t *params, node_err *e)
{
    if (!json_is_boolean(ARG(0))) return BAD("bool");
    c->cfg.quiet = !json_is_true(ARG(0));
    return json_null();
}

json_t *node_rpc_node_info(node_chain *c, json_t *params, node_err *e)
{
    json_t *o = json_object(), *env = json_object(), *mode = json_object();
    json_object_set_new(o, "currentBlockNumber", node_qty(c->nblocks - 1));
    json_object_set_new(o, "currentBlockTimestamp",
                        json_integer((json_int_t)node_head(c)->timestamp));
    json_object_set_new(o, "currentBlockHash", node_hexb(c->blocks[c->nblocks - 1].b.hash, 32));
    json_object_set_new(o, "hardFork", json_string(fork_name(node_fork(c))));
    json_object_set_new(o, "transactionOrder", json_string("fees"));
    json_object_set_new(env, "baseFee", node_qty256(node_next_base_fee(c)));
    json_object_set_new(env, "chainId", json_integer((json_int_t)c->cc.chain_id));
    json_object_set_new(env, "gasLimit", node_qty(c->gas_limit));
    json_object_set_new(o, "environment", env);
    json_object_set_new(mode, "automine", json_boolean(c->automine));
    json_object_set_new(mode, "intervalMs", json_integer((json_int_t)c->interval_ms));
    json_object_set_new(o, "miningMode", mode);
    json_object_set_new(o, "persistent", json_boolean(c->store != NULL));
    return o;
}

json_t *node_rpc_metadata(node_chain *c, json_t *params, node_err *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "clientVersion", json_string(NODE_VERSION));
    json_object_set_new(o, "chainId", json_integer((json_int_t)c->cc.chain_id));
    json_object_set_new(o, "latestBlockNumber", json_integer((json_int_t)(c->nblocks - 1)));
    json_object_set_new(o, "latestBlockHash", node_hexb(c->blocks[c->nblocks - 1].b.hash, 32));
    json_object_set_new(o, "snapshots", json_integer((json_int_t)c->nsnaps));
    return o;
}
