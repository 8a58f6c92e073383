/* Helpers for the RISC-V unit tests: a machine with a code page and a data page, and
   instruction encoders written from the ISA manual's field layouts. */
#ifndef RIVET_TEST_RVT_H
#define RIVET_TEST_RVT_H

#include "rivet/rv.h"

#define CODE   0x10000ull
#define DATA   0x20000ull
#define RODATA 0x30000ull

typedef struct rvt {
    rv_mem *mem;
    rv_cpu cpu;
    uint64_t end; /* next free code address */
} rvt;

static inline void rvt_init(rvt *t)
{
    t->mem = rv_mem_new();
    assert_non_null(t->mem);
    assert_int_equal(rv_mem_map(t->mem, CODE, 0x1000, RV_PROT_R | RV_PROT_X, NULL), RIVET_OK);
    assert_int_equal(rv_mem_map(t->mem, DATA, 0x2000, RV_PROT_R | RV_PROT_W, NULL), RIVET_OK);
    assert_int_equal(rv_mem_map(t->mem, RODATA, 0x1000, RV_PROT_R, NULL), RIVET_OK);
    rv_cpu_init(&t->cpu, t->mem, 64, RV_EXT_GC);
    t->cpu.h.pc = CODE;
    t->end = CODE;
}

static inline void rvt_free(rvt *t)
{
    rv_mem_free(t->mem);
}

static inline void rvt_emit(rvt *t, uint32_t insn)
{
    unsigned n = (insn & 3) == 3 ? 4 : 2;
    uint8_t b[4] = {(uint8_t)insn, (uint8_t)(insn >> 8), (uint8_t)(insn >> 16),
                    (uint8_t)(insn >> 24)};
    assert_true(rv_mem_write(t->mem, t->end, b, n));
    t->end += n;
}

/* Runs exactly the emitted instructions (limit = their count). */
static inline rv_result rvt_run(rvt *t, uint64_t n)
{
    t->cpu.limit = t->cpu.instret + n;
    return rv_run(&t->cpu);
}

/* Encoders (ISA manual, "Base Instruction Formats"). */
static inline uint32_t enc_r(uint32_t f7, unsigned rs2, unsigned rs1, uint32_t f3, unsigned rd,
                             uint32_t opc)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static inline uint32_t enc_i(int32_t imm, unsigned rs1, uint32_t f3, unsigned rd, uint32_t opc)
{
    return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
static inline uint32_t enc_s(int32_t imm, unsigned rs2, unsigned rs1, uint32_t f3, uint32_t opc)
{
    uint32_t u = (uint32_t)imm & 0xfff;
    return (u >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | opc;
}
static inline uint32_t enc_r4(unsigned rs3, uint32_t fmt, unsigned rs2, unsigned rs1, uint32_t rm,
                              unsigned rd, uint32_t opc)
{
    return rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | opc;
}

#endif
