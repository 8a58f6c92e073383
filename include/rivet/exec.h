/* Transaction execution over a state: validation against the block and the state, EIP-7702
   authorizations, the message call or create, refunds and fee payment. The host (exec_host)
   implements evm_host over a `state`, including nested calls, creates and precompiles. */
#ifndef RIVET_EXEC_H
#define RIVET_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/evm.h"
#include "rivet/state.h"
#include "rivet/tx.h"

/* A runner for code that is not EVM code: the hybrid chain setting (src/hybrid installs one).
   The host asks it for every frame's code and for the code a create deploys; without one
   (NULL, mainnet rules) all code is EVM code. */
typedef struct exec_vm {
    void *ctx;
    /* True when code is this runner's (it then runs instead of the EVM). */
    bool (*claims)(void *ctx, const uint8_t *code, size_t len);
    /* Runs one frame of m over code, as evm_execute does. */
    void (*run)(void *ctx, evm_host *h, const evm_message *m, const uint8_t *code, size_t len,
                evm_result *r);
    /* Checks code a create returns that the runner claims (the place of EIP-3541's rule):
       EVM_SUCCESS, or the status that halts the creating frame. */
    evm_status (*check_deploy)(void *ctx, const uint8_t *code, size_t len);
} exec_vm;

/* Block facts a transaction runs under. */
typedef struct exec_block {
    rivet_fork fork;
    evm_addr coinbase;
    uint64_t number, timestamp, gas_limit;
    uint64_t slot_number; /* EIP-7843 (Amsterdam) */
    u256 base_fee, prevrandao, chain_id;
    uint64_t excess_blob_gas;
    uint64_t blob_base_fee_fraction; /* EIP-4844 update fraction of this fork */
    uint64_t max_blobs_per_block;
    /* BLOCKHASH source (NULL: the state-test convention, see exec_host) */
    evm_hash (*block_hash)(void *ctx, uint64_t number);
    void *block_hash_ctx;
    const exec_vm *vm;          /* NULL: mainnet rules (EVM code only) */
    evm_code_cache *code_cache; /* NULL: every frame analyses its code */
} exec_block;

typedef struct exec_result {
    tx_error error;     /* TX_ERR_OK: the tx was included */
    evm_status status;  /* outcome of the top frame */
    uint64_t gas_used;  /* after refunds and the EIP-7623 floor */
    uint64_t block_gas; /* what the block counts: EIP-7778 (Amsterdam) drops the refunds */
    /* Amsterdam (EIP-8037): block_gas is the regular gas and this the state gas; the block
       counts the larger of the two sums */
    uint64_t block_state_gas;
    evm_addr create_address;
    uint8_t *output; /* malloc'd */
    size_t output_size;
} exec_result;

/* EIP-4844 blob base fee for an excess and update fraction. */
u256 exec_blob_base_fee(uint64_t excess_blob_gas, uint64_t fraction);

/* The host: evm_host over a state. Block hashes for BLOCKHASH are keccak256 of the decimal
   number (the state-test convention) unless `block_hash` is set. */
typedef struct exec_host {
    evm_host base;
    state *s;
    evm_tx_context txc;
    evm_hash (*block_hash)(void *ctx, uint64_t number);
    void *block_hash_ctx;
    const exec_vm *vm;   /* runner of non-EVM code (NULL: EVM only) */
    bool unsupported;    /* a precompile this build cannot run was called */
    state_account *last; /* last account looked up (a cache; records never move) */
} exec_host;

void exec_host_init(exec_host *h, state *s, rivet_fork fork);
/* Runs a top-level message (the host resolves precompiles, delegation and creates). */
void exec_message(exec_host *h, const evm_message *m, evm_result *r);
/* Runs `code` as a call from 0x10.. to 0x20.. (both warm, chain id 1) on a fresh state holding
   only that code: what `rivet evm` and the guest's EVM job run. r->output is malloc'd.
   Returns RIVET_ENOMEM when the state cannot be built; guest faults are in r->status. */
RIVET_MUST_USE rivet_status exec_call_code(rivet_fork fork, const uint8_t *code, size_t code_len,
                                           const uint8_t *input, size_t input_len, uint64_t gas,
                                           evm_tracer *tracer, evm_result *r);
/* The same with a runner for non-EVM code (NULL: EVM only). */
RIVET_MUST_USE rivet_status exec_call_code_vm(rivet_fork fork, const exec_vm *vm,
                                              const uint8_t *code, size_t code_len,
                                              const uint8_t *input, size_t input_len, uint64_t gas,
                                              evm_tracer *tracer, evm_result *r);

/* Validates and executes t, sent by `sender` (recovered by the caller: state tests give it,
   blocks recover it with tx_sender), on s. The signature fields are not used. A rejected tx
   leaves s unchanged and sets r->error to the fixtures' name of the first rule it breaks.
   Returns a host error status only (ENOMEM, EUNSUPPORTED precompile). */
RIVET_MUST_USE rivet_status exec_transaction(state *s, const exec_block *b, const tx *t,
                                             const evm_addr *sender, evm_tracer *tr, exec_result *r,
                                             rivet_diag *d);

#endif
