/* Hybrid execution: RISC-V contracts beside EVM contracts in one state (docs/hybrid-abi.md).

   A RISC-V contract's code is a container: the magic 0xEF 0x52, a version, the ISA (RV64IM,
   optionally C), the code/rodata/data segment sizes, the zero-initialised size and two entry
   points (call and constructor). It is validated once, when deployed; a frame runs it on a
   pre-decoded, cached program with gas metered per basic block, memory pages mapped zeroed on
   first touch and charged, and one ecall per EVM operation (the table below).

   The hybrid rules are a chain setting: a runtime (hy_vm) installed as the execution host's
   code runner (exec_vm). Without it, 0xEF-prefixed code is EVM code as on mainnet. */
#ifndef RIVET_HYBRID_H
#define RIVET_HYBRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/exec.h"
#include "rivet/status.h"

/* ---------------------------------------------------------------- container */

enum {
    HY_MAGIC0 = 0xef,
    HY_MAGIC1 = 0x52,
    HY_VERSION = 1,
    HY_HEADER_SIZE = 28,
    HY_FLAG_C = 1,             /* the code uses the C extension */
    HY_NO_ENTRY = 0xffffffffu, /* ctor_entry of a container without a constructor */
};

/* Guest memory map of a frame: code at HY_CODE_BASE, rodata and data each at the next page
   boundary, bss right after data; the stack starts at HY_MEM_SIZE and grows down. */
enum {
    HY_CODE_BASE = 0x10000,
    HY_MEM_SIZE = 0x800000, /* 8 MiB: the frame's address space and memory cap */
    HY_PAGE = 4096,
};

typedef struct hy_container {
    uint8_t flags;
    uint32_t code_size, rodata_size, data_size, bss_size;
    uint32_t entry, ctor_entry; /* offsets into code */
    const uint8_t *code, *rodata, *data;
    size_t size; /* header + segments: bytes after it are constructor arguments (initcode) */
    /* guest addresses */
    uint64_t rodata_addr, data_addr, bss_end;
} hy_container;

/* True when code starts with the container magic (what a hybrid chain routes to RISC-V). */
static inline bool hy_is_container(const uint8_t *code, size_t len)
{
    return len >= 2 && code[0] == HY_MAGIC0 && code[1] == HY_MAGIC1;
}

/* Parses the header and checks the layout (bounds, no overlap, entries inside the code). With
   exact, the container must end where its segments end (deployed code); without, bytes may
   follow (initcode with constructor arguments). d names the field and offset. */
RIVET_MUST_USE rivet_status hy_container_parse(const uint8_t *code, size_t len, bool exact, hy_container *c,
                                rivet_diag *d);
/* Parses and checks every code word: each decodes to an allowed instruction (RV64IM, C if
   flagged; no F/D, A, CSR, fence.i or privileged instructions) and the entries start
   instructions. */
RIVET_MUST_USE rivet_status hy_container_validate(const uint8_t *code, size_t len, bool exact, hy_container *c,
                                   rivet_diag *d);

/* Builds a container from its parts into out (malloc'd). */
RIVET_MUST_USE rivet_status hy_container_build(const hy_container *c, uint8_t **out, size_t *out_len);

/* Packs a static RV64 ELF executable (as linked with guest/sdk/contract.ld) into a container:
   .text at HY_CODE_BASE, then .rodata, .data, .bss on page boundaries; entries from the
   symbols `_start` (or e_entry) and `_ctor` (optional). */
RIVET_MUST_USE rivet_status hy_container_from_elf(const uint8_t *elf, size_t len, uint8_t **out, size_t *out_len,
                                   rivet_diag *d);

/* ---------------------------------------------------------------- the contract ABI

   X(number, NAME): one ecall per EVM operation; `ecall` with the number in a7, arguments in
   a0..a5, results in a0 (and a1). The number is the EVM opcode the ecall mirrors, and its gas
   is that opcode's (base from the EVM opcode table, dynamic parts by the shared rules).
   Arguments: 256-bit values and hashes as pointers to 32 big-endian bytes, addresses as
   pointers to 20 bytes, lengths and offsets as integers. The table in docs/hybrid-abi.md and
   the SDK header guest/sdk/rivet_abi.h are generated from this list. */
#define HY_ECALL_LIST(X)                                                                           \
    X(0x00, STOP, "")                                                                              \
    X(0x02, MUL, "a32, b32, out32")                                                                \
    X(0x04, DIV, "a32, b32, out32")                                                                \
    X(0x05, SDIV, "a32, b32, out32")                                                               \
    X(0x06, MOD, "a32, b32, out32")                                                                \
    X(0x07, SMOD, "a32, b32, out32")                                                               \
    X(0x08, ADDMOD, "a32, b32, m32, out32")                                                        \
    X(0x09, MULMOD, "a32, b32, m32, out32")                                                        \
    X(0x20, KECCAK256, "ptr, len, out32")                                                          \
    X(0x30, ADDRESS, "out20")                                                                      \
    X(0x31, BALANCE, "addr20, out32")                                                              \
    X(0x32, ORIGIN, "out20")                                                                       \
    X(0x33, CALLER, "out20")                                                                       \
    X(0x34, CALLVALUE, "out32")                                                                    \
    X(0x35, CALLDATALOAD, "offset, out32")                                                         \
    X(0x36, CALLDATASIZE, "-> size")                                                               \
    X(0x37, CALLDATACOPY, "dst, offset, len")                                                      \
    X(0x38, CODESIZE, "-> size")                                                                   \
    X(0x39, CODECOPY, "dst, offset, len")                                                          \
    X(0x3a, GASPRICE, "out32")                                                                     \
    X(0x3b, EXTCODESIZE, "addr20 -> size")                                                         \
    X(0x3c, EXTCODECOPY, "addr20, dst, offset, len")                                               \
    X(0x3d, RETURNDATASIZE, "-> size")                                                             \
    X(0x3e, RETURNDATACOPY, "dst, offset, len")                                                    \
    X(0x3f, EXTCODEHASH, "addr20, out32")                                                          \
    X(0x40, BLOCKHASH, "number, out32")                                                            \
    X(0x41, COINBASE, "out20")                                                                     \
    X(0x42, TIMESTAMP, "-> timestamp")                                                             \
    X(0x43, NUMBER, "-> number")                                                                   \
    X(0x44, PREVRANDAO, "out32")                                                                   \
    X(0x45, GASLIMIT, "-> gas limit")                                                              \
    X(0x46, CHAINID, "out32")                                                                      \
    X(0x47, SELFBALANCE, "out32")                                                                  \
    X(0x48, BASEFEE, "out32")                                                                      \
    X(0x49, BLOBHASH, "index, out32")                                                              \
    X(0x4a, BLOBBASEFEE, "out32")                                                                  \
    X(0x54, SLOAD, "key32, out32")                                                                 \
    X(0x55, SSTORE, "key32, value32")                                                              \
    X(0x5a, GAS, "-> gas left")                                                                    \
    X(0x5c, TLOAD, "key32, out32")                                                                 \
    X(0x5d, TSTORE, "key32, value32")                                                              \
    X(0xa0, LOG0, "data, len")                                                                     \
    X(0xa1, LOG1, "data, len, topics32[1]")                                                        \
    X(0xa2, LOG2, "data, len, topics32[2]")                                                        \
    X(0xa3, LOG3, "data, len, topics32[3]")                                                        \
    X(0xa4, LOG4, "data, len, topics32[4]")                                                        \
    X(0xf0, CREATE, "value32, code, len, out_addr20 -> ok, returndata size")                       \
    X(0xf1, CALL, "gas, addr20, value32, in, in_len -> ok, returndata size")                       \
    X(0xf2, CALLCODE, "gas, addr20, value32, in, in_len -> ok, returndata size")                   \
    X(0xf3, RETURN, "ptr, len")                                                                    \
    X(0xf4, DELEGATECALL, "gas, addr20, in, in_len -> ok, returndata size")                        \
    X(0xf5, CREATE2, "value32, code, len, salt32, out_addr20 -> ok, returndata size")              \
    X(0xfa, STATICCALL, "gas, addr20, in, in_len -> ok, returndata size")                          \
    X(0xfd, REVERT, "ptr, len")                                                                    \
    X(0xff, SELFDESTRUCT, "beneficiary20")

enum {
#define X(n, name, args) HY_EC_##name = n,
    HY_ECALL_LIST(X)
#undef X
};

/* ---------------------------------------------------------------- gas

   Instruction costs in sixteenths of a gas (a frame meters gas * 16), charged per basic block
   before it runs. One gas buys about the same proving work in both VMs: rivet's EVM costs
   about 5.3 guest instructions per gas (docs/headline.md), so an instruction costs ~3/16. */
#define HY_COST_LIST(X)                                                                            \
    X(ALU, 3)    /* integer ops, lui/auipc, fence (a no-op) */                                     \
    X(BRANCH, 3) /* branches, jal, jalr */                                                         \
    X(MEM, 4)    /* loads and stores */                                                            \
    X(MUL, 4)    /* mul* */                                                                        \
    X(DIV, 8)    /* div*, rem* */                                                                  \
    X(ECALL, 3)  /* the instruction; the operation's own gas comes on top */

typedef enum {
#define X(name, sixteenths) HY_COST_##name = sixteenths,
    HY_COST_LIST(X)
#undef X
} hy_cost;

enum {
    HY_PAGE_GAS = 64, /* per 4 KiB page of writable memory, when first touched */
};

/* ---------------------------------------------------------------- runtime */

typedef struct hy_vm hy_vm;

typedef struct hy_options {
    bool trace_ecalls; /* an EIP-3155-style JSON line per ecall to the host's tracer */
    bool trace_insns;  /* and per instruction */
    bool unmetered;    /* no gas for instructions and pages (differential tests only) */
} hy_options;

hy_vm *hy_vm_new(const hy_options *o);
void hy_vm_free(hy_vm *vm);
/* The code runner to install in exec_block.vm / exec_host.vm. */
const exec_vm *hy_vm_runner(hy_vm *vm);

/* Counters since hy_vm_new (benchmarks, tests). */
typedef struct hy_stats {
    uint64_t frames, instructions, ecalls, pages, programs_decoded, cache_hits;
} hy_stats;
hy_stats hy_vm_stats(const hy_vm *vm);

#endif
