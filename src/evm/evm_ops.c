/* Slow-path instructions: calls, creates, SSTORE, logs, SELFDESTRUCT, EXTCODECOPY. The stack
   pointer `sp` points past the top; each function reads its operands and leaves its result in
   the slot the interpreter keeps. */
#include <stdlib.h>

#include "evm_internal.h"

#define CHARGE(n)                                                                                  \
    do {                                                                                           \
        if ((*gas -= (int64_t)(n)) < 0) return EVM_OUT_OF_GAS;                                     \
    } while (0)

/* EIP-8037 state gas, charged after the instruction's regular gas. */
#define CHARGE_STATE(n)                                                                            \
    do {                                                                                           \
        if (!evm_charge_state(gas, &f->state_left, &f->state_used, (n))) return EVM_OUT_OF_GAS;    \
    } while (0)

static void evm_set_return_data(evm_frame *f, evm_result *r)
{
    free(f->ret);
    f->ret = r->output;
    f->ret_len = r->output_size;
    r->output = NULL;
}

evm_status evm_op_call(evm_frame *f, u256 *sp, int64_t *gas, uint8_t op)
{
    evm_host *h = f->h;
    bool has_value_arg = op == EVM_OP_CALL || op == EVM_OP_CALLCODE;
    u256 gas_arg = sp[-1];
    evm_addr dst = evm_addr_from_u256(sp[-2]);
    u256 value = has_value_arg ? sp[-3] : U256_ZERO;
    u256 *args = has_value_arg ? sp - 4 : sp - 3; /* args[0] = in offset, args[-1] = in size */
    u256 *res = has_value_arg ? sp - 7 : sp - 6;  /* result slot (deepest operand) */
    u256 in_off = args[0], in_len = args[-1], out_off = args[-2], out_len = args[-3];

    if (h->fn->access_account(h, &dst)) CHARGE(2500);
    evm_addr code_addr = dst;
    bool delegated = f->fork >= FORK_PRAGUE && h->fn->get_delegate(h, &dst, &code_addr);
    if (delegated) CHARGE(h->fn->access_account(h, &code_addr) ? 2600 : 100);

    uint64_t io, in, oo, on;
    if (!evm_mem_use(f, gas, in_off, in_len, &io, &in) || *gas < 0) return EVM_OUT_OF_GAS;
    if (!evm_mem_use(f, gas, out_off, out_len, &oo, &on) || *gas < 0) return EVM_OUT_OF_GAS;

    bool has_value = !u256_is_zero(value);
    int64_t cost = has_value ? 9000 : 0;
    bool new_account = false;
    if (op == EVM_OP_CALL) {
        if (has_value && f->m->is_static) return EVM_STATIC_VIOLATION;
        new_account = has_value && !h->fn->account_exists(h, &dst);
        if (new_account && f->fork < FORK_AMSTERDAM) cost += 25000;
    }
    CHARGE(cost);
    if (new_account && f->fork >= FORK_AMSTERDAM) CHARGE_STATE(EVM_STATE_ACCOUNT);

    evm_message m = {0};
    m.kind = op == EVM_OP_CALL           ? EVM_CALL
             : op == EVM_OP_CALLCODE     ? EVM_CALLCODE
             : op == EVM_OP_DELEGATECALL ? EVM_DELEGATECALL
                                         : EVM_STATICCALL;
    m.is_static = f->m->is_static || op == EVM_OP_STATICCALL;
    m.depth = f->m->depth + 1;
    int64_t cap = *gas - *gas / 64;
    m.gas = u256_fits64(gas_arg) && gas_arg.w[0] < (uint64_t)cap ? (int64_t)gas_arg.w[0] : cap;
    if (has_value) {
        m.gas += 2300;
        *gas += 2300;
    }
    m.code_address = code_addr;
    m.delegated = delegated;
    if (op == EVM_OP_CALL || op == EVM_OP_STATICCALL) {
        m.recipient = dst;
        m.sender = f->m->recipient;
        m.value = value;
    } else if (op == EVM_OP_CALLCODE) {
        m.recipient = f->m->recipient;
        m.sender = f->m->recipient;
        m.value = value;
    } else {
        m.recipient = f->m->recipient;
        m.sender = f->m->sender;
        m.value = f->m->value;
    }
    m.input = in ? f->mem + io : NULL;
    m.input_size = in;
    m.state_gas = f->state_left; /* the whole reservoir goes down (EIP-8037) */

    free(f->ret);
    f->ret = NULL;
    f->ret_len = 0;
    *res = U256_ZERO;
    if (m.depth > EVM_CALL_DEPTH_LIMIT) return EVM_SUCCESS;
    if (has_value && u256_lt(h->fn->get_balance(h, &f->m->recipient), value)) return EVM_SUCCESS;

    f->pend = m;
    f->pend_op = op;
    f->pend_out_off = oo;
    f->pend_out_len = on;
    return EVM_PENDING;
}

evm_status evm_op_create(evm_frame *f, u256 *sp, int64_t *gas, uint8_t op)
{
    evm_host *h = f->h;
    if (f->m->is_static) return EVM_STATIC_VIOLATION;
    u256 value = sp[-1];
    u256 salt = op == EVM_OP_CREATE2 ? sp[-4] : U256_ZERO;
    u256 *res = op == EVM_OP_CREATE ? sp - 3 : sp - 4;
    uint64_t o, n;
    CHARGE(evm_create_gas(f->fork));
    if (!evm_mem_use(f, gas, sp[-2], sp[-3], &o, &n) || *gas < 0) return EVM_OUT_OF_GAS;
    if (f->fork >= FORK_SHANGHAI) {
        if (n > EVM_MAX_INITCODE_SIZE) return EVM_INITCODE_SIZE; /* EIP-3860 */
        CHARGE(2 * evm_words(n));
    }
    if (op == EVM_OP_CREATE2) CHARGE(6 * evm_words(n));
    if (f->fork >= FORK_AMSTERDAM) CHARGE_STATE(EVM_STATE_ACCOUNT);

    free(f->ret);
    f->ret = NULL;
    f->ret_len = 0;
    *res = U256_ZERO;
    if (f->m->depth + 1 > EVM_CALL_DEPTH_LIMIT) return EVM_SUCCESS;
    if (u256_lt(h->fn->get_balance(h, &f->m->recipient), value)) return EVM_SUCCESS;

    evm_message m = {0};
    m.kind = op == EVM_OP_CREATE ? EVM_CREATE : EVM_CREATE2;
    m.depth = f->m->depth + 1;
    m.gas = *gas - *gas / 64;
    m.sender = f->m->recipient;
    m.value = value;
    m.salt = salt;
    m.input = n ? f->mem + o : NULL;
    m.input_size = n;
    m.state_gas = f->state_left;

    f->pend = m;
    f->pend_op = op;
    return EVM_PENDING;
}

void evm_finish_call(evm_frame *f, evm_result *r, int64_t *gas)
{
    uint8_t op = f->pend_op;
    *gas -= f->pend.gas - r->gas_left;
    /* EIP-8037: the child had the whole reservoir. A failed child's state changes are undone,
       so the state gas it charged goes back to the reservoir. */
    f->state_left = r->state_gas_left;
    if (r->status == EVM_SUCCESS)
        f->state_used += r->state_gas_used;
    else
        f->state_left += r->state_gas_used;
    u256 *res;
    if (op == EVM_OP_CREATE || op == EVM_OP_CREATE2) {
        res = f->sp - (op == EVM_OP_CREATE ? 3 : 4);
        *res = U256_ZERO;
        if (r->status == EVM_SUCCESS) {
            *res = evm_u256_from_addr(&r->create_address);
            f->refund += r->gas_refund;
            free(r->output);
        } else if (r->status == EVM_REVERT) {
            evm_set_return_data(f, r);
        } else {
            free(r->output);
        }
    } else {
        res = f->sp - (op == EVM_OP_CALL || op == EVM_OP_CALLCODE ? 7 : 6);
        *res = u256_from_u64(r->status == EVM_SUCCESS);
        size_t n = r->output_size < f->pend_out_len ? r->output_size : f->pend_out_len;
        if (n) memcpy(f->mem + f->pend_out_off, r->output, n);
        if (r->status == EVM_SUCCESS) f->refund += r->gas_refund;
        evm_set_return_data(f, r);
    }
    f->sp = res + 1;
    f->pc++;
}

evm_status evm_op_sstore(evm_frame *f, u256 *sp, int64_t *gas)
{
    evm_host *h = f->h;
    if (f->m->is_static) return EVM_STATIC_VIOLATION;
    if (*gas <= 2300) /* EIP-2200 stipend guard */
        return EVM_OUT_OF_GAS;
    u256 key = sp[-1], v = sp[-2];
    evm_slot_change c = h->fn->set_storage(h, &f->m->recipient, key, v);
    if (c.cold) CHARGE(2100);
    u256 orig = c.original, cur = c.current;
    if (u256_eq(cur, v)) {
        CHARGE(100);
        return EVM_SUCCESS;
    }
    bool amsterdam = f->fork >= FORK_AMSTERDAM;
    if (u256_eq(orig, cur)) {
        /* EIP-8037: setting a slot from zero is 2900 regular plus the slot's state gas */
        CHARGE(u256_is_zero(orig) && !amsterdam ? 20000 : 2900);
        if (u256_is_zero(orig) && amsterdam) CHARGE_STATE(EVM_STATE_SLOT);
        if (!u256_is_zero(orig) && u256_is_zero(v)) f->refund += 4800;
        return EVM_SUCCESS;
    }
    CHARGE(100);
    if (!u256_is_zero(orig)) {
        if (u256_is_zero(cur))
            f->refund -= 4800;
        else if (u256_is_zero(v))
            f->refund += 4800;
    }
    if (u256_eq(orig, v)) {
        if (u256_is_zero(orig) && amsterdam) { /* the slot's state gas back to the reservoir */
            f->state_left += EVM_STATE_SLOT;
            f->state_used -= EVM_STATE_SLOT;
        }
        f->refund += u256_is_zero(orig) && !amsterdam ? 19900 : 2800;
    }
    return EVM_SUCCESS;
}

evm_status evm_op_log(evm_frame *f, u256 *sp, int64_t *gas, int ntopics)
{
    if (f->m->is_static) return EVM_STATIC_VIOLATION;
    uint64_t o, n;
    if (!evm_mem_use(f, gas, sp[-1], sp[-2], &o, &n) || *gas < 0) return EVM_OUT_OF_GAS;
    if (n > (uint64_t)INT64_MAX / 8) return EVM_OUT_OF_GAS;
    CHARGE(8 * n);
    u256 topics[4];
    for (int i = 0; i < ntopics; i++)
        topics[i] = sp[-3 - i];
    f->h->fn->emit_log(f->h, &f->m->recipient, n ? f->mem + o : NULL, n, topics, ntopics);
    return EVM_SUCCESS;
}

evm_status evm_op_selfdestruct(evm_frame *f, u256 *sp, int64_t *gas)
{
    evm_host *h = f->h;
    if (f->m->is_static) return EVM_STATIC_VIOLATION;
    evm_addr b = evm_addr_from_u256(sp[-1]);
    if (h->fn->access_account(h, &b)) CHARGE(2600);
    if (!u256_is_zero(h->fn->get_balance(h, &f->m->recipient)) && !h->fn->account_exists(h, &b)) {
        if (f->fork >= FORK_AMSTERDAM)
            CHARGE_STATE(EVM_STATE_ACCOUNT);
        else
            CHARGE(25000);
    }
    h->fn->selfdestruct(h, &f->m->recipient, &b);
    return EVM_SUCCESS;
}

evm_status evm_op_extcodecopy(evm_frame *f, u256 *sp, int64_t *gas)
{
    evm_host *h = f->h;
    evm_addr a = evm_addr_from_u256(sp[-1]);
    if (h->fn->access_account(h, &a)) CHARGE(2500);
    uint64_t o, n;
    if (!evm_mem_use(f, gas, sp[-2], sp[-4], &o, &n) || *gas < 0) return EVM_OUT_OF_GAS;
    CHARGE(3 * evm_words(n));
    if (n) {
        u256 off = sp[-3];
        size_t got = 0;
        if (u256_fits64(off)) got = h->fn->copy_code(h, &a, (size_t)off.w[0], f->mem + o, n);
        memset(f->mem + o + got, 0, n - got);
    }
    return EVM_SUCCESS;
}

evm_status evm_op_return(evm_frame *f, u256 *sp, int64_t *gas)
{
    uint64_t o, n;
    if (!evm_mem_use(f, gas, sp[-1], sp[-2], &o, &n) || *gas < 0) return EVM_OUT_OF_GAS;
    if (n) {
        f->out = malloc(n);
        if (!f->out) return EVM_HOST_ERROR;
        memcpy(f->out, f->mem + o, n);
        f->out_len = n;
    }
    return EVM_SUCCESS;
}
