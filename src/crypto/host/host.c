/* Host backend: nettle (keccak-f, sha256, ripemd160) and libsecp256k1 (recovery). */
#include "rivet/crypto.h"

#include <nettle/ripemd160.h>
#include <nettle/sha2.h>
#include <nettle/sha3.h>
#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <string.h>

const char *crypto_backend(void)
{
    return "host";
}

void crypto_keccakf(uint64_t state[25])
{
    struct sha3_state s;
    memcpy(s.a, state, sizeof s.a);
    nettle_sha3_permute(&s);
    memcpy(state, s.a, sizeof s.a);
}

void crypto_sha256(uint8_t out[32], const void *data, size_t len)
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

void crypto_ripemd160(uint8_t out[20], const void *data, size_t len)
{
    struct ripemd160_ctx c;
    ripemd160_init(&c);
    ripemd160_update(&c, len, data);
    ripemd160_digest(&c, RIPEMD160_DIGEST_SIZE, out);
}

static secp256k1_context *secp_context;
static pthread_once_t secp_once = PTHREAD_ONCE_INIT;

static void secp_init(void)
{
    secp_context = secp256k1_context_create(SECP256K1_CONTEXT_VERIFY);
}

/* One verification context, created once even when replay threads race for it. */
static const secp256k1_context *secp_ctx(void)
{
    pthread_once(&secp_once, secp_init);
    return secp_context;
}

bool crypto_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32], const uint8_t sig[64],
                              int recid)
{
    const secp256k1_context *ctx = secp_ctx();
    secp256k1_ecdsa_recoverable_signature rs;
    secp256k1_pubkey pk;
    uint8_t ser[65];
    size_t serlen = sizeof ser;
    if (recid < 0 || recid > 3) return false;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig, recid)) return false;
    if (!secp256k1_ecdsa_recover(ctx, &pk, &rs, hash)) return false;
    secp256k1_ec_pubkey_serialize(ctx, ser, &serlen, &pk, SECP256K1_EC_UNCOMPRESSED);
    memcpy(pub, ser + 1, 64);
    return true;
}
