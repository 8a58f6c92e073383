/* Header and body rules against the blockchain tests (../shared/fixtures/ethereum-tests: EEST
   blockchain_tests and the legacy BlockchainTests): every block the fixtures accept must decode,
   re-encode to its bytes (blk_encode), hash to blockHeader.hash and pass hdr_validate against its
   parent and blk_validate_body; every block rejected for a reason these checks cover (header
   fields, roots) must be rejected with that exception. Blocks rejected for execution reasons are
   not judged here. Skipped when the folder is absent. */
#include "test.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "rivet/block.h"

/* The exceptions hdr_validate / blk_validate_body / blk_decode decide. */
static const char *const header_level[] = {
    "INCORRECT_EXCESS_BLOB_GAS",
    "INVALID_GASLIMIT",
    "INVALID_BASEFEE_PER_GAS",
    "INVALID_WITHDRAWALS_ROOT",
    "INVALID_TRANSACTIONS_ROOT",
    "INCORRECT_BLOB_GAS_USED",
    "BLOB_GAS_USED_ABOVE_LIMIT",
    "INVALID_BLOCK_NUMBER",
    "EXTRA_DATA_TOO_BIG",
    "INCORRECT_BLOCK_FORMAT",
    "UNKNOWN_PARENT",
    "INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT",
    "INVALID_GAS_USED_ABOVE_LIMIT",
    "GASLIMIT_TOO_BIG",
    "RLP_STRUCTURES_ENCODING",
    "RLP_INVALID_FIELD_OVERFLOW_64",
    "RLP_INVALID_ADDRESS",
    "RLP_WITHDRAWALS_NOT_READ",
    "IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS",
    "IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS",
};

static int is_header_level(const char *expected)
{
    for (size_t i = 0; i < sizeof header_level / sizeof header_level[0]; i++)
        if (strstr(expected, header_level[i])) return 1;
    return 0;
}

typedef struct counts {
    size_t valid, rejected, exec_skipped, tx_order, other_reason, failures;
    int lenient; /* legacy (retesteth) tests: an invalid-transaction block may be refused for
                    its transactions root first (see check_test) */
} counts;

static uint8_t *hexdup(json_t *v, size_t *len)
{
    uint8_t *p = NULL;
    const char *s = json_string_value(v);
    if (!s || hex_decode_alloc(&p, len, s, strlen(s), HEX_PREFIX_OPT, NULL) != RIVET_OK)
        return NULL;
    return p;
}

static void config_of(json_t *t, chain_config *c)
{
    assert_int_equal(chain_from_test_json(c, t, NULL), RIVET_OK);
}

/* Decodes and checks one block; BLK_ERR_OK when all block checks hold, then *te gets the
   transactions' static check. */
static blk_error check_block(const uint8_t *rlp, size_t len, const hdr *parent,
                             const chain_config *c, blk *b, tx_error *te, rivet_diag *d)
{
    *te = TX_ERR_OK;
    blk_error e = blk_decode(rlp, len, b, d); /* on failure b is left empty */
    if (e != BLK_ERR_OK) return e;
    e = hdr_validate(&b->header, parent, c, d);
    size_t index;
    if (e == BLK_ERR_OK) *te = blk_validate_txs(b, c, &index, d);
    if (e == BLK_ERR_OK && *te == TX_ERR_OK) e = blk_validate_body(b, c, d);
    return e;
}

static void check_test(const char *file, const char *name, json_t *t, counts *n)
{
    chain_config c;
    config_of(t, &c);
    size_t glen;
    uint8_t *g = hexdup(json_object_get(t, "genesisRLP"), &glen);
    blk gb;
    assert_non_null(g);
    assert_int_equal(blk_decode(g, glen, &gb, NULL), BLK_ERR_OK);
    hdr parent = gb.header;
    blk_free(&gb);
    free(g);
    size_t i;
    json_t *jb;
    json_array_foreach(json_object_get(t, "blocks"), i, jb)
    {
        size_t len;
        uint8_t *rlp = hexdup(json_object_get(jb, "rlp"), &len);
        const char *expected = json_string_value(json_object_get(jb, "expectException"));
        blk b = {0};
        rivet_diag d = {0};
        tx_error te = TX_ERR_OK;
        blk_error e = rlp ? check_block(rlp, len, &parent, &c, &b, &te, &d) : BLK_ERR_NOMEM;
        if (!expected) {
            json_t *jh = json_object_get(json_object_get(jb, "blockHeader"), "hash");
            uint8_t want[32];
            size_t wl = 0;
            assert_int_equal(hex_decode(want, 32, &wl, json_string_value(jh),
                                        strlen(json_string_value(jh)), HEX_PREFIX_OPT, NULL),
                             RIVET_OK);
            rivet_buf enc = {0};
            if (e == BLK_ERR_OK) assert_int_equal(blk_encode(&b, &enc), RIVET_OK);
            if (e != BLK_ERR_OK || te != TX_ERR_OK || memcmp(want, b.hash, 32) != 0 ||
                enc.n != len || memcmp(enc.p, rlp, len) != 0) {
                print_message("FAIL %s %s block %zu: valid block refused: %s\n", file, name, i,
                              e == BLK_ERR_OK ? "hash or re-encoding differs" : d.msg);
                n->failures++;
            } else {
                n->valid++;
                parent = b.header;
            }
            buf_free(&enc);
        } else if (e == BLK_ERR_OK && te != TX_ERR_OK && tx_error_matches(te, expected)) {
            n->rejected++;
        } else if (e == BLK_ERR_OK && te != TX_ERR_OK && strstr(expected, "TransactionException")) {
            /* tx_validate_static reports another of the transaction's faults first: the order
               of transaction rules is tx/exec's, not judged here */
            print_message("note %s block %zu: expected %s, tx rules say %s\n", name, i, expected,
                          tx_error_name(te));
            n->tx_order++;
        } else if (e == BLK_ERR_OK && te == TX_ERR_OK && !is_header_level(expected)) {
            n->exec_skipped++;
        } else if (n->lenient && e == BLK_ERR_INVALID_TRANSACTIONS_ROOT &&
                   strstr(expected, "TransactionException")) {
            /* retesteth fills invalid-transaction blocks with a header that does not commit to
               them: refused for that, INVALID_TRANSACTIONS_ROOT and nothing else, before the
               transaction rule the fixture names */
            n->other_reason++;
        } else if (e == BLK_ERR_OK || !blk_error_matches(e, expected)) {
            print_message("FAIL %s %s block %zu: expected %s, got %s (%s)\n", file, name, i,
                          expected, e != BLK_ERR_OK ? blk_error_name(e) : tx_error_name(te), d.msg);
            n->failures++;
        } else {
            n->rejected++;
        }
        blk_free(&b);
        free(rlp);
    }
}

static void walk(const char *path, counts *n)
{
    struct stat st;
    if (stat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        struct dirent **ents;
        int k = scandir(path, &ents, NULL, alphasort);
        for (int i = 0; i < k; i++) {
            if (ents[i]->d_name[0] != '.') {
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, ents[i]->d_name);
                walk(sub, n);
            }
            free(ents[i]);
        }
        free(ents);
        return;
    }
    if (!strstr(path, ".json")) return;
    json_t *root = json_load_file(path, 0, NULL);
    assert_non_null(root);
    const char *name;
    json_t *t;
    json_object_foreach(root, name, t)
    {
        if (json_object_get(t, "genesisRLP")) check_test(strrchr(path, '/') + 1, name, t, n);
    }
    json_decref(root);
}

/* Runs every blockchain test under fixtures/<rel>; returns 0 when the folder is absent. */
static int run_dir(const char *rel, counts *n)
{
    char dir[4096];
    if (!fixture_path(dir, sizeof dir, rel)) {
        print_message("fixture folder absent: %s (skipped)\n", dir);
        return 0;
    }
    walk(dir, n);
    print_message(
        "%s: %zu valid accepted, %zu rejected with the expected exception, %zu "
        "refused for their transactions root (lenient), %zu execution-level rejections not "
        "judged, %zu transaction-rule order notes, %zu failures\n",
        rel, n->valid, n->rejected, n->other_reason, n->exec_skipped, n->tx_order, n->failures);
    return 1;
}

static void test_eest_blocks(void **state)
{
    (void)state;
    counts n = {0};
    if (!run_dir("ethereum-tests/eest/blockchain_tests", &n)) skip();
    assert_int_equal(n.failures, 0);
    assert_true(n.valid > 0);
}

static void test_legacy_blocks(void **state)
{
    (void)state;
    counts n = {.lenient = 1};
    if (!run_dir("ethereum-tests/legacy/BlockchainTests", &n)) skip();
    assert_int_equal(n.failures, 0);
    assert_true(n.valid > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_eest_blocks),
                                       cmocka_unit_test(test_legacy_blocks)};
    return test_main(tests);
}
