/* BN254 byte interface for EIP-196/197: canonical coordinates, curve and subgroup checks. */
#include "rivet/crypto.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/bn254.h"
#include "crypto/zkvm/accel.h" /* the zkVM guest's BN254 calls (RIVET_ZKVM_ACCEL) */
#include "rivet/zkvm_abi.h"

/* x || y, 32 bytes each; (0, 0) is infinity; otherwise on the curve (G1 has cofactor 1). */
static crypto_err bn_load_g1(bn_g1 *p, const uint8_t in[64])
{
    if (!bn_fp_from_bytes(&p->x, in) || !bn_fp_from_bytes(&p->y, in + 32)) return CRYPTO_FIELD;
    if (bn_fp_is_zero(&p->x) && bn_fp_is_zero(&p->y)) {
        *p = (bn_g1){0};
        return CRYPTO_OK;
    }
    if (!bn_g1_on_curve(&p->x, &p->y)) return CRYPTO_CURVE;
    p->z = bn_fp_one;
    return CRYPTO_OK;
}

static void bn_store_g1(uint8_t out[64], const bn_g1 *p)
{
    bn_fp x, y;
    memset(out, 0, 64);
    if (bn_fp_is_zero(&p->z)) return;
    bn_g1_affine(&x, &y, p);
    bn_fp_to_bytes(out, &x);
    bn_fp_to_bytes(out + 32, &y);
}

/* x_im || x_re || y_im || y_re; all zero is infinity; otherwise on the twist and in G2. */
static crypto_err bn_load_g2(bn_g2 *q, bool *inf, const uint8_t in[128])
{
    if (!bn_fp_from_bytes(&q->x.c1, in) || !bn_fp_from_bytes(&q->x.c0, in + 32) ||
        !bn_fp_from_bytes(&q->y.c1, in + 64) || !bn_fp_from_bytes(&q->y.c0, in + 96))
        return CRYPTO_FIELD;
    *inf = bn_fp2_is_zero(&q->x) && bn_fp2_is_zero(&q->y);
    if (*inf) return CRYPTO_OK;
    if (!bn_g2_on_curve(&q->x, &q->y)) return CRYPTO_CURVE;
    q->z = (bn_fp2){bn_fp_one, {{0}}};
    return bn_g2_in_subgroup(q) ? CRYPTO_OK : CRYPTO_SUBGROUP;
}

crypto_err crypto_bn254_add(uint8_t out[64], const uint8_t a[64], const uint8_t b[64])
{
#if RIVET_ZKVM_ACCEL
    return zk_accel_bn254_add(out, a, b) ? CRYPTO_OK : CRYPTO_CURVE;
#endif
    bn_g1 p, q;
    crypto_err e;
    if ((e = bn_load_g1(&p, a)) || (e = bn_load_g1(&q, b))) return e;
    bn_g1_add(&p, &p, &q);
    bn_store_g1(out, &p);
    return CRYPTO_OK;
}

crypto_err crypto_bn254_mul(uint8_t out[64], const uint8_t a[64], const uint8_t scalar[32])
{
#if RIVET_ZKVM_ACCEL
    return zk_accel_bn254_mul(out, a, scalar) ? CRYPTO_OK : CRYPTO_CURVE;
#endif
    bn_g1 p;
    crypto_err e = bn_load_g1(&p, a);
    if (e) return e;
    bn_g1_mul(&p, &p, scalar);
    bn_store_g1(out, &p);
    return CRYPTO_OK;
}

crypto_err crypto_bn254_pairing_check(bool *ok, const uint8_t *pairs, size_t n)
{
#if RIVET_ZKVM_ACCEL
    if (n <= RV_ZKVM_BN254_PAIRING_MAX / 192)
        return zk_accel_bn254_pairing(ok, pairs, n) ? CRYPTO_OK : CRYPTO_CURVE;
#endif
    bn_pair *v = malloc((n ? n : 1) * sizeof *v);
    bn_g2 *t = malloc((n ? n : 1) * sizeof *t);
    crypto_err e = v && t ? CRYPTO_OK : CRYPTO_NOMEM;
    size_t m = 0;
    *ok = false;
    for (size_t i = 0; i < n && e == CRYPTO_OK; i++) {
        const uint8_t *pi = pairs + 192 * i;
        bn_g1 p;
        bn_g2 q;
        bool qinf;
        if ((e = bn_load_g1(&p, pi)) || (e = bn_load_g2(&q, &qinf, pi + 64))) break;
        if (qinf || bn_fp_is_zero(&p.z)) continue; /* e(O, Q) = e(P, O) = 1 */
        v[m++] = (bn_pair){p.x, p.y, q.x, q.y};
    }
    if (e == CRYPTO_OK) {
        bn_fp12 f;
        bn_miller_loop(&f, v, t, m);
        bn_final_exp(&f, &f);
        *ok = bn_fp12_is_one(&f);
    }
    free(v);
    free(t);
    return e;
}
