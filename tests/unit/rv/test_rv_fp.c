/* F and D: rounding modes (static and dynamic), exception flags, NaN boxing, canonical NaN,
   conversions. Expected values follow from IEEE 754 arithmetic and the RISC-V F/D chapters. */
#include "test.h"

#include "rvt.h"

enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7 };
enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };
#define B(x) (0xffffffff00000000ull | (uint32_t)(x)) /* NaN-boxed single */

/* Runs one instruction with f1, f2, f3 preset and fcsr = frm << 5; returns the stop. */
static rv_result run1(rvt *t, uint32_t insn, uint64_t f1, uint64_t f2, uint64_t f3, unsigned frm)
{
    rvt_init(t);
    rvt_emit(t, insn);
    t->cpu.h.f[1] = f1;
    t->cpu.h.f[2] = f2;
    t->cpu.h.f[3] = f3;
    t->cpu.h.x[5] = f1; /* integer source for conversions */
    t->cpu.h.fcsr = frm << 5;
    return rvt_run(t, 1);
}

/* OP-FP with rd = f0 (or x10 for integer results), rs1 = 1, rs2 = 2. */
static uint32_t fop(uint32_t f7, uint32_t rm)
{
    return enc_r(f7, 2, 1, rm, 0, 0x53);
}

static void check(uint32_t insn, uint64_t a, uint64_t b, unsigned frm, uint64_t want,
                  unsigned want_flags)
{
    rvt t;
    rv_result r = run1(&t, insn, a, b, 0, frm);
    assert_int_equal(r.stop, RV_STOP_LIMIT);
    if (t.cpu.h.f[0] != want || (t.cpu.h.fcsr & 31) != want_flags)
        fail_msg("insn 0x%08x on 0x%llx, 0x%llx: got 0x%llx flags %u, want 0x%llx flags %u", insn,
                 (unsigned long long)a, (unsigned long long)b, (unsigned long long)t.cpu.h.f[0],
                 t.cpu.h.fcsr & 31, (unsigned long long)want, want_flags);
    rvt_free(&t);
}

static void check_int(uint32_t insn, uint64_t a, uint64_t want, unsigned want_flags)
{
    rvt t;
    run1(&t, insn, a, 0, 0, 0);
    if (t.cpu.h.x[10] != want || (t.cpu.h.fcsr & 31) != want_flags)
        fail_msg("insn 0x%08x on 0x%llx: got 0x%llx flags %u, want 0x%llx flags %u", insn,
                 (unsigned long long)a, (unsigned long long)t.cpu.h.x[10], t.cpu.h.fcsr & 31,
                 (unsigned long long)want, want_flags);
    rvt_free(&t);
}

static void single_rounding_modes(void **state)
{
    const uint64_t one = B(0x3f800000), three = B(0x40400000);
    check(fop(0x0c, RNE), one, three, 0, B(0x3eaaaaab), NX); /* 1/3 */
    check(fop(0x0c, RTZ), one, three, 0, B(0x3eaaaaaa), NX);
    check(fop(0x0c, RDN), one, three, 0, B(0x3eaaaaaa), NX);
    check(fop(0x0c, RUP), one, three, 0, B(0x3eaaaaab), NX);
    check(fop(0x0c, RMM), one, three, 0, B(0x3eaaaaab), NX);
    check(fop(0x0c, DYN), one, three, RTZ, B(0x3eaaaaaa), NX); /* frm from fcsr */
    /* 1 + 2^-24 is a tie: even goes down, max-magnitude goes up */
    check(fop(0x00, RNE), one, B(0x33800000), 0, B(0x3f800000), NX);
    check(fop(0x00, RMM), one, B(0x33800000), 0, B(0x3f800001), NX);
    check(fop(0x00, RUP), one, B(0x33800000), 0, B(0x3f800001), NX);
    check(fop(0x00, RDN), one, B(0x33800000), 0, B(0x3f800000), NX);
}

static void overflow_underflow(void **state)
{
    check(fop(0x08, RNE), B(0x7f7fffff), B(0x40000000), 0, B(0x7f800000), OF | NX);
    check(fop(0x08, RTZ), B(0x7f7fffff), B(0x40000000), 0, B(0x7f7fffff), OF | NX);
    check(fop(0x08, RDN), B(0xff7fffff), B(0x40000000), 0, B(0xff800000), OF | NX);
    /* half of the smallest subnormal: a tie between 0 and it */
    check(fop(0x08, RNE), B(0x00000001), B(0x3f000000), 0, B(0x00000000), UF | NX);
    check(fop(0x08, RUP), B(0x00000001), B(0x3f000000), 0, B(0x00000001), UF | NX);
    /* an exact subnormal result is not an underflow */
    check(fop(0x08, RNE), B(0x00800000), B(0x3f000000), 0, B(0x00400000), 0);
    /* a result that rounds up to the smallest normal is not tiny (after rounding) */
    check(fop(0x08, RUP), B(0x007fffff), B(0x3f800001), 0, B(0x00800000), NX);
}

static void nans_and_special(void **state)
{
    const uint64_t one = B(0x3f800000);
    check(fop(0x00, RNE), 0x3f800000, one, 0, B(0x7fc00000), 0);     /* unboxed input = NaN */
    check(fop(0x00, RNE), B(0x7f800001), one, 0, B(0x7fc00000), NV); /* signalling NaN */
    check(fop(0x0c, RNE), B(0), B(0), 0, B(0x7fc00000), NV);         /* 0/0 */
    check(fop(0x0c, RNE), one, B(0), 0, B(0x7f800000), DZ);          /* 1/0 */
    check(fop(0x04, RNE), one, one, 0, B(0x00000000), 0);            /* 1-1 = +0 ... */
    check(fop(0x04, RDN), one, one, 0, B(0x80000000), 0);            /* ... but -0 rounding down */
    check(enc_r(0x14, 2, 1, 0, 0, 0x53), B(0x80000000), B(0), 0, B(0x80000000), 0); /* fmin */
    check(enc_r(0x14, 2, 1, 1, 0, 0x53), B(0x7f800001), one, 0, one, NV); /* fmax(sNaN, 1) */
    check(enc_r(0x14, 2, 1, 0, 0, 0x53), B(0x7fc00000), B(0xffc00000), 0, B(0x7fc00000), 0);
}

static void doubles(void **state)
{
    const uint64_t one = 0x3ff0000000000000ull, three = 0x4008000000000000ull;
    check(fop(0x0d, RNE), one, three, 0, 0x3fd5555555555555ull, NX);
    check(fop(0x0d, RUP), one, three, 0, 0x3fd5555555555556ull, NX);
    check(enc_r(0x2d, 0, 1, RNE, 0, 0x53), 0x4000000000000000ull, 0, 0, 0x3ff6a09e667f3bcdull,
          NX); /* sqrt(2) */
    check(enc_r(0x2d, 0, 1, RTZ, 0, 0x53), 0x4000000000000000ull, 0, 0, 0x3ff6a09e667f3bccull, NX);
    check(enc_r(0x2d, 0, 1, RNE, 0, 0x53), 0xbff0000000000000ull, 0, 0, 0x7ff8000000000000ull,
          NV); /* sqrt(-1) */
    /* fcvt.s.d of a double NaN gives the canonical single NaN, boxed */
    check(enc_r(0x20, 1, 1, RNE, 0, 0x53), 0x7ff0000000000001ull, 0, 0, B(0x7fc00000), NV);
}

static void conversions(void **state)
{
    /* fcvt.w.s a0, f1, rm */
#define CVTW(rm)  enc_r(0x60, 0, 1, rm, 10, 0x53)
#define CVTWU(rm) enc_r(0x60, 1, 1, rm, 10, 0x53)
    check_int(CVTW(RNE), B(0x40200000), 2, NX); /* 2.5 */
    check_int(CVTW(RMM), B(0x40200000), 3, NX);
    check_int(CVTW(RUP), B(0x40200000), 3, NX);
    check_int(CVTW(RNE), B(0xc0200000), (uint64_t)-2, NX); /* -2.5 */
    check_int(CVTW(RDN), B(0xc0200000), (uint64_t)-3, NX);
    check_int(CVTW(RNE), B(0x7fc00000), 0x7fffffff, NV);
    check_int(CVTW(RNE), B(0xff800000), 0xffffffff80000000ull, NV);
    check_int(CVTW(RNE), B(0x4f32d05e), 0x7fffffff, NV);            /* 3e9 */
    check_int(CVTWU(RNE), B(0x4f32d05e), 0xffffffffb2d05e00ull, 0); /* sign-extended */
    check_int(CVTWU(RNE), B(0xbf800000), 0, NV);                    /* -1 */
    check_int(CVTWU(RTZ), B(0xbf000000), 0, NX);                    /* -0.5 */
    /* fcvt.s.w f0, t0: 2^24 + 1 is not representable */
    check(enc_r(0x68, 0, 5, RNE, 0, 0x53), 0x1000001, 0, 0, B(0x4b800000), NX);
    check(enc_r(0x68, 0, 5, RUP, 0, 0x53), 0x1000001, 0, 0, B(0x4b800001), NX);
}

static void reserved_rounding_mode_traps(void **state)
{
    rvt t;
    rv_result r = run1(&t, fop(0x00, DYN), B(0x3f800000), B(0x3f800000), 0, 5);
    assert_int_equal(r.stop, RV_STOP_TRAP);
    assert_int_equal(r.cause, RV_CAUSE_ILLEGAL);
    rvt_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(single_rounding_modes), cmocka_unit_test(overflow_underflow),
        cmocka_unit_test(nans_and_special),      cmocka_unit_test(doubles),
        cmocka_unit_test(conversions),           cmocka_unit_test(reserved_rounding_mode_traps),
    };
    return test_main(tests);
}
