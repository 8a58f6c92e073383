#include "test.h"

#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/tx.h"

/* Vectors: ethereum/tests TransactionTests (types 0-2, with their hash, sender and intrinsic
   gas), EIP-155's worked example, and transactions from EEST blockchain fixtures (types 3 and 4,
   with the sender and authorization signer the fixtures state). */
#define LEGACY_PRE155                                                                              \
    "f85f800182520894095e7baea6a6c7c4c2dfeb977efac326af552d870a801ba048b55bfa915ac795c431978d8a6a" \
    "992b628d557da5ff759b307d495a36649353a01fffd310ac743f371de3b9f7f9cb56c0b28ad43601b4ab949f53fa" \
    "a07bd2c804"
#define LEGACY_155                                                                                 \
    "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028" \
    "ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b38" \
    "00ccf555c9f3dc64214b297fb1966a3b6d83"
#define TX_2930                                                                                    \
    "01f89a018001826a4094095e7baea6a6c7c4c2dfeb977efac326af552d878080f838f794a95e7baea6a6c7c4c2df" \
    "eb977efac326af552d87e1a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80a0" \
    "5cbd172231fc0735e0fb994dd5b1a4939170a260b36f0427a8a80866b063b948a07c230f7f578dd61785c93361b9" \
    "871c0706ebfa6d06e3f4491dc9558c5202ed36"
#define TX_1559                                                                                    \
    "02f885018084773594009f02ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff82520894" \
    "095e7baea6a6c7c4c2dfeb977efac326af552d878080c080a05cbd172231fc0735e0fb994dd5b1a4939170a260b3" \
    "6f0427a8a80866b063b948a07c230f7f578dd61785c93361b9871c0706ebfa6d06e3f4491dc9558c5202ed36"
#define TX_4844                                                                                    \
    "03f8850180800782afc894bd122961fc9b29207314a3663c19040c3d19aae20180c001e1a0010000000000000000" \
    "000000000000000000000000000000000000000000000001a0ba99db5cdd8ba63cb4fc14f5f1f2cde106210efdae" \
    "b464ed62ed25a32be9c290a030435724c97807a933365e9c5fe7d4e8a13427df5975a7ce7cf41223c9f41915"
#define TX_7702                                                                                    \
    "04f8fb01808007840100000194bff36bbb453a8a9efc2d6eabaf33f5c2720148a08080f838f794bff36bbb453a8a" \
    "9efc2d6eabaf33f5c2720148a0e1a000000000000000000000000000000000000000000000000000000000000000" \
    "00"                                                                                           \
    "f85cf85a809400000000000000000000000000000000000000008080a0f74e11216c4d261f2aeb1032086b39811d" \
    "729cf45e15c3881f86a35a1aea8caba073455234c4f2e00468d8a84411771120c79b9624c092431d2aa042bb0238" \
    "149d80a09b5a982c51f9f1cd3c07027b566d4fb22f9f0512b988122a46069dc872c2d9baa00f9cb5bd78ba474c33" \
    "e24d89f4543518d3792bd433c1d36ea3669ec021f1aad0"
/* TransactionWithSvalueHigh: valid in Frontier only (EIP-2). */
#define LEGACY_HIGH_S                                                                              \
    "f85f800182520894095e7baea6a6c7c4c2dfeb977efac326af552d870b801ba048b55bfa915ac795c431978d8a6a" \
    "992b628d557da5ff759b307d495a36649353a0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e" \
    "8cd0364140"
/* Vitalik_12: contract creation with 21 bytes of initcode. */
#define LEGACY_CREATE                                                                              \
    "f8610e80830493e080809560f2ff61000080610011600039610011565b6000f31ca0a310f4d0b26207db76ba4e1e" \
    "6e7cf1857ee3aa8559bcbc399a6b09bfea2d30b4a06dff38c645a1486651a717ddf3daccb4fd9a630871ecea0758" \
    "ddfcf2774f9bc6"

static uint8_t buf[2048];

static size_t load(const char *hex)
{
    return test_hex(buf, sizeof buf, hex);
}

static void decode_ok(tx *t, const char *hex)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    size_t n = load(hex);
    tx_error e = tx_decode(buf, n, t, &d);
    if (e != TX_ERR_OK) fail_msg("decode: %s", d.msg);
}

static tx_error decode_err(const char *hex)
{
    tx t;
    size_t n = load(hex);
    tx_error e = tx_decode(buf, n, &t, NULL);
    assert_int_not_equal(e, TX_ERR_OK);
    assert_null(t.mem);
    return e;
}

/* decode -> encode gives the input back; the hash is keccak of those bytes. */
static void roundtrip(const char *hex, uint8_t expect_type)
{
    tx t;
    decode_ok(&t, hex);
    assert_int_equal(t.type, expect_type);
    rivet_buf b = {0};
    assert_int_equal(tx_encode(&t, &b), RIVET_OK);
    size_t n = strlen(hex) / 2;
    assert_int_equal(b.n, n);
    assert_memory_equal(b.p, buf, n);
    uint8_t h1[32], h2[32];
    assert_int_equal(tx_hash(&t, h1), RIVET_OK);
    crypto_keccak256(h2, buf, n);
    assert_memory_equal(h1, h2, 32);
    buf_free(&b);
    tx_free(&t);
}

static void roundtrip_every_type(void **state)
{
    roundtrip(LEGACY_PRE155, 0);
    roundtrip(LEGACY_155, 0);
    roundtrip(LEGACY_CREATE, 0);
    roundtrip(TX_2930, 1);
    roundtrip(TX_1559, 2);
    roundtrip(TX_4844, 3);
    roundtrip(TX_7702, 4);
}

static void check_sender(const char *hex, rivet_fork fork, const char *want_hash,
                         const char *want_sender)
{
    tx t;
    uint8_t h[32], a[20];
    decode_ok(&t, hex);
    if (want_hash) {
        assert_int_equal(tx_hash(&t, h), RIVET_OK);
        assert_hex_equal(h, 32, want_hash);
    }
    assert_int_equal(tx_sender(&t, fork, a, NULL), TX_ERR_OK);
    assert_hex_equal(a, 20, want_sender);
    assert_int_equal(tx_validate_static(&t, fork, 1, NULL), TX_ERR_OK);
    tx_free(&t);
}

static void senders_and_hashes(void **state)
{
    check_sender(LEGACY_PRE155, FORK_CANCUN,
                 "ecb3ece1b90ea15a2360b99abc98ae56bd6bec7d14d5ce16ca4e814b44e4438d",
                 "963f4a0d8a11b758de8d5b99ab4ac898d6438ea6");
    check_sender(LEGACY_CREATE, FORK_CANCUN,
                 "db38325f4c7a9917a611fd09694492c23b0ec357a68ab5cbf905fc9757b9919a",
                 "874b54a8bd152966d63f706bae1ffeb0411921e5");
    check_sender(TX_2930, FORK_CANCUN,
                 "b4f8b14a7aaf85ec2f76be9fbe4155deae1f87b2da95af73be3c27ed8d4c8cb7",
                 "ebe76799923fd62804659fb00b4f0f1a94c0eb1e");
    check_sender(TX_1559, FORK_CANCUN,
                 "dad8bff3ecfcf95169b1d5625b47f3372be795802bc4fe570991cf332f609334",
                 "ae2aec498d20869d441eaaf708fb1e375ae1787d");
    check_sender(TX_4844, FORK_CANCUN, NULL, "a06a768d23926319a018e606cd297e03fa5f6664");
    check_sender(TX_7702, FORK_PRAGUE, NULL, "4574a8755074f9810c0e40de87dc9823fd0afc18");
}

/* EIP-155's example: signing hash of the 9-field payload, key 0x4646...46. */
static void eip155_signing_hash(void **state)
{
    tx t;
    uint8_t h[32], a[20];
    decode_ok(&t, LEGACY_155);
    assert_int_equal(t.chain_id.w[0], 1);
    assert_int_equal(tx_signing_hash(&t, h, NULL), TX_ERR_OK);
    assert_hex_equal(h, 32, "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    assert_int_equal(tx_sender(&t, FORK_CANCUN, a, NULL), TX_ERR_OK);
    assert_hex_equal(a, 20, "9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
    /* EIP-155 v is not accepted before Spurious Dragon; chain 1 is not chain 5 */
    assert_int_equal(tx_sender(&t, FORK_TANGERINE, a, NULL), TX_ERR_INVALID_SIGNATURE_VRS);
    assert_int_equal(tx_validate_static(&t, FORK_CANCUN, 5, NULL), TX_ERR_INVALID_CHAINID);
    tx_free(&t);
}

static void set_code_authority_and_rules(void **state)
{
    tx t;
    uint8_t a[20];
    tx_gas g;
    decode_ok(&t, TX_7702);
    assert_int_equal(t.auths_len, 1);
    assert_int_equal(tx_auth_authority(&t.auths[0], a, NULL), TX_ERR_OK);
    assert_hex_equal(a, 20, "134c98150b8f0e4a5a6209f639ca8ee8b83c1209");
    /* 21000 + one address (2400) + one key (1900) + one authorization (25000) */
    assert_int_equal(tx_intrinsic_gas(&t, FORK_PRAGUE, &g), RIVET_OK);
    assert_int_equal(g.intrinsic, 50300);
    assert_int_equal(g.floor, 21000);
    /* gas limit 2^24 + 1: over the EIP-7825 cap in Osaka; type 4 is unknown to Cancun */
    assert_int_equal(tx_validate_static(&t, FORK_OSAKA, 1, NULL), TX_ERR_GAS_LIMIT_EXCEEDS_MAXIMUM);
    assert_int_equal(tx_validate_static(&t, FORK_CANCUN, 1, NULL), TX_ERR_TYPE_NOT_SUPPORTED);
    tx_auth bad = t.auths[0];
    bad.s = u256_sub(U256_ZERO, bad.s); /* n - s > n/2 after adding n */
    bad.s = u256_add(bad.s, (u256){{0xBFD25E8CD0364141ull, 0xBAAEDCE6AF48A03Bull,
                                    0xFFFFFFFFFFFFFFFEull, 0xFFFFFFFFFFFFFFFFull}});
    assert_int_equal(tx_auth_authority(&bad, a, NULL),
                     TX_ERR_TYPE_4_INVALID_AUTHORITY_SIGNATURE_S_TOO_HIGH);
    bad = t.auths[0];
    bad.y_parity = 2;
    assert_int_equal(tx_auth_authority(&bad, a, NULL), TX_ERR_TYPE_4_INVALID_AUTHORITY_SIGNATURE);
    /* a hand-built copy without authorizations or `to` breaks the set-code rules */
    tx u = t;
    u.auths_len = 0;
    assert_int_equal(tx_validate_static(&u, FORK_PRAGUE, 1, NULL),
                     TX_ERR_TYPE_4_EMPTY_AUTHORIZATION_LIST);
    u = t;
    u.create = true;
    assert_int_equal(tx_validate_static(&u, FORK_PRAGUE, 1, NULL),
                     TX_ERR_TYPE_4_TX_CONTRACT_CREATION);
    tx_free(&t);
}

static void blob_rules(void **state)
{
    tx t;
    decode_ok(&t, TX_4844);
    assert_int_equal(t.blob_hashes_len, 1);
    assert_int_equal(t.blob_hashes[0][0], 0x01);
    assert_int_equal(tx_validate_static(&t, FORK_SHANGHAI, 1, NULL), TX_ERR_TYPE_NOT_SUPPORTED);
    uint8_t bad_version[1][32] = {{0x02}};
    tx u = t;
    u.blob_hashes = (const uint8_t(*)[32])bad_version;
    assert_int_equal(tx_validate_static(&u, FORK_CANCUN, 1, NULL),
                     TX_ERR_TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH);
    u = t;
    u.blob_hashes_len = 0;
    assert_int_equal(tx_validate_static(&u, FORK_CANCUN, 1, NULL), TX_ERR_TYPE_3_TX_ZERO_BLOBS);
    /* the block maximum first (6 in Cancun, 9 in Prague and Osaka, or the schedule's), then
       EIP-7594's 6 per transaction from Osaka: EEST test_invalid_max_blobs_per_tx expects
       MAX_BLOB_GAS_ALLOWANCE_EXCEEDED for 10 blobs in Osaka and BLOB_COUNT_EXCEEDED for 7 to 9 */
    uint8_t ten[10][32];
    for (int i = 0; i < 10; i++)
        memcpy(ten[i], t.blob_hashes[0], 32);
    u = t;
    u.blob_hashes = (const uint8_t(*)[32])ten;
    u.blob_hashes_len = 7;
    assert_int_equal(tx_validate_static(&u, FORK_CANCUN, 1, NULL),
                     TX_ERR_TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED);
    assert_int_equal(tx_validate_static(&u, FORK_PRAGUE, 1, NULL), TX_ERR_OK);
    assert_int_equal(tx_validate_static(&u, FORK_OSAKA, 1, NULL),
                     TX_ERR_TYPE_3_TX_BLOB_COUNT_EXCEEDED);
    u.blob_hashes_len = 10;
    assert_int_equal(tx_validate_static(&u, FORK_OSAKA, 1, NULL),
                     TX_ERR_TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED);
    tx_limits bpo2 = {.max_blobs = 21};
    assert_int_equal(tx_validate(&u, FORK_OSAKA, 1, &bpo2, NULL),
                     TX_ERR_TYPE_3_TX_BLOB_COUNT_EXCEEDED);
    assert_int_equal(tx_validate(&u, FORK_PRAGUE, 1, &bpo2, NULL), TX_ERR_OK);
    u = t;
    u.create = true;
    assert_int_equal(tx_validate_static(&u, FORK_CANCUN, 1, NULL),
                     TX_ERR_TYPE_3_TX_CONTRACT_CREATION);
    tx_free(&t);
    /* the network wrapper: 0x03 || rlp([tx_payload_list, blobs, commitments, proofs]) */
    assert_int_equal(decode_err("03c4c0c0c0c0"), TX_ERR_TYPE_3_TX_WITH_FULL_BLOBS);
}

/* The rules a block adds (EIP-1559: gas limit within the block's, max fee at least the base fee;
   EIP-4844: max blob fee at least the blob base fee) and the Amsterdam cap on regular gas
   (EIP-7825 as amended by EIP-8037: a gas limit above 2^24 is allowed, an intrinsic regular gas
   or calldata floor above it is not). */
static void block_and_cap_rules(void **state)
{
    tx t;
    decode_ok(&t, TX_1559);
    tx_limits lim = {.block = true, .gas_limit = t.gas_limit, .base_fee = t.max_fee};
    assert_int_equal(tx_check_rules(&t, FORK_CANCUN, &lim, NULL, NULL), TX_ERR_OK);
    lim.gas_limit = t.gas_limit - 1;
    assert_int_equal(tx_check_rules(&t, FORK_CANCUN, &lim, NULL, NULL),
                     TX_ERR_GAS_ALLOWANCE_EXCEEDED);
    lim.gas_limit = t.gas_limit;
    lim.base_fee = u256_add(t.max_fee, u256_from_u64(1));
    assert_int_equal(tx_check_rules(&t, FORK_CANCUN, &lim, NULL, NULL),
                     TX_ERR_INSUFFICIENT_MAX_FEE_PER_GAS);
    tx_free(&t);
    decode_ok(&t, TX_4844);
    lim = (tx_limits){.block = true, .gas_limit = t.gas_limit, .base_fee = U256_ZERO};
    lim.blob_base_fee = u256_add(t.max_fee_per_blob_gas, u256_from_u64(1));
    assert_int_equal(tx_check_rules(&t, FORK_CANCUN, &lim, NULL, NULL),
                     TX_ERR_INSUFFICIENT_MAX_FEE_PER_BLOB_GAS);
    tx_free(&t);

    enum { N = 500000 }; /* floor 21000 + 40 * N = 20021000 > 2^24 */
    uint8_t *data = malloc(N);
    assert_non_null(data);
    memset(data, 1, N);
    tx big = {.type = TX_DYNAMIC_FEE, .gas_limit = 30000000, .data = data, .data_len = N};
    tx_gas g;
    assert_int_equal(tx_check_rules(&big, FORK_OSAKA, NULL, NULL, NULL),
                     TX_ERR_GAS_LIMIT_EXCEEDS_MAXIMUM);
    assert_int_equal(tx_check_rules(&big, FORK_AMSTERDAM, NULL, &g, NULL),
                     TX_ERR_GAS_LIMIT_EXCEEDS_MAXIMUM);
    assert_int_equal(g.floor, 21000 + 40 * (uint64_t)N);
    big.data_len = N / 2; /* floor 10021000, regular intrinsic 4021000: within the cap */
    assert_int_equal(tx_check_rules(&big, FORK_AMSTERDAM, NULL, NULL, NULL), TX_ERR_OK);
    free(data);
}

static void intrinsic_gas_by_fork(void **state)
{
    tx t;
    tx_gas g;
    decode_ok(&t, LEGACY_CREATE); /* 21 bytes initcode: 6 zero, 15 non-zero, one word */
    assert_int_equal(tx_intrinsic_gas(&t, FORK_FRONTIER, &g), RIVET_OK);
    assert_int_equal(g.intrinsic, 21000 + 6 * 4 + 15 * 68);
    assert_int_equal(tx_intrinsic_gas(&t, FORK_HOMESTEAD, &g), RIVET_OK);
    assert_int_equal(g.intrinsic, 53000 + 6 * 4 + 15 * 68);
    assert_int_equal(tx_intrinsic_gas(&t, FORK_ISTANBUL, &g), RIVET_OK);
    assert_int_equal(g.intrinsic, 53000 + 6 * 4 + 15 * 16);
    assert_int_equal(tx_intrinsic_gas(&t, FORK_SHANGHAI, &g), RIVET_OK);
    assert_int_equal(g.intrinsic, 53000 + 6 * 4 + 15 * 16 + 2);
    assert_int_equal(g.floor, 0);
    assert_int_equal(tx_intrinsic_gas(&t, FORK_PRAGUE, &g), RIVET_OK);
    assert_int_equal(g.floor, 21000 + 10 * (6 + 4 * 15));
    tx u = t;
    u.gas_limit = 53000 + 6 * 4 + 15 * 16 + 2 - 1;
    assert_int_equal(tx_validate_static(&u, FORK_SHANGHAI, 1, NULL), TX_ERR_INTRINSIC_GAS_TOO_LOW);
    u.nonce = UINT64_MAX;
    assert_int_equal(tx_validate_static(&u, FORK_SHANGHAI, 1, NULL), TX_ERR_NONCE_TOO_BIG);
    tx_free(&t);
}

static void malformed_inputs(void **state)
{
    /* TransactionWithTooFewRLPElements: 8 fields */
    assert_int_equal(decode_err("f85e800182520894095e7baea6a6c7c4c2dfeb977efac326af552d870a1ba048"
                                "b55bfa915ac795c431978d8a6a992b628d557da5ff759b307d495a36649353a0"
                                "efffd310ac743f371de3b9f7f9cb56c0b28ad43601b4ab949f53faa07bd2c804"),
                     TX_ERR_RLP_TOO_FEW_ELEMENTS);
    assert_int_equal(decode_err("05c0"), TX_ERR_TYPE_NOT_SUPPORTED);
    assert_int_equal(decode_err("00c9808080808080808080"), TX_ERR_TYPE_NOT_SUPPORTED);
    assert_int_equal(decode_err("7fc0"), TX_ERR_TYPE_NOT_SUPPORTED);
    assert_int_equal(decode_err("02"), TX_ERR_RLP_ERROR_EOF);
    assert_int_equal(decode_err(""), TX_ERR_RLP_ERROR_EOF);
    assert_int_equal(decode_err(LEGACY_PRE155 "00"), TX_ERR_RLP_ERROR_SIZE);
    assert_int_equal(decode_err(TX_1559 "80"), TX_ERR_RLP_ERROR_SIZE);
    /* a typed payload that is a string, not a list */
    assert_int_equal(decode_err("0280"), TX_ERR_RLP_INVALID_HEADER);
    /* nonce with a leading zero; gas limit of 9 bytes */
    assert_int_equal(decode_err("cb8200018080808080808080"), TX_ERR_RLP_LEADING_ZEROS_NONCE);
    assert_int_equal(decode_err("d2808089010000000000000000808080808080"),
                     TX_ERR_GASLIMIT_OVERFLOW);
    /* `to` of 19 bytes */
    assert_int_equal(decode_err("dc80808093"
                                "00000000000000000000000000000000000000"
                                "8080808080"),
                     TX_ERR_ADDRESS_TOO_SHORT);
}

static void bad_signatures(void **state)
{
    tx t;
    uint8_t a[20];
    /* high s: rejected from Homestead (EIP-2), accepted in Frontier */
    decode_ok(&t, LEGACY_HIGH_S);
    assert_int_equal(tx_sender(&t, FORK_HOMESTEAD, a, NULL), TX_ERR_INVALID_SIGNATURE_VRS);
    assert_int_equal(tx_sender(&t, FORK_FRONTIER, a, NULL), TX_ERR_OK);
    assert_hex_equal(a, 20, "474869ba435affa1f45aaada48520880921c0887");
    tx u = t;
    u.v = u256_from_u64(29);
    assert_int_equal(tx_sender(&u, FORK_FRONTIER, a, NULL), TX_ERR_INVALID_SIGNATURE_VRS);
    assert_int_equal(tx_sender(&u, FORK_CANCUN, a, NULL), TX_ERR_INVALID_CHAINID);
    u = t;
    u.r = U256_ZERO;
    assert_int_equal(tx_sender(&u, FORK_FRONTIER, a, NULL), TX_ERR_INVALID_SIGNATURE_VRS);
    tx_free(&t);
    decode_ok(&t, TX_1559);
    u = t;
    u.v = u256_from_u64(2);
    assert_int_equal(tx_sender(&u, FORK_CANCUN, a, NULL), TX_ERR_INVALID_SIGNATURE_VRS);
    tx_free(&t);
}

static void error_names(void **state)
{
    assert_string_equal(tx_error_name(TX_ERR_INTRINSIC_GAS_TOO_LOW),
                        "TransactionException.INTRINSIC_GAS_TOO_LOW");
    assert_true(tx_error_matches(TX_ERR_INTRINSIC_GAS_TOO_LOW,
                                 "TransactionException.INTRINSIC_GAS_BELOW_FLOOR_GAS_COST|"
                                 "TransactionException.INTRINSIC_GAS_TOO_LOW"));
    assert_true(tx_error_matches(TX_ERR_NONCE_TOO_BIG, "TransactionException.NONCE_IS_MAX"));
    assert_false(tx_error_matches(TX_ERR_NONCE_TOO_BIG, "TransactionException.NONCE_OVERFLOW"));
    assert_false(tx_error_matches(TX_ERR_OK, "TransactionException.NONCE_OVERFLOW"));
    assert_int_equal(tx_error_status(TX_ERR_RLP_ERROR_SIZE), RIVET_EINPUT);
    assert_int_equal(tx_error_status(TX_ERR_INTRINSIC_GAS_TOO_LOW), RIVET_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roundtrip_every_type), cmocka_unit_test(senders_and_hashes),
        cmocka_unit_test(eip155_signing_hash),  cmocka_unit_test(set_code_authority_and_rules),
        cmocka_unit_test(blob_rules),           cmocka_unit_test(intrinsic_gas_by_fork),
        cmocka_unit_test(malformed_inputs),     cmocka_unit_test(bad_signatures),
        cmocka_unit_test(error_names),          cmocka_unit_test(block_and_cap_rules),
    };
    return test_main(tests);
}
