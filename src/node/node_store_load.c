/* A start from the store (node_open), without executing blocks: the journal is read, then the
   deltas of its records (node_store_db.h) are applied in order to an empty state and the blocks
   rebuilt from the block entries and their stored receipts. node_state_root then rebuilds the
   tries from that state: its root must equal the last delta's (and the head block's when the
   journal ends with a block); block numbers and the parent-hash chain must hold. When a record
   has no delta (a journal-only data dir) or anything does not check, the caller replays. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/rlp.h"

#include "node_store_db.h"

rivet_status node_push_block(node_chain *c, uint8_t *raw, size_t len, node_receipt *rc,
                             node_log *logs, size_t nlogs, rivet_diag *d);

/* A bounds-checked reader over one record. */
typedef struct rd {
    const uint8_t *p;
    size_t n, off;
} rd;

static const uint8_t *take(rd *r, size_t k)
{
    if (k > r->n - r->off) return NULL;
    r->off += k;
    return r->p + r->off - k;
}

static uint64_t u32at(const uint8_t *p)
{
    return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3];
}

static bool get32(rd *r, uint64_t *v)
{
    const uint8_t *p = take(r, 4);
    if (p) *v = u32at(p);
    return p != NULL;
}

static void logs_free(node_log *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i].data);
    free(l);
}

/* One block's receipts (node_store_state.c's layout; the rest of the delta); ntx and the log
   ranges checked. */
static rivet_status rcpts_decode(rd r, size_t ntx, node_receipt **rcout, node_log **logout,
                                 size_t *nlogout, rivet_diag *d)
{
    size_t len = r.n - r.off;
    uint64_t n, nlogs;
    if (!get32(&r, &n) || !get32(&r, &nlogs) || n != ntx || nlogs > len / 25)
        return rivet_fail(d, RIVET_EINPUT, r.off, "receipts record: counts");
    node_receipt *rc = calloc(n ? n : 1, sizeof *rc);
    node_log *logs = calloc(nlogs ? nlogs : 1, sizeof *logs);
    if (!rc || !logs) {
        free(rc);
        free(logs);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        node_receipt *x = &rc[i];
        const uint8_t *h = take(&r, 32 + 20 + 49 + 20);
        uint64_t first = 0, cnt = 0;
        ok = h && get32(&r, &first) && get32(&r, &cnt) && first <= nlogs && cnt <= nlogs - first;
        if (!ok) break;
        memcpy(x->hash, h, 32);
        memcpy(x->from.b, h + 32, 20);
        x->gas_used = be_load64(h + 52);
        x->cumulative_gas = be_load64(h + 60);
        x->price = u256_from_be(h + 68, 32);
        x->status = h[100] & 1;
        x->has_contract = h[100] >> 1 & 1;
        x->impersonated = h[100] >> 2 & 1;
        memcpy(x->contract.b, h + 101, 20);
        x->first_log = first;
        x->nlogs = cnt;
    }
    size_t got = 0;
    for (; got < nlogs && ok; got++) {
        node_log *l = &logs[got];
        const uint8_t *a = take(&r, 21), *t = NULL;
        uint64_t dl = 0;
        ok = a && a[20] <= 4 && (t = take(&r, 32 * (size_t)a[20])) && get32(&r, &dl) &&
             dl <= r.n - r.off && (l->data = malloc(dl ? dl : 1));
        if (!ok) break;
        memcpy(l->addr.b, a, 20);
        l->ntopics = a[20];
        memcpy(l->topics, t, 32 * (size_t)a[20]);
        memcpy(l->data, take(&r, dl), dl);
        l->len = dl;
    }
    if (!ok || r.off != r.n) {
        free(rc);
        logs_free(logs, nlogs); /* calloc'd: unset data is NULL */
        return rivet_fail(d, RIVET_EINPUT, r.off, "receipts record is malformed");
    }
    *rcout = rc;
    *logout = logs;
    *nlogout = nlogs;
    return RIVET_OK;
}

/* A block entry: the block (after the impersonation prefix) with its receipts from r. */
static rivet_status load_block(node_chain *c, const node_entry *e, rd r, rivet_diag *d)
{
    rd h = {e->data, e->len, 0};
    uint64_t nimp;
    if (!get32(&h, &nimp) || !take(&h, 24 * nimp))
        return rivet_fail(d, RIVET_EINPUT, 0, "block entry header");
    size_t len = h.n - h.off;
    uint64_t number = c->nblocks;
    uint8_t *raw = malloc(len ? len : 1);
    if (!raw) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    memcpy(raw, h.p + h.off, len);
    /* the transaction count for the receipts (node_push_block decodes the block) */
    rlp_item whole, parts[4];
    size_t ntx = 0, got = 0;
    if (rlp_decode(raw, len, &whole, d) != RIVET_OK || !whole.list ||
        rlp_list_items(&whole, parts, 4, &got, d) != RIVET_OK || got < 2 || !parts[1].list ||
        rlp_list_count(&parts[1], &ntx, d) != RIVET_OK) {
        free(raw);
        return rivet_fail(d, RIVET_EINPUT, 0, "block %llu does not decode",
                          (unsigned long long)number);
    }
    node_receipt *rcs = NULL;
    node_log *logs = NULL;
    size_t nlogs = 0;
    rivet_status st = rcpts_decode(r, ntx, &rcs, &logs, &nlogs, d);
    if (st != RIVET_OK) {
        free(raw);
        return st;
    }
    if ((st = node_push_block(c, raw, len, rcs, logs, nlogs, d)) != RIVET_OK) return st;
    const blk *nb = &c->blocks[number].b, *parent = &c->blocks[number - 1].b;
    if (nb->header.number != number || nb->ntx != ntx ||
        memcmp(nb->header.parent_hash, parent->hash, 32) != 0)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "block %llu: number or parent hash",
                          (unsigned long long)number);
    return RIVET_OK;
}

static void zero_slots(state_account *a)
{
    for (size_t i = 0; i < a->storage.cap; i++)
        if (a->storage.v[i].used)
            RIVET_IGNORE(state_put_storage(a, a->storage.v[i].key, U256_ZERO));
}

static bool get_int(rd *r, u256 *v)
{
    const uint8_t *n = take(r, 1), *p = n && *n <= 32 ? take(r, *n) : NULL;
    if (p) *v = u256_from_be(p, *n);
    return p != NULL;
}

/* One account item of a delta. */
static rivet_status apply_account(node_chain *c, MDB_txn *t, rd *r, rivet_diag *d)
{
    const uint8_t *f = take(r, 21);
    if (!f) return rivet_fail(d, RIVET_EINPUT, r->off, "delta: account");
    state_account *a = state_get(&c->s, (const evm_addr *)f, true);
    if (!a) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    bool exists = f[20] & 1, code = f[20] & 4;
    if (!exists || f[20] & 2) zero_slots(a);
    u256 nonce = U256_ZERO, balance = U256_ZERO;
    if (exists && (!get_int(r, &nonce) || !get_int(r, &balance) || !u256_fits64(nonce)))
        return rivet_fail(d, RIVET_EINPUT, r->off, "delta: account");
    const uint8_t *h = code ? take(r, 32) : f;
    if (!h || (code && !exists)) return rivet_fail(d, RIVET_EINPUT, r->off, "delta: account");
    a->exists = exists;
    a->nonce = nonce.w[0];
    a->balance = balance;
    if (!code) return a->code_len ? state_put_code(&c->s, a, NULL, 0) : RIVET_OK;
    MDB_val k = {32, (void *)h}, cv;
    int rc = mdb_get(t, c->store->code, &k, &cv);
    if (rc) return node_store_lfail(d, rc, "code");
    if (a->code_len == cv.mv_size && !memcmp(a->code, cv.mv_data, cv.mv_size)) return RIVET_OK;
    return state_put_code(&c->s, a, cv.mv_data, cv.mv_size);
}

/* A record's delta: the state changes applied, the receipts left in *r; *full: it held the
   whole state (applied to an empty one). */
static rivet_status apply_delta(node_chain *c, MDB_txn *t, rd *r, uint8_t root[32], bool *full,
                                rivet_diag *d)
{
    const uint8_t *h = take(r, 33);
    uint64_t n;
    if (!h || h[32] > 1 || !get32(r, &n)) return rivet_fail(d, RIVET_EINPUT, r->off, "delta");
    memcpy(root, h, 32);
    if ((*full = h[32])) {
        state_free(&c->s);
        state_init(&c->s);
    }
    rivet_status st = RIVET_OK;
    for (uint64_t i = 0; i < n && st == RIVET_OK; i++)
        st = apply_account(c, t, r, d);
    if (st != RIVET_OK || !get32(r, &n))
        return st ? st : rivet_fail(d, RIVET_EINPUT, r->off, "delta");
    for (uint64_t i = 0; i < n && st == RIVET_OK; i++) {
        const uint8_t *f = take(r, 20);
        u256 key, val;
        if (!f || !get_int(r, &key) || !get_int(r, &val))
            return rivet_fail(d, RIVET_EINPUT, r->off, "delta: slot");
        state_account *a = state_get(&c->s, (const evm_addr *)f, true);
        st = a ? state_put_storage(a, key, val)
               : rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }
    return st;
}

/* The journal's records into c->journal; deltas[i]: record i's delta (len 0: none). */
static rivet_status read_journal(node_chain *c, MDB_txn *t, rd **deltas, rivet_diag *d)
{
    MDB_cursor *cur;
    int rc = mdb_cursor_open(t, c->store->journal, &cur);
    if (rc) return node_store_lfail(d, rc, "cursor");
    MDB_val k, v;
    rivet_status st = RIVET_OK;
    size_t cap = 0;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); !rc && st == RIVET_OK;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        rd r = {v.mv_data, v.mv_size, 1};
        uint64_t i = c->njournal, plen = r.n - 1;
        uint8_t kind = r.n ? r.p[0] & ~NODE_REC_DELTA : 0;
        bool delta = r.n && r.p[0] & NODE_REC_DELTA;
        if (k.mv_size != 8 || be_load64(k.mv_data) != i ||
            (kind != NODE_E_BLOCK && kind != NODE_E_EDIT) ||
            (delta && (!get32(&r, &plen) || plen > r.n - r.off))) {
            st = rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "journal record %llu is malformed",
                            (unsigned long long)i);
            break;
        }
        rd *nv = i == cap ? realloc(*deltas, (cap = cap ? cap * 2 : 256) * sizeof *nv) : *deltas;
        if (!nv) {
            st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
            break;
        }
        *deltas = nv;
        nv[i] = (rd){r.p, delta ? r.n : 0, r.off + plen};
        st = node_commit(c, kind, r.p + r.off, plen, d); /* replaying: kept, not applied */
    }
    mdb_cursor_close(cur);
    return st == RIVET_OK && rc != MDB_NOTFOUND ? node_store_lfail(d, rc, "read") : st;
}

rivet_status node_store_load(node_chain *c, bool *loaded, rivet_diag *why, rivet_diag *d)
{
    node_store *s = c->store;
    *loaded = false;
    MDB_txn *t;
    int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t);
    if (rc) return node_store_lfail(d, rc, "read");
    rd *deltas = NULL;
    rivet_status st = read_journal(c, t, &deltas, d);
    bool all = st == RIVET_OK && c->njournal;
    for (size_t i = 0; all && i < c->njournal; i++)
        all = deltas[i].n != 0;
    uint8_t root[32];
    size_t full_at = NODE_NO_FULL;
    rivet_status ls = RIVET_OK;
    if (all) {
        node_root_cache_free(c->roots);
        c->roots = NULL;
    }
    for (size_t i = 0; all && i < c->njournal && ls == RIVET_OK; i++) {
        bool full = false;
        ls = apply_delta(c, t, &deltas[i], root, &full, why);
        if (full) full_at = i;
        if (ls == RIVET_OK && c->journal[i].kind == NODE_E_BLOCK)
            ls = load_block(c, &c->journal[i], deltas[i], why);
        else if (ls == RIVET_OK && deltas[i].off != deltas[i].n)
            ls = rivet_fail(why, RIVET_EINPUT, RIVET_NOPOS, "entry %zu: delta too long", i);
    }
    mdb_txn_abort(t);
    free(deltas);
    if (!all || ls != RIVET_OK) return st;
    uint8_t now[32];
    bool block = c->journal[c->njournal - 1].kind == NODE_E_BLOCK;
    if ((ls = node_state_root(c, now, why)) != RIVET_OK) return st;
    if (full_at == NODE_NO_FULL || memcmp(now, root, 32) != 0 ||
        (block && memcmp(now, node_head(c)->state_root, 32) != 0)) {
        rivet_fail(why, RIVET_EINVALID, RIVET_NOPOS,
                   "the stored state's root differs from the head's");
        return st;
    }
    s->ndacc = s->ndwipe = s->ndslot = 0; /* the store holds this state */
    s->dall = false;
    s->full_at = full_at;
    *loaded = true;
    return st;
}

/* The journal read; the blocks, receipts and state loaded from the store (node_store_load.c) or,
   for a data dir that has only a journal or whose stored state does not check, the journal
   replayed (its root checked with the state layer's state_root) and the store rewritten. */
rivet_status node_store_start(node_chain *c, rivet_diag *d)
{
    c->replaying = true;
    bool found = false;
    rivet_diag ld;
    rivet_diag_clear(&ld);
    rivet_status st = node_store_load(c, &found, &ld, d);
    if (st == RIVET_OK && ld.msg[0])
        fprintf(stderr, "rivet node: %s: %s; replaying the journal\n", c->cfg.data_dir, ld.msg);
    const char *how = "loaded";
    c->store_loaded = st == RIVET_OK && found;
    if (st == RIVET_OK && !found && c->njournal) {
        how = "replayed";
        st = node_replay(c, c->njournal, d);
        evm_hash root; /* the replayed state must be the head's post-state (edits after it aside) */
        bool edited = c->njournal && c->journal[c->njournal - 1].kind == NODE_E_EDIT;
        if (st == RIVET_OK && !edited && (st = state_root(&c->s, &root, d)) == RIVET_OK &&
            memcmp(root.b, node_head(c)->state_root, 32) != 0)
            st = rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                            "replayed state root differs from block %llu's",
                            (unsigned long long)node_head(c)->number);
        c->replaying = false;
        if (st == RIVET_OK) st = node_store_migrate(c, d); /* the next start loads */
    }
    c->replaying = false;
    if (st == RIVET_OK && c->njournal)
        fprintf(stderr, "rivet node: %s: %zu journal entries, head block %llu (state %s)\n",
                c->cfg.data_dir, c->njournal, (unsigned long long)node_head(c)->number, how);
    return st;
}
