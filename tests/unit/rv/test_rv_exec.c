/* Interpreter behaviour: traps as results, exact instruction limit, misaligned accesses,
   deterministic counters, LR/SC, coherence of the decoded-instruction cache. */
#include "test.h"

#include "rvt.h"

enum { A0 = 10, A1 = 11, A2 = 12, A3 = 13 };

static uint32_t addi(unsigned rd, unsigned rs1, int32_t imm)
{
    return enc_i(imm, rs1, 0, rd, 0x13);
}
static uint32_t lui(unsigned rd, uint32_t imm20)
{
    return imm20 << 12 | rd << 7 | 0x37;
}

static void illegal_instruction(void **state)
{
    rvt t;
    rvt_init(&t);
    rvt_emit(&t, addi(A0, 0, 1));
    rvt_emit(&t, 0xffffffff);
    rv_result r = rvt_run(&t, 10);
    assert_int_equal(r.stop, RV_STOP_TRAP);
    assert_int_equal(r.cause, RV_CAUSE_ILLEGAL);
    assert_int_equal(r.pc, CODE + 4);
    assert_int_equal(r.tval, 0xffffffff);
    assert_int_equal(r.instret, 1);
    assert_int_equal(t.cpu.h.x[A0], 1);
    rvt_free(&t);
}

static void memory_faults(void **state)
{
    rvt t;
    rvt_init(&t);
    rvt_emit(&t, enc_i(0, 0, 3, A1, 0x03)); /* ld a1, 0(zero) */
    rv_result r = rvt_run(&t, 10);
    assert_int_equal(r.stop, RV_STOP_TRAP);
    assert_int_equal(r.cause, RV_CAUSE_LOAD_FAULT);
    assert_int_equal(r.tval, 0);
    assert_int_equal(r.instret, 0);
    rvt_free(&t);

    rvt_init(&t);
    rvt_emit(&t, lui(A0, RODATA >> 12));
    rvt_emit(&t, enc_s(8, A1, A0, 3, 0x23)); /* sd a1, 8(a0) on a read-only page */
    r = rvt_run(&t, 10);
    assert_int_equal(r.cause, RV_CAUSE_STORE_FAULT);
    assert_int_equal(r.tval, RODATA + 8);
    assert_int_equal(r.pc, CODE + 4);
    rvt_free(&t);

    rvt_init(&t);
    rvt_emit(&t, lui(A0, DATA >> 12));
    rvt_emit(&t, enc_i(0, A0, 0, 0, 0x67)); /* jalr zero, 0(a0): data is not executable */
    r = rvt_run(&t, 10);
    assert_int_equal(r.cause, RV_CAUSE_INSN_FAULT);
    assert_int_equal(r.pc, DATA);
    assert_int_equal(r.instret, 2);
    rvt_free(&t);
}

static void ecall_ebreak_without_env(void **state)
{
    rvt t;
    rvt_init(&t);
    rvt_emit(&t, 0x00000073);
    rv_result r = rvt_run(&t, 10);
    assert_int_equal(r.stop, RV_STOP_TRAP);
    assert_int_equal(r.cause, RV_CAUSE_ECALL);
    rvt_free(&t);
    rvt_init(&t);
    rvt_emit(&t, 0x9002); /* c.ebreak */
    r = rvt_run(&t, 10);
    assert_int_equal(r.cause, RV_CAUSE_BREAKPOINT);
    assert_int_equal(r.pc, CODE);
    rvt_free(&t);
}

static void limit_is_exact_and_resumable(void **state)
{
    rvt t;
    rvt_init(&t);
    for (int i = 0; i < 3; i++)
        rvt_emit(&t, addi(A0, A0, 1));
    rv_result r = rvt_run(&t, 2);
    assert_int_equal(r.stop, RV_STOP_LIMIT);
    assert_int_equal(r.instret, 2);
    assert_int_equal(r.pc, CODE + 8);
    assert_int_equal(t.cpu.h.x[A0], 2);
    r = rvt_run(&t, 1);
    assert_int_equal(r.instret, 3);
    assert_int_equal(t.cpu.h.x[A0], 3);
    rvt_free(&t);
}

static void misaligned_access_counted(void **state)
{
    rvt t;
    rvt_init(&t);
    rvt_emit(&t, lui(A0, (DATA >> 12) + 1));
    rvt_emit(&t, addi(A1, 0, -1234));
    rvt_emit(&t, enc_s(-3, A1, A0, 3, 0x23)); /* sd a1, -3(a0): crosses a page */
    rvt_emit(&t, enc_i(-3, A0, 3, A2, 0x03)); /* ld a2, -3(a0) */
    rvt_emit(&t, enc_i(-2, A0, 2, A3, 0x03)); /* lw a3, -2(a0) */
    rv_result r = rvt_run(&t, 5);
    assert_int_equal(r.stop, RV_STOP_LIMIT);
    assert_int_equal(t.cpu.h.x[A2], (uint64_t)-1234);
    assert_int_equal(t.cpu.h.x[A3], (uint64_t)(int64_t)(int32_t)((uint64_t)-1234 >> 8));
    assert_int_equal(t.cpu.stats.misaligned_stores, 1);
    assert_int_equal(t.cpu.stats.misaligned_loads, 2);
    rvt_free(&t);
}

static void counters_follow_instret(void **state)
{
    rvt t;
    rvt_init(&t);
    rvt_emit(&t, addi(0, 0, 0));
    rvt_emit(&t, addi(0, 0, 0));
    rvt_emit(&t, enc_i(0xc01, 0, 2, A0, 0x73)); /* csrrs a0, time, zero */
    rvt_emit(&t, enc_i(0xc02, 0, 2, A1, 0x73)); /* csrrs a1, instret, zero */
    rvt_emit(&t, enc_i(0xc00, A0, 1, 0, 0x73)); /* csrrw zero, cycle, a0: read-only */
    rv_result r = rvt_run(&t, 10);
    assert_int_equal(t.cpu.h.x[A0], 2);
    assert_int_equal(t.cpu.h.x[A1], 3);
    assert_int_equal(r.cause, RV_CAUSE_ILLEGAL);
    assert_int_equal(r.pc, CODE + 16);
    rvt_free(&t);
}

static void lr_sc(void **state)
{
    rvt t;
    rvt_init(&t);
    rvt_emit(&t, lui(A0, DATA >> 12));
    rvt_emit(&t, addi(A3, 0, 77));
    rvt_emit(&t, enc_r(0x02 << 2, 0, A0, 3, A1, 0x2f));  /* lr.d a1, (a0) */
    rvt_emit(&t, enc_r(0x03 << 2, A3, A0, 3, A2, 0x2f)); /* sc.d a2, a3, (a0): succeeds */
    rvt_emit(&t, addi(A3, 0, 99));
    rvt_emit(&t, enc_r(0x03 << 2, A3, A0, 3, A2, 0x2f)); /* again: no reservation */
    rvt_run(&t, 4);
    uint64_t v = 0;
    assert_true(rv_mem_read(t.mem, DATA, &v, 8));
    assert_int_equal(t.cpu.h.x[A2], 0);
    assert_int_equal(v, 77);
    rvt_run(&t, 2);
    assert_true(rv_mem_read(t.mem, DATA, &v, 8));
    assert_int_equal(t.cpu.h.x[A2], 1);
    assert_int_equal(v, 77);
    rvt_free(&t);
}

static void code_writes_are_seen(void **state)
{
    rvt t;
    rvt_init(&t);
    rvt_emit(&t, addi(A0, A0, 1));
    rvt_run(&t, 1);
    assert_int_equal(t.cpu.h.x[A0], 1);
    uint32_t insn = addi(A0, A0, 5);
    assert_true(rv_mem_write(t.mem, CODE, &insn, 4));
    t.cpu.h.pc = CODE;
    rvt_run(&t, 1);
    assert_int_equal(t.cpu.h.x[A0], 6);
    rvt_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(illegal_instruction),
        cmocka_unit_test(memory_faults),
        cmocka_unit_test(ecall_ebreak_without_env),
        cmocka_unit_test(limit_is_exact_and_resumable),
        cmocka_unit_test(misaligned_access_counted),
        cmocka_unit_test(counters_follow_instret),
        cmocka_unit_test(lr_sc),
        cmocka_unit_test(code_writes_are_seen),
    };
    return test_main(tests);
}
