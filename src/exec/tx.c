/* Transaction processing (London to Amsterdam): validation (tx_check_rules, then the state),
   EIP-7702 authorizations, the top-level message, refunds, fees, end-of-tx cleanup. */
#include <stdlib.h>
#include <string.h>

#include "rivet/exec.h"
#include "rivet/precompile.h"

u256 exec_blob_base_fee(uint64_t excess, uint64_t fraction)
{
    /* fake_exponential(1, excess, fraction) */
    u256 f = u256_from_u64(fraction), num = u256_from_u64(excess);
    u256 acc = U256_ZERO, term = u256_mul(u256_from_u64(1), f);
    for (uint64_t i = 1; !u256_is_zero(term); i++) {
        acc = u256_add(acc, term);
        term = u256_div(u256_mul(term, num), u256_mul(f, u256_from_u64(i)));
    }
    return u256_div(acc, f);
}

void exec_host_init_block(exec_host *h, state *s, const exec_block *b, const evm_addr *origin,
                          u256 gas_price)
{
    exec_host_init(h, s, b->fork);
    h->base.code_cache = b->code_cache;
    h->vm = b->vm;
    h->block_hash = b->block_hash;
    h->block_hash_ctx = b->block_hash_ctx;
    evm_tx_context *c = &h->txc;
    c->origin = *origin;
    c->coinbase = b->coinbase;
    c->gas_price = gas_price;
    c->base_fee = b->base_fee;
    c->blob_base_fee = exec_blob_base_fee(b->excess_blob_gas, b->blob_base_fee_fraction);
    c->prevrandao = b->prevrandao;
    c->chain_id = b->chain_id;
    c->number = b->number;
    c->timestamp = b->timestamp;
    c->slot_number = b->slot_number;
    c->gas_limit = b->gas_limit;
}

/* 256-bit multiply that reports overflow. */
static bool mul_ovf(u256 a, u256 b, u256 *r)
{
    *r = u256_mul(a, b);
    return !u256_is_zero(a) && !u256_eq(u256_div(*r, a), b);
}

/* The rules (tx_check_rules, with the block's limits), then what needs the state: the price
   paid, the sender's nonce, funds for gas, blobs and value, and no code but a delegation. */
static tx_error validate(state *s, const exec_block *b, const tx *t, const evm_addr *sender,
                         u256 *price, u256 *blob_fee, tx_gas *g)
{
    u256 bbf = exec_blob_base_fee(b->excess_blob_gas, b->blob_base_fee_fraction);
    tx_limits lim = {.max_blobs = b->max_blobs_per_block,
                     .block = true,
                     .gas_limit = b->gas_limit,
                     .base_fee = b->base_fee,
                     .blob_base_fee = bbf};
    tx_error e = tx_check_rules(t, b->fork, &lim, g, NULL);
    if (e != TX_ERR_OK) return e;
    /* types 0 and 1 keep their gas price in both fee fields */
    u256 p = u256_add(b->base_fee, t->max_priority_fee);
    *price = t->type >= TX_DYNAMIC_FEE && u256_lt(p, t->max_fee) ? p : t->max_fee;
    u256 max_cost;
    if (mul_ovf(u256_from_u64(t->gas_limit), t->max_fee, &max_cost))
        return TX_ERR_GASLIMIT_PRICE_PRODUCT_OVERFLOW; /* excluded by the rules */
    *blob_fee = U256_ZERO;
    if (t->type == TX_BLOB) {
        u256 blob_gas = u256_from_u64(131072 * (uint64_t)t->blob_hashes_len), m;
        *blob_fee = u256_mul(blob_gas, bbf);
        if (mul_ovf(blob_gas, t->max_fee_per_blob_gas, &m))
            return TX_ERR_INSUFFICIENT_ACCOUNT_FUNDS;
        max_cost = u256_add(max_cost, m);
    }
    state_account *a = state_get(s, sender, false);
    uint64_t nonce = a ? a->nonce : 0;
    if (t->nonce < nonce) return TX_ERR_NONCE_MISMATCH_TOO_LOW;
    if (t->nonce > nonce) return TX_ERR_NONCE_MISMATCH_TOO_HIGH;
    u256 total = u256_add(max_cost, t->value);
    if (u256_lt(total, max_cost) || u256_lt(a ? a->balance : U256_ZERO, total))
        return TX_ERR_INSUFFICIENT_ACCOUNT_FUNDS;
    size_t cl = 0;
    const uint8_t *code = a ? state_code(s, a, &cl) : NULL;
    if (cl && !evm_is_delegation(code, cl)) return TX_ERR_SENDER_NOT_EOA;
    return TX_ERR_OK;
}

/* EIP-7702: invalid authorizations are skipped, the transaction stays valid. Returns the refund
   for authorities that already exist: 12500 gas, or from Amsterdam (EIP-8037) the new-account
   state gas in *state_refund. */
static int64_t apply_authorizations(state *s, const exec_block *b, const tx *t,
                                    uint64_t *state_refund)
{
    int64_t refund = 0;
    for (size_t i = 0; i < t->auths_len; i++) {
        const tx_auth *au = &t->auths[i];
        evm_addr authority;
        if (!u256_is_zero(au->chain_id) && !u256_eq(au->chain_id, b->chain_id)) continue;
        if (au->nonce == UINT64_MAX) continue;
        if (tx_auth_authority(au, authority.b, NULL) != TX_ERR_OK) continue;
        state_account *a = state_get(s, &authority, true);
        state_warm_account(s, a);
        size_t cl;
        const uint8_t *cur = state_code(s, a, &cl);
        if (cl && !evm_is_delegation(cur, cl)) continue;
        if (a->nonce != au->nonce) continue;
        if (a->exists && !state_is_empty(a)) {
            if (b->fork >= FORK_AMSTERDAM)
                *state_refund += EVM_STATE_ACCOUNT;
            else
                refund += 25000 - 12500;
        }
        uint8_t code[EVM_DELEGATION_LEN] = {0xef, 0x01, 0x00};
        memcpy(code + 3, au->addr, 20);
        static const uint8_t zero[20];
        bool clear = memcmp(au->addr, zero, 20) == 0;
        state_set_exists(s, a);
        state_touch(s, a);
        if (state_set_code(s, a, code, clear ? 0 : sizeof code) != RIVET_OK) abort();
        state_set_nonce(s, a, a->nonce + 1);
    }
    return refund;
}

rivet_status exec_transaction(state *s, const exec_block *b, const tx *t, const evm_addr *sender,
                              evm_tracer *tr, exec_result *r, rivet_diag *d)
{
    memset(r, 0, sizeof *r);
    rivet_status fst = evm_check_fork(b->fork, d);
    if (fst != RIVET_OK) return fst;
    u256 price, blob_fee;
    tx_gas g;
    r->error = validate(s, b, t, sender, &price, &blob_fee, &g);
    if (r->error != TX_ERR_OK) return RIVET_OK;

    exec_host h;
    exec_host_init_block(&h, s, b, sender, price);
    h.base.tracer = tr;
    h.txc.blob_hashes = (const evm_hash *)t->blob_hashes;
    h.txc.blob_hash_count = t->blob_hashes_len;

    state_account *from = state_get(s, sender, true);
    if (!from) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    u256 gas_fee = u256_mul(u256_from_u64(t->gas_limit), price);
    state_set_balance(s, from, u256_sub(u256_sub(from->balance, gas_fee), blob_fee));
    state_set_nonce(s, from, from->nonce + 1);
    state_set_exists(s, from);

    /* warm set: sender, target, coinbase (EIP-3651), access list; the precompiles are warm by
       address (h_access_account), without an entry in the state each */
    state_warm_account(s, from);
    if (b->fork >= FORK_SHANGHAI) state_warm_account(s, state_peek(s, &b->coinbase));
    for (size_t i = 0; i < t->access_len; i++) {
        evm_addr aa;
        memcpy(aa.b, t->access[i].addr, 20);
        state_account *a = state_peek(s, &aa);
        state_warm_account(s, a);
        for (size_t k = 0; k < t->access[i].nkeys; k++)
            state_warm_slot(s, a, u256_from_be(t->access[i].keys[k], 32));
    }
    uint64_t state_refund = 0;
    int64_t refund = b->fork >= FORK_PRAGUE ? apply_authorizations(s, b, t, &state_refund) : 0;

    /* EIP-8037: execution gas past the regular cap (EIP-7825) is a state-gas reservoir; the
       state gas refunded for existing authorities joins it */
    evm_message m = {0};
    m.gas = (int64_t)(t->gas_limit - g.intrinsic);
    if (b->fork >= FORK_AMSTERDAM) {
        uint64_t budget = TX_GAS_LIMIT_CAP - (g.intrinsic - g.state);
        if ((uint64_t)m.gas > budget) {
            m.state_gas = m.gas - (int64_t)budget;
            m.gas = (int64_t)budget;
        }
        m.state_gas += (int64_t)state_refund;
    }
    m.sender = *sender;
    m.value = t->value;
    m.input = t->data;
    m.input_size = t->data_len;
    if (!t->create) {
        m.kind = EVM_CALL;
        memcpy(m.recipient.b, t->to, 20);
        m.code_address = m.recipient;
        state_warm_account(s, state_get(s, &m.recipient, true));
        state_account *to = state_get(s, &m.recipient, false);
        size_t cl;
        const uint8_t *code = state_code(s, to, &cl);
        if (b->fork >= FORK_PRAGUE && evm_is_delegation(code, cl)) {
            memcpy(m.code_address.b, code + 3, 20);
            m.delegated = true;
            state_warm_account(s, state_get(s, &m.code_address, true));
        }
    } else {
        m.kind = EVM_CREATE;
    }
    evm_result er;
    exec_message(&h, &m, &er);
    if (h.unsupported || er.status == EVM_HOST_ERROR) {
        free(er.output);
        return rivet_fail(d, h.unsupported ? RIVET_EUNSUPPORTED : RIVET_ENOMEM, RIVET_NOPOS,
                          h.unsupported ? "precompile unsupported in this build"
                                        : "host error during execution");
    }
    r->status = er.status;
    r->output = er.output;
    r->output_size = er.output_size;
    r->create_address = er.create_address;

    /* EIP-8037: what was charged splits into state gas (intrinsic, net of authority refunds,
       plus the top frame's, kept even when it failed) and regular gas, which the block counts
       (EIP-7778: before refunds) separately */
    uint64_t floor = g.floor;
    uint64_t used = t->gas_limit - (uint64_t)er.gas_left - (uint64_t)er.state_gas_left;
    uint64_t state_gas = 0;
    if (b->fork >= FORK_AMSTERDAM)
        state_gas = (uint64_t)((int64_t)(g.state - state_refund) + er.state_gas_used);
    r->block_state_gas = state_gas;
    r->block_gas = used - state_gas < floor ? floor : used - state_gas;
    if (er.status == EVM_SUCCESS) refund += er.gas_refund;
    uint64_t cap = used / 5;
    uint64_t ref = refund < 0 ? 0 : (uint64_t)refund;
    used -= ref < cap ? ref : cap;
    if (used < floor) used = floor;
    r->gas_used = used;
    if (b->fork < FORK_AMSTERDAM) r->block_gas = used;

    state_add_balance(s, from, u256_mul(u256_from_u64(t->gas_limit - used), price));
    u256 tip = u256_sub(price, b->base_fee);
    state_account *cb = state_get(s, &b->coinbase, true);
    state_add_balance(s, cb, u256_mul(u256_from_u64(used), tip));
    state_finalize_tx(s);
    return RIVET_OK;
}
