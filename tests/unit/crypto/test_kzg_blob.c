/* EIP-4844 verify_blob_kzg_proof (crypto_kzg_verify_blob) against c-kzg-4844: commitments and
   proofs computed by the `ckzg` Python package with the mainnet trusted setup
   (kzg_vectors.py prints the table), for blobs made by the rule below. */
#include <stdlib.h>

#include "test.h"

#include "rivet/crypto.h"

typedef struct {
    int blob;
    const char *commitment, *proof, *versioned_hash;
} kzg_vec;

static const kzg_vec vecs[] = {
    {0,
     "c00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000",
     "c00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "000",
     "010657f37554c781402a22917dee2f75def7ab966d7b770905398eba3c444014"},
    {1,
     "a79de3949f9ec9cbfdce7592242bde2a22b8401baf8f41fe6e95451eaacb081cbdea29726586f17805e2dc6361354"
     "7a7",
     "ae045f15f728eb612fa5bf1e4efa63d89c43a4adaed00342f3ed5ea2b358f566f17566625756498d0074038f2b99a"
     "422",
     "012c6b82c80989ceeec4aff12325949d042b3e1a51ccf430aa7fe02f59a21da6"},
    {2,
     "b05753fbbff0184421707fd59533609d91c2165315890e34f0d180933ec1f8922656ebbed966360fde603d4e4ac77"
     "d64",
     "a2e59c4d7acc631423abb10aeb31d05ffca04f38251321e73ee4f75e2b00e5a63a942739425acac5fbc446a7218d1"
     "ea9",
     "011b5a4841b76865c7402df92ab962327ebdbe6e53c80254b340dd3f25b4cec9"},
    {3,
     "8c659e743356ffd2cbc5d598f6d9c335974a6313ff05f7bfeb329f21a08328bd257c24c4f1a8e03658bbbecd7c7e5"
     "921",
     "90f5a4943a143f1b561cc585df809a90622ed6a9a07d9770fe992869133f049d51619feadf938e7f6881cc423aeec"
     "a53",
     "0115ef0ca253608e598a52142684b3720edd8926a82a7f4c62db5e4d0b810cb5"},
    {4,
     "8c5ad86a0354918605368f99683d649455bc3eb90a80c6099e298bb583b2c88d7c6659ca91a01d5c68ec4eb684ab5"
     "fd8",
     "b204f496432d552777d711d6bca49780c710e12b69355d064f596849cafb196de733565aea1add15d231dadef1c00"
     "326",
     "014615e556e3cb2708b1f7bd28899fb926ae24801d5772a950c81c087da12d98"},
};

/* kzg_vectors.py's rule: element i of blob k is sha256("rivet-blob" || k || i BE32) with its
   first byte cleared; blob 0 is all zeros. */
static uint8_t *make_blob(int k)
{
    uint8_t *b = calloc(1, CRYPTO_BLOB_BYTES);
    assert_non_null(b);
    if (k == 0) return b;
    uint8_t m[15];
    memcpy(m, "rivet-blob", 10);
    m[10] = (uint8_t)k;
    for (uint32_t i = 0; i < 4096; i++) {
        m[11] = (uint8_t)(i >> 24);
        m[12] = (uint8_t)(i >> 16);
        m[13] = (uint8_t)(i >> 8);
        m[14] = (uint8_t)i;
        crypto_sha256(b + 32 * i, m, sizeof m);
        b[32 * i] = 0;
    }
    return b;
}

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
