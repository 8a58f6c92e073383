/* The interpreter body: included once per variant (see interp.c) with
     RV_BODY_NAME      name of the generated function
     RV_BODY_STATS     1 to count the instruction mix
     RV_HOOK_LOAD(a, size), RV_HOOK_STORE(a, size)   per-access hooks for loads, stores, LR/SC
                       and AMOs (both for AMOs), called before the access: memory still holds
                       the value a load reads and the old value a store replaces (the access may
                       still fault). A trace writer logs every read here. Empty by default.
     RV_HOOK_BLOCK(npc) after every control transfer (branch taken or not, jal, jalr, ecall
                       that continues), with the next pc: where a trace chunk may end
     RV_HOOK_ECALL_PRE(), RV_HOOK_ECALL_POST(act)   around the environment's ecall handler
                       (and its CSR port handler, with cpu->call_csr set)
   (the trace writer and replayer in src/trace instantiate the body with these hooks)
   A hook sees the body only through this interface (its locals are the body's own):
     RV_BODY_CPU, RV_BODY_MEM   the hart and its memory
     RV_BODY_STEP()             instructions counted in this run (the current one included)
     RV_BODY_TRAP(c, v)         in a load/store hook: the instruction traps (cause c, tval v)
                                and is not counted
     RV_BODY_TRAP_AFTER(c, v)   in a block or ecall hook: stop with a trap (cause c, tval v)
                                after the instruction, which stays counted
   Dispatch follows Lua's vmdispatch/vmcase/vmbreak: computed goto where the compiler has it,
   a switch otherwise, one body either way. Each handler runs one pre-decoded rv_insn. */

/* Dispatch: computed goto where the compiler has it; -DRV_USE_GOTO=0 builds the switch (CI
   builds both: preset switch). */
#ifndef RV_USE_GOTO
#if defined(__GNUC__)
#define RV_USE_GOTO 1
#else
#define RV_USE_GOTO 0
#endif
#endif

#ifndef RV_HOOK_LOAD
#define RV_HOOK_LOAD(a, size) ((void)0)
#endif
#ifndef RV_HOOK_STORE
#define RV_HOOK_STORE(a, size) ((void)0)
#endif
#ifndef RV_HOOK_BLOCK
#define RV_HOOK_BLOCK(npc) ((void)0)
#endif
#ifndef RV_HOOK_ECALL_PRE
#define RV_HOOK_ECALL_PRE() ((void)0)
#endif
#ifndef RV_HOOK_ECALL_POST
#define RV_HOOK_ECALL_POST(act) ((void)0)
#endif
#define RV_BODY_CPU        cpu
#define RV_BODY_MEM        mem
#define RV_BODY_STEP()     (start + (budget - left))
#define RV_BODY_TRAP(c, v) TRAP((c), (v))
#define RV_BODY_TRAP_AFTER(c, v)                                                                   \
    do {                                                                                           \
        cause = (c);                                                                               \
        tval = (v);                                                                                \
        goto trap;                                                                                 \
    } while (0)

static rv_result RV_BODY_NAME(rv_cpu *cpu)
{
    rv_mem *const mem = cpu->mem;
    rv_tlb_ent *const rtlb = mem->rtlb;
    rv_tlb_ent *const wtlb = mem->wtlb;
    uint64_t *const x = cpu->h.x;
    const uint64_t start = cpu->instret;
    const uint64_t budget = cpu->limit > start ? cpu->limit - start : 0;
    const uint64_t amask = (cpu->ext & RV_EXT_C) ? 0 : 2; /* misaligned jump targets */
    uint64_t left = budget;
    uint64_t pc = cpu->h.pc;
    rv_insn *d = NULL;
    rv_result res;
    rv_cause cause;
    uint64_t tval;
    rv_env_action act;
    uint64_t epc = 0; /* pc of the last ecall/ebreak */
#if RV_BODY_STATS
    uint64_t *const mix = cpu->stats.mix;
#define STAT_COUNT() (mix[d->id]++)
#define STAT_UNDO()  (mix[d->id]--)
#else
#define STAT_COUNT() ((void)0)
#define STAT_UNDO()  ((void)0)
#endif

#if RV_USE_GOTO
#define CLABEL_0(name) &&L_ILLEGAL
#define CLABEL_1(name) &&L_##name##_C
    static const void *const disp[2 * RV_OP_COUNT] = {
#define X(name, c) &&L_##name,
        RV_OP_LIST(X)
#undef X
#define X(name, c) CLABEL_##c(name),
            RV_OP_LIST(X)
#undef X
    };
#define vmdispatch(o) goto *disp[o];
#define vmcase(l)     L_##l:
#define vmbreak                                                                                    \
    do {                                                                                           \
        if (RV_UNLIKELY(left == 0)) goto stop_limit;                                               \
        left--;                                                                                    \
        STAT_COUNT();                                                                              \
        goto *disp[d->op];                                                                         \
    } while (0)
#else
#define vmdispatch(o) switch (o)
#define vmcase(l)     case RV_OP_##l:
#define vmbreak       goto dispatch
#endif

/* The instruction at d was counted at dispatch; UNCOUNT takes that back (pseudo-ops, traps). */
#define UNCOUNT()                                                                                  \
    do {                                                                                           \
        left++;                                                                                    \
        STAT_UNDO();                                                                               \
    } while (0)
#define SYNC()                                                                                     \
    do {                                                                                           \
        cpu->h.pc = pc;                                                                            \
        cpu->instret = start + (budget - left);                                                    \
    } while (0)
/* Calls an environment handler (ecall, a CSR port) past the instruction, the state synced and
   the trace hooks around it; act is its action, pc where it left the guest. */
#define ENV_CALL(handler)                                                                          \
    do {                                                                                           \
        epc = pc;                                                                                  \
        pc += d->len;                                                                              \
        SYNC();                                                                                    \
        RV_HOOK_ECALL_PRE();                                                                       \
        act = (handler)(cpu);                                                                      \
        RV_HOOK_ECALL_POST(act);                                                                   \
        pc = cpu->h.pc;                                                                            \
    } while (0)
/* L is the instruction length, a constant in each copy of a handler. */
#define NEXT()                                                                                     \
    do {                                                                                           \
        pc += L;                                                                                   \
        d += L >> 1;                                                                               \
    } while (0)
#define OP(name, ...)                                                                              \
    vmcase(name)                                                                                   \
    {                                                                                              \
        enum { L = 4 };                                                                            \
        __VA_ARGS__;                                                                               \
    }
#define OPC(name, ...)                                                                             \
    OP(name, __VA_ARGS__)                                                                          \
    vmcase(name##_C)                                                                               \
    {                                                                                              \
        enum { L = 2 };                                                                            \
        __VA_ARGS__;                                                                               \
    }
#define TRAP(c, v)                                                                                 \
    do {                                                                                           \
        cause = (c);                                                                               \
        tval = (v);                                                                                \
        UNCOUNT();                                                                                 \
        goto trap;                                                                                 \
    } while (0)
#define JUMP(target)                                                                               \
    do {                                                                                           \
        uint64_t t_ = (target);                                                                    \
        if (RV_UNLIKELY(t_ & amask)) TRAP(RV_CAUSE_INSN_MISALIGNED, t_);                           \
        RV_HOOK_BLOCK(t_);                                                                         \
        if (RV_LIKELY(((t_ ^ pc) >> RV_PAGE_SHIFT) == 0)) {                                        \
            d += (int64_t)(t_ - pc) >> 1;                                                          \
            pc = t_;                                                                               \
            vmbreak;                                                                               \
        }                                                                                          \
        pc = t_;                                                                                   \
        goto lookup;                                                                               \
    } while (0)
#define BRANCH(cond)                                                                               \
    do {                                                                                           \
        if (cond) JUMP(pc + (uint64_t)(int64_t)d->imm);                                            \
        NEXT();                                                                                    \
        RV_HOOK_BLOCK(pc);                                                                         \
        vmbreak;                                                                                   \
    } while (0)
#define RD  x[d->rd]
#define RS1 x[d->rs1]
#define RS2 x[d->rs2]
#define IMM ((uint64_t)(int64_t)d->imm)
#define ALU(expr)                                                                                  \
    do {                                                                                           \
        RD = (expr);                                                                               \
        NEXT();                                                                                    \
        vmbreak;                                                                                   \
    } while (0)
#define W(v) ((uint64_t)(int64_t)(int32_t)(v))
/* Loads and stores: one TLB compare on the fast path (it also catches misalignment). */
#define LOADV(T, size, addr, dst)                                                                  \
    do {                                                                                           \
        uint64_t a_ = (addr);                                                                      \
        RV_HOOK_LOAD(a_, size);                                                                    \
        if (RV_LIKELY(RV_TLB_HIT(rtlb, a_, size))) {                                               \
            T v_;                                                                                  \
            memcpy(&v_, RV_TLB_HOST(rtlb, a_), size);                                              \
            dst = v_;                                                                              \
        } else {                                                                                   \
            uint64_t raw_;                                                                         \
            if (a_ & ((size)-1)) cpu->stats.misaligned_loads++;                                    \
            if (!rv_mem_load_slow(mem, a_, size, &raw_)) TRAP(RV_CAUSE_LOAD_FAULT, a_);            \
            dst = (T)raw_;                                                                         \
        }                                                                                          \
    } while (0)
#define LOAD(T, size, addr, conv)                                                                  \
    do {                                                                                           \
        T lv_;                                                                                     \
        LOADV(T, size, addr, lv_);                                                                 \
        RD = conv(lv_);                                                                            \
        NEXT();                                                                                    \
        vmbreak;                                                                                   \
    } while (0)
#define STOREV(T, size, addr, val)                                                                 \
    do {                                                                                           \
        uint64_t a_ = (addr);                                                                      \
        T v_ = (T)(val);                                                                           \
        RV_HOOK_STORE(a_, size);                                                                   \
        if (RV_LIKELY(RV_TLB_HIT(wtlb, a_, size))) {                                               \
            memcpy(RV_TLB_HOST(wtlb, a_), &v_, size);                                              \
        } else {                                                                                   \
            if (a_ & ((size)-1)) cpu->stats.misaligned_stores++;                                   \
            if (!rv_mem_store_slow(mem, a_, size, (uint64_t)v_)) TRAP(RV_CAUSE_STORE_FAULT, a_);   \
        }                                                                                          \
    } while (0)
#define STORE(T, size, addr, val)                                                                  \
    do {                                                                                           \
        STOREV(T, size, addr, val);                                                                \
        NEXT();                                                                                    \
        vmbreak;                                                                                   \
    } while (0)
#define ID(v) ((uint64_t)(v))
#define SX(v) ((uint64_t)(int64_t)(v))
#define A64   (RS1 + IMM)
#define A32   ((uint64_t)(uint32_t)(RS1 + IMM))
#define AMO(T, size, addr, expr)                                                                   \
    do {                                                                                           \
        uint64_t aa_ = (addr);                                                                     \
        T old_;                                                                                    \
        if (aa_ & ((size)-1)) TRAP(RV_CAUSE_STORE_MISALIGNED, aa_);                                \
        RV_HOOK_LOAD(aa_, size);                                                                   \
        RV_HOOK_STORE(aa_, size);                                                                  \
        if (!rv_mem_read_guest(mem, aa_, &old_, size) || !(rv_mem_prot(mem, aa_) & RV_PROT_W))     \
            TRAP(RV_CAUSE_STORE_FAULT, aa_);                                                       \
        T src_ = (T)RS2;                                                                           \
        T new_ = (expr);                                                                           \
        (void)src_;                                                                                \
        if (!rv_mem_store_slow(mem, aa_, size, (uint64_t)new_)) /* not a host write: no watch */   \
            TRAP(RV_CAUSE_STORE_FAULT, aa_);                                                       \
        RD = SX(old_);                                                                             \
        NEXT();                                                                                    \
        vmbreak;                                                                                   \
    } while (0)
#define LR(T, size, addr)                                                                          \
    do {                                                                                           \
        uint64_t aa_ = (addr);                                                                     \
        T v_;                                                                                      \
        if (aa_ & ((size)-1)) TRAP(RV_CAUSE_LOAD_MISALIGNED, aa_);                                 \
        RV_HOOK_LOAD(aa_, size);                                                                   \
        if (!rv_mem_read_guest(mem, aa_, &v_, size)) TRAP(RV_CAUSE_LOAD_FAULT, aa_);               \
        cpu->h.resv_addr = aa_;                                                                    \
        cpu->h.resv_valid = true;                                                                  \
        RD = SX(v_);                                                                               \
        NEXT();                                                                                    \
        vmbreak;                                                                                   \
    } while (0)
#define SC(T, size, addr)                                                                          \
    do {                                                                                           \
        uint64_t aa_ = (addr);                                                                     \
        uint64_t ok_ = cpu->h.resv_valid && cpu->h.resv_addr == aa_;                               \
        cpu->h.resv_valid = false;                                                                 \
        if (ok_) {                                                                                 \
            T v_ = (T)RS2;                                                                         \
            RV_HOOK_STORE(aa_, size);                                                              \
            if (!rv_mem_store_slow(mem, aa_, size, (uint64_t)v_)) TRAP(RV_CAUSE_STORE_FAULT, aa_); \
        }                                                                                          \
        RD = !ok_;                                                                                 \
        NEXT();                                                                                    \
        vmbreak;                                                                                   \
    } while (0)

    goto lookup;
    for (;;) {
#if !RV_USE_GOTO
    dispatch:
#endif
        if (RV_UNLIKELY(left == 0)) goto stop_limit;
        left--;
        STAT_COUNT();
        vmdispatch(d->op)
        {
            OP(ILLEGAL, TRAP(RV_CAUSE_ILLEGAL, d->len == 2 ? (uint16_t)d->imm : (uint32_t)d->imm);)
            OP(DECODE, {
                UNCOUNT();
                rv_insn t;
                if (!rv_decode_at(cpu, pc, &t, &cause, &tval)) goto trap;
                if (t.len == 2 && rv_op_has_c[t.op]) t.op += RV_OP_COUNT;
                *d = t;
                vmbreak;
            })
            OP(PAGEEND, {
                UNCOUNT();
                goto lookup;
            })
            OPC(LUI, ALU(IMM);)
            OP(AUIPC, ALU(pc + IMM);)
            OPC(JAL, {
                RD = pc + L;
                JUMP(pc + IMM);
            })
            OPC(JALR, {
                uint64_t t = (RS1 + IMM) & ~(uint64_t)1;
                RD = pc + L;
                JUMP(t);
            })
            OPC(BEQ, BRANCH(RS1 == RS2);)
            OPC(BNE, BRANCH(RS1 != RS2);)
            OP(BLT, BRANCH((int64_t)RS1 < (int64_t)RS2);)
            OP(BGE, BRANCH((int64_t)RS1 >= (int64_t)RS2);)
            OP(BLTU, BRANCH(RS1 < RS2);)
            OP(BGEU, BRANCH(RS1 >= RS2);)
            OP(LB, LOAD(int8_t, 1, A64, SX);)
            OP(LH, LOAD(int16_t, 2, A64, SX);)
            OPC(LW, LOAD(int32_t, 4, A64, SX);)
            OPC(LD, LOAD(uint64_t, 8, A64, ID);)
            OP(LBU, LOAD(uint8_t, 1, A64, ID);)
            OP(LHU, LOAD(uint16_t, 2, A64, ID);)
            OP(LWU, LOAD(uint32_t, 4, A64, ID);)
            OP(SB, STORE(uint8_t, 1, A64, RS2);)
            OP(SH, STORE(uint16_t, 2, A64, RS2);)
            OPC(SW, STORE(uint32_t, 4, A64, RS2);)
            OPC(SD, STORE(uint64_t, 8, A64, RS2);)
            OPC(ADDI, ALU(RS1 + IMM);)
            OP(SLTI, ALU((int64_t)RS1 < (int64_t)IMM);)
            OP(SLTIU, ALU(RS1 < IMM);)
            OP(XORI, ALU(RS1 ^ IMM);)
            OP(ORI, ALU(RS1 | IMM);)
            OPC(ANDI, ALU(RS1 & IMM);)
            OPC(SLLI, ALU(RS1 << (d->imm & 63));)
            OPC(SRLI, ALU(RS1 >> (d->imm & 63));)
            OPC(SRAI, ALU((uint64_t)((int64_t)RS1 >> (d->imm & 63)));)
            OPC(ADD, ALU(RS1 + RS2);)
            OPC(SUB, ALU(RS1 - RS2);)
            OP(SLL, ALU(RS1 << (RS2 & 63));)
            OP(SLT, ALU((int64_t)RS1 < (int64_t)RS2);)
            OP(SLTU, ALU(RS1 < RS2);)
            OPC(XOR, ALU(RS1 ^ RS2);)
            OP(SRL, ALU(RS1 >> (RS2 & 63));)
            OP(SRA, ALU((uint64_t)((int64_t)RS1 >> (RS2 & 63)));)
            OPC(OR, ALU(RS1 | RS2);)
            OPC(AND, ALU(RS1 & RS2);)
            OP(FENCE, {
                NEXT();
                vmbreak;
            })
            OP(FENCE_I, {
                rv_mem_code_flush(mem);
                NEXT();
                vmbreak;
            })
            OP(ECALL, {
                if (!cpu->env || !cpu->env->ecall) TRAP(RV_CAUSE_ECALL, 0);
                ENV_CALL(cpu->env->ecall);
                if (act == RV_ENV_CONTINUE) {
                    RV_HOOK_BLOCK(pc);
                    goto lookup;
                }
                goto env_stop;
            })
            OP(CUSTOM, {
                if (!cpu->env || !cpu->env->custom) TRAP(RV_CAUSE_ILLEGAL, 0);
                uint32_t bits_ = 0;
                if (!rv_mem_read(mem, pc, &bits_, 4)) TRAP(RV_CAUSE_ILLEGAL, 0);
                cpu->call_insn = bits_;
                ENV_CALL(cpu->env->custom);
                cpu->call_insn = 0;
                if (act == RV_ENV_CONTINUE) goto lookup;
                goto env_stop;
            })
            OP(EBREAK, {
                if (!cpu->env || !cpu->env->ebreak) TRAP(RV_CAUSE_BREAKPOINT, pc);
                epc = pc;
                pc += d->len;
                SYNC();
                act = cpu->env->ebreak(cpu);
                pc = cpu->h.pc;
                if (act == RV_ENV_CONTINUE) goto lookup;
                goto env_stop;
            })
            OPC(ADDIW, ALU(W(RS1 + IMM));)
            OPC(SLLIW, ALU(W((uint32_t)RS1 << (d->imm & 31)));)
            OPC(SRLIW, ALU(W((uint32_t)RS1 >> (d->imm & 31)));)
            OPC(SRAIW, ALU(W((int32_t)RS1 >> (d->imm & 31)));)
            OPC(ADDW, ALU(W(RS1 + RS2));)
            OPC(SUBW, ALU(W(RS1 - RS2));)
            OP(SLLW, ALU(W((uint32_t)RS1 << (RS2 & 31)));)
            OP(SRLW, ALU(W((uint32_t)RS1 >> (RS2 & 31)));)
            OP(SRAW, ALU(W((int32_t)RS1 >> (RS2 & 31)));)
            OP(MUL, ALU(RS1 * RS2);)
            OP(MULH, ALU((uint64_t)(((__int128)(int64_t)RS1 * (int64_t)RS2) >> 64));)
            OP(MULHSU, ALU((uint64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64));)
            OP(MULHU, ALU((uint64_t)(((unsigned __int128)RS1 * RS2) >> 64));)
            OP(DIV, {
                int64_t a = (int64_t)RS1, b = (int64_t)RS2;
                ALU(b == 0                        ? UINT64_MAX
                    : (a == INT64_MIN && b == -1) ? (uint64_t)a
                                                  : (uint64_t)(a / b));
            })
            OP(DIVU, ALU(RS2 == 0 ? UINT64_MAX : RS1 / RS2);)
            OP(REM, {
                int64_t a = (int64_t)RS1, b = (int64_t)RS2;
                ALU(b == 0 ? (uint64_t)a : (a == INT64_MIN && b == -1) ? 0 : (uint64_t)(a % b));
            })
            OP(REMU, ALU(RS2 == 0 ? RS1 : RS1 % RS2);)
            OP(MULW, ALU(W(RS1 * RS2));)
            OP(DIVW, {
                int32_t a = (int32_t)RS1, b = (int32_t)RS2;
                ALU(b == 0 ? UINT64_MAX : (a == INT32_MIN && b == -1) ? W(a) : W(a / b));
            })
            OP(DIVUW, {
                uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
                ALU(b == 0 ? UINT64_MAX : W(a / b));
            })
            OP(REMW, {
                int32_t a = (int32_t)RS1, b = (int32_t)RS2;
                ALU(b == 0 ? W(a) : (a == INT32_MIN && b == -1) ? 0 : W(a % b));
            })
            OP(REMUW, {
                uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
                ALU(b == 0 ? W(a) : W(a % b));
            })
            OP(LR_W, LR(int32_t, 4, RS1);)
            OP(SC_W, SC(uint32_t, 4, RS1);)
            OP(AMOSWAP_W, AMO(int32_t, 4, RS1, src_);)
            OP(AMOADD_W, AMO(int32_t, 4, RS1, (int32_t)((uint32_t)old_ + (uint32_t)src_));)
            OP(AMOXOR_W, AMO(int32_t, 4, RS1, old_ ^ src_);)
            OP(AMOAND_W, AMO(int32_t, 4, RS1, old_ & src_);)
            OP(AMOOR_W, AMO(int32_t, 4, RS1, old_ | src_);)
            OP(AMOMIN_W, AMO(int32_t, 4, RS1, old_ < src_ ? old_ : src_);)
            OP(AMOMAX_W, AMO(int32_t, 4, RS1, old_ > src_ ? old_ : src_);)
            OP(AMOMINU_W, AMO(int32_t, 4, RS1, (uint32_t)old_ < (uint32_t)src_ ? old_ : src_);)
            OP(AMOMAXU_W, AMO(int32_t, 4, RS1, (uint32_t)old_ > (uint32_t)src_ ? old_ : src_);)
            OP(LR_D, LR(int64_t, 8, RS1);)
            OP(SC_D, SC(uint64_t, 8, RS1);)
            OP(AMOSWAP_D, AMO(int64_t, 8, RS1, src_);)
            OP(AMOADD_D, AMO(int64_t, 8, RS1, (int64_t)((uint64_t)old_ + (uint64_t)src_));)
            OP(AMOXOR_D, AMO(int64_t, 8, RS1, old_ ^ src_);)
            OP(AMOAND_D, AMO(int64_t, 8, RS1, old_ & src_);)
            OP(AMOOR_D, AMO(int64_t, 8, RS1, old_ | src_);)
            OP(AMOMIN_D, AMO(int64_t, 8, RS1, old_ < src_ ? old_ : src_);)
            OP(AMOMAX_D, AMO(int64_t, 8, RS1, old_ > src_ ? old_ : src_);)
            OP(AMOMINU_D, AMO(int64_t, 8, RS1, (uint64_t)old_ < (uint64_t)src_ ? old_ : src_);)
            OP(AMOMAXU_D, AMO(int64_t, 8, RS1, (uint64_t)old_ > (uint64_t)src_ ? old_ : src_);)
            OP(CSRRW, goto csr_op;)
            OP(CSRRS, goto csr_op;)
            OP(CSRRC, goto csr_op;)
            OP(CSRRWI, goto csr_op;)
            OP(CSRRSI, goto csr_op;)
            OP(
                CSRRCI, csr_op
                : {
                    uint64_t old;
                    uint64_t src = d->op >= RV_OP_CSRRWI ? IMM : RS1;
                    cpu->instret = start + (budget - left) - 1; /* retired before this one */
                    if (rv_csr_access(cpu, d, src, &old)) ALU(old);
                    if (!cpu->env || !cpu->env->csr) TRAP(RV_CAUSE_ILLEGAL, 0);
                    /* a precompile port of the environment: run like an ecall */
                    unsigned rd_ = d->rd;
                    cpu->call_csr = d->csr;
                    cpu->call_src = src;
                    cpu->call_ret = 0;
                    ENV_CALL(cpu->env->csr);
                    cpu->call_csr = 0;
                    if (act != RV_ENV_CONTINUE) goto env_stop;
                    x[rd_] = cpu->call_ret;
                    goto lookup;
                })
            OPC(FLW, {
                uint32_t v;
                LOADV(uint32_t, 4, A64, v);
                cpu->h.f[d->rd] = 0xffffffff00000000ull | v;
                NEXT();
                vmbreak;
            })
            OPC(FLD, {
                uint64_t v;
                LOADV(uint64_t, 8, A64, v);
                cpu->h.f[d->rd] = v;
                NEXT();
                vmbreak;
            })
            OPC(FSW, STORE(uint32_t, 4, A64, cpu->h.f[d->rs2]);)
            OPC(FSD, STORE(uint64_t, 8, A64, cpu->h.f[d->rs2]);)
            OP(FP, {
                if (!rv_fp_exec(cpu, d)) TRAP(RV_CAUSE_ILLEGAL, 0);
                NEXT();
                vmbreak;
            })
            OP(FMV_X_W, ALU(W(cpu->h.f[d->rs1]));)
            OP(FMV_W_X, {
                cpu->h.f[d->rd] = 0xffffffff00000000ull | (uint32_t)RS1;
                NEXT();
                vmbreak;
            })
            OP(FMV_X_D, ALU(cpu->h.f[d->rs1]);)
            OP(FMV_D_X, {
                cpu->h.f[d->rd] = RS1;
                NEXT();
                vmbreak;
            })
            OP(AUIPC32, ALU(W(pc + IMM));)
            OPC(JAL32, {
                RD = W(pc + L);
                JUMP((uint32_t)(pc + IMM));
            })
            OPC(JALR32, {
                uint64_t t = (uint32_t)(RS1 + IMM) & ~(uint64_t)1;
                RD = W(pc + L);
                JUMP(t);
            })
            OP(MULH32, ALU(W(((int64_t)(int32_t)RS1 * (int32_t)RS2) >> 32));)
            OP(MULHSU32, ALU(W(((int64_t)(int32_t)RS1 * (int64_t)(uint32_t)RS2) >> 32));)
            OP(MULHU32, ALU(W(((uint64_t)(uint32_t)RS1 * (uint32_t)RS2) >> 32));)
            OP(LB32, LOAD(int8_t, 1, A32, SX);)
            OP(LH32, LOAD(int16_t, 2, A32, SX);)
            OPC(LW32, LOAD(int32_t, 4, A32, SX);)
            OP(LBU32, LOAD(uint8_t, 1, A32, ID);)
            OP(LHU32, LOAD(uint16_t, 2, A32, ID);)
            OP(SB32, STORE(uint8_t, 1, A32, RS2);)
            OP(SH32, STORE(uint16_t, 2, A32, RS2);)
            OPC(SW32, STORE(uint32_t, 4, A32, RS2);)
            OPC(FLW32, {
                uint32_t v;
                LOADV(uint32_t, 4, A32, v);
                cpu->h.f[d->rd] = 0xffffffff00000000ull | v;
                NEXT();
                vmbreak;
            })
            OPC(FLD32, {
                uint64_t v;
                LOADV(uint64_t, 8, A32, v);
                cpu->h.f[d->rd] = v;
                NEXT();
                vmbreak;
            })
            OPC(FSW32, STORE(uint32_t, 4, A32, cpu->h.f[d->rs2]);)
            OPC(FSD32, STORE(uint64_t, 8, A32, cpu->h.f[d->rs2]);)
            OP(LR_W32, LR(int32_t, 4, (uint32_t)RS1);)
            OP(SC_W32, SC(uint32_t, 4, (uint32_t)RS1);)
            OP(AMOSWAP_W32, AMO(int32_t, 4, (uint32_t)RS1, src_);)
            OP(AMOADD_W32,
               AMO(int32_t, 4, (uint32_t)RS1, (int32_t)((uint32_t)old_ + (uint32_t)src_));)
            OP(AMOXOR_W32, AMO(int32_t, 4, (uint32_t)RS1, old_ ^ src_);)
            OP(AMOAND_W32, AMO(int32_t, 4, (uint32_t)RS1, old_ & src_);)
            OP(AMOOR_W32, AMO(int32_t, 4, (uint32_t)RS1, old_ | src_);)
            OP(AMOMIN_W32, AMO(int32_t, 4, (uint32_t)RS1, old_ < src_ ? old_ : src_);)
            OP(AMOMAX_W32, AMO(int32_t, 4, (uint32_t)RS1, old_ > src_ ? old_ : src_);)
            OP(AMOMINU_W32,
               AMO(int32_t, 4, (uint32_t)RS1, (uint32_t)old_ < (uint32_t)src_ ? old_ : src_);)
            OP(AMOMAXU_W32,
               AMO(int32_t, 4, (uint32_t)RS1, (uint32_t)old_ > (uint32_t)src_ ? old_ : src_);)
        }
#if !RV_USE_GOTO
        /* every case ends in vmbreak or a goto */
        __builtin_unreachable();
#endif
    }

lookup : {
    rv_cpage *cp = RV_UNLIKELY(pc & amask) ? NULL : rv_mem_code_page(mem, pc);
    if (!cp) {
        cause = (pc & (amask | 1)) ? RV_CAUSE_INSN_MISALIGNED : RV_CAUSE_INSN_FAULT;
        tval = pc;
        goto trap;
    }
    d = &cp->slot[(pc & (RV_PAGE_SIZE - 1)) >> 1];
    vmbreak;
}

stop_limit:
    SYNC();
    res = (rv_result){.stop = RV_STOP_LIMIT, .pc = pc};
    goto out;

trap:
    SYNC();
    cpu->trap_cause = cause;
    cpu->trap_tval = tval;
    res = (rv_result){.stop = RV_STOP_TRAP, .cause = cause, .pc = pc, .tval = tval};
    goto out;

env_stop:
    SYNC();
    res.pc = pc;
    res.exit_code = cpu->exit_code;
    res.cause = cpu->trap_cause;
    res.tval = cpu->trap_tval;
    res.stop = RV_STOP_ECALL;
    if (act == RV_ENV_EXIT)
        res.stop = RV_STOP_EXIT;
    else if (act == RV_ENV_TRAP) {
        res.stop = RV_STOP_TRAP;
        res.pc = epc; /* the ecall that trapped, like any other trapping instruction */
        cpu->h.pc = epc;
        cpu->instret--; /* not retired */
    }

out:
    res.instret = cpu->instret;
    return res;

#undef STAT_COUNT
#undef STAT_UNDO
#undef vmdispatch
#undef vmcase
#undef vmbreak
}
