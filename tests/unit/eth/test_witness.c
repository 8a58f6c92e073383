/* Execution witnesses: the Hoodi block's geth witness (RLP and JSON forms), ancestor checks
   (missing parent, broken chain, undecodable header), undecodable nodes, header rules against
   the witness parent. Needs ../shared/fixtures/stateless (skipped when absent). */
#include "test.h"

#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/witness.h"

#define HOODI "stateless/geth-keeper-hoodi-1151683/"

typedef struct hoodi {
    uint8_t *block, *witness;
    size_t block_len, witness_len;
    blk b;
} hoodi;

static int hoodi_setup(void **state)
{
    char p[4096];
    if (!fixture_path(p, sizeof p, HOODI "witness.rlp")) {
        *state = NULL;
        return 0;
    }
    hoodi *h = calloc(1, sizeof *h);
    assert_int_equal(file_read_all(p, &h->witness, &h->witness_len, NULL), RIVET_OK);
    assert_true(fixture_path(p, sizeof p, HOODI "block.rlp"));
    assert_int_equal(file_read_all(p, &h->block, &h->block_len, NULL), RIVET_OK);
    assert_int_equal(blk_decode(h->block, h->block_len, &h->b, NULL), BLK_ERR_OK);
    *state = h;
    return 0;
}

static int hoodi_teardown(void **state)
{
    hoodi *h = *state;
    if (!h) return 0;
    blk_free(&h->b);
    free(h->block);
    free(h->witness);
    free(h);
    return 0;
}

#define NEED_HOODI(h)                                                                              \
    hoodi *h = *state;                                                                             \
    if (!h) {                                                                                      \
        print_message("fixture folder absent (skipped)\n");                                        \
        skip();                                                                                    \
    }

/* Reads an account's code hash from the state trie (secure, keyed by address). */
static void account_code_hash(trie *t, const char *addr_hex, uint8_t out[32])
{
    uint8_t addr[20];
    test_hex(addr, 20, addr_hex);
    const uint8_t *v;
    size_t n;
    assert_int_equal(trie_get(t, addr, 20, &v, &n, NULL), RIVET_OK);
    assert_non_null(v);
    rlp_item acct, f[4];
    assert_int_equal(rlp_decode(v, n, &acct, NULL), RIVET_OK);
    assert_int_equal(rlp_list_items(&acct, f, 4, NULL, NULL), RIVET_OK);
    assert_int_equal(f[3].len, 32);
    memcpy(out, f[3].p, 32);
}

static void test_hoodi_rlp_witness(void **state)
{
    NEED_HOODI(h);
    wit w;
    rivet_diag d = {0};
    assert_int_equal(wit_from_rlp(&w, h->witness, h->witness_len, &d), RIVET_OK);
    assert_int_equal(trie_memstore_count(w.nodes), 104);
    assert_int_equal(trie_memstore_count(w.codes), 4);
    assert_int_equal(w.nheaders, 1);
    assert_int_equal(w.nkeys, 0);
    assert_int_equal(wit_link(&w, &h->b.header, &d), RIVET_OK);
    const hdr *p = wit_parent(&w);
    assert_non_null(p);
    assert_int_equal(p->number, 1151682);
    assert_hex_equal(p->state_root, 32,
                     "73a21fdac3220b6bafc72facbbca07ae8202b7d0a84b900cada93cb37b31b9ee");
    uint8_t hash[32];
    assert_true(wit_blockhash(&w, 1151682, hash));
    assert_memory_equal(hash, h->b.header.parent_hash, 32);
    assert_false(wit_blockhash(&w, 1151681, hash));
    assert_false(wit_blockhash(&w, 1151683, hash));
    /* the system contracts' code is in the witness, under their accounts' code hashes */
    trie *t = wit_open_state(&w);
    assert_non_null(t);
    const char *sys[] = {"000F3df6D732807Ef1319fB7B8bB8522d0Beac02",
                         "0000F90827F1C53a10cb7A02335B175320002935"};
    for (int i = 0; i < 2; i++) {
        account_code_hash(t, sys[i], hash);
        const uint8_t *code;
        size_t n;
        assert_int_equal(wit_code(&w, hash, &code, &n), RIVET_OK);
        uint8_t again[32];
        crypto_keccak256(again, code, n);
        assert_memory_equal(again, hash, 32);
    }
    /* an account whose path the witness does not hold: a clean EMISSING */
    uint8_t other[20];
    memset(other, 0x42, 20);
    const uint8_t *v;
    size_t n;
    rivet_status s = trie_get(t, other, 20, &v, &n, &d);
    assert_true(s == RIVET_OK || s == RIVET_EMISSING);
    trie_free(t);
    /* the header rules hold for the block against the witness parent */
    assert_int_equal(hdr_validate(&h->b.header, p, chain_by_name("hoodi"), &d), BLK_ERR_OK);
    wit_free(&w);
}

static void test_hoodi_json_witness(void **state)
{
    NEED_HOODI(h);
    char p[4096];
    assert_true(fixture_path(p, sizeof p, HOODI "block_and_witness.json"));
    uint8_t *text;
    size_t len;
    assert_int_equal(file_read_all(p, &text, &len, NULL), RIVET_OK);
    wit a, b;
    assert_int_equal(wit_from_json(&a, (char *)text, len, NULL), RIVET_OK);
    assert_int_equal(wit_from_rlp(&b, h->witness, h->witness_len, NULL), RIVET_OK);
    assert_int_equal(trie_memstore_count(a.nodes), trie_memstore_count(b.nodes));
    assert_int_equal(trie_memstore_count(a.codes), trie_memstore_count(b.codes));
    assert_int_equal(a.nheaders, b.nheaders);
    assert_memory_equal(a.headers[0].hash, b.headers[0].hash, 32);
    assert_int_equal(wit_link(&a, &h->b.header, NULL), RIVET_OK);
    wit_free(&a);
    wit_free(&b);
    free(text);
}

/* Header rules: the Hoodi block against its witness parent, each field broken in turn. */
static void test_hoodi_header_rules(void **state)
{
    NEED_HOODI(h);
    wit w;
    assert_int_equal(wit_from_rlp(&w, h->witness, h->witness_len, NULL), RIVET_OK);
    const hdr *p = &w.headers[0].h;
    const chain_config *c = chain_by_name("hoodi");
    hdr x = h->b.header;
    x.number++;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_INVALID_BLOCK_NUMBER);
    x = h->b.header;
    x.parent_hash[5] ^= 1;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_UNKNOWN_PARENT);
    x = h->b.header;
    x.timestamp = p->timestamp;
    assert_int_equal(hdr_validate(&x, p, c, NULL),
                     BLK_ERR_INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT);
    x = h->b.header;
    x.gas_limit = p->gas_limit + p->gas_limit / 1024;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_INVALID_GASLIMIT);
    x.gas_limit = p->gas_limit + p->gas_limit / 1024 - 1;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_OK);
    x = h->b.header;
    x.gas_used = x.gas_limit + 1;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_INVALID_GAS_USED_ABOVE_LIMIT);
    x = h->b.header;
    x.base_fee = u256_add(x.base_fee, u256_from_u64(1));
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_INVALID_BASEFEE_PER_GAS);
    x = h->b.header;
    x.excess_blob_gas += 131072;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_INCORRECT_EXCESS_BLOB_GAS);
    x = h->b.header;
    x.blob_gas_used += 1;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_INCORRECT_BLOB_GAS_USED);
    x = h->b.header;
    x.difficulty = u256_from_u64(1);
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS);
    x = h->b.header;
    x.ommers_hash[0] ^= 1;
    assert_int_equal(hdr_validate(&x, p, c, NULL), BLK_ERR_IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS);
    x = h->b.header;
    x.nfields = HDR_FIELDS_CANCUN;
    rivet_diag d = {0};
    assert_int_equal(hdr_validate(&x, p, c, &d), BLK_ERR_INCORRECT_BLOCK_FORMAT);
    assert_non_null(strstr(d.msg, "Prague"));
    wit_free(&w);
}

static void test_missing_parent(void **state)
{
    NEED_HOODI(h);
    wit w;
    assert_int_equal(wit_init(&w), RIVET_OK);
    rivet_diag d = {0};
    assert_int_equal(wit_link(&w, &h->b.header, &d), RIVET_EMISSING);
    assert_non_null(strstr(d.msg, "parent of block 1151683"));
    assert_null(wit_parent(&w));
    assert_null(wit_open_state(&w));
    wit_free(&w);
}

/* Appends the encoding of h with `number` and `parent_hash` replaced; returns its hash. */
static void add_fake(wit *w, const hdr *base, uint64_t number, const uint8_t parent[32],
                     uint8_t hash[32])
{
    hdr x = *base;
    x.number = number;
    memcpy(x.parent_hash, parent, 32);
    rivet_buf b = {0};
    assert_int_equal(hdr_encode(&x, &b), RIVET_OK);
    assert_int_equal(wit_add_header(w, b.p, b.n, NULL), RIVET_OK);
    crypto_keccak256(hash, b.p, b.n);
    buf_free(&b);
}

static void test_chain_of_ancestors(void **state)
{
    NEED_HOODI(h);
    /* a made-up chain 100 <- 101 <- 102 and a block 103 on top */
    wit w;
    assert_int_equal(wit_init(&w), RIVET_OK);
    uint8_t h100[32], h101[32], h102[32], zero[32] = {0};
    const hdr *base = &h->b.header;
    add_fake(&w, base, 100, zero, h100);
    add_fake(&w, base, 101, h100, h101);
    add_fake(&w, base, 102, h101, h102);
    hdr blk103 = *base;
    blk103.number = 103;
    memcpy(blk103.parent_hash, h102, 32);
    rivet_diag d = {0};
    assert_int_equal(wit_link(&w, &blk103, &d), RIVET_OK);
    assert_int_equal(wit_oldest(&w), 100);
    uint8_t got[32];
    assert_true(wit_blockhash(&w, 101, got));
    assert_memory_equal(got, h101, 32);
    assert_true(wit_blockhash(&w, 100, got));
    assert_memory_equal(got, h100, 32);
    wit_free(&w);

    /* broken: 101's parent is not 100 */
    assert_int_equal(wit_init(&w), RIVET_OK);
    add_fake(&w, base, 100, zero, h100);
    add_fake(&w, base, 101, zero, h101);
    add_fake(&w, base, 102, h101, h102);
    memcpy(blk103.parent_hash, h102, 32);
    assert_int_equal(wit_link(&w, &blk103, &d), RIVET_EINVALID);
    assert_non_null(strstr(d.msg, "header 100"));
    assert_false(wit_blockhash(&w, 102, got));
    wit_free(&w);

    /* a gap: 100 and 102 without 101 */
    assert_int_equal(wit_init(&w), RIVET_OK);
    rivet_diag_clear(&d);
    add_fake(&w, base, 100, zero, h100);
    add_fake(&w, base, 102, h101, h102);
    assert_int_equal(wit_link(&w, &blk103, &d), RIVET_EINVALID);
    wit_free(&w);

    /* the parent's hash but the wrong number */
    assert_int_equal(wit_init(&w), RIVET_OK);
    rivet_diag_clear(&d);
    add_fake(&w, base, 50, zero, h100);
    memcpy(blk103.parent_hash, h100, 32);
    assert_int_equal(wit_link(&w, &blk103, &d), RIVET_EINVALID);
    assert_non_null(strstr(d.msg, "number 50"));
    wit_free(&w);
}

static void test_bad_items(void **state)
{
    (void)state;
    wit w;
    assert_int_equal(wit_init(&w), RIVET_OK);
    /* a header that does not decode is named by its index */
    const uint8_t junk[] = {0xc3, 0x01, 0x02, 0x03};
    rivet_diag d = {0};
    uint8_t hash[32];
    assert_int_equal(wit_add_header(&w, junk, sizeof junk, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "witness header 0"));
    /* a node that is not a trie node: the state trie refuses it cleanly */
    const uint8_t bad_node[] = {0xc4, 0x83, 0x01, 0x02, 0x03};
    assert_int_equal(wit_add_node(&w, bad_node, sizeof bad_node), RIVET_OK);
    assert_int_equal(wit_add_node(&w, bad_node, sizeof bad_node), RIVET_OK);
    assert_int_equal(w.node_dups, 1);
    crypto_keccak256(hash, bad_node, sizeof bad_node);
    trie *t = trie_open(hash, trie_memstore_store(w.nodes), TRIE_SECURE);
    const uint8_t *v;
    size_t n;
    rivet_diag_clear(&d);
    rivet_status s = trie_get(t, junk, 4, &v, &n, &d);
    assert_true(s == RIVET_EINPUT || s == RIVET_EINVALID);
    trie_free(t);
    /* code lookups by hash */
    assert_int_equal(wit_add_code(&w, junk, sizeof junk), RIVET_OK);
    crypto_keccak256(hash, junk, sizeof junk);
    const uint8_t *code;
    assert_int_equal(wit_code(&w, hash, &code, &n), RIVET_OK);
    assert_int_equal(n, sizeof junk);
    hash[0] ^= 1;
    assert_int_equal(wit_code(&w, hash, &code, &n), RIVET_EMISSING);
    wit_free(&w);
    /* malformed containers */
    const uint8_t not_list[] = {0x83, 1, 2, 3}, two_parts[] = {0xc2, 0xc0, 0xc0};
    const uint8_t item_list[] = {0xc6, 0xc0, 0xc2, 0xc1, 0xc0, 0xc0, 0xc0};
    assert_int_equal(wit_from_rlp(&w, not_list, sizeof not_list, NULL), RIVET_EINPUT);
    assert_int_equal(wit_from_rlp(&w, two_parts, sizeof two_parts, NULL), RIVET_EINPUT);
    assert_int_not_equal(wit_from_rlp(&w, item_list, sizeof item_list, NULL), RIVET_OK);
    const char *js[] = {"{", "[]", "{\"state\": 5}", "{\"state\": [\"0xzz\"]}",
                        "{\"state\": [], \"headers\": [\"0x01\"]}"};
    for (size_t i = 0; i < sizeof js / sizeof js[0]; i++)
        assert_int_not_equal(wit_from_json(&w, js[i], strlen(js[i]), NULL), RIVET_OK);
    assert_int_equal(
        wit_from_json(&w, "{\"witness\": {\"state\": [\"0x80\"], \"codes\": []}}", 45, NULL),
        RIVET_OK);
    assert_int_equal(trie_memstore_count(w.nodes), 1);
    wit_free(&w);
}

static void test_truncated_witness(void **state)
{
    NEED_HOODI(h);
    wit w;
    for (size_t k = 0; k < h->witness_len; k += 97)
        assert_int_not_equal(wit_from_rlp(&w, h->witness, k, NULL), RIVET_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hoodi_rlp_witness),  cmocka_unit_test(test_hoodi_json_witness),
        cmocka_unit_test(test_hoodi_header_rules), cmocka_unit_test(test_missing_parent),
        cmocka_unit_test(test_chain_of_ancestors), cmocka_unit_test(test_bad_items),
        cmocka_unit_test(test_truncated_witness),
    };
    return test_main_setup(tests, hoodi_setup, hoodi_teardown);
}
