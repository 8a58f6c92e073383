/* The zkVM profile of the RISC-V emulator: a fixed memory map, input bytes preloaded and
   readable through an ecall, output bytes, exit code, and accelerator calls named after the
   Ethereum Foundation's zkvm-standards C interface. Specification: docs/zkvm-abi.md. */
#ifndef RIVET_RV_ZKVM_H
#define RIVET_RV_ZKVM_H

#include <stdio.h>

#include "rivet/bytes.h"
#include "rivet/rv.h"

/* Memory map. */
#define RV_ZKVM_INPUT_ADDR 0x40000000ull /* u64 length, then the input bytes; read-only */
#define RV_ZKVM_INPUT_MAX  0x40000000ull /* 1 GiB */
#define RV_ZKVM_RAM_ADDR   0xa0000000ull /* read/write RAM ... */
#define RV_ZKVM_RAM_END    0xc0000000ull /* ... up to here; the stack starts at the top */
#define RV_ZKVM_OUTPUT_MAX (64u << 20)   /* public output cap (bytes written to fd 1) */

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
    X(SECP256K1_VERIFY, 0x1004, "zkvm_secp256k1_verify")

enum {
#define X(name, nr, text) RV_ZKVM_##name = nr,
    RV_ZKVM_ECALL_LIST(X)
#undef X
};

/* zkvm_status values returned in a0 by the accelerators that can fail. */
enum { RV_ZKVM_ERROR = -1, RV_ZKVM_SUCCESS = 0, RV_ZKVM_VERIFY_FAILURE = 1 };

typedef struct rv_zkvm {
    const uint8_t *input; /* not owned */
    size_t input_len, input_pos;
    rivet_buf output;  /* bytes written to fd 1: the public output */
    FILE *echo_out;    /* if set, fd 1 bytes are also written here as they come */
    FILE *echo_err;    /* fd 2 (debug log) goes here, or is dropped */
    uint64_t calls[9]; /* per ecall of RV_ZKVM_ECALL_LIST, in list order */
} rv_zkvm;

/* Sets up mem and cpu for the profile: maps RAM and the input, loads the ELF (rv_elf_load),
   points pc at the entry and sp at the top of RAM, installs the ecall handler. cpu must be
   initialised with rv_cpu_init on mem; z must be zeroed apart from input/echo fields. */
rivet_status rv_zkvm_setup(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len, rivet_diag *d);
/* Name of the ecall at list position i (for statistics). */
const char *rv_zkvm_call_name(unsigned i);
void rv_zkvm_free(rv_zkvm *z);

#endif
