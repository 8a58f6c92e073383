/* Internals of the ZisK environment shared by its files: zkvm_zisk.c (map, boot, CSRs, UART,
   output), zkvm_zisk_accel.c (the precompile ports), zkvm_zisk_fcall.c (DMA markers and the
   free-input calls). */
#ifndef RIVET_RV_ZKVM_ZISK_INT_H
#define RIVET_RV_ZKVM_ZISK_INT_H

#include <gmp.h>

#include "rivet/rv_zisk.h"

/* The moduli ZisK's ports and hints work in (zkvm_zisk_hints.c, one table). */
enum {
    RV_ZISK_M_K1P,  /* secp256k1 base field */
    RV_ZISK_M_K1N,  /* secp256k1 group order */
    RV_ZISK_M_BN,   /* BN254 base field */
    RV_ZISK_M_BLS,  /* BLS12-381 base field */
    RV_ZISK_M_R1P,  /* secp256r1 base field */
    RV_ZISK_M_R1N,  /* secp256r1 group order */
    RV_ZISK_M_K1GX, /* secp256k1 generator x, y */
    RV_ZISK_M_K1GY,
    RV_ZISK_M_R1GX, /* secp256r1 generator x, y */
    RV_ZISK_M_R1GY,
    RV_ZISK_M_COUNT
};
const __mpz_struct *rv_zisk_modulus(int m);
/* Words behind each fcall parameter port 0x8F0 + k (k = 0: the value itself). */
extern const uint16_t rv_zisk_param_words[16];

/* A little-endian u64 of guest memory. */
RIVET_MUST_USE bool rv_zisk_peek64(rv_cpu *cpu, uint64_t a, uint64_t *v);
/* Port call (RV_ZISK_P_*) with the parameter block at p; sets cpu->call_ret. */
rv_env_action rv_zisk_port(rv_cpu *cpu, rv_zisk *z, unsigned port, uint64_t p);
/* BLAKE2B_ROUND: {u64 round, u64 v[16]*, u64 m[16]*}, v updated; false with *fa on a fault. */
RIVET_MUST_USE bool rv_zisk_blake2b_round(rv_cpu *cpu, uint64_t p, uint64_t *fa);
/* A DMA marker (MEMCPY, MEMCMP, MEMSET, INPUTCPY) whose operands ride on the instruction(s)
   at cpu->h.pc; runs it and moves pc past them. */
rv_env_action rv_zisk_dma(rv_cpu *cpu, rv_zisk *z, unsigned port);
/* The fcall CSRs: 0x8C0-0x8DF (function id), 0x8F0-0x8FF (parameters), 0xFFE (next result). */
rv_env_action rv_zisk_fcall_csr(rv_cpu *cpu, rv_zisk *z, unsigned csr);
/* Any other CSR: its u64 memory slot at RV_ZISK_CSR_ADDR + 8 csr, read and written like a
   register; rd reads the old value (cpu->call_ret). */
rv_env_action rv_zisk_csr_slot(rv_cpu *cpu, unsigned csr);
/* Runs free-input function id on the gathered parameters: the results go to z->fres; false
   when the id has no native implementation (no results). */
bool rv_zisk_fcall_run(rv_zisk *z, unsigned id);

#endif
