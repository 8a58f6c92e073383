#include "test.h"

#include <stdlib.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_by_fork),
        cmocka_unit_test(hashes_and_identity),
        cmocka_unit_test(out_of_gas_consumes_all),
        cmocka_unit_test(ecrecover_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
