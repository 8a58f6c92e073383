/* The zkVM profile of the RISC-V emulator: a fixed memory map, input bytes preloaded and
   readable through an ecall, output bytes, exit code, and accelerator calls named after the
   Ethereum Foundation's zkvm-standards C interface. Specification: docs/zkvm-abi.md. */
#ifndef RIVET_RV_ZKVM_H
#define RIVET_RV_ZKVM_H

#include <stdio.h>

#include "rivet/bytes.h"
#include "rivet/rv.h"
#include "rivet/zkvm_abi.h" /* the ecall numbers */

/* Memory map. */
#define RV_ZKVM_INPUT_ADDR 0x40000000ull /* u64 length, then the input bytes; read-only */
#define RV_ZKVM_INPUT_MAX  0x40000000ull /* 1 GiB */
#define RV_ZKVM_RAM_ADDR   0xa0000000ull /* read/write RAM ... */
#define RV_ZKVM_RAM_END    0xc0000000ull /* ... up to here; the stack starts at the top */
#define RV_ZKVM_OUTPUT_MAX (64u << 20)   /* public output cap (bytes written to fd 1) */

/* Target zkVM ABIs: the ISA a target zkVM proves and how its guests reach the accelerators,
   applied when a profile (--profile, the AOT's src/aot/profiles.def) is selected and by the
   replay of its traces. X(id, "name", mechanism, extensions):
     ECALL_A7  ecall with the id in a7 (rivet's calls above)
     CSR       a CSR instruction on the precompile port, its source register the argument (ZisK)
     ECALL_T0  ecall with the id in t0, arguments in a0.. (SP1, RISC Zero)
     extensions  RV_EXT_* the zkVM proves: other encodings decode as illegal (trap)
   Under every ABI rivet's Linux-numbered I/O (read, write, exit, exit_group with the number in
   a7) stays available and takes precedence; rivet's own accelerators (0x1000..) are rivet's
   only. Specification: docs/zkvm-abi.md, "Profiles". */
#define RV_ZKVM_ABI_LIST(X)                                                                        \
    X(RIVET, "rivet", ECALL_A7, RV_EXT_GC)                                                         \
    X(ZISK, "zisk", CSR, RV_EXT_I | RV_EXT_M | RV_EXT_A | RV_EXT_C | RV_EXT_ZICSR)                 \
    X(SP1, "sp1", ECALL_T0, RV_EXT_I | RV_EXT_M)                                                   \
    X(RISC0, "risc0", ECALL_T0, RV_EXT_I | RV_EXT_M)

typedef enum {
#define X(id, name, mech, ext) RV_ZKVM_ABI_##id,
    RV_ZKVM_ABI_LIST(X)
#undef X
        RV_ZKVM_ABI_COUNT
} rv_zkvm_abi;

/* The extensions of each ABI's zkVM, as constants (RV_ZKVM_EXT_ZISK, ...). */
enum {
#define X(id, name, mech, ext) RV_ZKVM_EXT_##id = (ext),
    RV_ZKVM_ABI_LIST(X)
#undef X
};

typedef enum { RV_ZKVM_MECH_ECALL_A7, RV_ZKVM_MECH_CSR, RV_ZKVM_MECH_ECALL_T0 } rv_zkvm_mech;

/* The vendors' accelerator (and halt/write) calls, one table for dispatch, the trace's input
   and output ranges (src/rv/zkvm_profile.c) and the docs:
   X(id, abi, id value (CSR number or t0), sub (RISC Zero SOFTWARE: t6; 0 = none),
     "vendor's name", "arguments") */
#define RV_ZKVM_VCALL_LIST(X)                                                                      \
    X(ZISK_KECCAKF, ZISK, 0x800, 0, "SYSCALL_KECCAKF_ID",                                          \
      "csrs 0x800, p: p = 25 u64 lanes (200 B), permuted in place")                                \
    X(ZISK_SHA256F, ZISK, 0x805, 0, "SYSCALL_SHA256F_ID",                                          \
      "csrs 0x805, p: p = {u64 state, u64 input}; state = 8 u32 (LE), input = 64-byte block; "     \
      "state compressed in place")                                                                 \
    X(SP1_HALT, SP1, 0x00000000, 0, "HALT", "a0 = exit code")                                      \
    X(SP1_WRITE, SP1, 0x00000002, 0, "WRITE", "a0 = fd (1 or 2), a1 = buffer, a2 = length")        \
    X(SP1_SHA_EXTEND, SP1, 0x00300105, 0, "SHA_EXTEND",                                            \
      "a0 = w, 64 u64 slots (low 32 bits): w[16..63] from w[0..15]")                               \
    X(SP1_SHA_COMPRESS, SP1, 0x00010106, 0, "SHA_COMPRESS",                                        \
      "a0 = w (64 u64 slots), a1 = state (8 u64 slots): 64 rounds, state updated")                 \
    X(SP1_KECCAK_PERMUTE, SP1, 0x00010109, 0, "KECCAK_PERMUTE",                                    \
      "a0 = 25 u64 lanes, permuted in place")                                                      \
    X(RISC0_HALT, RISC0, 0, 0, "HALT", "a0 = exit code << 8 | TERMINATE (0)")                      \
    X(RISC0_SHA, RISC0, 3, 0, "SHA",                                                               \
      "a0 = out state, a1 = in state (8 big-endian u32), a2/a3 = first/second 32 bytes of "        \
      "block 0, a4 = blocks (block i at a2 + 64i, a3 + 64i)")                                      \
    X(RISC0_KECCAK, RISC0, 2, 7, "SOFTWARE, t6 = Keccak (7)",                                      \
      "a3 = KECCAK_PERMUTE (0), a4 = in state (200 B), a0 = out state, a1 = 50 words; "            \
      "a0 = a1 = 0")                                                                               \
    X(RISC0_WRITE, RISC0, 2, 16, "SOFTWARE, t6 = Write (16)",                                      \
      "a3 = fd (1 or 2), a4 = buffer, a5 = length; a0 = a1 = 0")

enum {
#define X(id, abi, num, sub, vname, args) RV_ZKVM_V_##id,
    RV_ZKVM_VCALL_LIST(X)
#undef X
        RV_ZKVM_V_COUNT
};

/* A range of guest memory (address, bytes). */
typedef struct rv_zkvm_range {
    uint64_t a, n;
} rv_zkvm_range;

typedef struct rv_zkvm {
    const uint8_t *input; /* not owned */
    size_t input_len, input_pos;
    rivet_buf output;                 /* bytes written to fd 1: the public output */
    FILE *echo_out;                   /* if set, fd 1 bytes are also written here as they come */
    FILE *echo_err;                   /* fd 2 (debug log) goes here, or is dropped */
    uint64_t calls[9];                /* per ecall of RV_ZKVM_ECALL_LIST, in list order */
    rv_zkvm_abi abi;                  /* the accelerator ABI (0: rivet's) */
    uint64_t vcalls[RV_ZKVM_V_COUNT]; /* per vendor call of RV_ZKVM_VCALL_LIST */
    /* The call in progress: its vendor call (-1: one of rivet's) and the guest memory it wrote,
       which the trace replay marks as written. */
    int vcall;
    rv_zkvm_range out[2];
    unsigned nout;
} rv_zkvm;

/* Sets up mem and cpu for the profile: maps RAM and the input, loads the ELF (rv_elf_load),
   points pc at the entry and sp at the top of RAM, installs the ecall handler. cpu must be
   initialised with rv_cpu_init on mem; z must be zeroed apart from input/echo fields. */
RIVET_MUST_USE rivet_status rv_zkvm_setup(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len,
                                          rivet_diag *d);
/* The extensions (RV_EXT_*) of the zkVM whose ABI abi is. */
unsigned rv_zkvm_abi_ext(rv_zkvm_abi abi);
/* Name of the vendor call at list position i (for statistics). */
const char *rv_zkvm_vcall_name(unsigned i);

/* Name of the ecall at list position i (for statistics). */
const char *rv_zkvm_call_name(unsigned i);
void rv_zkvm_free(rv_zkvm *z);

#endif
