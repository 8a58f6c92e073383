/* A start from the store (node_open), without executing blocks: the blocks are rebuilt from the
   journal's block entries and the stored receipts, the state from the stored accounts, codes and
   slots. Then node_state_root rebuilds the tries from that state, and its root must equal the
   head record's (and the head block's when the journal ends with a block); block numbers and the
   parent-hash chain must hold. On any failure the caller replays the journal instead. */
#include <stdlib.h>
#include <string.h>

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

/* One block's receipts record (node_store_state.c's layout); ntx and the log ranges checked. */
static rivet_status rcpts_decode(const uint8_t *p, size_t len, size_t ntx, node_receipt **rcout,
                                 node_log **logout, size_t *nlogout, rivet_diag *d)
{
    rd r = {p, len, 0};
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

/* One block entry: the block (after the impersonation prefix) with its stored receipts. */
static rivet_status load_block(node_chain *c, MDB_txn *t, const node_entry *e, rivet_diag *d)
{
    rd r = {e->data, e->len, 0};
    uint64_t nimp;
    if (!get32(&r, &nimp) || !take(&r, 24 * nimp))
        return rivet_fail(d, RIVET_EINPUT, 0, "block entry header");
    size_t len = r.n - r.off;
    uint64_t number = c->nblocks;
    uint8_t key[8];
    be_store64(key, number);
    MDB_val k = {8, key}, v;
    int rc = mdb_get(t, c->store->rcpt, &k, &v);
    if (rc) return node_store_lfail(d, rc, "receipts");
    uint8_t *raw = malloc(len ? len : 1);
    if (!raw) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    memcpy(raw, r.p + r.off, len);
    blk b;
    if (blk_decode(raw, len, &b, d) != BLK_ERR_OK) {
        free(raw);
        return RIVET_EINPUT;
    }
    size_t ntx = b.ntx;
    blk_free(&b);
    node_receipt *rcs = NULL;
    node_log *logs = NULL;
    size_t nlogs = 0;
    rivet_status st = rcpts_decode(v.mv_data, v.mv_size, ntx, &rcs, &logs, &nlogs, d);
    if (st != RIVET_OK) {
        free(raw);
        return st;
    }
    if ((st = node_push_block(c, raw, len, rcs, logs, nlogs, d)) != RIVET_OK) return st;
    const blk *nb = &c->blocks[number].b, *parent = &c->blocks[number - 1].b;
    if (nb->header.number != number || memcmp(nb->header.parent_hash, parent->hash, 32) != 0)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "block %llu: number or parent hash",
                          (unsigned long long)number);
    return RIVET_OK;
}

static rivet_status load_state(node_chain *c, MDB_txn *t, rivet_diag *d)
{
    node_store *s = c->store;
    MDB_cursor *cur = NULL;
    MDB_val k, v;
    int rc = mdb_cursor_open(t, s->acct, &cur);
    rivet_status st = rc ? node_store_lfail(d, rc, "accounts") : RIVET_OK;
    for (rc = st ? MDB_NOTFOUND : mdb_cursor_get(cur, &k, &v, MDB_FIRST); !rc && st == RIVET_OK;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        const uint8_t *p = v.mv_data;
        if (k.mv_size != 20 || (v.mv_size != NODE_ACCT_MIN && v.mv_size != NODE_ACCT_MIN + 32))
            return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "account record is malformed");
        state_account *a = state_get(&c->s, (const evm_addr *)k.mv_data, true);
        if (!a) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        a->exists = true;
        a->nonce = be_load64(p);
        a->balance = u256_from_be(p + 8, 32);
        if (v.mv_size == NODE_ACCT_MIN) continue;
        MDB_val hk = {32, (void *)(p + NODE_ACCT_MIN)}, code;
        if ((rc = mdb_get(t, s->code, &hk, &code)))
            st = node_store_lfail(d, rc, "code");
        else
            st = state_put_code(&c->s, a, code.mv_data, code.mv_size);
    }
    if (cur) mdb_cursor_close(cur);
    if (st != RIVET_OK) return st;
    if ((rc = mdb_cursor_open(t, s->slot, &cur))) return node_store_lfail(d, rc, "slots");
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); !rc && st == RIVET_OK;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        const uint8_t *p = k.mv_data;
        state_account *a = k.mv_size == 52 ? state_get(&c->s, (const evm_addr *)p, false) : NULL;
        if (!a || v.mv_size != 32)
            st = rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "slot record without its account");
        else
            st = state_put_storage(a, u256_from_be(p + 20, 32), u256_from_be(v.mv_data, 32));
    }
    mdb_cursor_close(cur);
    return st;
}

rivet_status node_store_load(node_chain *c, bool *found, rivet_diag *d)
{
    node_store *s = c->store;
    MDB_txn *t;
    int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t);
    if (rc) return node_store_lfail(d, rc, "read");
    MDB_val k = {sizeof NODE_HEAD_KEY - 1, NODE_HEAD_KEY}, v;
    *found = !(rc = mdb_get(t, s->meta, &k, &v));
    uint8_t head[40];
    rivet_status st = RIVET_OK;
    if (rc && rc != MDB_NOTFOUND)
        st = node_store_lfail(d, rc, "head");
    else if (*found && v.mv_size != 40)
        st = rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "head record is malformed");
    else if (*found && (memcpy(head, v.mv_data, 40), be_load64(head) != c->njournal))
        st = rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "the head record is at entry %llu of %zu",
                        (unsigned long long)be_load64(head), c->njournal);
    for (size_t i = 0; *found && i < c->njournal && st == RIVET_OK; i++)
        if (c->journal[i].kind == NODE_E_BLOCK) st = load_block(c, t, &c->journal[i], d);
    if (*found && st == RIVET_OK) {
        state_free(&c->s);
        state_init(&c->s);
        node_root_cache_free(c->roots);
        c->roots = NULL;
        st = load_state(c, t, d);
    }
    mdb_txn_abort(t);
    if (!*found || st != RIVET_OK) return st;
    uint8_t root[32];
    bool block = c->njournal && c->journal[c->njournal - 1].kind == NODE_E_BLOCK;
    if ((st = node_state_root(c, root, d)) != RIVET_OK) return st;
    s->ndacc = s->ndwipe = s->ndslot = 0; /* the store holds this state */
    s->dall = false;
    if (memcmp(root, head + 8, 32) != 0 || (block && memcmp(root, node_head(c)->state_root, 32)))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "the stored state's root differs from the head's");
    return RIVET_OK;
}
