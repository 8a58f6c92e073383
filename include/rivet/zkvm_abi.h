/* rivet's zkVM guest ABI as numbers: the ecall numbers (a7) and the status values (a0) that both
   sides use: the emulator's zkVM profile (rivet/rv_zkvm.h, src/rv/zkvm.c) and the guest-side
   accelerator calls of the zkvm crypto backend (src/crypto/zkvm/accel.c), which sits below the
   emulator. Numbers only, no code. Specification: docs/zkvm-abi.md. */
#ifndef RIVET_ZKVM_ABI_H
#define RIVET_ZKVM_ABI_H

/* Ecall numbers (a7). Linux-numbered I/O so that freestanding programs written for Linux's
   write/exit work unchanged; accelerators above 0x1000. */
#define RV_ZKVM_ECALL_LIST(X)                                                                      \
    X(READ, 63, "read")                                                                            \
    X(WRITE, 64, "write")                                                                          \
    X(EXIT, 93, "exit")                                                                            \
    X(EXIT_GROUP, 94, "exit_group")                                                                \
    X(KECCAK256, 0x1000, "zkvm_keccak256")                                                         \
    X(KECCAKF, 0x1001, "zkvm_keccakf")                                                             \
    X(SHA256, 0x1002, "zkvm_sha256")                                                               \
    X(SECP256K1_ECRECOVER, 0x1003, "zkvm_secp256k1_ecrecover")                                     \
    X(SECP256K1_VERIFY, 0x1004, "zkvm_secp256k1_verify")                                           \
    X(BN254_G1_ADD, 0x1005, "zkvm_bn254_g1_add")                                                   \
    X(BN254_G1_MUL, 0x1006, "zkvm_bn254_g1_mul")                                                   \
    X(BN254_PAIRING, 0x1007, "zkvm_bn254_pairing")

enum {
#define X(name, nr, text) RV_ZKVM_##name = nr,
    RV_ZKVM_ECALL_LIST(X)
#undef X
};

/* How many calls the list has. */
enum {
#define X(name, nr, text) +1
    RV_ZKVM_NCALLS = 0 RV_ZKVM_ECALL_LIST(X)
#undef X
};

/* The largest pairing input zkvm_bn254_pairing takes (bytes; 192 per pair); the guest computes
   larger ones itself. */
#define RV_ZKVM_BN254_PAIRING_MAX (192u * 8192u)

/* zkvm_status values returned in a0 by the accelerators that can fail. */
enum { RV_ZKVM_ERROR = -1, RV_ZKVM_SUCCESS = 0, RV_ZKVM_VERIFY_FAILURE = 1 };

#endif
