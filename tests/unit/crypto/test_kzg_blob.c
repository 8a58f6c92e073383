/* EIP-4844 verify_blob_kzg_proof (crypto_kzg_verify_blob) against c-kzg-4844: commitments and
   proofs computed by the `ckzg` Python package with the mainnet trusted setup
   (kzg_vectors.py prints the table), for blobs made by the rule below. */
#include <stdlib.h>

#include "test.h"

#include "rivet/crypto.h"
#include "unit/crypto/kzg_vectors.h"

#define vecs kzg_vecs

static void g1(uint8_t out[48], const char *hex)
{
    assert_int_equal(test_hex(out, 48, hex), 48);
}

static bool verify(int k, const char *c, const char *p, crypto_err *e)
{
    uint8_t *b = make_blob(k), cb[48], pb[48];
    bool ok = true;
    g1(cb, c);
    g1(pb, p);
    *e = crypto_kzg_verify_blob(&ok, b, cb, pb);
    free(b);
    return ok;
}

static void oracle_accepts(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        crypto_err e;
        bool ok = verify(vecs[i].blob, vecs[i].commitment, vecs[i].proof, &e);
        if (e == CRYPTO_UNSUPPORTED) skip(); /* built without blst */
        assert_int_equal(e, CRYPTO_OK);
        assert_true(ok);
    }
}

static void crossed_pairs_rejected(void **state)
{
    (void)state;
    /* the oracle's verdicts (kzg_vectors.py): all three false */
    const kzg_vec *a = &vecs[1], *b = &vecs[2];
    const char *cs[3][2] = {
        {a->commitment, b->proof}, {b->commitment, a->proof}, {b->commitment, b->proof}};
    for (int i = 0; i < 3; i++) {
        crypto_err e;
        bool ok = verify(1, cs[i][0], cs[i][1], &e);
        if (e == CRYPTO_UNSUPPORTED) skip();
        assert_int_equal(e, CRYPTO_OK);
        assert_false(ok);
    }
    /* one element changed: the proof no longer opens the commitment */
    uint8_t *bl = make_blob(3), cb[48], pb[48];
    bool ok = true;
    g1(cb, vecs[3].commitment);
    g1(pb, vecs[3].proof);
    bl[32 * 1000 + 31] ^= 1;
    assert_int_equal(crypto_kzg_verify_blob(&ok, bl, cb, pb), CRYPTO_OK);
    assert_false(ok);
    free(bl);
}

static void bad_inputs(void **state)
{
    (void)state;
    uint8_t *bl = make_blob(4), cb[48], pb[48];
    bool ok = true;
    g1(cb, vecs[4].commitment);
    g1(pb, vecs[4].proof);
    /* an element equal to r is not canonical (c-kzg: C_KZG_BADARGS) */
    static const char r[] = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";
    uint8_t save[32];
    memcpy(save, bl + 32 * 7, 32);
    test_hex(bl + 32 * 7, 32, r);
    crypto_err e = crypto_kzg_verify_blob(&ok, bl, cb, pb);
    if (e == CRYPTO_UNSUPPORTED) skip();
    assert_int_equal(e, CRYPTO_FIELD);
    assert_false(ok);
    memcpy(bl + 32 * 7, save, 32);
    /* a commitment off the curve: x = 1 (compressed flag set) */
    uint8_t badc[48] = {0x80};
    badc[47] = 1;
    assert_int_not_equal(crypto_kzg_verify_blob(&ok, bl, badc, pb), CRYPTO_OK);
    assert_false(ok);
    /* an uncompressed-flag proof */
    pb[0] &= 0x7f;
    assert_int_not_equal(crypto_kzg_verify_blob(&ok, bl, cb, pb), CRYPTO_OK);
    free(bl);
}

static void versioned_hashes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        uint8_t c[48], h[32];
        g1(c, vecs[i].commitment);
        crypto_kzg_versioned_hash(h, c);
        assert_hex_equal(h, 32, vecs[i].versioned_hash);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oracle_accepts),
        cmocka_unit_test(crossed_pairs_rejected),
        cmocka_unit_test(bad_inputs),
        cmocka_unit_test(versioned_hashes),
    };
    return test_main(tests);
}
