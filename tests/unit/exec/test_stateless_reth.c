/* Stateless validation of the mainnet blocks the reth guests' vendors committed
   (../shared/guests/vendor/reth/: rsp ClientExecutorInput and zisk-eth-client inputs). The
   block hashes are the README's; a valid verdict must carry the header's state root (the
   chain's post-state root, fixed by that hash) and the README's gas; strict witness. Then, on
   the smallest block, every 50th witness node removed in turn: rejected with a reason, or valid
   with the same roots. Skipped when the vendor folder is absent. */
#include "test.h"

#include <stdlib.h>

#include "rivet/stateless.h"

static const struct {
    const char *file;
    uint64_t gas;
    const char *hash;
} blocks[] = {
    {"zec-reth-v0.8.0.mainnet_24628607_66_7.bin", 7372614,
     "d6edeb114882eb19af618789a4ebd5f84984e7d340d54459d1b2d9d7c1ed99a9"},
    {"zec-reth-v0.8.0.mainnet_24628608_146_12.bin", 12907474,
     "2fd7407d232b8b7fde2a8372b5e77fd65f815847b70d9cf25134b123f4a69e03"},
    {"rsp-input.21740136.bin", 5524782,
     "d42ec18b0b56fed31aa3976057fae903251f7d409651335780ead557502d0413"},
    {"zec-rsp-zisk0.13.20852412_38_3_rsp.bin", 3000029,
     "ffca2eff6f36447e04fe40b5e92e8c0277180e1bdcc54284ea166c70bf0b137f"},
};

static uint8_t *vendor_read(const char *file, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof rel, "../guests/vendor/reth/%s", file);
    return fixture_read(rel, len);
}

static void test_mainnet_blocks(void **ts)
{
    (void)ts;
    int seen = 0;
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        size_t len;
        uint8_t *data = vendor_read(blocks[i].file, &len);
        if (!data) continue;
        seen++;
        wit_input in;
        assert_int_equal(wit_input_bincode(&in, data, len, WIT_FMT_AUTO, NULL), RIVET_OK);
        sl_result r;
        assert_int_equal(sl_validate(&in.b, &in.w, chain_by_id(in.chain_id), 0, &r), RIVET_OK);
        if (!r.valid) print_message("%s: %s\n", blocks[i].file, r.error);
        assert_true(r.valid);
        assert_hex_equal(r.block_hash, 32, blocks[i].hash);
        assert_memory_equal(r.state_root, in.b.header.state_root, 32);
        assert_memory_equal(r.receipts_root, in.b.header.receipts_root, 32);
        assert_int_equal(r.gas_used, blocks[i].gas);
        assert_int_equal(r.unproven, 0);
        wit_input_free(&in);
        free(data);
    }
    if (!seen) {
        print_message("vendor folder absent (skipped)\n");
        skip();
    }
}

typedef struct hashes {
    uint8_t (*h)[32];
    size_t n;
} hashes;

static rivet_status collect(void *ctx, const uint8_t hash[32], const uint8_t *node, size_t len)
{
    (void)node;
    (void)len;
    hashes *x = ctx;
    memcpy(x->h[x->n++], hash, 32);
    return RIVET_OK;
}

static void test_node_removal(void **ts)
{
    (void)ts;
    size_t len;
    uint8_t *data = vendor_read(blocks[3].file, &len);
    if (!data) skip();
    wit_input in;
    assert_int_equal(wit_input_bincode(&in, data, len, WIT_FMT_AUTO, NULL), RIVET_OK);
    hashes x = {calloc(trie_memstore_count(in.w.nodes), 32), 0};
    assert_int_equal(trie_memstore_each(in.w.nodes, false, collect, &x), RIVET_OK);
    wit_input_free(&in);
    size_t rejected = 0, tried = 0;
    for (size_t i = 0; i < x.n; i += 50, tried++) {
        assert_int_equal(wit_input_bincode(&in, data, len, WIT_FMT_AUTO, NULL), RIVET_OK);
        assert_true(trie_memstore_remove(in.w.nodes, x.h[i]));
        sl_result r;
        assert_int_equal(sl_validate(&in.b, &in.w, chain_by_id(1), 0, &r), RIVET_OK);
        if (!r.valid) {
            assert_true(r.error[0] != 0);
            rejected++;
        } else {
            assert_memory_equal(r.state_root, in.b.header.state_root, 32);
        }
        wit_input_free(&in);
    }
    print_message("20852412: %zu of %zu single-node removals rejected\n", rejected, tried);
    assert_true(rejected > 0);
    free(x.h);
    free(data);
}

/* sl_validate_opts' trusted pre-state root: with the parent header, it must be the parent's;
   without it (headers dropped), the block is valid with the parent checks skipped, and rejected
   when no root is given. */
static void test_pre_state_root(void **ts)
{
    (void)ts;
    size_t len;
    uint8_t *data = vendor_read(blocks[3].file, &len);
    if (!data) skip();
    static const struct {
        bool drop_headers, give_root, wrong_root, valid, skipped;
    } cases[] = {
        {false, true, false, true, false}, {false, true, true, false, false},
        {true, true, false, true, true},   {true, false, false, false, false},
        {true, true, true, false, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wit_input in;
        assert_int_equal(wit_input_bincode(&in, data, len, WIT_FMT_AUTO, NULL), RIVET_OK);
        uint8_t root[32];
        memcpy(root, in.w.headers[0].h.state_root, 32); /* the parent is the only header */
        if (cases[i].wrong_root) root[31] ^= 1;
        if (cases[i].drop_headers) in.w.nheaders = 0;
        sl_opts o = {0, cases[i].give_root ? root : NULL, NULL, NULL, NULL};
        sl_result r;
        assert_int_equal(sl_validate_opts(&in.b, &in.w, chain_by_id(1), &o, &r), RIVET_OK);
        if (r.valid != cases[i].valid) print_message("case %zu: %s\n", i, r.error);
        assert_int_equal(r.valid, cases[i].valid);
        assert_int_equal(r.parent_skipped, cases[i].skipped);
        if (r.valid) assert_memory_equal(r.state_root, in.b.header.state_root, 32);
        wit_input_free(&in);
    }
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mainnet_blocks),
        cmocka_unit_test(test_pre_state_root),
        cmocka_unit_test(test_node_removal),
    };
    return test_main(tests);
}
