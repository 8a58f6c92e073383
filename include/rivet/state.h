/* World state for execution: accounts, storage, transient storage, a journal with checkpoints,
   EIP-2929 warm sets, logs and the touched/created/destroyed bookkeeping of one transaction.
   Backend: in memory (every account and slot held in hash tables). */
#ifndef RIVET_STATE_H
#define RIVET_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/evm.h"
#include "rivet/status.h"
#include "rivet/u256.h"

typedef struct state_slot {
    u256 key, cur, orig; /* orig: value at the start of the transaction */
    bool used, warm;
} state_slot;

typedef struct state_slots {
    state_slot *v;
    size_t n, cap; /* n used entries, cap a power of two (or 0) */
} state_slots;

typedef struct state_account {
    evm_addr addr;
    uint64_t nonce;
    u256 balance;
    const uint8_t *code; /* owned by the state */
    size_t code_len;
    bool exists;     /* present in the state (possibly empty) */
    bool warm;       /* EIP-2929 */
    bool touched;    /* EIP-161: deleted at the end of the tx when empty */
    bool created;    /* created in this transaction (EIP-6780) */
    bool destructed; /* SELFDESTRUCT in the tx of creation */
    state_slots storage, transient;
} state_account;

typedef struct state_log {
    evm_addr addr;
    uint8_t *data;
    size_t len;
    u256 topics[4];
    int ntopics;
} state_log;

typedef struct state_journal_entry state_journal_entry;

typedef struct state {
    state_account **acc; /* open-addressing table of account pointers */
    size_t nacc, cap;
    state_journal_entry *j;
    size_t jn, jcap;
    state_log *logs;
    size_t nlogs, logcap;
    uint8_t **garbage; /* replaced code buffers, freed with the state */
    size_t ngarbage, garbagecap;
} state;

void state_init(state *s);
void state_free(state *s);

/* The account record for addr; created (absent, zero) when missing and create is true. */
state_account *state_get(state *s, const evm_addr *addr, bool create);
/* EIP-161 emptiness: nonce 0, balance 0, no code. */
static inline bool state_is_empty(const state_account *a)
{
    return a->nonce == 0 && u256_is_zero(a->balance) && a->code_len == 0;
}
/* keccak256 of the code (computed on demand: most code is never hashed). */
evm_hash state_code_hash(const state_account *a);
/* True when the account exists and is not empty. */
bool state_is_alive(state *s, const evm_addr *addr);

/* Checkpoints: revert undoes every journaled change made after the checkpoint. */
size_t state_checkpoint(const state *s);
void state_revert(state *s, size_t checkpoint);

/* Journaled mutations. */
void state_set_exists(state *s, state_account *a);
void state_set_balance(state *s, state_account *a, u256 v);
void state_add_balance(state *s, state_account *a, u256 v); /* also touches */
void state_set_nonce(state *s, state_account *a, uint64_t n);
rivet_status state_set_code(state *s, state_account *a, const uint8_t *code, size_t len);
/* Pre-state loading (not journaled). */
rivet_status state_put_code(state *s, state_account *a, const uint8_t *code, size_t len);
void state_touch(state *s, state_account *a);
void state_mark_created(state *s, state_account *a);
void state_mark_destructed(state *s, state_account *a);
/* Returns true when it was cold. */
bool state_warm_account(state *s, state_account *a);
bool state_warm_slot(state *s, state_account *a, u256 key);

u256 state_get_storage(const state_account *a, u256 key);
/* Writes a slot, returning (original, previous current) for EIP-2200 gas. */
evm_slot_change state_set_storage(state *s, state_account *a, u256 key, u256 v);
/* Loads a pre-state slot (original = current = v), not journaled. */
rivet_status state_put_storage(state_account *a, u256 key, u256 v);
bool state_has_storage(const state_account *a); /* any non-zero slot */

u256 state_get_transient(const state_account *a, u256 key);
void state_set_transient(state *s, state_account *a, u256 key, u256 v);

rivet_status state_add_log(state *s, const evm_addr *addr, const uint8_t *data, size_t len,
                           const u256 *topics, int ntopics);

/* End of transaction: removes destructed accounts and touched empty ones, clears warm flags,
   transient storage, the journal and created flags, and makes current values original. */
void state_finalize_tx(state *s);
/* Drops the logs. */
void state_clear_logs(state *s);

/* keccak256 of the RLP list of logs [[address, [topics...], data], ...]. */
rivet_status state_logs_hash(const state *s, evm_hash *out);
/* The Merkle-Patricia root of the whole state (accounts that exist, non-zero slots). */
rivet_status state_root(const state *s, evm_hash *out, rivet_diag *d);

#endif
