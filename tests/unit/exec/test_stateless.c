/* Stateless validation: the Hoodi block with geth's witness (valid, the state and receipts
   roots block_and_witness.json expects; every single node removed: rejected or unchanged), and
   every block of the EEST zkEVM v0.3.3 fixtures through the SSZ input: StatelessOutput bytes
   exactly as statelessOutputBytes. Skipped when ../shared/fixtures/stateless is absent. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "test.h"

#include <ftw.h>
#include <jansson.h>
#include <stdlib.h>

#include "rivet/stateless.h"

#define HOODI "stateless/geth-keeper-hoodi-1151683/"
#define ZKEVM                                                                                      \
    "stateless/eest-zkevm-v0.3.3-amsterdam/for_amsterdam/amsterdam/eip8025_optional_proofs"

static void hex32(const char *s, uint8_t out[32])
{
    size_t n = 0;
    assert_non_null(s);
    assert_int_equal(hex_decode(out, 32, &n, s, strlen(s), HEX_PREFIX_OPT, NULL), RIVET_OK);
    assert_int_equal(n, 32);
}

typedef struct hoodi {
    uint8_t *block, *witness;
    size_t block_len, witness_len;
    uint8_t state_root[32], receipts_root[32];
} hoodi;

static hoodi *hoodi_load(void)
{
    char p[4096];
    if (!fixture_path(p, sizeof p, HOODI "witness.rlp")) return NULL;
    hoodi *h = calloc(1, sizeof *h);
    assert_int_equal(file_read_all(p, &h->witness, &h->witness_len, NULL), RIVET_OK);
    assert_true(fixture_path(p, sizeof p, HOODI "block.rlp"));
    assert_int_equal(file_read_all(p, &h->block, &h->block_len, NULL), RIVET_OK);
    assert_true(fixture_path(p, sizeof p, HOODI "block_and_witness.json"));
    json_t *j = json_load_file(p, 0, NULL);
    json_t *e = json_object_get(j, "expected");
    hex32(json_string_value(json_object_get(e, "stateRoot")), h->state_root);
    hex32(json_string_value(json_object_get(e, "receiptsRoot")), h->receipts_root);
    json_decref(j);
    return h;
}

static void hoodi_free(hoodi *h)
{
    free(h->block);
    free(h->witness);
    free(h);
}

static void run_hoodi(hoodi *h, unsigned flags, const uint8_t *drop, sl_result *r)
{
    blk b;
    wit w;
    assert_int_equal(blk_decode(h->block, h->block_len, &b, NULL), BLK_ERR_OK);
    assert_int_equal(wit_from_rlp(&w, h->witness, h->witness_len, NULL), RIVET_OK);
    if (drop) assert_true(trie_memstore_remove(w.nodes, drop));
    assert_int_equal(sl_validate(&b, &w, chain_by_name("hoodi"), flags, r), RIVET_OK);
    wit_free(&w);
    blk_free(&b);
}

static void test_hoodi_valid(void **ts)
{
    (void)ts;
    hoodi *h = hoodi_load();
    if (!h) skip();
    sl_result r;
    run_hoodi(h, SL_LENIENT, NULL, &r);
    assert_true(r.valid);
    assert_memory_equal(r.state_root, h->state_root, 32);
    assert_memory_equal(r.receipts_root, h->receipts_root, 32);
    assert_int_equal(r.gas_used, 21000);
    /* geth leaves out the path of the transaction's (absent, untouched) recipient: strict
       validation names the node it lacks */
    run_hoodi(h, 0, NULL, &r);
    assert_false(r.valid);
    assert_non_null(strstr(r.error, "missing node"));
    hoodi_free(h);
}

typedef struct hashes {
    uint8_t (*h)[32];
    size_t n;
} hashes;

RIVET_MUST_USE static rivet_status collect(void *ctx, const uint8_t hash[32], const uint8_t *node,
                                           size_t len)
{
    (void)node;
    (void)len;
    hashes *x = ctx;
    memcpy(x->h[x->n++], hash, 32);
    return RIVET_OK;
}

/* Every node of the witness removed in turn: the block is rejected with a reason, never
   accepted with other roots. */
static void test_hoodi_node_removal(void **ts)
{
    (void)ts;
    hoodi *h = hoodi_load();
    if (!h) skip();
    wit w;
    assert_int_equal(wit_from_rlp(&w, h->witness, h->witness_len, NULL), RIVET_OK);
    hashes x = {calloc(trie_memstore_count(w.nodes), 32), 0};
    assert_int_equal(trie_memstore_each(w.nodes, false, collect, &x), RIVET_OK);
    wit_free(&w);
    size_t rejected = 0;
    for (size_t i = 0; i < x.n; i++) {
        sl_result r;
        run_hoodi(h, SL_LENIENT, x.h[i], &r);
        if (!r.valid) {
            assert_true(r.error[0] != 0);
            rejected++;
        } else {
            assert_memory_equal(r.state_root, h->state_root, 32);
        }
    }
    print_message("hoodi: %zu of %zu single-node removals rejected\n", rejected, x.n);
    assert_true(rejected > 0);
    free(x.h);
    hoodi_free(h);
}

/* Blocks whose gas used depends on EIP-8037 (state creation gas: new slots, accounts, code
   deposit, and the block counting the larger of regular and state gas); the two
   `*_insert_before_delete_order` ones also need the post-state root to apply inserts before
   deletions. They must be valid and exact. */
static const char *const needs_8037[] = {
    "witness_state_sstore_into_empty_storage_omits_post_state_nodes.json",
    "witness_state_delete_then_insert_uses_insert_before_delete_order.json",
    "witness_state_block_diff_delete_insert_before_delete_order.json",
    "witness_excludes_bytecode_created_in_same_block.json",
    "witness_codes_selfdestruct_in_initcode.json",
    "witness_codes_reverted_transaction.json",
    "witness_codes_reverted_inner_call.json",
    "witness_codes_failed_create_after_initcode_read.json",
    "witness_codes_create_then_selfdestruct_same_tx.json",
};

typedef struct zk_count {
    size_t blocks, exact, rejected_ok, state_gas;
} zk_count;

static bool in_8037(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    for (size_t i = 0; i < sizeof needs_8037 / sizeof *needs_8037; i++)
        if (!strcmp(base, needs_8037[i])) return true;
    return false;
}

static void config(chain_config *c, json_t *t)
{
    assert_int_equal(chain_from_test_json(c, t, NULL), RIVET_OK);
}

/* One block: SSZ input -> payload block + witness -> stateless validation -> output bytes. */
static void zk_block(const char *file, json_t *jb, const chain_config *c, zk_count *k)
{
    const char *in_hex = json_string_value(json_object_get(jb, "statelessInputBytes"));
    const char *out_hex = json_string_value(json_object_get(jb, "statelessOutputBytes"));
    uint8_t *in, *want;
    size_t in_len, want_len;
    assert_int_equal(hex_decode_alloc(&in, &in_len, in_hex, strlen(in_hex), HEX_PREFIX_OPT, NULL),
                     RIVET_OK);
    assert_int_equal(
        hex_decode_alloc(&want, &want_len, out_hex, strlen(out_hex), HEX_PREFIX_OPT, NULL),
        RIVET_OK);
    assert_int_equal(want_len, SSZ_STATELESS_OUT_SIZE);
    ssz_stateless_input si;
    uint8_t root[32], got[SSZ_STATELESS_OUT_SIZE];
    assert_int_equal(ssz_stateless_decode(in, in_len, &si, NULL), RIVET_OK);
    assert_int_equal(ssz_new_payload_root(&si, root, NULL), RIVET_OK);
    blk b;
    wit w;
    rivet_buf scratch = {0};
    sl_result r = {0};
    bool ok = false;
    if (ssz_payload_block(&si, &b, &scratch, NULL) == BLK_ERR_OK) {
        if (wit_from_ssz(&w, &si, NULL) == RIVET_OK) {
            assert_int_equal(sl_validate(&b, &w, c, 0, &r), RIVET_OK);
            ok = r.valid;
            wit_free(&w);
        }
        blk_free(&b);
    }
    ssz_stateless_output(got, root, ok, si.chain_id);
    k->blocks++;
    if (memcmp(got, want, sizeof got) != 0) fail_msg("%s: %s", file, r.error);
    k->exact++;
    k->rejected_ok += !ok;
    if (in_8037(file)) {
        if (!ok) fail_msg("%s: %s", file, r.error);
        k->state_gas++;
    }
    buf_free(&scratch);
    free(in);
    free(want);
}

static zk_count *zk_total;

static int zk_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t l = strlen(path);
    if (type != FTW_F || l < 5 || strcmp(path + l - 5, ".json") != 0) return 0;
    json_t *root = json_load_file(path, 0, NULL);
    assert_non_null(root);
    const char *name;
    json_t *t;
    json_object_foreach(root, name, t)
    {
        chain_config c;
        config(&c, t);
        size_t i;
        json_t *jb;
        json_array_foreach(json_object_get(t, "blocks"), i, jb)
        {
            if (json_object_get(jb, "statelessInputBytes")) zk_block(path, jb, &c, zk_total);
        }
    }
    json_decref(root);
    return 0;
}

static void test_zkevm_outputs(void **ts)
{
    (void)ts;
    char p[4096];
    if (!fixture_path(p, sizeof p, ZKEVM)) skip();
    zk_count k = {0};
    zk_total = &k;
    assert_int_equal(nftw(p, zk_file, 16, FTW_PHYS), 0);
    print_message("zkevm: %zu blocks, %zu outputs exact (%zu of them rejections), %zu valid "
                  "blocks that need EIP-8037\n",
                  k.blocks, k.exact, k.rejected_ok, k.state_gas);
    assert_int_equal(k.blocks, 66);
    assert_int_equal(k.exact, 66);
    assert_int_equal(k.rejected_ok, 10);
    assert_int_equal(k.state_gas, sizeof needs_8037 / sizeof *needs_8037);
}

/* The block access list against the execution: a block whose BAL is replaced (the header keeps
   the original's hash, so only the execution check can tell) must be rejected when the BAL
   misses the block's changes, records a different final value, or puts a change at another
   index. */
static void bal_case(const uint8_t *in, size_t in_len, const chain_config *c, const uint8_t *bal,
                     size_t bal_len, bool want_valid)
{
    ssz_stateless_input si;
    blk b;
    wit w;
    rivet_buf scratch = {0};
    sl_result r = {0};
    assert_int_equal(ssz_stateless_decode(in, in_len, &si, NULL), RIVET_OK);
    assert_int_equal(ssz_payload_block(&si, &b, &scratch, NULL), BLK_ERR_OK);
    assert_int_equal(wit_from_ssz(&w, &si, NULL), RIVET_OK);
    if (bal) b.bal = (blk_bytes){bal, bal_len};
    assert_int_equal(sl_validate(&b, &w, c, 0, &r), RIVET_OK);
    if (r.valid != want_valid) fail_msg("bal case: valid %d: %s", r.valid, r.error);
    if (!want_valid) assert_int_equal(r.out.error, BLK_ERR_INVALID_BLOCK_ACCESS_LIST);
    wit_free(&w);
    blk_free(&b);
    buf_free(&scratch);
}

/* Replaces the first occurrence of `from` in a copy of bal with `to` (same length). */
static uint8_t *bal_patch(const uint8_t *bal, size_t len, const char *from, const char *to)
{
    uint8_t f[40], t[40];
    size_t fn, tn;
    assert_int_equal(hex_decode(f, sizeof f, &fn, from, strlen(from), HEX_PREFIX_OPT, NULL),
                     RIVET_OK);
    assert_int_equal(hex_decode(t, sizeof t, &tn, to, strlen(to), HEX_PREFIX_OPT, NULL), RIVET_OK);
    assert_int_equal(fn, tn);
    uint8_t *out = malloc(len);
    assert_non_null(out);
    memcpy(out, bal, len);
    for (size_t i = 0; i + fn <= len; i++)
        if (!memcmp(out + i, f, fn)) {
            memcpy(out + i, t, tn);
            return out;
        }
    fail_msg("pattern %s not in the access list", from);
    return NULL;
}

static void test_zkevm_bal_mismatch(void **ts)
{
    (void)ts;
    char p[4096];
    if (!fixture_path(p, sizeof p,
                      ZKEVM "/witness_state_writes/"
                            "witness_state_sstore_into_empty_storage_omits_post_state_nodes.json"))
        skip();
    json_t *root = json_load_file(p, 0, NULL);
    assert_non_null(root);
    json_t *t = json_object_iter_value(json_object_iter(root));
    chain_config c;
    config(&c, t);
    json_t *jb = json_array_get(json_object_get(t, "blocks"), 0);
    const char *in_hex = json_string_value(json_object_get(jb, "statelessInputBytes"));
    uint8_t *in;
    size_t in_len;
    assert_int_equal(hex_decode_alloc(&in, &in_len, in_hex, strlen(in_hex), HEX_PREFIX_OPT, NULL),
                     RIVET_OK);
    ssz_stateless_input si;
    assert_int_equal(ssz_stateless_decode(in, in_len, &si, NULL), RIVET_OK);
    const uint8_t *bal = si.payload.block_access_list.p;
    size_t bal_len = si.payload.block_access_list.len;
    bal_case(in, in_len, &c, NULL, 0, true);
    static const uint8_t empty[] = {0xc0};
    bal_case(in, in_len, &c, empty, 1, false); /* no changes recorded */
    static const uint8_t not_list[] = {0x80}, field_not_list[] = {0xc2, 0xc1, 0x80};
    bal_case(in, in_len, &c, not_list, 1, false);
    bal_case(in, in_len, &c, field_not_list, 3, false);
    /* the coinbase's final balance one wei off */
    uint8_t *x = bal_patch(bal, bal_len, "8302e902", "8302e903");
    bal_case(in, in_len, &c, x, bal_len, false);
    free(x);
    /* the slot the transaction sets, recorded with another value */
    x = bal_patch(bal, bal_len,
                  "a08000000000000000000000000000000000000000000000000000000000000001",
                  "a08000000000000000000000000000000000000000000000000000000000000002");
    bal_case(in, in_len, &c, x, bal_len, false);
    free(x);
    /* the sender's nonce change recorded at index 0 (the pre-block system calls) instead of 1
       (its transaction): the final values agree, the indices do not */
    x = bal_patch(bal, bal_len, "c20101", "c28001");
    bal_case(in, in_len, &c, x, bal_len, false);
    free(x);
    free(in);
    json_decref(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hoodi_valid),
        cmocka_unit_test(test_hoodi_node_removal),
        cmocka_unit_test(test_zkevm_outputs),
        cmocka_unit_test(test_zkevm_bal_mismatch),
    };
    return test_main(tests);
}
