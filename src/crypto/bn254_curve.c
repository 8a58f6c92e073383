/* BN254 groups: Jacobian arithmetic on y^2 = x^3 + 3 (G1, over Fp) and on the twist
   y^2 = x^3 + 3/xi (G2, over Fp2). One body for both, instantiated per field. */
#include "crypto/bn254.h"

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

/* Fixed 4-bit window over the 256-bit big-endian scalar: 256 doublings, at most 64 additions. */
void bn_g1_mul(bn_g1 *r, const bn_g1 *a, const uint8_t scalar[32])
{
    bn_g1 tab[16], acc = {0};
    tab[0] = (bn_g1){0};
    tab[1] = *a;
    for (int i = 2; i < 16; i++)
        bn_g1_add(&tab[i], &tab[i - 1], a);
    for (int i = 0; i < 64; i++) {
        unsigned nib = (scalar[i / 2] >> (i % 2 ? 0 : 4)) & 15;
        for (int k = 0; k < 4; k++)
            bn_g1_dbl(&acc, &acc);
        if (nib) bn_g1_add(&acc, &acc, &tab[nib]);
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

/* b' = 3/xi, the twist's constant, in Montgomery form (G2 tests pin it down). */
static const bn_fp2 bn_twist_b = {
    {{0x3bf938e377b802a8ULL, 0x020b1b273633535dULL, 0x26b7edf049755260ULL, 0x2514c6324384a86dULL}},
    {{0x38e7ecccd1dcff67ULL, 0x65f0b37d93ce0d3eULL, 0xd749d0dd22ac00aaULL, 0x0141b9ce4a688d4dULL}}};

bool bn_g2_on_curve(const bn_fp2 *x, const bn_fp2 *y)
{
    bn_fp2 l, r;
    bn_fp2_sqr(&l, y);
    bn_fp2_sqr(&r, x);
    bn_fp2_mul(&r, &r, x);
    bn_fp2_add(&r, &r, &bn_twist_b);
    return bn_fp2_eq(&l, &r);
}

/* psi = untwist-Frobenius-twist on Jacobian points: (conj(X) g2, conj(Y) g3, conj(Z)). */
static void bn_g2_psi(bn_g2 *r, const bn_g2 *a)
{
    const bn_fp2 *g = bn_frob_gamma();
    bn_fp2_conj(&r->x, &a->x);
    bn_fp2_mul(&r->x, &r->x, &g[2]);
    bn_fp2_conj(&r->y, &a->y);
    bn_fp2_mul(&r->y, &r->y, &g[3]);
    bn_fp2_conj(&r->z, &a->z);
}

/* G2 membership for a point on the twist (El Housni, Guillevic, Piellard 2022; Dai, Lin,
   Zhao, Zhou 2022, for BN seeds with x != 4 mod 13 and x != 92 mod 97, which BN254's is):
   Q is in G2 iff [x+1]Q + psi([x]Q) + psi^2([x]Q) = psi^3([2x]Q). One 63-bit multiplication
   instead of one by the 254-bit order. */
bool bn_g2_in_subgroup(const bn_g2 *a)
{
    static const uint64_t x = 0x44e992b44a6909f1ULL;
    bn_g2 xq = *a, l, t;
    for (int i = 61; i >= 0; i--) {
        bn_g2_dbl(&xq, &xq);
        if ((x >> i) & 1) bn_g2_add(&xq, &xq, a);
    }
    bn_g2_add(&l, &xq, a); /* [x+1]Q */
    bn_g2_psi(&t, &xq);
    bn_g2_add(&l, &l, &t);
    bn_g2_psi(&t, &t);
    bn_g2_add(&l, &l, &t);
    bn_g2_dbl(&t, &xq); /* psi^3([2x]Q), negated, added */
    bn_g2_psi(&t, &t);
    bn_g2_psi(&t, &t);
    bn_g2_psi(&t, &t);
    bn_fp2_neg(&t.y, &t.y);
    bn_g2_add(&l, &l, &t);
    return bn_fp2_is_zero(&l.z);
}
