/* The contract interpreter: pre-decoded slots, gas charged per basic block before it runs
   (the suffix cost of the slot where control enters), loads and stores through the frame's
   page table with pages mapped on first touch. Guest faults end the frame with a status. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

#ifndef HY_USE_GOTO /* computed goto where the compiler has it, a switch otherwise */
#if defined(__GNUC__)
#define HY_USE_GOTO 1
#else
#define HY_USE_GOTO 0
#endif
#endif

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

/* One JSON line per instruction (rivet evm/statetest --hybrid --trace with instructions). */
static void trace_insn(hy_frame *f, const rv_insn *d, const rv_insn *base, int64_t g16)
{
    FILE *o = f->ctx.h->tracer->out;
    uint64_t pc = HY_CODE_BASE + 2 * (uint64_t)(d - base);
    char text[64];
    rv_disasm(d, pc, text, sizeof text);
    fprintf(o, "{\"vm\":\"riscv\",\"pc\":%llu,\"insn\":\"%s\",\"gas\":\"0x%llx\",\"depth\":%d}\n",
            (unsigned long long)pc, text, (unsigned long long)((g16 >> 4) + f->excess),
            f->ctx.m->depth + 1);
}

#define HY_BODY_NAME    interp_plain
#define HY_TRACE_STEP() ((void)0)
#include "hy_interp_body.h"
#undef HY_BODY_NAME
#undef HY_TRACE_STEP
#define HY_BODY_NAME    interp_traced
#define HY_TRACE_STEP() trace_insn(f, d, base, g16)
#include "hy_interp_body.h"
#undef HY_BODY_NAME
#undef HY_TRACE_STEP

evm_status hy_interp(hy_frame *f, uint64_t pc0)
{
    bool traced = f->vm->opt.trace_insns && f->ctx.h->tracer;
    return traced ? interp_traced(f, pc0) : interp_plain(f, pc0);
}
