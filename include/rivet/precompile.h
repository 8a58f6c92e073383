/* Precompiled contracts: each one a pure function (input, length, fork) -> (status, gas, output).
   The math lives in src/crypto/ (behind include/rivet/crypto.h); the gas schedule and the
   input/output rules (padding, encodings, bounds) live in src/evm/precompile*.c.

   Usage from the interpreter (CALL family, after the value transfer and the warm/cold charge):

       int i = precompile_index(addr, fork);          // -1: not a precompile in this fork
       uint64_t used;
       rivet_status s = precompile_run(i, in, len, fork, gas_available, &used, &out, NULL);
       // RIVET_OK        success: charge `used` (<= gas_available), return data = out
       // RIVET_EINVALID  failure: charge all of gas_available (used == gas_available),
       //                 return data empty, the call pushes 0
       // other           host error (ENOMEM; EUNSUPPORTED when the build lacks blst):
       //                 not a consensus outcome, abort the execution with that status */
#ifndef RIVET_PRECOMPILE_H
#define RIVET_PRECOMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/fork.h"
#include "rivet/status.h"

/* X(id, address, name, stem, first fork). Ordered by address; the index is the position here.
   Names follow the EIPs / execution specs; the stem names the implementation, pre_<stem>_gas
   and pre_<stem>_run (src/evm/precompile_impl.h). */
#define RIVET_PRECOMPILE_LIST(X)                                                                   \
    X(ECRECOVER, 0x01, "ecrecover", ecrecover, FORK_FRONTIER)                                      \
    X(SHA256, 0x02, "sha256", sha256, FORK_FRONTIER)                                               \
    X(RIPEMD160, 0x03, "ripemd160", ripemd160, FORK_FRONTIER)                                      \
    X(IDENTITY, 0x04, "identity", identity, FORK_FRONTIER)                                         \
    X(MODEXP, 0x05, "modexp", modexp, FORK_BYZANTIUM)                                              \
    X(BN254_ADD, 0x06, "bn254_add", bn254_add, FORK_BYZANTIUM)                                     \
    X(BN254_MUL, 0x07, "bn254_mul", bn254_mul, FORK_BYZANTIUM)                                     \
    X(BN254_PAIRING, 0x08, "bn254_pairing", bn254_pairing, FORK_BYZANTIUM)                         \
    X(BLAKE2F, 0x09, "blake2f", blake2f, FORK_ISTANBUL)                                            \
    X(POINT_EVALUATION, 0x0a, "point_evaluation", point_evaluation, FORK_CANCUN)                   \
    X(BLS12_G1ADD, 0x0b, "bls12_g1add", bls12_g1add, FORK_PRAGUE)                                  \
    X(BLS12_G1MSM, 0x0c, "bls12_g1msm", bls12_g1msm, FORK_PRAGUE)                                  \
    X(BLS12_G2ADD, 0x0d, "bls12_g2add", bls12_g2add, FORK_PRAGUE)                                  \
    X(BLS12_G2MSM, 0x0e, "bls12_g2msm", bls12_g2msm, FORK_PRAGUE)                                  \
    X(BLS12_PAIRING, 0x0f, "bls12_pairing_check", bls12_pairing, FORK_PRAGUE)                      \
    X(BLS12_MAP_FP_TO_G1, 0x10, "bls12_map_fp_to_g1", bls12_map_fp_to_g1, FORK_PRAGUE)             \
    X(BLS12_MAP_FP2_TO_G2, 0x11, "bls12_map_fp2_to_g2", bls12_map_fp2_to_g2, FORK_PRAGUE)          \
    X(P256VERIFY, 0x100, "p256verify", p256verify, FORK_OSAKA)

enum {
#define X(id, addr, name, stem, since) PRECOMPILE_##id,
    RIVET_PRECOMPILE_LIST(X)
#undef X
        PRECOMPILE_COUNT
};

/* Index of the precompile at addr active in fork, or -1 (also for addresses of precompiles
   that only arrive in a later fork). */
int precompile_index(const uint8_t addr[20], rivet_fork fork);

/* Runs precompile `index` (0 <= index < PRECOMPILE_COUNT) on in[0..len) under fork's rules.
   `out` is reset (out->n = 0) and receives the output; its storage is reused.
   - RIVET_OK: success; *gas_used = the precompile's gas for this input (<= gas_limit). Some
     successes have empty output (ecrecover of an invalid signature, p256verify of a wrong one).
   - RIVET_EINVALID: the call fails and consumes all gas: *gas_used = gas_limit, out->n = 0.
     Covers out of gas (required gas > gas_limit) and invalid input (bad lengths, points not on
     the curve or not in the subgroup, non-canonical field elements, EIP-7823 bounds, ...).
     d (may be NULL) says which, e.g. "out of gas: need 45000" or "g1 point not on curve".
   - RIVET_EUNSUPPORTED: this build has no backend for it (BLS12-381 and KZG without blst).
   - RIVET_ENOMEM: allocation failed; RIVET_EUSAGE: index out of range.
   Gas is checked before any operand is imported: modexp lengths up to 2^256 never allocate. */
RIVET_MUST_USE rivet_status precompile_run(int index, const uint8_t *in, size_t len,
                                           rivet_fork fork, uint64_t gas_limit, uint64_t *gas_used,
                                           rivet_buf *out, rivet_diag *d);

/* Gas the precompile charges for this input (saturating at UINT64_MAX; UINT64_MAX for a bad
   index). Inputs that fail regardless of gas still have a price here; precompile_run decides
   failure. */
uint64_t precompile_gas(int index, const uint8_t *in, size_t len, rivet_fork fork);

/* Table lookups, for reports and access lists (precompiles are warm from Berlin on). */
const char *precompile_name(int index);   /* "ecrecover", ...; "?" when out of range */
int precompile_by_name(const char *name); /* -1 when unknown */
void precompile_address(int index, uint8_t addr[20]);
rivet_fork precompile_since(int index); /* first fork in which it exists */

#endif
