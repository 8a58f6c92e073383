/* Slow-path instructions: calls, creates, SSTORE, logs, SELFDESTRUCT, EXTCODECOPY. The stack
   pointer `sp` points past the top; each function reads its operands, charges the EVM's memory
   costs and applies the shared rules (evm_rules.c), leaving its result in the slot the
   interpreter keeps. */
#include <stdlib.h>

#include "evm_internal.h"

#define RULE(call)                                                                                 \
    do {                                                                                           \
        evm_status st_ = (call);                                                                   \
        if (st_ != EVM_SUCCESS) return st_;                                                        \
    } while (0)

static void evm_set_return_data(evm_frame *f, evm_result *r)
{
    free(f->ret);
    f->ret = r->output;
    f->ret_len = r->output_size;
    r->output = NULL;
}

static void evm_clear_return_data(evm_frame *f)
{
    free(f->ret);
    f->ret = NULL;
    f->ret_len = 0;
}

evm_status evm_op_call(evm_frame *f, u256 *sp, int64_t *gas, uint8_t op)
{
    bool has_value_arg = op == EVM_OP_CALL || op == EVM_OP_CALLCODE;
    u256 gas_arg = sp[-1];
    evm_addr dst = evm_addr_from_u256(sp[-2]);
    u256 value = has_value_arg ? sp[-3] : U256_ZERO;
    u256 *args = has_value_arg ? sp - 4 : sp - 3; /* args[0] = in offset, args[-1] = in size */
    u256 *res = has_value_arg ? sp - 7 : sp - 6;  /* result slot (deepest operand) */
    u256 in_off = args[0], in_len = args[-1], out_off = args[-2], out_len = args[-3];

    evm_addr code_addr;
    bool delegated, run;
    RULE(evm_rule_call_access(&f->ctx, gas, &dst, &code_addr, &delegated));
    uint64_t io, in, oo, on;
    if (!evm_mem_use(f, gas, in_off, in_len, &io, &in) || *gas < 0) return EVM_OUT_OF_GAS;
    if (!evm_mem_use(f, gas, out_off, out_len, &oo, &on) || *gas < 0) return EVM_OUT_OF_GAS;
    evm_message m;
    RULE(evm_rule_call_prepare(&f->ctx, gas, op, gas_arg, &dst, &code_addr, delegated, value, &m,
                               &run));
    evm_clear_return_data(f);
    *res = U256_ZERO;
    if (!run) return EVM_SUCCESS;
    m.input = in ? f->mem + io : NULL;
    m.input_size = in;
    f->pend = m;
    f->pend_op = op;
    f->pend_out_off = oo;
    f->pend_out_len = on;
    return EVM_PENDING;
}

evm_status evm_op_create(evm_frame *f, u256 *sp, int64_t *gas, uint8_t op)
{
    u256 value = sp[-1];
    u256 salt = op == EVM_OP_CREATE2 ? sp[-4] : U256_ZERO;
    u256 *res = op == EVM_OP_CREATE ? sp - 3 : sp - 4;
    uint64_t o, n;
    bool run;
    RULE(evm_rule_create_base(&f->ctx, gas));
    if (!evm_mem_use(f, gas, sp[-2], sp[-3], &o, &n) || *gas < 0) return EVM_OUT_OF_GAS;
    evm_message m;
    RULE(evm_rule_create_prepare(&f->ctx, gas, op, value, salt, n, &m, &run));
    evm_clear_return_data(f);
    *res = U256_ZERO;
    if (!run) return EVM_SUCCESS;
    m.input = n ? f->mem + o : NULL;
    m.input_size = n;
    f->pend = m;
    f->pend_op = op;
    return EVM_PENDING;
}

void evm_finish_call(evm_frame *f, evm_result *r, int64_t *gas)
{
    uint8_t op = f->pend_op;
    evm_rule_finish(&f->ctx, gas, &f->pend, r);
    u256 *res;
    if (op == EVM_OP_CREATE || op == EVM_OP_CREATE2) {
        res = f->sp - (op == EVM_OP_CREATE ? 3 : 4);
        *res = U256_ZERO;
        if (r->status == EVM_SUCCESS) {
            *res = evm_u256_from_addr(&r->create_address);
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
        evm_set_return_data(f, r);
    }
    f->sp = res + 1;
    f->pc++;
}

evm_status evm_op_sstore(evm_frame *f, u256 *sp, int64_t *gas)
{
    return evm_rule_sstore(&f->ctx, gas, sp[-1], sp[-2]);
}

evm_status evm_op_log(evm_frame *f, u256 *sp, int64_t *gas, int ntopics)
{
    if (f->m->is_static) return EVM_STATIC_VIOLATION;
    uint64_t o, n;
    if (!evm_mem_use(f, gas, sp[-1], sp[-2], &o, &n) || *gas < 0) return EVM_OUT_OF_GAS;
    u256 topics[4];
    for (int i = 0; i < ntopics; i++)
        topics[i] = sp[-3 - i];
    return evm_rule_log(&f->ctx, gas, n ? f->mem + o : NULL, n, topics, ntopics);
}

evm_status evm_op_selfdestruct(evm_frame *f, u256 *sp, int64_t *gas)
{
    evm_addr b = evm_addr_from_u256(sp[-1]);
    return evm_rule_selfdestruct(&f->ctx, gas, &b);
}

evm_status evm_op_extcodecopy(evm_frame *f, u256 *sp, int64_t *gas)
{
    evm_host *h = f->h;
    evm_addr a = evm_addr_from_u256(sp[-1]);
    RULE(evm_rule_access(&f->ctx, gas, &a));
    uint64_t o, n;
    if (!evm_mem_use(f, gas, sp[-2], sp[-4], &o, &n) || *gas < 0) return EVM_OUT_OF_GAS;
    OP_CHARGE(3 * evm_words(n));
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
