/* Each journal record carries its entry's delta (node_store_db.h), in the same LMDB write
   transaction as the entry (an acknowledged block is durable with its state): the state root
   after it, the accounts and slots it changed (noted from the state's change lists by
   node_state_root, node_root.c) with their current values, and a block's receipts and logs.
   Codes go to their own table by hash, once. One record per entry keeps the write cost of a
   block at the pages the journal already touched (a flat account/slot table touched a page per
   changed key). A rewind only cuts the journal, as before: the deltas before the cut make the
   state at the cut; when the cut removes the last delta that holds the whole state, the new
   last entry gets one. The tries are not stored: a start rebuilds them from the state. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"

#include "node_store_db.h"

static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*v, n * size);
    if (!p) return false;
    *v = p;
    *cap = n;
    return true;
}

static void dirty_clear(node_store *s, bool all)
{
    s->ndacc = s->ndwipe = s->ndslot = 0;
    s->dall = all;
}

void node_store_note(node_chain *c, bool all)
{
    node_store *s = c->store;
    if (!s || s->dall) return;
    const state *st = &c->s;
    if (all || !grow((void **)&s->dacc, &s->dacccap, s->ndacc + st->nchg, sizeof *s->dacc) ||
        !grow((void **)&s->dwipe, &s->dwipecap, s->ndwipe + st->nchg, sizeof *s->dwipe) ||
        !grow((void **)&s->dslot, &s->dslotcap, s->ndslot + st->nchg_slot, sizeof *s->dslot)) {
        dirty_clear(s, true);
        return;
    }
    for (size_t i = 0; i < st->nchg; i++) {
        s->dacc[s->ndacc++] = st->chg[i]->addr;
        if (st->chg[i]->wiped) s->dwipe[s->ndwipe++] = st->chg[i]->addr;
    }
    for (size_t i = 0; i < st->nchg_slot; i++)
        s->dslot[s->ndslot++] = (node_dirty_slot){st->chg_slot[i].a->addr, st->chg_slot[i].key};
}

/* ---- the delta ------------------------------------------------------------------------------ */

typedef struct enc {
    node_chain *c;
    MDB_txn *t;
    rivet_buf *b;
    int rc; /* the first failure: an LMDB code or ENOMEM */
} enc;

static void put(enc *e, const void *p, size_t n)
{
    if (!e->rc && buf_append(e->b, p, n) != RIVET_OK) e->rc = ENOMEM;
}

static void put_u32(enc *e, uint64_t v)
{
    uint8_t w[8];
    be_store64(w, v << 32);
    put(e, w, 4);
}

/* The code goes to the code table unless it is there; *hash gets its keccak. */
static void put_code(enc *e, const state_account *a, uint8_t hash[32])
{
    static const uint8_t zero[32];
    uint8_t root[32];
    memcpy(hash, zero, 32); /* the root cache hashed it: node_state_root runs before a write */
    RIVET_IGNORE(node_storage_trie(e->c, &a->addr, root, hash) != NULL);
    if (!memcmp(hash, zero, 32)) crypto_keccak256(hash, a->code, a->code_len);
    MDB_val k = {32, hash}, v = {a->code_len, (void *)a->code};
    int rc = mdb_get(e->t, e->c->store->code, &k, &v);
    if (rc == MDB_NOTFOUND) rc = mdb_put(e->t, e->c->store->code, &k, &v, 0);
    if (rc && !e->rc) e->rc = rc;
}

/* A length byte, then the value's big-endian bytes without leading zeros. */
static void put_int(enc *e, u256 v)
{
    uint8_t b[33];
    u256_to_be(b + 1, v);
    size_t z = 0;
    while (z < 32 && !b[1 + z])
        z++;
    b[z] = (uint8_t)(32 - z);
    put(e, b + z, 33 - z);
}

static void put_account(enc *e, const evm_addr *addr, bool wiped)
{
    const state_account *a = state_get(&e->c->s, addr, false);
    bool exists = a && a->exists, code = exists && a->code_len;
    uint8_t f[21];
    memcpy(f, addr->b, 20);
    f[20] = (uint8_t)(exists | wiped << 1 | code << 2);
    put(e, f, 21);
    if (exists) {
        put_int(e, u256_from_u64(a->nonce));
        put_int(e, a->balance);
    }
    if (code) {
        uint8_t h[32];
        put_code(e, a, h);
        put(e, h, 32);
    }
}

static void put_slot(enc *e, const evm_addr *a, u256 key, u256 val)
{
    put(e, a->b, 20);
    put_int(e, key);
    put_int(e, val);
}

static size_t put_all_slots(enc *e, const state_account *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->storage.cap; i++) {
        const state_slot *sl = &a->storage.v[i];
        if (sl->used && !u256_is_zero(sl->cur)) put_slot(e, &a->addr, sl->key, sl->cur), n++;
    }
    return n;
}

/* The counts are patched in once known. */
static void patch_u32(enc *e, size_t at, uint64_t v)
{
    if (e->rc) return;
    uint8_t w[8];
    be_store64(w, v << 32);
    memcpy(e->b->p + at, w, 4);
}

static void put_state(enc *e, bool full)
{
    node_store *s = e->c->store;
    const state *st = &e->c->s;
    uint8_t mode = full;
    put(e, &mode, 1);
    size_t at = e->b->n, n = 0;
    put_u32(e, 0);
    for (size_t i = 0; full && i < st->cap; i++)
        if (st->acc[i] && st->acc[i]->exists) put_account(e, &st->acc[i]->addr, false), n++;
    for (size_t i = 0; !full && i < s->ndwipe; i++)
        put_account(e, &s->dwipe[i], true), n++;
    for (size_t i = 0; !full && i < s->ndacc; i++)
        put_account(e, &s->dacc[i], false), n++;
    patch_u32(e, at, n);
    at = e->b->n;
    n = 0;
    put_u32(e, 0);
    for (size_t i = 0; full && i < st->cap; i++)
        if (st->acc[i] && st->acc[i]->exists) n += put_all_slots(e, st->acc[i]);
    for (size_t i = 0; !full && i < s->ndwipe; i++) {
        const state_account *a = state_get(&e->c->s, &s->dwipe[i], false);
        if (a && a->exists) n += put_all_slots(e, a);
    }
    for (size_t i = 0; !full && i < s->ndslot; i++, n++) {
        const node_dirty_slot *k = &s->dslot[i];
        const state_account *a = state_get(&e->c->s, &k->a, false);
        put_slot(e, &k->a, k->key,
                 a && a->exists ? state_get_storage(a, k->key) : u256_from_u64(0));
    }
    patch_u32(e, at, n);
}

/* Receipts: u32 ntx, u32 nlogs, per receipt hash, from, gas used, cumulative gas, price, flags
   (status 1, contract 2, impersonated 4), contract, u32 first log, u32 logs; per log address,
   topic count, topics, u32 length, data. */
static void put_rcpts(enc *e, const node_rcpts *r)
{
    put_u32(e, r->ntx);
    put_u32(e, r->nlogs);
    for (size_t i = 0; i < r->ntx; i++) {
        const node_receipt *x = &r->rc[i];
        uint8_t f[32 + 20 + 8 + 8 + 32 + 1 + 20];
        memcpy(f, x->hash, 32);
        memcpy(f + 32, x->from.b, 20);
        be_store64(f + 52, x->gas_used);
        be_store64(f + 60, x->cumulative_gas);
        u256_to_be(f + 68, x->price);
        f[100] = (uint8_t)(x->status | x->has_contract << 1 | x->impersonated << 2);
        memcpy(f + 101, x->contract.b, 20);
        put(e, f, sizeof f);
        put_u32(e, x->first_log);
        put_u32(e, x->nlogs);
    }
    for (size_t i = 0; i < r->nlogs; i++) {
        const node_log *l = &r->logs[i];
        uint8_t n = (uint8_t)l->ntopics;
        put(e, l->addr.b, 20);
        put(e, &n, 1);
        put(e, l->topics, 32 * (size_t)n);
        put_u32(e, l->len);
        put(e, l->data, l->len);
    }
}

/* Journal record `index`: the entry and its delta (mode: 0 changes, 1 the whole state, 2 no
   state: a migrated entry before the last). */
static int put_entry(node_chain *c, MDB_txn *t, size_t index, uint8_t kind, const uint8_t *p,
                     size_t len, int mode, const uint8_t root[32], const node_rcpts *r,
                     unsigned flags)
{
    rivet_buf b = {0};
    enc e = {c, t, &b, 0};
    uint8_t k = kind | NODE_REC_DELTA;
    put(&e, &k, 1);
    put_u32(&e, len);
    put(&e, p, len);
    put(&e, root, 32);
    if (mode == 2) {
        static const uint8_t none[9];
        put(&e, none, sizeof none);
    } else {
        put_state(&e, mode == 1);
    }
    if (r) put_rcpts(&e, r);
    uint8_t key[8];
    be_store64(key, index);
    MDB_val kv = {8, key}, v = {b.n, b.p};
    int rc = e.rc ? e.rc : mdb_put(t, c->store->journal, &kv, &v, flags);
    buf_free(&b);
    return rc;
}

static rivet_status finish(node_store *s, MDB_txn *t, int rc, rivet_diag *d)
{
    if (!rc)
        rc = mdb_txn_commit(t);
    else
        mdb_txn_abort(t);
    dirty_clear(s, rc != 0); /* failed: the store is as before, the next delta holds it all */
    return rc ? node_store_lfail(d, rc, "write") : RIVET_OK;
}

rivet_status node_store_put(node_chain *c, uint8_t kind, const uint8_t *p, size_t len,
                            const node_rcpts *r, rivet_diag *d)
{
    node_store *s = c->store;
    uint8_t root[32];
    rivet_status st = node_state_root(c, root, d); /* notes what changed since the last one */
    if (st != RIVET_OK) return st;
    MDB_txn *t;
    int rc = mdb_txn_begin(s->env, NULL, 0, &t);
    if (rc) return node_store_lfail(d, rc, "begin");
    bool full = s->dall;
    /* appended: LMDB then fills each page instead of splitting it in halves (fewer pages) */
    rc = put_entry(c, t, c->njournal, kind, p, len, full, root, r, MDB_APPEND);
    bool lazy = kind == NODE_E_EDIT; /* written, synced by the next block's commit (or close) */
    if (lazy) mdb_env_set_flags(s->env, MDB_NOSYNC, 1);
    st = finish(s, t, rc, d);
    if (lazy) mdb_env_set_flags(s->env, MDB_NOSYNC, 0);
    if (st == RIVET_OK && full) s->full_at = c->njournal;
    return st;
}

/* The receipts of entry i's block, when it is one (its number: the blocks before it). */
static const node_rcpts *entry_rcpts(node_chain *c, size_t i, uint64_t *number, node_rcpts *r)
{
    if (c->journal[i].kind != NODE_E_BLOCK) return NULL;
    const node_block *b = &c->blocks[++*number];
    *r = (node_rcpts){*number, b->rc, b->b.ntx, b->logs, b->nlogs};
    return r;
}

/* The state's root, and a write transaction in which the journal is cut to the chain's entries
   (rc: LMDB's result of the cut). */
static rivet_status begin_cut(node_chain *c, uint8_t root[32], MDB_txn **t, int *rc, rivet_diag *d)
{
    rivet_status st = node_state_root(c, root, d);
    if (st != RIVET_OK) return st;
    int e = mdb_txn_begin(c->store->env, NULL, 0, t);
    if (e) return node_store_lfail(d, e, "begin");
    *rc = node_store_cut(*t, c->store->journal, c->njournal);
    return RIVET_OK;
}

rivet_status node_store_rewind(node_chain *c, rivet_diag *d)
{
    node_store *s = c->store;
    size_t n = c->njournal;
    uint8_t root[32];
    MDB_txn *t;
    int rc;
    rivet_status st = begin_cut(c, root, &t, &rc, d);
    if (st != RIVET_OK) return st;
    bool full = n && (s->full_at == NODE_NO_FULL || s->full_at >= n);
    if (!rc && full) {
        const node_entry *e = &c->journal[n - 1];
        uint64_t number = c->nblocks - 1 - (e->kind == NODE_E_BLOCK);
        node_rcpts r;
        const node_rcpts *rp = entry_rcpts(c, n - 1, &number, &r);
        rc = put_entry(c, t, n - 1, e->kind, e->data, e->len, 1, root, rp, 0);
    }
    if ((st = finish(s, t, rc, d)) != RIVET_OK) return st;
    if (full) s->full_at = n - 1;
    if (!n) s->full_at = NODE_NO_FULL;
    s->dall = s->full_at == NODE_NO_FULL; /* the deltas kept make the state at the cut */
    return RIVET_OK;
}

rivet_status node_store_migrate(node_chain *c, rivet_diag *d)
{
    node_store *s = c->store;
    size_t n = c->njournal;
    uint8_t root[32];
    MDB_txn *t;
    int rc;
    rivet_status st = begin_cut(c, root, &t, &rc, d);
    if (st != RIVET_OK) return st;
    uint64_t number = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        node_rcpts r;
        const node_rcpts *rp = entry_rcpts(c, i, &number, &r);
        const node_entry *e = &c->journal[i];
        rc = put_entry(c, t, i, e->kind, e->data, e->len, i + 1 == n ? 1 : 2, root, rp, 0);
    }
    if ((st = finish(s, t, rc, d)) != RIVET_OK) return st;
    s->full_at = n ? n - 1 : NODE_NO_FULL;
    s->dall = !n;
    return RIVET_OK;
}
