/* EIP-4844 verify_blob_kzg_proof (the deneb polynomial-commitments spec) on blst's scalar field:
   the Fiat-Shamir challenge z = sha256(domain || 4096 as 16 bytes || blob || commitment) mod r,
   the blob's polynomial (evaluation form over the 4096th roots of unity in bit-reversed order)
   evaluated at z by the barycentric formula with one batched inversion, then the pairing check
   of crypto_kzg_verify (which needs only [tau]G2 of the trusted setup). */
#include "rivet/crypto.h"

/* EIP-4844 kzg_to_versioned_hash (both backends). */
void crypto_kzg_versioned_hash(uint8_t out[32], const uint8_t commitment[48])
{
    crypto_sha256(out, commitment, 48);
    out[0] = 0x01;
}

#if RIVET_HAVE_BLST

#include <blst.h>
#include <stdlib.h>
#include <string.h>

#define KZG_N    4096u
#define KZG_LOGN 12u

static const char kzg_domain[16] = {'F', 'S', 'B', 'L', 'O', 'B', 'V', 'E',
                                    'R', 'I', 'F', 'Y', '_', 'V', '1', '_'};

/* (r - 1) / 4096 as little-endian 64-bit words: the exponent that turns the primitive root 7
   into a primitive 4096th root of unity. */
static const uint64_t kzg_exp[4] = {0xbfeffffffff00000ull, 0x80553bda402fffe5ull,
                                    0xd483339d80809a1dull, 0x00073eda753299d7ull};

static void fr_of_u64(blst_fr *out, uint64_t v)
{
    uint64_t w[4] = {v, 0, 0, 0};
    blst_fr_from_uint64(out, w);
}

/* A big-endian 32-byte field element; false when it is not below r. */
static bool fr_of_be(blst_fr *out, const uint8_t b[32])
{
    blst_scalar s;
    blst_scalar_from_bendian(&s, b);
    if (!blst_scalar_fr_check(&s)) return false;
    blst_fr_from_scalar(out, &s);
    return true;
}

static void be_of_fr(uint8_t b[32], const blst_fr *a)
{
    blst_scalar s;
    blst_scalar_from_fr(&s, a);
    blst_bendian_from_scalar(b, &s);
}

/* a^e for a 256-bit little-endian exponent. */
static void fr_pow(blst_fr *out, const blst_fr *a, const uint64_t e[4])
{
    blst_fr r, b = *a;
    fr_of_u64(&r, 1);
    for (int i = 0; i < 256; i++) {
        if (e[i / 64] >> (i % 64) & 1) blst_fr_mul(&r, &r, &b);
        blst_fr_sqr(&b, &b);
    }
    *out = r;
}

static uint32_t bitrev(uint32_t i)
{
    uint32_t r = 0;
    for (unsigned k = 0; k < KZG_LOGN; k++, i >>= 1)
        r = r << 1 | (i & 1);
    return r;
}

/* The challenge z of a blob and its commitment. */
static crypto_err challenge(blst_fr *z, const uint8_t *blob, const uint8_t commitment[48])
{
    size_t n = 32 + CRYPTO_BLOB_BYTES + 48;
    uint8_t *m = malloc(n), h[32];
    if (!m) return CRYPTO_NOMEM;
    memcpy(m, kzg_domain, 16);
    memset(m + 16, 0, 16);
    m[30] = KZG_N >> 8;
    m[31] = KZG_N & 0xff;
    memcpy(m + 32, blob, CRYPTO_BLOB_BYTES);
    memcpy(m + 32 + CRYPTO_BLOB_BYTES, commitment, 48);
    crypto_sha256(h, m, n);
    free(m);
    blst_scalar s;
    blst_scalar_from_be_bytes(&s, h, 32); /* reduces mod r */
    blst_fr_from_scalar(z, &s);
    return CRYPTO_OK;
}

/* y = p(z) for the blob's polynomial p with p(w_i) = blob[i], w_i = w^bitrev(i):
   z equal to some w_i gives blob[i], else (z^N - 1) / N * sum blob[i] * w_i / (z - w_i). */
static crypto_err evaluate(blst_fr *y, const uint8_t *blob, const blst_fr *z)
{
    blst_fr *d = malloc(2 * KZG_N * sizeof *d), w, root, one, acc, inv, t;
    if (!d) return CRYPTO_NOMEM;
    blst_fr *pre = d + KZG_N;
    blst_fr zero;
    memset(&zero, 0, sizeof zero);
    fr_of_u64(&one, 1);
    fr_of_u64(&w, 7);
    fr_pow(&w, &w, kzg_exp);
    /* d[j] = z - w_j for j = bitrev(i), w_j = w^i; pre = prefix products for the batch inverse */
    root = one;
    for (uint32_t i = 0; i < KZG_N; i++) {
        uint32_t j = bitrev(i);
        blst_fr_sub(&d[j], z, &root);
        if (!memcmp(&d[j], &zero, sizeof zero)) {
            bool ok = fr_of_be(y, blob + 32 * (size_t)j);
            free(d);
            return ok ? CRYPTO_OK : CRYPTO_FIELD;
        }
        blst_fr_mul(&root, &root, &w);
    }
    acc = one;
    for (uint32_t j = 0; j < KZG_N; j++) {
        pre[j] = acc;
        blst_fr_mul(&acc, &acc, &d[j]);
    }
    blst_fr_inverse(&inv, &acc);
    for (uint32_t j = KZG_N; j-- > 0;) {
        blst_fr_mul(&t, &inv, &pre[j]); /* 1 / d[j] */
        blst_fr_mul(&inv, &inv, &d[j]);
        d[j] = t;
    }
    /* the sum, walking the roots again in the same order */
    blst_fr sum, v;
    memset(&sum, 0, sizeof sum);
    root = one;
    for (uint32_t i = 0; i < KZG_N; i++) {
        uint32_t j = bitrev(i);
        if (!fr_of_be(&v, blob + 32 * (size_t)j)) {
            free(d);
            return CRYPTO_FIELD;
        }
        blst_fr_mul(&t, &v, &root);
        blst_fr_mul(&t, &t, &d[j]);
        blst_fr_add(&sum, &sum, &t);
        blst_fr_mul(&root, &root, &w);
    }
    free(d);
    /* (z^N - 1) / N */
    uint64_t e[4] = {KZG_N, 0, 0, 0};
    fr_pow(&t, z, e);
    blst_fr_sub(&t, &t, &one);
    fr_of_u64(&v, KZG_N);
    blst_fr_inverse(&v, &v);
    blst_fr_mul(&t, &t, &v);
    blst_fr_mul(y, &sum, &t);
    return CRYPTO_OK;
}

crypto_err crypto_kzg_verify_blob(bool *ok, const uint8_t *blob, const uint8_t commitment[48],
                                  const uint8_t proof[48])
{
    blst_fr z, y, v;
    uint8_t zb[32], yb[32];
    crypto_err e;
    *ok = false;
    for (size_t i = 0; i < KZG_N; i++) /* every element canonical, even at a root */
        if (!fr_of_be(&v, blob + 32 * i)) return CRYPTO_FIELD;
    if ((e = challenge(&z, blob, commitment)) || (e = evaluate(&y, blob, &z))) return e;
    be_of_fr(zb, &z);
    be_of_fr(yb, &y);
    return crypto_kzg_verify(ok, commitment, zb, yb, proof);
}

#else

crypto_err crypto_kzg_verify_blob(bool *ok, const uint8_t *blob, const uint8_t commitment[48],
                                  const uint8_t proof[48])
{
    (void)blob;
    (void)commitment;
    (void)proof;
    *ok = false;
    return CRYPTO_UNSUPPORTED;
}

#endif
