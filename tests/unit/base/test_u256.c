/* u256 against GMP: randomised property tests for every operation (values biased to edge
   cases) plus known-answer cases. Replay a run with `test_u256 --seed N` or RIVET_SEED=N;
   RIVET_ITERS=N sets the iterations per operation. */
#include "test.h"

#include <gmp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rivet/u256.h"

static uint64_t g_seed, g_rng;
static unsigned long g_iters = 50000;
static unsigned long g_checks;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (g_rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rand_limb(void)
{
    static const uint64_t special[] = {
        0,          1,         ~0ull, ~0ull - 1, 1ull << 63, (1ull << 63) - 1, (1ull << 63) + 1,
        0xffffffff, 1ull << 32};
    if (rnd() % 3 == 0) return special[rnd() % (sizeof special / sizeof special[0])];
    return rnd();
}

/* A random value, biased to edge cases. */
static u256 rand_u256(void)
{
    u256 r = U256_ZERO;
    unsigned k = (unsigned)(rnd() % 256);
    switch (rnd() % 16) {
    case 0: return U256_ZERO;
    case 1: return u256_from_u64(1);
    case 2: return U256_MAX;
    case 3: return u256_shl_n(u256_from_u64(1), k);
    case 4: return u256_sub(u256_shl_n(u256_from_u64(1), k), u256_from_u64(1));
    case 5: return u256_add(u256_shl_n(u256_from_u64(1), k), u256_from_u64(1));
    case 6: return u256_neg(u256_from_u64(rnd() % 1000));
    case 7: return u256_shl_n(u256_from_u64(1), 255);
    case 8: return u256_from_u64(rnd() % 256);
    case 9: return u256_from_u64(rnd());
    case 10:
        for (int i = 0; i < 4; i++)
            r.w[i] = rnd();
        return k ? u256_shr_n(r, 256 - k) : U256_ZERO; /* k significant bits at most */
    case 11:
    case 12:
        for (int i = 0; i < 4; i++)
            r.w[i] = rand_limb();
        return r;
    default:
        for (int i = 0; i < 4; i++)
            r.w[i] = rnd();
        return r;
    }
}

/* Shift amounts and byte indices: mostly in or near range, sometimes anything. */
static u256 rand_small(unsigned range)
{
    return rnd() % 4 ? u256_from_u64(rnd() % range) : rand_u256();
}

/* ---- GMP reference ---- */

static void to_mpz(mpz_t z, u256 a)
{
    mpz_import(z, 4, -1, sizeof(uint64_t), 0, 0, a.w);
}

static void to_mpz_signed(mpz_t z, u256 a)
{
    to_mpz(z, a);
    if (u256_is_neg(a)) {
        mpz_t t;
        mpz_init_set_ui(t, 1);
        mpz_mul_2exp(t, t, 256);
        mpz_sub(z, z, t);
        mpz_clear(t);
    }
}

/* z mod 2^256 as a u256 (z may be negative or wide). */
static u256 from_mpz(const mpz_t z)
{
    mpz_t t;
    mpz_init(t);
    mpz_fdiv_r_2exp(t, z, 256);
    u256 r = U256_ZERO;
    size_t n = 0;
    mpz_export(r.w, &n, -1, sizeof(uint64_t), 0, 0, t);
    mpz_clear(t);
    return r;
}

typedef struct {
    mpz_t a, b, c, r;
} ref_regs;

static u256 ref_run(u256 (*f)(ref_regs *, u256, u256, u256), u256 a, u256 b, u256 c)
{
    ref_regs x;
    mpz_inits(x.a, x.b, x.c, x.r, NULL);
    u256 v = f(&x, a, b, c);
    mpz_clears(x.a, x.b, x.c, x.r, NULL);
    return v;
}

static unsigned long shift_of(u256 s)
{
    return u256_fits64(s) && s.w[0] < 256 ? s.w[0] : 256;
}

#define REF(name) static u256 ref_##name(ref_regs *x, u256 a, u256 b, u256 c)
REF(add)
{
    return to_mpz(x->a, a), to_mpz(x->b, b), mpz_add(x->r, x->a, x->b), from_mpz(x->r);
}
REF(sub)
{
    return to_mpz(x->a, a), to_mpz(x->b, b), mpz_sub(x->r, x->a, x->b), from_mpz(x->r);
}
REF(mul)
{
    return to_mpz(x->a, a), to_mpz(x->b, b), mpz_mul(x->r, x->a, x->b), from_mpz(x->r);
}
REF(div)
{
    to_mpz(x->a, a), to_mpz(x->b, b);
    if (mpz_sgn(x->b)) mpz_fdiv_q(x->r, x->a, x->b);
    return from_mpz(x->r);
}
REF(mod)
{
    to_mpz(x->a, a), to_mpz(x->b, b);
    if (mpz_sgn(x->b)) mpz_fdiv_r(x->r, x->a, x->b);
    return from_mpz(x->r);
}
REF(sdiv) /* truncating division of two's complement values */
{
    to_mpz_signed(x->a, a), to_mpz_signed(x->b, b);
    if (mpz_sgn(x->b)) mpz_tdiv_q(x->r, x->a, x->b);
    return from_mpz(x->r);
}
REF(smod)
{
    to_mpz_signed(x->a, a), to_mpz_signed(x->b, b);
    if (mpz_sgn(x->b)) mpz_tdiv_r(x->r, x->a, x->b);
    return from_mpz(x->r);
}
REF(addmod)
{
    to_mpz(x->a, a), to_mpz(x->b, b), to_mpz(x->c, c);
    if (mpz_sgn(x->c)) mpz_add(x->r, x->a, x->b), mpz_fdiv_r(x->r, x->r, x->c);
    return from_mpz(x->r);
}
REF(mulmod)
{
    to_mpz(x->a, a), to_mpz(x->b, b), to_mpz(x->c, c);
    if (mpz_sgn(x->c)) mpz_mul(x->r, x->a, x->b), mpz_fdiv_r(x->r, x->r, x->c);
    return from_mpz(x->r);
}
REF(exp)
{
    to_mpz(x->a, a), to_mpz(x->b, b);
    mpz_set_ui(x->c, 1);
    mpz_mul_2exp(x->c, x->c, 256);
    mpz_powm(x->r, x->a, x->b, x->c);
    return from_mpz(x->r);
}
REF(shl) /* EVM operand order: a is the shift, b the value */
{
    to_mpz(x->b, b);
    mpz_mul_2exp(x->r, x->b, shift_of(a));
    return from_mpz(x->r);
}
REF(shr) /* EVM operand order: a is the shift, b the value */
{
    to_mpz(x->b, b);
    mpz_fdiv_q_2exp(x->r, x->b, shift_of(a));
    return from_mpz(x->r);
}
REF(sar) /* floor division by 2^n of the signed value */
{
    to_mpz_signed(x->b, b);
    mpz_fdiv_q_2exp(x->r, x->b, shift_of(a));
    return from_mpz(x->r);
}
REF(signextend)
{
    to_mpz(x->b, b);
    if (!u256_fits64(a) || a.w[0] >= 31) return b;
    unsigned long bits = 8 * (a.w[0] + 1);
    mpz_fdiv_r_2exp(x->r, x->b, bits); /* the low bytes... */
    if (mpz_tstbit(x->r, bits - 1)) {  /* ...read as a signed number */
        mpz_set_ui(x->c, 1);
        mpz_mul_2exp(x->c, x->c, bits);
        mpz_sub(x->r, x->r, x->c);
    }
    return from_mpz(x->r);
}
REF(byte)
{
    to_mpz(x->b, b);
    if (u256_fits64(a) && a.w[0] < 32) {
        mpz_fdiv_q_2exp(x->r, x->b, 8 * (31 - a.w[0]));
        mpz_fdiv_r_2exp(x->r, x->r, 8);
    }
    return from_mpz(x->r);
}
REF(bitlen)
{
    to_mpz(x->a, a);
    return u256_from_u64(mpz_sgn(x->a) ? mpz_sizeinbase(x->a, 2) : 0);
}
REF(clz)
{
    return u256_sub(u256_from_u64(256), ref_bitlen(x, a, b, c));
}
REF(bytelen)
{
    return u256_from_u64((ref_bitlen(x, a, b, c).w[0] + 7) / 8);
}
REF(lt)
{
    return to_mpz(x->a, a), to_mpz(x->b, b), u256_from_u64(mpz_cmp(x->a, x->b) < 0);
}
REF(eq)
{
    return to_mpz(x->a, a), to_mpz(x->b, b), u256_from_u64(mpz_cmp(x->a, x->b) == 0);
}
REF(slt)
{
    to_mpz_signed(x->a, a), to_mpz_signed(x->b, b);
    return u256_from_u64(mpz_cmp(x->a, x->b) < 0);
}
#undef REF

/* ---- the implementation under test, in the same shape ---- */

#define IMPL(name, expr)                                                                           \
    static u256 impl_##name(u256 a, u256 b, u256 c)                                                \
    {                                                                                              \
        return (void)c, (expr);                                                                    \
    }
IMPL(add, u256_add(a, b))
IMPL(sub, u256_sub(a, b))
IMPL(mul, u256_mul(a, b))
IMPL(div, u256_div(a, b))
IMPL(mod, u256_mod(a, b))
IMPL(sdiv, u256_sdiv(a, b))
IMPL(smod, u256_smod(a, b))
IMPL(addmod, u256_addmod(a, b, c))
IMPL(mulmod, u256_mulmod(a, b, c))
IMPL(exp, u256_exp(a, b))
IMPL(shl, u256_shl(b, a)) /* operands in EVM order: shift first */
IMPL(shr, u256_shr(b, a))
IMPL(sar, u256_sar(b, a))
IMPL(signextend, u256_signextend(a, b))
IMPL(byte, u256_byte(a, b))
IMPL(bitlen, u256_from_u64(u256_bitlen(a)))
IMPL(clz, u256_from_u64(u256_clz(a)))
IMPL(bytelen, u256_from_u64(u256_bytelen(a)))
IMPL(lt, u256_from_u64(u256_lt(a, b) && u256_gt(b, a)))
IMPL(eq, u256_from_u64(u256_eq(a, b)))
IMPL(slt, u256_from_u64(u256_slt(a, b) && u256_sgt(b, a)))
#undef IMPL

/* Operation table: name, how the first and second operands are drawn. R = any value,
   S = shift amount or byte index (small range first). */
/* clang-format off */
#define U256_OPS(X)                                                                     \
    X(add, R, R) X(sub, R, R) X(mul, R, R) X(div, R, R) X(mod, R, R) X(sdiv, R, R)      \
    X(smod, R, R) X(addmod, R, R) X(mulmod, R, R) X(exp, R, R) X(shl, S, R)              \
    X(shr, S, R) X(sar, S, R) X(signextend, S, R) X(byte, S, R) X(bitlen, R, R)          \
    X(clz, R, R) X(bytelen, R, R) X(lt, R, R) X(eq, R, R) X(slt, R, R)
/* clang-format on */

#define DRAW_R rand_u256()
#define DRAW_S rand_small(300)

static void report_mismatch(const char *op, u256 a, u256 b, u256 c, u256 got, u256 want)
{
    char h[4][67], w[67];
    printf("u256 %s mismatch (seed %" PRIu64 ")\n  a=%s\n  b=%s\n  c=%s\n  got  %s\n  want %s\n",
           op, g_seed, u256_to_hex(h[0], a), u256_to_hex(h[1], b), u256_to_hex(h[2], c),
           u256_to_hex(h[3], got), u256_to_hex(w, want));
}

#define X(name, da, db)                                                                            \
    static void prop_##name(void **state)                                                          \
    {                                                                                              \
        for (unsigned long i = 0; i < g_iters; i++) {                                              \
            u256 a = DRAW_##da, b = DRAW_##db, c = rand_u256();                                    \
            if (i % 3 == 0) b = a; /* equal operands: x/x, x-x, addmod(x, x, ..) */                \
            if (i % 5 == 0)                                                                        \
                c = rnd() % 2 ? u256_from_u64(rnd() % 16) : u256_shl_n(u256_from_u64(1), 255);     \
            u256 got = impl_##name(a, b, c), want = ref_run(ref_##name, a, b, c);                  \
            if (!u256_eq(got, want)) {                                                             \
                report_mismatch(#name, a, b, c, got, want);                                        \
                fail();                                                                            \
            }                                                                                      \
        }                                                                                          \
        g_checks += g_iters;                                                                       \
    }
U256_OPS(X)
#undef X

/* Divisors whose top limbs trigger the rare correction steps of long division: quotients
   computed from random numerators over divisors close to a multiple of 2^64. */
static void prop_div_corrections(void **state)
{
    for (unsigned long i = 0; i < g_iters; i++) {
        u256 v = U256_ZERO, u;
        int n = 2 + (int)(rnd() % 3);
        v.w[n - 1] = (1ull << 63) | (rnd() & 0xff);
        for (int k = 0; k < n - 1; k++)
            v.w[k] = rnd() % 2 ? ~0ull - (rnd() & 3) : rnd() & 3;
        v = u256_shr_n(v, (unsigned)(rnd() % 64)); /* unnormalised too */
        if (u256_is_zero(v)) continue;
        /* u = v * q + r with q near 2^64 - 1 in some limb */
        u256 q = {{~0ull - (rnd() & 1), rnd() & 1 ? ~0ull : 0, 0, 0}};
        u = u256_add(u256_mul(v, q), u256_mod(rand_u256(), v));
        u256 gq, gr;
        u256_divmod(u, v, &gq, &gr);
        u256 wq = ref_run(ref_div, u, v, v), wr = ref_run(ref_mod, u, v, v);
        if (!u256_eq(gq, wq) || !u256_eq(gr, wr)) {
            report_mismatch("divmod", u, v, U256_ZERO, gq, wq);
            fail();
        }
    }
    g_checks += g_iters;
}

/* Conversions: big-endian bytes, hex and decimal text, all against GMP's own printing. */
static void prop_conversions(void **state)
{
    mpz_t z;
    mpz_init(z);
    for (unsigned long i = 0; i < g_iters; i++) {
        u256 a = rand_u256(), back;
        uint8_t be[32];
        char hex[67], dec[79], want[80];
        u256_to_be(be, a);
        unsigned skip = 32 - u256_bytelen(a);
        assert_true(u256_eq(u256_from_be(be + skip, 32 - skip), a));
        to_mpz(z, a);
        mpz_get_str(want, 16, z);
        assert_string_equal(u256_to_hex(hex, a) + 2, want);
        mpz_get_str(want, 10, z);
        assert_string_equal(u256_to_dec(dec, a), want);
        assert_int_equal(u256_from_str(&back, hex, strlen(hex), NULL), RIVET_OK);
        assert_true(u256_eq(back, a));
        assert_int_equal(u256_from_str(&back, dec, strlen(dec), NULL), RIVET_OK);
        assert_true(u256_eq(back, a));
    }
    mpz_clear(z);
    g_checks += g_iters;
}

/* ---- known answers ---- */

static const struct {
    const char *name;
    u256 (*impl)(u256, u256, u256);
    u256 (*ref)(ref_regs *, u256, u256, u256);
} ops[] = {
#define X(name, da, db) {#name, impl_##name, ref_##name},
    U256_OPS(X)
#undef X
};

static u256 hexv(const char *s)
{
    u256 v;
    assert_int_equal(u256_from_str(&v, s, strlen(s), NULL), RIVET_OK);
    return v;
}

#define MAX "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
#define MIN "0x8000000000000000000000000000000000000000000000000000000000000000"

/* Literal expectations: EIP-145 test vectors (shift first, as in the EVM stack order) and
   the yellow paper's definitions worked by hand for zero divisors, signs and overflow. */
static const struct {
    const char *op, *a, *b, *c, *want;
} kat[] = {
    {"shl", "0x00", "0x01", "0", "0x01"},
    {"shl", "0x01", "0x01", "0", "0x02"},
    {"shl", "0xff", "0x01", "0", MIN},
    {"shl", "0x0100", "0x01", "0", "0x00"},
    {"shl", "0x0101", "0x01", "0", "0x00"},
    {"shl", "0x00", MAX, "0", MAX},
    {"shl", "0x01", MAX, "0", "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"},
    {"shl", "0xff", MAX, "0", MIN},
    {"shl", "0x0100", MAX, "0", "0x00"},
    {"shl", "0x01", "0x00", "0", "0x00"},
    {"shl", "0x01", "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0",
     "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"},
    {"shr", "0x00", "0x01", "0", "0x01"},
    {"shr", "0x01", "0x01", "0", "0x00"},
    {"shr", "0x01", MIN, "0", "0x4000000000000000000000000000000000000000000000000000000000000000"},
    {"shr", "0xff", MIN, "0", "0x01"},
    {"shr", "0x0100", MIN, "0", "0x00"},
    {"shr", "0x0101", MIN, "0", "0x00"},
    {"shr", "0x00", MAX, "0", MAX},
    {"shr", "0x01", MAX, "0", "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"},
    {"shr", "0xff", MAX, "0", "0x01"},
    {"shr", "0x0100", MAX, "0", "0x00"},
    {"shr", "0x01", "0x00", "0", "0x00"},
    {"sar", "0x00", "0x01", "0", "0x01"},
    {"sar", "0x01", "0x01", "0", "0x00"},
    {"sar", "0x01", MIN, "0", "0xc000000000000000000000000000000000000000000000000000000000000000"},
    {"sar", "0xff", MIN, "0", MAX},
    {"sar", "0x0100", MIN, "0", MAX},
    {"sar", "0x0101", MIN, "0", MAX},
    {"sar", "0x00", MAX, "0", MAX},
    {"sar", "0x01", MAX, "0", MAX},
    {"sar", "0xff", MAX, "0", MAX},
    {"sar", "0x0100", MAX, "0", MAX},
    {"sar", "0x01", "0x00", "0", "0x00"},
    {"sar", "0xfe", "0x4000000000000000000000000000000000000000000000000000000000000000", "0",
     "0x01"},
    {"sar", "0xf8", "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0",
     "0x7f"},
    {"sar", "0xfe", "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0",
     "0x01"},
    {"sar", "0xff", "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0",
     "0x00"},
    {"sar", "0x0100", "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0",
     "0x00"},
    {"div", "0x1234", "0", "0", "0"},
    {"mod", "0x1234", "0", "0", "0"},
    {"sdiv", MIN, "0", "0", "0"},
    {"smod", MIN, "0", "0", "0"},
    {"addmod", MAX, MAX, "0", "0"},
    {"mulmod", MAX, MAX, "0", "0"},
    {"sdiv", MIN, MAX, "0", MIN}, /* -2^255 / -1 overflows back to -2^255 */
    {"smod", MIN, MAX, "0", "0"},
    {"sdiv", "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8", "3", "0",
     "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"}, /* -8/3 = -2 */
    {"smod", "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8", "3", "0",
     "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"}, /* -8%3 = -2 */
    {"smod", "8", "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd", "0",
     "2"}, /* 8 % -3 = 2 */
    {"div", MAX, "2", "0", "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"},
    {"addmod", MAX, "2", "3", "2"},  /* 2^256 + 1 = 2 (mod 3), not (MAX + 2) mod 2^256 */
    {"mulmod", MAX, MAX, "12", "9"}, /* MAX = 3 (mod 12) */
    {"mul", MIN, "2", "0", "0"},
    {"exp", "2", "255", "0", MIN},
    {"exp", "2", "256", "0", "0"},
    {"exp", "0", "0", "0", "1"},
    {"exp", "0", "5", "0", "0"},
    {"exp", MAX, "2", "0", "1"},
    {"exp", MAX, "3", "0", MAX},
    {"exp", "3", "5", "0", "243"},
    {"exp", "256", "31", "0", "0x0100000000000000000000000000000000000000000000000000000000000000"},
    {"exp", "256", "32", "0", "0"},
    {"signextend", "0", "0xff", "0", MAX},
    {"signextend", "0", "0x7f", "0", "0x7f"},
    {"signextend", "1", "0x1ff80", "0",
     "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80"},
    {"signextend", "30", MAX, "0", MAX},
    {"signextend", "30", "0x007fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0",
     "0x007fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"},
    {"signextend", "30", "0x0080000000000000000000000000000000000000000000000000000000000000", "0",
     "0xff80000000000000000000000000000000000000000000000000000000000000"},
    {"signextend", "31", "0x80", "0", "0x80"},
    {"signextend", MAX, "0x80", "0", "0x80"},
    {"byte", "31", "0xabcd", "0", "0xcd"},
    {"byte", "30", "0xabcd", "0", "0xab"},
    {"byte", "0", MIN, "0", "0x80"},
    {"byte", "32", MAX, "0", "0"},
    {"byte", MAX, MAX, "0", "0"},
    {"clz", "0", "0", "0", "256"},
    {"clz", MIN, "0", "0", "0"},
    {"clz", "1", "0", "0", "255"},
    {"bytelen", "0x0100", "0", "0", "2"},
};

static void kat_literal(void **state)
{
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        size_t k = 0;
        while (strcmp(ops[k].name, kat[i].op) != 0)
            k++;
        u256 a = hexv(kat[i].a), b = hexv(kat[i].b), c = hexv(kat[i].c);
        u256 want = hexv(kat[i].want), got = ops[k].impl(a, b, c);
        if (!u256_eq(got, want)) {
            report_mismatch(kat[i].op, a, b, c, got, want);
            fail();
        }
        /* the GMP reference agrees with the literal answers too */
        assert_true(u256_eq(ref_run(ops[k].ref, a, b, c), want));
    }
}

/* Every operation over every triple of a set of boundary values, GMP computing the answer. */
static void kat_boundaries(void **state)
{
    static const char *vals[] = {
        "0",
        "1",
        "2",
        "3",
        "31",
        "32",
        "255",
        "256",
        "257",
        "0x7f",
        "0x80",
        "0xff",
        MAX,
        MIN,
        "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0x8000000000000000000000000000000000000000000000000000000000000001",
        "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe",
        "0x10000000000000000",
        "0xffffffffffffffff",
        "0x100000000000000000000000000000000",
        "0xffffffffffffffffffffffffffffffff",
        "0x1000000000000000000000000000000000000000000000001"};
    size_t nv = sizeof vals / sizeof vals[0];
    unsigned long n = 0;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        for (size_t i = 0; i < nv; i++)
            for (size_t j = 0; j < nv; j++)
                for (size_t l = 0; l < nv; l++) {
                    u256 a = hexv(vals[i]), b = hexv(vals[j]), c = hexv(vals[l]);
                    u256 got = ops[k].impl(a, b, c), want = ref_run(ops[k].ref, a, b, c);
                    if (!u256_eq(got, want)) {
                        report_mismatch(ops[k].name, a, b, c, got, want);
                        fail();
                    }
                    n++;
                }
    g_checks += n;
}

#define U256_KAT_TESTS cmocka_unit_test(kat_literal), cmocka_unit_test(kat_boundaries)

int main(int argc, char **argv)
{
    const char *s = getenv("RIVET_SEED");
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--seed") == 0) s = argv[i + 1];
    g_seed = s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL) ^ (uint64_t)clock();
    g_rng = g_seed;
    const char *it = getenv("RIVET_ITERS");
    if (it) g_iters = strtoul(it, NULL, 0);
    printf("test_u256: seed %" PRIu64 " (replay: --seed %" PRIu64 " or RIVET_SEED), %lu per op\n",
           g_seed, g_seed, g_iters);
    const struct CMUnitTest tests[] = {
#define X(name, da, db) cmocka_unit_test(prop_##name),
        U256_OPS(X)
#undef X
            cmocka_unit_test(prop_div_corrections),
        cmocka_unit_test(prop_conversions), U256_KAT_TESTS};
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    printf("test_u256: %lu randomised checks against GMP (seed %" PRIu64 ")\n", g_checks, g_seed);
    return test_exit_(failed, NULL);
}
