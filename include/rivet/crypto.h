/* The crypto interface. One set of functions, two backends: `host` (Debian libraries) and
   `zkvm` (accelerator calls into the emulator, portable C elsewhere). Callers never know which. */
#ifndef RIVET_CRYPTO_H
#define RIVET_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Incremental keccak-256 (Ethereum's, padding 0x01, not FIPS SHA3). */
typedef struct crypto_keccak_ctx {
    uint64_t a[25];
    size_t n; /* bytes absorbed in the current block */
} crypto_keccak_ctx;

void crypto_keccak_init(crypto_keccak_ctx *c);
void crypto_keccak_update(crypto_keccak_ctx *c, const void *data, size_t len);
void crypto_keccak_final(crypto_keccak_ctx *c, uint8_t out[32]);
void crypto_keccak256(uint8_t out[32], const void *data, size_t len);
/* The raw Keccak-f[1600] permutation (24 rounds). */
void crypto_keccakf(uint64_t state[25]);

void crypto_sha256(uint8_t out[32], const void *data, size_t len);
void crypto_ripemd160(uint8_t out[20], const void *data, size_t len);

/* secp256k1 public-key recovery: hash, (r,s) as 64 big-endian bytes, recovery id 0..3.
   Writes the 64-byte uncompressed key (x||y, no 0x04). Returns false when no key recovers
   (including r or s zero or out of range). High s is accepted: callers enforce EIP-2. */
bool crypto_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32], const uint8_t sig[64],
                              int recid);
/* Address = last 20 bytes of keccak(pub). */
void crypto_pub_to_address(uint8_t addr[20], const uint8_t pub[64]);

/* Name of the backend compiled in ("host" or "zkvm"). */
const char *crypto_backend(void);

#endif
