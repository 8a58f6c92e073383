/* BN254 base field Fp (Montgomery, R = 2^256) and its quadratic extension Fp2. */
#include "crypto/bn254.h"

#include <string.h>

typedef unsigned __int128 u128;

static const uint64_t bn_p[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
static const uint64_t bn_pinv = 0x87d20782e4866389ULL; /* -p^-1 mod 2^64 */
static const bn_fp bn_r2 = {
    {0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL, 0x06d89f71cab8351fULL}};
const bn_fp bn_fp_one = {
    {0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}};

/* Add/subtract with carry: adc/sbb chains on x86-64, portable C elsewhere (RISC-V guest). */
#if defined(__x86_64__)
#include <x86intrin.h>
#define ADDC(c, a, b, out) _addcarry_u64((c), (a), (b), (unsigned long long *)(out))
#define SUBB(c, a, b, out) _subborrow_u64((c), (a), (b), (unsigned long long *)(out))
#else
static inline unsigned char bn_addc(unsigned char c, uint64_t a, uint64_t b, uint64_t *out)
{
    u128 s = (u128)a + b + c;
    *out = (uint64_t)s;
    return (unsigned char)(s >> 64);
}
static inline unsigned char bn_subb(unsigned char c, uint64_t a, uint64_t b, uint64_t *out)
{
    u128 d = (u128)a - b - c;
    *out = (uint64_t)d;
    return (unsigned char)(d >> 127);
}
#define ADDC(c, a, b, out) bn_addc((c), (a), (b), (out))
#define SUBB(c, a, b, out) bn_subb((c), (a), (b), (out))
#endif

/* r = a - p when a >= p (a < 2p), without branches. */
static inline void fp_reduce(uint64_t r[4])
{
    uint64_t d[4];
    unsigned char b = SUBB(0, r[0], bn_p[0], &d[0]);
    b = SUBB(b, r[1], bn_p[1], &d[1]);
    b = SUBB(b, r[2], bn_p[2], &d[2]);
    b = SUBB(b, r[3], bn_p[3], &d[3]);
    uint64_t keep = (uint64_t)0 - b; /* all ones when a < p */
    for (int i = 0; i < 4; i++)
        r[i] = (r[i] & keep) | (d[i] & ~keep);
}

/* a, b < p < 2^254: the sum fits in four limbs. */
void bn_fp_add(bn_fp *r, const bn_fp *a, const bn_fp *b)
{
    unsigned char c = ADDC(0, a->v[0], b->v[0], &r->v[0]);
    c = ADDC(c, a->v[1], b->v[1], &r->v[1]);
    c = ADDC(c, a->v[2], b->v[2], &r->v[2]);
    ADDC(c, a->v[3], b->v[3], &r->v[3]);
    fp_reduce(r->v);
}

void bn_fp_sub(bn_fp *r, const bn_fp *a, const bn_fp *b)
{
    uint64_t d[4];
    unsigned char c = SUBB(0, a->v[0], b->v[0], &d[0]);
    c = SUBB(c, a->v[1], b->v[1], &d[1]);
    c = SUBB(c, a->v[2], b->v[2], &d[2]);
    c = SUBB(c, a->v[3], b->v[3], &d[3]);
    uint64_t m = (uint64_t)0 - c; /* all ones on borrow: add p back */
    c = ADDC(0, d[0], bn_p[0] & m, &r->v[0]);
    c = ADDC(c, d[1], bn_p[1] & m, &r->v[1]);
    c = ADDC(c, d[2], bn_p[2] & m, &r->v[2]);
    ADDC(c, d[3], bn_p[3] & m, &r->v[3]);
}

void bn_fp_neg(bn_fp *r, const bn_fp *a)
{
    bn_fp z = {{0}};
    bn_fp_sub(r, &z, a);
}

/* One CIOS round: t += a * bi, then t = (t + m p) / 2^64 with m = t0 * -p^-1. Because p's top
   limb is below 2^62, the running value stays below 2p and fits in 4 limbs plus a carry word
   that never overflows (no fifth accumulator needed). */
#define MONT_ROUND(bi)                                                                             \
    do {                                                                                           \
        u128 s = (u128)a->v[0] * (bi) + t0;                                                        \
        t0 = (uint64_t)s;                                                                          \
        s = (u128)a->v[1] * (bi) + t1 + (uint64_t)(s >> 64);                                       \
        t1 = (uint64_t)s;                                                                          \
        s = (u128)a->v[2] * (bi) + t2 + (uint64_t)(s >> 64);                                       \
        t2 = (uint64_t)s;                                                                          \
        s = (u128)a->v[3] * (bi) + t3 + (uint64_t)(s >> 64);                                       \
        t3 = (uint64_t)s;                                                                          \
        uint64_t hi = (uint64_t)(s >> 64), m = t0 * bn_pinv;                                       \
        s = (u128)m * bn_p[0] + t0;                                                                \
        s = (u128)m * bn_p[1] + t1 + (uint64_t)(s >> 64);                                          \
        t0 = (uint64_t)s;                                                                          \
        s = (u128)m * bn_p[2] + t2 + (uint64_t)(s >> 64);                                          \
        t1 = (uint64_t)s;                                                                          \
        s = (u128)m * bn_p[3] + t3 + (uint64_t)(s >> 64);                                          \
        t2 = (uint64_t)s;                                                                          \
        t3 = hi + (uint64_t)(s >> 64);                                                             \
    } while (0)

/* Montgomery product a*b/R mod p. */
void bn_fp_mul(bn_fp *r, const bn_fp *a, const bn_fp *b)
{
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    uint64_t b0 = b->v[0], b1 = b->v[1], b2 = b->v[2], b3 = b->v[3];
    MONT_ROUND(b0);
    MONT_ROUND(b1);
    MONT_ROUND(b2);
    MONT_ROUND(b3);
    r->v[0] = t0, r->v[1] = t1, r->v[2] = t2, r->v[3] = t3;
    fp_reduce(r->v);
}

void bn_fp_sqr(bn_fp *r, const bn_fp *a)
{
    bn_fp_mul(r, a, a);
}

bool bn_fp_is_zero(const bn_fp *a)
{
    return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0;
}

bool bn_fp_eq(const bn_fp *a, const bn_fp *b)
{
    return ((a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) |
            (a->v[3] ^ b->v[3])) == 0;
}

/* Plain 4-limb helpers for the inversion. */
static inline bool l4_is_one(const uint64_t a[4])
{
    return a[0] == 1 && (a[1] | a[2] | a[3]) == 0;
}

static inline bool l4_geq(const uint64_t a[4], const uint64_t b[4])
{
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i]) return a[i] > b[i];
    return true;
}

static inline void l4_sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    unsigned char c = SUBB(0, a[0], b[0], &r[0]);
    c = SUBB(c, a[1], b[1], &r[1]);
    c = SUBB(c, a[2], b[2], &r[2]);
    SUBB(c, a[3], b[3], &r[3]);
}

static inline void l4_shr1(uint64_t a[4])
{
    a[0] = a[0] >> 1 | a[1] << 63;
    a[1] = a[1] >> 1 | a[2] << 63;
    a[2] = a[2] >> 1 | a[3] << 63;
    a[3] >>= 1;
}

/* x / 2 mod p for x < p: (x + p) / 2 when x is odd (x + p < 2^255, no overflow). */
static inline void l4_half_mod(uint64_t x[4])
{
    if (x[0] & 1) {
        unsigned char c = ADDC(0, x[0], bn_p[0], &x[0]);
        c = ADDC(c, x[1], bn_p[1], &x[1]);
        c = ADDC(c, x[2], bn_p[2], &x[2]);
        ADDC(c, x[3], bn_p[3], &x[3]);
    }
    l4_shr1(x);
}

/* x = x - y mod p for x, y < p. */
static inline void l4_sub_mod(uint64_t x[4], const uint64_t y[4])
{
    bn_fp r, a, b;
    memcpy(a.v, x, 32);
    memcpy(b.v, y, 32);
    bn_fp_sub(&r, &a, &b);
    memcpy(x, r.v, 32);
}

/* Binary extended Euclid on the Montgomery value aR gives (aR)^-1; a Montgomery product with
   R^3 turns it into a^-1 R. Variable time: inputs are public. 0 maps to 0. */
void bn_fp_inv(bn_fp *r, const bn_fp *a)
{
    static const bn_fp r3 = {{0xb1cd6dafda1530dfULL, 0x62f210e6a7283db6ULL, 0xef7f0b0c0ada0afbULL,
                              0x20fd6e902d592544ULL}};
    if (bn_fp_is_zero(a)) {
        *r = *a;
        return;
    }
    uint64_t u[4], v[4], x1[4] = {1, 0, 0, 0}, x2[4] = {0};
    memcpy(u, a->v, 32);
    memcpy(v, bn_p, 32);
    while (!l4_is_one(u) && !l4_is_one(v)) {
        while (!(u[0] & 1)) {
            l4_shr1(u);
            l4_half_mod(x1);
        }
        while (!(v[0] & 1)) {
            l4_shr1(v);
            l4_half_mod(x2);
        }
        if (l4_geq(u, v)) {
            l4_sub(u, u, v);
            l4_sub_mod(x1, x2);
        } else {
            l4_sub(v, v, u);
            l4_sub_mod(x2, x1);
        }
    }
    bn_fp t;
    memcpy(t.v, l4_is_one(u) ? x1 : x2, 32);
    bn_fp_mul(r, &t, &r3);
}

bool bn_fp_from_bytes(bn_fp *r, const uint8_t b[32])
{
    bn_fp t;
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++)
            w = (w << 8) | b[(3 - i) * 8 + j];
        t.v[i] = w;
    }
    for (int i = 3; i >= 0; i--) {
        if (t.v[i] < bn_p[i]) break;
        if (t.v[i] > bn_p[i] || i == 0) return false;
    }
    bn_fp_mul(r, &t, &bn_r2);
    return true;
}

void bn_fp_to_bytes(uint8_t b[32], const bn_fp *a)
{
    static const bn_fp plain_one = {{1, 0, 0, 0}};
    bn_fp t;
    bn_fp_mul(&t, a, &plain_one);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            b[(3 - i) * 8 + j] = (uint8_t)(t.v[i] >> (56 - 8 * j));
}

/* Fp2 = Fp[i]/(i^2 + 1) */
void bn_fp2_add(bn_fp2 *r, const bn_fp2 *a, const bn_fp2 *b)
{
    bn_fp_add(&r->c0, &a->c0, &b->c0);
    bn_fp_add(&r->c1, &a->c1, &b->c1);
}

void bn_fp2_sub(bn_fp2 *r, const bn_fp2 *a, const bn_fp2 *b)
{
    bn_fp_sub(&r->c0, &a->c0, &b->c0);
    bn_fp_sub(&r->c1, &a->c1, &b->c1);
}

void bn_fp2_neg(bn_fp2 *r, const bn_fp2 *a)
{
    bn_fp_neg(&r->c0, &a->c0);
    bn_fp_neg(&r->c1, &a->c1);
}

void bn_fp2_mul(bn_fp2 *r, const bn_fp2 *a, const bn_fp2 *b)
{
    bn_fp t0, t1, s0, s1;
    bn_fp_mul(&t0, &a->c0, &b->c0);
    bn_fp_mul(&t1, &a->c1, &b->c1);
    bn_fp_add(&s0, &a->c0, &a->c1);
    bn_fp_add(&s1, &b->c0, &b->c1);
    bn_fp_mul(&s0, &s0, &s1);
    bn_fp_sub(&r->c0, &t0, &t1);
    bn_fp_sub(&s0, &s0, &t0);
    bn_fp_sub(&r->c1, &s0, &t1);
}

void bn_fp2_mul_fp(bn_fp2 *r, const bn_fp2 *a, const bn_fp *b)
{
    bn_fp_mul(&r->c0, &a->c0, b);
    bn_fp_mul(&r->c1, &a->c1, b);
}

/* (a + bi)^2 = (a+b)(a-b) + 2ab i */
void bn_fp2_sqr(bn_fp2 *r, const bn_fp2 *a)
{
    bn_fp s, d, m;
    bn_fp_add(&s, &a->c0, &a->c1);
    bn_fp_sub(&d, &a->c0, &a->c1);
    bn_fp_mul(&m, &a->c0, &a->c1);
    bn_fp_mul(&r->c0, &s, &d);
    bn_fp_add(&r->c1, &m, &m);
}

/* (a + bi)(9 + i) = (9a - b) + (a + 9b) i */
void bn_fp2_mul_xi(bn_fp2 *r, const bn_fp2 *a)
{
    bn_fp a9 = a->c0, b9 = a->c1, t;
    for (int k = 0; k < 3; k++) { /* x8 */
        bn_fp_add(&a9, &a9, &a9);
        bn_fp_add(&b9, &b9, &b9);
    }
    bn_fp_add(&a9, &a9, &a->c0);
    bn_fp_add(&b9, &b9, &a->c1);
    bn_fp_sub(&t, &a9, &a->c1);
    bn_fp_add(&r->c1, &a->c0, &b9);
    r->c0 = t;
}

void bn_fp2_conj(bn_fp2 *r, const bn_fp2 *a)
{
    r->c0 = a->c0;
    bn_fp_neg(&r->c1, &a->c1);
}

/* 1/(a + bi) = (a - bi)/(a^2 + b^2) */
void bn_fp2_inv(bn_fp2 *r, const bn_fp2 *a)
{
    bn_fp t0, t1;
    bn_fp_sqr(&t0, &a->c0);
    bn_fp_sqr(&t1, &a->c1);
    bn_fp_add(&t0, &t0, &t1);
    bn_fp_inv(&t0, &t0);
    bn_fp_mul(&r->c0, &a->c0, &t0);
    bn_fp_mul(&t1, &a->c1, &t0);
    bn_fp_neg(&r->c1, &t1);
}

bool bn_fp2_is_zero(const bn_fp2 *a)
{
    return bn_fp_is_zero(&a->c0) && bn_fp_is_zero(&a->c1);
}

bool bn_fp2_eq(const bn_fp2 *a, const bn_fp2 *b)
{
    return bn_fp_eq(&a->c0, &b->c0) && bn_fp_eq(&a->c1, &b->c1);
}
