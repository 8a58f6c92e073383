/* The guest-only part of the zkvm backend: accelerator ecalls of the zkVM profile (numbers and
   arguments in rivet/zkvm_abi.h and docs/zkvm-abi.md). Built into the zkVM guest only
   (RIVET_ZKVM_ACCEL=1 on riscv); everywhere else backend.c uses the portable code. */
#include "crypto/zkvm/accel.h"

#if RIVET_ZKVM_ACCEL

#include "rivet/zkvm_abi.h"

static long zk_ecall(long nr, long a0, long a1, long a2, long a3)
{
    register long r0 __asm__("a0") = a0;
    register long r1 __asm__("a1") = a1;
    register long r2 __asm__("a2") = a2;
    register long r3 __asm__("a3") = a3;
    register long r7 __asm__("a7") = nr;
    __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r7) : "memory");
    return r0;
}

/* The state is 25 little-endian lanes in memory: the layout of uint64_t[25] on riscv. */
void zk_accel_keccakf(uint64_t state[25])
{
    zk_ecall(RV_ZKVM_KECCAKF, (long)state, 0, 0, 0);
}

void zk_accel_keccak256(uint8_t out[32], const void *data, size_t len)
{
    zk_ecall(RV_ZKVM_KECCAK256, (long)data, (long)len, (long)out, 0);
}

void zk_accel_sha256(uint8_t out[32], const void *data, size_t len)
{
    zk_ecall(RV_ZKVM_SHA256, (long)data, (long)len, (long)out, 0);
}

bool zk_accel_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32], const uint8_t sig[64],
                                int recid)
{
    return zk_ecall(RV_ZKVM_SECP256K1_ECRECOVER, (long)hash, (long)sig, recid, (long)pub) ==
           RV_ZKVM_SUCCESS;
}

bool zk_accel_bn254_add(uint8_t out[64], const uint8_t a[64], const uint8_t b[64])
{
    return zk_ecall(RV_ZKVM_BN254_G1_ADD, (long)a, (long)b, (long)out, 0) == RV_ZKVM_SUCCESS;
}

bool zk_accel_bn254_mul(uint8_t out[64], const uint8_t p[64], const uint8_t scalar[32])
{
    return zk_ecall(RV_ZKVM_BN254_G1_MUL, (long)p, (long)scalar, (long)out, 0) == RV_ZKVM_SUCCESS;
}

bool zk_accel_bn254_pairing(bool *ok, const uint8_t *pairs, size_t n)
{
    long r = zk_ecall(RV_ZKVM_BN254_PAIRING, (long)pairs, (long)(192 * n), 0, 0);
    *ok = r == RV_ZKVM_SUCCESS;
    return r != RV_ZKVM_ERROR;
}

#endif
