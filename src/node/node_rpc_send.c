/* Transactions and execution: eth_sendRawTransaction, eth_sendTransaction (dev keys and
   impersonation), eth_call and eth_estimateGas (reverts as code 3 with data), fees, txpool. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/precompile.h"

#include "node_impl.h"

#define ARG(i)    json_array_get(params, i)
#define BAD(what) node_fail(e, -32602, "Invalid params: %s", what)
#define GWEI      1000000000ull

static json_t *submit(node_chain *c, const uint8_t *raw, size_t len, const evm_addr *force,
                      node_err *e)
{
    uint8_t h[32];
    const char *why = NULL;
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status st = node_submit(c, raw, len, force, h, &why, &d);
    if (why) return node_fail(e, strstr(why, "nonce too low") ? -32003 : -32000, "%s", why);
    if (st != RIVET_OK) return node_fail(e, -32603, "mining failed: %s", d.msg);
    return node_hexb(h, 32);
}

json_t *node_rpc_send_raw(node_chain *c, json_t *params, node_err *e)
{
    uint8_t *raw;
    size_t n;
    if (!node_get_bytes(ARG(0), &raw, &n) || !n) {
        free(raw);
        return BAD("raw transaction hex");
    }
    uint8_t *inner; /* a blob transaction's network form: checked, then its canonical tx */
    size_t m;
    json_t *r = node_blob_unwrap(c, raw, n, &inner, &m, e);
    if (!r && !e->code) r = inner ? submit(c, inner, m, NULL, e) : submit(c, raw, n, NULL, e);
    free(inner);
    free(raw);
    return r;
}

uint64_t node_call_cap(node_chain *c)
{
    return node_fork(c) >= FORK_OSAKA && c->gas_limit > TX_GAS_LIMIT_CAP ? TX_GAS_LIMIT_CAP
                                                                         : c->gas_limit;
}

/* A failed execution as a JSON-RPC error; NULL result. */
static json_t *exec_error(node_err *e, const exec_result *er)
{
    if (er->error != TX_ERR_OK) {
        const char *n = tx_error_name(er->error), *dot = strchr(n, '.');
        if (er->error == TX_ERR_INSUFFICIENT_ACCOUNT_FUNDS)
            return node_fail(e, -32000, "insufficient funds for gas * price + value");
        return node_fail(e, -32000, "invalid transaction: %s", dot ? dot + 1 : n);
    }
    if (er->status == EVM_REVERT) return node_revert(e, er->output, er->output_size);
    return node_fail(e, -32000, "%s", evm_status_str(er->status));
}

/* Smallest gas limit that succeeds (binary search on overlays), or 0 with e set. */
static uint64_t estimate(node_chain *c, node_callreq *r, node_err *e)
{
    uint64_t hi = r->has_gas ? r->gas : node_call_cap(c);
    exec_result er;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_call(c, r, hi, &er, &d) != RIVET_OK) {
        node_fail(e, -32603, "%s", d.msg);
        return 0;
    }
    if (er.error != TX_ERR_OK || er.status != EVM_SUCCESS) {
        exec_error(e, &er);
        free(er.output);
        return 0;
    }
    /* tried first: the gas used (exact when no call needs its 63/64 margin and no refund or
       stipend is involved: a transfer answers 21000 as geth and anvil do), then that with a
       call's margin; then bisection to within 64 gas */
    uint64_t lo = er.gas_used - 1, tries[2] = {er.gas_used, er.gas_used + er.gas_used / 63 + 2300};
    free(er.output);
    for (int k = 0; hi - lo > 1 && (k < 2 || hi - lo > 64); k++) {
        uint64_t mid = k < 2 && tries[k] > lo && tries[k] < hi ? tries[k] : lo + (hi - lo) / 2;
        if (node_call(c, r, mid, &er, &d) != RIVET_OK) {
            node_fail(e, -32603, "%s", d.msg);
            return 0;
        }
        bool ok = er.error == TX_ERR_OK && er.status == EVM_SUCCESS;
        free(er.output);
        if (ok)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

json_t *node_rpc_estimate_gas(node_chain *c, json_t *params, node_err *e)
{
    node_callreq r;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_callreq_parse(ARG(0), &r, &d) != RIVET_OK) return BAD(d.msg);
    uint64_t g = estimate(c, &r, e);
    node_callreq_free(&r);
    return g ? node_qty(g) : NULL;
}

json_t *node_rpc_call(node_chain *c, json_t *params, node_err *e)
{
    node_callreq r;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_callreq_parse(ARG(0), &r, &d) != RIVET_OK) return BAD(d.msg);
    uint64_t n;
    if (ARG(1) && !node_get_block(c, ARG(1), &n)) {
        node_callreq_free(&r);
        return node_fail(e, -32000, "unknown block");
    }
    exec_result er;
    state old; /* at an older block: its state and environment (node_callreq_at) */
    rivet_status st = ARG(1) ? node_callreq_at(c, &r, n, &old, &d) : RIVET_OK;
    if (st == RIVET_OK) st = node_call(c, &r, r.has_gas ? r.gas : node_call_cap(c), &er, &d);
    if (r.base) state_free(&old);
    node_callreq_free(&r);
    if (st != RIVET_OK) return node_fail(e, -32603, "%s", d.msg);
    json_t *out = er.error == TX_ERR_OK && er.status == EVM_SUCCESS
                      ? node_hexb(er.output, er.output_size)
                      : exec_error(e, &er);
    free(er.output);
    return out;
}

int node_dev_index(node_chain *c, const evm_addr *a)
{
    for (unsigned i = 0; i < c->cfg.accounts && i < NODE_MAX_ACCOUNTS; i++)
        if (!memcmp(c->dev[i].b, a->b, 20)) return (int)i;
    return -1;
}

static bool impersonated(node_chain *c, const evm_addr *a)
{
    if (c->auto_impersonate) return true;
    for (size_t i = 0; i < c->nimp; i++)
        if (!memcmp(c->imp[i].b, a->b, 20)) return true;
    return false;
}

json_t *node_rpc_send_tx(node_chain *c, json_t *params, node_err *e)
{
    node_callreq r;
    rivet_diag d;
    rivet_diag_clear(&d);
    json_t *o = ARG(0);
    if (node_callreq_parse(o, &r, &d) != RIVET_OK) return BAD(d.msg);
    if (!json_object_get(o, "from")) {
        node_callreq_free(&r);
        return BAD("from is required");
    }
    int k = node_dev_index(c, &r.from);
    bool imp = impersonated(c, &r.from);
    if (k < 0 && !imp) {
        node_callreq_free(&r);
        return node_fail(e, -32000, "no signer for account (not a dev account, not impersonated)");
    }
    tx t;
    memset(&t, 0, sizeof t);
    json_t *v = json_object_get(o, "gasPrice");
    t.type = v && !json_object_get(o, "maxFeePerGas") ? TX_LEGACY : TX_DYNAMIC_FEE;
    t.chain_id = u256_from_u64(c->cc.chain_id);
    v = json_object_get(o, "nonce");
    if (v ? !node_get_qty(v, &t.nonce) : false) {
        node_callreq_free(&r);
        return BAD("nonce");
    }
    if (!v) t.nonce = node_pending_nonce(c, &r.from);
    u256 base = node_next_base_fee(c);
    t.max_priority_fee = u256_from_u64(GWEI);
    if ((v = json_object_get(o, "maxPriorityFeePerGas"))) node_get_u256(v, &t.max_priority_fee);
    t.max_fee = r.has_price ? r.price : u256_add(u256_add(base, base), t.max_priority_fee);
    if (t.type == TX_LEGACY) t.max_priority_fee = t.max_fee;
    if (u256_lt(t.max_fee, t.max_priority_fee)) t.max_priority_fee = t.max_fee;
    t.gas_limit = r.has_gas ? r.gas : 0;
    if (!t.gas_limit) {
        node_callreq est = r;
        est.has_price = false;
        if (!(t.gas_limit = estimate(c, &est, e))) {
            node_callreq_free(&r);
            return NULL;
        }
    }
    t.create = r.create;
    memcpy(t.to, r.to.b, 20);
    t.value = r.value;
    t.data = r.data;
    t.data_len = r.data_len;
    rivet_buf raw = {0};
    rivet_status st = RIVET_OK;
    if (k >= 0)
        st = node_sign_tx(&t, c->dev_key[k], c->cc.chain_id, &d);
    else
        t.r = t.s = u256_from_u64(1); /* placeholder: the sender is given, not recovered */
    if (st == RIVET_OK) st = tx_encode(&t, &raw);
    json_t *res = st == RIVET_OK ? submit(c, raw.p, raw.n, k >= 0 ? NULL : &r.from, e)
                                 : node_fail(e, -32603, "signing: %s", d.msg);
    buf_free(&raw);
    node_callreq_free(&r);
    return res;
}

/* ---- eth_createAccessList: what the call loaded into its overlay, minus what is warm anyway
   (sender, precompiles, coinbase, the recipient unless it has slots: geth lists them), sorted by
   address and key ----------------------------------------------------------------------------- */
typedef struct al_ctx {
    node_chain *c;
    const node_callreq *r;
    json_t *list;
} al_ctx;

static int cmp_acc(const void *a, const void *b)
{
    return memcmp((*(state_account *const *)a)->addr.b, (*(state_account *const *)b)->addr.b, 20);
}

static int cmp_key(const void *a, const void *b)
{
    return memcmp(a, b, 32);
}

static void collect_access(void *ctx, state *ov)
{
    al_ctx *k = ctx;
    state_account **v = calloc(ov->nacc ? ov->nacc : 1, sizeof *v);
    size_t n = 0;
    if (!v) return;
    for (size_t i = 0; i < ov->cap; i++) {
        state_account *a = ov->acc[i];
        if (!a || !memcmp(a->addr.b, k->r->from.b, 20) ||
            (!k->r->create && !memcmp(a->addr.b, k->r->to.b, 20) && !a->storage.n) ||
            !memcmp(a->addr.b, k->c->coinbase.b, 20) ||
            precompile_index(a->addr.b, node_fork(k->c)) >= 0)
            continue;
        v[n++] = a;
    }
    qsort(v, n, sizeof *v, cmp_acc);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_object(), *keys = json_array();
        uint8_t(*ks)[32] = calloc(v[i]->storage.cap ? v[i]->storage.cap : 1, 32);
        size_t nk = 0;
        for (size_t j = 0; ks && j < v[i]->storage.cap; j++)
            if (v[i]->storage.v[j].used) u256_to_be(ks[nk++], v[i]->storage.v[j].key);
        if (ks) qsort(ks, nk, 32, cmp_key);
        for (size_t j = 0; j < nk; j++)
            json_array_append_new(keys, node_hexb(ks[j], 32));
        free(ks);
        json_object_set_new(e, "address", node_addr(&v[i]->addr));
        json_object_set_new(e, "storageKeys", keys);
        json_array_append_new(k->list, e);
    }
    free(v);
}

json_t *node_rpc_create_access_list(node_chain *c, json_t *params, node_err *e)
{
    node_callreq r;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_callreq_parse(ARG(0), &r, &d) != RIVET_OK) return BAD(d.msg);
    al_ctx k = {c, &r, json_array()};
    exec_result er;
    rivet_status st =
        node_call_inspect(c, &r, r.has_gas ? r.gas : node_call_cap(c), &er, collect_access, &k, &d);
    node_callreq_free(&r);
    if (st != RIVET_OK) {
        json_decref(k.list);
        return node_fail(e, -32603, "%s", d.msg);
    }
    json_t *o = json_object();
    json_object_set_new(o, "accessList", k.list);
    json_object_set_new(o, "gasUsed", node_qty(er.gas_used));
    if (er.error != TX_ERR_OK || er.status != EVM_SUCCESS) {
        node_err x = {0, "", NULL};
        exec_error(&x, &er);
        json_decref(x.data);
        json_object_set_new(o, "error", json_string(x.msg));
    }
    free(er.output);
    return o;
}

/* keccak("\x19Ethereum Signed Message:\n" || len || data), signed by a dev key. */
static json_t *sign_message(node_chain *c, json_t *addr, json_t *data, node_err *e)
{
    evm_addr a;
    uint8_t *p;
    size_t n;
    if (!node_get_addr(addr, &a) || !node_get_bytes(data, &p, &n)) return BAD("address, data");
    int k = node_dev_index(c, &a);
    if (k < 0) {
        free(p);
        return node_fail(e, -32000, "no key for account");
    }
    char pre[64];
    int pl = snprintf(pre, sizeof pre,
                      "\x19"
                      "Ethereum Signed Message:\n%zu",
                      n);
    crypto_keccak_ctx kc;
    uint8_t h[32], sig[65];
    crypto_keccak_init(&kc);
    crypto_keccak_update(&kc, pre, (size_t)pl);
    crypto_keccak_update(&kc, p, n);
    crypto_keccak_final(&kc, h);
    free(p);
    if (node_sign_hash(h, c->dev_key[k], sig) != RIVET_OK)
        return node_fail(e, -32603, "signing failed");
    return node_hexb(sig, 65);
}

json_t *node_rpc_eth_sign(node_chain *c, json_t *params, node_err *e)
{
    return sign_message(c, ARG(0), ARG(1), e);
}

json_t *node_rpc_personal_sign(node_chain *c, json_t *params, node_err *e)
{
    return sign_message(c, ARG(1), ARG(0), e);
}
