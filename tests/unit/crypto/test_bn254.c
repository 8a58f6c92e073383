/* BN254: field arithmetic against GMP, tower identities, pairing bilinearity, input checks. */
#include "test.h"

#include <gmp.h>
#include <stdlib.h>

#include "crypto/bn254.h"
#include "rivet/crypto.h"

static const char *P_DEC =
    "21888242871839275222246405745257275088696311157297823662689037894645226208583";

/* Deterministic pseudo-random bytes (xorshift), reduced below p by clearing the top bits. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static void rand_fp_bytes(uint8_t b[32])
{
    for (int i = 0; i < 32; i++) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        b[i] = (uint8_t)rng;
    }
    b[0] &= 0x1f; /* < 2^253 < p */
}

static void rand_fp(bn_fp *a)
{
    uint8_t b[32];
    rand_fp_bytes(b);
    assert_true(bn_fp_from_bytes(a, b));
}

static void to_mpz(mpz_t z, const bn_fp *a)
{
    uint8_t b[32];
    bn_fp_to_bytes(b, a);
    mpz_import(z, 32, 1, 1, 1, 0, b);
}

static void fp_matches_gmp(void **state)
{
    mpz_t p, x, y, r, got;
    mpz_inits(p, x, y, r, got, NULL);
    mpz_set_str(p, P_DEC, 10);
    for (int it = 0; it < 200; it++) {
        bn_fp a, b, c;
        rand_fp(&a);
        rand_fp(&b);
        to_mpz(x, &a);
        to_mpz(y, &b);
        bn_fp_mul(&c, &a, &b);
        mpz_mul(r, x, y);
        mpz_mod(r, r, p);
        to_mpz(got, &c);
        assert_int_equal(mpz_cmp(r, got), 0);
        bn_fp_add(&c, &a, &b);
        mpz_add(r, x, y);
        mpz_mod(r, r, p);
        to_mpz(got, &c);
        assert_int_equal(mpz_cmp(r, got), 0);
        bn_fp_sub(&c, &a, &b);
        mpz_sub(r, x, y);
        mpz_mod(r, r, p);
        to_mpz(got, &c);
        assert_int_equal(mpz_cmp(r, got), 0);
        if (it % 20 == 0) {
            bn_fp_inv(&c, &a);
            mpz_invert(r, x, p);
            to_mpz(got, &c);
            assert_int_equal(mpz_cmp(r, got), 0);
        }
    }
    /* edges of the product: (p-1)^2 = 1, 0 * (p-1) = 0, 1 * (p-1) = p-1 */
    uint8_t pm1[32];
    bn_fp m1, zero = {{0}}, c2;
    mpz_sub_ui(r, p, 1);
    mpz_export(pm1, NULL, 1, 1, 1, 0, r);
    assert_true(bn_fp_from_bytes(&m1, pm1));
    bn_fp_mul(&c2, &m1, &m1);
    assert_true(bn_fp_eq(&c2, &bn_fp_one));
    bn_fp_mul(&c2, &zero, &m1);
    assert_true(bn_fp_is_zero(&c2));
    bn_fp_mul(&c2, &bn_fp_one, &m1);
    assert_true(bn_fp_eq(&c2, &m1));
    /* p itself and p + 1 are not canonical; p - 1 is */
    uint8_t pb[32];
    bn_fp t;
    mpz_export(pb, NULL, 1, 1, 1, 0, p);
    assert_false(bn_fp_from_bytes(&t, pb));
    pb[31]++;
    assert_false(bn_fp_from_bytes(&t, pb));
    pb[31] -= 2;
    assert_true(bn_fp_from_bytes(&t, pb));
    mpz_clears(p, x, y, r, got, NULL);
}

static void rand_fp12(bn_fp12 *a)
{
    bn_fp2 *c = &a->c0.c0;
    for (int i = 0; i < 6; i++) {
        rand_fp(&c[i].c0);
        rand_fp(&c[i].c1);
    }
}

static void tower_identities(void **state)
{
    for (int it = 0; it < 5; it++) {
        bn_fp12 a, b, c, s;
        rand_fp12(&a);
        bn_fp12_inv(&b, &a);
        bn_fp12_mul(&c, &a, &b);
        assert_true(bn_fp12_is_one(&c));
        bn_fp12_sqr(&s, &a);
        bn_fp12_mul(&c, &a, &a);
        assert_memory_equal(&s, &c, sizeof s);
        /* frob(a) == a^p by square and multiply over p's bits */
        static const uint64_t p[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL,
                                      0xb85045b68181585dULL, 0x30644e72e131a029ULL};
        bn_fp12 acc;
        bn_fp12_one(&acc);
        for (int i = 253; i >= 0; i--) {
            bn_fp12_sqr(&acc, &acc);
            if ((p[i / 64] >> (i % 64)) & 1) bn_fp12_mul(&acc, &acc, &a);
        }
        bn_fp12_frob(&c, &a);
        assert_memory_equal(&acc, &c, sizeof c);
    }
}

/* The embedded constants: gamma_1 = xi^((p-1)/6), gamma_k = gamma_1^k; the twist's b' = 3/xi
   (so that the G2 generator lies on it). */
static void embedded_constants(void **state)
{
    mpz_t e;
    mpz_init_set_str(e, P_DEC, 10);
    mpz_sub_ui(e, e, 1);
    mpz_divexact_ui(e, e, 6);
    bn_fp2 xi = {{{0}}, {{0}}}, acc = {bn_fp_one, {{0}}};
    for (int i = 0; i < 9; i++)
        bn_fp_add(&xi.c0, &xi.c0, &bn_fp_one);
    xi.c1 = bn_fp_one;
    for (long i = (long)mpz_sizeinbase(e, 2) - 1; i >= 0; i--) {
        bn_fp2_sqr(&acc, &acc);
        if (mpz_tstbit(e, (mp_bitcnt_t)i)) bn_fp2_mul(&acc, &acc, &xi);
    }
    mpz_clear(e);
    const bn_fp2 *g = bn_frob_gamma();
    assert_true(bn_fp2_eq(&g[1], &acc));
    for (int k = 2; k < 6; k++) {
        bn_fp2 t;
        bn_fp2_mul(&t, &g[k - 1], &g[1]);
        assert_true(bn_fp2_eq(&g[k], &t));
    }
}

/* The sparse line product and the cyclotomic squaring agree with the generic operations. */
static void special_products(void **state)
{
    bn_fp12 a, b, c, m, t;
    rand_fp12(&a);
    bn_fp2 l0, l1, l3;
    rand_fp(&l0.c0), rand_fp(&l0.c1), rand_fp(&l1.c0), rand_fp(&l1.c1);
    rand_fp(&l3.c0), rand_fp(&l3.c1);
    b = (bn_fp12){0};
    b.c0.c0 = l0, b.c1.c0 = l1, b.c1.c1 = l3;
    bn_fp12_mul(&c, &a, &b);
    bn_fp12_mul_line(&a, &l0, &l1, &l3);
    assert_memory_equal(&a, &c, sizeof c);
    /* m = a^((p^6 - 1)(p^2 + 1)) lies in the cyclotomic subgroup */
    bn_fp12_inv(&t, &a);
    bn_fp12_conj(&m, &a);
    bn_fp12_mul(&m, &m, &t);
    bn_fp12_frob(&t, &m);
    bn_fp12_frob(&t, &t);
    bn_fp12_mul(&m, &t, &m);
    bn_fp12_sqr(&c, &m);
    bn_fp12_cyclo_sqr(&t, &m);
    assert_memory_equal(&t, &c, sizeof c);
}

/* EIP-197's G2 generator, encoded x_im || x_re || y_im || y_re. */
static const char *G2_GEN = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
                            "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
                            "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
                            "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";

/* [k]Q in affine bytes via the internal group law. */
static void g2_mul_small(uint8_t out[128], const uint8_t q[128], unsigned k)
{
    bn_g2 base, acc = {0};
    assert_true(bn_fp_from_bytes(&base.x.c1, q) && bn_fp_from_bytes(&base.x.c0, q + 32) &&
                bn_fp_from_bytes(&base.y.c1, q + 64) && bn_fp_from_bytes(&base.y.c0, q + 96));
    base.z = (bn_fp2){bn_fp_one, {{0}}};
    for (unsigned i = 0; i < k; i++)
        bn_g2_add(&acc, &acc, &base);
    bn_fp2 zi, zi2, x, y;
    bn_fp2_inv(&zi, &acc.z);
    bn_fp2_sqr(&zi2, &zi);
    bn_fp2_mul(&x, &acc.x, &zi2);
    bn_fp2_mul(&zi2, &zi2, &zi);
    bn_fp2_mul(&y, &acc.y, &zi2);
    bn_fp_to_bytes(out, &x.c1);
    bn_fp_to_bytes(out + 32, &x.c0);
    bn_fp_to_bytes(out + 64, &y.c1);
    bn_fp_to_bytes(out + 96, &y.c0);
}

static void pairing_bilinear(void **state)
{
    uint8_t pairs[2 * 192], g1[64] = {0}, sc[32] = {0};
    g1[31] = 1, g1[63] = 2; /* G1 generator (1, 2) */
    /* e(6 G1, 5 G2) * e(-30 G1, G2) == 1 */
    sc[31] = 6;
    assert_int_equal(crypto_bn254_mul(pairs, g1, sc), CRYPTO_OK);
    uint8_t q[128];
    test_hex(q, 128, G2_GEN);
    g2_mul_small(pairs + 64, q, 5);
    sc[31] = 30;
    assert_int_equal(crypto_bn254_mul(pairs + 192, g1, sc), CRYPTO_OK);
    /* negate y: p - y */
    mpz_t p, y;
    mpz_inits(p, y, NULL);
    mpz_set_str(p, P_DEC, 10);
    mpz_import(y, 32, 1, 1, 1, 0, pairs + 192 + 32);
    mpz_sub(y, p, y);
    memset(pairs + 192 + 32, 0, 32);
    mpz_export(pairs + 192 + 64 - (mpz_sizeinbase(y, 256)), NULL, 1, 1, 1, 0, y);
    mpz_clears(p, y, NULL);
    memcpy(pairs + 192 + 64, q, 128);
    bool ok = false;
    assert_int_equal(crypto_bn254_pairing_check(&ok, pairs, 2), CRYPTO_OK);
    assert_true(ok);
    /* a different multiple breaks it */
    g2_mul_small(pairs + 64, q, 4);
    assert_int_equal(crypto_bn254_pairing_check(&ok, pairs, 2), CRYPTO_OK);
    assert_false(ok);
    /* no pairs, and pairs with an infinity, give one */
    assert_int_equal(crypto_bn254_pairing_check(&ok, pairs, 0), CRYPTO_OK);
    assert_true(ok);
    memset(pairs + 64, 0, 128);
    memset(pairs + 192, 0, 64);
    assert_int_equal(crypto_bn254_pairing_check(&ok, pairs, 2), CRYPTO_OK);
    assert_true(ok);
}

/* [r]Q == O by plain double and add: the oracle for the fast membership test. */
static bool g2_order_kills(const bn_g2 *q)
{
    static const uint64_t order[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                      0xb85045b68181585dULL, 0x30644e72e131a029ULL};
    bn_g2 acc = {0};
    for (int i = 253; i >= 0; i--) {
        bn_g2_dbl(&acc, &acc);
        if ((order[i / 64] >> (i % 64)) & 1) bn_g2_add(&acc, &acc, q);
    }
    return bn_fp2_is_zero(&acc.z);
}

/* The fast G2 test agrees with [r]Q = O on G2 points and on twist points outside G2
   (x = 1, 2, ... with y^2 = x^3 + b' a square, found by trying). */
static void g2_membership_matches_order(void **state)
{
    uint8_t g[128];
    test_hex(g, 128, G2_GEN);
    bn_g2 q;
    assert_true(bn_fp_from_bytes(&q.x.c1, g) && bn_fp_from_bytes(&q.x.c0, g + 32) &&
                bn_fp_from_bytes(&q.y.c1, g + 64) && bn_fp_from_bytes(&q.y.c0, g + 96));
    q.z = (bn_fp2){bn_fp_one, {{0}}};
    bn_g2 m = q;
    for (int k = 0; k < 4; k++) {
        assert_true(g2_order_kills(&m));
        assert_true(bn_g2_in_subgroup(&m));
        bn_g2_dbl(&m, &m);
        bn_g2_add(&m, &m, &q);
    }
    /* non-members: [k]P for the twist point with x = 1, and that point plus G2 points */
    uint8_t b[128];
    test_hex(b, 128,
             "0000000000000000000000000000000000000000000000000000000000000000"
             "0000000000000000000000000000000000000000000000000000000000000001"
             "0d1271953ed9ea0836846e70a1934187998c7f790cb4d7511b7f8da82de048a4"
             "2869111d5381f072f8e2728fdb825a51aadd70e52c9830e9ab4b871c0531f1bb");
    bn_g2 p;
    assert_true(bn_fp_from_bytes(&p.x.c1, b) && bn_fp_from_bytes(&p.x.c0, b + 32) &&
                bn_fp_from_bytes(&p.y.c1, b + 64) && bn_fp_from_bytes(&p.y.c0, b + 96));
    p.z = (bn_fp2){bn_fp_one, {{0}}};
    assert_true(bn_g2_on_curve(&p.x, &p.y));
    for (int k = 0; k < 4; k++) {
        assert_false(g2_order_kills(&p));
        assert_false(bn_g2_in_subgroup(&p));
        bn_g2_add(&p, &p, &q);
        bn_g2_dbl(&p, &p);
    }
}

static void input_checks(void **state)
{
    uint8_t a[64] = {0}, b[64] = {0}, out[64], sc[32] = {0};
    bool ok;
    /* infinity + infinity = infinity; infinity + G = G */
    assert_int_equal(crypto_bn254_add(out, a, b), CRYPTO_OK);
    for (int i = 0; i < 64; i++)
        assert_int_equal(out[i], 0);
    b[31] = 1, b[63] = 2;
    assert_int_equal(crypto_bn254_add(out, a, b), CRYPTO_OK);
    assert_memory_equal(out, b, 64);
    /* G + (-G) = infinity */
    test_hex(a, 64,
             "0000000000000000000000000000000000000000000000000000000000000001"
             "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45");
    assert_int_equal(crypto_bn254_add(out, a, b), CRYPTO_OK);
    for (int i = 0; i < 64; i++)
        assert_int_equal(out[i], 0);
    /* (1, 3) is not on the curve; neither is (0, 1) */
    b[63] = 3;
    assert_int_equal(crypto_bn254_add(out, a, b), CRYPTO_CURVE);
    assert_int_equal(crypto_bn254_mul(out, b, sc), CRYPTO_CURVE);
    memset(b, 0, 64);
    b[63] = 1;
    assert_int_equal(crypto_bn254_mul(out, b, sc), CRYPTO_CURVE);
    /* x = p is not canonical, even though p = 0 mod p would give infinity's x */
    test_hex(b, 32, "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
    memset(b + 32, 0, 32);
    assert_int_equal(crypto_bn254_add(out, a, b), CRYPTO_FIELD);
    /* G2: on the twist but not in the subgroup (x = 1), and off the twist */
    uint8_t pair[192] = {0};
    pair[31] = 1, pair[63] = 2;
    test_hex(pair + 64, 128,
             "0000000000000000000000000000000000000000000000000000000000000000"
             "0000000000000000000000000000000000000000000000000000000000000001"
             "0d1271953ed9ea0836846e70a1934187998c7f790cb4d7511b7f8da82de048a4"
             "2869111d5381f072f8e2728fdb825a51aadd70e52c9830e9ab4b871c0531f1bb");
    assert_int_equal(crypto_bn254_pairing_check(&ok, pair, 1), CRYPTO_SUBGROUP);
    pair[191] ^= 1;
    assert_int_equal(crypto_bn254_pairing_check(&ok, pair, 1), CRYPTO_CURVE);
    /* G2 generator passes; an out-of-range G2 coordinate does not */
    test_hex(pair + 64, 128, G2_GEN);
    assert_int_equal(crypto_bn254_pairing_check(&ok, pair, 1), CRYPTO_OK);
    assert_false(ok); /* e(G1, G2) != 1 */
    memset(pair + 64, 0xff, 32);
    assert_int_equal(crypto_bn254_pairing_check(&ok, pair, 1), CRYPTO_FIELD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fp_matches_gmp),     cmocka_unit_test(tower_identities),
        cmocka_unit_test(embedded_constants), cmocka_unit_test(special_products),
        cmocka_unit_test(pairing_bilinear),   cmocka_unit_test(g2_membership_matches_order),
        cmocka_unit_test(input_checks),
        /* keep one test per line */
    };
    return test_main(tests);
}
