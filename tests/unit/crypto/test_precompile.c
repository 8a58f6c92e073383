#include "test.h"

#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/precompile.h"

static void addr_of(uint8_t a[20], unsigned v)
{
    memset(a, 0, 20);
    a[18] = (uint8_t)(v >> 8);
    a[19] = (uint8_t)v;
}

static void index_by_fork(void **state)
{
    uint8_t a[20];
    addr_of(a, 0x01);
    assert_int_equal(precompile_index(a, FORK_FRONTIER), PRECOMPILE_ECRECOVER);
    addr_of(a, 0x05);
    assert_int_equal(precompile_index(a, FORK_HOMESTEAD), -1);
    assert_int_equal(precompile_index(a, FORK_BYZANTIUM), PRECOMPILE_MODEXP);
    addr_of(a, 0x0a);
    assert_int_equal(precompile_index(a, FORK_SHANGHAI), -1);
    assert_int_equal(precompile_index(a, FORK_CANCUN), PRECOMPILE_POINT_EVALUATION);
    addr_of(a, 0x11);
    assert_int_equal(precompile_index(a, FORK_CANCUN), -1);
    assert_int_equal(precompile_index(a, FORK_PRAGUE), PRECOMPILE_BLS12_MAP_FP2_TO_G2);
    addr_of(a, 0x12);
    assert_int_equal(precompile_index(a, FORK_OSAKA), -1);
    addr_of(a, 0x100);
    assert_int_equal(precompile_index(a, FORK_PRAGUE), -1);
    assert_int_equal(precompile_index(a, FORK_OSAKA), PRECOMPILE_P256VERIFY);
    addr_of(a, 0x00);
    assert_int_equal(precompile_index(a, FORK_OSAKA), -1);
    addr_of(a, 0x01);
    a[0] = 1; /* high bytes must be zero */
    assert_int_equal(precompile_index(a, FORK_OSAKA), -1);
    assert_string_equal(precompile_name(PRECOMPILE_COUNT), "?");
    assert_int_equal(precompile_by_name("nope"), -1);
    assert_int_equal(precompile_since(-1), FORK_COUNT);
    rivet_buf out = {0};
    uint64_t used;
    assert_int_equal(precompile_run(PRECOMPILE_COUNT, NULL, 0, FORK_OSAKA, 1, &used, &out, NULL),
                     RIVET_EUSAGE);
    for (int i = 0; i < PRECOMPILE_COUNT; i++) {
        precompile_address(i, a);
        assert_int_equal(precompile_index(a, FORK_OSAKA), i);
        assert_int_equal(precompile_by_name(precompile_name(i)), i);
    }
}

static void hashes_and_identity(void **state)
{
    rivet_buf out = {0};
    uint64_t used;
    assert_int_equal(precompile_run(PRECOMPILE_SHA256, (const uint8_t *)"abc", 3, FORK_OSAKA, 72,
                                    &used, &out, NULL),
                     RIVET_OK);
    assert_int_equal(used, 72);
    assert_hex_equal(out.p, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(precompile_run(PRECOMPILE_RIPEMD160, (const uint8_t *)"abc", 3, FORK_OSAKA,
                                    1000, &used, &out, NULL),
                     RIVET_OK);
    assert_int_equal(used, 720);
    assert_hex_equal(out.p, 32, "0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    uint8_t data[33];
    for (int i = 0; i < 33; i++)
        data[i] = (uint8_t)i;
    assert_int_equal(
        precompile_run(PRECOMPILE_IDENTITY, data, 33, FORK_OSAKA, 21, &used, &out, NULL), RIVET_OK);
    assert_int_equal(used, 21); /* 15 + 3 * 2 words */
    assert_int_equal(out.n, 33);
    assert_memory_equal(out.p, data, 33);
    assert_int_equal(
        precompile_run(PRECOMPILE_IDENTITY, NULL, 0, FORK_OSAKA, 15, &used, &out, NULL), RIVET_OK);
    assert_int_equal(out.n, 0);
    buf_free(&out);
}

static void out_of_gas_consumes_all(void **state)
{
    rivet_buf out = {0};
    rivet_diag d;
    rivet_diag_clear(&d);
    uint64_t used = 0;
    uint8_t data[40] = {1};
    assert_int_equal(precompile_run(PRECOMPILE_IDENTITY, data, 40, FORK_OSAKA, 20, &used, &out, &d),
                     RIVET_EINVALID);
    assert_int_equal(used, 20);
    assert_int_equal(out.n, 0);
    assert_non_null(strstr(d.msg, "out of gas"));
    buf_free(&out);
}

static void ecrecover_rules(void **state)
{
    uint8_t in[128];
    rivet_buf out = {0};
    uint64_t used;
    test_hex(in, 128,
             "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"
             "000000000000000000000000000000000000000000000000000000000000001c"
             "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"
             "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549");
    assert_int_equal(
        precompile_run(PRECOMPILE_ECRECOVER, in, 128, FORK_OSAKA, 3000, &used, &out, NULL),
        RIVET_OK);
    assert_int_equal(used, 3000);
    assert_hex_equal(out.p, 32, "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b");
    /* v with a high bit set, v = 29, and a short input: success with empty output */
    in[32] = 1;
    assert_int_equal(
        precompile_run(PRECOMPILE_ECRECOVER, in, 128, FORK_OSAKA, 3000, &used, &out, NULL),
        RIVET_OK);
    assert_int_equal(out.n, 0);
    in[32] = 0;
    in[63] = 29;
    assert_int_equal(
        precompile_run(PRECOMPILE_ECRECOVER, in, 128, FORK_OSAKA, 3000, &used, &out, NULL),
        RIVET_OK);
    assert_int_equal(out.n, 0);
    assert_int_equal(
        precompile_run(PRECOMPILE_ECRECOVER, in, 0, FORK_OSAKA, 3000, &used, &out, NULL), RIVET_OK);
    assert_int_equal(out.n, 0);
    assert_int_equal(used, 3000);
    buf_free(&out);
}

RIVET_MUST_USE static rivet_status run(int index, const uint8_t *in, size_t len, rivet_fork fork,
                                       uint64_t limit, uint64_t *used, rivet_buf *out)
{
    return precompile_run(index, in, len, fork, limit, used, out, NULL);
}

static void modexp_small_and_huge(void **state)
{
    uint8_t in[96 + 3] = {0};
    rivet_buf out = {0};
    uint64_t used;
    in[31] = 1, in[63] = 1, in[95] = 1; /* 3^5 mod 7 = 5 */
    in[96] = 3, in[97] = 5, in[98] = 7;
    assert_int_equal(run(PRECOMPILE_MODEXP, in, 99, FORK_PRAGUE, 1000, &used, &out), RIVET_OK);
    assert_int_equal(used, 200);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.p[0], 5);
    /* modulus 0 gives zeros of the modulus length; the exponent may be cut short (zeros) */
    in[98] = 0;
    assert_int_equal(run(PRECOMPILE_MODEXP, in, 99, FORK_OSAKA, 1000, &used, &out), RIVET_OK);
    assert_int_equal(used, 500);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.p[0], 0);
    /* base length 2^255: priced at the saturated maximum before anything is copied */
    memset(in, 0, sizeof in);
    in[0] = 0x80, in[63] = 1, in[95] = 1;
    assert_int_equal(precompile_gas(PRECOMPILE_MODEXP, in, 96, FORK_BYZANTIUM), UINT64_MAX);
    assert_int_equal(precompile_gas(PRECOMPILE_MODEXP, in, 96, FORK_PRAGUE), UINT64_MAX);
    assert_int_equal(run(PRECOMPILE_MODEXP, in, 96, FORK_PRAGUE, 30000000, &used, &out),
                     RIVET_EINVALID);
    assert_int_equal(used, 30000000);
    /* exponent length 2^255 with empty base and modulus: cheap, empty output before Osaka,
       rejected by EIP-7823 from Osaka */
    memset(in, 0, sizeof in);
    in[32] = 0x80;
    assert_int_equal(precompile_gas(PRECOMPILE_MODEXP, in, 96, FORK_BYZANTIUM), 0);
    assert_int_equal(run(PRECOMPILE_MODEXP, in, 96, FORK_PRAGUE, 1000, &used, &out), RIVET_OK);
    assert_int_equal(used, 200);
    assert_int_equal(out.n, 0);
    assert_int_equal(run(PRECOMPILE_MODEXP, in, 96, FORK_OSAKA, UINT64_MAX, &used, &out),
                     RIVET_EINVALID);
    /* EIP-7823: 1024 bytes is allowed, 1025 is not */
    memset(in, 0, sizeof in);
    in[30] = 0x04, in[63] = 1, in[95] = 1;
    assert_int_equal(run(PRECOMPILE_MODEXP, in, 96, FORK_OSAKA, UINT64_MAX, &used, &out), RIVET_OK);
    in[31] = 1;
    assert_int_equal(run(PRECOMPILE_MODEXP, in, 96, FORK_OSAKA, UINT64_MAX, &used, &out),
                     RIVET_EINVALID);
    /* empty input: all lengths zero */
    assert_int_equal(run(PRECOMPILE_MODEXP, NULL, 0, FORK_BERLIN, 200, &used, &out), RIVET_OK);
    assert_int_equal(out.n, 0);
    buf_free(&out);
}

/* BLAKE2b-512("abc") from RFC 7693 appendix A, through the precompile's F. */
static void blake2f_rfc_and_bad_input(void **state)
{
    static const uint64_t iv[8] = {
        0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
        0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
    uint8_t in[213] = {0};
    rivet_buf out = {0};
    uint64_t used;
    in[3] = 12;
    for (int i = 0; i < 8; i++) {
        uint64_t h = iv[i] ^ (i == 0 ? 0x01010040ULL : 0);
        for (int j = 0; j < 8; j++)
            in[4 + 8 * i + j] = (uint8_t)(h >> (8 * j));
    }
    memcpy(in + 68, "abc", 3);
    in[196] = 3;
    in[212] = 1;
    assert_int_equal(run(PRECOMPILE_BLAKE2F, in, 213, FORK_OSAKA, 12, &used, &out), RIVET_OK);
    assert_int_equal(used, 12);
    assert_hex_equal(out.p, 64,
                     "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                     "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    in[212] = 2; /* final flag must be 0 or 1 */
    assert_int_equal(run(PRECOMPILE_BLAKE2F, in, 213, FORK_OSAKA, 12, &used, &out), RIVET_EINVALID);
    assert_int_equal(used, 12);
    assert_int_equal(precompile_gas(PRECOMPILE_BLAKE2F, in, 212, FORK_OSAKA), 0);
    assert_int_equal(run(PRECOMPILE_BLAKE2F, in, 212, FORK_OSAKA, 100, &used, &out),
                     RIVET_EINVALID);
    assert_int_equal(run(PRECOMPILE_BLAKE2F, NULL, 0, FORK_OSAKA, 100, &used, &out),
                     RIVET_EINVALID);
    buf_free(&out);
}

static void p256_rejections_are_empty_successes(void **state)
{
    uint8_t in[161] = {0};
    rivet_buf out = {0};
    uint64_t used;
    /* all zero: r = s = 0 and the key at infinity */
    assert_int_equal(run(PRECOMPILE_P256VERIFY, in, 160, FORK_OSAKA, 6900, &used, &out), RIVET_OK);
    assert_int_equal(out.n, 0);
    assert_int_equal(used, 6900);
    /* wrong lengths */
    assert_int_equal(run(PRECOMPILE_P256VERIFY, in, 161, FORK_OSAKA, 6900, &used, &out), RIVET_OK);
    assert_int_equal(out.n, 0);
    assert_int_equal(run(PRECOMPILE_P256VERIFY, in, 0, FORK_OSAKA, 6900, &used, &out), RIVET_OK);
    assert_int_equal(out.n, 0);
    assert_int_equal(run(PRECOMPILE_P256VERIFY, in, 160, FORK_OSAKA, 6899, &used, &out),
                     RIVET_EINVALID);
    buf_free(&out);
}

/* EIP-2537 wire rules: lengths, zero padding, canonical coordinates, curve and subgroup. */
static void bls_wire_rules(void **state)
{
    uint8_t in[384] = {0};
    rivet_buf out = {0};
    uint64_t used;
    rivet_status s = run(PRECOMPILE_BLS12_G1ADD, in, 256, FORK_PRAGUE, 375, &used, &out);
    if (s == RIVET_EUNSUPPORTED) skip(); /* built without blst */
    assert_int_equal(s, RIVET_OK);       /* infinity + infinity */
    assert_int_equal(out.n, 128);
    for (size_t i = 0; i < 128; i++)
        assert_int_equal(out.p[i], 0);
    assert_int_equal(run(PRECOMPILE_BLS12_G1ADD, in, 255, FORK_PRAGUE, 375, &used, &out),
                     RIVET_EINVALID);
    /* (4, y) is on the curve but not in G1: fine for add, refused by MSM */
    test_hex(in, 128,
             "0000000000000000000000000000000000000000000000000000000000000000"
             "0000000000000000000000000000000000000000000000000000000000000004"
             "000000000000000000000000000000000a989badd40d6212b33cffc3f3763e9b"
             "c760f988c9926b26da9dd85e928483446346b8ed00e1de5d5ea93e354abe706c");
    assert_int_equal(run(PRECOMPILE_BLS12_G1ADD, in, 256, FORK_PRAGUE, 375, &used, &out), RIVET_OK);
    assert_memory_equal(out.p, in, 128);
    in[159] = 1; /* scalar 1 */
    assert_int_equal(run(PRECOMPILE_BLS12_G1MSM, in, 160, FORK_PRAGUE, 12000, &used, &out),
                     RIVET_EINVALID);
    assert_int_equal(run(PRECOMPILE_BLS12_G1MSM, in, 0, FORK_PRAGUE, 12000, &used, &out),
                     RIVET_EINVALID);
    in[127] ^= 1; /* now off the curve */
    assert_int_equal(run(PRECOMPILE_BLS12_G1ADD, in, 256, FORK_PRAGUE, 375, &used, &out),
                     RIVET_EINVALID);
    in[127] ^= 1;
    in[0] = 1; /* nonzero padding */
    assert_int_equal(run(PRECOMPILE_BLS12_G1ADD, in, 256, FORK_PRAGUE, 375, &used, &out),
                     RIVET_EINVALID);
    /* x = p: not canonical */
    memset(in, 0, sizeof in);
    test_hex(in + 16, 48,
             "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
             "1eabfffeb153ffffb9feffffffffaaab");
    assert_int_equal(run(PRECOMPILE_BLS12_MAP_FP_TO_G1, in, 64, FORK_PRAGUE, 5500, &used, &out),
                     RIVET_EINVALID);
    in[63] -= 1; /* p - 1 maps fine */
    assert_int_equal(run(PRECOMPILE_BLS12_MAP_FP_TO_G1, in, 64, FORK_PRAGUE, 5500, &used, &out),
                     RIVET_OK);
    /* pairing: empty input fails; one pair of infinities succeeds with 1 */
    memset(in, 0, sizeof in);
    assert_int_equal(run(PRECOMPILE_BLS12_PAIRING, in, 0, FORK_PRAGUE, 100000, &used, &out),
                     RIVET_EINVALID);
    assert_int_equal(run(PRECOMPILE_BLS12_PAIRING, in, 384, FORK_PRAGUE, 70300, &used, &out),
                     RIVET_OK);
    assert_int_equal(out.p[31], 1);
    /* MSM gas: k = 2 uses the 949 discount: 2 * 12000 * 949 / 1000 */
    assert_int_equal(precompile_gas(PRECOMPILE_BLS12_G1MSM, in, 320, FORK_PRAGUE), 22776);
    buf_free(&out);
}

/* EIP-4844: the zero polynomial's commitment and proof are the point at infinity. */
static void point_evaluation_rules(void **state)
{
    uint8_t in[192] = {0};
    rivet_buf out = {0};
    uint64_t used;
    in[96] = 0xc0;  /* compressed infinity commitment */
    in[144] = 0xc0; /* compressed infinity proof */
    crypto_sha256(in, in + 96, 48);
    in[0] = 0x01;
    rivet_status s = run(PRECOMPILE_POINT_EVALUATION, in, 192, FORK_CANCUN, 50000, &used, &out);
    if (s == RIVET_EUNSUPPORTED) skip();
    assert_int_equal(s, RIVET_OK); /* p(z) = 0 for z = 0 */
    assert_int_equal(out.n, 64);
    assert_int_equal(out.p[30], 0x10);
    in[95] = 1; /* claims p(z) = 1 */
    assert_int_equal(run(PRECOMPILE_POINT_EVALUATION, in, 192, FORK_CANCUN, 50000, &used, &out),
                     RIVET_EINVALID);
    in[95] = 0;
    in[0] = 0x02; /* wrong version */
    assert_int_equal(run(PRECOMPILE_POINT_EVALUATION, in, 192, FORK_CANCUN, 50000, &used, &out),
                     RIVET_EINVALID);
    in[0] = 0x01;
    memset(in + 32, 0xff, 32); /* z >= r */
    assert_int_equal(run(PRECOMPILE_POINT_EVALUATION, in, 192, FORK_CANCUN, 50000, &used, &out),
                     RIVET_EINVALID);
    assert_int_equal(run(PRECOMPILE_POINT_EVALUATION, in, 191, FORK_CANCUN, 50000, &used, &out),
                     RIVET_EINVALID);
    buf_free(&out);
}

static void bn254_wire_rules(void **state)
{
    uint8_t in[192] = {0};
    rivet_buf out = {0};
    uint64_t used;
    /* empty input: add gives infinity, pairing gives 1 */
    assert_int_equal(run(PRECOMPILE_BN254_ADD, NULL, 0, FORK_OSAKA, 150, &used, &out), RIVET_OK);
    assert_int_equal(out.n, 64);
    assert_int_equal(run(PRECOMPILE_BN254_PAIRING, NULL, 0, FORK_OSAKA, 45000, &used, &out),
                     RIVET_OK);
    assert_int_equal(out.p[31], 1);
    assert_int_equal(run(PRECOMPILE_BN254_PAIRING, in, 191, FORK_OSAKA, 79000, &used, &out),
                     RIVET_EINVALID);
    /* Byzantium prices */
    assert_int_equal(precompile_gas(PRECOMPILE_BN254_PAIRING, in, 192, FORK_BYZANTIUM), 180000);
    assert_int_equal(precompile_gas(PRECOMPILE_BN254_MUL, in, 96, FORK_BYZANTIUM), 40000);
    /* short input is zero-padded: (1, 2) given as 63 bytes reads as (1, 2) */
    in[31] = 1, in[63] = 2;
    assert_int_equal(run(PRECOMPILE_BN254_ADD, in, 64, FORK_OSAKA, 150, &used, &out), RIVET_OK);
    assert_int_equal(out.p[63], 2);
    in[63] = 3; /* off the curve */
    assert_int_equal(run(PRECOMPILE_BN254_MUL, in, 96, FORK_OSAKA, 6000, &used, &out),
                     RIVET_EINVALID);
    assert_int_equal(used, 6000);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_by_fork),
        cmocka_unit_test(hashes_and_identity),
        cmocka_unit_test(out_of_gas_consumes_all),
        cmocka_unit_test(ecrecover_rules),
        cmocka_unit_test(modexp_small_and_huge),
        cmocka_unit_test(blake2f_rfc_and_bad_input),
        cmocka_unit_test(p256_rejections_are_empty_successes),
        cmocka_unit_test(bls_wire_rules),
        cmocka_unit_test(point_evaluation_rules),
        cmocka_unit_test(bn254_wire_rules),
    };
    return test_main(tests);
}
