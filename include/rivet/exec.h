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

/* Block facts a transaction runs under. */
typedef struct exec_block {
    rivet_fork fork;
    evm_addr coinbase;
    uint64_t number, timestamp, gas_limit;
    u256 base_fee, prevrandao, chain_id;
    uint64_t excess_blob_gas;
    uint64_t blob_base_fee_fraction; /* EIP-4844 update fraction of this fork */
    uint64_t max_blobs_per_block;
} exec_block;

typedef struct exec_access {
    evm_addr addr;
    const u256 *keys;
    size_t nkeys;
} exec_access;

typedef struct exec_auth {
    u256 chain_id, r, s;
    evm_addr address;
    u256 nonce;
    u256 y_parity;
} exec_auth;

/* A transaction by fields (signature already resolved to `sender`). */
typedef struct exec_tx {
    int type; /* 0..4 */
    uint64_t nonce;
    uint64_t gas_limit;
    u256 gas_price;                 /* types 0, 1 */
    u256 max_fee, max_priority_fee; /* types 2, 3, 4 */
    u256 max_fee_per_blob_gas;      /* type 3 */
    u256 value;
    bool has_to;
    evm_addr to, sender;
    const uint8_t *data;
    size_t data_len;
    const exec_access *access;
    size_t naccess;
    const evm_hash *blob_hashes;
    size_t nblobs;
    const exec_auth *auths;
    size_t nauths;
} exec_tx;

/* Validation failures, named as the EEST fixtures name them ("TransactionException.<id>"). */
#define EXEC_TX_ERRORS(X)                                                                          \
    X(NONE)                                                                                        \
    X(INTRINSIC_GAS_TOO_LOW)                                                                       \
    X(INTRINSIC_GAS_BELOW_FLOOR_GAS_COST)                                                          \
    X(INITCODE_SIZE_EXCEEDED)                                                                      \
    X(NONCE_IS_MAX)                                                                                \
    X(NONCE_MISMATCH_TOO_LOW)                                                                      \
    X(NONCE_MISMATCH_TOO_HIGH)                                                                     \
    X(GAS_ALLOWANCE_EXCEEDED)                                                                      \
    X(GAS_LIMIT_EXCEEDS_MAXIMUM)                                                                   \
    X(PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS)                                                       \
    X(INSUFFICIENT_MAX_FEE_PER_GAS)                                                                \
    X(INSUFFICIENT_MAX_FEE_PER_BLOB_GAS)                                                           \
    X(INSUFFICIENT_ACCOUNT_FUNDS)                                                                  \
    X(GASLIMIT_PRICE_PRODUCT_OVERFLOW)                                                             \
    X(SENDER_NOT_EOA)                                                                              \
    X(TYPE_3_TX_CONTRACT_CREATION)                                                                 \
    X(TYPE_3_TX_ZERO_BLOBS)                                                                        \
    X(TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH)                                                       \
    X(TYPE_3_TX_BLOB_COUNT_EXCEEDED)                                                               \
    X(TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED)                                                   \
    X(TYPE_4_TX_CONTRACT_CREATION)                                                                 \
    X(TYPE_4_EMPTY_AUTHORIZATION_LIST)                                                             \
    X(TYPE_NOT_SUPPORTED)

typedef enum {
#define X(id) EXEC_ERR_##id,
    EXEC_TX_ERRORS(X)
#undef X
} exec_tx_error;

/* "TransactionException.<id>" ("" for NONE). */
const char *exec_tx_error_name(exec_tx_error e);

typedef struct exec_result {
    exec_tx_error error; /* NONE: the tx was included */
    evm_status status;   /* outcome of the top frame */
    uint64_t gas_used;   /* after refunds and the EIP-7623 floor */
    evm_addr create_address;
    uint8_t *output; /* malloc'd */
    size_t output_size;
} exec_result;

/* Intrinsic gas and the EIP-7623 floor of a transaction. */
uint64_t exec_intrinsic_gas(const exec_tx *tx, rivet_fork fork, uint64_t *floor);
/* EIP-4844 blob base fee for an excess and update fraction. */
u256 exec_blob_base_fee(uint64_t excess_blob_gas, uint64_t fraction);

/* The host: evm_host over a state. Block hashes for BLOCKHASH are keccak256 of the decimal
   number (the state-test convention) unless `block_hash` is set. */
typedef struct exec_host {
    evm_host base;
    state *s;
    evm_tx_context txc;
    evm_hash (*block_hash)(uint64_t number);
    bool unsupported; /* a precompile this build cannot run was called */
} exec_host;

void exec_host_init(exec_host *h, state *s, rivet_fork fork);
/* Runs a top-level message (the host resolves precompiles, delegation and creates). */
void exec_message(exec_host *h, const evm_message *m, evm_result *r);

/* Validates and executes tx on s. A rejected tx leaves s unchanged and sets r->error.
   Returns a host error status only (ENOMEM, EUNSUPPORTED precompile). */
rivet_status exec_transaction(state *s, const exec_block *b, const exec_tx *tx, evm_tracer *tr,
                              exec_result *r, rivet_diag *d);

#endif
