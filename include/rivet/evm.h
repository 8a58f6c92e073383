/* The EVM interpreter. One opcode table (EVM_OPCODES) feeds the dispatch table, the disassembler
   and the per-fork gas/stack tables. All state access and nested calls go through a host
   interface (evm_host), so the interpreter never sees the state directly and a different kind of
   frame (e.g. a RISC-V contract) can sit between two EVM frames. */
#ifndef RIVET_EVM_H
#define RIVET_EVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rivet/fork.h"
#include "rivet/u256.h"

/* X(code, NAME, stack_in, stack_out, base_gas, fork_introduced). Base gas is the post-Berlin
   figure (warm access); dynamic parts (memory, cold access, copies, ...) are charged by the op.
   CREATE and CREATE2 charge their fork-dependent base (evm_create_gas) themselves. */
/* clang-format off: one opcode per line */
#define EVM_OPCODES(X)                                                                             \
    X(0x00, STOP, 0, 0, 0, FRONTIER)                                                               \
    X(0x01, ADD, 2, 1, 3, FRONTIER)                                                                \
    X(0x02, MUL, 2, 1, 5, FRONTIER)                                                                \
    X(0x03, SUB, 2, 1, 3, FRONTIER)                                                                \
    X(0x04, DIV, 2, 1, 5, FRONTIER)                                                                \
    X(0x05, SDIV, 2, 1, 5, FRONTIER)                                                               \
    X(0x06, MOD, 2, 1, 5, FRONTIER)                                                                \
    X(0x07, SMOD, 2, 1, 5, FRONTIER)                                                               \
    X(0x08, ADDMOD, 3, 1, 8, FRONTIER)                                                             \
    X(0x09, MULMOD, 3, 1, 8, FRONTIER)                                                             \
    X(0x0a, EXP, 2, 1, 10, FRONTIER)                                                               \
    X(0x0b, SIGNEXTEND, 2, 1, 5, FRONTIER)                                                         \
    X(0x10, LT, 2, 1, 3, FRONTIER)                                                                 \
    X(0x11, GT, 2, 1, 3, FRONTIER)                                                                 \
    X(0x12, SLT, 2, 1, 3, FRONTIER)                                                                \
    X(0x13, SGT, 2, 1, 3, FRONTIER)                                                                \
    X(0x14, EQ, 2, 1, 3, FRONTIER)                                                                 \
    X(0x15, ISZERO, 1, 1, 3, FRONTIER)                                                             \
    X(0x16, AND, 2, 1, 3, FRONTIER)                                                                \
    X(0x17, OR, 2, 1, 3, FRONTIER)                                                                 \
    X(0x18, XOR, 2, 1, 3, FRONTIER)                                                                \
    X(0x19, NOT, 1, 1, 3, FRONTIER)                                                                \
    X(0x1a, BYTE, 2, 1, 3, FRONTIER)                                                               \
    X(0x1b, SHL, 2, 1, 3, CONSTANTINOPLE)                                                          \
    X(0x1c, SHR, 2, 1, 3, CONSTANTINOPLE)                                                          \
    X(0x1d, SAR, 2, 1, 3, CONSTANTINOPLE)                                                          \
    X(0x1e, CLZ, 1, 1, 5, OSAKA)                                                                   \
    X(0x20, KECCAK256, 2, 1, 30, FRONTIER)                                                         \
    X(0x30, ADDRESS, 0, 1, 2, FRONTIER)                                                            \
    X(0x31, BALANCE, 1, 1, 100, FRONTIER)                                                          \
    X(0x32, ORIGIN, 0, 1, 2, FRONTIER)                                                             \
    X(0x33, CALLER, 0, 1, 2, FRONTIER)                                                             \
    X(0x34, CALLVALUE, 0, 1, 2, FRONTIER)                                                          \
    X(0x35, CALLDATALOAD, 1, 1, 3, FRONTIER)                                                       \
    X(0x36, CALLDATASIZE, 0, 1, 2, FRONTIER)                                                       \
    X(0x37, CALLDATACOPY, 3, 0, 3, FRONTIER)                                                       \
    X(0x38, CODESIZE, 0, 1, 2, FRONTIER)                                                           \
    X(0x39, CODECOPY, 3, 0, 3, FRONTIER)                                                           \
    X(0x3a, GASPRICE, 0, 1, 2, FRONTIER)                                                           \
    X(0x3b, EXTCODESIZE, 1, 1, 100, FRONTIER)                                                      \
    X(0x3c, EXTCODECOPY, 4, 0, 100, FRONTIER)                                                      \
    X(0x3d, RETURNDATASIZE, 0, 1, 2, BYZANTIUM)                                                    \
    X(0x3e, RETURNDATACOPY, 3, 0, 3, BYZANTIUM)                                                    \
    X(0x3f, EXTCODEHASH, 1, 1, 100, CONSTANTINOPLE)                                                \
    X(0x40, BLOCKHASH, 1, 1, 20, FRONTIER)                                                         \
    X(0x41, COINBASE, 0, 1, 2, FRONTIER)                                                           \
    X(0x42, TIMESTAMP, 0, 1, 2, FRONTIER)                                                          \
    X(0x43, NUMBER, 0, 1, 2, FRONTIER)                                                             \
    X(0x44, PREVRANDAO, 0, 1, 2, FRONTIER)                                                         \
    X(0x45, GASLIMIT, 0, 1, 2, FRONTIER)                                                           \
    X(0x46, CHAINID, 0, 1, 2, ISTANBUL)                                                            \
    X(0x47, SELFBALANCE, 0, 1, 5, ISTANBUL)                                                        \
    X(0x48, BASEFEE, 0, 1, 2, LONDON)                                                              \
    X(0x49, BLOBHASH, 1, 1, 3, CANCUN)                                                             \
    X(0x4a, BLOBBASEFEE, 0, 1, 2, CANCUN)                                                          \
    X(0x4b, SLOTNUM, 0, 1, 2, AMSTERDAM)                                                           \
    X(0x50, POP, 1, 0, 2, FRONTIER)                                                                \
    X(0x51, MLOAD, 1, 1, 3, FRONTIER)                                                              \
    X(0x52, MSTORE, 2, 0, 3, FRONTIER)                                                             \
    X(0x53, MSTORE8, 2, 0, 3, FRONTIER)                                                            \
    X(0x54, SLOAD, 1, 1, 100, FRONTIER)                                                            \
    X(0x55, SSTORE, 2, 0, 0, FRONTIER)                                                             \
    X(0x56, JUMP, 1, 0, 8, FRONTIER)                                                               \
    X(0x57, JUMPI, 2, 0, 10, FRONTIER)                                                             \
    X(0x58, PC, 0, 1, 2, FRONTIER)                                                                 \
    X(0x59, MSIZE, 0, 1, 2, FRONTIER)                                                              \
    X(0x5a, GAS, 0, 1, 2, FRONTIER)                                                                \
    X(0x5b, JUMPDEST, 0, 0, 1, FRONTIER)                                                           \
    X(0x5c, TLOAD, 1, 1, 100, CANCUN)                                                              \
    X(0x5d, TSTORE, 2, 0, 100, CANCUN)                                                             \
    X(0x5e, MCOPY, 3, 0, 3, CANCUN)                                                                \
    X(0x5f, PUSH0, 0, 1, 2, SHANGHAI)                                                              \
    EVM_PUSH_OPS(X)                                                                                \
    EVM_DUP_SWAP_OPS(X)                                                                            \
    X(0xa0, LOG0, 2, 0, 375, FRONTIER)                                                             \
    X(0xa1, LOG1, 3, 0, 750, FRONTIER)                                                             \
    X(0xa2, LOG2, 4, 0, 1125, FRONTIER)                                                            \
    X(0xa3, LOG3, 5, 0, 1500, FRONTIER)                                                            \
    X(0xa4, LOG4, 6, 0, 1875, FRONTIER)                                                            \
    X(0xf0, CREATE, 3, 1, 0, FRONTIER)                                                             \
    X(0xf1, CALL, 7, 1, 100, FRONTIER)                                                             \
    X(0xf2, CALLCODE, 7, 1, 100, FRONTIER)                                                         \
    X(0xf3, RETURN, 2, 0, 0, FRONTIER)                                                             \
    X(0xf4, DELEGATECALL, 6, 1, 100, HOMESTEAD)                                                    \
    X(0xf5, CREATE2, 4, 1, 0, CONSTANTINOPLE)                                                      \
    X(0xfa, STATICCALL, 6, 1, 100, BYZANTIUM)                                                      \
    X(0xfd, REVERT, 2, 0, 0, BYZANTIUM)                                                            \
    X(0xfe, INVALID, 0, 0, 0, FRONTIER)                                                            \
    X(0xff, SELFDESTRUCT, 1, 0, 5000, FRONTIER)

#define EVM_PUSH_OPS(X)                                                                            \
    X(0x60, PUSH1, 0, 1, 3, FRONTIER)                                                              \
    X(0x61, PUSH2, 0, 1, 3, FRONTIER)                                                              \
    X(0x62, PUSH3, 0, 1, 3, FRONTIER)                                                              \
    X(0x63, PUSH4, 0, 1, 3, FRONTIER)                                                              \
    X(0x64, PUSH5, 0, 1, 3, FRONTIER)                                                              \
    X(0x65, PUSH6, 0, 1, 3, FRONTIER)                                                              \
    X(0x66, PUSH7, 0, 1, 3, FRONTIER)                                                              \
    X(0x67, PUSH8, 0, 1, 3, FRONTIER)                                                              \
    X(0x68, PUSH9, 0, 1, 3, FRONTIER)                                                              \
    X(0x69, PUSH10, 0, 1, 3, FRONTIER)                                                             \
    X(0x6a, PUSH11, 0, 1, 3, FRONTIER)                                                             \
    X(0x6b, PUSH12, 0, 1, 3, FRONTIER)                                                             \
    X(0x6c, PUSH13, 0, 1, 3, FRONTIER)                                                             \
    X(0x6d, PUSH14, 0, 1, 3, FRONTIER)                                                             \
    X(0x6e, PUSH15, 0, 1, 3, FRONTIER)                                                             \
    X(0x6f, PUSH16, 0, 1, 3, FRONTIER)                                                             \
    X(0x70, PUSH17, 0, 1, 3, FRONTIER)                                                             \
    X(0x71, PUSH18, 0, 1, 3, FRONTIER)                                                             \
    X(0x72, PUSH19, 0, 1, 3, FRONTIER)                                                             \
    X(0x73, PUSH20, 0, 1, 3, FRONTIER)                                                             \
    X(0x74, PUSH21, 0, 1, 3, FRONTIER)                                                             \
    X(0x75, PUSH22, 0, 1, 3, FRONTIER)                                                             \
    X(0x76, PUSH23, 0, 1, 3, FRONTIER)                                                             \
    X(0x77, PUSH24, 0, 1, 3, FRONTIER)                                                             \
    X(0x78, PUSH25, 0, 1, 3, FRONTIER)                                                             \
    X(0x79, PUSH26, 0, 1, 3, FRONTIER)                                                             \
    X(0x7a, PUSH27, 0, 1, 3, FRONTIER)                                                             \
    X(0x7b, PUSH28, 0, 1, 3, FRONTIER)                                                             \
    X(0x7c, PUSH29, 0, 1, 3, FRONTIER)                                                             \
    X(0x7d, PUSH30, 0, 1, 3, FRONTIER)                                                             \
    X(0x7e, PUSH31, 0, 1, 3, FRONTIER)                                                             \
    X(0x7f, PUSH32, 0, 1, 3, FRONTIER)

#define EVM_DUP_SWAP_OPS(X)                                                                        \
    X(0x80, DUP1, 1, 2, 3, FRONTIER)                                                               \
    X(0x81, DUP2, 2, 3, 3, FRONTIER)                                                               \
    X(0x82, DUP3, 3, 4, 3, FRONTIER)                                                               \
    X(0x83, DUP4, 4, 5, 3, FRONTIER)                                                               \
    X(0x84, DUP5, 5, 6, 3, FRONTIER)                                                               \
    X(0x85, DUP6, 6, 7, 3, FRONTIER)                                                               \
    X(0x86, DUP7, 7, 8, 3, FRONTIER)                                                               \
    X(0x87, DUP8, 8, 9, 3, FRONTIER)                                                               \
    X(0x88, DUP9, 9, 10, 3, FRONTIER)                                                              \
    X(0x89, DUP10, 10, 11, 3, FRONTIER)                                                            \
    X(0x8a, DUP11, 11, 12, 3, FRONTIER)                                                            \
    X(0x8b, DUP12, 12, 13, 3, FRONTIER)                                                            \
    X(0x8c, DUP13, 13, 14, 3, FRONTIER)                                                            \
    X(0x8d, DUP14, 14, 15, 3, FRONTIER)                                                            \
    X(0x8e, DUP15, 15, 16, 3, FRONTIER)                                                            \
    X(0x8f, DUP16, 16, 17, 3, FRONTIER)                                                            \
    X(0x90, SWAP1, 2, 2, 3, FRONTIER)                                                              \
    X(0x91, SWAP2, 3, 3, 3, FRONTIER)                                                              \
    X(0x92, SWAP3, 4, 4, 3, FRONTIER)                                                              \
    X(0x93, SWAP4, 5, 5, 3, FRONTIER)                                                              \
    X(0x94, SWAP5, 6, 6, 3, FRONTIER)                                                              \
    X(0x95, SWAP6, 7, 7, 3, FRONTIER)                                                              \
    X(0x96, SWAP7, 8, 8, 3, FRONTIER)                                                              \
    X(0x97, SWAP8, 9, 9, 3, FRONTIER)                                                              \
    X(0x98, SWAP9, 10, 10, 3, FRONTIER)                                                            \
    X(0x99, SWAP10, 11, 11, 3, FRONTIER)                                                           \
    X(0x9a, SWAP11, 12, 12, 3, FRONTIER)                                                           \
    X(0x9b, SWAP12, 13, 13, 3, FRONTIER)                                                           \
    X(0x9c, SWAP13, 14, 14, 3, FRONTIER)                                                           \
    X(0x9d, SWAP14, 15, 15, 3, FRONTIER)                                                           \
    X(0x9e, SWAP15, 16, 16, 3, FRONTIER)                                                           \
    X(0x9f, SWAP16, 17, 17, 3, FRONTIER)
/* clang-format on */

enum {
#define X(code, name, in, out, gas, fork) EVM_OP_##name = code,
    EVM_OPCODES(X)
#undef X
};

enum {
    EVM_STACK_LIMIT = 1024,
    EVM_CALL_DEPTH_LIMIT = 1024,
    EVM_MAX_CODE_SIZE = 24576,
    EVM_MAX_INITCODE_SIZE = 2 * 24576
};

/* Static facts about one opcode in one fork. */
typedef struct evm_opinfo {
    const char *name; /* NULL when undefined in that fork */
    uint8_t in, out;
    int32_t gas;
} evm_opinfo;

/* Opcode facts for a fork (name NULL when the opcode does not exist there). */
evm_opinfo evm_opcode_info(uint8_t op, rivet_fork fork);
/* Writes one line per instruction ("PC: NAME [0xIMM]") of code[0..len). */
void evm_disassemble(FILE *out, const uint8_t *code, size_t len, rivet_fork fork);

typedef struct evm_addr {
    uint8_t b[20];
} evm_addr;
typedef struct evm_hash {
    uint8_t b[32];
} evm_hash;

/* Outcome of a frame. Everything except SUCCESS and REVERT consumes all gas. */
#define EVM_STATUS_LIST(X)                                                                         \
    X(SUCCESS, "success")                                                                          \
    X(REVERT, "execution reverted")                                                                \
    X(OUT_OF_GAS, "out of gas")                                                                    \
    X(INVALID, "invalid instruction")                                                              \
    X(UNDEFINED, "undefined instruction")                                                          \
    X(STACK_UNDERFLOW, "stack underflow")                                                          \
    X(STACK_OVERFLOW, "stack overflow")                                                            \
    X(BAD_JUMP, "invalid jump destination")                                                        \
    X(STATIC_VIOLATION, "write in static context")                                                 \
    X(RETURNDATA_OOB, "return data out of bounds")                                                 \
    X(CREATE_COLLISION, "contract address collision")                                              \
    X(CODE_SIZE, "max code size exceeded")                                                         \
    X(CODE_PREFIX, "code starts with 0xef")                                                        \
    X(INITCODE_SIZE, "max initcode size exceeded")                                                 \
    X(PRECOMPILE_FAILURE, "precompile failure")                                                    \
    X(MEM_FAULT, "memory access fault") /* a non-EVM frame's bad address (src/hybrid) */           \
    X(HOST_ERROR, "host error")

typedef enum {
#define X(name, text) EVM_##name,
    EVM_STATUS_LIST(X)
#undef X
} evm_status;

const char *evm_status_str(evm_status s);

typedef enum {
    EVM_CALL,
    EVM_CALLCODE,
    EVM_DELEGATECALL,
    EVM_STATICCALL,
    EVM_CREATE,
    EVM_CREATE2
} evm_call_kind;

/* A message: the input of one frame. For calls, `recipient` is the account whose storage is
   used and `code_address` the account whose code runs (they differ for CALLCODE,
   DELEGATECALL and EIP-7702 delegation). For creates, input is the initcode. */
typedef struct evm_message {
    evm_call_kind kind;
    bool is_static;
    bool delegated; /* code_address came from an EIP-7702 designator (precompiles do not run) */
    int depth;
    int64_t gas;
    int64_t state_gas; /* EIP-8037 state-gas reservoir handed to the frame (0 before Amsterdam) */
    evm_addr recipient, sender, code_address;
    u256 value;
    u256 salt; /* CREATE2 */
    const uint8_t *input;
    size_t input_size;
} evm_message;

/* The result of a frame. `output` is malloc'd (or NULL) and owned by whoever receives the
   result; free it with free(). */
typedef struct evm_result {
    evm_status status;
    int64_t gas_left;
    int64_t gas_refund;
    /* EIP-8037: the reservoir left and the state gas the frame (and its successful children)
       charged, net of state-gas refunds. On failure the caller gives both back to its own
       reservoir (nested frames) or keeps them charged (the top frame). */
    int64_t state_gas_left, state_gas_used;
    uint8_t *output;
    size_t output_size;
    evm_addr create_address; /* for creates that succeeded */
} evm_result;

/* Block and transaction facts visible to code. */
typedef struct evm_tx_context {
    evm_addr origin, coinbase;
    u256 gas_price, base_fee, blob_base_fee, prevrandao, chain_id;
    uint64_t number, timestamp, gas_limit;
    uint64_t slot_number; /* EIP-7843 (Amsterdam): the beacon slot, for SLOTNUM */
    const evm_hash *blob_hashes;
    size_t blob_hash_count;
} evm_tx_context;

/* Storage slot values as SSTORE needs them (EIP-2200): value at the start of the transaction,
   value just before this write, and whether the slot was cold (EIP-2929). */
typedef struct evm_slot_change {
    u256 original, current;
    bool cold;
} evm_slot_change;

typedef struct evm_host evm_host;

/* The host interface. access_account marks an address warm and returns true when it was cold
   (EIP-2929); storage reads and writes warm their slot and report whether it was cold, so an
   SLOAD or SSTORE is one lookup. Account getters on absent accounts return zero values. */
typedef struct evm_host_fns {
    bool (*account_exists)(evm_host *h, const evm_addr *a); /* exists and not EIP-161 empty */
    u256 (*get_balance)(evm_host *h, const evm_addr *a);
    size_t (*get_code_size)(evm_host *h, const evm_addr *a);
    evm_hash (*get_code_hash)(evm_host *h, const evm_addr *a); /* zero when absent */
    size_t (*copy_code)(evm_host *h, const evm_addr *a, size_t offset, uint8_t *out, size_t len);
    /* EIP-7702: true when a's code is a delegation designator; *target gets its address. */
    bool (*get_delegate)(evm_host *h, const evm_addr *a, evm_addr *target);
    u256 (*get_storage)(evm_host *h, const evm_addr *a, u256 key, bool *cold);
    evm_slot_change (*set_storage)(evm_host *h, const evm_addr *a, u256 key, u256 value);
    u256 (*get_transient)(evm_host *h, const evm_addr *a, u256 key);
    void (*set_transient)(evm_host *h, const evm_addr *a, u256 key, u256 value);
    bool (*access_account)(evm_host *h, const evm_addr *a);
    evm_hash (*get_block_hash)(evm_host *h, uint64_t number);
    void (*emit_log)(evm_host *h, const evm_addr *a, const uint8_t *data, size_t len,
                     const u256 *topics, int ntopics);
    /* Moves the balance to the beneficiary and records the destruction per EIP-6780. */
    void (*selfdestruct)(evm_host *h, const evm_addr *a, const evm_addr *beneficiary);
    /* Runs a nested frame (call or create). */
    void (*call)(evm_host *h, const evm_message *m, evm_result *r);
} evm_host_fns;

/* Optional EIP-3155 tracer: one JSON line per instruction to `out`; `memory` adds the
   optional "memory" field (the frame's memory before the instruction, hex). */
typedef struct evm_tracer {
    FILE *out;
    bool memory;
} evm_tracer;

/* Analysed code kept across frames (a block's calls of the same contract analyse its code
   once): set evm_host.code_cache; the cache must outlive the frames that use it. */
typedef struct evm_code_cache evm_code_cache;
evm_code_cache *evm_code_cache_new(void);
void evm_code_cache_free(evm_code_cache *c);

struct evm_host {
    const evm_host_fns *fn;
    const evm_tx_context *tx;
    rivet_fork fork;
    evm_tracer *tracer;         /* NULL: no tracing */
    evm_code_cache *code_cache; /* NULL: each frame analyses its code */
};

/* Runs code[0..code_len) for message m. r->output is malloc'd. Never fails on malformed code:
   every guest fault is a status in r. */
void evm_execute(evm_host *h, const evm_message *m, const uint8_t *code, size_t code_len,
                 evm_result *r);

/* Gas helpers shared with transaction execution. */
static inline uint64_t evm_words(uint64_t bytes)
{
    return (bytes + 31) / 32;
}
/* Memory cost of `words` 32-byte words: 3w + w^2/512. */
static inline int64_t evm_memory_cost(uint64_t words)
{
    return (int64_t)(3 * words + words * words / 512);
}

/* EIP-8037 (Amsterdam) state-creation gas: state bytes times the cost per byte, the fixed
   figure the Amsterdam fixtures were filled with. */
enum {
    EVM_STATE_BYTE_COST = 1174,
    EVM_STATE_ACCOUNT = 112 * EVM_STATE_BYTE_COST, /* a new account */
    EVM_STATE_SLOT = 32 * EVM_STATE_BYTE_COST      /* a storage slot set from zero */
};

/* CREATE/CREATE2 base gas: 32000, of which EIP-8037 keeps 9000 as regular gas. */
static inline int64_t evm_create_gas(rivet_fork fork)
{
    return fork >= FORK_AMSTERDAM ? 9000 : 32000;
}

/* Charges EIP-8037 state gas: from the reservoir `*left` first, the rest from the regular gas
   `*gas`. False (nothing charged) when the two together do not cover it. */
static inline bool evm_charge_state(int64_t *gas, int64_t *left, int64_t *used, int64_t amount)
{
    if (*left >= amount) {
        *left -= amount;
    } else {
        if (*gas < amount - *left) return false;
        *gas -= amount - *left;
        *left = 0;
    }
    *used += amount;
    return true;
}

/* ---------------------------------------------------------------- rules shared by frames

   The gas and state rules of the state-touching operations, written once and used by the EVM
   interpreter and by any other kind of frame the host runs (RISC-V contracts, src/hybrid).
   `gas` is the frame's gas left; the functions charge it and return EVM_SUCCESS to go on or a
   status that halts the frame exceptionally (memory costs are the caller's own). */
typedef struct evm_meter {
    int64_t refund;                 /* EIP-2200/3529 refund counter */
    int64_t state_left, state_used; /* EIP-8037 reservoir and state gas charged */
} evm_meter;

/* The frame a rule acts for: its host, message (recipient, static flag, depth) and fork. */
typedef struct evm_ctx {
    evm_host *h;
    const evm_message *m;
    evm_meter *mt;
} evm_ctx;

/* SSTORE of v at key in the frame's account: the stipend guard, EIP-2929 cold surcharge,
   EIP-2200/3529 (and EIP-8037) costs and refunds. */
evm_status evm_rule_sstore(const evm_ctx *c, int64_t *gas, u256 key, u256 v);
/* SLOAD: 100 warm (the caller's base) plus 2000 when cold; the value in *out. */
evm_status evm_rule_sload(const evm_ctx *c, int64_t *gas, u256 key, u256 *out);
/* Warms an account (BALANCE, EXTCODE..., CALL): 2500 more when it was cold. */
evm_status evm_rule_access(const evm_ctx *c, int64_t *gas, const evm_addr *a);
/* LOGn of len data bytes: the static check and 8 gas per byte (the base is the caller's). */
evm_status evm_rule_log(const evm_ctx *c, int64_t *gas, const uint8_t *data, uint64_t len,
                        const u256 *topics, int ntopics);
/* SELFDESTRUCT to beneficiary b. */
evm_status evm_rule_selfdestruct(const evm_ctx *c, int64_t *gas, const evm_addr *b);

/* A call in two steps around the caller's memory charges (the EVM order): access charges the
   cold target and an EIP-7702 delegate and resolves the code address; prepare charges value,
   new account and applies the 63/64 rule and stipend. prepare sets *run to false (result 0,
   no frame) past the depth limit or without the balance; otherwise *out is the message and
   the gas it carries is already taken from *gas. */
evm_status evm_rule_call_access(const evm_ctx *c, int64_t *gas, const evm_addr *dst,
                                evm_addr *code_addr, bool *delegated);
evm_status evm_rule_call_prepare(const evm_ctx *c, int64_t *gas, uint8_t op, u256 gas_arg,
                                 const evm_addr *dst, const evm_addr *code_addr, bool delegated,
                                 u256 value, evm_message *out, bool *run);
/* A create in two steps around the caller's memory charge: base charges the static check and
   the base cost; prepare the initcode rules (EIP-3860, CREATE2 hashing, EIP-8037), the depth
   and balance checks and the 63/64 rule, as above. */
evm_status evm_rule_create_base(const evm_ctx *c, int64_t *gas);
evm_status evm_rule_create_prepare(const evm_ctx *c, int64_t *gas, uint8_t op, u256 value,
                                   u256 salt, uint64_t init_len, evm_message *out, bool *run);
/* After the nested frame of `sent` returned r: unused gas back, state gas and refunds merged. */
void evm_rule_finish(const evm_ctx *c, int64_t *gas, const evm_message *sent, const evm_result *r);

/* The EIP-7702 delegation designator prefix 0xef0100 and its total length. */
enum { EVM_DELEGATION_LEN = 23 };
static inline bool evm_is_delegation(const uint8_t *code, size_t len)
{
    return len == EVM_DELEGATION_LEN && code[0] == 0xef && code[1] == 0x01 && code[2] == 0x00;
}

#endif
