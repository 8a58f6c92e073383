/* What a start needs besides the journal, written in the same LMDB write transaction as each
   entry (so an acknowledged block is durable with its state): the accounts, codes and slots the
   entry changed (noted from the state's change lists by node_state_root, node_root.c), a block's
   receipts and logs, and the head record (journal length, state root). A rewind (evm_revert,
   anvil_reset), a start that replayed and the first write after a failure write the whole state
   instead. The tries are not stored: a start rebuilds them from the state (node_store_load.c). */
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

static void dirty_clear(node_store *s)
{
    s->ndacc = s->ndwipe = s->ndslot = 0;
    s->dall = false;
}

void node_store_note(node_chain *c, bool all)
{
    node_store *s = c->store;
    if (!s || s->dall) return;
    const state *st = &c->s;
    if (all || !grow((void **)&s->dacc, &s->dacccap, s->ndacc + st->nchg, sizeof *s->dacc) ||
        !grow((void **)&s->dwipe, &s->dwipecap, s->ndwipe + st->nchg, sizeof *s->dwipe) ||
        !grow((void **)&s->dslot, &s->dslotcap, s->ndslot + st->nchg_slot, sizeof *s->dslot)) {
        dirty_clear(s);
        s->dall = true;
        return;
    }
    for (size_t i = 0; i < st->nchg; i++) {
        s->dacc[s->ndacc++] = st->chg[i]->addr;
        if (st->chg[i]->wiped) s->dwipe[s->ndwipe++] = st->chg[i]->addr;
    }
    for (size_t i = 0; i < st->nchg_slot; i++)
        s->dslot[s->ndslot++] = (node_dirty_slot){st->chg_slot[i].a->addr, st->chg_slot[i].key};
}

/* ---- state records ------------------------------------------------------------------------ */

static int put_account(node_chain *c, MDB_txn *t, const state_account *a)
{
    node_store *s = c->store;
    uint8_t v[NODE_ACCT_MIN + 32], root[32];
    be_store64(v, a->nonce);
    u256_to_be(v + 8, a->balance);
    size_t n = NODE_ACCT_MIN;
    if (a->code_len) {
        uint8_t *h = v + NODE_ACCT_MIN;
        static const uint8_t zero[32];
        memcpy(h, zero, 32);
        /* the root cache hashed it (node_state_root runs before every write) */
        RIVET_IGNORE(node_storage_trie(c, &a->addr, root, h) != NULL);
        if (!memcmp(h, zero, 32)) crypto_keccak256(h, a->code, a->code_len);
        MDB_val hk = {32, h}, cv = {a->code_len, (void *)a->code};
        int rc = mdb_put(t, s->code, &hk, &cv, MDB_NOOVERWRITE);
        if (rc && rc != MDB_KEYEXIST) return rc;
        n += 32;
    }
    MDB_val k = {20, (void *)a->addr.b}, val = {n, v};
    return mdb_put(t, s->acct, &k, &val, 0);
}

static int del_slots(node_store *s, MDB_txn *t, const evm_addr *a)
{
    MDB_cursor *cur;
    int rc = mdb_cursor_open(t, s->slot, &cur);
    if (rc) return rc;
    uint8_t key[52] = {0};
    memcpy(key, a->b, 20);
    MDB_val k = {52, key}, v;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
         !rc && k.mv_size == 52 && !memcmp(k.mv_data, a->b, 20);
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
        if ((rc = mdb_cursor_del(cur, 0))) break;
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND || !rc ? 0 : rc;
}

static int put_slot(node_store *s, MDB_txn *t, const evm_addr *a, u256 key, u256 val)
{
    uint8_t kb[52], vb[32];
    memcpy(kb, a->b, 20);
    u256_to_be(kb + 20, key);
    MDB_val k = {52, kb}, v = {32, vb};
    if (u256_is_zero(val)) {
        int rc = mdb_del(t, s->slot, &k, NULL);
        return rc == MDB_NOTFOUND ? 0 : rc;
    }
    u256_to_be(vb, val);
    return mdb_put(t, s->slot, &k, &v, 0);
}

static int put_all_slots(node_store *s, MDB_txn *t, const state_account *a)
{
    int rc = 0;
    for (size_t i = 0; i < a->storage.cap && !rc; i++) {
        const state_slot *sl = &a->storage.v[i];
        if (sl->used && !u256_is_zero(sl->cur)) rc = put_slot(s, t, &a->addr, sl->key, sl->cur);
    }
    return rc;
}

static int write_all(node_chain *c, MDB_txn *t)
{
    node_store *s = c->store;
    int rc = mdb_drop(t, s->acct, 0);
    if (!rc) rc = mdb_drop(t, s->slot, 0);
    if (!rc) rc = mdb_drop(t, s->code, 0);
    for (size_t i = 0; i < c->s.cap && !rc; i++) {
        const state_account *a = c->s.acc[i];
        if (!a || !a->exists) continue;
        if (!(rc = put_account(c, t, a))) rc = put_all_slots(s, t, a);
    }
    return rc;
}

static int write_changes(node_chain *c, MDB_txn *t)
{
    node_store *s = c->store;
    int rc = 0;
    for (size_t i = 0; i < s->ndwipe && !rc; i++) {
        const state_account *a = state_get(&c->s, &s->dwipe[i], false);
        if (!(rc = del_slots(s, t, &s->dwipe[i])) && a && a->exists) rc = put_all_slots(s, t, a);
    }
    for (size_t i = 0; i < s->ndacc && !rc; i++) {
        const state_account *a = state_get(&c->s, &s->dacc[i], false);
        if (a && a->exists) {
            rc = put_account(c, t, a);
            continue;
        }
        MDB_val k = {20, s->dacc[i].b};
        if ((rc = mdb_del(t, s->acct, &k, NULL)) == MDB_NOTFOUND) rc = 0;
        if (!rc) rc = del_slots(s, t, &s->dacc[i]);
    }
    for (size_t i = 0; i < s->ndslot && !rc; i++) {
        const node_dirty_slot *k = &s->dslot[i];
        const state_account *a = state_get(&c->s, &k->a, false);
        rc = put_slot(s, t, &k->a, k->key,
                      a && a->exists ? state_get_storage(a, k->key) : u256_from_u64(0));
    }
    return rc;
}

/* ---- receipts: u32 ntx, u32 nlogs, then per receipt hash, from, gas used, cumulative gas,
   price, flags (status 1, contract 2, impersonated 4), contract, u32 first log, u32 logs; per
   log address, topic count, topics, u32 length, data ---------------------------------------- */

static rivet_status put_u32(rivet_buf *b, uint64_t v)
{
    uint8_t w[8];
    be_store64(w, v << 32);
    return buf_append(b, w, 4);
}

static rivet_status rcpts_encode(const node_rcpts *r, rivet_buf *b)
{
    rivet_status st = put_u32(b, r->ntx);
    if (st == RIVET_OK) st = put_u32(b, r->nlogs);
    for (size_t i = 0; i < r->ntx && st == RIVET_OK; i++) {
        const node_receipt *x = &r->rc[i];
        uint8_t f[8 + 8 + 32 + 1];
        be_store64(f, x->gas_used);
        be_store64(f + 8, x->cumulative_gas);
        u256_to_be(f + 16, x->price);
        f[48] = (uint8_t)(x->status | x->has_contract << 1 | x->impersonated << 2);
        if ((st = buf_append(b, x->hash, 32)) == RIVET_OK &&
            (st = buf_append(b, x->from.b, 20)) == RIVET_OK &&
            (st = buf_append(b, f, sizeof f)) == RIVET_OK &&
            (st = buf_append(b, x->contract.b, 20)) == RIVET_OK &&
            (st = put_u32(b, x->first_log)) == RIVET_OK)
            st = put_u32(b, x->nlogs);
    }
    for (size_t i = 0; i < r->nlogs && st == RIVET_OK; i++) {
        const node_log *l = &r->logs[i];
        uint8_t n = (uint8_t)l->ntopics;
        if ((st = buf_append(b, l->addr.b, 20)) == RIVET_OK && (st = buf_push(b, n)) == RIVET_OK &&
            (st = buf_append(b, l->topics, 32 * (size_t)n)) == RIVET_OK &&
            (st = put_u32(b, l->len)) == RIVET_OK)
            st = buf_append(b, l->data, l->len);
    }
    return st;
}

static int put_rcpts(node_store *s, MDB_txn *t, const node_rcpts *r)
{
    rivet_buf b = {0};
    if (rcpts_encode(r, &b) != RIVET_OK) {
        buf_free(&b);
        return ENOMEM;
    }
    uint8_t key[8];
    be_store64(key, r->number);
    MDB_val k = {8, key}, v = {b.n, b.p};
    int rc = mdb_put(t, s->rcpt, &k, &v, 0);
    buf_free(&b);
    return rc;
}

static int put_head(node_store *s, MDB_txn *t, uint64_t entries, const uint8_t root[32])
{
    uint8_t v[40];
    be_store64(v, entries);
    memcpy(v + 8, root, 32);
    MDB_val k = {sizeof NODE_HEAD_KEY - 1, NODE_HEAD_KEY}, val = {40, v};
    return mdb_put(t, s->meta, &k, &val, 0);
}

static rivet_status finish(node_store *s, MDB_txn *t, int rc, rivet_diag *d)
{
    if (!rc)
        rc = mdb_txn_commit(t);
    else
        mdb_txn_abort(t);
    if (rc) {
        dirty_clear(s);
        s->dall = true; /* the store is as before: write everything next time */
        return node_store_lfail(d, rc, "write");
    }
    dirty_clear(s);
    return RIVET_OK;
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
    rc = node_store_jput(s, t, c->njournal, kind, p, len);
    if (!rc && r) rc = put_rcpts(s, t, r);
    if (!rc) rc = s->dall ? write_all(c, t) : write_changes(c, t);
    if (!rc) rc = put_head(s, t, c->njournal + 1, root);
    return finish(s, t, rc, d);
}

rivet_status node_store_rewrite(node_chain *c, uint64_t first_rcpt, rivet_diag *d)
{
    node_store *s = c->store;
    uint8_t root[32];
    rivet_status st = node_state_root(c, root, d);
    if (st != RIVET_OK) return st;
    MDB_txn *t;
    int rc = mdb_txn_begin(s->env, NULL, 0, &t);
    if (rc) return node_store_lfail(d, rc, "begin");
    rc = node_store_cut(t, s->journal, c->njournal);
    if (!rc) rc = node_store_cut(t, s->rcpt, c->nblocks);
    for (uint64_t n = first_rcpt; n < c->nblocks && !rc; n++) {
        const node_block *b = &c->blocks[n];
        node_rcpts r = {n, b->rc, b->b.ntx, b->logs, b->nlogs};
        rc = put_rcpts(s, t, &r);
    }
    if (!rc) rc = write_all(c, t);
    if (!rc) rc = put_head(s, t, c->njournal, root);
    return finish(s, t, rc, d);
}
