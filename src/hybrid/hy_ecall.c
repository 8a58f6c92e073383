/* The contract ABI: one ecall per EVM operation (HY_ECALL_LIST), number in a7, arguments in
   a0..a5, results in a0/a1. Each charges its EVM opcode's base gas from the opcode table, then
   the dynamic parts through the rules the EVM uses (evm_rule_*). A bad pointer or length, an
   unknown number or a write in a static frame ends the frame exceptionally. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"
#include "rivet/crypto.h"

#define A(i) (f->x[10 + (i)])
#define TRY(e)                                                                                     \
    do {                                                                                           \
        evm_status st_ = (e);                                                                      \
        if (st_ != EVM_SUCCESS) return st_;                                                        \
    } while (0)
/* Runs a shared rule on the frame's gas in whole units. */
#define RULE(call)                                                                                 \
    do {                                                                                           \
        int64_t gas = hy_gas(f);                                                                   \
        evm_status st_ = (call);                                                                   \
        hy_set_gas(f, gas);                                                                        \
        if (st_ != EVM_SUCCESS) return st_;                                                        \
    } while (0)

static evm_status charge(hy_frame *f, int64_t n)
{
    if (n < 0 || hy_gas(f) < n) return EVM_OUT_OF_GAS;
    hy_set_gas(f, hy_gas(f) - n);
    return EVM_SUCCESS;
}

static evm_status get_addr(hy_frame *f, uint64_t a, evm_addr *v)
{
    return hy_mem_read(f, a, v->b, 20);
}

/* Copies src[off..off+len) (zero past src_len) to guest dst; 3 gas per word. */
static evm_status copy_out(hy_frame *f, uint64_t dst, const uint8_t *src, size_t src_len,
                           uint64_t off, uint64_t len)
{
    if (len > HY_MEM_SIZE) return EVM_MEM_FAULT;
    TRY(charge(f, 3 * (int64_t)evm_words(len)));
    if (!len) return EVM_SUCCESS;
    uint8_t *tmp = malloc(len);
    if (!tmp) return EVM_HOST_ERROR;
    size_t o = off < src_len ? (size_t)off : src_len;
    size_t n = src_len - o < len ? src_len - o : (size_t)len;
    if (n) memcpy(tmp, src + o, n);
    memset(tmp + n, 0, len - n);
    evm_status st = hy_mem_write(f, dst, tmp, len);
    free(tmp);
    return st;
}

/* Reads guest [a, a+len) into a malloc'd buffer (NULL for len 0). */
static evm_status read_buf(hy_frame *f, uint64_t a, uint64_t len, uint8_t **out)
{
    *out = NULL;
    if (!len) return EVM_SUCCESS;
    if (len > HY_MEM_SIZE) return EVM_MEM_FAULT;
    uint8_t *b = malloc(len);
    if (!b) return EVM_HOST_ERROR;
    evm_status st = hy_mem_read(f, a, b, len);
    if (st != EVM_SUCCESS) {
        free(b);
        return st;
    }
    *out = b;
    return EVM_SUCCESS;
}

static void set_ret(hy_frame *f, uint8_t *data, size_t len)
{
    free(f->ret);
    f->ret = data;
    f->ret_len = data ? len : 0;
}

static evm_status end_frame(hy_frame *f, evm_status st)
{
    TRY(read_buf(f, A(0), A(1), &f->out));
    f->out_len = f->out ? A(1) : 0;
    return st;
}

/* ---------------------------------------------------------------- calls and creates */

static evm_status run_child(hy_frame *f, evm_message *m, uint8_t *input, uint64_t out_addr)
{
    evm_host *h = f->ctx.h;
    evm_result r;
    if (f->tl) hy_trace_call(f, f->tl, m);
    h->fn->call(h, m, &r);
    free(input);
    if (r.status == EVM_HOST_ERROR) {
        free(r.output);
        return EVM_HOST_ERROR;
    }
    RULE((evm_rule_finish(&f->ctx, &gas, m, &r), EVM_SUCCESS));
    bool create = m->kind == EVM_CREATE || m->kind == EVM_CREATE2;
    A(0) = r.status == EVM_SUCCESS;
    if (create && r.status == EVM_SUCCESS) {
        free(r.output);
        set_ret(f, NULL, 0);
        TRY(hy_mem_write(f, out_addr, r.create_address.b, 20));
    } else if (create && r.status != EVM_REVERT) {
        free(r.output);
        set_ret(f, NULL, 0);
    } else {
        set_ret(f, r.output, r.output_size);
    }
    A(1) = f->ret_len;
    if (f->tl) hy_trace_ret(f, f->tl, m, &r);
    return EVM_SUCCESS;
}

static evm_status ec_call(hy_frame *f, uint8_t op)
{
    bool has_value = op == EVM_OP_CALL || op == EVM_OP_CALLCODE;
    u256 value = U256_ZERO;
    evm_addr dst, code_addr;
    bool delegated, run;
    TRY(get_addr(f, A(1), &dst));
    if (has_value) TRY(hy_get32(f, A(2), &value));
    uint64_t in = has_value ? A(3) : A(2), in_len = has_value ? A(4) : A(3);
    RULE(evm_rule_call_access(&f->ctx, &gas, &dst, &code_addr, &delegated));
    uint8_t *input;
    TRY(read_buf(f, in, in_len, &input));
    evm_message m;
    int64_t gas = hy_gas(f);
    evm_status st = evm_rule_call_prepare(&f->ctx, &gas, op, u256_from_u64(A(0)), &dst, &code_addr,
                                          delegated, value, &m, &run);
    hy_set_gas(f, gas);
    set_ret(f, NULL, 0);
    if (st != EVM_SUCCESS || !run) {
        free(input);
        A(0) = A(1) = 0;
        return st;
    }
    m.input = input;
    m.input_size = in_len;
    return run_child(f, &m, input, 0);
}

static evm_status ec_create(hy_frame *f, uint8_t op)
{
    u256 value, salt = U256_ZERO;
    bool run;
    TRY(hy_get32(f, A(0), &value));
    if (op == EVM_OP_CREATE2) TRY(hy_get32(f, A(3), &salt));
    uint64_t out_addr = op == EVM_OP_CREATE2 ? A(4) : A(3);
    RULE(evm_rule_create_base(&f->ctx, &gas));
    uint8_t *init;
    TRY(read_buf(f, A(1), A(2), &init));
    evm_message m;
    int64_t gas = hy_gas(f);
    evm_status st = evm_rule_create_prepare(&f->ctx, &gas, op, value, salt, A(2), &m, &run);
    hy_set_gas(f, gas);
    set_ret(f, NULL, 0);
    if (st != EVM_SUCCESS || !run) {
        free(init);
        A(0) = A(1) = 0;
        return st;
    }
    m.input = init;
    m.input_size = A(2);
    return run_child(f, &m, init, out_addr);
}

/* ---------------------------------------------------------------- the dispatcher */

static evm_status ec_log(hy_frame *f, int n)
{
    u256 topics[4];
    for (int i = 0; i < n; i++)
        TRY(hy_get32(f, A(2) + 32 * (uint64_t)i, &topics[i]));
    uint8_t *data;
    if (f->ctx.m->is_static) return EVM_STATIC_VIOLATION;
    TRY(read_buf(f, A(0), A(1), &data));
    int64_t gas = hy_gas(f);
    evm_status st = evm_rule_log(&f->ctx, &gas, data, A(1), topics, n);
    hy_set_gas(f, gas);
    free(data);
    return st;
}

static evm_status ec_keccak(hy_frame *f)
{
    TRY(charge(f, 6 * (int64_t)evm_words(A(1) > HY_MEM_SIZE ? HY_MEM_SIZE : A(1))));
    uint8_t *data, h[32];
    TRY(read_buf(f, A(0), A(1), &data));
    crypto_keccak256(h, data, A(1));
    free(data);
    return hy_mem_write(f, A(2), h, 32);
}

static evm_status ecall_run(hy_frame *f)
{
    evm_host *h = f->ctx.h;
    const evm_message *m = f->ctx.m;
    const evm_tx_context *txc = h->tx;
    uint64_t n = f->x[17];
    f->vm->st.ecalls++;
    if (n > 0xff) return EVM_UNDEFINED;
    evm_opinfo oi = evm_opcode_info((uint8_t)n, h->fork);
    switch (n) {
#define X(num, name, args) case num:
        HY_ECALL_LIST(X)
#undef X
        break;
    default: return EVM_UNDEFINED;
    }
    if (!oi.name) return EVM_UNDEFINED; /* not in this fork */
    if (n != EVM_OP_CREATE && n != EVM_OP_CREATE2) TRY(charge(f, oi.gas));
    evm_addr a;
    u256 v, k;
    switch (n) {
    case EVM_OP_STOP: A(0) = A(1) = 0; return end_frame(f, EVM_SUCCESS);
    case EVM_OP_RETURN: return end_frame(f, EVM_SUCCESS);
    case EVM_OP_REVERT: return end_frame(f, EVM_REVERT);
    case EVM_OP_KECCAK256: TRY(ec_keccak(f)); break;
    case EVM_OP_MUL:
    case EVM_OP_DIV:
    case EVM_OP_SDIV:
    case EVM_OP_MOD:
    case EVM_OP_SMOD:
    case EVM_OP_ADDMOD:
    case EVM_OP_MULMOD: TRY(hy_ecall_arith(f, (uint8_t)n)); break;
    case EVM_OP_ADDRESS: TRY(hy_mem_write(f, A(0), m->recipient.b, 20)); break;
    case EVM_OP_ORIGIN: TRY(hy_mem_write(f, A(0), txc->origin.b, 20)); break;
    case EVM_OP_CALLER: TRY(hy_mem_write(f, A(0), m->sender.b, 20)); break;
    case EVM_OP_COINBASE: TRY(hy_mem_write(f, A(0), txc->coinbase.b, 20)); break;
    case EVM_OP_CALLVALUE: TRY(hy_put32(f, A(0), m->value)); break;
    case EVM_OP_GASPRICE: TRY(hy_put32(f, A(0), txc->gas_price)); break;
    case EVM_OP_PREVRANDAO: TRY(hy_put32(f, A(0), txc->prevrandao)); break;
    case EVM_OP_CHAINID: TRY(hy_put32(f, A(0), txc->chain_id)); break;
    case EVM_OP_BASEFEE: TRY(hy_put32(f, A(0), txc->base_fee)); break;
    case EVM_OP_BLOBBASEFEE: TRY(hy_put32(f, A(0), txc->blob_base_fee)); break;
    case EVM_OP_SELFBALANCE: TRY(hy_put32(f, A(0), h->fn->get_balance(h, &m->recipient))); break;
    case EVM_OP_TIMESTAMP: A(0) = txc->timestamp; break;
    case EVM_OP_NUMBER: A(0) = txc->number; break;
    case EVM_OP_GASLIMIT: A(0) = txc->gas_limit; break;
    case EVM_OP_GAS: A(0) = (uint64_t)hy_gas(f); break;
    case EVM_OP_CALLDATASIZE: A(0) = f->calldata_len; break;
    case EVM_OP_CODESIZE: A(0) = f->code_len; break;
    case EVM_OP_RETURNDATASIZE: A(0) = f->ret_len; break;
    case EVM_OP_CALLDATALOAD: {
        uint8_t b[32];
        size_t o = A(0) < f->calldata_len ? (size_t)A(0) : f->calldata_len;
        size_t c = f->calldata_len - o < 32 ? f->calldata_len - o : 32;
        memset(b, 0, 32);
        if (c) memcpy(b, f->calldata + o, c);
        TRY(hy_mem_write(f, A(1), b, 32));
        break;
    }
    case EVM_OP_CALLDATACOPY:
        TRY(copy_out(f, A(0), f->calldata, f->calldata_len, A(1), A(2)));
        break;
    case EVM_OP_CODECOPY: TRY(copy_out(f, A(0), f->code, f->code_len, A(1), A(2))); break;
    case EVM_OP_RETURNDATACOPY:
        if (A(1) > f->ret_len || A(2) > f->ret_len - A(1)) return EVM_RETURNDATA_OOB;
        TRY(copy_out(f, A(0), f->ret, f->ret_len, A(1), A(2)));
        break;
    case EVM_OP_BALANCE:
        TRY(get_addr(f, A(0), &a));
        RULE(evm_rule_access(&f->ctx, &gas, &a));
        TRY(hy_put32(f, A(1), h->fn->get_balance(h, &a)));
        break;
    case EVM_OP_EXTCODESIZE:
        TRY(get_addr(f, A(0), &a));
        RULE(evm_rule_access(&f->ctx, &gas, &a));
        A(0) = h->fn->get_code_size(h, &a);
        break;
    case EVM_OP_EXTCODEHASH: {
        TRY(get_addr(f, A(0), &a));
        RULE(evm_rule_access(&f->ctx, &gas, &a));
        evm_hash ch = h->fn->get_code_hash(h, &a);
        TRY(hy_mem_write(f, A(1), ch.b, 32));
        break;
    }
    case EVM_OP_EXTCODECOPY: {
        TRY(get_addr(f, A(0), &a));
        RULE(evm_rule_access(&f->ctx, &gas, &a));
        size_t cl = h->fn->get_code_size(h, &a);
        uint8_t *code = cl ? malloc(cl) : NULL;
        if (cl && !code) return EVM_HOST_ERROR;
        if (cl) h->fn->copy_code(h, &a, 0, code, cl);
        evm_status st = copy_out(f, A(1), code, cl, A(2), A(3));
        free(code);
        TRY(st);
        break;
    }
    case EVM_OP_BLOCKHASH: {
        uint64_t num = A(0);
        evm_hash bh = {{0}};
        if (num < txc->number && txc->number - num <= 256) bh = h->fn->get_block_hash(h, num);
        TRY(hy_mem_write(f, A(1), bh.b, 32));
        break;
    }
    case EVM_OP_BLOBHASH: {
        evm_hash bh = {{0}};
        if (A(0) < txc->blob_hash_count) bh = txc->blob_hashes[A(0)];
        TRY(hy_mem_write(f, A(1), bh.b, 32));
        break;
    }
    case EVM_OP_SLOAD:
        TRY(hy_get32(f, A(0), &k));
        RULE(evm_rule_sload(&f->ctx, &gas, k, &v));
        TRY(hy_put32(f, A(1), v));
        break;
    case EVM_OP_SSTORE:
        TRY(hy_get32(f, A(0), &k));
        TRY(hy_get32(f, A(1), &v));
        RULE(evm_rule_sstore(&f->ctx, &gas, k, v));
        break;
    case EVM_OP_TLOAD:
        TRY(hy_get32(f, A(0), &k));
        TRY(hy_put32(f, A(1), h->fn->get_transient(h, &m->recipient, k)));
        break;
    case EVM_OP_TSTORE:
        if (m->is_static) return EVM_STATIC_VIOLATION;
        TRY(hy_get32(f, A(0), &k));
        TRY(hy_get32(f, A(1), &v));
        h->fn->set_transient(h, &m->recipient, k, v);
        break;
    case EVM_OP_LOG0:
    case EVM_OP_LOG1:
    case EVM_OP_LOG2:
    case EVM_OP_LOG3:
    case EVM_OP_LOG4: TRY(ec_log(f, (int)(n - EVM_OP_LOG0))); break;
    case EVM_OP_CALL:
    case EVM_OP_CALLCODE:
    case EVM_OP_DELEGATECALL:
    case EVM_OP_STATICCALL: TRY(ec_call(f, (uint8_t)n)); break;
    case EVM_OP_CREATE:
    case EVM_OP_CREATE2: TRY(ec_create(f, (uint8_t)n)); break;
    case EVM_OP_SELFDESTRUCT:
        TRY(get_addr(f, A(0), &a));
        RULE(evm_rule_selfdestruct(&f->ctx, &gas, &a));
        A(0) = A(1) = 0;
        return end_frame(f, EVM_SUCCESS);
    }
    return HY_CONTINUE;
}

/* The ecall with its trace line (kept out of the untraced path and its stack). */
static __attribute__((noinline)) evm_status ecall_traced(hy_frame *f)
{
    hy_tline t;
    if (!hy_trace_begin(f, &t)) return ecall_run(f);
    f->tl = &t;
    evm_status st = ecall_run(f);
    f->tl = NULL;
    hy_trace_end(f, &t, st);
    return st;
}

evm_status hy_ecall(hy_frame *f)
{
    if (f->ctx.h->tracer && f->vm->opt.trace_ecalls) return ecall_traced(f);
    return ecall_run(f);
}
