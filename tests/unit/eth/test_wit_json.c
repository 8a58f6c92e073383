/* JSON readers: a header in eth_getBlockByNumber form (the parent of mainnet block 24,628,607, its
   fields as the zisk-eth-client input carries them, written out by tests/unit/eth/reth_bincode.py)
   must hash to the parent hash the block commits to (the block's hash is the vendor README's);
   one changed field, a wrong "hash", a missing field, hash-only transactions, ommers and bad
   JSON are errors with a message. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/witness.h"

/* Parent hash of mainnet block 24,628,607 (d6edeb11...ed99a9). */
#define PARENT_HASH "1fed00f48a765a81aa0adaf558d2dd597cc1141562ccbc239d04f40d67011384"

static const char parent_json[] = "{"
    "\"parentHash\": \""
    "0x846bc23755d903ea31b2d6d92e94827f61cfe060a8df509550324b1a8dba0c16\","
    "\"sha3Uncles\": \""
    "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347\","
    "\"miner\": \"0x4838b106fce9647bdf1e7877bf73ce8b0bad5f97\","
    "\"stateRoot\": \""
    "0xab6d9cef65166d92ff4507a3ed09ac786cb5a0a9f598ca46f79621c95c7de186\","
    "\"transactionsRoot\": \""
    "0x8a663c1dac0b48f3dee6dba452b31016dc5cd4adf3595e82cf72b245e3506667\","
    "\"receiptsRoot\": \""
    "0x8953258fdee6dc7918b4d370693756f5bd45aa0916d553859ebc8b0e81e0d95e\","
    "\"logsBloom\": \""
    "0x38b3517661089b84b4184931a011b02009004b3b04273029b290954944280400311c8140203804"
    "a0419c5bea202b6500b251410a1c49295020f4048b122d26036584040006c4500ec9065108196c80"
    "65012bb0f100d46a7180b03464a472081098056c20822582c4c0063e3008040aa9022800061e4107"
    "2286004090900d1090c840b468412930614099d3101410c04604190805018310894425cac84254c4"
    "905f2299c20047649a038100b19941b8e18c861c0510044020227b6572c28988a0c5198c6e510409"
    "4604461e71405018e5159e0768c61142d0090524260060375600392440010103480748140cc4e004"
    "82856594009409a0490b1982338184d621\","
    "\"difficulty\": \"0x0\","
    "\"number\": \"0x177cd7e\","
    "\"gasLimit\": \"0x39386c7\","
    "\"gasUsed\": \"0xbcc12f\","
    "\"timestamp\": \"0x69b05703\","
    "\"extraData\": \"0x546974616e2028746974616e6275696c6465722e78797a29\","
    "\"mixHash\": \""
    "0xc29a4bc0737c1bf6d40d37d2be4fad29ca59ad5a7013459e39d4f496798e43e6\","
    "\"nonce\": \"0x0000000000000000\","
    "\"baseFeePerGas\": \"0x9c6724b\","
    "\"withdrawalsRoot\": \""
    "0x6caca0301e37e6c66e70701cde3e932f5cc90345bb379e068a84196498283424\","
    "\"blobGasUsed\": \"0x20000\","
    "\"excessBlobGas\": \"0xb227360\","
    "\"parentBeaconBlockRoot\": \""
    "0xa176b32e51ed0613ac468536347a3d8661cd740282c8e8cacce0101af37a94fa\","
    "\"requestsHash\": \""
    "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\""
    "}";

static rivet_status header_hash(const char *json, uint8_t out[32], rivet_diag *d)
{
    rivet_buf b = {0};
    rivet_status s = wit_header_rlp(&b, (const uint8_t *)json, strlen(json), d);
    if (s == RIVET_OK) crypto_keccak256(out, b.p, b.n);
    buf_free(&b);
    return s;
}

/* parent_json with the first occurrence of `from` replaced by `to` (caller frees). */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(parent_json, from);
    assert_non_null(at);
    size_t n = strlen(parent_json) + strlen(to) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%.*s%s%s", (int)(at - parent_json), parent_json, to, at + strlen(from));
    return s;
}

static void test_parent_header(void **ts)
{
    (void)ts;
    uint8_t h[32];
    rivet_diag d = {0};
    assert_int_equal(header_hash(parent_json, h, &d), RIVET_OK);
    assert_hex_equal(h, 32, PARENT_HASH);
    /* the same header given as RLP is taken as it is */
    rivet_buf b = {0}, b2 = {0};
    assert_int_equal(wit_header_rlp(&b, (const uint8_t *)parent_json, strlen(parent_json), NULL),
                     RIVET_OK);
    assert_int_equal(wit_header_rlp(&b2, b.p, b.n, NULL), RIVET_OK);
    assert_memory_equal(b.p, b2.p, b.n);
    buf_free(&b);
    buf_free(&b2);
    /* one field changed: another hash */
    char *s = edit("\"gasUsed\": \"0xbcc12f\"", "\"gasUsed\": \"0xbcc130\"");
    assert_int_equal(header_hash(s, h, NULL), RIVET_OK);
    uint8_t want[32];
    test_hex(want, 32, PARENT_HASH);
    assert_memory_not_equal(h, want, 32);
    free(s);
}

static void test_header_errors(void **ts)
{
    (void)ts;
    uint8_t h[32];
    static const struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"{", "{\"hash\": \"0x" PARENT_HASH "\", ", NULL}, /* the right hash: accepted */
        {"{", "{\"hash\": \"0x" PARENT_HASH "00\", ", "hash"},
        {"{", "{\"hash\": \"0x1fed00f48a765a81aa0adaf558d2dd597cc1141562ccbc239d04f40d67011385\", ",
         "do not hash"},
        {"\"number\"", "\"numbr\"", "number"},
        {"\"0x177cd7e\"", "\"0xzz\"", "number"},
        {"\"requestsHash\"", "\"requestsHash\": \"0x00\", \"x\"", "requestsHash"},
        {"\"blobGasUsed\"", "\"blobGasUsd\"", "absent"},
        {"\"extraData\": \"0x", "\"extraData\": \"0x00000000000000000000000000000000", "extraData"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *s = edit(bad[i].from, bad[i].to);
        rivet_diag d = {0};
        rivet_status st = header_hash(s, h, &d);
        if (!bad[i].msg) {
            assert_int_equal(st, RIVET_OK);
        } else {
            if (st == RIVET_OK || !strstr(d.msg, bad[i].msg))
                print_message("case %zu: %s -> %s\n", i, rivet_status_str(st), d.msg);
            assert_int_not_equal(st, RIVET_OK);
            assert_non_null(strstr(d.msg, bad[i].msg));
        }
        free(s);
    }
    rivet_diag d = {0};
    assert_int_equal(header_hash("{\"parentHash\": 1", h, &d), RIVET_EINPUT);
    assert_int_equal(header_hash("\xc0", h, &d), RIVET_EINPUT);
}

/* A block: hash-only transactions and ommers cannot be rebuilt; the inputs need their parts. */
static void test_block_errors(void **ts)
{
    (void)ts;
    static const struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"{", "{\"transactions\": [\"0x12\"], ", "hashes only"},
        {"{", "{\"transactions\": [], \"uncles\": [\"0x12\"], ", "ommers"},
        {"{", "{\"transactions\": [{\"type\": \"0x9\"}], ", "type"},
        {"{", "{\"transactions\": [], \"withdrawals\": [{\"index\": \"0x1\"}], ",
         "validatorIndex"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *s = edit(bad[i].from, bad[i].to);
        wit_input in;
        rivet_diag d = {0};
        assert_int_equal(wit_input_block_json(&in, s, strlen(s), &d), RIVET_EINPUT);
        if (!strstr(d.msg, bad[i].msg)) print_message("case %zu: %s\n", i, d.msg);
        assert_non_null(strstr(d.msg, bad[i].msg));
        free(s);
    }
    /* an empty block on top of nothing: decodes (header rules are sl_validate's) */
    char *s = edit("{", "{\"transactions\": [], \"withdrawals\": [], ");
    wit_input in;
    rivet_diag d = {0};
    rivet_status st = wit_input_block_json(&in, s, strlen(s), &d);
    if (st != RIVET_OK) print_message("%s\n", d.msg);
    assert_int_equal(st, RIVET_OK);
    assert_int_equal(in.b.ntx, 0);
    assert_int_equal(in.b.header.number, 24628606);
    wit_input_free(&in);
    free(s);
    assert_int_equal(wit_input_json(&in, "{}", 2, WIT_FMT_AUTO, &d), RIVET_EINPUT);
    assert_int_equal(wit_input_json(&in, "[", 1, WIT_FMT_AUTO, &d), RIVET_EINPUT);
}

/* The built-in chains by id; holesky's schedule as go-ethereum's params/config.go has it. */
static void test_chains(void **ts)
{
    (void)ts;
    static const char *const names[] = {"mainnet", "sepolia", "holesky", "hoodi"};
    static const uint64_t ids[] = {1, 11155111, 17000, 560048};
    for (int i = 0; i < 4; i++) assert_ptr_equal(chain_by_id(ids[i]), chain_by_name(names[i]));
    const chain_config *h = chain_by_name("holesky");
    assert_int_equal(chain_fork(h, 1, 1695902100), FORK_PARIS);
    assert_int_equal(chain_fork(h, 1, 1696000704), FORK_SHANGHAI);
    assert_int_equal(chain_fork(h, 1, 1707305663), FORK_SHANGHAI);
    assert_int_equal(chain_fork(h, 1, 1707305664), FORK_CANCUN);
    assert_int_equal(chain_fork(h, 1, 1740434112), FORK_PRAGUE);
    assert_int_equal(chain_fork(h, 1, 1759308479), FORK_PRAGUE);
    assert_int_equal(chain_fork(h, 1, 1759308480), FORK_OSAKA);
    assert_int_equal(chain_blob_at(h, 1759800000)->max, 15);  /* BPO1 */
    assert_int_equal(chain_blob_at(h, 1760389824)->max, 21);  /* BPO2 */
    assert_int_equal(chain_blob_at(h, 1740434112)->target, 6); /* Prague */
    uint8_t dep[20];
    memset(dep, 0x42, 20);
    assert_memory_equal(h->deposit_contract, dep, 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parent_header),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_block_errors),
        cmocka_unit_test(test_chains),
    };
    return test_main(tests);
}
