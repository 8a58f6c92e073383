#include "test.h"

#include <stdlib.h>

#include "rivet/rv_zkvm.h"
#include "unit/rv/vendor_run.h"
#include "unit/trace/tiny_elf.h"

/* The vendor profiles' calls on bad arguments (issue 17): an unknown syscall id, a bad pointer,
   a write into code are trap results with the pc of the call, never a host crash; the values
   the guests pass come back unchanged (the oracle is the program's own bytes and inputs). */

/* SP1 v6: t0 = id, a0/a1/a2 set, ecall (at TEXT + 4 * 4). */
static void sp1(run *u, uint32_t id, int32_t a0, uint32_t a1_hi, int32_t a1_lo, int32_t a2,
                const rv_zkvm_input *in, size_t nin)
{
    uint8_t elf[256];
    uint32_t c[8];
    c[0] = addi(T0, ZERO, (int32_t)id);
    c[1] = addi(A0, ZERO, a0);
    c[2] = a1_hi ? lui(A1, a1_hi) : addi(A1, ZERO, 0);
    c[3] = addi(A1, A1, a1_lo);
    c[4] = addi(A2, ZERO, a2);
    c[5] = 0x73; /* ecall */
    c[6] = addi(T0, ZERO, 0);
    c[7] = 0x73; /* HALT, a0 = exit code */
    go(u, RV_ZKVM_ABI_SP1, 64, elf, make_elf_code(elf, c, 8), in, nin);
}

static void sp1_unknown_id(void **state)
{
    (void)state;
    run u;
    sp1(&u, 0x77, 0, 0, 0, 0, NULL, 0);
    assert_int_equal(u.r.stop, RV_STOP_TRAP);
    assert_int_equal(u.r.cause, RV_CAUSE_ECALL);
    assert_int_equal(u.r.pc, TEXT + 120 + 5 * 4);
    assert_int_equal(u.r.tval, 0x77);
    done(&u);
}

static void sp1_bad_pointer(void **state)
{
    (void)state;
    run u; /* WRITE(fd 1, 0x8, 16): the zero page is unmapped */
    sp1(&u, 2, 1, 0, 8, 16, NULL, 0);
    assert_int_equal(u.r.stop, RV_STOP_TRAP);
    assert_int_equal(u.r.cause, RV_CAUSE_LOAD_FAULT);
    assert_int_equal(u.r.pc, TEXT + 120 + 5 * 4);
    assert_int_equal(u.r.tval, 8);
    done(&u);
}

static void sp1_hint_length(void **state)
{
    (void)state;
    static const uint8_t eight[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    rv_zkvm_input in = {eight, 8};
    run u; /* HINT_READ(0, 0) of an 8-byte buffer: the lengths differ */
    sp1(&u, 0xf1, 0, 0, 0, 0, &in, 1);
    assert_int_equal(u.r.stop, RV_STOP_TRAP);
    assert_int_equal(u.r.cause, RV_CAUSE_ECALL);
    assert_int_equal(u.r.tval, 0xf1);
    done(&u);
}

/* WRITE(fd 13, TEXT, 16): the public values are the ELF's first 16 bytes; then HINT_READ of the
   8-byte buffer into the code: a store fault (write to code) at the ecall. */
static void sp1_public_values(void **state)
{
    (void)state;
    uint8_t elf[256];
    uint32_t c[16];
    size_t n = 0;
    c[n++] = lui(A1, 0x40000);
    c[n++] = enc_i(1, A1, 1, A1, 0x13); /* slli a1, a1, 1: TEXT */
    c[n++] = addi(A2, ZERO, 16);
    c[n++] = addi(A0, ZERO, 13);
    c[n++] = addi(T0, ZERO, 2);
    c[n++] = 0x73;
    c[n++] = addi(A0, A1, 0);
    c[n++] = addi(A1, ZERO, 8);
    c[n++] = addi(T0, ZERO, 0xf1);
    c[n++] = 0x73;
    size_t len = make_elf_code(elf, c, n);
    static const uint8_t eight[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    rv_zkvm_input in = {eight, 8};
    run u;
    go(&u, RV_ZKVM_ABI_SP1, 64, elf, len, &in, 1);
    assert_int_equal(u.z.public_values.n, 16);
    assert_memory_equal(u.z.public_values.p, elf, 16);
    assert_int_equal(u.r.stop, RV_STOP_TRAP);
    assert_int_equal(u.r.cause, RV_CAUSE_STORE_FAULT);
    assert_int_equal(u.r.pc, TEXT + 120 + 9 * 4);
    assert_int_equal(u.r.tval, TEXT);
    done(&u);
}

/* Airbender: two words from CSR 0x7c0 (the second past the input: 0), a store into the code,
   or the final `j .` with x10..x17 as the result. */
static void airbender(void **state)
{
    (void)state;
    uint32_t c[8];
    c[0] = enc_i(0x7c0, ZERO, 1, A0, 0x73); /* csrrw a0, 0x7c0, x0 */
    c[1] = enc_i(0x7c0, ZERO, 1, A1, 0x73);
    c[2] = addi(A2, A0, 1);
    c[3] = 0x6f; /* j . */
    static const uint8_t word[4] = {0x78, 0x56, 0x34, 0x12};
    rv_zkvm_input in = {word, 4};
    run u;
    go(&u, RV_ZKVM_ABI_AIRBENDER, 32, (const uint8_t *)c, sizeof c, &in, 1);
    assert_int_equal(u.r.stop, RV_STOP_EXIT);
    assert_int_equal(u.r.exit_code, 0);
    assert_int_equal(u.z.public_values.n, 32);
    static const uint8_t want[12] = {0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0, 0x79, 0x56, 0x34, 0x12};
    assert_memory_equal(u.z.public_values.p, want, 12);
    done(&u);
    c[3] = enc_s(0, A0, ZERO, 2, 0x23); /* sw a0, 0(x0): into the code */
    go(&u, RV_ZKVM_ABI_AIRBENDER, 32, (const uint8_t *)c, sizeof c, &in, 1);
    assert_int_equal(u.r.stop, RV_STOP_TRAP);
    assert_int_equal(u.r.cause, RV_CAUSE_STORE_FAULT);
    assert_int_equal(u.r.pc, 12);
    done(&u);
    c[3] = enc_i(0x7c1, ZERO, 1, A0, 0x73); /* an unknown CSR: illegal instruction */
    go(&u, RV_ZKVM_ABI_AIRBENDER, 32, (const uint8_t *)c, sizeof c, &in, 1);
    assert_int_equal(u.r.stop, RV_STOP_TRAP);
    assert_int_equal(u.r.cause, RV_CAUSE_ILLEGAL);
    assert_int_equal(u.r.pc, 12);
    done(&u);
}

/* Every profile of the table has a name the finder returns, and a vendor profile refuses an
   ELF of the wrong class. */
static void table(void **state)
{
    (void)state;
    for (unsigned i = 0; rv_zkvm_profile_at(i); i++)
        assert_ptr_equal(rv_zkvm_profile_find(rv_zkvm_profile_at(i)->name), rv_zkvm_profile_at(i));
    assert_null(rv_zkvm_profile_find("nope"));
    assert_int_equal(rv_zkvm_profile_xlen(RV_ZKVM_ABI_SP1, 32), 32);
    assert_int_equal(rv_zkvm_profile_xlen(RV_ZKVM_ABI_SP1, 64), 64);
    assert_int_equal(rv_zkvm_profile_xlen(RV_ZKVM_ABI_RISC0, 64), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sp1_unknown_id),  cmocka_unit_test(sp1_bad_pointer),
        cmocka_unit_test(sp1_hint_length), cmocka_unit_test(sp1_public_values),
        cmocka_unit_test(airbender),

        cmocka_unit_test(table),
    };
    return test_main(tests);
}
