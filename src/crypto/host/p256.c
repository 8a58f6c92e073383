/* Host P-256 verification on OpenSSL 3 (EVP): the key from (qx, qy), the signature as DER. */
#include "rivet/crypto.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <string.h>

static const uint8_t p256_p[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t p256_n[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                                   0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
static const uint8_t p256_zero[32];

/* 0 < v < bound for scalars (nonzero = 1), v < bound for coordinates (nonzero = 0). */
static bool p256_below(const uint8_t v[32], const uint8_t bound[32], bool nonzero)
{
    return memcmp(v, bound, 32) < 0 && (!nonzero || memcmp(v, p256_zero, 32) != 0);
}

static EVP_PKEY *p256_key(const uint8_t qx[32], const uint8_t qy[32])
{
    uint8_t pub[65];
    pub[0] = 0x04;
    memcpy(pub + 1, qx, 32);
    memcpy(pub + 33, qy, 32);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"prime256v1", 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub),
        OSSL_PARAM_construct_end()};
    EVP_PKEY *key = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx && EVP_PKEY_fromdata_init(ctx) > 0)
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    return key;
}

bool crypto_p256_verify(const uint8_t hash[32], const uint8_t r[32], const uint8_t s[32],
                        const uint8_t qx[32], const uint8_t qy[32])
{
    if (!p256_below(r, p256_n, true) || !p256_below(s, p256_n, true) ||
        !p256_below(qx, p256_p, false) || !p256_below(qy, p256_p, false) ||
        (!memcmp(qx, p256_zero, 32) && !memcmp(qy, p256_zero, 32)))
        return false;
    EVP_PKEY *key = p256_key(qx, qy); /* fails for points off the curve */
    if (!key) return false;
    bool ok = false;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *br = BN_bin2bn(r, 32, NULL), *bs = BN_bin2bn(s, 32, NULL);
    unsigned char *der = NULL;
    int derlen = -1;
    if (sig && br && bs && ECDSA_SIG_set0(sig, br, bs)) {
        br = bs = NULL; /* owned by sig now */
        derlen = i2d_ECDSA_SIG(sig, &der);
    }
    EVP_PKEY_CTX *vctx = derlen > 0 ? EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL) : NULL;
    if (vctx && EVP_PKEY_verify_init(vctx) > 0)
        ok = EVP_PKEY_verify(vctx, der, (size_t)derlen, hash, 32) == 1;
    EVP_PKEY_CTX_free(vctx);
    OPENSSL_free(der);
    BN_free(br);
    BN_free(bs);
    ECDSA_SIG_free(sig);
    EVP_PKEY_free(key);
    return ok;
}
