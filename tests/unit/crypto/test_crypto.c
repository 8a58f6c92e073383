#include "test.h"

#include "rivet/crypto.h"

static void keccak_known(void **state)
{
    uint8_t h[32];
    crypto_keccak256(h, "", 0);
    assert_hex_equal(h, 32, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    crypto_keccak256(h, "abc", 3);
    assert_hex_equal(h, 32, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

static void keccak_incremental_matches_oneshot(void **state)
{
    uint8_t data[1000], a[32], b[32];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    for (size_t split = 0; split <= sizeof data; split += 37) {
        crypto_keccak_ctx c;
        crypto_keccak_init(&c);
        crypto_keccak_update(&c, data, split);
        crypto_keccak_update(&c, data + split, sizeof data - split);
        crypto_keccak_final(&c, a);
        crypto_keccak256(b, data, sizeof data);
        assert_memory_equal(a, b, 32);
    }
}

static void sha256_ripemd_known(void **state)
{
    uint8_t h[32];
    crypto_sha256(h, "abc", 3);
    assert_hex_equal(h, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    crypto_ripemd160(h, "abc", 3);
    assert_hex_equal(h, 20, "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
}

/* The accelerators' SHA-256 pieces: FIPS 180-4's one- and two-block examples ("abc" and the
   56-byte message), block by block from the initial value, through compress and through
   schedule + rounds. */
static void sha256_pieces_known(void **state)
{
    static const char *msg[2] = {"abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"};
    static const char *want[2] = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"};
    for (int m = 0; m < 2; m++) {
        uint8_t blk[128] = {0}, d1[32], d2[32];
        size_t n = strlen(msg[m]), total = (n + 9 + 63) / 64 * 64;
        memcpy(blk, msg[m], n);
        blk[n] = 0x80;
        blk[total - 1] = (uint8_t)(n * 8);
        blk[total - 2] = (uint8_t)(n * 8 >> 8);
        uint32_t h1[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        uint32_t h2[8], w[64];
        memcpy(h2, h1, sizeof h2);
        for (size_t b = 0; b < total; b += 64) {
            crypto_sha256_compress(h1, blk + b);
            for (int i = 0; i < 16; i++)
                w[i] = (uint32_t)blk[b + 4 * i] << 24 | (uint32_t)blk[b + 4 * i + 1] << 16 |
                       (uint32_t)blk[b + 4 * i + 2] << 8 | blk[b + 4 * i + 3];
            crypto_sha256_schedule(w);
            crypto_sha256_rounds(h2, w);
        }
        for (int i = 0; i < 32; i++) {
            d1[i] = (uint8_t)(h1[i / 4] >> (24 - 8 * (i % 4)));
            d2[i] = (uint8_t)(h2[i / 4] >> (24 - 8 * (i % 4)));
        }
        assert_hex_equal(d1, 32, want[m]);
        assert_hex_equal(d2, 32, want[m]);
    }
}

static void secp256k1_recover_known(void **state)
{
    /* ecrecover vector from the go-ethereum precompile tests */
    uint8_t hash[32], sig[64], pub[64], addr[20];
    test_hex(hash, 32, "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c");
    test_hex(sig, 64,
             "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"
             "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549");
    assert_true(crypto_secp256k1_recover(pub, hash, sig, 1));
    crypto_pub_to_address(addr, pub);
    assert_hex_equal(addr, 20, "a94f5374fce5edbc8e2a8697c15331677e6ebf0b");
    assert_false(crypto_secp256k1_recover(pub, hash, sig, 4));
    memset(sig, 0, 32); /* r = 0 */
    assert_false(crypto_secp256k1_recover(pub, hash, sig, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keccak_known),
        cmocka_unit_test(keccak_incremental_matches_oneshot),
        cmocka_unit_test(sha256_ripemd_known),
        cmocka_unit_test(sha256_pieces_known),
        cmocka_unit_test(secp256k1_recover_known),
    };
    return test_main(tests);
}
