/* BN254 tower: Fp6 = Fp2[v]/(v^3 - xi), Fp12 = Fp6[w]/(w^2 - v), xi = 9 + i. */
#include "crypto/bn254.h"

#include <pthread.h>

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

static bn_fp2 bn_gamma[6];
static pthread_once_t bn_gamma_once = PTHREAD_ONCE_INIT;

/* gamma_k = xi^(k(p-1)/6); the exponent (p-1)/6 is computed from p's limbs. */
static void bn_gamma_init(void)
{
    static const uint64_t p[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                  0xb85045b68181585dULL, 0x30644e72e131a029ULL};
    uint64_t e[4];
    unsigned __int128 rem = 0;
    for (int i = 3; i >= 0; i--) {
        unsigned __int128 cur = rem << 64 | (i == 0 ? p[0] - 1 : p[i]);
        e[i] = (uint64_t)(cur / 6);
        rem = cur % 6;
    }
    bn_fp2 xi = {bn_fp_one, bn_fp_one}, acc = {bn_fp_one, {{0}}};
    for (int k = 0; k < 3; k++) /* xi.c0 = 1 + 8 = 9 */
        bn_fp_add(&xi.c0, &xi.c0, &xi.c0);
    bn_fp_add(&xi.c0, &xi.c0, &bn_fp_one);
    for (int i = 255; i >= 0; i--) {
        bn_fp2_sqr(&acc, &acc);
        if ((e[i / 64] >> (i % 64)) & 1) bn_fp2_mul(&acc, &acc, &xi);
    }
    bn_gamma[0] = (bn_fp2){bn_fp_one, {{0}}};
    for (int k = 1; k < 6; k++)
        bn_fp2_mul(&bn_gamma[k], &bn_gamma[k - 1], &acc);
}

const bn_fp2 *bn_frob_gamma(void)
{
    pthread_once(&bn_gamma_once, bn_gamma_init);
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
