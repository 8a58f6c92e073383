/* The zkvm backend's portable pieces (src/crypto/zkvm, zk_*) against the host backend
   (nettle, GMP, libsecp256k1, OpenSSL) on deterministic pseudo-random inputs. Valid P-256
   signatures come from OpenSSL. Skipped when the library itself is built with the zkvm
   backend (the comparison would be with itself). */
#include "test.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <stdlib.h>

#include "crypto/zkvm/zk.h"
#include "rivet/crypto.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void rng_fill(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rng();
}

static void skip_unless_host(void)
{
    if (strcmp(crypto_backend(), "host")) skip();
}

static void keccakf_matches(void **state)
{
    skip_unless_host();
    for (int t = 0; t < 200; t++) {
        uint64_t a[25], b[25];
        for (int i = 0; i < 25; i++)
            a[i] = b[i] = rng();
        zk_keccakf(a);
        crypto_keccakf(b);
        assert_memory_equal(a, b, sizeof a);
    }
}

static void hashes_match(void **state)
{
    skip_unless_host();
    static uint8_t data[5000];
    rng_fill(data, sizeof data);
    for (size_t len = 0; len < sizeof data; len = len < 300 ? len + 1 : len * 3 / 2) {
        uint8_t a[32], b[32];
        zk_sha256(a, data, len);
        crypto_sha256(b, data, len);
        assert_memory_equal(a, b, 32);
        zk_ripemd160(a, data, len);
        crypto_ripemd160(b, data, len);
        assert_memory_equal(a, b, 20);
    }
}

/* One modexp case on both backends; sizes in bytes, top bytes possibly zero. */
static void modexp_case(size_t bl, size_t el, size_t ml, int shape)
{
    uint8_t *buf = malloc(bl + el + 3 * ml + 2);
    assert_non_null(buf);
    uint8_t *b = buf, *e = b + bl, *m = e + el, *o1 = m + ml + 1, *o2 = o1 + ml + 1;
    rng_fill(buf, bl + el + ml);
    if (ml && shape == 1) m[ml - 1] &= 0xf0; /* even modulus with a 2^k factor */
    if (ml && shape == 2) {                  /* a power of two */
        memset(m, 0, ml);
        m[rng() % ml] = (uint8_t)(1u << (rng() % 8));
    }
    if (ml > 1 && shape == 3) m[0] = 0; /* leading zero bytes */
    if (shape == 4 && el) e[0] = 0;
    zk_modexp(o1, b, bl, e, el, m, ml);
    crypto_modexp(o2, b, bl, e, el, m, ml);
    assert_memory_equal(o1, o2, ml);
    free(buf);
}

static void modexp_matches_gmp(void **state)
{
    skip_unless_host();
    for (int t = 0; t < 3000; t++)
        modexp_case(rng() % 70, rng() % 40, rng() % 70, (int)(rng() % 5));
    for (int t = 0; t < 20; t++) /* large operands: 1024-byte modulus (EIP-7823's bound) */
        modexp_case(rng() % 1100, rng() % 64, 512 + rng() % 513, (int)(rng() % 3));
    static const uint8_t one = 1, two = 2, zero = 0;
    uint8_t o1[1], o2[1];
    zk_modexp(o1, &zero, 1, &zero, 1, &two, 1); /* 0^0 mod 2 = 1 */
    crypto_modexp(o2, &zero, 1, &zero, 1, &two, 1);
    assert_int_equal(o1[0], o2[0]);
    zk_modexp(o1, &two, 1, &two, 1, &one, 1); /* mod 1 */
    assert_int_equal(o1[0], 0);
}

static void recover_matches(void **state)
{
    skip_unless_host();
    int recovered = 0;
    for (int t = 0; t < 400; t++) {
        uint8_t hash[32], sig[64], a[64], b[64];
        rng_fill(hash, 32);
        rng_fill(sig, 64);
        if (t % 50 == 0) memset(sig, 0xff, 32); /* r >= n */
        if (t % 50 == 1) memset(sig, 0, 16);    /* small r: recid 2/3 has x = r + n < p */
        int recid = (int)(rng() % 4);
        bool ra = zk_secp256k1_recover(a, hash, sig, recid);
        bool rb = crypto_secp256k1_recover(b, hash, sig, recid);
        assert_int_equal(ra, rb);
        if (ra) assert_memory_equal(a, b, 64);
        recovered += ra;
    }
    assert_true(recovered > 60); /* about one in four: x on the curve, recid < 2 */
}

/* A P-256 key pair and a signature of hash from OpenSSL. */
static void p256_sign(uint8_t qx[32], uint8_t qy[32], uint8_t r[32], uint8_t s[32],
                      const uint8_t hash[32])
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    assert_non_null(key);
    uint8_t pub[65], der[80];
    size_t publen = 0, derlen = sizeof der;
    assert_int_equal(
        EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &publen), 1);
    assert_int_equal(publen, 65);
    memcpy(qx, pub + 1, 32);
    memcpy(qy, pub + 33, 32);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
    assert_int_equal(EVP_PKEY_sign_init(ctx), 1);
    assert_int_equal(EVP_PKEY_sign(ctx, der, &derlen, hash, 32), 1);
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)derlen);
    assert_non_null(sig);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), r, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), s, 32);
    ECDSA_SIG_free(sig);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(key);
}

static void p256_matches(void **state)
{
    skip_unless_host();
    int valid = 0;
    for (int t = 0; t < 60; t++) {
        uint8_t hash[32], qx[32], qy[32], r[32], s[32];
        rng_fill(hash, 32);
        p256_sign(qx, qy, r, s, hash);
        switch (t % 6) { /* 0: untouched; others: one field damaged */
        case 1: hash[rng() % 32] ^= 1; break;
        case 2: r[rng() % 32] ^= 0x10; break;
        case 3: s[rng() % 32] ^= 0x10; break;
        case 4: qy[rng() % 32] ^= 4; break; /* off the curve */
        case 5: memset(s, 0xff, 32); break; /* s >= n */
        }
        bool a = zk_p256_verify(hash, r, s, qx, qy);
        bool b = crypto_p256_verify(hash, r, s, qx, qy);
        assert_int_equal(a, b);
        valid += a;
    }
    assert_int_equal(valid, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keccakf_matches),    cmocka_unit_test(hashes_match),
        cmocka_unit_test(modexp_matches_gmp), cmocka_unit_test(recover_matches),
        cmocka_unit_test(p256_matches),
    };
    return test_main(tests);
}
