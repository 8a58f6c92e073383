/* The contract interpreter: pre-decoded slots, gas charged per basic block before it runs
   (the suffix cost of the slot where control enters), loads and stores through the frame's
   page table with pages mapped on first touch. Guest faults end the frame with a status. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

static bool load_slow(hy_frame *f, uint64_t a, unsigned size, uint64_t *v, evm_status *st)
{
    uint8_t b[8];
    *st = hy_mem_read(f, a, b, size);
    if (*st != EVM_SUCCESS) return false;
    uint64_t r = 0;
    for (unsigned i = 0; i < size; i++)
        r |= (uint64_t)b[i] << (8 * i);
    *v = r;
    return true;
}

static bool store_slow(hy_frame *f, uint64_t a, unsigned size, uint64_t v, evm_status *st)
{
    uint8_t b[8];
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    *st = hy_mem_write(f, a, b, size);
    return *st == EVM_SUCCESS;
}

/* Host address of an access that stays in one touched page, or NULL (slow path). */
static inline uint8_t *fast(const hy_frame *f, uint64_t a, unsigned size, uintptr_t need)
{
    if (UNLIKELY(a >= HY_MEM_SIZE)) return NULL;
    uintptr_t e = f->pt[a >> 12];
    if (UNLIKELY((e & need) != need || !e || (a & (HY_PAGE - 1)) > HY_PAGE - size)) return NULL;
    return (uint8_t *)(e & ~(uintptr_t)HY_PT_W) + (a & (HY_PAGE - 1));
}

evm_status hy_interp(hy_frame *f, uint64_t pc0)
{
    const hy_prog *p = f->p;
    const rv_insn *const base = p->insn;
    const uint32_t *const cost = p->cost;
    const bool metered = !f->vm->opt.unmetered;
    uint64_t *const x = f->x;
    int64_t g16 = f->g16;
    uint64_t count = 0;
    const rv_insn *d;
    evm_status st = EVM_SUCCESS;
    uint64_t t, v;

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
        if (metered && UNLIKELY((g16 -= cost[d - base]) < 0)) HALT(EVM_OUT_OF_GAS);                \
    } while (0)
#define NEXT() (d += d->len >> 1)
#define ALU(e)                                                                                     \
    do {                                                                                           \
        RD = (e);                                                                                  \
        NEXT();                                                                                    \
        goto loop;                                                                                 \
    } while (0)
#define GOTO(target)                                                                               \
    do {                                                                                           \
        uint64_t off_ = (target) - (uint64_t)HY_CODE_BASE;                                         \
        if (UNLIKELY(off_ >= p->c.code_size || (off_ & 1))) HALT(EVM_BAD_JUMP);                    \
        d = base + off_ / 2;                                                                       \
        if (UNLIKELY(d->op == RV_OP_ILLEGAL)) HALT(EVM_BAD_JUMP);                                  \
        CHARGE_BLOCK();                                                                            \
        goto loop;                                                                                 \
    } while (0)
#define BRANCH(c)                                                                                  \
    do {                                                                                           \
        if (c) GOTO(PC() + IMM);                                                                   \
        NEXT();                                                                                    \
        CHARGE_BLOCK();                                                                            \
        goto loop;                                                                                 \
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
        goto loop;                                                                                 \
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
    loop:
        count++;
        switch (d->op) {
        case RV_OP_LUI: ALU(IMM);
        case RV_OP_AUIPC: ALU(PC() + IMM);
        case RV_OP_JAL:
            t = PC() + IMM;
            RD = PC() + d->len;
            GOTO(t);
        case RV_OP_JALR:
            t = (RS1 + IMM) & ~(uint64_t)1;
            RD = PC() + d->len;
            GOTO(t);
        case RV_OP_BEQ: BRANCH(RS1 == RS2);
        case RV_OP_BNE: BRANCH(RS1 != RS2);
        case RV_OP_BLT: BRANCH((int64_t)RS1 < (int64_t)RS2);
        case RV_OP_BGE: BRANCH((int64_t)RS1 >= (int64_t)RS2);
        case RV_OP_BLTU: BRANCH(RS1 < RS2);
        case RV_OP_BGEU: BRANCH(RS1 >= RS2);
        case RV_OP_LB: LOAD(int8_t, SX);
        case RV_OP_LH: LOAD(int16_t, SX);
        case RV_OP_LW: LOAD(int32_t, SX);
        case RV_OP_LD: LOAD(uint64_t, ZX);
        case RV_OP_LBU: LOAD(uint8_t, ZX);
        case RV_OP_LHU: LOAD(uint16_t, ZX);
        case RV_OP_LWU: LOAD(uint32_t, ZX);
        case RV_OP_SB: STORE(uint8_t);
        case RV_OP_SH: STORE(uint16_t);
        case RV_OP_SW: STORE(uint32_t);
        case RV_OP_SD: STORE(uint64_t);
        case RV_OP_ADDI: ALU(RS1 + IMM);
        case RV_OP_SLTI: ALU((int64_t)RS1 < (int64_t)IMM);
        case RV_OP_SLTIU: ALU(RS1 < IMM);
        case RV_OP_XORI: ALU(RS1 ^ IMM);
        case RV_OP_ORI: ALU(RS1 | IMM);
        case RV_OP_ANDI: ALU(RS1 & IMM);
        case RV_OP_SLLI: ALU(RS1 << (d->imm & 63));
        case RV_OP_SRLI: ALU(RS1 >> (d->imm & 63));
        case RV_OP_SRAI: ALU((uint64_t)((int64_t)RS1 >> (d->imm & 63)));
        case RV_OP_ADD: ALU(RS1 + RS2);
        case RV_OP_SUB: ALU(RS1 - RS2);
        case RV_OP_SLL: ALU(RS1 << (RS2 & 63));
        case RV_OP_SLT: ALU((int64_t)RS1 < (int64_t)RS2);
        case RV_OP_SLTU: ALU(RS1 < RS2);
        case RV_OP_XOR: ALU(RS1 ^ RS2);
        case RV_OP_SRL: ALU(RS1 >> (RS2 & 63));
        case RV_OP_SRA: ALU((uint64_t)((int64_t)RS1 >> (RS2 & 63)));
        case RV_OP_OR: ALU(RS1 | RS2);
        case RV_OP_AND: ALU(RS1 & RS2);
        case RV_OP_FENCE: NEXT(); goto loop;
        case RV_OP_ADDIW: ALU(W(RS1 + IMM));
        case RV_OP_SLLIW: ALU(W((uint32_t)RS1 << (d->imm & 31)));
        case RV_OP_SRLIW: ALU(W((uint32_t)RS1 >> (d->imm & 31)));
        case RV_OP_SRAIW: ALU(W((int32_t)RS1 >> (d->imm & 31)));
        case RV_OP_ADDW: ALU(W(RS1 + RS2));
        case RV_OP_SUBW: ALU(W(RS1 - RS2));
        case RV_OP_SLLW: ALU(W((uint32_t)RS1 << (RS2 & 31)));
        case RV_OP_SRLW: ALU(W((uint32_t)RS1 >> (RS2 & 31)));
        case RV_OP_SRAW: ALU(W((int32_t)RS1 >> (RS2 & 31)));
        case RV_OP_MUL: ALU(RS1 * RS2);
        case RV_OP_MULH: ALU((uint64_t)(((__int128)(int64_t)RS1 * (int64_t)RS2) >> 64));
        case RV_OP_MULHSU: ALU((uint64_t)(((__int128)(int64_t)RS1 * (__int128)RS2) >> 64));
        case RV_OP_MULHU: ALU((uint64_t)(((unsigned __int128)RS1 * RS2) >> 64));
        case RV_OP_DIV: {
            int64_t a = (int64_t)RS1, b = (int64_t)RS2;
            ALU(b == 0                        ? UINT64_MAX
                : (a == INT64_MIN && b == -1) ? (uint64_t)a
                                              : (uint64_t)(a / b));
        }
        case RV_OP_DIVU: ALU(RS2 == 0 ? UINT64_MAX : RS1 / RS2);
        case RV_OP_REM: {
            int64_t a = (int64_t)RS1, b = (int64_t)RS2;
            ALU(b == 0 ? (uint64_t)a : (a == INT64_MIN && b == -1) ? 0 : (uint64_t)(a % b));
        }
        case RV_OP_REMU: ALU(RS2 == 0 ? RS1 : RS1 % RS2);
        case RV_OP_MULW: ALU(W(RS1 * RS2));
        case RV_OP_DIVW: {
            int32_t a = (int32_t)RS1, b = (int32_t)RS2;
            ALU(b == 0 ? UINT64_MAX : (a == INT32_MIN && b == -1) ? W(a) : W(a / b));
        }
        case RV_OP_DIVUW: {
            uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
            ALU(b == 0 ? UINT64_MAX : W(a / b));
        }
        case RV_OP_REMW: {
            int32_t a = (int32_t)RS1, b = (int32_t)RS2;
            ALU(b == 0 ? W(a) : (a == INT32_MIN && b == -1) ? 0 : W(a % b));
        }
        case RV_OP_REMUW: {
            uint32_t a = (uint32_t)RS1, b = (uint32_t)RS2;
            ALU(b == 0 ? W(a) : W(a % b));
        }
        case RV_OP_ECALL:
            f->g16 = g16;
            f->pc = PC();
            f->vm->st.instructions += count;
            count = 0;
            st = hy_ecall(f);
            g16 = f->g16;
            if (st != HY_CONTINUE) goto out;
            st = EVM_SUCCESS;
            NEXT();
            CHARGE_BLOCK();
            goto loop;
        default: /* ILLEGAL (also past the end of the code), EBREAK */ HALT(EVM_INVALID);
        }
    }
out:
    f->g16 = g16;
    f->vm->st.instructions += count;
    return st;
}
