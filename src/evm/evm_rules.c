/* The gas and state rules of the state-touching operations (SSTORE, SLOAD, account access,
   LOG, SELFDESTRUCT, CALL*, CREATE*), shared by the EVM interpreter and other kinds of frames.
   Memory costs stay with the caller: each VM prices its own memory. */
#include "evm_internal.h"

/* EIP-8037 state gas, charged after the instruction's regular gas. */
#define CHARGE_STATE(n)                                                                            \
    do {                                                                                           \
        if (!evm_charge_state(gas, &c->mt->state_left, &c->mt->state_used, (n)))                   \
            return EVM_OUT_OF_GAS;                                                                 \
    } while (0)

evm_status evm_rule_sstore(const evm_ctx *c, int64_t *gas, u256 key, u256 v)
{
    evm_host *h = c->h;
    evm_meter *mt = c->mt;
    if (c->m->is_static) return EVM_STATIC_VIOLATION;
    if (*gas <= 2300) /* EIP-2200 stipend guard */
        return EVM_OUT_OF_GAS;
    evm_slot_change sc = h->fn->set_storage(h, &c->m->recipient, key, v);
    if (sc.cold) OP_CHARGE(2100);
    u256 orig = sc.original, cur = sc.current;
    if (u256_eq(cur, v)) {
        OP_CHARGE(100);
        return EVM_SUCCESS;
    }
    bool amsterdam = h->fork >= FORK_AMSTERDAM;
    if (u256_eq(orig, cur)) {
        /* EIP-8037: setting a slot from zero is 2900 regular plus the slot's state gas */
        OP_CHARGE(u256_is_zero(orig) && !amsterdam ? 20000 : 2900);
        if (u256_is_zero(orig) && amsterdam) CHARGE_STATE(EVM_STATE_SLOT);
        if (!u256_is_zero(orig) && u256_is_zero(v)) mt->refund += 4800;
        return EVM_SUCCESS;
    }
    OP_CHARGE(100);
    if (!u256_is_zero(orig)) {
        if (u256_is_zero(cur))
            mt->refund -= 4800;
        else if (u256_is_zero(v))
            mt->refund += 4800;
    }
    if (u256_eq(orig, v)) {
        if (u256_is_zero(orig) && amsterdam) { /* the slot's state gas back to the reservoir */
            mt->state_left += EVM_STATE_SLOT;
            mt->state_used -= EVM_STATE_SLOT;
        }
        mt->refund += u256_is_zero(orig) && !amsterdam ? 19900 : 2800;
    }
    return EVM_SUCCESS;
}

evm_status evm_rule_sload(const evm_ctx *c, int64_t *gas, u256 key, u256 *out)
{
    bool cold = false;
    *out = c->h->fn->get_storage(c->h, &c->m->recipient, key, &cold);
    if (cold) OP_CHARGE(2000);
    return EVM_SUCCESS;
}

evm_status evm_rule_access(const evm_ctx *c, int64_t *gas, const evm_addr *a)
{
    if (c->h->fn->access_account(c->h, a)) OP_CHARGE(2500);
    return EVM_SUCCESS;
}

evm_status evm_rule_log(const evm_ctx *c, int64_t *gas, const uint8_t *data, uint64_t len,
                        const u256 *topics, int ntopics)
{
    if (c->m->is_static) return EVM_STATIC_VIOLATION;
    if (len > (uint64_t)INT64_MAX / 8) return EVM_OUT_OF_GAS;
    OP_CHARGE(8 * len);
    c->h->fn->emit_log(c->h, &c->m->recipient, len ? data : NULL, len, topics, ntopics);
    return EVM_SUCCESS;
}

evm_status evm_rule_selfdestruct(const evm_ctx *c, int64_t *gas, const evm_addr *b)
{
    evm_host *h = c->h;
    if (c->m->is_static) return EVM_STATIC_VIOLATION;
    if (h->fn->access_account(h, b)) OP_CHARGE(2600);
    if (!u256_is_zero(h->fn->get_balance(h, &c->m->recipient)) && !h->fn->account_exists(h, b)) {
        if (h->fork >= FORK_AMSTERDAM)
            CHARGE_STATE(EVM_STATE_ACCOUNT);
        else
            OP_CHARGE(25000);
    }
    h->fn->selfdestruct(h, &c->m->recipient, b);
    return EVM_SUCCESS;
}

evm_status evm_rule_call_access(const evm_ctx *c, int64_t *gas, const evm_addr *dst,
                                evm_addr *code_addr, bool *delegated)
{
    evm_host *h = c->h;
    if (h->fn->access_account(h, dst)) OP_CHARGE(2500);
    *code_addr = *dst;
    *delegated = h->fork >= FORK_PRAGUE && h->fn->get_delegate(h, dst, code_addr);
    if (*delegated) OP_CHARGE(h->fn->access_account(h, code_addr) ? 2600 : 100);
    return EVM_SUCCESS;
}

evm_status evm_rule_call_prepare(const evm_ctx *c, int64_t *gas, uint8_t op, u256 gas_arg,
                                 const evm_addr *dst, const evm_addr *code_addr, bool delegated,
                                 u256 value, evm_message *out, bool *run)
{
    evm_host *h = c->h;
    const evm_message *pm = c->m;
    bool has_value = !u256_is_zero(value);
    int64_t cost = has_value ? 9000 : 0;
    bool new_account = false;
    *run = false;
    if (op == EVM_OP_CALL) {
        if (has_value && pm->is_static) return EVM_STATIC_VIOLATION;
        new_account = has_value && !h->fn->account_exists(h, dst);
        if (new_account && h->fork < FORK_AMSTERDAM) cost += 25000;
    }
    OP_CHARGE(cost);
    if (new_account && h->fork >= FORK_AMSTERDAM) CHARGE_STATE(EVM_STATE_ACCOUNT);

    evm_message m = {0};
    m.kind = op == EVM_OP_CALL           ? EVM_CALL
             : op == EVM_OP_CALLCODE     ? EVM_CALLCODE
             : op == EVM_OP_DELEGATECALL ? EVM_DELEGATECALL
                                         : EVM_STATICCALL;
    m.is_static = pm->is_static || op == EVM_OP_STATICCALL;
    m.depth = pm->depth + 1;
    int64_t cap = *gas - *gas / 64;
    m.gas = u256_fits64(gas_arg) && gas_arg.w[0] < (uint64_t)cap ? (int64_t)gas_arg.w[0] : cap;
    if (has_value) {
        m.gas += 2300;
        *gas += 2300;
    }
    m.code_address = *code_addr;
    m.delegated = delegated;
    if (op == EVM_OP_CALL || op == EVM_OP_STATICCALL) {
        m.recipient = *dst;
        m.sender = pm->recipient;
        m.value = value;
    } else if (op == EVM_OP_CALLCODE) {
        m.recipient = pm->recipient;
        m.sender = pm->recipient;
        m.value = value;
    } else {
        m.recipient = pm->recipient;
        m.sender = pm->sender;
        m.value = pm->value;
    }
    m.state_gas = c->mt->state_left; /* the whole reservoir goes down (EIP-8037) */
    *out = m;
    if (m.depth > EVM_CALL_DEPTH_LIMIT) return EVM_SUCCESS;
    if (has_value && u256_lt(h->fn->get_balance(h, &pm->recipient), value)) return EVM_SUCCESS;
    *run = true;
    return EVM_SUCCESS;
}

evm_status evm_rule_create_base(const evm_ctx *c, int64_t *gas)
{
    if (c->m->is_static) return EVM_STATIC_VIOLATION;
    OP_CHARGE(evm_create_gas(c->h->fork));
    return EVM_SUCCESS;
}

evm_status evm_rule_create_prepare(const evm_ctx *c, int64_t *gas, uint8_t op, u256 value,
                                   u256 salt, uint64_t n, evm_message *out, bool *run)
{
    evm_host *h = c->h;
    *run = false;
    if (h->fork >= FORK_SHANGHAI) {
        if (n > EVM_MAX_INITCODE_SIZE) return EVM_INITCODE_SIZE; /* EIP-3860 */
        OP_CHARGE(2 * evm_words(n));
    }
    if (op == EVM_OP_CREATE2) OP_CHARGE(6 * evm_words(n));
    if (h->fork >= FORK_AMSTERDAM) CHARGE_STATE(EVM_STATE_ACCOUNT);

    evm_message m = {0};
    m.kind = op == EVM_OP_CREATE ? EVM_CREATE : EVM_CREATE2;
    m.depth = c->m->depth + 1;
    m.sender = c->m->recipient;
    m.value = value;
    m.salt = salt;
    m.state_gas = c->mt->state_left;
    *out = m;
    if (m.depth > EVM_CALL_DEPTH_LIMIT) return EVM_SUCCESS;
    if (u256_lt(h->fn->get_balance(h, &c->m->recipient), value)) return EVM_SUCCESS;
    out->gas = *gas - *gas / 64;
    *run = true;
    return EVM_SUCCESS;
}

void evm_rule_finish(const evm_ctx *c, int64_t *gas, const evm_message *sent, const evm_result *r)
{
    evm_meter *mt = c->mt;
    *gas -= sent->gas - r->gas_left;
    /* EIP-8037: the child had the whole reservoir. A failed child's state changes are undone,
       so the state gas it charged goes back to the reservoir. */
    mt->state_left = r->state_gas_left;
    if (r->status == EVM_SUCCESS) {
        mt->state_used += r->state_gas_used;
        mt->refund += r->gas_refund;
    } else {
        mt->state_left += r->state_gas_used;
    }
}
