/* Block headers, blocks, roots, receipts, blooms, requests, header rules, chain configs. Expected
   values come from the fixtures (hashes and roots computed by geth / EELS) or from independent
   reference computations (Python hashlib for sha256, the EIP-4844 fake_exponential). */
#include "test.h"

#include <stdlib.h>

#include "rivet/block.h"

/* Block 1 of EEST zkEVM witness_headers_empty_block (Amsterdam, 23 fields). */
static const char amsterdam_header[] =
    "f90279a07f70ecfdb2f3ff276e1156fbf569c8d41047fc1cf00f32134d3d345404093ce2a01dcc4de8dec75d"
    "7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347942adc25665018aa1fe0e6bc666dac8fc2697f"
    "f9baa04c2f44dd391d0c7f0785cc3898e4819b3ff4116d6203ba1aadc26c746ac43ac7a056e81f171bcc55a6"
    "ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a056e81f171bcc55a6ff8345e692c0f86e5b48e0"
    "1b996cadc001622fb5e363b421b9010000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000080018407270e00800c80a000000000000000000000000000000000000000000000000000"
    "0000000000000088000000000000000007a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc00162"
    "2fb5e363b4218080a00000000000000000000000000000000000000000000000000000000000000000a0e3b0"
    "c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855a0f78e3fe0e3bc5f88a1ab4fdbdf"
    "c0bf776971f10e3bb56486a2dbe7925acb976f80";
static const char amsterdam_hash[] =
    "e94f6e21ab04bff4a67e0ee66b2f88052a4ff1f36c17d0f502b66f67902ac912";

static size_t unhex(uint8_t **out, const char *hex)
{
    size_t n = 0;
    assert_int_equal(hex_decode_alloc(out, &n, hex, strlen(hex), HEX_PREFIX_OPT, NULL), RIVET_OK);
    return n;
}

static void test_amsterdam_header_roundtrip(void **state)
{
    (void)state;
    uint8_t *in, hash[32];
    size_t n = unhex(&in, amsterdam_header);
    hdr h;
    assert_int_equal(hdr_decode(in, n, &h, NULL), BLK_ERR_OK);
    assert_int_equal(h.nfields, HDR_FIELDS_AMSTERDAM);
    assert_int_equal(h.number, 1);
    assert_int_equal(h.timestamp, 12);
    assert_int_equal(h.gas_limit, 0x07270e00);
    assert_true(u256_eq(h.base_fee, u256_from_u64(7)));
    assert_int_equal(hdr_hash(&h, hash), RIVET_OK);
    assert_hex_equal(hash, 32, amsterdam_hash);
    rivet_buf b = {0};
    assert_int_equal(hdr_encode(&h, &b), RIVET_OK);
    assert_int_equal(b.n, n);
    assert_memory_equal(b.p, in, n);
    buf_free(&b);
    free(in);
}

/* Re-encodes h with nfields fields and decodes it. */
static blk_error roundtrip_fields(hdr h, unsigned nfields, hdr *out)
{
    h.nfields = nfields;
    rivet_buf b = {0};
    if (hdr_encode(&h, &b) != RIVET_OK) return BLK_ERR_INCORRECT_BLOCK_FORMAT;
    blk_error e = hdr_decode(b.p, b.n, out, NULL);
    buf_free(&b);
    return e;
}

static void test_header_field_counts(void **state)
{
    (void)state;
    uint8_t *in;
    size_t n = unhex(&in, amsterdam_header);
    hdr h, g;
    assert_int_equal(hdr_decode(in, n, &h, NULL), BLK_ERR_OK);
    const unsigned ok[] = {15, 16, 17, 19, 20, 21, 22, 23};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(roundtrip_fields(h, ok[i], &g), BLK_ERR_OK);
        assert_int_equal(g.nfields, ok[i]);
        assert_memory_equal(g.parent_hash, h.parent_hash, 32);
    }
    /* 18 fields (blob gas used without excess blob gas), 14 and 24 are malformed */
    rivet_buf b = {0};
    size_t mark = rlp_list_begin(&b);
    for (int i = 0; i < 18; i++)
        assert_int_equal(rlp_put_u64(&b, 0), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, mark), RIVET_OK);
    rivet_diag d = {0};
    assert_int_equal(hdr_decode(b.p, b.n, &g, &d), BLK_ERR_INCORRECT_BLOCK_FORMAT);
    assert_non_null(strstr(d.msg, "18 fields"));
    /* the raw header with one more field appended */
    b.n = 0;
    rlp_item it, items[23];
    assert_int_equal(rlp_decode(in, n, &it, NULL), RIVET_OK);
    assert_int_equal(rlp_list_items(&it, items, 23, NULL, NULL), RIVET_OK);
    mark = rlp_list_begin(&b);
    assert_int_equal(rlp_put_raw(&b, it.p, it.len), RIVET_OK);
    assert_int_equal(rlp_put_u64(&b, 1), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, mark), RIVET_OK);
    assert_int_equal(hdr_decode(b.p, b.n, &g, NULL), BLK_ERR_INCORRECT_BLOCK_FORMAT);
    buf_free(&b);
    free(in);
}

/* Replaces field `index` of the Amsterdam header by `item` (raw RLP) and decodes. */
static blk_error with_field(int index, const uint8_t *item, size_t len)
{
    uint8_t *in;
    size_t n = unhex(&in, amsterdam_header);
    rlp_item top, items[23];
    assert_int_equal(rlp_decode(in, n, &top, NULL), RIVET_OK);
    assert_int_equal(rlp_list_items(&top, items, 23, NULL, NULL), RIVET_OK);
    rivet_buf b = {0};
    size_t mark = rlp_list_begin(&b);
    for (int i = 0; i < 23; i++)
        if (i == index)
            assert_int_equal(rlp_put_raw(&b, item, len), RIVET_OK);
        else
            assert_int_equal(
                rlp_put_raw(&b, items[i].p - items[i].hdr, items[i].hdr + items[i].len), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, mark), RIVET_OK);
    hdr h;
    rivet_diag d = {0};
    blk_error e = hdr_decode(b.p, b.n, &h, &d);
    if (e != BLK_ERR_OK) assert_true(d.msg[0] != 0);
    buf_free(&b);
    free(in);
    return e;
}

static void test_header_malformed_fields(void **state)
{
    (void)state;
    uint8_t buf[64];
    memset(buf, 0x11, sizeof buf);
    buf[0] = 0x93; /* 19-byte coinbase */
    assert_int_equal(with_field(2, buf, 20), BLK_ERR_RLP_INVALID_ADDRESS);
    buf[0] = 0x9f; /* 31-byte state root */
    assert_int_equal(with_field(3, buf, 32), BLK_ERR_RLP_STRUCTURES_ENCODING);
    buf[0] = 0x89; /* 9-byte number */
    assert_int_equal(with_field(8, buf, 10), BLK_ERR_RLP_INVALID_FIELD_OVERFLOW_64);
    const uint8_t lz[] = {0x82, 0x00, 0x05}; /* gas limit with a leading zero */
    assert_int_equal(with_field(9, lz, sizeof lz), BLK_ERR_RLP_STRUCTURES_ENCODING);
    buf[0] = 0xa1; /* 33 bytes of extra data */
    assert_int_equal(with_field(12, buf, 34), BLK_ERR_EXTRA_DATA_TOO_BIG);
    const uint8_t list[] = {0xc0};
    assert_int_equal(with_field(7, list, 1), BLK_ERR_RLP_STRUCTURES_ENCODING);
    buf[0] = 0xa0; /* the original extra data is empty; 32 bytes are allowed */
    assert_int_equal(with_field(12, buf, 33), BLK_ERR_OK);
}

/* The Hoodi block (geth keeper fixture): hash given by the fixture, roots by the header. */
static void test_hoodi_block(void **state)
{
    (void)state;
    char path[4096];
    if (!fixture_path(path, sizeof path, "stateless/geth-keeper-hoodi-1151683/block.rlp")) {
        print_message("fixture absent: %s (skipped)\n", path);
        skip();
    }
    uint8_t *in, root[32];
    size_t n;
    assert_int_equal(file_read_all(path, &in, &n, NULL), RIVET_OK);
    blk b;
    assert_int_equal(blk_decode(in, n, &b, NULL), BLK_ERR_OK);
    assert_hex_equal(b.hash, 32,
                     "678e9770bebc2ecc6db9919b052da83c01b9360d8222eda5242e87c19ca288cd");
    assert_int_equal(b.header.nfields, HDR_FIELDS_PRAGUE);
    assert_int_equal(b.ntx, 1);
    assert_int_equal(b.txs[0].type, TX_BLOB);
    assert_int_equal(b.nwithdrawals, 16);
    assert_int_equal(blk_tx_root(&b, root, NULL), RIVET_OK);
    assert_memory_equal(root, b.header.tx_root, 32);
    assert_int_equal(blk_withdrawals_root(&b, root, NULL), RIVET_OK);
    assert_memory_equal(root, b.header.withdrawals_root, 32);
    /* the block re-encodes to its bytes */
    rivet_buf enc = {0};
    assert_int_equal(blk_encode(&b, &enc), RIVET_OK);
    assert_int_equal(enc.n, n);
    assert_memory_equal(enc.p, in, n);
    buf_free(&enc);
    /* the withdrawal encoder reproduces the block's bytes */
    rivet_buf w = {0};
    assert_int_equal(blk_withdrawal_encode(&b.withdrawals[3], &w), RIVET_OK);
    assert_int_equal(w.n, b.withdrawals_rlp[3].len);
    assert_memory_equal(w.p, b.withdrawals_rlp[3].p, w.n);
    buf_free(&w);
    /* hoodi runs Prague at this timestamp; the body checks hold */
    const chain_config *c = chain_by_name("hoodi");
    assert_int_equal(chain_fork(c, b.header.number, b.header.timestamp), FORK_PRAGUE);
    assert_int_equal(blk_validate_body(&b, c, NULL), BLK_ERR_OK);
    size_t bad;
    assert_int_equal(blk_validate_txs(&b, c, &bad, NULL), TX_ERR_OK);
    /* a withdrawal changed: the root no longer matches */
    b.withdrawals_rlp[0] = b.withdrawals_rlp[1];
    rivet_diag d = {0};
    assert_int_equal(blk_validate_body(&b, c, &d), BLK_ERR_INVALID_WITHDRAWALS_ROOT);
    blk_free(&b);
    /* every truncation is a clean decode error */
    for (size_t k = 0; k < n; k += 7)
        assert_int_not_equal(blk_decode(in, k, &b, NULL), BLK_ERR_OK);
    free(in);
}

/* Receipts of EEST zkEVM witness_codes_call_eoa (one log) and witness_state_block_diff_... */
static void test_receipts(void **state)
{
    (void)state;
    uint8_t topics[3][32], data[32], bloom[256] = {0}, want_bloom[256], root[32];
    test_hex(topics[0], 32, "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    test_hex(topics[1], 32, "000000000000000000000000dd616a20f3b01fc95e6b1701d8a07331d06dd897");
    test_hex(topics[2], 32, "0000000000000000000000001ad9bc24818784172ff393bb6f89f094d4d2ca29");
    test_hex(data, 32, "0000000000000000000000000000000000000000000000000000000000000001");
    blk_log log = {
        .topics = (const uint8_t(*)[32])topics, .ntopics = 3, .data = data, .data_len = 32};
    memset(log.address, 0xff, 20);
    log.address[19] = 0xfe;
    test_hex(
        want_bloom, 256,
        "00000000000000000000000000002000000000000000000000000000000000000000000000000000000000"
        "00000000000000000000000000000000000000000000000000000000000000000800000000000000000000"
        "00000000008000000002000000000000000020000000000000000000000000000000000000100000000000"
        "00000000000000000000000000000000000000000000000000000000000000400020000000000000000000"
        "00000000000000000000000000000004000000000000000200000000000800000000000000000000000000"
        "0000000000000000400000000000000000000000000000000000000000000000000000000000000000");
    blk_bloom_logs(bloom, &log, 1);
    assert_memory_equal(bloom, want_bloom, 256);
    blk_receipt r = {.type = 0, .status = true, .cumulative_gas = 0x5208, .logs = &log, .nlogs = 1};
    memcpy(r.bloom, bloom, 256);
    rivet_buf b = {0};
    assert_int_equal(blk_receipt_encode(&r, &b), RIVET_OK);
    assert_int_equal(b.n, 0x1a6 + 3);
    assert_hex_equal(b.p, 8,
                     "f901a60182520"
                     "8b9");
    buf_free(&b);
    assert_int_equal(blk_receipts_root(&r, 1, root, NULL), RIVET_OK);
    assert_hex_equal(root, 32, "7e45f035afd34273ac6c798483964cd6c22fd97269e15498505c7a03f6313c0a");
    /* two legacy receipts without logs */
    blk_receipt two[2] = {{.status = true, .cumulative_gas = 0x52f6},
                          {.status = true, .cumulative_gas = 0x014c07}};
    assert_int_equal(blk_receipts_root(two, 2, root, NULL), RIVET_OK);
    assert_hex_equal(root, 32, "50c4c077182ef7d7f2e6b0daaf285bec8fd7634e9ddc69d44e914fdde24c276f");
    /* the same from the encodings packed back to back, as block execution keeps them */
    size_t end[2];
    for (int i = 0; i < 2; i++) {
        assert_int_equal(blk_receipt_encode(&two[i], &b), RIVET_OK);
        end[i] = b.n;
    }
    memset(root, 0, 32);
    assert_int_equal(blk_ordered_root_packed(b.p, end, 2, root, NULL), RIVET_OK);
    assert_hex_equal(root, 32, "50c4c077182ef7d7f2e6b0daaf285bec8fd7634e9ddc69d44e914fdde24c276f");
    b.n = 0;
    /* a typed receipt is prefixed by its type */
    two[0].type = TX_DYNAMIC_FEE;
    assert_int_equal(blk_receipt_encode(&two[0], &b), RIVET_OK);
    assert_int_equal(b.p[0], 2);
    assert_int_equal(b.p[1], 0xf9);
    buf_free(&b);
}

static void test_requests_hash(void **state)
{
    (void)state;
    uint8_t out[32], dep[192], con[76];
    for (int i = 0; i < 192; i++)
        dep[i] = (uint8_t)(i + 1);
    memset(con, 0xab, sizeof con);
    /* no requests: sha256 of nothing (the Hoodi header's requestsHash) */
    assert_int_equal(blk_requests_hash(NULL, 0, out), RIVET_OK);
    assert_hex_equal(out, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* empty lists are skipped; reference from Python hashlib */
    blk_request r[3] = {{0, dep, 192}, {1, NULL, 0}, {2, con, 76}};
    assert_int_equal(blk_requests_hash(r, 3, out), RIVET_OK);
    assert_hex_equal(out, 32, "1c16c37922803f73199db1656740130d51694c37e40c3f879191ebf01c3b28a6");
}

static void test_chain_configs(void **state)
{
    (void)state;
    const chain_config *m = chain_by_name("Mainnet");
    assert_non_null(m);
    assert_int_equal(m->chain_id, 1);
    assert_int_equal(chain_fork(m, 15537393, 1663224162), FORK_LONDON);
    assert_int_equal(chain_fork(m, 15537394, 1663224179), FORK_PARIS);
    assert_int_equal(chain_fork(m, 22431084, 1746612310), FORK_CANCUN);
    assert_int_equal(chain_fork(m, 22431085, 1746612311), FORK_PRAGUE);
    assert_int_equal(chain_fork(m, 23935694, 1764798551), FORK_OSAKA);
    assert_int_equal(chain_blob_at(m, 1765290071)->max, 15);    /* BPO1 */
    assert_int_equal(chain_blob_at(m, 1767747671)->target, 14); /* BPO2 */
    assert_null(chain_blob_at(m, 1710338134));
    assert_int_equal(chain_by_id(560048), chain_by_name("hoodi"));
    assert_int_equal(chain_by_name("sepolia")->chain_id, 11155111);
    assert_null(chain_by_name("goerli"));

    chain_config c;
    assert_int_equal(chain_from_network(&c, "CancunToPragueAtTime15k", 1, NULL), RIVET_OK);
    assert_int_equal(chain_fork(&c, 5, 14999), FORK_CANCUN);
    assert_int_equal(chain_fork(&c, 6, 15000), FORK_PRAGUE);
    assert_int_equal(chain_blob_at(&c, 14999)->max, 6);
    assert_int_equal(chain_blob_at(&c, 15000)->max, 9);
    assert_int_equal(chain_from_network(&c, "Amsterdam", 1, NULL), RIVET_OK);
    assert_int_equal(chain_fork(&c, 0, 0), FORK_AMSTERDAM);
    assert_int_equal(chain_blob_at(&c, 0)->update_fraction, 11684671);
    assert_int_equal(chain_from_network(&c, "OsakaToBPO1AtTime15k", 1, NULL), RIVET_OK);
    assert_int_equal(chain_blob_at(&c, 15000)->target, 10);
    assert_int_equal(chain_fork(&c, 1, 15000), FORK_OSAKA);
    assert_int_equal(chain_from_network(&c, "BerlinToLondonAt5", 1, NULL), RIVET_OK);
    assert_int_equal(chain_fork(&c, 4, 0), FORK_BERLIN);
    assert_int_equal(chain_fork(&c, 5, 0), FORK_LONDON);
    /* the forks' own blob parameters: EIP-4844 (Cancun), EIP-7691 (Prague, kept by Osaka) */
    assert_null(chain_blob_of_fork(FORK_SHANGHAI));
    assert_int_equal(chain_blob_of_fork(FORK_CANCUN)->max, 6);
    assert_int_equal(chain_blob_of_fork(FORK_CANCUN)->update_fraction, 3338477);
    assert_int_equal(chain_blob_of_fork(FORK_PRAGUE)->max, 9);
    assert_int_equal(chain_blob_of_fork(FORK_OSAKA)->update_fraction, 5007716);
    chain_blob p = {1, 2, 3};
    assert_int_equal(chain_from_network(&c, "Prague", 7, NULL), RIVET_OK);
    assert_int_equal(chain_set_blob(&c, "Prague", p, NULL), RIVET_OK);
    assert_int_equal(chain_blob_at(&c, 9)->update_fraction, 3);
    assert_int_equal(chain_set_blob(&c, "BPO1", p, NULL), RIVET_EMISSING);
    rivet_diag d = {0};
    assert_int_equal(chain_from_network(&c, "Nowhere", 1, &d), RIVET_EUNSUPPORTED);
    assert_int_equal(chain_from_network(&c, "PragueToCancunAtTime15k", 1, NULL),
                     RIVET_EUNSUPPORTED);
    assert_int_equal(chain_from_network(&c, "ParisToShanghaiAt5", 1, NULL), RIVET_EUNSUPPORTED);
}

static void test_fee_math(void **state)
{
    (void)state;
    /* EIP-4844 fake_exponential, reference values from the EIP's Python definition */
    chain_blob cancun = {3, 6, 3338477}, prague = {6, 9, 5007716};
    assert_true(u256_eq(hdr_blob_base_fee(0, &cancun), u256_from_u64(1)));
    assert_true(u256_eq(hdr_blob_base_fee(10 * 131072 * 3, &cancun), u256_from_u64(3)));
    assert_true(u256_eq(hdr_blob_base_fee(100000000, &prague), u256_from_u64(470442149)));
    /* EIP-1559: parent at target keeps the fee; full block raises it by 1/8 */
    hdr p = {
        .gas_limit = 30000000, .gas_used = 15000000, .base_fee = u256_from_u64(800), .nfields = 16};
    assert_true(u256_eq(hdr_next_base_fee(&p, FORK_LONDON, false), u256_from_u64(800)));
    p.gas_used = 30000000;
    assert_true(u256_eq(hdr_next_base_fee(&p, FORK_LONDON, false), u256_from_u64(900)));
    p.gas_used = 0;
    assert_true(u256_eq(hdr_next_base_fee(&p, FORK_LONDON, false), u256_from_u64(700)));
    assert_true(u256_eq(hdr_next_base_fee(&p, FORK_LONDON, true), u256_from_u64(1000000000)));
    /* excess blob gas: below target resets to 0, above accumulates */
    hdr q = {.nfields = 20,
             .excess_blob_gas = 0,
             .blob_gas_used = 9 * 131072,
             .base_fee = u256_from_u64(7)};
    assert_int_equal(hdr_next_excess_blob_gas(&q, FORK_PRAGUE, &prague), 3 * 131072);
    q.blob_gas_used = 2 * 131072;
    assert_int_equal(hdr_next_excess_blob_gas(&q, FORK_PRAGUE, &prague), 0);
    /* EIP-7918: a base fee high enough makes the reserve price bind */
    q.blob_gas_used = 9 * 131072;
    q.base_fee = u256_from_u64(1000000000);
    assert_int_equal(hdr_next_excess_blob_gas(&q, FORK_OSAKA, &prague), 9 * 131072 * 3 / 9);
    assert_int_equal(hdr_next_excess_blob_gas(&q, FORK_PRAGUE, &prague), 3 * 131072);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(blk_error_name(BLK_ERR_INCORRECT_EXCESS_BLOB_GAS),
                        "BlockException.INCORRECT_EXCESS_BLOB_GAS");
    assert_string_equal(blk_error_name(BLK_ERR_OK), "OK");
    assert_true(blk_error_matches(BLK_ERR_INVALID_GASLIMIT,
                                  "TransactionException.X|BlockException.INVALID_GASLIMIT"));
    assert_false(
        blk_error_matches(BLK_ERR_INVALID_GAS_USED, "BlockException.INVALID_GAS_USED_ABOVE_LIMIT"));
    assert_int_equal(blk_error_status(BLK_ERR_RLP_STRUCTURES_ENCODING), RIVET_EINPUT);
    assert_int_equal(blk_error_status(BLK_ERR_INVALID_BASEFEE_PER_GAS), RIVET_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amsterdam_header_roundtrip),
        cmocka_unit_test(test_header_field_counts),
        cmocka_unit_test(test_header_malformed_fields),
        cmocka_unit_test(test_hoodi_block),
        cmocka_unit_test(test_receipts),
        cmocka_unit_test(test_requests_hash),
        cmocka_unit_test(test_chain_configs),
        cmocka_unit_test(test_fee_math),
        cmocka_unit_test(test_error_names),
    };
    return test_main(tests);
}
