/* Decoder and disassembler on known encodings: the bytes and texts were produced by
   `llvm-mc-14 -triple=riscv64 -mattr=+m,+a,+f,+d,+c -show-encoding --riscv-no-aliases`
   (branch offsets rewritten as absolute targets for pc 0x10000). */
#include "test.h"

#include "rivet/rv.h"

static const struct {
    uint32_t bits;
    const char *text;
} known[] = {
#include "known_encodings.inc"
};

static void decode_and_print_known(void **state)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        rv_insn in;
        char text[80];
        assert_true(rv_decode(known[i].bits, 64, RV_EXT_GC, &in));
        assert_int_equal(in.len, (known[i].bits & 3) == 3 ? 4 : 2);
        rv_disasm(&in, 0x10000, text, sizeof text);
        if (strcmp(text, known[i].text))
            fail_msg("0x%08x: expected '%s', got '%s'", known[i].bits, known[i].text, text);
    }
}

static void fields(void **state)
{
    rv_insn in;
    /* addi a0, a1, -5 */
    assert_true(rv_decode(0xffb58513, 64, RV_EXT_GC, &in));
    assert_int_equal(in.rd, 10);
    assert_int_equal(in.rs1, 11);
    assert_int_equal(in.imm, -5);
    /* c.lui s0, 1048544: the immediate is sign-extended and shifted */
    assert_true(rv_decode(0x7401, 64, RV_EXT_GC, &in));
    assert_int_equal(in.rd, 8);
    assert_int_equal(in.imm, -32 * 4096);
    /* rd = x0 writes go to the sink register */
    assert_true(rv_decode(0x0021d073, 64, RV_EXT_GC, &in)); /* csrrwi zero, frm, 3 */
    assert_int_equal(in.rd, 32);
    assert_int_equal(in.csr, 2);
    assert_int_equal(in.imm, 3);
}

static void reserved_and_xlen(void **state)
{
    rv_insn in;
    assert_false(rv_decode(0xffffffff, 64, RV_EXT_GC, &in)); /* 48-bit+ prefix */
    assert_true(rv_decode(0x0000, 64, RV_EXT_GC, &in));      /* decodes, but executes as illegal */
    assert_string_equal(rv_insn_name(in.id), "c.unimp");
    assert_false(rv_decode(0x6001, 64, RV_EXT_GC, &in));           /* c.lui with imm 0: reserved */
    assert_false(rv_decode(0x4002, 64, RV_EXT_GC, &in));           /* c.lwsp rd=0: reserved */
    assert_false(rv_decode(0x8002, 64, RV_EXT_GC, &in));           /* c.jr rs1=0: reserved */
    assert_false(rv_decode(0x7f84b783, 32, RV_EXT_GC, &in));       /* ld does not exist in RV32 */
    assert_false(rv_decode(0x02131293, 32, RV_EXT_GC, &in));       /* slli shamt 33 in RV32 */
    assert_false(rv_decode(0x2505, 64, RV_EXT_I | RV_EXT_M, &in)); /* no C extension */
    /* 0x2505 is c.addiw in RV64 and c.jal in RV32 */
    assert_true(rv_decode(0x2505, 32, RV_EXT_GC, &in));
    assert_string_equal(rv_insn_name(in.id), "c.jal");
    assert_true(rv_decode(0x2505, 64, RV_EXT_GC, &in));
    assert_string_equal(rv_insn_name(in.id), "c.addiw");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_and_print_known),
        cmocka_unit_test(fields),
        cmocka_unit_test(reserved_and_xlen),
    };
    return test_main(tests);
}
