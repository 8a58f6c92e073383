/* The crypto interface. One set of functions, two backends: `host` (Debian libraries) and
   `zkvm` (accelerator calls into the emulator, portable C elsewhere). Callers never know which. */
#ifndef RIVET_CRYPTO_H
#define RIVET_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/status.h" /* RIVET_MUST_USE */

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
/* SHA-256's pieces (FIPS 180-4 §6.2.2), as zkVM accelerators expose them: the message schedule
   (w[16..63] from w[0..15]), the 64 rounds on state h with a given schedule (h += rounds), and
   one block's compression (schedule of the big-endian block, then the rounds). */
void crypto_sha256_schedule(uint32_t w[64]);
void crypto_sha256_rounds(uint32_t h[8], const uint32_t w[64]);
void crypto_sha256_compress(uint32_t h[8], const uint8_t block[64]);
void crypto_ripemd160(uint8_t out[20], const void *data, size_t len);

/* secp256k1 public-key recovery: hash, (r,s) as 64 big-endian bytes, recovery id 0..3.
   Writes the 64-byte uncompressed key (x||y, no 0x04). Returns false when no key recovers
   (including r or s zero or out of range). High s is accepted: callers enforce EIP-2. */
RIVET_MUST_USE bool crypto_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32],
                                             const uint8_t sig[64], int recid);
/* Address = last 20 bytes of keccak(pub). */
void crypto_pub_to_address(uint8_t addr[20], const uint8_t pub[64]);

/* Name of the backend compiled in ("host" or "zkvm"). */
const char *crypto_backend(void);

/* ---- Precompile math (EVM 0x05..0x11, 0x100). Inputs are big-endian, fixed-size. ---- */

/* Why an operation rejected its input (or could not run). */
#define CRYPTO_ERR_LIST(X)                                                                         \
    X(OK, "ok")                                                                                    \
    X(FIELD, "field element not canonical")                                                        \
    X(CURVE, "point not on curve")                                                                 \
    X(SUBGROUP, "point not in subgroup")                                                           \
    X(PROOF, "invalid proof encoding")                                                             \
    X(UNSUPPORTED, "not supported by this build")                                                  \
    X(NOMEM, "out of memory")

typedef enum {
#define X(id, text) CRYPTO_##id,
    CRYPTO_ERR_LIST(X)
#undef X
} crypto_err;

const char *crypto_err_str(crypto_err e);

/* base^exp mod mod over big-endian byte strings; out gets mod_len bytes (zeros when mod is 0). */
crypto_err crypto_modexp(uint8_t *out, const uint8_t *base, size_t base_len, const uint8_t *exp,
                         size_t exp_len, const uint8_t *mod, size_t mod_len);

/* One BLAKE2b round (the eight G mixings, message schedule round % 10) on the working vector
   v; crypto_blake2f runs `rounds` of them. */
void crypto_blake2b_round(uint64_t v[16], const uint64_t m[16], uint32_t round);
/* BLAKE2b compression F (RFC 7693) with a round count, as in EIP-152. */
void crypto_blake2f(uint64_t h[8], const uint64_t m[16], const uint64_t t[2], bool last,
                    uint32_t rounds);

/* NIST P-256 ECDSA verification (EIP-7951): true when (r, s) is a valid signature of hash under
   the public key (qx, qy). Out-of-range r/s, or a key off the curve or at infinity, give false. */
RIVET_MUST_USE bool crypto_p256_verify(const uint8_t hash[32], const uint8_t r[32],
                                       const uint8_t s[32], const uint8_t qx[32],
                                       const uint8_t qy[32]);

/* BN254 (alt_bn128). Points are x||y, 32 bytes each; (0,0) is infinity. Coordinates must be
   < p; G2 coordinates are (imaginary, real) pairs as in EIP-197. */
crypto_err crypto_bn254_add(uint8_t out[64], const uint8_t a[64], const uint8_t b[64]);
crypto_err crypto_bn254_mul(uint8_t out[64], const uint8_t p[64], const uint8_t scalar[32]);
/* pairs: n * (G1 64 bytes || G2 128 bytes). *ok = product of pairings is one. */
crypto_err crypto_bn254_pairing_check(bool *ok, const uint8_t *pairs, size_t n);

/* BLS12-381 (EIP-2537 semantics on unpadded coordinates): Fp is 48 bytes; G1 is x||y (96);
   G2 is x.c0||x.c1||y.c0||y.c1 (192); all zeros is infinity. Add checks the curve only; MSM and
   pairing check the subgroup too. Scalars are 32 bytes, any value. */
crypto_err crypto_bls12_g1add(uint8_t out[96], const uint8_t a[96], const uint8_t b[96]);
crypto_err crypto_bls12_g2add(uint8_t out[192], const uint8_t a[192], const uint8_t b[192]);
/* pairs: n * (point || scalar[32]). */
crypto_err crypto_bls12_g1msm(uint8_t out[96], const uint8_t *pairs, size_t n);
crypto_err crypto_bls12_g2msm(uint8_t out[192], const uint8_t *pairs, size_t n);
/* pairs: n * (G1 96 || G2 192). */
crypto_err crypto_bls12_pairing_check(bool *ok, const uint8_t *pairs, size_t n);
crypto_err crypto_bls12_map_fp_to_g1(uint8_t out[96], const uint8_t fp[48]);
crypto_err crypto_bls12_map_fp2_to_g2(uint8_t out[192], const uint8_t fp2[96]);

/* EIP-4844 KZG proof check against the mainnet trusted setup: commitment and proof are
   compressed G1 points (48 bytes), z and y field elements (32 bytes, must be < r). */
crypto_err crypto_kzg_verify(bool *ok, const uint8_t commitment[48], const uint8_t z[32],
                             const uint8_t y[32], const uint8_t proof[48]);

/* EIP-4844 blobs: 4096 big-endian field elements of 32 bytes. */
#define CRYPTO_BLOB_BYTES 131072u
/* verify_blob_kzg_proof of the deneb polynomial-commitments spec: the blob's Fiat-Shamir
   challenge z, the blob's polynomial evaluated there (y), then crypto_kzg_verify. An element
   not below r is CRYPTO_FIELD; a bad point CRYPTO_CURVE/SUBGROUP/PROOF; *ok the verdict. */
crypto_err crypto_kzg_verify_blob(bool *ok, const uint8_t *blob, const uint8_t commitment[48],
                                  const uint8_t proof[48]);
/* EIP-4844 kzg_to_versioned_hash: sha256(commitment) with its first byte set to 0x01. */
void crypto_kzg_versioned_hash(uint8_t out[32], const uint8_t commitment[48]);

#endif
