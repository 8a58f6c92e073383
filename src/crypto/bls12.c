/* BLS12-381 for EIP-2537 on blst: decoding with canonicality, curve and subgroup checks, then
   blst's group operations, Pippenger MSM, Miller loop and SSWU maps. Built on both backends
   when blst is available (portable C, no allocation except MSM scratch). */
#include "rivet/crypto.h"

#if RIVET_HAVE_BLST

#include <blst.h>
#include <stdlib.h>
#include <string.h>

/* The base field modulus p, big-endian. */
static const uint8_t bls_p[48] = {
    0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6, 0x43, 0x4b, 0xac, 0xd7,
    0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf, 0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24,
    0x1e, 0xab, 0xff, 0xfe, 0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xab};

static crypto_err bls_fp(blst_fp *out, const uint8_t b[48])
{
    if (memcmp(b, bls_p, 48) >= 0) return CRYPTO_FIELD;
    blst_fp_from_bendian(out, b);
    return CRYPTO_OK;
}

static bool bls_zero(const uint8_t *b, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= b[i];
    return acc == 0;
}

/* All-zero bytes decode to blst's affine infinity (all-zero coordinates). */
static crypto_err bls_g1(blst_p1_affine *a, const uint8_t in[96], bool subgroup)
{
    crypto_err e;
    if (bls_zero(in, 96)) {
        memset(a, 0, sizeof *a);
        return CRYPTO_OK;
    }
    if ((e = bls_fp(&a->x, in)) || (e = bls_fp(&a->y, in + 48))) return e;
    if (!blst_p1_affine_on_curve(a)) return CRYPTO_CURVE;
    if (subgroup && !blst_p1_affine_in_g1(a)) return CRYPTO_SUBGROUP;
    return CRYPTO_OK;
}

static crypto_err bls_g2(blst_p2_affine *a, const uint8_t in[192], bool subgroup)
{
    crypto_err e;
    if (bls_zero(in, 192)) {
        memset(a, 0, sizeof *a);
        return CRYPTO_OK;
    }
    if ((e = bls_fp(&a->x.fp[0], in)) || (e = bls_fp(&a->x.fp[1], in + 48)) ||
        (e = bls_fp(&a->y.fp[0], in + 96)) || (e = bls_fp(&a->y.fp[1], in + 144)))
        return e;
    if (!blst_p2_affine_on_curve(a)) return CRYPTO_CURVE;
    if (subgroup && !blst_p2_affine_in_g2(a)) return CRYPTO_SUBGROUP;
    return CRYPTO_OK;
}

static void bls_put_g1(uint8_t out[96], const blst_p1 *p)
{
    blst_p1_affine a;
    memset(out, 0, 96);
    if (blst_p1_is_inf(p)) return;
    blst_p1_to_affine(&a, p);
    blst_bendian_from_fp(out, &a.x);
    blst_bendian_from_fp(out + 48, &a.y);
}

static void bls_put_g2(uint8_t out[192], const blst_p2 *p)
{
    blst_p2_affine a;
    memset(out, 0, 192);
    if (blst_p2_is_inf(p)) return;
    blst_p2_to_affine(&a, p);
    blst_bendian_from_fp(out, &a.x.fp[0]);
    blst_bendian_from_fp(out + 48, &a.x.fp[1]);
    blst_bendian_from_fp(out + 96, &a.y.fp[0]);
    blst_bendian_from_fp(out + 144, &a.y.fp[1]);
}

crypto_err crypto_bls12_g1add(uint8_t out[96], const uint8_t a[96], const uint8_t b[96])
{
    blst_p1_affine pa, pb;
    blst_p1 ja, jb, r;
    crypto_err e;
    if ((e = bls_g1(&pa, a, false)) || (e = bls_g1(&pb, b, false))) return e;
    blst_p1_from_affine(&ja, &pa);
    blst_p1_from_affine(&jb, &pb);
    blst_p1_add_or_double(&r, &ja, &jb);
    bls_put_g1(out, &r);
    return CRYPTO_OK;
}

crypto_err crypto_bls12_g2add(uint8_t out[192], const uint8_t a[192], const uint8_t b[192])
{
    blst_p2_affine pa, pb;
    blst_p2 ja, jb, r;
    crypto_err e;
    if ((e = bls_g2(&pa, a, false)) || (e = bls_g2(&pb, b, false))) return e;
    blst_p2_from_affine(&ja, &pa);
    blst_p2_from_affine(&jb, &pb);
    blst_p2_add_or_double(&r, &ja, &jb);
    bls_put_g2(out, &r);
    return CRYPTO_OK;
}

/* Big-endian 32-byte scalar to blst's little-endian bytes. */
static void bls_scalar_le(uint8_t le[32], const uint8_t be[32])
{
    for (int i = 0; i < 32; i++)
        le[i] = be[31 - i];
}

/* MSM over n (point || scalar) pairs of `psize`-byte points. Pairs whose point is infinity or
   whose scalar is zero add nothing and are dropped before Pippenger. One body for G1 and G2. */
#define BLS_MSM(G, P, PSIZE, load, put)                                                            \
    crypto_err crypto_bls12_##G##msm(uint8_t out[PSIZE], const uint8_t *pairs, size_t n)           \
    {                                                                                              \
        blst_##P##_affine *pts = malloc((n ? n : 1) * sizeof *pts);                                \
        uint8_t *sc = malloc((n ? n : 1) * 32);                                                    \
        crypto_err e = pts && sc ? CRYPTO_OK : CRYPTO_NOMEM;                                       \
        size_t m = 0;                                                                              \
        for (size_t i = 0; i < n && e == CRYPTO_OK; i++) {                                         \
            const uint8_t *pi = pairs + i * (PSIZE + 32);                                          \
            if ((e = load(&pts[m], pi, true)) == CRYPTO_OK && !bls_zero(pi, PSIZE) &&              \
                !bls_zero(pi + PSIZE, 32))                                                         \
                bls_scalar_le(sc + 32 * m++, pi + PSIZE);                                          \
        }                                                                                          \
        blst_##P r;                                                                                \
        memset(&r, 0, sizeof r);                                                                   \
        if (e == CRYPTO_OK && m == 1) {                                                            \
            blst_##P j;                                                                            \
            blst_##P##_from_affine(&j, &pts[0]);                                                   \
            blst_##P##_mult(&r, &j, sc, 256);                                                      \
        } else if (e == CRYPTO_OK && m > 1) {                                                      \
            limb_t *scratch = malloc(blst_##P##s_mult_pippenger_scratch_sizeof(m));                \
            const blst_##P##_affine *pp[2] = {pts, NULL};                                          \
            const uint8_t *sp[2] = {sc, NULL};                                                     \
            if (scratch)                                                                           \
                blst_##P##s_mult_pippenger(&r, pp, m, sp, 256, scratch);                           \
            else                                                                                   \
                e = CRYPTO_NOMEM;                                                                  \
            free(scratch);                                                                         \
        }                                                                                          \
        if (e == CRYPTO_OK) put(out, &r);                                                          \
        free(pts);                                                                                 \
        free(sc);                                                                                  \
        return e;                                                                                  \
    }

BLS_MSM(g1, p1, 96, bls_g1, bls_put_g1)
BLS_MSM(g2, p2, 192, bls_g2, bls_put_g2)

crypto_err crypto_bls12_pairing_check(bool *ok, const uint8_t *pairs, size_t n)
{
    blst_fp12 acc = *blst_fp12_one(), f;
    crypto_err e = CRYPTO_OK;
    *ok = false;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *pi = pairs + i * 288;
        blst_p1_affine p;
        blst_p2_affine q;
        if ((e = bls_g1(&p, pi, true)) || (e = bls_g2(&q, pi + 96, true))) return e;
        if (bls_zero(pi, 96) || bls_zero(pi + 96, 192)) continue; /* e(O, Q) = e(P, O) = 1 */
        blst_miller_loop(&f, &q, &p);
        blst_fp12_mul(&acc, &acc, &f);
    }
    blst_final_exp(&f, &acc);
    *ok = blst_fp12_is_one(&f);
    return CRYPTO_OK;
}

crypto_err crypto_bls12_map_fp_to_g1(uint8_t out[96], const uint8_t fp[48])
{
    blst_fp u;
    blst_p1 r;
    crypto_err e = bls_fp(&u, fp);
    if (e) return e;
    blst_map_to_g1(&r, &u, NULL);
    bls_put_g1(out, &r);
    return CRYPTO_OK;
}

crypto_err crypto_bls12_map_fp2_to_g2(uint8_t out[192], const uint8_t fp2[96])
{
    blst_fp2 u;
    blst_p2 r;
    crypto_err e;
    if ((e = bls_fp(&u.fp[0], fp2)) || (e = bls_fp(&u.fp[1], fp2 + 48))) return e;
    blst_map_to_g2(&r, &u, NULL);
    bls_put_g2(out, &r);
    return CRYPTO_OK;
}

#else /* no blst in this build */

crypto_err crypto_bls12_g1add(uint8_t out[96], const uint8_t a[96], const uint8_t b[96])
{
    return CRYPTO_UNSUPPORTED;
}
crypto_err crypto_bls12_g2add(uint8_t out[192], const uint8_t a[192], const uint8_t b[192])
{
    return CRYPTO_UNSUPPORTED;
}
crypto_err crypto_bls12_g1msm(uint8_t out[96], const uint8_t *pairs, size_t n)
{
    return CRYPTO_UNSUPPORTED;
}
crypto_err crypto_bls12_g2msm(uint8_t out[192], const uint8_t *pairs, size_t n)
{
    return CRYPTO_UNSUPPORTED;
}
crypto_err crypto_bls12_pairing_check(bool *ok, const uint8_t *pairs, size_t n)
{
    return CRYPTO_UNSUPPORTED;
}
crypto_err crypto_bls12_map_fp_to_g1(uint8_t out[96], const uint8_t fp[48])
{
    return CRYPTO_UNSUPPORTED;
}
crypto_err crypto_bls12_map_fp2_to_g2(uint8_t out[192], const uint8_t fp2[96])
{
    return CRYPTO_UNSUPPORTED;
}

#endif
