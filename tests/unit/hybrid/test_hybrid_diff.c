/* Random-program differential test of the contract interpreter. Random RV64IM programs (ALU,
   M, loads and stores, forward branches, a counted loop) run three ways: on rivet's RISC-V
   emulator (src/rv, the oracle for results and for the executed instruction mix), as a
   metered contract and as an unmetered one. The registers must agree, the gas must be the
   executed instructions priced by the cost table (plus the page), and the out-of-gas point
   must fall exactly there: one gas less runs out. The classes are the cost table's (hy_op_cost);
   the counts, the blocks' entry points and the results are the oracle's. RIVET_SEED picks the
   seed. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "rivet/exec.h"
#include "hybrid/hy_internal.h"
#include "unit/hybrid/rv_enc.h"

enum { NREG = 11, SCRATCH = 0x7f0000 };

static uint64_t rng;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng % n);
}
static uint32_t rreg(void)
{
    return 5 + rnd(NREG); /* x5..x15 */
}

static const uint32_t r_ops[][2] = {/* funct7, funct3 ; opcode 0x33 or 0x3b in low bit */
                                    {0x00, 0}, {0x20, 0}, {0x00, 1}, {0x00, 2}, {0x00, 3},
                                    {0x00, 4}, {0x00, 5}, {0x20, 5}, {0x00, 6}, {0x00, 7},
                                    {0x01, 0}, {0x01, 1}, {0x01, 2}, {0x01, 3}, {0x01, 4},
                                    {0x01, 5}, {0x01, 6}, {0x01, 7}};

static void random_insn(prog *p)
{
    uint32_t k = rnd(10), rd = rreg(), a = rreg(), b = rreg();
    if (k < 4) { /* R-type, 64 or 32-bit (the W forms exist for add/sub/shifts/M) */
        const uint32_t *o = r_ops[rnd(sizeof r_ops / sizeof *r_ops)];
        bool has_w = o[0] == 1 ? o[1] == 0 || o[1] >= 4 : o[1] == 0 || o[1] == 1 || o[1] == 5;
        bool w = has_w && rnd(3) == 0;
        emit(p, enc_r(o[0], b, a, o[1], rd, w ? 0x3b : 0x33));
    } else if (k < 7) { /* I-type */
        uint32_t f3 = rnd(8);
        int32_t imm = (int32_t)rnd(4096) - 2048;
        if (f3 == 1) imm = (int32_t)rnd(64);
        if (f3 == 5) imm = (int32_t)(rnd(64) | (rnd(2) ? 0x400 : 0));
        emit(p, enc_i(imm, a, f3, rd, 0x13));
    } else if (k < 8) { /* load or store in the scratch page (base s2) */
        uint32_t f3 = rnd(7), off = rnd(64) * 8;
        if (rnd(2))
            emit(p, enc_i((int32_t)off, S2, f3 == 3 ? 3 : f3 % 3 + (rnd(2) ? 4 : 0), rd, 0x03));
        else
            emit(p, enc_s((int32_t)off, rd, S2, rnd(4)));
    } else if (k < 9) { /* forward branch over 1..3 instructions */
        uint32_t skip = 1 + rnd(3), f3 = (uint32_t[]){0, 1, 4, 5, 6, 7}[rnd(6)];
        emit(p, enc_b((int32_t)(4 * (skip + 1)), b, a, f3));
        for (uint32_t i = 0; i < skip; i++)
            emit(p, enc_i((int32_t)rnd(100), a, 0, rd, 0x13));
    } else {
        emit(p, LUI(rd, rnd(1 << 20)));
    }
}

static void generate(prog *p, uint32_t body, uint32_t iters)
{
    p->n = 0;
    li2(p, S2, SCRATCH);
    for (uint32_t r = 5; r < 5 + NREG; r++)
        li2(p, r, (int32_t)rnd(1u << 31));
    emit(p, ADDI(T6, ZERO, (int32_t)iters));
    size_t loop = p->n;
    for (uint32_t i = 0; i < body; i++)
        random_insn(p);
    emit(p, ADDI(T6, T6, -1));
    emit(p, BNE(T6, ZERO, -(int32_t)(4 * (p->n - loop))));
    for (uint32_t r = 0; r < NREG; r++)
        emit(p, SD(5 + r, S2, (int32_t)(8 * r)));
    emit(p, ADDI(A0, S2, 0));
    emit(p, ADDI(A1, ZERO, 8 * NREG));
    ecall_n(p, HY_EC_RETURN);
}

static rv_env_action stop(rv_cpu *cpu)
{
    return rv_cpu_exit(cpu, 0);
}

/* The oracle: registers x5..x15 as the program stored them before its ecall, and the instructions'
 * price in 16ths. */
static void oracle(const prog *p, uint64_t regs[NREG], int64_t *cost16)
{
    rv_mem *m = rv_mem_new();
    assert_int_equal(rv_mem_map(m, HY_CODE_BASE, 4 * 4096, RV_PROT_R | RV_PROT_X, NULL), RIVET_OK);
    assert_true(rv_mem_write(m, HY_CODE_BASE, p->w, 4 * p->n));
    assert_int_equal(rv_mem_map(m, SCRATCH, 0x10000, RV_PROT_R | RV_PROT_W, NULL), RIVET_OK);
    rv_cpu cpu;
    rv_cpu_init(&cpu, m, 64, RV_EXT_M);
    uint64_t *mix = calloc(RV_INSN_COUNT, sizeof *mix);
    cpu.stats.mix = mix;
    static const rv_env env = {.ecall = stop};
    cpu.env = &env;
    cpu.h.pc = HY_CODE_BASE;
    cpu.h.x[2] = HY_MEM_SIZE;
    cpu.limit = 10000000;
    rv_result r = rv_run(&cpu);
    if (r.stop != RV_STOP_EXIT)
        fail_msg("oracle stopped: %d cause %d at 0x%llx", r.stop, r.cause,
                 (unsigned long long)r.pc);
    assert_true(rv_mem_read(m, SCRATCH, regs, NREG * 8)); /* what the program stored */
    *cost16 = 0;
    for (unsigned i = 0; i < RV_INSN_COUNT; i++)
        *cost16 += (int64_t)mix[i] * hy_op_cost(rv_insn_table[i].op);
    free(mix);
    rv_mem_free(m);
}

static evm_result run(const uint8_t *c, size_t n, uint64_t gas, bool unmetered)
{
    hy_vm *vm = hy_vm_new(&(hy_options){.unmetered = unmetered});
    evm_result r;
    assert_int_equal(exec_call_code_vm(FORK_OSAKA, hy_vm_runner(vm), c, n, NULL, 0, gas, NULL, &r),
                     RIVET_OK);
    hy_vm_free(vm);
    return r;
}

static void test_random_programs(void **st)
{
    (void)st;
    const char *env = getenv("RIVET_SEED");
    uint64_t seed = env ? strtoull(env, NULL, 0) : 0x5eed;
    printf("seed %llu (RIVET_SEED)\n", (unsigned long long)seed);
    rng = seed * 0x9e3779b97f4a7c15u | 1;
    static prog p;
    int programs = 2000;
    for (int t = 0; t < programs; t++) {
        generate(&p, 4 + rnd(60), 1 + rnd(20));
        uint64_t want[NREG];
        int64_t cost16;
        oracle(&p, want, &cost16);
        size_t n;
        uint8_t *c = pack(&p, &n);
        int64_t used = (cost16 + 15) / 16 + HY_PAGE_GAS, gas = 10000000;
        evm_result a = run(c, n, (uint64_t)gas, false), b = run(c, n, (uint64_t)gas, true);
        if (a.status != EVM_SUCCESS || b.status != EVM_SUCCESS || a.output_size != 8 * NREG ||
            memcmp(a.output, want, 8 * NREG) || memcmp(b.output, want, 8 * NREG))
            fail_msg("program %d (seed %llu): %s / %s, registers differ", t,
                     (unsigned long long)seed, evm_status_str(a.status), evm_status_str(b.status));
        if (gas - a.gas_left != used)
            fail_msg("program %d: %lld gas, the table says %lld", t, (long long)(gas - a.gas_left),
                     (long long)used);
        free(a.output);
        free(b.output);
        evm_result lo = run(c, n, (uint64_t)used - 1, false), ok = run(c, n, (uint64_t)used, false);
        assert_int_equal(lo.status, EVM_OUT_OF_GAS);
        assert_int_equal(ok.status, EVM_SUCCESS);
        assert_int_equal(ok.gas_left, 0);
        free(lo.output);
        free(ok.output);
        free(c);
    }
    printf("%d random programs: results, gas and out-of-gas points agree\n", programs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_random_programs)};
    return test_main(tests);
}
