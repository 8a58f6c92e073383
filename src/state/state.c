/* In-memory state: account and slot hash tables, journal with checkpoints. */
#include "rivet/state.h"

#include <stdlib.h>
#include <string.h>

#include "rivet/bytes.h"
#include "rivet/crypto.h"

#include "state_impl.h"

static const evm_hash empty_code_hash = {{0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c,
                                          0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
                                          0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b,
                                          0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70}};

void state_init(state *s)
{
    memset(s, 0, sizeof *s);
}

void state_init_backed(state *s, const state_backend *b)
{
    memset(s, 0, sizeof *s);
    s->backend = b;
}

rivet_status state_fault(const state *s, rivet_diag *d)
{
    if (s->fault != RIVET_OK && d && d->code == RIVET_OK) *d = s->fault_diag;
    return s->fault;
}

static void set_fault(state *s, rivet_status st, const rivet_diag *d)
{
    if (s->fault != RIVET_OK) return;
    s->fault = st;
    s->fault_diag = *d;
    if (s->fault_diag.code == RIVET_OK) s->fault_diag.code = st;
}

/* Fills a fresh record from the backend. */
static void backend_load(state *s, state_account *a)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    bool found = false, has_storage = false;
    const uint8_t *code = NULL;
    size_t len = 0;
    rivet_status st = s->backend->account(s->backend->ctx, &a->addr, &found, &a->nonce, &a->balance,
                                          &code, &len, &a->code_hash, &has_storage, &d);
    if (st == RIVET_OK && found && code) st = state_put_code(s, a, code, len);
    if (st == RIVET_OK && found && !code && memcmp(a->code_hash.b, empty_code_hash.b, 32) != 0)
        a->code_unknown = true;
    if (st != RIVET_OK) {
        set_fault(s, st, &d);
        a->nonce = 0;
        a->balance = U256_ZERO;
        return;
    }
    a->exists = found;
    a->backed_storage = found && has_storage;
}

void state_free(state *s)
{
    for (size_t i = 0; i < s->cap; i++) {
        state_account *a = s->acc[i];
        if (!a) continue;
        free(a->storage.v);
        free(a->transient.v);
        free(a);
    }
    free(s->acc);
    free(s->j);
    state_clear_logs(s);
    free(s->logs);
    for (size_t i = 0; i < s->ngarbage; i++)
        free(s->garbage[i]);
    free(s->garbage);
    free(s->chg);
    free(s->chg_slot);
    memset(s, 0, sizeof *s);
}

/* A 64-bit finaliser (splitmix64's): every input bit reaches the low bits the tables index by.
   Keys with structure (precompile addresses, the system contracts' ring-buffer slots, which are
   consecutive numbers) would otherwise fill runs of neighbouring buckets, and linear probing for a
   key that is not there walks the whole run. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t addr_hash(const evm_addr *a)
{
    uint64_t x, y;
    uint32_t z;
    memcpy(&x, a->b, 8);
    memcpy(&y, a->b + 8, 8);
    memcpy(&z, a->b + 16, 4);
    return mix64(x ^ mix64(y ^ ((uint64_t)z << 32 | z)));
}

static void acc_insert(state_account **t, size_t cap, state_account *a)
{
    size_t i = addr_hash(&a->addr) & (cap - 1);
    while (t[i])
        i = (i + 1) & (cap - 1);
    t[i] = a;
}

static state_account *get(state *s, const evm_addr *addr, bool create, bool load)
{
    if (s->cap) {
        size_t i = addr_hash(addr) & (s->cap - 1);
        for (state_account *a; (a = s->acc[i]) != NULL; i = (i + 1) & (s->cap - 1))
            if (memcmp(a->addr.b, addr->b, 20) == 0) {
                if (a->unloaded && load) {
                    a->unloaded = false;
                    backend_load(s, a);
                }
                return a;
            }
    }
    if (!create && !s->backend) return NULL;
    if (2 * (s->nacc + 1) > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        state_account **t = calloc(cap, sizeof *t);
        if (!t) return NULL;
        for (size_t i = 0; i < s->cap; i++)
            if (s->acc[i]) acc_insert(t, cap, s->acc[i]);
        free(s->acc);
        s->acc = t;
        s->cap = cap;
    }
    state_account *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->addr = *addr;
    acc_insert(s->acc, s->cap, a);
    s->nacc++;
    if (s->backend && load) backend_load(s, a);
    a->unloaded = s->backend && !load;
    return a;
}

state_account *state_get(state *s, const evm_addr *addr, bool create)
{
    return get(s, addr, create, true);
}

state_account *state_peek(state *s, const evm_addr *addr)
{
    return get(s, addr, true, false);
}

bool state_is_alive(state *s, const evm_addr *addr)
{
    state_account *a = state_get(s, addr, false);
    return a && a->exists && !state_is_empty(a);
}

/* ---- slot tables ---- */

static uint64_t key_hash(u256 k)
{
    return mix64(k.w[0] ^ mix64(k.w[1] ^ mix64(k.w[2] ^ mix64(k.w[3]))));
}

state_slot *state_slot_find(const state_slots *t, u256 key)
{
    if (!t->cap) return NULL;
    size_t i = key_hash(key) & (t->cap - 1);
    for (state_slot *e; (e = &t->v[i])->used; i = (i + 1) & (t->cap - 1))
        if (u256_eq(e->key, key)) return e;
    return NULL;
}

static state_slot *slot_get(state_slots *t, u256 key)
{
    state_slot *e = state_slot_find(t, key);
    if (e) return e;
    if (2 * (t->n + 1) > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        state_slot *v = calloc(cap, sizeof *v);
        if (!v) return NULL;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->v[i].used) continue;
            size_t k = key_hash(t->v[i].key) & (cap - 1);
            while (v[k].used)
                k = (k + 1) & (cap - 1);
            v[k] = t->v[i];
        }
        free(t->v);
        t->v = v;
        t->cap = cap;
    }
    size_t i = key_hash(key) & (t->cap - 1);
    while (t->v[i].used)
        i = (i + 1) & (t->cap - 1);
    e = &t->v[i];
    memset(e, 0, sizeof *e);
    e->used = true;
    e->key = key;
    t->n++;
    return e;
}

/* A slot of a, read from the backend when first seen. */
static state_slot *slot_at(state *s, state_account *a, u256 key)
{
    size_t n = a->storage.n;
    state_slot *e = slot_get(&a->storage, key);
    if (!e) abort();
    bool fresh = a->storage.n != n || e->unloaded;
    e->unloaded = false;
    if (fresh && a->backed_storage) {
        rivet_diag d;
        rivet_diag_clear(&d);
        rivet_status st = s->backend->storage(s->backend->ctx, &a->addr, key, &e->cur, &d);
        if (st != RIVET_OK) {
            set_fault(s, st, &d);
            e->cur = U256_ZERO;
        }
        e->orig = e->cur;
    }
    return e;
}

/* ---- journal ---- */

static state_journal_entry *jpush(state *s, journal_kind k, state_account *a)
{
    if (s->jn == s->jcap) {
        size_t cap = s->jcap ? s->jcap * 2 : 8; /* small: an eth_call overlay writes a few */
        state_journal_entry *j = realloc(s->j, cap * sizeof *j);
        if (!j) abort(); /* the journal must never lose an entry */
        s->j = j;
        s->jcap = cap;
    }
    state_journal_entry *e = &s->j[s->jn++];
    e->kind = k;
    e->a = a;
    return e;
}

size_t state_checkpoint(const state *s)
{
    return s->jn;
}

void state_revert(state *s, size_t cp)
{
    while (s->jn > cp) {
        state_journal_entry *e = &s->j[--s->jn];
        state_account *a = e->a;
        switch (e->kind) {
        case J_EXISTS: a->exists = false; break;
        case J_BALANCE: a->balance = e->old; break;
        case J_NONCE: a->nonce = e->old.w[0]; break;
        case J_CODE:
            a->code = e->code;
            a->code_len = e->code_len;
            break;
        case J_STORAGE: state_slot_find(&a->storage, e->key)->cur = e->old; break;
        case J_TRANSIENT: state_slot_find(&a->transient, e->key)->cur = e->old; break;
        case J_WARM_ACCOUNT: a->warm = false; break;
        case J_WARM_SLOT: state_slot_find(&a->storage, e->key)->warm = false; break;
        case J_TOUCH: a->touched = false; break;
        case J_CREATED: a->created = false; break;
        case J_DESTRUCTED: a->destructed = false; break;
        case J_LOG:
            while (s->nlogs > e->old.w[0])
                free(s->logs[--s->nlogs].data);
            break;
        }
    }
}

void state_set_exists(state *s, state_account *a)
{
    if (a->exists) return;
    jpush(s, J_EXISTS, a);
    a->exists = true;
}

void state_set_balance(state *s, state_account *a, u256 v)
{
    jpush(s, J_BALANCE, a)->old = a->balance;
    a->balance = v;
}

void state_touch(state *s, state_account *a)
{
    if (a->touched) return;
    jpush(s, J_TOUCH, a);
    a->touched = true;
}

void state_add_balance(state *s, state_account *a, u256 v)
{
    state_touch(s, a);
    if (!u256_is_zero(v)) {
        state_set_exists(s, a);
        state_set_balance(s, a, u256_add(a->balance, v));
    }
}

void state_set_nonce(state *s, state_account *a, uint64_t n)
{
    jpush(s, J_NONCE, a)->old = u256_from_u64(a->nonce);
    a->nonce = n;
}

/* Copies code into a buffer owned by the state (kept until state_free, so that reverts can
   restore old pointers). */
RIVET_MUST_USE static rivet_status own_code(state *s, const uint8_t *code, size_t len,
                                            const uint8_t **out)
{
    *out = NULL;
    if (!len) return RIVET_OK;
    if (s->ngarbage == s->garbagecap) {
        size_t cap = s->garbagecap ? s->garbagecap * 2 : 64;
        uint8_t **g = realloc(s->garbage, cap * sizeof *g);
        if (!g) return RIVET_ENOMEM;
        s->garbage = g;
        s->garbagecap = cap;
    }
    uint8_t *c = malloc(len);
    if (!c) return RIVET_ENOMEM;
    memcpy(c, code, len);
    s->garbage[s->ngarbage++] = c;
    *out = c;
    return RIVET_OK;
}

const uint8_t *state_code(state *s, state_account *a, size_t *len)
{
    if (a->code_unknown) {
        rivet_diag d;
        char hx[65];
        hex_encode(hx, a->code_hash.b, 32);
        rivet_diag_clear(&d);
        rivet_fail(&d, RIVET_EMISSING, RIVET_NOPOS, "code 0x%s not in the witness", hx);
        set_fault(s, RIVET_EMISSING, &d);
    }
    *len = a->code_len;
    return a->code;
}

evm_hash state_code_hash(const state_account *a)
{
    if (a->code_unknown) return a->code_hash;
    evm_hash h = empty_code_hash;
    if (a->code_len) crypto_keccak256(h.b, a->code, a->code_len);
    return h;
}

rivet_status state_put_code(state *s, state_account *a, const uint8_t *code, size_t len)
{
    rivet_status st = own_code(s, code, len, &a->code);
    a->code_len = a->code ? len : 0;
    return st;
}

rivet_status state_set_code(state *s, state_account *a, const uint8_t *code, size_t len)
{
    const uint8_t *c;
    rivet_status st = own_code(s, code, len, &c);
    if (st != RIVET_OK) return st;
    state_journal_entry *e = jpush(s, J_CODE, a);
    e->code = a->code;
    e->code_len = a->code_len;
    a->code = c;
    a->code_len = len;
    return RIVET_OK;
}

void state_mark_created(state *s, state_account *a)
{
    jpush(s, J_CREATED, a);
    a->created = true;
}

void state_mark_destructed(state *s, state_account *a)
{
    if (a->destructed) return;
    jpush(s, J_DESTRUCTED, a);
    a->destructed = true;
}

bool state_warm_account(state *s, state_account *a)
{
    if (a->warm) return false;
    jpush(s, J_WARM_ACCOUNT, a);
    a->warm = true;
    return true;
}

bool state_warm_slot(state *s, state_account *a, u256 key)
{
    size_t n = a->storage.n;
    state_slot *e = slot_get(&a->storage, key);
    if (!e) abort();
    if (a->storage.n != n && s->backend) e->unloaded = true; /* read on first use */
    if (e->warm) return false;
    jpush(s, J_WARM_SLOT, a)->key = key;
    e->warm = true;
    return true;
}

u256 state_get_storage(const state_account *a, u256 key)
{
    state_slot *e = state_slot_find(&a->storage, key);
    return e ? e->cur : U256_ZERO;
}

u256 state_load_storage(state *s, state_account *a, u256 key, bool *cold)
{
    state_slot *e = slot_at(s, a, key);
    *cold = !e->warm;
    if (!e->warm) {
        jpush(s, J_WARM_SLOT, a)->key = key;
        e->warm = true;
    }
    return e->cur;
}

evm_slot_change state_set_storage(state *s, state_account *a, u256 key, u256 v)
{
    state_slot *e = slot_at(s, a, key);
    evm_slot_change c = {e->orig, e->cur, !e->warm};
    if (!e->warm) {
        jpush(s, J_WARM_SLOT, a)->key = key;
        e->warm = true;
    }
    if (!u256_eq(e->cur, v)) {
        state_journal_entry *j = jpush(s, J_STORAGE, a);
        j->key = key;
        j->old = e->cur;
        e->cur = v;
    }
    return c;
}

rivet_status state_put_storage(state_account *a, u256 key, u256 v)
{
    state_slot *e = slot_get(&a->storage, key);
    if (!e) return RIVET_ENOMEM;
    e->cur = e->orig = v;
    return RIVET_OK;
}

bool state_has_storage(const state_account *a)
{
    if (a->backed_storage) return true;
    for (size_t i = 0; i < a->storage.cap; i++)
        if (a->storage.v[i].used && !u256_is_zero(a->storage.v[i].cur)) return true;
    return false;
}

u256 state_get_transient(const state_account *a, u256 key)
{
    state_slot *e = state_slot_find(&a->transient, key);
    return e ? e->cur : U256_ZERO;
}

void state_set_transient(state *s, state_account *a, u256 key, u256 v)
{
    state_slot *e = slot_get(&a->transient, key);
    if (!e) abort();
    state_journal_entry *j = jpush(s, J_TRANSIENT, a);
    j->key = key;
    j->old = e->cur;
    e->cur = v;
}

rivet_status state_add_log(state *s, const evm_addr *addr, const uint8_t *data, size_t len,
                           const u256 *topics, int ntopics)
{
    if (s->nlogs == s->logcap) {
        size_t cap = s->logcap ? s->logcap * 2 : 16;
        state_log *l = realloc(s->logs, cap * sizeof *l);
        if (!l) return RIVET_ENOMEM;
        s->logs = l;
        s->logcap = cap;
    }
    state_log *l = &s->logs[s->nlogs];
    l->data = NULL;
    if (len && !(l->data = malloc(len))) return RIVET_ENOMEM;
    if (len) memcpy(l->data, data, len);
    l->addr = *addr;
    l->len = len;
    l->ntopics = ntopics;
    for (int i = 0; i < ntopics; i++)
        l->topics[i] = topics[i];
    jpush(s, J_LOG, NULL)->old = u256_from_u64(s->nlogs);
    s->nlogs++;
    return RIVET_OK;
}

void state_clear_logs(state *s)
{
    for (size_t i = 0; i < s->nlogs; i++)
        free(s->logs[i].data);
    s->nlogs = 0;
}
