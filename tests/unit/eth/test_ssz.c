/* SSZ: strict containers and lists, merkleization (reference roots from Python hashlib), the
   EIP-8025 stateless input of an EEST zkEVM fixture and its malformed variants. */
#include "test.h"

#include <jansson.h>
#include <stdlib.h>

#include "rivet/ssz.h"

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

static void test_container_offsets(void **state)
{
    (void)state;
    /* {a: uint16, b: List[u8], c: uint8, d: List[u8]}: fixed part 2 + 4 + 1 + 4 = 11 */
    const size_t sizes[] = {2, 0, 1, 0};
    uint8_t buf[16] = {0xaa, 0xbb, 0, 0, 0, 0, 0xcc, 0, 0, 0, 0, 1, 2, 3, 4, 5};
    put32(buf + 2, 11);
    put32(buf + 7, 14);
    ssz_span f[4];
    rivet_diag d = {0};
    assert_int_equal(ssz_container(ssz_span_of(buf, 16), sizes, 4, f, &d), RIVET_OK);
    assert_int_equal(f[1].len, 3);
    assert_int_equal(f[1].p[0], 1);
    assert_int_equal(f[3].len, 2);
    assert_int_equal(f[3].off, 14);
    assert_int_equal(f[2].p[0], 0xcc);
    put32(buf + 2, 12); /* first offset must be the fixed size */
    assert_int_equal(ssz_container(ssz_span_of(buf, 16), sizes, 4, f, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 2);
    put32(buf + 2, 11);
    put32(buf + 7, 10); /* decreasing */
    assert_int_equal(ssz_container(ssz_span_of(buf, 16), sizes, 4, f, NULL), RIVET_EINPUT);
    put32(buf + 7, 17); /* beyond the end */
    assert_int_equal(ssz_container(ssz_span_of(buf, 16), sizes, 4, f, NULL), RIVET_EINPUT);
    put32(buf + 7, 16); /* empty last field is fine */
    assert_int_equal(ssz_container(ssz_span_of(buf, 16), sizes, 4, f, NULL), RIVET_OK);
    assert_int_equal(f[3].len, 0);
    assert_int_equal(ssz_container(ssz_span_of(buf, 10), sizes, 4, f, NULL), RIVET_EINPUT);
    /* fixed-only container: exact size */
    const size_t fixed[] = {8, 4};
    assert_int_equal(ssz_container(ssz_span_of(buf, 12), fixed, 2, f, NULL), RIVET_OK);
    assert_int_equal(ssz_container(ssz_span_of(buf, 13), fixed, 2, f, NULL), RIVET_EINPUT);
}

static void test_lists(void **state)
{
    (void)state;
    uint8_t buf[20] = {0};
    size_t n;
    /* three items: offsets 12, 14, 14 -> lengths 2, 0, 6 */
    put32(buf, 12);
    put32(buf + 4, 14);
    put32(buf + 8, 14);
    ssz_span s = ssz_span_of(buf, 20);
    assert_int_equal(ssz_list_var(s, 3, &n, NULL), RIVET_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ssz_list_var_item(s, 0).len, 2);
    assert_int_equal(ssz_list_var_item(s, 1).len, 0);
    assert_int_equal(ssz_list_var_item(s, 2).len, 6);
    assert_int_equal(ssz_list_var(s, 2, &n, NULL), RIVET_ERANGE);
    put32(buf, 13); /* not a multiple of 4 */
    assert_int_equal(ssz_list_var(s, 8, &n, NULL), RIVET_EINPUT);
    put32(buf, 0);
    assert_int_equal(ssz_list_var(s, 8, &n, NULL), RIVET_EINPUT);
    put32(buf, 24); /* beyond */
    assert_int_equal(ssz_list_var(s, 8, &n, NULL), RIVET_EINPUT);
    put32(buf, 12);
    put32(buf + 8, 13); /* decreasing */
    assert_int_equal(ssz_list_var(s, 8, &n, NULL), RIVET_EINPUT);
    assert_int_equal(ssz_list_var(ssz_span_of(buf, 3), 8, &n, NULL), RIVET_EINPUT);
    assert_int_equal(ssz_list_var(ssz_span_of(buf, 0), 8, &n, NULL), RIVET_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ssz_list_fixed(ssz_span_of(buf, 20), 4, 5, &n, NULL), RIVET_OK);
    assert_int_equal(n, 5);
    assert_int_equal(ssz_list_fixed(ssz_span_of(buf, 20), 4, 4, &n, NULL), RIVET_ERANGE);
    assert_int_equal(ssz_list_fixed(ssz_span_of(buf, 19), 4, 9, &n, NULL), RIVET_EINPUT);
}

static void test_merkleization(void **state)
{
    (void)state;
    uint8_t root[32], c[5][32];
    ssz_hasher h;
    ssz_hasher_init(&h, 1);
    assert_int_equal(ssz_hasher_root(&h, root), RIVET_OK);
    assert_hex_equal(root, 32, "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b");
    ssz_hasher_init(&h, 2);
    assert_int_equal(ssz_hasher_root(&h, root), RIVET_OK);
    assert_hex_equal(root, 32, "db56114e00fdd4c1f85c892bf35ac9a89289aaecb1ebd0a96cde606a748b5d71");
    for (int i = 0; i < 3; i++)
        memset(c[i], i + 1, 32);
    ssz_hasher_init(&h, 2);
    for (int i = 0; i < 3; i++)
        ssz_hasher_chunk(&h, c[i]);
    assert_int_equal(ssz_hasher_root(&h, root), RIVET_OK);
    assert_hex_equal(root, 32, "d6cfa0d1046a0f4c1f9a6dc57afb0f4577680c106a48cf04125e7ba8606da219");
    ssz_hasher_init(&h, 3);
    for (int i = 0; i < 3; i++)
        ssz_hasher_chunk(&h, c[i]);
    assert_int_equal(ssz_hasher_root(&h, root), RIVET_OK);
    assert_hex_equal(root, 32, "16e7bc9c1de9b5c63df0e8ef884b1006155d390b6e1aee4ffd3844e548ec2d41");
    for (int i = 0; i < 5; i++)
        memset(c[i], 0x10 + i, 32);
    ssz_hasher_init(&h, 3);
    for (int i = 0; i < 5; i++)
        ssz_hasher_chunk(&h, c[i]);
    assert_int_equal(ssz_hasher_root(&h, root), RIVET_OK);
    assert_hex_equal(root, 32, "ff81d74a23a5542876a644d5e5d570065d4ace35cd2597fda568a40530f485d9");
    /* a full tree, then one chunk too many */
    ssz_hasher_init(&h, 1);
    ssz_hasher_chunk(&h, c[0]);
    ssz_hasher_chunk(&h, c[1]);
    assert_int_equal(ssz_hasher_root(&h, root), RIVET_OK);
    ssz_hasher_chunk(&h, c[2]);
    assert_int_equal(ssz_hasher_root(&h, root), RIVET_ERANGE);
    uint8_t bytes[100];
    for (int i = 0; i < 100; i++)
        bytes[i] = (uint8_t)i;
    assert_int_equal(ssz_root_bytelist(bytes, 100, 256, root), RIVET_OK);
    assert_hex_equal(root, 32, "cee0352986963c3aa79a034308abe79b9fe3acf60829f18c043fc1f0831dc10f");
    assert_int_equal(ssz_root_bytelist(bytes, 100, 99, root), RIVET_ERANGE);
    assert_int_equal(ssz_depth(0), 0);
    assert_int_equal(ssz_depth(1), 0);
    assert_int_equal(ssz_depth(5), 3);
    assert_int_equal(ssz_depth(1u << 20), 20);
}

/* The stateless input of EEST zkEVM witness_headers_empty_block (block 1, chain id 1). */
static uint8_t *fixture_input(size_t *len, uint8_t out[SSZ_STATELESS_OUT_SIZE])
{
    char p[4096];
    if (!fixture_path(p, sizeof p,
                      "stateless/eest-zkevm-v0.3.3-amsterdam/for_amsterdam/amsterdam/"
                      "eip8025_optional_proofs/witness_headers/witness_headers_empty_block.json"))
        return NULL;
    json_t *root = json_load_file(p, 0, NULL);
    assert_non_null(root);
    json_t *t = json_object_iter_value(json_object_iter(root));
    json_t *b = json_array_get(json_object_get(t, "blocks"), 0);
    const char *in = json_string_value(json_object_get(b, "statelessInputBytes"));
    const char *o = json_string_value(json_object_get(b, "statelessOutputBytes"));
    uint8_t *bytes;
    size_t n;
    assert_int_equal(hex_decode_alloc(&bytes, len, in, strlen(in), HEX_PREFIX_OPT, NULL), RIVET_OK);
    assert_int_equal(
        hex_decode(out, SSZ_STATELESS_OUT_SIZE, &n, o, strlen(o), HEX_PREFIX_OPT, NULL), RIVET_OK);
    json_decref(root);
    return bytes;
}

static void test_stateless_input(void **state)
{
    (void)state;
    size_t len;
    uint8_t want[SSZ_STATELESS_OUT_SIZE], got[SSZ_STATELESS_OUT_SIZE], root[32];
    uint8_t *in = fixture_input(&len, want);
    if (!in) {
        print_message("fixture folder absent (skipped)\n");
        skip();
    }
    ssz_stateless_input si;
    rivet_diag d = {0};
    assert_int_equal(ssz_stateless_decode(in, len, &si, &d), RIVET_OK);
    assert_int_equal(si.chain_id, 1);
    assert_int_equal(si.payload.number, 1);
    assert_int_equal(si.payload.timestamp, 12);
    assert_int_equal(si.payload.gas_limit, 0x07270e00);
    assert_true(u256_eq(si.payload.base_fee, u256_from_u64(7)));
    assert_int_equal(si.payload.ntx, 0);
    assert_int_equal(si.nheaders, 1);
    assert_int_equal(si.nversioned_hashes, 0);
    assert_int_equal(si.npublic_keys, 0);
    assert_true(si.payload.block_access_list.len > 0);
    assert_hex_equal(si.payload.block_hash, 32,
                     "e94f6e21ab04bff4a67e0ee66b2f88052a4ff1f36c17d0f502b66f67902ac912");
    assert_int_equal(ssz_new_payload_root(&si, root, NULL), RIVET_OK);
    ssz_stateless_output(got, root, want[32] == 1, si.chain_id);
    assert_memory_equal(got, want, SSZ_STATELESS_OUT_SIZE);
    /* the block rebuilt from the payload hashes to the fixture's block hash */
    blk b;
    rivet_buf scratch = {0};
    assert_int_equal(ssz_payload_block(&si, &b, &scratch, &d), BLK_ERR_OK);
    assert_memory_equal(b.hash, si.payload.block_hash, 32);
    assert_int_equal(b.header.nfields, HDR_FIELDS_AMSTERDAM);
    chain_config amsterdam;
    assert_int_equal(chain_from_network(&amsterdam, "Amsterdam", 1, NULL), RIVET_OK);
    assert_int_equal(blk_validate_body(&b, &amsterdam, &d), BLK_ERR_OK);
    blk_free(&b);
    si.payload.slot_number++;
    assert_int_equal(ssz_payload_block(&si, &b, &scratch, &d), BLK_ERR_INVALID_BLOCK_HASH);
    buf_free(&scratch);
    /* every truncation and every corrupted top-level offset is refused cleanly */
    for (size_t k = 0; k < len; k++)
        assert_int_not_equal(ssz_stateless_decode(in, k, &si, NULL), RIVET_OK);
    for (size_t pos = 0; pos < 20; pos += 4) {
        if (pos == 8 || pos == 12) continue; /* chain id */
        uint8_t saved[4];
        memcpy(saved, in + pos, 4);
        const uint32_t bad[] = {0, 19, 21, (uint32_t)len + 1, 0xffffffffu};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            put32(in + pos, bad[i]);
            assert_int_not_equal(ssz_stateless_decode(in, len, &si, NULL), RIVET_OK);
        }
        memcpy(in + pos, saved, 4);
    }
    /* a witness header list whose item offsets run backwards */
    assert_int_equal(ssz_stateless_decode(in, len, &si, NULL), RIVET_OK);
    size_t hoff = si.headers.off;
    put32(in + hoff, 8); /* one item claimed as two */
    assert_int_not_equal(ssz_stateless_decode(in, len, &si, &d), RIVET_OK);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_container_offsets),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_merkleization),
        cmocka_unit_test(test_stateless_input),
    };
    return test_main(tests);
}
