/* The reth guests' bincode inputs (rsp ClientExecutorInput, zisk-eth-client's two records) on
   the mainnet blocks committed in ../shared/guests/vendor/reth/. Expected values are not rivet's:
   block numbers, hashes, gas and transaction counts are those the vendor README documents; the
   witness item counts were read off the files by an independent Python bincode walker
   (tests/unit/eth/reth_bincode.py: the ExecutionWitness vectors, the rsp input's codes). The
   rebuilt block must pass the body rules (its transactions root is the header's); truncated
   inputs (157 prefixes) must be rejected with a message, damaged bytes never crash. Skipped
   when the vendor folder is absent. */
#include "test.h"

#include <stdlib.h>

#include "rivet/witness.h"

typedef struct vendor_case {
    const char *file;
    wit_format format;
    uint64_t number, gas_used;
    size_t ntx, nwithdrawals;
    const char *hash;
    size_t nheaders, nkeys, ncodes_max;
} vendor_case;

static const vendor_case cases[] = {
    {"zec-reth-v0.8.0.mainnet_24628607_66_7.bin", WIT_FMT_ZISK, 24628607, 7372614, 66, 16,
     "d6edeb114882eb19af618789a4ebd5f84984e7d340d54459d1b2d9d7c1ed99a9", 1, 835, 120},
    {"zec-reth-v0.8.0.mainnet_24628608_146_12.bin", WIT_FMT_ZISK, 24628608, 12907474, 146, 16,
     "2fd7407d232b8b7fde2a8372b5e77fd65f815847b70d9cf25134b123f4a69e03", 1, 1257, 117},
    {"rsp-input.21740136.bin", WIT_FMT_RSP, 21740136, 5524782, 88, 16,
     "d42ec18b0b56fed31aa3976057fae903251f7d409651335780ead557502d0413", 1, 0, 73},
    {"zec-rsp-zisk0.13.20852412_38_3_rsp.bin", WIT_FMT_RSP, 20852412, 3000029, 38, 16,
     "ffca2eff6f36447e04fe40b5e92e8c0277180e1bdcc54284ea166c70bf0b137f", 1, 0, 61},
};

static uint8_t *vendor_read(const char *file, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof rel, "../guests/vendor/reth/%s", file);
    return fixture_read(rel, len);
}

static void test_vendor_blocks(void **ts)
{
    (void)ts;
    int seen = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const vendor_case *c = &cases[i];
        size_t len;
        uint8_t *data = vendor_read(c->file, &len);
        if (!data) continue;
        seen++;
        assert_int_equal(wit_detect_bincode(data, len), c->format);
        wit_input in;
        rivet_diag d = {0};
        rivet_status s = wit_input_bincode(&in, data, len, WIT_FMT_AUTO, &d);
        if (s != RIVET_OK) print_message("%s: %s\n", c->file, d.msg);
        assert_int_equal(s, RIVET_OK);
        assert_int_equal(in.format, c->format);
        assert_int_equal(in.chain_id, 1);
        assert_int_equal(in.b.header.number, c->number);
        assert_int_equal(in.b.header.gas_used, c->gas_used);
        assert_int_equal(in.b.ntx, c->ntx);
        assert_int_equal(in.b.nwithdrawals, c->nwithdrawals);
        assert_hex_equal(in.b.hash, 32, c->hash);
        /* the rebuilt transactions and withdrawals hash to the header's roots */
        assert_int_equal(blk_validate_body(&in.b, chain_by_name("mainnet"), &d), BLK_ERR_OK);
        if (c->nheaders) assert_int_equal(in.w.nheaders, c->nheaders);
        if (c->nkeys) assert_int_equal(in.w.nkeys, c->nkeys);
        if (c->ncodes_max) {
            size_t codes = trie_memstore_count(in.w.codes);
            assert_true(codes > 0 && codes <= c->ncodes_max);
        }
        if (c->format == WIT_FMT_ZISK) assert_int_equal(in.npublic_keys, c->ntx);
        assert_int_equal(wit_link(&in.w, &in.b.header, &d), RIVET_OK);
        assert_int_equal(wit_parent(&in.w)->number, c->number - 1);
        /* the parent's state root node is in the witness */
        const uint8_t *node;
        size_t nlen;
        trie_store *st = trie_memstore_store(in.w.nodes);
        assert_int_equal(st->get(st, wit_parent(&in.w)->state_root, &node, &nlen), RIVET_OK);
        wit_input_free(&in);
        free(data);
    }
    if (!seen) {
        print_message("vendor folder absent (skipped)\n");
        skip();
    }
}

/* Every prefix of the smallest input is rejected (the formats have no optional tail), with a
   message; none reads out of bounds (ASan build). Every 9973rd byte flipped: no crash. */
static void test_truncated_and_damaged(void **ts)
{
    (void)ts;
    size_t len;
    uint8_t *data = vendor_read(cases[3].file, &len);
    if (!data) {
        print_message("vendor folder absent (skipped)\n");
        skip();
    }
    size_t step = len / 157 + 1;
    for (size_t n = 0; n < len; n += step) {
        wit_input in;
        rivet_diag d = {0};
        assert_int_not_equal(wit_input_bincode(&in, data, n, WIT_FMT_RSP, &d), RIVET_OK);
        assert_true(d.msg[0] != 0);
    }
    for (size_t i = 0; i < len; i += 9973) {
        uint8_t keep = data[i];
        data[i] ^= 0x5a;
        wit_input in;
        if (wit_input_bincode(&in, data, len, WIT_FMT_AUTO, NULL) == RIVET_OK)
            wit_input_free(&in);
        data[i] = keep;
    }
    free(data);
}

/* Hand-made inputs: the zisk framing, detection, and the option tag rule. */
static void test_handmade(void **ts)
{
    (void)ts;
    uint8_t z[80] = {0};
    z[0] = 41;  /* record 1: 41 bytes, padded to 48 */
    z[8] = 32;  /* starting as a block does: the parent hash's length */
    z[56] = 8;  /* record 2 at 56: 8 bytes */
    assert_int_equal(wit_detect_bincode(z, 72), WIT_FMT_ZISK);
    assert_int_equal(wit_detect_bincode(z, 79), WIT_FMT_ZISK); /* 7 bytes of padding */
    assert_int_equal(wit_detect_bincode(z, 80), WIT_FMT_AUTO); /* 8 bytes after record 2 */
    z[8] = 31;
    assert_int_equal(wit_detect_bincode(z, 72), WIT_FMT_AUTO);
    z[8] = 32;
    uint8_t r[48] = {32};
    assert_int_equal(wit_detect_bincode(r, sizeof r), WIT_FMT_RSP);
    assert_int_equal(wit_detect_bincode(r, 8), WIT_FMT_AUTO);
    wit_input in;
    rivet_diag d = {0};
    assert_int_equal(wit_input_bincode(&in, z, 72, WIT_FMT_AUTO, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "bincode"));
    assert_int_equal(wit_input_bincode(&in, r, 8, WIT_FMT_ZISK, &d), RIVET_EINPUT);
    assert_int_equal(wit_format_by_name("RSP"), WIT_FMT_RSP);
    assert_int_equal(wit_format_by_name("nope"), WIT_FMT_COUNT);
    assert_string_equal(wit_format_name(WIT_FMT_ZISK), "zisk");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vendor_blocks),
        cmocka_unit_test(test_truncated_and_damaged),
        cmocka_unit_test(test_handmade),
    };
    return test_main(tests);
}
