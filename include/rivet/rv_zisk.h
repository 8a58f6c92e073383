/* ZisK's own guest ABI, as its toolchain builds guests (cargo-zisk, ziskos): the memory map
   and boot state of its BIOS, the input region in the layouts of each generation, the OUTPUT
   words, the UART byte port, marchid, the a7 = 93 exit, the CSR-port accelerators 0x800-0x81A,
   the DMA markers (v0.16+) and the free-input "fcall" hints. Facts from the ZisK sources
   (0xPolygonHermez/zisk: core/src/mem.rs, core/src/riscv2zisk_context.rs,
   ziskos/entrypoint/src/{syscalls,dma.rs,fcall.rs}); summary in
   ../shared/docs/research/zkvm-real-abis.md section 3; rivet's notes: docs/universal-translator.md.
 */
#ifndef RIVET_RV_ZISK_H
#define RIVET_RV_ZISK_H

#include <stdio.h>

#include "rivet/bytes.h"
#include "rivet/rv.h"

/* Memory map (core/src/mem.rs). */
#define RV_ZISK_INPUT_ADDR      0x40000000ull /* free-input word, then the input */
#define RV_ZISK_INPUT_ADDR_V013 0x90000000ull /* v0.13 guests read their input here */
#define RV_ZISK_ROM_ADDR        0x80000000ull
#define RV_ZISK_RAM_ADDR        0xa0000000ull
#define RV_ZISK_RAM_END         0xc0000000ull
#define RV_ZISK_UART_ADDR       0xa0000200ull /* byte stores: stdout */
#define RV_ZISK_CSR_ADDR        0xa0008000ull /* CSR n is the u64 at + 8 n */
#define RV_ZISK_MARCHID_SLOT    0xa000f890ull /* + 8 * 0xf12 */
#define RV_ZISK_OUTPUT_ADDR     0xa0010000ull /* 64 KiB */
#define RV_ZISK_OUTPUT_SIZE     0x10000u
#define RV_ZISK_ARCH_ID         0x0fffeeeeull /* what marchid reads */
#define RV_ZISK_EXIT            93            /* ecall a7 */

/* Guest I/O generations: where the input goes and whether OUTPUT starts with a count word.
   X(id, "profile suffix", input address, framed input, output count word) */
#define RV_ZISK_IO_LIST(X)                                                                         \
    X(V013, "v0.13", RV_ZISK_INPUT_ADDR_V013, false, true)                                         \
    X(V015, "v0.15", RV_ZISK_INPUT_ADDR, false, true)                                              \
    X(V016, "v0.16", RV_ZISK_INPUT_ADDR, true, false)

typedef enum {
#define X(id, name, addr, framed, count) RV_ZISK_IO_##id,
    RV_ZISK_IO_LIST(X)
#undef X
        RV_ZISK_IO_COUNT
} rv_zisk_io;

/* The CSR ports (ziskos definitions/src/syscall.rs). X(id, csr, "name") */
#define RV_ZISK_PORT_LIST(X)                                                                       \
    X(KECCAKF, 0x800, "keccakf")                                                                   \
    X(ARITH256, 0x801, "arith256")                                                                 \
    X(ARITH256_MOD, 0x802, "arith256_mod")                                                         \
    X(SECP256K1_ADD, 0x803, "secp256k1_add")                                                       \
    X(SECP256K1_DBL, 0x804, "secp256k1_dbl")                                                       \
    X(SHA256F, 0x805, "sha256f")                                                                   \
    X(BN254_CURVE_ADD, 0x806, "bn254_curve_add")                                                   \
    X(BN254_CURVE_DBL, 0x807, "bn254_curve_dbl")                                                   \
    X(BN254_COMPLEX_ADD, 0x808, "bn254_complex_add")                                               \
    X(BN254_COMPLEX_SUB, 0x809, "bn254_complex_sub")                                               \
    X(BN254_COMPLEX_MUL, 0x80a, "bn254_complex_mul")                                               \
    X(ARITH384_MOD, 0x80b, "arith384_mod")                                                         \
    X(BLS12_381_CURVE_ADD, 0x80c, "bls12_381_curve_add")                                           \
    X(BLS12_381_CURVE_DBL, 0x80d, "bls12_381_curve_dbl")                                           \
    X(BLS12_381_COMPLEX_ADD, 0x80e, "bls12_381_complex_add")                                       \
    X(BLS12_381_COMPLEX_SUB, 0x80f, "bls12_381_complex_sub")                                       \
    X(BLS12_381_COMPLEX_MUL, 0x810, "bls12_381_complex_mul")                                       \
    X(ADD256, 0x811, "add256")                                                                     \
    X(POSEIDON2, 0x812, "poseidon2")                                                               \
    X(DMA_MEMCPY, 0x813, "dma_memcpy")                                                             \
    X(DMA_MEMCMP, 0x814, "dma_memcmp")                                                             \
    X(DMA_INPUTCPY, 0x815, "dma_inputcpy")                                                         \
    X(DMA_MEMSET, 0x816, "dma_memset")                                                             \
    X(SECP256R1_ADD, 0x817, "secp256r1_add")                                                       \
    X(SECP256R1_DBL, 0x818, "secp256r1_dbl")                                                       \
    X(BLAKE2B_ROUND, 0x819, "blake2b_round")                                                       \
    X(PROFILE, 0x81a, "profile")

enum {
#define X(id, csr, name) RV_ZISK_P_##id,
    RV_ZISK_PORT_LIST(X)
#undef X
        RV_ZISK_P_COUNT
};

enum { RV_ZISK_FCALL_MAX_PARAMS = 1024, RV_ZISK_FCALL_MAX_RESULT = 1024, RV_ZISK_FCALL_IDS = 1024 };

typedef struct rv_zisk {
    rv_zisk_io io;
    const uint8_t *input; /* not owned: the input file(s), concatenated */
    size_t input_len;
    rivet_buf uart; /* bytes stored to the UART port */
    FILE *echo;     /* if set, UART bytes are also written here as they come */
    uint64_t port_calls[RV_ZISK_P_COUNT];
    uint64_t marchid_reads;
    /* free-input calls: parameters gathered through 0x8F0-0x8FF, results read through 0xFFE */
    uint64_t fparam[RV_ZISK_FCALL_MAX_PARAMS];
    size_t nfparam;
    uint64_t fres[RV_ZISK_FCALL_MAX_RESULT];
    size_t nfres, fpos;
    uint64_t fcalls[RV_ZISK_FCALL_IDS]; /* per function id */
    uint64_t fcall_unknown;             /* calls of ids without a native implementation */
    /* When set, the free-input words (0xFFE) and bytes (INPUTCPY) pass through these: recorded
       for a trace, or replaced by a trace's in a replay (false / NULL: none left, a trap). */
    void *host_ctx;
    bool (*host_u64)(void *ctx, uint64_t *v);
    const uint8_t *(*host_bytes)(void *ctx, const uint8_t *live, size_t n);
} rv_zisk;

/* The generation whose I/O an ELF uses, read from its code: v0.13 when it builds the
   address 0x9000_0000 (lui), v0.16 when it has DMA markers (csrs 0x813-0x816), else v0.15. */
rv_zisk_io rv_zisk_detect(const uint8_t *elf, size_t len);
const char *rv_zisk_io_name(rv_zisk_io io);
const char *rv_zisk_port_name(unsigned i);

/* Maps ZisK's memory (input, ROM from the ELF, RAM), places the input in z->io's layout, sets
   the BIOS entry state (a0 = input address, a1 = OUTPUT_ADDR, marchid slot) and installs the
   environment. cpu: rv_cpu_init(mem, 64, RV64IMA + Zicsr); z zeroed apart from io, input,
   echo. */
RIVET_MUST_USE rivet_status rv_zisk_setup(rv_cpu *cpu, rv_zisk *z, const uint8_t *elf, size_t len,
                                          rivet_diag *d);
/* Translated code (the AOT translator, guest memory at its own addresses) stores to the UART
   page directly: rv_zisk_arm, called once the translation is loaded, makes that host page
   read-only, so such a store stops the run with a store fault that rv_zisk_device_fault
   recognises; the caller then runs that one instruction on the interpreter (which sends the
   byte to the UART) and resumes. */
RIVET_MUST_USE bool rv_zisk_arm(rv_cpu *cpu);
bool rv_zisk_device_fault(const rv_cpu *cpu, const rv_result *r);
/* The public output words (u32) of a finished run: up to max, returns how many (count word
   generations: the count, capped at 64 KiB / 4; others: the 64 values). */
size_t rv_zisk_outputs(rv_cpu *cpu, const rv_zisk *z, uint32_t *w, size_t max);
void rv_zisk_free(rv_zisk *z);

/* The guest memory port call `port` (RV_ZISK_P_*, not a DMA marker) with block p reads (in,
   in order; a range may be a pointer read from an earlier one, so evaluate again once those
   words are in memory) and writes (out); returns the counts (at most 6 and 2). */
void rv_zisk_port_ranges(rv_cpu *cpu, unsigned port, uint64_t p, uint64_t in[6][2], unsigned *nin,
                         uint64_t out[2][2], unsigned *nout);
/* The same for the DMA marker on CSR csr whose operand instruction is at pc. */
void rv_zisk_dma_ranges(rv_cpu *cpu, unsigned csr, uint64_t src, uint64_t in[2][2], unsigned *nin,
                        uint64_t out[1][2], unsigned *nout);

/* rv_env.csr of the ZisK environment (exposed for tests): marchid, the ports, the DMA
   markers, the fcall CSRs. */
rv_env_action rv_zisk_csr(rv_cpu *cpu);

#endif
