/* BN254 base field Fp (Montgomery, R = 2^256) and its quadratic extension Fp2. */
#include "crypto/bn254.h"

typedef unsigned __int128 u128;

static const uint64_t bn_p[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
static const uint64_t bn_pinv = 0x87d20782e4866389ULL; /* -p^-1 mod 2^64 */
static const bn_fp bn_r2 = {
    {0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL, 0x06d89f71cab8351fULL}};
const bn_fp bn_fp_one = {
    {0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}};

/* r = a - p when a >= p (a < 2p). */
static void fp_reduce(uint64_t r[4])
{
    uint64_t t[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)r[i] - bn_p[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    if (!borrow)
        for (int i = 0; i < 4; i++)
            r[i] = t[i];
}

void bn_fp_add(bn_fp *r, const bn_fp *a, const bn_fp *b)
{
    uint64_t c = 0;
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)a->v[i] + b->v[i] + c;
        r->v[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
    fp_reduce(r->v);
}

void bn_fp_sub(bn_fp *r, const bn_fp *a, const bn_fp *b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a->v[i] - b->v[i] - borrow;
        r->v[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    if (borrow) {
        uint64_t c = 0;
        for (int i = 0; i < 4; i++) {
            u128 s = (u128)r->v[i] + bn_p[i] + c;
            r->v[i] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
    }
}

void bn_fp_neg(bn_fp *r, const bn_fp *a)
{
    bn_fp z = {{0}};
    bn_fp_sub(r, &z, a);
}

/* Montgomery product a*b/R mod p (CIOS). p < 2^254 keeps every intermediate below 2p. */
void bn_fp_mul(bn_fp *r, const bn_fp *a, const bn_fp *b)
{
    uint64_t t[6] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 4; j++) {
            u128 s = (u128)a->v[j] * b->v[i] + t[j] + c;
            t[j] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        u128 s = (u128)t[4] + c;
        t[4] = (uint64_t)s;
        t[5] = (uint64_t)(s >> 64);
        uint64_t m = t[0] * bn_pinv;
        s = (u128)m * bn_p[0] + t[0];
        c = (uint64_t)(s >> 64);
        for (int j = 1; j < 4; j++) {
            s = (u128)m * bn_p[j] + t[j] + c;
            t[j - 1] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        s = (u128)t[4] + c;
        t[3] = (uint64_t)s;
        t[4] = t[5] + (uint64_t)(s >> 64);
    }
    for (int i = 0; i < 4; i++)
        r->v[i] = t[i];
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

/* a^(p-2) by left-to-right square and multiply. */
void bn_fp_inv(bn_fp *r, const bn_fp *a)
{
    uint64_t e[4] = {bn_p[0] - 2, bn_p[1], bn_p[2], bn_p[3]};
    bn_fp acc = bn_fp_one;
    for (int i = 255; i >= 0; i--) {
        bn_fp_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) bn_fp_mul(&acc, &acc, a);
    }
    *r = acc;
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
