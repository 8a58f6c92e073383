/* The contract interpreter's body, included by hy_run.c once plain and once tracing each
   instruction (HY_BODY_NAME, HY_TRACE_STEP()). Pre-decoded slots, gas charged per basic block
   before it runs, loads and stores through the frame's page table. */
static evm_status HY_BODY_NAME(hy_frame *f, uint64_t pc0)
{
    const hy_prog *p = f->p;
    const rv_insn *const base = p->insn;
    const uint32_t *const cost = p->cost;
    const uint32_t *const ninsn = p->ninsn;
    const bool metered = !f->vm->opt.unmetered;
    uint64_t *const x = f->x;
    int64_t g16 = f->g16;
    uint64_t count = 0;
    const rv_insn *d;
    evm_status st = EVM_SUCCESS;
    uint64_t t, v;

#if HY_USE_GOTO
    /* every operation illegal, then the allowed ones (deliberate overrides) */
#pragma GCC diagnostic push
#ifdef __clang__
#pragma GCC diagnostic ignored "-Winitializer-overrides"
#else
#pragma GCC diagnostic ignored "-Woverride-init"
#endif
    static const void *const disp[RV_OP_COUNT] = {[0 ... RV_OP_COUNT - 1] = &&L_ILLEGAL,
#define X(name, cls) [RV_OP_##name] = &&L_##name,
                                                  HY_OPS(X)
#undef X
    };
#pragma GCC diagnostic pop
#define DISPATCH()                                                                                 \
    do {                                                                                           \
        HY_TRACE_STEP();                                                                           \
        goto *disp[d->op];                                                                         \
    } while (0)
#define OPCASE(name) L_##name:
#else
#define DISPATCH()                                                                                 \
    do {                                                                                           \
        HY_TRACE_STEP();                                                                           \
        goto loop;                                                                                 \
    } while (0)
#define OPCASE(name) case RV_OP_##name:
#endif
#define PC() ((uint64_t)HY_CODE_BASE + 2 * (uint64_t)(d - base))
#define RD   x[d->rd]
#define RS1  x[d->rs1]
#define RS2  x[d->rs2]
#define IMM  ((uint64_t)(int64_t)d->imm)
#define W(v) ((uint64_t)(int64_t)(int32_t)(v))
#define HALT(s)                                                                                    \
    do {                                                                                           \
        st = (s);                                                                                  \
        goto out;                                                                                  \
    } while (0)
#define CHARGE_BLOCK()                                                                             \
    do {                                                                                           \
        count += ninsn[d - base];                                                                  \
        if (metered && UNLIKELY((g16 -= cost[d - base]) < 0)) HALT(EVM_OUT_OF_GAS);                \
    } while (0)
#define NEXT() (d += d->len >> 1)
#define ALU(e)                                                                                     \
    do {                                                                                           \
        RD = (e);                                                                                  \
        NEXT();                                                                                    \
        DISPATCH();                                                                                \
    } while (0)
#define GOTO(target)                                                                               \
    do {                                                                                           \
        uint64_t off_ = (target) - (uint64_t)HY_CODE_BASE;                                         \
        if (UNLIKELY(off_ >= p->c.code_size || (off_ & 1))) HALT(EVM_BAD_JUMP);                    \
        d = base + off_ / 2;                                                                       \
        if (UNLIKELY(d->op == RV_OP_ILLEGAL)) HALT(EVM_BAD_JUMP);                                  \
        CHARGE_BLOCK();                                                                            \
        DISPATCH();                                                                                \
    } while (0)
/* static targets were checked at decode: rm = 1 marks one outside the code */
#define JUMP_STATIC()                                                                              \
    do {                                                                                           \
        if (UNLIKELY(d->rm)) HALT(EVM_BAD_JUMP);                                                   \
        d += d->imm / 2;                                                                           \
        CHARGE_BLOCK();                                                                            \
        DISPATCH();                                                                                \
    } while (0)
#define BRANCH(c)                                                                                  \
    do {                                                                                           \
        if (c) JUMP_STATIC();                                                                      \
        NEXT();                                                                                    \
        CHARGE_BLOCK();                                                                            \
        DISPATCH();                                                                                \
    } while (0)
#define SYNC_SLOW(call)                                                                            \
    do {                                                                                           \
        f->g16 = g16;                                                                              \
        bool ok_ = (call);                                                                         \
        g16 = f->g16;                                                                              \
        if (!ok_) HALT(st);                                                                        \
    } while (0)
#define LOAD(T, conv)                                                                              \
    do {                                                                                           \
        uint64_t a_ = RS1 + IMM;                                                                   \
        uint8_t *h_ = fast(f, a_, sizeof(T), 0);                                                   \
        T lv_;                                                                                     \
        if (LIKELY(h_ != NULL)) {                                                                  \
            memcpy(&lv_, h_, sizeof lv_);                                                          \
        } else {                                                                                   \
            SYNC_SLOW(load_slow(f, a_, sizeof(T), &v, &st));                                       \
            lv_ = (T)v;                                                                            \
        }                                                                                          \
        ALU(conv(lv_));                                                                            \
    } while (0)
#define STORE(T)                                                                                   \
    do {                                                                                           \
        uint64_t a_ = RS1 + IMM;                                                                   \
        T sv_ = (T)RS2;                                                                            \
        uint8_t *h_ = fast(f, a_, sizeof(T), HY_PT_W);                                             \
        if (LIKELY(h_ != NULL))                                                                    \
            memcpy(h_, &sv_, sizeof sv_);                                                          \
        else                                                                                       \
            SYNC_SLOW(store_slow(f, a_, sizeof(T), (uint64_t)sv_, &st));                           \
        NEXT();                                                                                    \
        DISPATCH();                                                                                \
    } while (0)
#define SX(v) ((uint64_t)(int64_t)(v))
#define ZX(v) ((uint64_t)(v))

    {
        uint64_t off = pc0 - (uint64_t)HY_CODE_BASE;
        if (off >= p->c.code_size || (off & 1) || base[off / 2].op == RV_OP_ILLEGAL)
            HALT(EVM_BAD_JUMP);
        d = base + off / 2;
        CHARGE_BLOCK();
    }
    for (;;) {
#if HY_USE_GOTO
        DISPATCH();
        {
#else
    loop:
        switch (d->op) {
#endif
            OPCASE(LUI) ALU(IMM);
            OPCASE(AUIPC) ALU(PC() + IMM);
            OPCASE(JAL)
            RD = PC() + d->len;
            JUMP_STATIC();
            OPCASE(JALR)
            t = (RS1 + IMM) & ~(uint64_t)1;
            RD = PC() + d->len;
            GOTO(t);
            OPCASE(BEQ) BRANCH(RS1 == RS2);
            OPCASE(BNE) BRANCH(RS1 != RS2);
            OPCASE(BLT) BRANCH((int64_t)RS1 < (int64_t)RS2);
            OPCASE(BGE) BRANCH((int64_t)RS1 >= (int64_t)RS2);
            OPCASE(BLTU) BRANCH(RS1 < RS2);
            OPCASE(BGEU) BRANCH(RS1 >= RS2);
            OPCASE(LB) LOAD(int8_t, SX);
            OPCASE(LH) LOAD(int16_t, SX);
            OPCASE(LW) LOAD(int32_t, SX);
            OPCASE(LD) LOAD(uint64_t, ZX);
            OPCASE(LBU) LOAD(uint8_t, ZX);
            OPCASE(LHU) LOAD(uint16_t, ZX);
            OPCASE(LWU) LOAD(uint32_t, ZX);
            OPCASE(SB) STORE(uint8_t);
            OPCASE(SH) STORE(uint16_t);
            OPCASE(SW) STORE(uint32_t);
            OPCASE(SD) STORE(uint64_t);
            OPCASE(ADDI) ALU(RS1 + IMM);
            OPCASE(SLTI) ALU((int64_t)RS1 < (int64_t)IMM);
            OPCASE(SLTIU) ALU(RS1 < IMM);
            OPCASE(XORI) ALU(RS1 ^ IMM);
            OPCASE(ORI) ALU(RS1 | IMM);
            OPCASE(ANDI) ALU(RS1 & IMM);
            OPCASE(SLLI) ALU(RS1 << (d->imm & 63));
            OPCASE(SRLI) ALU(RS1 >> (d->imm & 63));
            OPCASE(SRAI) ALU((uint64_t)((int64_t)RS1 >> (d->imm & 63)));
            OPCASE(ADD) ALU(RS1 + RS2);
            OPCASE(SUB) ALU(RS1 - RS2);
            OPCASE(SLL) ALU(RS1 << (RS2 & 63));
            OPCASE(SLT) ALU((int64_t)RS1 < (int64_t)RS2);
            OPCASE(SLTU) ALU(RS1 < RS2);
            OPCASE(XOR) ALU(RS1 ^ RS2);
            OPCASE(SRL) ALU(RS1 >> (RS2 & 63));
            OPCASE(SRA) ALU((uint64_t)((int64_t)RS1 >> (RS2 & 63)));
            OPCASE(OR) ALU(RS1 | RS2);
            OPCASE(AND) ALU(RS1 & RS2);
            OPCASE(FENCE) NEXT();
            DISPATCH();
            OPCASE(ADDIW) ALU(W(RS1 + IMM));
            OPCASE(SLLIW) ALU(W((uint32_t)RS1 << (d->imm & 31)));
            OPCASE(SRLIW) ALU(W((uint32_t)RS1 >> (d->imm & 31)));
            OPCASE(SRAIW) ALU(W((int32_t)RS1 >> (d->imm & 31)));
            OPCASE(ADDW) ALU(W(RS1 + RS2));
            OPCASE(SUBW) ALU(W(RS1 - RS2));
            OPCASE(SLLW) ALU(W((uint32_t)RS1 << (RS2 & 31)));
            OPCASE(SRLW) ALU(W((uint32_t)RS1 >> (RS2 & 31)));
            OPCASE(SRAW) ALU(W((int32_t)RS1 >> (RS2 & 31)));
            OPCASE(MUL) ALU(RS1 * RS2);
            OPCASE(MULH) ALU((uint64_t)(((__int128)(int64_t)RS1 * (int64_t)RS2) >> 64));
            OPCASE(MULHSU) ALU((uint64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64));
            OPCASE(MULHU) ALU((uint64_t)(((unsigned __int128)RS1 * RS2) >> 64));
            OPCASE(DIV)
            {
                int64_t a = (int64_t)RS1, b = (int64_t)RS2;
                ALU(b == 0                        ? UINT64_MAX
                    : (a == INT64_MIN && b == -1) ? (uint64_t)a
                                                  : (uint64_t)(a / b));
            }
            OPCASE(DIVU) ALU(RS2 == 0 ? UINT64_MAX : RS1 / RS2);
            OPCASE(REM)
            {
                int64_t a = (int64_t)RS1, b = (int64_t)RS2;
                ALU(b == 0 ? (uint64_t)a : (a == INT64_MIN && b == -1) ? 0 : (uint64_t)(a % b));
            }
            OPCASE(REMU) ALU(RS2 == 0 ? RS1 : RS1 % RS2);
            OPCASE(MULW) ALU(W(RS1 * RS2));
            OPCASE(DIVW)
            {
                int32_t a = (int32_t)RS1, b = (int32_t)RS2;
                ALU(b == 0 ? UINT64_MAX : (a == INT32_MIN && b == -1) ? W(a) : W(a / b));
            }
            OPCASE(DIVUW)
            {
                uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
                ALU(b == 0 ? UINT64_MAX : W(a / b));
            }
            OPCASE(REMW)
            {
                int32_t a = (int32_t)RS1, b = (int32_t)RS2;
                ALU(b == 0 ? W(a) : (a == INT32_MIN && b == -1) ? 0 : W(a % b));
            }
            OPCASE(REMUW)
            {
                uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
                ALU(b == 0 ? W(a) : W(a % b));
            }
            OPCASE(ECALL)
            f->g16 = g16;
            f->pc = PC();
            f->vm->st.instructions += count;
            f->insns += count;
            count = 0;
            st = hy_ecall(f);
            g16 = f->g16;
            if (st != HY_CONTINUE) goto out;
            st = EVM_SUCCESS;
            NEXT();
            CHARGE_BLOCK();
            DISPATCH();
#if !HY_USE_GOTO
        default:
#endif
            OPCASE(ILLEGAL) /* also past the end of the code, and EBREAK */
            HALT(EVM_INVALID);
        }
    }
out:
    f->g16 = g16;
    f->vm->st.instructions += count;
    return st;
}
#undef DISPATCH
#undef OPCASE
#undef PC
#undef RD
#undef RS1
#undef RS2
#undef IMM
#undef W
#undef HALT
#undef CHARGE_BLOCK
#undef NEXT
#undef ALU
#undef GOTO
#undef JUMP_STATIC
#undef BRANCH
#undef SYNC_SLOW
#undef LOAD
#undef STORE
#undef SX
#undef ZX
