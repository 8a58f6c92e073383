/* Execution that must not change the chain: eth_call, eth_estimateGas and the pre-check of
   transactions before a block is built. Each runs exec_transaction on an overlay: a state whose
   read-through backend is the chain's state, thrown away afterwards. */
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"

static rivet_status ov_account(void *ctx, const evm_addr *a, bool *found, uint64_t *nonce,
                               u256 *balance, const uint8_t **code, size_t *code_len,
                               evm_hash *code_hash, bool *has_storage, rivet_diag *d)
{
    state_account *x = state_get(ctx, a, false);
    *found = x && x->exists;
    if (!*found) return RIVET_OK;
    *nonce = x->nonce;
    *balance = x->balance;
    *code = x->code;
    *code_len = x->code_len;
    memset(code_hash, 0, sizeof *code_hash);
    /* an account with code counts as having storage (CREATE collisions check both) */
    *has_storage = x->code_len > 0 || state_has_storage(x);
    return RIVET_OK;
}

static rivet_status ov_storage(void *ctx, const evm_addr *a, u256 key, u256 *v, rivet_diag *d)
{
    state_account *x = state_get(ctx, a, false);
    *v = x ? state_get_storage(x, key) : U256_ZERO;
    return RIVET_OK;
}

void node_overlay_init(state *ov, state *base, state_backend *be)
{
    be->account = ov_account;
    be->storage = ov_storage;
    be->ctx = base;
    state_init_backed(ov, be);
}

static bool get_field(json_t *o, const char *a, const char *b, json_t **v)
{
    *v = json_object_get(o, a);
    if (!*v && b) *v = json_object_get(o, b);
    return *v && !json_is_null(*v);
}

rivet_status node_callreq_parse(json_t *o, node_callreq *r, rivet_diag *d)
{
    memset(r, 0, sizeof *r);
    if (!json_is_object(o)) return rivet_fail(d, RIVET_EINPUT, 0, "expected a call object");
    json_t *v;
    if (get_field(o, "from", NULL, &v) && !node_get_addr(v, &r->from))
        return rivet_fail(d, RIVET_EINPUT, 0, "bad from");
    r->create = !get_field(o, "to", NULL, &v);
    if (!r->create && !node_get_addr(v, &r->to)) return rivet_fail(d, RIVET_EINPUT, 0, "bad to");
    if ((r->has_gas = get_field(o, "gas", NULL, &v)) && !node_get_qty(v, &r->gas))
        return rivet_fail(d, RIVET_EINPUT, 0, "bad gas");
    if ((r->has_price = get_field(o, "gasPrice", "maxFeePerGas", &v)) &&
        !node_get_u256(v, &r->price))
        return rivet_fail(d, RIVET_EINPUT, 0, "bad gas price");
    if (get_field(o, "value", NULL, &v) && !node_get_u256(v, &r->value))
        return rivet_fail(d, RIVET_EINPUT, 0, "bad value");
    if (get_field(o, "input", "data", &v) && !node_get_bytes(v, &r->data, &r->data_len))
        return rivet_fail(d, RIVET_EINPUT, 0, "bad input data");
    return RIVET_OK;
}

rivet_status node_callreq_at(node_chain *c, node_callreq *r, uint64_t n, state *old, rivet_diag *d)
{
    if (n + 1 >= c->nblocks) return RIVET_OK;
    rivet_status st = node_state_before(c, n + 1, old, d);
    if (st != RIVET_OK) return st;
    r->base = old;
    r->header = &c->blocks[n].b.header;
    return RIVET_OK;
}

void node_callreq_free(node_callreq *r)
{
    free(r->data);
    r->data = NULL;
}

rivet_status node_call(node_chain *c, const node_callreq *r, uint64_t gas, exec_result *out,
                       rivet_diag *d)
{
    return node_call_inspect(c, r, gas, out, NULL, NULL, d);
}

/* A thread's own code cache and RISC-V runner, for calls made while it shares the chain lock
   with other readers (the chain's own are for the one holding it alone). */
typedef struct call_res {
    evm_code_cache *code_cache;
    hy_vm *hy;
} call_res;

static _Thread_local call_res *thread_res;

void node_call_thread_end(void)
{
    if (!thread_res) return;
    evm_code_cache_free(thread_res->code_cache);
    hy_vm_free(thread_res->hy);
    free(thread_res);
    thread_res = NULL;
}

/* The code cache and runner this call may use: the thread's own when shared (false: out of
   memory), else the chain's. */
static bool call_resources(node_chain *c, evm_code_cache **cc, const exec_vm **vm)
{
    if (!node_lock_is_shared()) {
        if (!c->code_cache) c->code_cache = evm_code_cache_new();
        *cc = c->code_cache;
        *vm = c->vm;
        return true;
    }
    if (!thread_res) {
        call_res *t = calloc(1, sizeof *t);
        if (!t) return false;
        t->code_cache = evm_code_cache_new();
        if (c->hy) t->hy = hy_vm_new(&(hy_options){.trace_ecalls = true});
        if (!t->code_cache || (c->hy && !t->hy)) {
            evm_code_cache_free(t->code_cache);
            hy_vm_free(t->hy);
            free(t);
            return false;
        }
        thread_res = t;
    }
    *cc = thread_res->code_cache;
    *vm = thread_res->hy ? hy_vm_runner(thread_res->hy) : NULL;
    return true;
}

rivet_status node_call_inspect(node_chain *c, const node_callreq *r, uint64_t gas, exec_result *out,
                               void (*inspect)(void *ctx, state *ov), void *ctx, rivet_diag *d)
{
    void node_next_header(node_chain * c, uint64_t timestamp, hdr * h);
    hdr h;
    if (r->header)
        h = *r->header;
    else
        node_next_header(c, 0, &h);
    exec_block eb;
    memset(&eb, 0, sizeof eb);
    eb.fork = chain_fork(&c->cc, h.number, h.timestamp);
    memcpy(eb.coinbase.b, h.coinbase, 20);
    eb.number = h.number;
    eb.timestamp = h.timestamp;
    eb.gas_limit = h.gas_limit > gas ? h.gas_limit : gas;
    /* geth's NoBaseFee for calls without a price: the base fee is zero */
    eb.base_fee = r->has_price ? h.base_fee : U256_ZERO;
    eb.prevrandao = u256_from_be(h.mix_hash, 32);
    eb.chain_id = u256_from_u64(c->cc.chain_id);
    eb.blob_base_fee_fraction = 3338477;
    eb.block_hash = node_block_hash;
    eb.block_hash_ctx = c;
    /* analysed codes kept across calls; the RISC-V runner */
    if (!call_resources(c, &eb.code_cache, &eb.vm))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    state ov;
    state_backend be;
    node_overlay_init(&ov, r->base ? r->base : &c->s, &be);
    state_account *a = state_get(&ov, &r->from, true);
    tx t;
    memset(&t, 0, sizeof t);
    t.type = TX_DYNAMIC_FEE;
    t.chain_id = eb.chain_id;
    t.nonce = a ? a->nonce : 0;
    t.max_fee = t.max_priority_fee = r->has_price ? r->price : U256_ZERO;
    if (r->has_price && u256_lt(r->price, h.base_fee)) eb.base_fee = U256_ZERO;
    t.gas_limit = gas;
    t.create = r->create;
    memcpy(t.to, r->to.b, 20);
    t.value = r->value;
    t.data = r->data;
    t.data_len = r->data_len;
    /* a call may come from an account with code (a contract): run it as an EOA */
    const uint8_t *code = NULL;
    size_t code_len = 0;
    if (a && a->code_len) {
        code = a->code;
        code_len = a->code_len;
        a->code_len = 0;
    }
    rivet_status st = exec_transaction(&ov, &eb, &t, &r->from, r->tracer, out, d);
    if (a && code) {
        a = state_get(&ov, &r->from, true);
        if (a) a->code_len = code_len;
    }
    (void)code;
    if (inspect && st == RIVET_OK) inspect(ctx, &ov);
    state_free(&ov);
    return st;
}
