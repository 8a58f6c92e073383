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

/* Call conventions ("families") of the target zkVMs: how a guest reaches the host.
   X(id, mechanism)
     ECALL_A7  ecall with the id in a7 (rivet's calls, zkvm_abi.h)
     CSR       a CSR instruction on a port number, its source register the argument (ZisK's
               precompiles, Airbender's 0x7c0 word oracle)
     ECALL_T0  ecall with the id in t0, arguments in a0.. (SP1, RISC Zero)
     CUSTOM    custom instructions (OpenVM's custom-0 system opcodes) */
#define RV_ZKVM_FAMILY_LIST(X)                                                                     \
    X(RIVET, ECALL_A7)                                                                             \
    X(ZISK, CSR)                                                                                   \
    X(SP1, ECALL_T0)                                                                               \
    X(RISC0, ECALL_T0)                                                                             \
    X(OPENVM, CUSTOM)                                                                              \
    X(AIRBENDER, CSR)                                                                              \
    X(ZISKV, CSR)

typedef enum {
#define X(id, mech) RV_ZKVM_FAM_##id,
    RV_ZKVM_FAMILY_LIST(X)
#undef X
        RV_ZKVM_FAM_COUNT
} rv_zkvm_family;

typedef enum {
    RV_ZKVM_MECH_ECALL_A7,
    RV_ZKVM_MECH_CSR,
    RV_ZKVM_MECH_ECALL_T0,
    RV_ZKVM_MECH_CUSTOM
} rv_zkvm_mech;

/* The target zkVM profiles: ONE table read by the exec engine (--profile), the AOT translator
   (rivet aot, --aot), the trace writer and replay (the header's profile byte is 2 + the row
   index: keep rows in order, add new ones at the end) and docs/universal-translator.md.
   X(id, "name", family, xlen, extensions, map, text, cost, extra, "what")
     family      RV_ZKVM_FAMILY_LIST: the call convention and the vendor calls of
                 RV_ZKVM_VCALL_LIST it dispatches to
     xlen        32 or 64; 0 = from the ELF class (SP1: v4/v5 RV32IM, v6 RV64IM)
     extensions  RV_EXT_* the zkVM proves: other encodings decode as illegal (trap)
     map         the memory map, entry state and input channel: rv_zkvm_map_<map>
                 (src/rv/zkvm_map.c): rivet = rivet's map (docs/zkvm-abi.md), the others the
                 vendor's own (docs/universal-translator.md)
     text        where code sits in that map (the bench guests' linker scripts)
     cost        prover cycles per instruction (ZisK steps, SP1 clk, RISC Zero rows)
     extra       the trace extra: NONE, PREV_CLK (SP1's previous-access clocks), PAGES (RISC
                 Zero's 1 KiB pages per segment)
   The "-like" rows keep rivet's memory map and I/O with a vendor's accelerator convention
   (guests we compile ourselves: bench/trace, tests/rv/guest_profile_accel.c); the vendor rows
   run the vendors' own binaries. Under the rivet map, rivet's Linux-numbered I/O (read, write,
   exit, exit_group with the number in a7) stays available and takes precedence. */
#define RV_ZKVM_PROFILE_LIST(X)                                                                    \
    X(RIVET, "rivet", RIVET, 0, RV_EXT_GC, rivet, 0x80000000u, 1, NONE,                            \
      "rivet zkVM profile (docs/zkvm-abi.md), RV64GC")                                             \
    X(ZISK_LIKE, "zisk-like", ZISK, 64, RV_EXT_I | RV_EXT_M | RV_EXT_A | RV_EXT_C | RV_EXT_ZICSR,  \
      rivet, 0x80000000u, 1, NONE, "rivet's map, ZisK's CSR precompiles, RV64IMA(C)")              \
    X(SP1_LIKE, "sp1-like", SP1, 64, RV_EXT_I | RV_EXT_M, rivet, 0x00200800u, 8, PREV_CLK,         \
      "rivet's map, SP1's ecalls (id in t0), RV64IM, clk += 8, prev-clk per access")               \
    X(RISC0_LIKE, "risc0-like", RISC0, 32, RV_EXT_I | RV_EXT_M, rivet, 0x00200800u, 1, PAGES,      \
      "rivet's map, RISC Zero's ecalls (id in t0), RV32IM, rows + 1 KiB paging")                   \
    X(SP1, "sp1", SP1, 0, RV_EXT_I | RV_EXT_M, sp1, 0x00200800u, 8, PREV_CLK,                      \
      "SP1 binaries: v4/v5 RV32IM (ELF32) or v6 RV64IM (ELF64), SP1Stdin hints, fd 13")            \
    X(RISC0, "risc0", RISC0, 32, RV_EXT_I | RV_EXT_M, risc0, 0x00200800u, 1, PAGES,                \
      "RISC Zero user-mode binaries: RV32IM, stdin, journal fd 3, HALT digest")                    \
    X(OPENVM, "openvm", OPENVM, 32, RV_EXT_I | RV_EXT_M | RV_EXT_XZKVM, openvm, 0x00200800u, 1,    \
      NONE, "OpenVM binaries: RV32IM + custom-0 TERMINATE/HINT/REVEAL/PHANTOM")                    \
    X(AIRBENDER, "airbender", AIRBENDER, 32, RV_EXT_I | RV_EXT_M | RV_EXT_ZICSR | RV_EXT_XZKVM,    \
      airbender, 0x0u, 1, NONE,                                                                    \
      "ZKsync Airbender flat binaries at 0: CSR 0x7c0 input words, x10..x17 output")               \
    X(ZISK, "zisk", ZISKV, 64,                                                                     \
      RV_EXT_I | RV_EXT_M | RV_EXT_A | RV_EXT_C | RV_EXT_ZICSR | RV_EXT_ZIFENCEI, zisk,            \
      0x80000000u, 1, NONE,                                                                        \
      "ZisK binaries (include/rivet/rv_zisk.h): ROM 0x80000000, RAM 0xa0000000, CSR ports")

typedef enum {
#define X(id, name, fam, xlen, ext, map, text, cost, extra, what) RV_ZKVM_ABI_##id,
    RV_ZKVM_PROFILE_LIST(X)
#undef X
        RV_ZKVM_ABI_COUNT
} rv_zkvm_abi;

/* One profile row as data. */
typedef struct rv_zkvm_profile {
    const char *name, *what;
    rv_zkvm_family family;
    int xlen; /* 0: from the ELF */
    unsigned ext;
    uint64_t text;
    unsigned cost;
    int extra; /* 0 NONE, 1 PREV_CLK, 2 PAGES */
} rv_zkvm_profile;
enum { RV_ZKVM_EXTRA_NONE, RV_ZKVM_EXTRA_PREV_CLK, RV_ZKVM_EXTRA_PAGES };

/* The profile at row i (NULL past the end), the one called name (NULL if none). */
const rv_zkvm_profile *rv_zkvm_profile_at(unsigned i);
const rv_zkvm_profile *rv_zkvm_profile_find(const char *name);

/* The vendors' calls, one table for dispatch, the trace (what a call reads, whether it takes
   host bytes) and the docs. X(id, family, number, sub, "vendor's name", run, in, host, "args")
     number  what selects it: the CSR number (CSR), t0 (ECALL_T0), funct3 << 12 | imm selector
             (CUSTOM: see rv_zkvm_vcall_of), the instruction bits (Airbender's spin)
     sub     a second selector: RISC Zero SOFTWARE's t6 number; 0 = none
     run     the handler rv_zkvm_run_<run> (src/rv/zkvm_<family>.c)
     in      the guest memory it reads, rv_zkvm_in_<in> (none: nothing)
     host    1 when it takes bytes from the host (the input channel): the trace logs them and
             the replay feeds them back (rv_zkvm_host)
   A vendor plugs in by adding rows and the two functions; ZisK rows live in zkvm_zisk*.c. */
#define RV_ZKVM_VCALL_LIST(X)                                                                      \
    X(ZISK_KECCAKF, ZISK, 0x800, 0, "SYSCALL_KECCAKF_ID", keccakf, p200, 0,                        \
      "csrs 0x800, p: p = 25 u64 lanes (200 B), permuted in place")                                \
    X(ZISK_SHA256F, ZISK, 0x805, 0, "SYSCALL_SHA256F_ID", zisk_sha256f, zisk_sha256f, 0,           \
      "csrs 0x805, p: p = {u64 state, u64 input}; state = 8 u32 (LE), input = 64-byte block; "     \
      "state compressed in place")                                                                 \
    RV_ZKVM_SP1_CALLS(X)                                                                           \
    RV_ZKVM_RISC0_CALLS(X)                                                                         \
    RV_ZKVM_OPENVM_CALLS(X)                                                                        \
    RV_ZKVM_ZISKV_CALLS(X)

/* ZisK's own binaries (include/rivet/rv_zisk.h, src/rv/zkvm_zisk*.c). Under this family a
   row's sub is the end of a CSR number range (first match wins); ecalls select by a7. */
#define RV_ZKVM_ZISKV_CALLS(X)                                                                     \
    X(ZISKV_EXIT, ZISKV, 93, 0, "exit (ecall a7 = 93)", zisk_exit, none, 0, "ends the run")        \
    X(ZISKV_INPUTCPY, ZISKV, 0x815, 0, "SYSCALL_DMA_INPUTCPY_ID", zisk_dma, none, 1,               \
      "csrs 0x815, dst; add x0, dst, n: n bytes of free input (fcall results)")                    \
    X(ZISKV_DMA, ZISKV, 0x813, 0x816, "SYSCALL_DMA_*", zisk_dma, zisk_dma, 0,                      \
      "memcpy/memcmp/memset markers, operands on the next instruction (not run)")                  \
    X(ZISKV_PORT, ZISKV, 0x800, 0x81a, "SYSCALL_*_ID", zisk_port, zisk_port, 0,                    \
      "csrs 0x800+id, p: the precompile ports (keccakf ... blake2b_round)")                        \
    X(ZISKV_FCALL, ZISKV, 0x8c0, 0x8df, "fcall", zisk_fcall, none, 0,                              \
      "csrwi 0x8c0 + (id >> 5), id & 31: runs free-input function id on the parameters")           \
    X(ZISKV_FPARAM, ZISKV, 0x8f0, 0x8ff, "fcall parameter", zisk_fcall, zisk_fparam, 0,            \
      "csrs 0x8f0+k, v: v itself (k = 0) or the words at v")                                       \
    X(ZISKV_FGET, ZISKV, 0xffe, 0, "fcall get", zisk_fcall, none, 1,                               \
      "csrr rd, 0xffe: the next result word")                                                      \
    X(ZISKV_SLOT, ZISKV, 0, 0xfff, "CSR slot", zisk_slot, zisk_slot, 0,                            \
      "any other CSR: the u64 at 0xa0008000 + 8 csr (marchid = 0x0fffeeee); other ecalls: none")

/* SP1 (crates/core/executor/src/syscall_code.rs): id in t0, result back in t0. */
#define RV_ZKVM_SP1_CALLS(X)                                                                       \
    X(SP1_HALT, SP1, 0x00000000, 0, "HALT", sp1_halt, none, 0, "a0 = exit code")                   \
    X(SP1_WRITE, SP1, 0x00000002, 0, "WRITE", sp1_write, sp1_write, 0,                             \
      "a0 = fd (1, 2 out; 13 public values; 14 hint push; others trap), a1 = buffer, a2 = length") \
    X(SP1_ENTER_UNCONSTRAINED, SP1, 0x03, 0, "ENTER_UNCONSTRAINED", sp1_enter, none, 0,            \
      "t0 = 1: the registers are saved, the unconstrained block runs")                             \
    X(SP1_EXIT_UNCONSTRAINED, SP1, 0x04, 0, "EXIT_UNCONSTRAINED", sp1_exit, none, 1,               \
      "the registers saved at ENTER come back (pc after it, t0 = 0): the block is skipped")        \
    X(SP1_SHA_EXTEND, SP1, 0x00300105, 0, "SHA_EXTEND", sp1_sha_extend, sp1_sha_extend, 0,         \
      "a0 = w, 64 u32 (RV32) or u64 slots (RV64, low 32 bits): w[16..63] from w[0..15]")           \
    X(SP1_SHA_COMPRESS, SP1, 0x00010106, 0, "SHA_COMPRESS", sp1_sha_compress, sp1_sha_compress, 0, \
      "a0 = w (64 words), a1 = state (8 words): 64 rounds, state updated")                         \
    X(SP1_KECCAK_PERMUTE, SP1, 0x00010109, 0, "KECCAK_PERMUTE", keccakf, p200, 0,                  \
      "a0 = 25 u64 lanes, permuted in place")                                                      \
    X(SP1_SECP256K1_ADD, SP1, 0x0001010a, 0, "SECP256K1_ADD", sp1_secp_add, sp1_two_points, 0,     \
      "a0 = p, a1 = q (affine x || y, 32-byte little-endian each): p = p + q")                     \
    X(SP1_SECP256K1_DOUBLE, SP1, 0x0000010b, 0, "SECP256K1_DOUBLE", sp1_secp_double, sp1_point, 0, \
      "a0 = p (affine x || y): p = 2p")                                                            \
    X(SP1_UINT256_MUL, SP1, 0x0001011d, 0, "UINT256_MUL", sp1_uint256_mul, sp1_uint256_mul, 0,     \
      "a0 = x (32 bytes LE), a1 = y then modulus (32 + 32): x = x * y mod m (m = 0: 2^256)")       \
    X(SP1_BLS12381_FP_ADD, SP1, 0x00010120, 0, "BLS12381_FP_ADD", sp1_fp, sp1_fp, 0,               \
      "a0 = x, a1 = y: x = x + y")                                                                 \
    X(SP1_BLS12381_FP_SUB, SP1, 0x00010121, 0, "BLS12381_FP_SUB", sp1_fp, sp1_fp, 0,               \
      "a0 = x, a1 = y: x = x - y")                                                                 \
    X(SP1_BLS12381_FP_MUL, SP1, 0x00010122, 0, "BLS12381_FP_MUL", sp1_fp, sp1_fp, 0,               \
      "a0 = x, a1 = y: x = x * y")                                                                 \
    X(SP1_BLS12381_FP2_ADD, SP1, 0x00010123, 0, "BLS12381_FP2_ADD", sp1_fp, sp1_fp, 0,             \
      "a0 = x, a1 = y: x = x + y")                                                                 \
    X(SP1_BLS12381_FP2_SUB, SP1, 0x00010124, 0, "BLS12381_FP2_SUB", sp1_fp, sp1_fp, 0,             \
      "a0 = x, a1 = y: x = x - y")                                                                 \
    X(SP1_BLS12381_FP2_MUL, SP1, 0x00010125, 0, "BLS12381_FP2_MUL", sp1_fp, sp1_fp, 0,             \
      "a0 = x, a1 = y: x = x * y")                                                                 \
    X(SP1_BN254_FP_ADD, SP1, 0x00010126, 0, "BN254_FP_ADD", sp1_fp, sp1_fp, 0,                     \
      "a0 = x, a1 = y: x = x + y")                                                                 \
    X(SP1_BN254_FP_SUB, SP1, 0x00010127, 0, "BN254_FP_SUB", sp1_fp, sp1_fp, 0,                     \
      "a0 = x, a1 = y: x = x - y")                                                                 \
    X(SP1_BN254_FP_MUL, SP1, 0x00010128, 0, "BN254_FP_MUL", sp1_fp, sp1_fp, 0,                     \
      "a0 = x, a1 = y: x = x * y")                                                                 \
    X(SP1_BN254_FP2_ADD, SP1, 0x00010129, 0, "BN254_FP2_ADD", sp1_fp, sp1_fp, 0,                   \
      "a0 = x, a1 = y: x = x + y")                                                                 \
    X(SP1_BN254_FP2_SUB, SP1, 0x0001012a, 0, "BN254_FP2_SUB", sp1_fp, sp1_fp, 0,                   \
      "a0 = x, a1 = y: x = x - y")                                                                 \
    X(SP1_BN254_FP2_MUL, SP1, 0x0001012b, 0, "BN254_FP2_MUL", sp1_fp, sp1_fp, 0,                   \
      "a0 = x, a1 = y: x = x * y")                                                                 \
    X(SP1_COMMIT, SP1, 0x10, 0, "COMMIT", sp1_commit, none, 0,                                     \
      "a0 = word index 0..7, a1 = word of the public-values digest")                               \
    X(SP1_COMMIT_DEFERRED_PROOFS, SP1, 0x1a, 0, "COMMIT_DEFERRED_PROOFS", sp1_commit, none, 0,     \
      "a0 = word index 0..7, a1 = word of the deferred-proofs digest")                             \
    X(SP1_HINT_LEN, SP1, 0xf0, 0, "HINT_LEN", sp1_hint_len, none, 1,                               \
      "t0 = length of the next SP1Stdin buffer (none: all ones)")                                  \
    X(SP1_HINT_READ, SP1, 0xf1, 0, "HINT_READ", sp1_hint_read, none, 1,                            \
      "a0 = dst, a1 = length (= the buffer's): the buffer is copied and dequeued")

/* RISC Zero user-mode ecalls (risc0/zkvm/platform/src/syscall.rs): id in t0, SOFTWARE's number
   in t6; the host's reply in a0, a1. */
#define RV_ZKVM_RISC0_CALLS(X)                                                                     \
    X(RISC0_HALT, RISC0, 0, 0, "HALT", risc0_halt, risc0_halt, 0,                                  \
      "a0 = exit << 8 | TERMINATE (0), a1 = output digest (8 words)")                              \
    X(RISC0_INPUT, RISC0, 1, 0, "INPUT", risc0_input, none, 0,                                     \
      "a0 = index 0..7: a0 = word of the input digest (zero)")                                     \
    X(RISC0_SHA, RISC0, 3, 0, "SHA", risc0_sha, risc0_sha, 0,                                      \
      "a0 = out state, a1 = in state (8 big-endian u32), a2/a3 = first/second 32 bytes of "        \
      "block 0, a4 = blocks (block i at a2 + 64i, a3 + 64i)")                                      \
    X(RISC0_BIGINT, RISC0, 4, 0, "BIGINT", risc0_bigint, risc0_bigint, 0,                          \
      "a0 = result, a1 = op (0 = multiply), a2 = x, a3 = y, a4 = modulus (32 bytes LE each)")      \
    X(RISC0_ARGC, RISC0, 2, 1, "SOFTWARE, t6 = Argc (1)", risc0_sw_zero, none, 0, "a0 = 0")        \
    X(RISC0_CYCLECOUNT, RISC0, 2, 3, "SOFTWARE, t6 = CycleCount (3)", risc0_cyclecount, none, 0,   \
      "a0 = instructions retired (low 32 bits)")                                                   \
    X(RISC0_GETENV, RISC0, 2, 6, "SOFTWARE, t6 = Getenv (6)", risc0_getenv, none, 0,               \
      "a0 = u32::MAX (no variable is set)")                                                        \
    X(RISC0_KECCAK, RISC0, 2, 7, "SOFTWARE, t6 = Keccak (7)", risc0_keccak, risc0_keccak, 0,       \
      "a3 = KECCAK_PERMUTE (0), a4 = in state (200 B), a0 = out state, a1 = 50 words; "            \
      "a0 = a1 = 0")                                                                               \
    X(RISC0_LOG, RISC0, 2, 8, "SOFTWARE, t6 = Log (8)", risc0_log, risc0_log, 0,                   \
      "a3 = message, a4 = length: to stderr")                                                      \
    X(RISC0_PANIC, RISC0, 2, 9, "SOFTWARE, t6 = Panic (9)", risc0_panic, risc0_log, 0,             \
      "a3 = message, a4 = length: to stderr, then an ecall trap")                                  \
    X(RISC0_RANDOM, RISC0, 2, 11, "SOFTWARE, t6 = Random (11)", risc0_random, none, 0,             \
      "a0 = buffer, a1 = words: deterministic bytes (SHA-256 of a counter)")                       \
    X(RISC0_READ, RISC0, 2, 12, "SOFTWARE, t6 = Read (12)", risc0_read, none, 1,                   \
      "a3 = fd 0, a4 = bytes wanted, a0 = buffer: a0 = bytes read")                                \
    X(RISC0_WRITE, RISC0, 2, 16, "SOFTWARE, t6 = Write (16)", risc0_write, risc0_write, 0,         \
      "a3 = fd (1, 2; 3 = journal), a4 = buffer, a5 = length; a0 = a1 = 0")

/* OpenVM custom-0 (opcode 0x0b, I-type; extensions/rv32im/guest/src/lib.rs) and Airbender. */
#define RV_ZKVM_OPENVM_CALLS(X)                                                                    \
    X(OPENVM_TERMINATE, OPENVM, 0x0000, 0, "TERMINATE", openvm_terminate, none, 0,                 \
      "funct3 0: exit with imm")                                                                   \
    X(OPENVM_HINT_STOREW, OPENVM, 0x1000, 0, "HINT_STOREW", openvm_hint, none, 1,                  \
      "funct3 1 imm 0: [rd] = next hint word")                                                     \
    X(OPENVM_HINT_BUFFER, OPENVM, 0x1001, 0, "HINT_BUFFER", openvm_hint, none, 1,                  \
      "funct3 1 imm 1: rs1 words of the hint stream to [rd]")                                      \
    X(OPENVM_REVEAL, OPENVM, 0x2000, 0, "REVEAL", openvm_reveal, none, 0,                          \
      "funct3 2: public values[rd + imm .. +4] = rs1")                                             \
    X(OPENVM_HINT_INPUT, OPENVM, 0x3000, 0, "PHANTOM HintInput", openvm_hint_input, none, 0,       \
      "funct3 3 imm 0: the next input buffer becomes the hint stream (u32 length first)")          \
    X(OPENVM_PRINT_STR, OPENVM, 0x3001, 0, "PHANTOM PrintStr", openvm_print, openvm_print, 0,      \
      "funct3 3 imm 1: rd = pointer, rs1 = length: to stdout")                                     \
    X(AIRBENDER_READ, AIRBENDER, 0x7c0, 0, "CSR 0x7c0", airbender_csr, none, 1,                    \
      "csrrw rd, 0x7c0, rs: rd = next input word (0 past the end)")                                \
    X(AIRBENDER_FINISH, AIRBENDER, 0x6f, 0, "j . (finish)", airbender_finish, none, 0,             \
      "x10..x17 are the result (public values, 8 LE u32); exit 0")

enum {
#define X(id, fam, num, sub, vname, run, in, host, args) RV_ZKVM_V_##id,
    RV_ZKVM_VCALL_LIST(X)
#undef X
        RV_ZKVM_V_COUNT
};

/* A range of guest memory (address, bytes). */
typedef struct rv_zkvm_range {
    uint64_t a, n;
} rv_zkvm_range;
enum { RV_ZKVM_MAX_OUT = 4, RV_ZKVM_MAX_INPUTS = 64 };

/* One input buffer (--input FILE): an SP1Stdin buffer, a stretch of RISC Zero's stdin, an
   OpenVM hint vector, Airbender's word stream; the rivet map takes the first as its input. */
typedef struct rv_zkvm_input {
    const uint8_t *p; /* not owned */
    size_t n;
} rv_zkvm_input;

typedef struct rv_zkvm {
    const uint8_t *input; /* not owned: the rivet map's input bytes */
    size_t input_len, input_pos;
    rivet_buf output;                 /* bytes written to fd 1: stdout (the rivet map's output) */
    FILE *echo_out;                   /* if set, fd 1 bytes are also written here as they come */
    FILE *echo_err;                   /* fd 2 (debug log) goes here, or is dropped */
    uint64_t calls[RV_ZKVM_NCALLS];   /* per ecall of RV_ZKVM_ECALL_LIST, in list order */
    rv_zkvm_abi abi;                  /* the profile (RV_ZKVM_PROFILE_LIST row; 0: rivet) */
    uint64_t vcalls[RV_ZKVM_V_COUNT]; /* per vendor call of RV_ZKVM_VCALL_LIST */
    /* The call in progress: its vendor call (-1: one of rivet's) and the guest memory it wrote,
       which the trace replay marks as written. */
    int vcall;
    rv_zkvm_range out[RV_ZKVM_MAX_OUT];
    unsigned nout;
    /* Vendor input channel (zkvm_io.c): the --input buffers in order, taken as a queue of
       buffers (SP1Stdin; fd-14 hints pushed in front) or as one byte stream (RISC Zero stdin,
       Airbender words). */
    const rv_zkvm_input *inputs;
    size_t ninputs;
    rivet_buf pushed;  /* SP1 fd-14 hints: u64 length + bytes each, newest last */
    size_t npushed;    /* hints not yet read */
    size_t qnext;      /* next --input buffer of the queue */
    size_t sidx, soff; /* stream position: buffer index, offset */
    rivet_buf hint;    /* OpenVM's hint stream */
    size_t hint_pos;
    /* SP1's unconstrained mode: the registers and pc saved at ENTER_UNCONSTRAINED. */
    bool unconstrained;
    uint64_t saved[33];
    /* Host bytes of the call in progress: recorded for the trace (host_rec), or fed from the
       trace in a replay (host_feed non-NULL). */
    bool host_rec;
    rivet_buf host_log;
    const uint8_t *host_feed;
    size_t host_feed_len, host_feed_pos;
    /* Outputs: public values (SP1 fd 13, RISC Zero journal, OpenVM revealed bytes, Airbender
       x10..x17, ZisK output words), the committed digest (SP1 COMMIT words, RISC Zero's HALT
       digest) and SP1's deferred-proofs digest. */
    rivet_buf public_values;
    uint32_t digest[8], deferred[8];
    bool have_digest;
    uint64_t rng;         /* RANDOM's counter */
    struct rv_zisk *zisk; /* the zisk profile's state (owned) */
} rv_zkvm;

/* Sets up mem and cpu for the profile: maps RAM and the input, loads the ELF (rv_elf_load),
   points pc at the entry and sp at the top of RAM, installs the ecall handler. cpu must be
   initialised with rv_cpu_init on mem; z must be zeroed apart from input/echo fields. */
RIVET_MUST_USE rivet_status rv_zkvm_setup(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len,
                                          rivet_diag *d);
/* After the run: collects the outputs the profile's map keeps in guest memory (ZisK's OUTPUT
   words) into z->public_values. */
void rv_zkvm_finish(rv_cpu *cpu, rv_zkvm *z);
/* The extensions (RV_EXT_*) of profile abi. */
unsigned rv_zkvm_abi_ext(rv_zkvm_abi abi);
/* The profile's xlen for an ELF of class xlen (its own if fixed), 0 when it does not fit. */
int rv_zkvm_profile_xlen(rv_zkvm_abi abi, int elf_xlen);
/* Name of the vendor call at list position i (for statistics). */
const char *rv_zkvm_vcall_name(unsigned i);

/* Name of the ecall at list position i (for statistics). */
const char *rv_zkvm_call_name(unsigned i);
void rv_zkvm_free(rv_zkvm *z);

#endif
