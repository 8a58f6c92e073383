/* Running a small image under a vendor profile, for the vendor tests (test_rv_vendor*.c). */
#ifndef RIVET_TEST_VENDOR_RUN_H
#define RIVET_TEST_VENDOR_RUN_H

#include "rivet/rv_zkvm.h"
#include "unit/rv/rvt.h"

enum { ZERO = 0, T0 = 5, A0 = 10, A1, A2, A3, A7 = 17 };
#define TEXT 0x80000000ull /* tiny_elf.h's base: at or above SP1 v6's STACK_TOP */

static inline uint32_t addi(unsigned rd, unsigned rs1, int32_t imm)
{
    return enc_i(imm, rs1, 0, rd, 0x13);
}
static inline uint32_t lui(unsigned rd, uint32_t imm20)
{
    return imm20 << 12 | rd << 7 | 0x37;
}

typedef struct run {
    rv_result r;
    rv_zkvm z;
    rv_mem *mem;
} run;

/* Runs image (an ELF, or Airbender's flat binary) under profile with the given inputs. */
static inline void go(run *u, rv_zkvm_abi abi, int xlen, const uint8_t *img, size_t n,
                      const rv_zkvm_input *in, size_t nin)
{
    rivet_diag d;
    rv_cpu cpu;
    memset(&u->z, 0, sizeof u->z);
    u->z.abi = abi;
    u->z.inputs = in;
    u->z.ninputs = nin;
    u->mem = rv_mem_new();
    rv_cpu_init(&cpu, u->mem, xlen, RV_EXT_GC);
    cpu.limit = 1000;
    assert_int_equal(rv_zkvm_setup(&cpu, &u->z, img, n, &d), RIVET_OK);
    u->r = rv_run(&cpu);
}

static inline void done(run *u)
{
    rv_zkvm_free(&u->z);
    rv_mem_free(u->mem);
}

#endif
