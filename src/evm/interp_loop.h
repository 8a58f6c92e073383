/* The interpreter loop body, included by interp.c once per variant. Parameters:
   LOOP_NAME (function name), LOOP_TRACE (1: emit an EIP-3155 line per instruction).
   Dispatch: computed goto (labels[] built from EVM_OPCODES) unless RIVET_EVM_SWITCH is
   defined, in which case the same op bodies become the cases of a switch. The loop starts at
   f->pc / f->sp and saves them when it stops, so it can return EVM_PENDING at a CALL/CREATE
   and be resumed after the nested frame. */

static evm_status LOOP_NAME(evm_frame *f, int64_t *gas_io)
{
    const uint8_t *const code = f->code;
    u256 *const stack = f->stack;
    u256 *sp = f->sp; /* next free slot; sp[-1] is the top */
    size_t pc = f->pc;
    int64_t gas = *gas_io;
    evm_status st = EVM_SUCCESS;
    evm_host *const h = f->h;
    /* Temporaries shared by all ops, declared once: keeps this frame small, notably in
       sanitizer builds (nested calls do not recurse through the loop, but deep host or
       precompile calls still run on top of it). */
    uint64_t o, n, o2, n2;
    uint8_t buf32[32];
    evm_hash hh;
    evm_addr ad;
    u256 a, b;   /* operand scratch */
    uint64_t x_; /* PUSH scratch */

/* Each op starts with its own checks, specialised at compile time from the opcode table:
   the fork gate only for ops newer than the first fork the interpreter runs (the table's fork
   column; before it the op is undefined), no underflow test for ops that pop nothing, no
   overflow test for ops that do not grow the stack, no gas update for zero base gas. */
#define CHECK(name)                                                                                \
    if (LOOP_TRACE) evm_trace_step(f, pc, code[pc], gas, sp);                                      \
    if ((int)EVM_SINCE_##name > (int)EVM_FORK_FIRST &&                                             \
        __builtin_expect((int)f->fork < (int)EVM_SINCE_##name, 0))                                 \
        FAIL(EVM_UNDEFINED);                                                                       \
    if (EVM_IN_##name > 0 && __builtin_expect(sp - stack < EVM_IN_##name, 0))                      \
        FAIL(EVM_STACK_UNDERFLOW);                                                                 \
    if (EVM_OUT_##name > EVM_IN_##name &&                                                          \
        __builtin_expect(sp - stack > EVM_STACK_LIMIT - (EVM_OUT_##name - EVM_IN_##name), 0))      \
        FAIL(EVM_STACK_OVERFLOW);                                                                  \
    if (EVM_GAS_##name != 0 && __builtin_expect((gas -= EVM_GAS_##name) < 0, 0))                   \
        FAIL(EVM_OUT_OF_GAS);
#ifndef RIVET_EVM_SWITCH
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init" /* defined opcodes override the default */
    static const void *const labels[256] = {[0 ... 255] = &&L_UNDEFINED,
#define X(c, name, in, out, g, fk) [c] = &&L_##name,
                                            EVM_OPCODES(X)
#undef X
    };
#pragma GCC diagnostic pop
#define OP(name) L_##name : CHECK(name)
#define NEXT()   goto *labels[code[pc]]
#define DEFAULT_OP                                                                                 \
    L_UNDEFINED:                                                                                   \
    if (LOOP_TRACE) evm_trace_step(f, pc, code[pc], gas, sp);
#else
#define OP(name)                                                                                   \
    case EVM_OP_##name:                                                                            \
        CHECK(name)
#define NEXT() goto dispatch
#define DEFAULT_OP                                                                                 \
    default:                                                                                       \
        if (LOOP_TRACE) evm_trace_step(f, pc, code[pc], gas, sp);
#endif
#define FAIL(s)                                                                                    \
    do {                                                                                           \
        st = (s);                                                                                  \
        goto done;                                                                                 \
    } while (0)
#define CHARGE(n)                                                                                  \
    do {                                                                                           \
        if ((gas -= (int64_t)(n)) < 0) FAIL(EVM_OUT_OF_GAS);                                       \
    } while (0)
#define MEM(off, len, o, n)                                                                        \
    do {                                                                                           \
        if (!evm_mem_use(f, &gas, off, len, &o, &n) || gas < 0) FAIL(EVM_OUT_OF_GAS);              \
    } while (0)
/* Memory access of a fixed size at a stack offset; sets o. Fast path: already in memory. */
#define MEM_FIXED(off, size)                                                                       \
    do {                                                                                           \
        u256 off_ = (off);                                                                         \
        if (u256_fits64(off_) && off_.w[0] <= EVM_MEM_LIMIT && off_.w[0] + (size) <= f->msize)     \
            o = off_.w[0];                                                                         \
        else                                                                                       \
            MEM(off_, u256_from_u64(size), o, n);                                                  \
    } while (0)
#define SLOW(call)                                                                                 \
    do {                                                                                           \
        evm_status s_ = (call);                                                                    \
        if (s_ != EVM_SUCCESS) FAIL(s_);                                                           \
    } while (0)
/* A call or create: either finished here (depth limit, balance) or suspended with pc and sp
   at the instruction so that the nested frame runs outside this loop (no C recursion
   through the interpreter loop). */
#define CALL_OP(call, pops)                                                                        \
    do {                                                                                           \
        evm_status s_ = (call);                                                                    \
        if (s_ == EVM_PENDING) {                                                                   \
            st = s_;                                                                               \
            goto done;                                                                             \
        }                                                                                          \
        if (s_ != EVM_SUCCESS) FAIL(s_);                                                           \
        sp -= pops;                                                                                \
        pc++;                                                                                      \
        NEXT();                                                                                    \
    } while (0)
#define BINOP(expr)                                                                                \
    do {                                                                                           \
        a = sp[-1];                                                                                \
        b = sp[-2];                                                                                \
        sp[-2] = (expr);                                                                           \
        sp--;                                                                                      \
        pc++;                                                                                      \
    } while (0)
#define PUSHV(v) (*sp++ = (v))
/* The one JUMP/JUMPI destination check: inside the code and on a JUMPDEST (the bitmap). */
#define JUMP_OK(d)                                                                                 \
    (u256_fits64(d) && (d).w[0] < f->code_len &&                                                   \
     ((f->jumpdests[(d).w[0] >> 6] >> ((d).w[0] & 63)) & 1))

#ifndef RIVET_EVM_SWITCH
    NEXT();
#else
dispatch:
    switch (code[pc]) {
#endif

    // clang-format off
    OP(STOP) FAIL(EVM_SUCCESS);
    OP(ADD) BINOP(evm_add(a, b)); NEXT();
    OP(MUL) BINOP(evm_mul(a, b)); NEXT();
    OP(SUB) BINOP(u256_sub(a, b)); NEXT();
    OP(DIV) BINOP(u256_div(a, b)); NEXT();
    OP(SDIV) BINOP(u256_sdiv(a, b)); NEXT();
    OP(MOD) BINOP(u256_mod(a, b)); NEXT();
    OP(SMOD) BINOP(u256_smod(a, b)); NEXT();
    OP(ADDMOD) sp[-3] = u256_addmod(sp[-1], sp[-2], sp[-3]); sp -= 2; pc++; NEXT();
    OP(MULMOD) sp[-3] = u256_mulmod(sp[-1], sp[-2], sp[-3]); sp -= 2; pc++; NEXT();
    OP(EXP) CHARGE(50 * u256_bytelen(sp[-2])); BINOP(u256_exp(a, b)); NEXT();
    OP(SIGNEXTEND) BINOP(u256_signextend(a, b)); NEXT();
    OP(LT) BINOP(u256_from_u64(u256_lt(a, b))); NEXT();
    OP(GT) BINOP(u256_from_u64(u256_gt(a, b))); NEXT();
    OP(SLT) BINOP(u256_from_u64(u256_slt(a, b))); NEXT();
    OP(SGT) BINOP(u256_from_u64(u256_sgt(a, b))); NEXT();
    OP(EQ) BINOP(u256_from_u64(u256_eq(a, b))); NEXT();
    OP(ISZERO) sp[-1] = u256_from_u64(u256_is_zero(sp[-1])); pc++; NEXT();
    OP(AND) BINOP(u256_and(a, b)); NEXT();
    OP(OR) BINOP(u256_or(a, b)); NEXT();
    OP(XOR) BINOP(u256_xor(a, b)); NEXT();
    OP(NOT) sp[-1] = u256_not(sp[-1]); pc++; NEXT();
    OP(BYTE) BINOP(u256_byte(a, b)); NEXT();
    OP(SHL) BINOP(evm_shl(b, a)); NEXT();
    OP(SHR) BINOP(evm_shr(b, a)); NEXT();
    OP(SAR) BINOP(u256_sar(b, a)); NEXT();
    OP(CLZ) sp[-1] = u256_from_u64(u256_clz(sp[-1])); pc++; NEXT();
    OP(KECCAK256) {
        MEM(sp[-1], sp[-2], o, n);
        CHARGE(6 * evm_words(n));
        crypto_keccak256(hh.b, n ? f->mem + o : NULL, n);
        sp[-2] = evm_load32(hh.b);
        sp--; pc++; NEXT();
    }
    OP(ADDRESS) PUSHV(evm_u256_from_addr(&f->m->recipient)); pc++; NEXT();
    OP(BALANCE) {
        ad = evm_addr_from_u256(sp[-1]);
        if (h->fn->access_account(h, &ad)) CHARGE(2500);
        sp[-1] = h->fn->get_balance(h, &ad);
        pc++; NEXT();
    }
    OP(ORIGIN) PUSHV(evm_u256_from_addr(&h->tx->origin)); pc++; NEXT();
    OP(CALLER) PUSHV(evm_u256_from_addr(&f->m->sender)); pc++; NEXT();
    OP(CALLVALUE) PUSHV(f->m->value); pc++; NEXT();
    OP(CALLDATALOAD) {
        evm_copy_padded(buf32, f->m->input, f->m->input_size, sp[-1], 32);
        sp[-1] = evm_load32(buf32);
        pc++; NEXT();
    }
    OP(CALLDATASIZE) PUSHV(u256_from_u64(f->m->input_size)); pc++; NEXT();
    OP(CALLDATACOPY) {
        MEM(sp[-1], sp[-3], o, n);
        CHARGE(3 * evm_words(n));
        if (n) evm_copy_padded(f->mem + o, f->m->input, f->m->input_size, sp[-2], n);
        sp -= 3; pc++; NEXT();
    }
    OP(CODESIZE) PUSHV(u256_from_u64(f->code_len)); pc++; NEXT();
    OP(CODECOPY) {
        MEM(sp[-1], sp[-3], o, n);
        CHARGE(3 * evm_words(n));
        if (n) evm_copy_padded(f->mem + o, code, f->code_len, sp[-2], n);
        sp -= 3; pc++; NEXT();
    }
    OP(GASPRICE) PUSHV(h->tx->gas_price); pc++; NEXT();
    OP(EXTCODESIZE) {
        ad = evm_addr_from_u256(sp[-1]);
        if (h->fn->access_account(h, &ad)) CHARGE(2500);
        sp[-1] = u256_from_u64(h->fn->get_code_size(h, &ad));
        pc++; NEXT();
    }
    OP(EXTCODECOPY) SLOW(evm_op_extcodecopy(f, sp, &gas)); sp -= 4; pc++; NEXT();
    OP(RETURNDATASIZE) PUSHV(u256_from_u64(f->ret_len)); pc++; NEXT();
    OP(RETURNDATACOPY) {
        MEM(sp[-1], sp[-3], o, n);
        b = sp[-2];
        if (!u256_fits64(b) || b.w[0] > f->ret_len || f->ret_len - b.w[0] < n)
            FAIL(EVM_RETURNDATA_OOB);
        CHARGE(3 * evm_words(n));
        if (n) memcpy(f->mem + o, f->ret + b.w[0], n);
        sp -= 3; pc++; NEXT();
    }
    OP(EXTCODEHASH) {
        ad = evm_addr_from_u256(sp[-1]);
        if (h->fn->access_account(h, &ad)) CHARGE(2500);
        hh = h->fn->get_code_hash(h, &ad);
        sp[-1] = evm_load32(hh.b);
        pc++; NEXT();
    }
    OP(BLOCKHASH) {
        a = sp[-1];
        uint64_t cur = h->tx->number;
        if (u256_fits64(a) && a.w[0] < cur && cur - a.w[0] <= 256) {
            hh = h->fn->get_block_hash(h, a.w[0]);
            sp[-1] = evm_load32(hh.b);
        } else {
            sp[-1] = U256_ZERO;
        }
        pc++; NEXT();
    }
    OP(COINBASE) PUSHV(evm_u256_from_addr(&h->tx->coinbase)); pc++; NEXT();
    OP(TIMESTAMP) PUSHV(u256_from_u64(h->tx->timestamp)); pc++; NEXT();
    OP(NUMBER) PUSHV(u256_from_u64(h->tx->number)); pc++; NEXT();
    OP(PREVRANDAO) PUSHV(h->tx->prevrandao); pc++; NEXT();
    OP(GASLIMIT) PUSHV(u256_from_u64(h->tx->gas_limit)); pc++; NEXT();
    OP(CHAINID) PUSHV(h->tx->chain_id); pc++; NEXT();
    OP(SELFBALANCE) PUSHV(h->fn->get_balance(h, &f->m->recipient)); pc++; NEXT();
    OP(BASEFEE) PUSHV(h->tx->base_fee); pc++; NEXT();
    OP(BLOBHASH) {
        a = sp[-1];
        if (u256_fits64(a) && a.w[0] < h->tx->blob_hash_count)
            sp[-1] = evm_load32(h->tx->blob_hashes[a.w[0]].b);
        else
            sp[-1] = U256_ZERO;
        pc++; NEXT();
    }
    OP(BLOBBASEFEE) PUSHV(h->tx->blob_base_fee); pc++; NEXT();
    OP(SLOTNUM) PUSHV(u256_from_u64(h->tx->slot_number)); pc++; NEXT();
    OP(POP) sp--; pc++; NEXT();
    OP(MLOAD) MEM_FIXED(sp[-1], 32); sp[-1] = evm_load32(f->mem + o); pc++; NEXT();
    OP(MSTORE) MEM_FIXED(sp[-1], 32); evm_store32(f->mem + o, sp[-2]); sp -= 2; pc++; NEXT();
    OP(MSTORE8) MEM_FIXED(sp[-1], 1); f->mem[o] = (uint8_t)sp[-2].w[0]; sp -= 2; pc++; NEXT();
    OP(SLOAD) {
        bool cold;
        sp[-1] = h->fn->get_storage(h, &f->m->recipient, sp[-1], &cold);
        if (cold) CHARGE(2000);
        pc++; NEXT();
    }
    OP(SSTORE) SLOW(evm_op_sstore(f, sp, &gas)); sp -= 2; pc++; NEXT();
    OP(JUMP) {
        a = sp[-1];
        if (!JUMP_OK(a)) FAIL(EVM_BAD_JUMP);
        sp--;
        pc = (size_t)a.w[0];
        NEXT();
    }
    OP(JUMPI) {
        a = sp[-1];
        if (!u256_is_zero(sp[-2])) {
            if (!JUMP_OK(a)) FAIL(EVM_BAD_JUMP);
            pc = (size_t)a.w[0];
        } else {
            pc++;
        }
        sp -= 2;
        NEXT();
    }
    OP(PC) PUSHV(u256_from_u64(pc)); pc++; NEXT();
    OP(MSIZE) PUSHV(u256_from_u64(f->msize)); pc++; NEXT();
    OP(GAS) PUSHV(u256_from_u64((uint64_t)gas)); pc++; NEXT();
    OP(JUMPDEST) pc++; NEXT();
    OP(TLOAD) {
        sp[-1] = h->fn->get_transient(h, &f->m->recipient, sp[-1]);
        pc++; NEXT();
    }
    OP(TSTORE) {
        if (f->m->is_static) FAIL(EVM_STATIC_VIOLATION);
        h->fn->set_transient(h, &f->m->recipient, sp[-1], sp[-2]);
        sp -= 2; pc++; NEXT();
    }
    OP(MCOPY) {
        MEM(sp[-1], sp[-3], o, n);
        MEM(sp[-2], sp[-3], o2, n2);
        CHARGE(3 * evm_words(n));
        if (n) memmove(f->mem + o, f->mem + o2, n);
        sp -= 3; pc++; NEXT();
    }
    OP(PUSH0) PUSHV(U256_ZERO); pc++; NEXT();

/* PUSHn loads the 8 or 32 bytes ending at its last immediate byte (the code buffer has zero
   padding on both sides) and masks off what precedes the immediate. */
#define PUSH_SMALL(name, nb)                                                                       \
    OP(name) {                                                                                     \
        memcpy(&x_, code + pc + 1 + nb - 8, 8);                                                    \
        x_ = __builtin_bswap64(x_);                                                                \
        PUSHV(u256_from_u64(nb == 8 ? x_ : x_ & ((1ull << (8 * (nb & 7))) - 1)));                  \
        pc += nb + 1;                                                                              \
        NEXT();                                                                                    \
    }
#define PUSH_BIG(name, nb)                                                                         \
    OP(name) {                                                                                     \
        a = evm_load32(code + pc + 1 + nb - 32);                                             \
        for (int i_ = 0; i_ < 4; i_++)                                                             \
            if (nb <= 8 * i_)                                                                      \
                a.w[i_] = 0;                                                                      \
            else if (nb < 8 * i_ + 8)                                                              \
                a.w[i_] &= (1ull << (8 * ((nb - 8 * i_) & 7))) - 1;                               \
        PUSHV(a);                                                                                 \
        pc += nb + 1;                                                                              \
        NEXT();                                                                                    \
    }
    PUSH_SMALL(PUSH1, 1) PUSH_SMALL(PUSH2, 2) PUSH_SMALL(PUSH3, 3) PUSH_SMALL(PUSH4, 4)
    PUSH_SMALL(PUSH5, 5) PUSH_SMALL(PUSH6, 6) PUSH_SMALL(PUSH7, 7) PUSH_SMALL(PUSH8, 8)
    PUSH_BIG(PUSH9, 9) PUSH_BIG(PUSH10, 10) PUSH_BIG(PUSH11, 11) PUSH_BIG(PUSH12, 12)
    PUSH_BIG(PUSH13, 13) PUSH_BIG(PUSH14, 14) PUSH_BIG(PUSH15, 15) PUSH_BIG(PUSH16, 16)
    PUSH_BIG(PUSH17, 17) PUSH_BIG(PUSH18, 18) PUSH_BIG(PUSH19, 19) PUSH_BIG(PUSH20, 20)
    PUSH_BIG(PUSH21, 21) PUSH_BIG(PUSH22, 22) PUSH_BIG(PUSH23, 23) PUSH_BIG(PUSH24, 24)
    PUSH_BIG(PUSH25, 25) PUSH_BIG(PUSH26, 26) PUSH_BIG(PUSH27, 27) PUSH_BIG(PUSH28, 28)
    PUSH_BIG(PUSH29, 29) PUSH_BIG(PUSH30, 30) PUSH_BIG(PUSH31, 31) PUSH_BIG(PUSH32, 32)
#undef PUSH_SMALL
#undef PUSH_BIG

#define DUPN(name, k) OP(name) { sp[0] = sp[-(k)]; sp++; pc++; NEXT(); }
#define SWAPN(name, k) OP(name) { a = sp[-1]; sp[-1] = sp[-1 - (k)]; sp[-1 - (k)] = a; pc++; NEXT(); }
    DUPN(DUP1, 1) DUPN(DUP2, 2) DUPN(DUP3, 3) DUPN(DUP4, 4) DUPN(DUP5, 5) DUPN(DUP6, 6)
    DUPN(DUP7, 7) DUPN(DUP8, 8) DUPN(DUP9, 9) DUPN(DUP10, 10) DUPN(DUP11, 11) DUPN(DUP12, 12)
    DUPN(DUP13, 13) DUPN(DUP14, 14) DUPN(DUP15, 15) DUPN(DUP16, 16)
    SWAPN(SWAP1, 1) SWAPN(SWAP2, 2) SWAPN(SWAP3, 3) SWAPN(SWAP4, 4) SWAPN(SWAP5, 5)
    SWAPN(SWAP6, 6) SWAPN(SWAP7, 7) SWAPN(SWAP8, 8) SWAPN(SWAP9, 9) SWAPN(SWAP10, 10)
    SWAPN(SWAP11, 11) SWAPN(SWAP12, 12) SWAPN(SWAP13, 13) SWAPN(SWAP14, 14) SWAPN(SWAP15, 15)
    SWAPN(SWAP16, 16)
#undef DUPN
#undef SWAPN

#define LOGN(name, k) OP(name) { SLOW(evm_op_log(f, sp, &gas, k)); sp -= 2 + k; pc++; NEXT(); }
    LOGN(LOG0, 0) LOGN(LOG1, 1) LOGN(LOG2, 2) LOGN(LOG3, 3) LOGN(LOG4, 4)
#undef LOGN

    OP(CREATE) CALL_OP(evm_op_create(f, sp, &gas, EVM_OP_CREATE), 2);
    OP(CREATE2) CALL_OP(evm_op_create(f, sp, &gas, EVM_OP_CREATE2), 3);
    OP(CALL) CALL_OP(evm_op_call(f, sp, &gas, EVM_OP_CALL), 6);
    OP(CALLCODE) CALL_OP(evm_op_call(f, sp, &gas, EVM_OP_CALLCODE), 6);
    OP(DELEGATECALL) CALL_OP(evm_op_call(f, sp, &gas, EVM_OP_DELEGATECALL), 5);
    OP(STATICCALL) CALL_OP(evm_op_call(f, sp, &gas, EVM_OP_STATICCALL), 5);
    OP(RETURN) SLOW(evm_op_return(f, sp, &gas)); FAIL(EVM_SUCCESS);
    OP(REVERT) SLOW(evm_op_return(f, sp, &gas)); FAIL(EVM_REVERT);
    OP(INVALID) FAIL(EVM_INVALID);
    OP(SELFDESTRUCT) SLOW(evm_op_selfdestruct(f, sp, &gas)); FAIL(EVM_SUCCESS);
    DEFAULT_OP FAIL(EVM_UNDEFINED);
#ifdef RIVET_EVM_SWITCH
    }
#endif

done:
#if LOOP_TRACE
    if (st != EVM_PENDING)
        evm_trace_end(f, st, gas);
#endif
    f->pc = pc;
    f->sp = sp;
    *gas_io = gas;
    return st;
// clang-format on
#undef CHECK
#undef OP
#undef NEXT
#undef DEFAULT_OP
#undef FAIL
#undef CHARGE
#undef MEM
#undef MEM_FIXED
#undef SLOW
#undef BINOP
#undef CALL_OP
#undef PUSHV
}
