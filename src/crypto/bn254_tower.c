/* BN254 tower: Fp6 = Fp2[v]/(v^3 - xi), Fp12 = Fp6[w]/(w^2 - v), xi = 9 + i. */
#include "crypto/bn254.h"

void bn_fp6_add(bn_fp6 *r, const bn_fp6 *a, const bn_fp6 *b)
{
    bn_fp2_add(&r->c0, &a->c0, &b->c0);
    bn_fp2_add(&r->c1, &a->c1, &b->c1);
    bn_fp2_add(&r->c2, &a->c2, &b->c2);
}

void bn_fp6_sub(bn_fp6 *r, const bn_fp6 *a, const bn_fp6 *b)
{
    bn_fp2_sub(&r->c0, &a->c0, &b->c0);
    bn_fp2_sub(&r->c1, &a->c1, &b->c1);
    bn_fp2_sub(&r->c2, &a->c2, &b->c2);
}

/* Karatsuba: six Fp2 products. */
void bn_fp6_mul(bn_fp6 *r, const bn_fp6 *a, const bn_fp6 *b)
{
    bn_fp2 v0, v1, v2, s, t, c0, c1, c2;
    bn_fp2_mul(&v0, &a->c0, &b->c0);
    bn_fp2_mul(&v1, &a->c1, &b->c1);
    bn_fp2_mul(&v2, &a->c2, &b->c2);
    bn_fp2_add(&s, &a->c1, &a->c2);
    bn_fp2_add(&t, &b->c1, &b->c2);
    bn_fp2_mul(&c0, &s, &t);
    bn_fp2_sub(&c0, &c0, &v1);
    bn_fp2_sub(&c0, &c0, &v2);
    bn_fp2_mul_xi(&c0, &c0);
    bn_fp2_add(&c0, &c0, &v0);
    bn_fp2_add(&s, &a->c0, &a->c1);
    bn_fp2_add(&t, &b->c0, &b->c1);
    bn_fp2_mul(&c1, &s, &t);
    bn_fp2_sub(&c1, &c1, &v0);
    bn_fp2_sub(&c1, &c1, &v1);
    bn_fp2_mul_xi(&t, &v2);
    bn_fp2_add(&c1, &c1, &t);
    bn_fp2_add(&s, &a->c0, &a->c2);
    bn_fp2_add(&t, &b->c0, &b->c2);
    bn_fp2_mul(&c2, &s, &t);
    bn_fp2_sub(&c2, &c2, &v0);
    bn_fp2_sub(&c2, &c2, &v2);
    bn_fp2_add(&c2, &c2, &v1);
    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* (c0 + c1 v + c2 v^2) v = xi c2 + c0 v + c1 v^2 */
void bn_fp6_mul_v(bn_fp6 *r, const bn_fp6 *a)
{
    bn_fp2 t;
    bn_fp2_mul_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

void bn_fp6_inv(bn_fp6 *r, const bn_fp6 *a)
{
    bn_fp2 A, B, C, F, t;
    bn_fp2_sqr(&A, &a->c0); /* A = c0^2 - xi c1 c2 */
    bn_fp2_mul(&t, &a->c1, &a->c2);
    bn_fp2_mul_xi(&t, &t);
    bn_fp2_sub(&A, &A, &t);
    bn_fp2_sqr(&B, &a->c2); /* B = xi c2^2 - c0 c1 */
    bn_fp2_mul_xi(&B, &B);
    bn_fp2_mul(&t, &a->c0, &a->c1);
    bn_fp2_sub(&B, &B, &t);
    bn_fp2_sqr(&C, &a->c1); /* C = c1^2 - c0 c2 */
    bn_fp2_mul(&t, &a->c0, &a->c2);
    bn_fp2_sub(&C, &C, &t);
    bn_fp2_mul(&F, &a->c2, &B); /* F = c0 A + xi (c2 B + c1 C) */
    bn_fp2_mul(&t, &a->c1, &C);
    bn_fp2_add(&F, &F, &t);
    bn_fp2_mul_xi(&F, &F);
    bn_fp2_mul(&t, &a->c0, &A);
    bn_fp2_add(&F, &F, &t);
    bn_fp2_inv(&F, &F);
    bn_fp2_mul(&r->c0, &A, &F);
    bn_fp2_mul(&r->c1, &B, &F);
    bn_fp2_mul(&r->c2, &C, &F);
}

void bn_fp12_one(bn_fp12 *r)
{
    *r = (bn_fp12){0};
    r->c0.c0.c0 = bn_fp_one;
}

void bn_fp12_mul(bn_fp12 *r, const bn_fp12 *a, const bn_fp12 *b)
{
    bn_fp6 t0, t1, s, t;
    bn_fp6_mul(&t0, &a->c0, &b->c0);
    bn_fp6_mul(&t1, &a->c1, &b->c1);
    bn_fp6_add(&s, &a->c0, &a->c1);
    bn_fp6_add(&t, &b->c0, &b->c1);
    bn_fp6_mul(&s, &s, &t);
    bn_fp6_sub(&s, &s, &t0);
    bn_fp6_sub(&r->c1, &s, &t1);
    bn_fp6_mul_v(&t1, &t1);
    bn_fp6_add(&r->c0, &t0, &t1);
}

/* (a0 + a1 w)^2 = (a0 + a1)(a0 + v a1) - t - v t + 2t w, t = a0 a1 */
void bn_fp12_sqr(bn_fp12 *r, const bn_fp12 *a)
{
    bn_fp6 t, s, u, vt;
    bn_fp6_mul(&t, &a->c0, &a->c1);
    bn_fp6_add(&s, &a->c0, &a->c1);
    bn_fp6_mul_v(&u, &a->c1);
    bn_fp6_add(&u, &u, &a->c0);
    bn_fp6_mul(&s, &s, &u);
    bn_fp6_mul_v(&vt, &t);
    bn_fp6_sub(&s, &s, &t);
    bn_fp6_sub(&r->c0, &s, &vt);
    bn_fp6_add(&r->c1, &t, &t);
}

void bn_fp12_conj(bn_fp12 *r, const bn_fp12 *a)
{
    bn_fp6 z = {0};
    r->c0 = a->c0;
    bn_fp6_sub(&r->c1, &z, &a->c1);
}

/* 1/(a0 + a1 w) = (a0 - a1 w)/(a0^2 - v a1^2) */
void bn_fp12_inv(bn_fp12 *r, const bn_fp12 *a)
{
    bn_fp6 t0, t1, z = {0};
    bn_fp6_mul(&t0, &a->c0, &a->c0);
    bn_fp6_mul(&t1, &a->c1, &a->c1);
    bn_fp6_mul_v(&t1, &t1);
    bn_fp6_sub(&t0, &t0, &t1);
    bn_fp6_inv(&t0, &t0);
    bn_fp6_mul(&r->c0, &a->c0, &t0);
    bn_fp6_mul(&t1, &a->c1, &t0);
    bn_fp6_sub(&r->c1, &z, &t1);
}

bool bn_fp12_is_one(const bn_fp12 *a)
{
    bn_fp12 one;
    bn_fp12_one(&one);
    const bn_fp2 *x = &a->c0.c0, *y = &one.c0.c0;
    for (int i = 0; i < 6; i++)
        if (!bn_fp2_eq(&x[i], &y[i])) return false;
    return true;
}

/* gamma_k = xi^(k(p-1)/6) in Montgomery form, k = 0..5 (the tower test checks frob(a) = a^p,
   which pins these down). Constants rather than a lazy computation: no locking, and nothing
   to initialise in a bare-metal guest. */
static const bn_fp2 bn_gamma[6] = {
    {{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}},
     {{0, 0, 0, 0}}},
    {{{0xaf9ba69633144907ULL, 0xca6b1d7387afb78aULL, 0x11bded5ef08a2087ULL, 0x02f34d751a1f3a7cULL}},
     {{0xa222ae234c492d72ULL, 0xd00f02a4565de15bULL, 0xdc2ff3a253dfc926ULL,
       0x10a75716b3899551ULL}}},
    {{{0xb5773b104563ab30ULL, 0x347f91c8a9aa6454ULL, 0x7a007127242e0991ULL, 0x1956bcd8118214ecULL}},
     {{0x6e849f1ea0aa4757ULL, 0xaa1c7b6d89f89141ULL, 0xb6e713cdfae0ca3aULL,
       0x26694fbb4e82ebc3ULL}}},
    {{{0xe4bbdd0c2936b629ULL, 0xbb30f162e133bacbULL, 0x31a9d1b6f9645366ULL, 0x253570bea500f8ddULL}},
     {{0xa1d77ce45ffe77c7ULL, 0x07affd117826d1dbULL, 0x6d16bd27bb7edc6bULL,
       0x2c87200285defeccULL}}},
    {{{0x7361d77f843abe92ULL, 0xa5bb2bd3273411fbULL, 0x9c941f314b3e2399ULL, 0x15df9cddbb9fd3ecULL}},
     {{0x5dddfd154bd8c949ULL, 0x62cb29a5a4445b60ULL, 0x37bc870a0c7dd2b9ULL,
       0x24830a9d3171f0fdULL}}},
    {{{0xc970692f41690fe7ULL, 0xe240342127694b0bULL, 0x32bee66b83c459e8ULL, 0x12aabced0ab08841ULL}},
     {{0x0d485d2340aebfa9ULL, 0x05193418ab2fcc57ULL, 0xd3b0a40b8a4910f5ULL,
       0x2f21ebb535d2925aULL}}},
};

const bn_fp2 *bn_frob_gamma(void)
{
    return bn_gamma;
}

/* (sum c_k w^k)^p = sum conj(c_k) gamma_k w^k; a0 holds w^0, w^2, w^4 and a1 w^1, w^3, w^5. */
void bn_fp12_frob(bn_fp12 *r, const bn_fp12 *a)
{
    const bn_fp2 *g = bn_frob_gamma();
    bn_fp2_conj(&r->c0.c0, &a->c0.c0);
    bn_fp2_conj(&r->c0.c1, &a->c0.c1);
    bn_fp2_mul(&r->c0.c1, &r->c0.c1, &g[2]);
    bn_fp2_conj(&r->c0.c2, &a->c0.c2);
    bn_fp2_mul(&r->c0.c2, &r->c0.c2, &g[4]);
    bn_fp2_conj(&r->c1.c0, &a->c1.c0);
    bn_fp2_mul(&r->c1.c0, &r->c1.c0, &g[1]);
    bn_fp2_conj(&r->c1.c1, &a->c1.c1);
    bn_fp2_mul(&r->c1.c1, &r->c1.c1, &g[3]);
    bn_fp2_conj(&r->c1.c2, &a->c1.c2);
    bn_fp2_mul(&r->c1.c2, &r->c1.c2, &g[5]);
}

/* (c0 + c1 v + c2 v^2)(b0 + b1 v) with Karatsuba on the c0/c1 part: five Fp2 products. */
static void bn_fp6_mul_01(bn_fp6 *r, const bn_fp6 *c, const bn_fp2 *b0, const bn_fp2 *b1)
{
    bn_fp2 v0, v1, s, t, r0, r1, r2;
    bn_fp2_mul(&v0, &c->c0, b0);
    bn_fp2_mul(&v1, &c->c1, b1);
    bn_fp2_add(&s, &c->c0, &c->c1);
    bn_fp2_add(&t, b0, b1);
    bn_fp2_mul(&r1, &s, &t);
    bn_fp2_sub(&r1, &r1, &v0);
    bn_fp2_sub(&r1, &r1, &v1);
    bn_fp2_mul(&r2, &c->c2, b0);
    bn_fp2_add(&r2, &r2, &v1);
    bn_fp2_mul(&r0, &c->c2, b1);
    bn_fp2_mul_xi(&r0, &r0);
    bn_fp2_add(&r0, &r0, &v0);
    r->c0 = r0;
    r->c1 = r1;
    r->c2 = r2;
}

/* f = a0 + a1 w times l = L0 + (L1 + L3 v) w: 13 Fp2 products instead of 18. */
void bn_fp12_mul_line(bn_fp12 *f, const bn_fp2 *l0, const bn_fp2 *l1, const bn_fp2 *l3)
{
    bn_fp6 t0, t1, s;
    bn_fp2 b0;
    bn_fp2_mul(&t0.c0, &f->c0.c0, l0);
    bn_fp2_mul(&t0.c1, &f->c0.c1, l0);
    bn_fp2_mul(&t0.c2, &f->c0.c2, l0);
    bn_fp6_mul_01(&t1, &f->c1, l1, l3);
    bn_fp6_add(&s, &f->c0, &f->c1);
    bn_fp2_add(&b0, l0, l1);
    bn_fp6_mul_01(&s, &s, &b0, l3);
    bn_fp6_sub(&s, &s, &t0);
    bn_fp6_sub(&f->c1, &s, &t1);
    bn_fp6_mul_v(&t1, &t1);
    bn_fp6_add(&f->c0, &t0, &t1);
}

/* (x0 + x1 s)^2 in Fp4 = Fp2[s]/(s^2 - xi): (x0^2 + xi x1^2) + 2 x0 x1 s */
static void bn_fp4_sqr(bn_fp2 *r0, bn_fp2 *r1, const bn_fp2 *x0, const bn_fp2 *x1)
{
    bn_fp2 t0, t1, t;
    bn_fp2_sqr(&t0, x0);
    bn_fp2_sqr(&t1, x1);
    bn_fp2_add(&t, x0, x1);
    bn_fp2_sqr(&t, &t);
    bn_fp2_sub(&t, &t, &t0);
    bn_fp2_sub(r1, &t, &t1);
    bn_fp2_mul_xi(&t1, &t1);
    bn_fp2_add(r0, &t0, &t1);
}

/* 3x - 2y and 3x + 2y */
static void bn_fp2_3m2(bn_fp2 *r, const bn_fp2 *x, const bn_fp2 *y)
{
    bn_fp2 t;
    bn_fp2_sub(&t, x, y);
    bn_fp2_add(&t, &t, &t);
    bn_fp2_add(r, &t, x);
}
static void bn_fp2_3p2(bn_fp2 *r, const bn_fp2 *x, const bn_fp2 *y)
{
    bn_fp2 t;
    bn_fp2_add(&t, x, y);
    bn_fp2_add(&t, &t, &t);
    bn_fp2_add(r, &t, x);
}

/* With s = w^3, f = A + B w + C w^2 over Fp4 where A = (g0, g3), B = (g1, g4), C = (g2, g5)
   and f = sum g_k w^k. In the cyclotomic subgroup f^2 = (3A^2 - 2 conj A) +
   (3 s C^2 + 2 conj B) w + (3B^2 - 2 conj C) w^2, conj: s -> -s. */
void bn_fp12_cyclo_sqr(bn_fp12 *r, const bn_fp12 *a)
{
    const bn_fp2 *g0 = &a->c0.c0, *g2 = &a->c0.c1, *g4 = &a->c0.c2;
    const bn_fp2 *g1 = &a->c1.c0, *g3 = &a->c1.c1, *g5 = &a->c1.c2;
    bn_fp2 A0, A1, B0, B1, C0, C1, t;
    bn_fp4_sqr(&A0, &A1, g0, g3);
    bn_fp4_sqr(&B0, &B1, g1, g4);
    bn_fp4_sqr(&C0, &C1, g2, g5);
    bn_fp12 o;
    bn_fp2_3m2(&o.c0.c0, &A0, g0); /* A' = 3A^2 - 2 conj A */
    bn_fp2_3p2(&o.c1.c1, &A1, g3);
    bn_fp2_3m2(&o.c0.c1, &B0, g2); /* C' = 3B^2 - 2 conj C */
    bn_fp2_3p2(&o.c1.c2, &B1, g5);
    bn_fp2_mul_xi(&t, &C1); /* B' = 3 s C^2 + 2 conj B, s C^2 = xi C1 + C0 s */
    bn_fp2_3p2(&o.c1.c0, &t, g1);
    bn_fp2_3m2(&o.c0.c2, &C0, g4);
    *r = o;
}
