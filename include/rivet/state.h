/* World state for execution: accounts, storage, transient storage, a journal with checkpoints,
   EIP-2929 warm sets, logs and the touched/created/destroyed bookkeeping of one transaction.
   Backend: in memory (every account and slot held in hash tables). */
#ifndef RIVET_STATE_H
#define RIVET_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/evm.h"
#include "rivet/status.h"
#include "rivet/trie.h"
#include "rivet/u256.h"

typedef struct state_slot {
    u256 key, cur, orig; /* orig: value at the start of the transaction */
    bool used, warm;
    bool unloaded; /* warmed only (access list): not yet read from the backend */
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
    bool exists;         /* present in the state (possibly empty) */
    bool warm;           /* EIP-2929 */
    bool touched;        /* EIP-161: deleted at the end of the tx when empty */
    bool created;        /* created in this transaction (EIP-6780) */
    bool destructed;     /* SELFDESTRUCT in the tx of creation */
    bool backed_storage; /* slots not in `storage` are read from the backend */
    bool unloaded;       /* made by state_peek, not yet read from the backend */
    bool code_unknown;   /* the backend knows only the code's hash (code_hash) */
    bool changed;        /* in the state's change list (state_track_changes) */
    bool wiped;          /* its storage was cleared since the change list was taken */
    evm_hash code_hash;  /* when code_unknown */
    state_slots storage, transient;
} state_account;

/* A read-through backend (e.g. an execution witness): accounts and slots missing from memory
   are loaded on first use. `account` sets *found, and for a found account its fields and whether
   it has storage; the code pointer only needs to live until the call returns. When the backend
   has the code's hash but not the code, it sets *code = NULL and fills code_hash: the account
   is then code_unknown, and reading its code (state_code) is a fault. A failure (e.g.
   EMISSING: a witness lacks a node) is recorded as the state's fault: execution goes on with
   zero values and the caller must check state_fault. */
typedef struct state_backend {
    rivet_status (*account)(void *ctx, const evm_addr *a, bool *found, uint64_t *nonce,
                            u256 *balance, const uint8_t **code, size_t *code_len,
                            evm_hash *code_hash, bool *has_storage, rivet_diag *d);
    rivet_status (*storage)(void *ctx, const evm_addr *a, u256 key, u256 *v, rivet_diag *d);
    void *ctx;
} state_backend;

typedef struct state_log {
    evm_addr addr;
    uint8_t *data;
    size_t len;
    u256 topics[4];
    int ntopics;
} state_log;

typedef struct state_journal_entry state_journal_entry;

/* A slot written by a finished transaction (state_track_changes). */
typedef struct state_slot_change {
    state_account *a;
    u256 key;
} state_slot_change;

typedef struct state {
    state_account **acc; /* open-addressing table of account pointers */
    size_t nacc, cap;
    state_journal_entry *j;
    size_t jn, jcap;
    state_log *logs;
    size_t nlogs, logcap;
    uint8_t **garbage; /* replaced code buffers, freed with the state */
    size_t ngarbage, garbagecap;
    bool track;          /* state_track_changes */
    state_account **chg; /* accounts changed by finished transactions (each once) */
    size_t nchg, chgcap;
    state_slot_change *chg_slot; /* their written slots (repeats possible) */
    size_t nchg_slot, chg_slotcap;
    const state_backend *backend; /* NULL: everything in memory */
    rivet_status fault;           /* first backend failure */
    rivet_diag fault_diag;
} state;

void state_init(state *s);
/* An empty state over a read-through backend (which must outlive it). */
void state_init_backed(state *s, const state_backend *b);
/* The first backend failure (copied into d), or RIVET_OK. */
RIVET_MUST_USE rivet_status state_fault(const state *s, rivet_diag *d);
void state_free(state *s);

/* The account record for addr; created (absent, zero) when missing and create is true. */
state_account *state_get(state *s, const evm_addr *addr, bool create);
/* The record for addr without reading the backend (for warming only: an access list, the
   precompiles, the coinbase); state_get reads it when its fields are needed. */
state_account *state_peek(state *s, const evm_addr *addr);
/* EIP-161 emptiness: nonce 0, balance 0, no code. */
static inline bool state_is_empty(const state_account *a)
{
    return a->nonce == 0 && u256_is_zero(a->balance) && a->code_len == 0 && !a->code_unknown;
}
/* The account's code for execution or inspection; records a fault when the backend lacks it
   (the code is then empty). */
const uint8_t *state_code(state *s, state_account *a, size_t *len);
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
RIVET_MUST_USE rivet_status state_set_code(state *s, state_account *a, const uint8_t *code,
                                           size_t len);
/* Pre-state loading (not journaled). */
RIVET_MUST_USE rivet_status state_put_code(state *s, state_account *a, const uint8_t *code,
                                           size_t len);
void state_touch(state *s, state_account *a);
void state_mark_created(state *s, state_account *a);
void state_mark_destructed(state *s, state_account *a);
/* Returns true when it was cold. */
bool state_warm_account(state *s, state_account *a);
bool state_warm_slot(state *s, state_account *a, u256 key);

u256 state_get_storage(const state_account *a, u256 key);
/* SLOAD: reads a slot and marks it warm; *cold tells whether it was cold. */
u256 state_load_storage(state *s, state_account *a, u256 key, bool *cold);
/* SSTORE: writes a slot and marks it warm, returning (original, previous current, was cold)
   for EIP-2200/2929 gas. */
evm_slot_change state_set_storage(state *s, state_account *a, u256 key, u256 v);
/* Loads a pre-state slot (original = current = v), not journaled. */
RIVET_MUST_USE rivet_status state_put_storage(state_account *a, u256 key, u256 v);
bool state_has_storage(const state_account *a); /* any non-zero slot, or backend storage */

u256 state_get_transient(const state_account *a, u256 key);
void state_set_transient(state *s, state_account *a, u256 key, u256 v);

RIVET_MUST_USE rivet_status state_add_log(state *s, const evm_addr *addr, const uint8_t *data,
                                          size_t len, const u256 *topics, int ntopics);

/* End of transaction: removes destructed accounts and touched empty ones, clears warm flags,
   transient storage, the journal and created flags, and makes current values original. It
   walks the transaction's journal, so it costs what the transaction changed (every flag and
   slot it clears was set through a journaled call). */
void state_finalize_tx(state *s);
/* Change tracking, for consumers that keep something derived from the state up to date (an
   incremental state root): when on, state_finalize_tx records each account whose nonce,
   balance, code, existence or storage changed (once, with `changed` set; `wiped` when its
   storage was cleared) and each slot written, in s->chg and s->chg_slot. Records stay until
   state_changes_clear. Off by default; turning it off clears the records. */
void state_track_changes(state *s, bool on);
void state_changes_clear(state *s);
/* Drops the logs. */
void state_clear_logs(state *s);

/* keccak256 of the RLP list of logs [[address, [topics...], data], ...]. */
RIVET_MUST_USE rivet_status state_logs_hash(const state *s, evm_hash *out);
/* The Merkle-Patricia root of the whole state (accounts that exist, non-zero slots). */
RIVET_MUST_USE rivet_status state_root(const state *s, evm_hash *out, rivet_diag *d);
/* The same walk, also writing every trie node into `nodes` and every code into `codes` (either
   may be NULL); *root gets the state root. */
RIVET_MUST_USE rivet_status state_trie_export(const state *s, trie_memstore *nodes,
                                              trie_memstore *codes, uint8_t root[32],
                                              rivet_diag *d);
/* The account's leaf in the state trie: rlp([nonce, balance, storage_root, code_hash]),
   written over out's contents. */
RIVET_MUST_USE rivet_status state_account_rlp(const state_account *a,
                                              const uint8_t storage_root[32], rivet_buf *out);
/* A slot's leaf in its account's storage trie: key = the slot key, 32 bytes big-endian; *out =
   rlp(current value), or nothing for zero (the leaf's deletion), written over out's contents.
   The full walk (state_root) and the witness-backed one (exec's sl_backend_root) share it. */
RIVET_MUST_USE rivet_status state_slot_leaf(const state_slot *e, uint8_t key[32], rivet_buf *out);

#endif
