/* BN254 groups: Jacobian arithmetic on y^2 = x^3 + 3 (G1, over Fp) and on the twist
   y^2 = x^3 + 3/xi (G2, over Fp2). One body for both, instantiated per field. */
#include "crypto/bn254.h"

#include <pthread.h>

/* add-2007-bl and dbl-2009-l (a = 0), with the exceptional cases of addition handled. */
#define BN_GROUP(G, F)                                                                             \
    void bn_##G##_dbl(bn_##G *r, const bn_##G *a)                                                  \
    {                                                                                              \
        bn_##F A, B, C, D, E, Fv, t;                                                               \
        bn_##F##_sqr(&A, &a->x);                                                                   \
        bn_##F##_sqr(&B, &a->y);                                                                   \
        bn_##F##_sqr(&C, &B);                                                                      \
        bn_##F##_add(&D, &a->x, &B);                                                               \
        bn_##F##_sqr(&D, &D);                                                                      \
        bn_##F##_sub(&D, &D, &A);                                                                  \
        bn_##F##_sub(&D, &D, &C);                                                                  \
        bn_##F##_add(&D, &D, &D);                                                                  \
        bn_##F##_add(&E, &A, &A);                                                                  \
        bn_##F##_add(&E, &E, &A);                                                                  \
        bn_##F##_sqr(&Fv, &E);                                                                     \
        bn_##F##_mul(&t, &a->y, &a->z);                                                            \
        bn_##F##_add(&r->z, &t, &t);                                                               \
        bn_##F##_sub(&r->x, &Fv, &D);                                                              \
        bn_##F##_sub(&r->x, &r->x, &D);                                                            \
        bn_##F##_sub(&t, &D, &r->x);                                                               \
        bn_##F##_mul(&t, &E, &t);                                                                  \
        bn_##F##_add(&C, &C, &C);                                                                  \
        bn_##F##_add(&C, &C, &C);                                                                  \
        bn_##F##_add(&C, &C, &C);                                                                  \
        bn_##F##_sub(&r->y, &t, &C);                                                               \
    }                                                                                              \
                                                                                                   \
    void bn_##G##_add(bn_##G *r, const bn_##G *a, const bn_##G *b)                                 \
    {                                                                                              \
        if (bn_##F##_is_zero(&a->z)) {                                                             \
            *r = *b;                                                                               \
            return;                                                                                \
        }                                                                                          \
        if (bn_##F##_is_zero(&b->z)) {                                                             \
            *r = *a;                                                                               \
            return;                                                                                \
        }                                                                                          \
        bn_##F z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;                                      \
        bn_##F##_sqr(&z1z1, &a->z);                                                                \
        bn_##F##_sqr(&z2z2, &b->z);                                                                \
        bn_##F##_mul(&u1, &a->x, &z2z2);                                                           \
        bn_##F##_mul(&u2, &b->x, &z1z1);                                                           \
        bn_##F##_mul(&s1, &a->y, &b->z);                                                           \
        bn_##F##_mul(&s1, &s1, &z2z2);                                                             \
        bn_##F##_mul(&s2, &b->y, &a->z);                                                           \
        bn_##F##_mul(&s2, &s2, &z1z1);                                                             \
        bn_##F##_sub(&h, &u2, &u1);                                                                \
        bn_##F##_sub(&rr, &s2, &s1);                                                               \
        if (bn_##F##_is_zero(&h)) {                                                                \
            if (bn_##F##_is_zero(&rr))                                                             \
                bn_##G##_dbl(r, a);                                                                \
            else                                                                                   \
                *r = (bn_##G){0};                                                                  \
            return;                                                                                \
        }                                                                                          \
        bn_##F##_add(&i, &h, &h);                                                                  \
        bn_##F##_sqr(&i, &i);                                                                      \
        bn_##F##_mul(&j, &h, &i);                                                                  \
        bn_##F##_add(&rr, &rr, &rr);                                                               \
        bn_##F##_mul(&v, &u1, &i);                                                                 \
        bn_##F##_add(&t, &a->z, &b->z);                                                            \
        bn_##F##_sqr(&t, &t);                                                                      \
        bn_##F##_sub(&t, &t, &z1z1);                                                               \
        bn_##F##_sub(&t, &t, &z2z2);                                                               \
        bn_##F##_mul(&r->z, &t, &h);                                                               \
        bn_##F##_sqr(&r->x, &rr);                                                                  \
        bn_##F##_sub(&r->x, &r->x, &j);                                                            \
        bn_##F##_sub(&r->x, &r->x, &v);                                                            \
        bn_##F##_sub(&r->x, &r->x, &v);                                                            \
        bn_##F##_sub(&t, &v, &r->x);                                                               \
        bn_##F##_mul(&t, &rr, &t);                                                                 \
        bn_##F##_mul(&s1, &s1, &j);                                                                \
        bn_##F##_add(&s1, &s1, &s1);                                                               \
        bn_##F##_sub(&r->y, &t, &s1);                                                              \
    }

BN_GROUP(g1, fp)
BN_GROUP(g2, fp2)

/* Double and add over all 256 bits of a big-endian scalar. */
void bn_g1_mul(bn_g1 *r, const bn_g1 *a, const uint8_t scalar[32])
{
    bn_g1 acc = {0}, base = *a;
    for (int i = 0; i < 256; i++) {
        bn_g1_dbl(&acc, &acc);
        if ((scalar[i / 8] >> (7 - i % 8)) & 1) bn_g1_add(&acc, &acc, &base);
    }
    *r = acc;
}

void bn_g1_affine(bn_fp *x, bn_fp *y, const bn_g1 *a)
{
    bn_fp zi, zi2;
    bn_fp_inv(&zi, &a->z);
    bn_fp_sqr(&zi2, &zi);
    bn_fp_mul(x, &a->x, &zi2);
    bn_fp_mul(&zi2, &zi2, &zi);
    bn_fp_mul(y, &a->y, &zi2);
}

bool bn_g1_on_curve(const bn_fp *x, const bn_fp *y)
{
    bn_fp l, r, b = bn_fp_one;
    bn_fp_add(&b, &b, &bn_fp_one);
    bn_fp_add(&b, &b, &bn_fp_one);
    bn_fp_sqr(&l, y);
    bn_fp_sqr(&r, x);
    bn_fp_mul(&r, &r, x);
    bn_fp_add(&r, &r, &b);
    return bn_fp_eq(&l, &r);
}

static bn_fp2 bn_twist_b;
static pthread_once_t bn_twist_once = PTHREAD_ONCE_INIT;

static void bn_twist_init(void)
{
    bn_fp2 xi = {bn_fp_one, bn_fp_one}, three = {bn_fp_one, {{0}}};
    for (int k = 0; k < 3; k++)
        bn_fp_add(&xi.c0, &xi.c0, &xi.c0);
    bn_fp_add(&xi.c0, &xi.c0, &bn_fp_one); /* 9 + i */
    bn_fp_add(&three.c0, &three.c0, &bn_fp_one);
    bn_fp_add(&three.c0, &three.c0, &bn_fp_one);
    bn_fp2_inv(&xi, &xi);
    bn_fp2_mul(&bn_twist_b, &three, &xi);
}

bool bn_g2_on_curve(const bn_fp2 *x, const bn_fp2 *y)
{
    bn_fp2 l, r;
    pthread_once(&bn_twist_once, bn_twist_init);
    bn_fp2_sqr(&l, y);
    bn_fp2_sqr(&r, x);
    bn_fp2_mul(&r, &r, x);
    bn_fp2_add(&r, &r, &bn_twist_b);
    return bn_fp2_eq(&l, &r);
}

/* [r]a == O, with r the group order. */
bool bn_g2_in_subgroup(const bn_g2 *a)
{
    static const uint64_t order[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                      0xb85045b68181585dULL, 0x30644e72e131a029ULL};
    bn_g2 acc = {0};
    for (int i = 253; i >= 0; i--) {
        bn_g2_dbl(&acc, &acc);
        if ((order[i / 64] >> (i % 64)) & 1) bn_g2_add(&acc, &acc, a);
    }
    return bn_fp2_is_zero(&acc.z);
}
