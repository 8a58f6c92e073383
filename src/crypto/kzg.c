/* EIP-4844 KZG proof verification on blst. Only one point of the trusted setup is needed:
   [tau]G2, the second G2 point of the mainnet ceremony output (KZG_SETUP_G2[1]). */
#include "rivet/crypto.h"

#if RIVET_HAVE_BLST

#include <blst.h>
#include <string.h>

static const uint8_t kzg_tau_g2[96] = {
    0xb5, 0xbf, 0xd7, 0xdd, 0x8c, 0xde, 0xb1, 0x28, 0x84, 0x3b, 0xc2, 0x87, 0x23, 0x0a, 0xf3, 0x89,
    0x26, 0x18, 0x70, 0x75, 0xcb, 0xfb, 0xef, 0xa8, 0x10, 0x09, 0xa2, 0xce, 0x61, 0x5a, 0xc5, 0x3d,
    0x29, 0x14, 0xe5, 0x87, 0x0c, 0xb4, 0x52, 0xd2, 0xaf, 0xaa, 0xab, 0x24, 0xf3, 0x49, 0x9f, 0x72,
    0x18, 0x5c, 0xbf, 0xee, 0x53, 0x49, 0x27, 0x14, 0x73, 0x44, 0x29, 0xb7, 0xb3, 0x86, 0x08, 0xe2,
    0x39, 0x26, 0xc9, 0x11, 0xcc, 0xec, 0xea, 0xc9, 0xa3, 0x68, 0x51, 0x47, 0x7b, 0xa4, 0xc6, 0x0b,
    0x08, 0x70, 0x41, 0xde, 0x62, 0x10, 0x00, 0xed, 0xc9, 0x8e, 0xda, 0xda, 0x20, 0xc1, 0xde, 0xf2};

/* The scalar field modulus r, big-endian. */
static const uint8_t kzg_r[32] = {0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8,
                                  0x08, 0x09, 0xa1, 0xd8, 0x05, 0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe,
                                  0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};

/* A compressed G1 point of a commitment or proof: valid encoding, in the subgroup. */
static crypto_err kzg_g1(blst_p1 *out, const uint8_t in[48])
{
    blst_p1_affine a;
    BLST_ERROR e = blst_p1_uncompress(&a, in);
    if (e == BLST_POINT_NOT_ON_CURVE) return CRYPTO_CURVE;
    if (e != BLST_SUCCESS) return CRYPTO_PROOF;
    if (!blst_p1_affine_in_g1(&a)) return CRYPTO_SUBGROUP;
    blst_p1_from_affine(out, &a);
    return CRYPTO_OK;
}

/* Checks e(C - [y]G1, -G2) * e(proof, [tau]G2 - [z]G2) == 1. */
crypto_err crypto_kzg_verify(bool *ok, const uint8_t commitment[48], const uint8_t z[32],
                             const uint8_t y[32], const uint8_t proof[48])
{
    blst_p1 c, pi, t1;
    blst_p2 t2, tau;
    blst_p2_affine tau_a;
    blst_scalar sz, sy;
    crypto_err e;
    *ok = false;
    if (memcmp(z, kzg_r, 32) >= 0 || memcmp(y, kzg_r, 32) >= 0) return CRYPTO_FIELD;
    if ((e = kzg_g1(&c, commitment)) || (e = kzg_g1(&pi, proof))) return e;
    blst_scalar_from_bendian(&sz, z);
    blst_scalar_from_bendian(&sy, y);
    /* C - [y]G1 */
    blst_p1_mult(&t1, blst_p1_generator(), sy.b, 255);
    blst_p1_cneg(&t1, true);
    blst_p1_add_or_double(&t1, &c, &t1);
    /* [tau]G2 - [z]G2 */
    if (blst_p2_uncompress(&tau_a, kzg_tau_g2) != BLST_SUCCESS) return CRYPTO_PROOF;
    blst_p2_from_affine(&tau, &tau_a);
    blst_p2_mult(&t2, blst_p2_generator(), sz.b, 255);
    blst_p2_cneg(&t2, true);
    blst_p2_add_or_double(&t2, &tau, &t2);

    blst_p1_affine a1, a2;
    blst_p2_affine b1, b2;
    blst_p2 g2neg = *blst_p2_generator();
    blst_p2_cneg(&g2neg, true);
    blst_p1_to_affine(&a1, &t1);
    blst_p1_to_affine(&a2, &pi);
    blst_p2_to_affine(&b1, &g2neg);
    blst_p2_to_affine(&b2, &t2);
    blst_fp12 acc = *blst_fp12_one(), f;
    if (!blst_p1_is_inf(&t1)) {
        blst_miller_loop(&f, &b1, &a1);
        blst_fp12_mul(&acc, &acc, &f);
    }
    if (!blst_p1_is_inf(&pi) && !blst_p2_is_inf(&t2)) {
        blst_miller_loop(&f, &b2, &a2);
        blst_fp12_mul(&acc, &acc, &f);
    }
    blst_final_exp(&f, &acc);
    *ok = blst_fp12_is_one(&f);
    return CRYPTO_OK;
}

#else

crypto_err crypto_kzg_verify(bool *ok, const uint8_t commitment[48], const uint8_t z[32],
                             const uint8_t y[32], const uint8_t proof[48])
{
    *ok = false;
    return CRYPTO_UNSUPPORTED;
}

#endif
