/* The end of a transaction (state_finalize_tx) and change tracking. The finalize walks the
   journal rather than the whole state: every flag it clears and every slot whose original value
   it moves was set through a journaled call, and what a revert popped is already undone. So a
   transaction costs what it changed, not what the state holds (a long chain's system contracts
   keep thousands of slots). */
#include <stdlib.h>
#include <string.h>

#include "state_impl.h"

void state_track_changes(state *s, bool on)
{
    if (!on) state_changes_clear(s);
    s->track = on;
}

void state_changes_clear(state *s)
{
    for (size_t i = 0; i < s->nchg; i++)
        s->chg[i]->changed = s->chg[i]->wiped = false;
    s->nchg = s->nchg_slot = 0;
}

/* Growth of a change list; on failure tracking cannot go on silently: the process aborts as
   for the journal (a consumer would derive a wrong root). */
static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return v;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(v, c * size);
    if (!p) abort();
    *cap = c;
    return p;
}

static void note_account(state *s, state_account *a)
{
    if (!s->track || a->changed) return;
    s->chg = grow(s->chg, &s->chgcap, s->nchg, sizeof *s->chg);
    s->chg[s->nchg++] = a;
    a->changed = true;
}

static void note_slot(state *s, state_account *a, u256 key)
{
    if (!s->track) return;
    note_account(s, a);
    s->chg_slot = grow(s->chg_slot, &s->chg_slotcap, s->nchg_slot, sizeof *s->chg_slot);
    s->chg_slot[s->nchg_slot++] = (state_slot_change){a, key};
}

static void slots_clear(state_slots *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* Account-level end of transaction; idempotent (an account appears once per journal entry). */
static void finalize_account(state *s, state_account *a)
{
    if (a->destructed || (a->touched && state_is_empty(a))) {
        a->exists = false;
        a->nonce = 0;
        a->balance = U256_ZERO;
        a->code = NULL;
        a->code_len = 0;
        slots_clear(&a->storage);
        a->backed_storage = false;
        a->code_unknown = false;
        note_account(s, a);
        a->wiped = s->track;
    }
    if (a->transient.n) slots_clear(&a->transient);
    a->warm = a->touched = a->created = a->destructed = false;
}

void state_finalize_tx(state *s)
{
    for (size_t i = 0; i < s->jn; i++) {
        const state_journal_entry *e = &s->j[i];
        state_account *a = e->a;
        if (!a) continue; /* a log */
        finalize_account(s, a);
        switch (e->kind) {
        case J_EXISTS:
        case J_BALANCE:
        case J_NONCE:
        case J_CODE: note_account(s, a); break;
        case J_STORAGE:
        case J_WARM_SLOT: {
            state_slot *sl = state_slot_find(&a->storage, e->key);
            if (!sl) break; /* the account was removed */
            sl->orig = sl->cur;
            sl->warm = false;
            if (e->kind == J_STORAGE) note_slot(s, a, e->key);
            break;
        }
        default: break;
        }
    }
    s->jn = 0;
}
