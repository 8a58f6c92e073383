/* Internals of the ZisK environment shared by its files: zkvm_zisk.c (map, boot, CSRs, UART,
   output), zkvm_zisk_accel.c (the precompile ports), zkvm_zisk_fcall.c (DMA markers and the
   free-input calls). */
#ifndef RIVET_RV_ZKVM_ZISK_INT_H
#define RIVET_RV_ZKVM_ZISK_INT_H

#include "rivet/rv_zisk.h"

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
