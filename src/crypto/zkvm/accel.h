/* Accelerator calls of the zkVM profile, present when RIVET_ZKVM_ACCEL is 1 (riscv guests built
   for `rivet exec --abi zkvm`). */
#ifndef RIVET_CRYPTO_ZKVM_ACCEL_H
#define RIVET_CRYPTO_ZKVM_ACCEL_H

#include "rivet/crypto.h"

#ifndef RIVET_ZKVM_ACCEL
#define RIVET_ZKVM_ACCEL 0
#endif
#if RIVET_ZKVM_ACCEL && !defined(__riscv)
#error "RIVET_ZKVM_ACCEL needs a riscv target"
#endif

void zk_accel_keccakf(uint64_t state[25]);
void zk_accel_keccak256(uint8_t out[32], const void *data, size_t len);
void zk_accel_sha256(uint8_t out[32], const void *data, size_t len);
RIVET_MUST_USE bool zk_accel_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32],
                                               const uint8_t sig[64], int recid);
/* EIP-196/197 on the profile's BN254 calls: false for a point the host rejects (off the curve,
   not in G2, a coordinate not below the modulus); *ok: the pairing product is one. */
RIVET_MUST_USE bool zk_accel_bn254_add(uint8_t out[64], const uint8_t a[64], const uint8_t b[64]);
RIVET_MUST_USE bool zk_accel_bn254_mul(uint8_t out[64], const uint8_t p[64],
                                       const uint8_t scalar[32]);
RIVET_MUST_USE bool zk_accel_bn254_pairing(bool *ok, const uint8_t *pairs, size_t n);

#endif
