/* Hybrid execution: container validation, the gas of each ecall against the figures of the
   EIPs (2929, 2200/3529, 1153, the yellow paper's copy, log and keccak costs), frame faults
   and limits. Expected values are the EIPs' numbers, written here by hand. */
#include "test.h"

#include <stdlib.h>

#include "unit/hybrid/rv_enc.h"
#include "rivet/exec.h"

enum { PA = 0x7ff000, PB = 0x7ff100, PFRESH = 0x7e0000 };

static evm_result run(const uint8_t *code, size_t len, const uint8_t *input, size_t ilen,
                      uint64_t gas)
{
    hy_vm *vm = hy_vm_new(NULL);
    evm_result r;
    assert_int_equal(
        exec_call_code_vm(FORK_OSAKA, hy_vm_runner(vm), code, len, input, ilen, gas, NULL, &r),
        RIVET_OK);
    hy_vm_free(vm);
    return r;
}

/* ---------------------------------------------------------------- container */

static void test_container_checks(void **st)
{
    (void)st;
    prog p = {.n = 0};
    ecall_n(&p, HY_EC_STOP);
    size_t n;
    uint8_t *c = pack(&p, &n);
    hy_container h;
    rivet_diag d;
    assert_int_equal(hy_container_validate(c, n, true, &h, NULL), RIVET_OK);
    assert_int_equal(h.code_size, 8);
    uint8_t bad[256];
    struct {
        size_t off;
        uint8_t v;
        const char *why;
    } cases[] = {{0, 0xee, "magic"},    {1, 0x00, "magic"}, /* 0xef00 is EOF */
                 {2, 2, "version"},     {3, 2, "reserved"},       {4, 9, "segments run past"},
                 {4, 7, "bytes after"}, {20, 8, "entry outside"}, {20, 2, "entry outside"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memcpy(bad, c, n);
        bad[cases[i].off] = cases[i].v;
        rivet_diag_clear(&d);
        assert_int_equal(hy_container_validate(bad, n, true, &h, &d), RIVET_EINVALID);
        if (!strstr(d.msg, cases[i].why)) fail_msg("case %zu: '%s'", i, d.msg);
    }
    /* trailing bytes: not deployable, but fine as initcode with constructor arguments */
    memcpy(bad, c, n);
    bad[n] = 0;
    assert_int_equal(hy_container_validate(bad, n + 1, true, &h, NULL), RIVET_EINVALID);
    assert_int_equal(hy_container_validate(bad, n + 1, false, &h, NULL), RIVET_OK);
    for (size_t k = 0; k < n; k++) /* every truncation is refused */
        assert_int_equal(hy_container_validate(c, k, true, &h, NULL), RIVET_EINVALID);
    free(c);
}

/* Instructions outside RV64IM (and C only when flagged) are refused at deploy. */
static void test_container_isa(void **st)
{
    (void)st;
    const uint32_t refused[] = {
        0x00b50553u, /* fadd.s fa0, fa0, fa1 (F) */
        0x00003573u, /* csrrc a0, 0, x0 (Zicsr) */
        0xc0002573u, /* rdcycle a0 (Zicsr) */
        0x00b5202fu, /* amoadd.w x0, a1, (a0) (A) */
        0x1005202fu, /* lr.w x0, (a0) (A) */
        0x0000100fu, /* fence.i (Zifencei) */
        0x30200073u, /* mret */
        0x10500073u, /* wfi */
        0x00000000u, /* defined illegal */
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        prog p = {.n = 0};
        emit(&p, refused[i]);
        ecall_n(&p, HY_EC_STOP);
        size_t n;
        uint8_t *c = pack(&p, &n);
        hy_container h;
        rivet_diag d;
        rivet_diag_clear(&d);
        assert_int_equal(hy_container_validate(c, n, true, &h, &d), RIVET_EINVALID);
        assert_int_equal(d.pos, HY_HEADER_SIZE); /* names the instruction's byte */
        free(c);
    }
    /* a compressed instruction (c.li a0, 1) needs the C flag */
    prog p = {.n = 0};
    emit(&p, 0x00014505u); /* c.li a0,1 ; c.nop */
    ecall_n(&p, HY_EC_STOP);
    size_t n;
    uint8_t *c = pack(&p, &n);
    hy_container h;
    assert_int_equal(hy_container_validate(c, n, true, &h, NULL), RIVET_EINVALID);
    c[3] = HY_FLAG_C;
    assert_int_equal(hy_container_validate(c, n, true, &h, NULL), RIVET_OK);
    free(c);
}

/* ---------------------------------------------------------------- gas of each ecall

   One program per case: a warm-up ecall, then GAS, the measured ecall, GAS. The same program
   with GAS (2 gas) in the measured place gives the instructions' share, so the difference is
   the ecall's own cost. */
typedef struct gcase {
    const char *name;
    uint32_t pre, op;
    int32_t a0, a1, a2, a3;
    int64_t want;
} gcase;

static int64_t measure(uint32_t pre, uint32_t op, const int32_t a[4], const int32_t pa[4])
{
    prog p = {.n = 0};
    li2(&p, S2, PA);
    emit(&p, SD(ZERO, S2, 0)); /* touch the page the pointers use */
    li2(&p, A0, PB);
    emit(&p, ADDI(A1, ZERO, 1));
    emit(&p, SD(A1, A0, 0)); /* word at PB+0 = 1 (little end; a value for SSTORE) */
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 4; i++)
            li2(&p, A0 + (uint32_t)i, k == 0 ? pa[i] : a[i]);
        if (k == 1) {
            ecall_n(&p, HY_EC_GAS);
            emit(&p, ADDI(S0, A0, 0));
            for (int i = 0; i < 4; i++)
                li2(&p, A0 + (uint32_t)i, a[i]);
        }
        ecall_n(&p, k == 0 ? pre : op);
    }
    ecall_n(&p, HY_EC_GAS);
    emit(&p, SUB(S1, S0, A0));
    emit(&p, SD(S1, S2, 0));
    emit(&p, ADDI(A0, S2, 0));
    emit(&p, ADDI(A1, ZERO, 8));
    ecall_n(&p, HY_EC_RETURN);
    size_t n;
    uint8_t *c = pack(&p, &n);
    uint8_t input[40] = {0};
    evm_result r = run(c, n, input, sizeof input, 1000000);
    free(c);
    if (r.status != EVM_SUCCESS)
        fail_msg("ecall %u after %u: %s", op, pre, evm_status_str(r.status));
    assert_int_equal(r.output_size, 8);
    int64_t v;
    memcpy(&v, r.output, 8);
    free(r.output);
    return v;
}

static void test_ecall_gas(void **st)
{
    (void)st;
    /* pointers: PA = a zero word / key 0, PB = a word holding 1 (as 0x01 00.. big-endian: a
       non-zero value), PA+0x40 = an address-sized buffer of zeros, PFRESH = an untouched page */
    const gcase cases[] = {
        {"SLOAD cold (EIP-2929)", HY_EC_GAS, HY_EC_SLOAD, PA, PA + 0x40, 0, 0, 2100},
        {"SLOAD warm", HY_EC_SLOAD, HY_EC_SLOAD, PA, PA + 0x40, 0, 0, 100},
        {"SSTORE 0->x cold (2200+2929)", HY_EC_GAS, HY_EC_SSTORE, PA, PB, 0, 0, 22100},
        {"SSTORE 0->x warm", HY_EC_SLOAD, HY_EC_SSTORE, PA, PB, 0, 0, 20000},
        {"SSTORE x->x (no-op)", HY_EC_SSTORE, HY_EC_SSTORE, PA, PB, 0, 0, 100},
        {"SSTORE 0->0", HY_EC_SLOAD, HY_EC_SSTORE, PA, PA + 0x80, 0, 0, 100},
        {"BALANCE cold", HY_EC_GAS, HY_EC_BALANCE, PA + 0x40, PA + 0x80, 0, 0, 2600},
        {"BALANCE warm", HY_EC_BALANCE, HY_EC_BALANCE, PA + 0x40, PA + 0x80, 0, 0, 100},
        {"EXTCODESIZE cold", HY_EC_GAS, HY_EC_EXTCODESIZE, PA + 0x40, 0, 0, 0, 2600},
        {"EXTCODEHASH warm", HY_EC_BALANCE, HY_EC_EXTCODEHASH, PA + 0x40, PA + 0x80, 0, 0, 100},
        {"SELFBALANCE", HY_EC_GAS, HY_EC_SELFBALANCE, PA + 0x80, 0, 0, 0, 5},
        {"TLOAD (EIP-1153)", HY_EC_GAS, HY_EC_TLOAD, PA, PA + 0x80, 0, 0, 100},
        {"TSTORE", HY_EC_GAS, HY_EC_TSTORE, PA, PB, 0, 0, 100},
        {"KECCAK256 64 bytes", HY_EC_GAS, HY_EC_KECCAK256, PA, 64, PA + 0x80, 0, 30 + 6 * 2},
        {"KECCAK256 0 bytes", HY_EC_GAS, HY_EC_KECCAK256, PA, 0, PA + 0x80, 0, 30},
        {"LOG0 10 bytes", HY_EC_GAS, HY_EC_LOG0, PA, 10, PA, 0, 375 + 80},
        {"LOG2 10 bytes", HY_EC_GAS, HY_EC_LOG2, PA, 10, PA, 0, 375 * 3 + 80},
        {"LOG4 0 bytes", HY_EC_GAS, HY_EC_LOG4, PA, 0, PA, 0, 375 * 5},
        {"CALLDATACOPY 33 bytes", HY_EC_GAS, HY_EC_CALLDATACOPY, PA + 0x100, 0, 33, 0, 3 + 3 * 2},
        {"CALLDATACOPY to a new page", HY_EC_GAS, HY_EC_CALLDATACOPY, PFRESH, 0, 1, 0,
         6 + HY_PAGE_GAS},
        {"CODECOPY 64 bytes", HY_EC_GAS, HY_EC_CODECOPY, PA + 0x100, 0, 64, 0, 3 + 6},
        {"CALLDATALOAD", HY_EC_GAS, HY_EC_CALLDATALOAD, 0, PA + 0x80, 0, 0, 3},
        {"CALLDATASIZE", HY_EC_GAS, HY_EC_CALLDATASIZE, 0, 0, 0, 0, 2},
        {"BLOCKHASH", HY_EC_GAS, HY_EC_BLOCKHASH, 0, PA + 0x80, 0, 0, 20},
        {"CALLER", HY_EC_GAS, HY_EC_CALLER, PA + 0x80, 0, 0, 0, 2},
        {"BLOBHASH", HY_EC_GAS, HY_EC_BLOBHASH, 0, PA + 0x80, 0, 0, 3},
        {"STATICCALL to a cold empty account", HY_EC_GAS, HY_EC_STATICCALL, 0, PA + 0x40, 0, 0,
         2600},
        {"STATICCALL warm", HY_EC_BALANCE, HY_EC_STATICCALL, 0, PA + 0x40, 0, 0, 100},
        /* arithmetic: the yellow paper's G_low (5) and G_mid (8) */
        {"MUL", HY_EC_GAS, HY_EC_MUL, PA, PB, PA + 0x80, 0, 5},
        {"DIV", HY_EC_GAS, HY_EC_DIV, PA, PB, PA + 0x80, 0, 5},
        {"SDIV by zero", HY_EC_GAS, HY_EC_SDIV, PB, PA, PA + 0x80, 0, 5},
        {"MOD", HY_EC_GAS, HY_EC_MOD, PA, PB, PA + 0x80, 0, 5},
        {"SMOD", HY_EC_GAS, HY_EC_SMOD, PB, PB, PA + 0x80, 0, 5},
        {"ADDMOD", HY_EC_GAS, HY_EC_ADDMOD, PB, PB, PB, PA + 0x80, 8},
        {"MULMOD", HY_EC_GAS, HY_EC_MULMOD, PB, PB, PA, PA + 0x80, 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const gcase *g = &cases[i];
        int32_t a[4] = {g->a0, g->a1, g->a2, g->a3};
        /* the warm-up reads into a scratch word, never into the measured call's arguments */
        int32_t pa[4] = {g->op == HY_EC_STATICCALL ? g->a1 : g->a0,
                         g->pre == HY_EC_SSTORE ? g->a1 : PA + 0xc0, PA + 0xc0, 0};
        int64_t base = measure(g->pre, HY_EC_GAS, a, pa);
        int64_t got = measure(g->pre, g->op, a, pa) - base + 2;
        if (got != g->want)
            fail_msg("%s: %lld gas, expected %lld", g->name, (long long)got, (long long)g->want);
    }
}

/* ---------------------------------------------------------------- frames */

/* An infinite loop stops; GAS is exact; the frame can be resumed by nobody. */
static void test_loop_stops(void **st)
{
    (void)st;
    prog p = {.n = 0};
    emit(&p, JAL(ZERO, 0)); /* j . */
    size_t n;
    uint8_t *c = pack(&p, &n);
    evm_result r = run(c, n, NULL, 0, 100000);
    assert_int_equal(r.status, EVM_OUT_OF_GAS);
    assert_int_equal(r.gas_left, 0);
    free(c);
}

/* Memory: the address space ends at HY_MEM_SIZE, code is not writable, jumps must land on an
   instruction, ebreak halts; each is an exceptional halt with all gas gone. */
static void test_faults(void **st)
{
    (void)st;
    struct {
        uint32_t w[4];
        int n;
        evm_status want;
    } cases[] = {
        {{LUI(A0, HY_MEM_SIZE >> 12), SD(ZERO, A0, 0)}, 2, EVM_MEM_FAULT},
        {{LUI(A0, HY_MEM_SIZE >> 12), LD(A1, A0, -8)}, 2, (evm_status)-1}, /* last word: ok */
        {{LUI(A0, HY_CODE_BASE >> 12), SD(ZERO, A0, 0)}, 2, EVM_MEM_FAULT},
        {{ADDI(A0, ZERO, 0x100), LD(A1, A0, 0)}, 2, EVM_MEM_FAULT},
        {{LUI(A0, HY_CODE_BASE >> 12), JALR(ZERO, A0, 2)}, 2, EVM_BAD_JUMP},
        {{LUI(A0, 0x40), JALR(ZERO, A0, 0)}, 2, EVM_BAD_JUMP},
        {{0x00100073u}, 1, EVM_INVALID},                   /* ebreak */
        {{ADDI(A7, ZERO, 0x0c), ECALL}, 2, EVM_UNDEFINED}, /* not an ecall of the table */
        {{ADDI(A7, ZERO, 0x1e), ECALL}, 2, EVM_UNDEFINED}, /* CLZ: an opcode, not an ecall */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        prog p = {.n = 0};
        for (int k = 0; k < cases[i].n; k++)
            emit(&p, cases[i].w[k]);
        ecall_n(&p, HY_EC_STOP);
        size_t n;
        uint8_t *c = pack(&p, &n);
        evm_result r = run(c, n, NULL, 0, 100000);
        evm_status want = (int)cases[i].want == -1 ? EVM_SUCCESS : cases[i].want;
        if (r.status != want)
            fail_msg("case %zu: %s, expected %s", i, evm_status_str(r.status),
                     evm_status_str(want));
        if (want != EVM_SUCCESS) assert_int_equal(r.gas_left, 0);
        free(r.output);
        free(c);
    }
}

/* A frame pays for each page it touches; 2048 pages is the whole address space. */
static void test_page_gas(void **st)
{
    (void)st;
    /* touch 100 fresh pages below the stack top: t0 = top - 4096*k */
    prog p = {.n = 0};
    li2(&p, T0, HY_MEM_SIZE - 8);
    emit(&p, ADDI(T6, ZERO, 100));
    emit(&p, SD(ZERO, T0, 0));    /* loop: sd */
    emit(&p, LUI(T1, 1));         /* t1 = 4096 */
    emit(&p, SUB(T0, T0, T1));    /* t0 -= 4096 */
    emit(&p, ADDI(T6, T6, -1));   /* t6-- */
    emit(&p, BNE(T6, ZERO, -16)); /* bne t6, x0, loop */
    ecall_n(&p, HY_EC_STOP);
    size_t n;
    uint8_t *c = pack(&p, &n);
    evm_result r = run(c, n, NULL, 0, 1000000);
    assert_int_equal(r.status, EVM_SUCCESS);
    int64_t used = 1000000 - r.gas_left;
    /* 100 pages, plus 3 + 100*5 + 2 instructions at 3/16 and 4/16 (sd) */
    int64_t insn16 = 3 * HY_COST_ALU + 100 * (HY_COST_MEM + 3 * HY_COST_ALU + HY_COST_BRANCH) +
                     HY_COST_ALU + HY_COST_ECALL;
    assert_int_equal(used, 100 * HY_PAGE_GAS + (insn16 + 15) / 16);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_container_checks), cmocka_unit_test(test_container_isa),
        cmocka_unit_test(test_ecall_gas),        cmocka_unit_test(test_loop_stops),
        cmocka_unit_test(test_faults),           cmocka_unit_test(test_page_gas),
    };
    return test_main(tests);
}
