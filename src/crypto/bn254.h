/* BN254 (alt_bn128) internals: Montgomery arithmetic on 4x64-bit limbs, the tower
   Fp2 = Fp[i]/(i^2+1), Fp6 = Fp2[v]/(v^3-xi) with xi = 9+i, Fp12 = Fp6[w]/(w^2-v), the curve
   y^2 = x^3 + 3 over Fp and its D-type twist y^2 = x^3 + 3/xi over Fp2. Portable C. */
#ifndef RIVET_CRYPTO_BN254_H
#define RIVET_CRYPTO_BN254_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/status.h" /* RIVET_MUST_USE */

typedef struct {
    uint64_t v[4];
} bn_fp; /* little-endian limbs, Montgomery form */
typedef struct {
    bn_fp c0, c1;
} bn_fp2; /* c0 + c1 i */
typedef struct {
    bn_fp2 c0, c1, c2;
} bn_fp6;
typedef struct {
    bn_fp6 c0, c1;
} bn_fp12;

/* Jacobian points: (X/Z^2, Y/Z^3); Z = 0 is infinity. */
typedef struct {
    bn_fp x, y, z;
} bn_g1;
typedef struct {
    bn_fp2 x, y, z;
} bn_g2;

extern const bn_fp bn_fp_one; /* 1 in Montgomery form */

/* Fp */
RIVET_MUST_USE bool bn_fp_from_bytes(bn_fp *r, const uint8_t b[32]); /* false when >= p */
void bn_fp_to_bytes(uint8_t b[32], const bn_fp *a);
void bn_fp_add(bn_fp *r, const bn_fp *a, const bn_fp *b);
void bn_fp_sub(bn_fp *r, const bn_fp *a, const bn_fp *b);
void bn_fp_neg(bn_fp *r, const bn_fp *a);
void bn_fp_mul(bn_fp *r, const bn_fp *a, const bn_fp *b);
void bn_fp_sqr(bn_fp *r, const bn_fp *a);
void bn_fp_inv(bn_fp *r, const bn_fp *a); /* 0 -> 0 */
bool bn_fp_is_zero(const bn_fp *a);
bool bn_fp_eq(const bn_fp *a, const bn_fp *b);

/* Fp2 */
void bn_fp2_add(bn_fp2 *r, const bn_fp2 *a, const bn_fp2 *b);
void bn_fp2_sub(bn_fp2 *r, const bn_fp2 *a, const bn_fp2 *b);
void bn_fp2_neg(bn_fp2 *r, const bn_fp2 *a);
void bn_fp2_mul(bn_fp2 *r, const bn_fp2 *a, const bn_fp2 *b);
void bn_fp2_mul_fp(bn_fp2 *r, const bn_fp2 *a, const bn_fp *b);
void bn_fp2_sqr(bn_fp2 *r, const bn_fp2 *a);
void bn_fp2_mul_xi(bn_fp2 *r, const bn_fp2 *a);
void bn_fp2_conj(bn_fp2 *r, const bn_fp2 *a);
void bn_fp2_inv(bn_fp2 *r, const bn_fp2 *a);
bool bn_fp2_is_zero(const bn_fp2 *a);
bool bn_fp2_eq(const bn_fp2 *a, const bn_fp2 *b);

/* Fp6, Fp12 */
void bn_fp6_add(bn_fp6 *r, const bn_fp6 *a, const bn_fp6 *b);
void bn_fp6_sub(bn_fp6 *r, const bn_fp6 *a, const bn_fp6 *b);
void bn_fp6_mul(bn_fp6 *r, const bn_fp6 *a, const bn_fp6 *b);
void bn_fp6_mul_v(bn_fp6 *r, const bn_fp6 *a);
void bn_fp6_inv(bn_fp6 *r, const bn_fp6 *a);
void bn_fp12_one(bn_fp12 *r);
void bn_fp12_mul(bn_fp12 *r, const bn_fp12 *a, const bn_fp12 *b);
void bn_fp12_sqr(bn_fp12 *r, const bn_fp12 *a);
void bn_fp12_conj(bn_fp12 *r, const bn_fp12 *a);
void bn_fp12_inv(bn_fp12 *r, const bn_fp12 *a);
void bn_fp12_frob(bn_fp12 *r, const bn_fp12 *a); /* a^p */
/* f * (l0 + l1 w + l3 w^3), the shape of a Miller-loop line. */
void bn_fp12_mul_line(bn_fp12 *f, const bn_fp2 *l0, const bn_fp2 *l1, const bn_fp2 *l3);
/* Squaring valid only in the cyclotomic subgroup (after the easy part of the final
   exponentiation), Granger-Scott. */
void bn_fp12_cyclo_sqr(bn_fp12 *r, const bn_fp12 *a);
bool bn_fp12_is_one(const bn_fp12 *a);
/* xi^((p-1)/6)^k for k = 0..5, the Frobenius constants. */
const bn_fp2 *bn_frob_gamma(void);

/* G1 and G2 */
void bn_g1_add(bn_g1 *r, const bn_g1 *a, const bn_g1 *b);
void bn_g1_dbl(bn_g1 *r, const bn_g1 *a);
void bn_g1_mul(bn_g1 *r, const bn_g1 *a, const uint8_t scalar[32]); /* big-endian scalar */
void bn_g1_affine(bn_fp *x, bn_fp *y, const bn_g1 *a);              /* a not infinity */
bool bn_g1_on_curve(const bn_fp *x, const bn_fp *y);
void bn_g2_add(bn_g2 *r, const bn_g2 *a, const bn_g2 *b);
void bn_g2_dbl(bn_g2 *r, const bn_g2 *a);
bool bn_g2_on_curve(const bn_fp2 *x, const bn_fp2 *y);
bool bn_g2_in_subgroup(const bn_g2 *a);

/* Pairing: the product of the Miller loops of n pairs (affine, none at infinity), sharing the
   squarings; t is scratch for n points. Then the final exponentiation. */
typedef struct bn_pair {
    bn_fp px, py;
    bn_fp2 qx, qy;
} bn_pair;
void bn_miller_loop(bn_fp12 *f, const bn_pair *pairs, bn_g2 *t, size_t n);
void bn_final_exp(bn_fp12 *r, const bn_fp12 *f);

#endif
