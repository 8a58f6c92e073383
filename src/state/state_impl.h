/* Internals shared by the state layer's files: the journal entry and the slot lookup. */
#ifndef RIVET_STATE_IMPL_H
#define RIVET_STATE_IMPL_H

#include "rivet/state.h"

typedef enum {
    J_EXISTS,
    J_BALANCE,
    J_NONCE,
    J_CODE,
    J_STORAGE,
    J_TRANSIENT,
    J_WARM_ACCOUNT,
    J_WARM_SLOT,
    J_TOUCH,
    J_CREATED,
    J_DESTRUCTED,
    J_LOG,
} journal_kind;

struct state_journal_entry {
    journal_kind kind;
    state_account *a;
    u256 key, old;
    const uint8_t *code;
    size_t code_len;
};

/* The entry for key in t, or NULL. */
state_slot *state_slot_find(const state_slots *t, u256 key);

#endif
