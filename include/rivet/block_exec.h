/* Block execution (exec layer): the state transition of one block over a `state` (in memory or
   witness-backed). Pre-block system calls (EIP-4788 beacon root, EIP-2935 history), the
   transactions (with the block's gas and blob budgets), withdrawals, post-block requests
   (EIP-6110 deposits from logs, EIP-7002 and EIP-7251 system-contract dequeues), then the
   commitments the header makes to the execution: gas used, receipts root, logs bloom and the
   EIP-7685 requests hash. The state root is the caller's (it depends on the state backend).

   bexec_check runs the stateless rules first (header against the parent, transactions' static
   rules, body), in the order the test suites expect. */
#ifndef RIVET_BLOCK_EXEC_H
#define RIVET_BLOCK_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "rivet/block.h"
#include "rivet/chain.h"
#include "rivet/exec.h"
#include "rivet/state.h"

/* Why a block is invalid: a block rule (error != OK), or a transaction (tx_err != OK, error =
   BLK_ERR_OK); `tx_index` names the transaction. */
typedef struct bexec_out {
    blk_error error;
    tx_error tx_err;
    size_t tx_index;
    uint64_t gas_used;
    uint8_t receipts_root[32];
    uint8_t bloom[256];
    uint8_t requests_hash[32];
} bexec_out;

/* The block's view of history: BLOCKHASH for an ancestor number (the executor only asks for
   numbers in [number-256, number-1]). */
typedef struct bexec_env {
    const chain_config *cfg;
    evm_hash (*block_hash)(void *ctx, uint64_t number);
    void *ctx;
    /* Optional (NULL: none): called with s after each part of the block, numbered as EIP-7928
       indexes them: 0 the pre-block system calls, i + 1 transaction i, ntx + 1 withdrawals and
       requests. A failure stops the block (returned as a host error status). */
    rivet_status (*phase_end)(void *phase_ctx, const state *s, uint32_t index, rivet_diag *d);
    void *phase_ctx;
    /* Optional (NULL: none), for a node that keeps receipts: called after transaction i ran,
       while s->logs still holds its logs. */
    void (*tx_end)(void *tx_ctx, size_t i, const state *s, const evm_addr *sender,
                   const exec_result *r);
    void *tx_ctx;
    /* Optional (NULL: recover every sender): a sender given without recovery (a dev node's
       impersonated accounts); returns false to recover as usual. */
    bool (*sender)(void *tx_ctx, size_t i, evm_addr *sender);
    /* Optional (NULL: mainnet rules): the runner of non-EVM code, the hybrid chain setting. */
    const exec_vm *vm;
} bexec_env;

/* True when o says the block is valid. */
static inline bool bexec_ok(const bexec_out *o)
{
    return o->error == BLK_ERR_OK && o->tx_err == TX_ERR_OK;
}
/* The fixture name of the failure ("BlockException.X" / "TransactionException.X"), or "OK". */
const char *bexec_error_name(const bexec_out *o);
/* True when the failure is one of the '|'-separated names in `expected`. */
bool bexec_error_matches(const bexec_out *o, const char *expected);

/* Stateless rules: hdr_validate against parent, blk_validate_txs, blk_validate_body. */
void bexec_check(const blk *b, const hdr *parent, const chain_config *c, bexec_out *o,
                 rivet_diag *d);

/* Executes b over s (s holds the parent's post-state) and compares gas used, receipts root,
   bloom and requests hash with the header. The outcome is in *o; the return value is a host
   error only (ENOMEM, EUNSUPPORTED precompile or fork, or the state backend's failure, e.g.
   EMISSING for a witness that lacks a node: then *d names it). On an invalid block s is left half
   updated: discard it. */
RIVET_MUST_USE rivet_status bexec_apply(state *s, const blk *b, const bexec_env *env, bexec_out *o,
                                        rivet_diag *d);

#endif
