/* BN254 optimal ate pairing: Miller loop over 6u+2 with lines evaluated in Jacobian
   coordinates on the twist, the two Frobenius corrections, and the final exponentiation
   (easy part (p^6-1)(p^2+1); hard part (p^4-p^2+1)/r in base p with exponents in u). */
#include "crypto/bn254.h"

static const uint64_t bn_u = 0x44e992b44a6909f1ULL; /* BN parameter */
/* 6u+2 = 0x1_9d797039be763ba8 (65 bits): the leading one, then these 64 bits */
static const uint64_t bn_ate_lo = 0x9d797039be763ba8ULL;

/* f *= tangent at T evaluated at P; T = 2T. The line is scaled by 2YZ^3 (an Fp2 factor, which
   the final exponentiation removes): (2YZ^3 yP) - (3X^2Z^2 xP) w + (3X^3 - 2Y^2) w^3. */
static void bn_step_dbl(bn_fp12 *f, bn_g2 *t, const bn_fp *px, const bn_fp *py)
{
    bn_fp2 x2, z2, l0, l1, l3, s;
    bn_fp2_sqr(&x2, &t->x);
    bn_fp2_sqr(&z2, &t->z);
    bn_fp2_mul(&l1, &x2, &z2); /* 3 X^2 Z^2 xP, negated */
    bn_fp2_add(&s, &l1, &l1);
    bn_fp2_add(&l1, &s, &l1);
    bn_fp2_mul_fp(&l1, &l1, px);
    bn_fp2_neg(&l1, &l1);
    bn_fp2_mul(&l3, &x2, &t->x); /* 3X^3 - 2Y^2 */
    bn_fp2_add(&s, &l3, &l3);
    bn_fp2_add(&l3, &s, &l3);
    bn_fp2_sqr(&s, &t->y);
    bn_fp2_sub(&l3, &l3, &s);
    bn_fp2_sub(&l3, &l3, &s);
    bn_g2_dbl(t, t); /* new Z = 2YZ */
    bn_fp2_mul(&l0, &t->z, &z2);
    bn_fp2_mul_fp(&l0, &l0, py);
    bn_fp12_mul_line(f, &l0, &l1, &l3);
}

/* f *= line through T and Q (affine) at P; T = T + Q. With H = xQ Z^2 - X, R = yQ Z^3 - Y the
   line scaled by ZH is (ZH yP) - (R xP) w + (R xQ - yQ ZH) w^3. */
static void bn_step_add(bn_fp12 *f, bn_g2 *t, const bn_fp2 *qx, const bn_fp2 *qy, const bn_fp *px,
                        const bn_fp *py)
{
    bn_fp2 z2, h, r, h2, h3, zh, l0, l1, l3, s, xh2;
    bn_fp2_sqr(&z2, &t->z);
    bn_fp2_mul(&h, qx, &z2);
    bn_fp2_sub(&h, &h, &t->x);
    bn_fp2_mul(&r, qy, &z2);
    bn_fp2_mul(&r, &r, &t->z);
    bn_fp2_sub(&r, &r, &t->y);
    bn_fp2_mul(&zh, &t->z, &h);
    bn_fp2_mul_fp(&l0, &zh, py);
    bn_fp2_mul_fp(&l1, &r, px);
    bn_fp2_neg(&l1, &l1);
    bn_fp2_mul(&l3, &r, qx);
    bn_fp2_mul(&s, qy, &zh);
    bn_fp2_sub(&l3, &l3, &s);
    /* X3 = R^2 - H^3 - 2 X H^2, Y3 = R (X H^2 - X3) - Y H^3, Z3 = Z H */
    bn_fp2_sqr(&h2, &h);
    bn_fp2_mul(&h3, &h2, &h);
    bn_fp2_mul(&xh2, &t->x, &h2);
    bn_fp2_sqr(&s, &r);
    bn_fp2_sub(&s, &s, &h3);
    bn_fp2_sub(&s, &s, &xh2);
    bn_fp2_sub(&t->x, &s, &xh2);
    bn_fp2_sub(&s, &xh2, &t->x);
    bn_fp2_mul(&s, &r, &s);
    bn_fp2_mul(&h3, &t->y, &h3);
    bn_fp2_sub(&t->y, &s, &h3);
    t->z = zh;
    bn_fp12_mul_line(f, &l0, &l1, &l3);
}

/* Frobenius on the twist: (conj(x) gamma_2, conj(y) gamma_3). */
static void bn_twist_frob(bn_fp2 *x, bn_fp2 *y, const bn_fp2 *qx, const bn_fp2 *qy)
{
    const bn_fp2 *g = bn_frob_gamma();
    bn_fp2_conj(x, qx);
    bn_fp2_mul(x, x, &g[2]);
    bn_fp2_conj(y, qy);
    bn_fp2_mul(y, y, &g[3]);
}

void bn_miller_loop(bn_fp12 *f, const bn_pair *pairs, bn_g2 *t, size_t n)
{
    bn_fp12_one(f);
    for (size_t k = 0; k < n; k++)
        t[k] = (bn_g2){pairs[k].qx, pairs[k].qy, {bn_fp_one, {{0}}}};
    for (int i = 63; i >= 0; i--) { /* bit 64 is the leading one */
        bn_fp12_sqr(f, f);
        for (size_t k = 0; k < n; k++) {
            const bn_pair *q = &pairs[k];
            bn_step_dbl(f, &t[k], &q->px, &q->py);
            if ((bn_ate_lo >> i) & 1) bn_step_add(f, &t[k], &q->qx, &q->qy, &q->px, &q->py);
        }
    }
    for (size_t k = 0; k < n; k++) {
        const bn_pair *q = &pairs[k];
        bn_fp2 x1, y1, x2, y2;
        bn_twist_frob(&x1, &y1, &q->qx, &q->qy);
        bn_twist_frob(&x2, &y2, &x1, &y1);
        bn_fp2_neg(&y2, &y2); /* -pi^2(Q) */
        bn_step_add(f, &t[k], &x1, &y1, &q->px, &q->py);
        bn_step_add(f, &t[k], &x2, &y2, &q->px, &q->py);
    }
}

/* Cyclotomic squarings only: every input below is past the easy part. */
static void bn_pow_u(bn_fp12 *r, const bn_fp12 *a)
{
    bn_fp12 acc = *a;
    for (int i = 61; i >= 0; i--) { /* u has 63 bits */
        bn_fp12_cyclo_sqr(&acc, &acc);
        if ((bn_u >> i) & 1) bn_fp12_mul(&acc, &acc, a);
    }
    *r = acc;
}

static void bn_sqr_n(bn_fp12 *r, const bn_fp12 *a, int n)
{
    *r = *a;
    while (n-- > 0)
        bn_fp12_cyclo_sqr(r, r);
}

/* Hard part with lambda = l0 + l1 p + l2 p^2 + p^3 where l2 = 6u^2 + 1,
   l1 = -36u^3 - 18u^2 - 12u + 1, l0 = -36u^3 - 30u^2 - 18u - 2. In the cyclotomic subgroup the
   inverse is the conjugate. */
void bn_final_exp(bn_fp12 *r, const bn_fp12 *f)
{
    bn_fp12 m, t, a, b, c, x, y, z;
    bn_fp12_inv(&t, f); /* easy part */
    bn_fp12_conj(&m, f);
    bn_fp12_mul(&m, &m, &t);
    bn_fp12_frob(&t, &m);
    bn_fp12_frob(&t, &t);
    bn_fp12_mul(&m, &t, &m);

    bn_pow_u(&a, &m); /* m^u, m^u^2, m^u^3 */
    bn_pow_u(&b, &a);
    bn_pow_u(&c, &b);
    bn_fp12 a2, a4, a8, a16, b2, b4, b8, b16, c4, c32, c36, m2;
    bn_sqr_n(&a2, &a, 1);
    bn_sqr_n(&a4, &a2, 1);
    bn_sqr_n(&a8, &a4, 1);
    bn_sqr_n(&a16, &a8, 1);
    bn_sqr_n(&b2, &b, 1);
    bn_sqr_n(&b4, &b2, 1);
    bn_sqr_n(&b8, &b4, 1);
    bn_sqr_n(&b16, &b8, 1);
    bn_sqr_n(&c4, &c, 2);
    bn_sqr_n(&c32, &c4, 3);
    bn_fp12_mul(&c36, &c32, &c4);
    bn_sqr_n(&m2, &m, 1);

    /* y0 = conj(c^36 b^30 a^18 m^2) */
    bn_fp12_mul(&x, &c36, &b16);
    bn_fp12_mul(&x, &x, &b8);
    bn_fp12_mul(&x, &x, &b4);
    bn_fp12_mul(&x, &x, &b2);
    bn_fp12_mul(&x, &x, &a16);
    bn_fp12_mul(&x, &x, &a2);
    bn_fp12_mul(&x, &x, &m2);
    bn_fp12_conj(&x, &x);
    /* y1 = (m conj(c^36 b^18 a^12))^p */
    bn_fp12_mul(&y, &c36, &b16);
    bn_fp12_mul(&y, &y, &b2);
    bn_fp12_mul(&y, &y, &a8);
    bn_fp12_mul(&y, &y, &a4);
    bn_fp12_conj(&y, &y);
    bn_fp12_mul(&y, &y, &m);
    bn_fp12_frob(&y, &y);
    /* y2 = (b^6 m)^(p^2) */
    bn_fp12_mul(&z, &b4, &b2);
    bn_fp12_mul(&z, &z, &m);
    bn_fp12_frob(&z, &z);
    bn_fp12_frob(&z, &z);
    /* y3 = m^(p^3) */
    bn_fp12_frob(&t, &m);
    bn_fp12_frob(&t, &t);
    bn_fp12_frob(&t, &t);
    bn_fp12_mul(&x, &x, &y);
    bn_fp12_mul(&x, &x, &z);
    bn_fp12_mul(r, &x, &t);
}
