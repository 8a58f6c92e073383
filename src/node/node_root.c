/* The post-state root of each mined block, incrementally: the state layer's state_root rebuilds
   every storage trie and hashes every code each time, which makes a block cost O(all storage)
   (the EIP-2935/4788 system contracts alone gain slots every block). Here the cache keeps the
   account trie and, per account, its storage trie (tries cache their node hashes), storage root
   and code hash with the code buffer it was made from. The first root after a start or a rewind
   walks the whole state and turns the state's change tracking on (state_track_changes); each
   later root takes the accounts and slots the finished transactions changed from the state's
   change lists and puts only those: a block costs what it changed. The account trie given to
   eth_getProof is built from the cache. Replay checks the result against the state layer's
   state_root (node_chain.c), the client suite with rivet stateless. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/trie.h"

#include "node_impl.h"

typedef struct root_ent {
    uint8_t root[32];
    trie *t; /* the storage trie as of `root` (NULL: no storage yet) */
    const uint8_t *code;
    size_t code_len;
    uint8_t code_hash[32];
    bool hashed; /* code_hash is keccak(code) */
} root_ent;

struct node_root_cache {
    node_map idx; /* address (zero-padded to 32 bytes) -> entry index */
    root_ent *v;
    size_t n, cap;
    trie *acct; /* the account trie */
};

static void ent_reset(root_ent *e)
{
    trie_free(e->t);
    e->t = NULL;
    memcpy(e->root, trie_empty_root, 32);
}

/* Puts one slot's current value (zero deletes). */
static rivet_status put_slot(root_ent *e, u256 key, u256 val, rivet_buf *v, rivet_diag *d)
{
    if (!e->t && !(e->t = trie_new(TRIE_SECURE)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    uint8_t k[32];
    u256_to_be(k, key);
    if (u256_is_zero(val)) return trie_put(e->t, k, 32, NULL, 0, d);
    v->n = 0;
    rivet_status st = rlp_put_u256(v, val);
    return st == RIVET_OK ? trie_put(e->t, k, 32, v->p, v->n, d) : st;
}

/* Rebuilds e's storage trie from all of a's slots. */
static rivet_status load_storage(root_ent *e, const state_account *a, rivet_buf *v, rivet_diag *d)
{
    ent_reset(e);
    rivet_status st = RIVET_OK;
    for (size_t i = 0; i < a->storage.cap && st == RIVET_OK; i++) {
        const state_slot *sl = &a->storage.v[i];
        if (sl->used && !u256_is_zero(sl->cur)) st = put_slot(e, sl->key, sl->cur, v, d);
    }
    return st == RIVET_OK && e->t ? trie_root(e->t, e->root, d) : st;
}

void node_root_cache_free(node_root_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++)
        ent_reset(&c->v[i]);
    node_map_free(&c->idx);
    trie_free(c->acct);
    free(c->v);
    free(c);
}

static root_ent *entry(node_root_cache *c, const evm_addr *a, bool *fresh)
{
    uint8_t key[32] = {0};
    memcpy(key, a->b, 20);
    uint64_t i;
    *fresh = false;
    if (node_map_get(&c->idx, key, &i)) return &c->v[i];
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        root_ent *v = realloc(c->v, cap * sizeof *v);
        if (!v) return NULL;
        c->v = v;
        c->cap = cap;
    }
    if (node_map_put(&c->idx, key, c->n) != RIVET_OK) return NULL;
    *fresh = true;
    memset(&c->v[c->n], 0, sizeof c->v[c->n]);
    memcpy(c->v[c->n].root, trie_empty_root, 32);
    return &c->v[c->n++];
}

static root_ent *find(node_root_cache *c, const evm_addr *a)
{
    uint8_t key[32] = {0};
    uint64_t i;
    memcpy(key, a->b, 20);
    return node_map_get(&c->idx, key, &i) ? &c->v[i] : NULL;
}

/* The account leaf rlp([nonce, balance, storage root, code hash]) into t (absent: deleted). */
static rivet_status put_account(trie *t, const state_account *a, root_ent *e, rivet_buf *v,
                                rivet_diag *d)
{
    if (!a->exists) return trie_put(t, a->addr.b, 20, NULL, 0, d);
    if (!e->hashed || a->code != e->code || a->code_len != e->code_len) {
        e->hashed = true;
        crypto_keccak256(e->code_hash, a->code, a->code_len);
        e->code = a->code;
        e->code_len = a->code_len;
    }
    v->n = 0;
    size_t m = rlp_list_begin(v);
    rivet_status st;
    if ((st = rlp_put_u64(v, a->nonce)) == RIVET_OK &&
        (st = rlp_put_u256(v, a->balance)) == RIVET_OK &&
        (st = rlp_put_bytes(v, e->root, 32)) == RIVET_OK &&
        (st = rlp_put_bytes(v, e->code_hash, 32)) == RIVET_OK &&
        (st = rlp_list_end(v, m)) == RIVET_OK)
        st = trie_put(t, a->addr.b, 20, v->p, v->n, d);
    return st;
}

/* An account seen for the first time (or wiped): its whole storage, then its leaf. */
static rivet_status load_account(node_root_cache *c, const state_account *a, rivet_buf *v,
                                 rivet_diag *d)
{
    bool fresh;
    root_ent *e = entry(c, &a->addr, &fresh);
    if (!e) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status st = load_storage(e, a, v, d);
    return st == RIVET_OK ? put_account(c->acct, a, e, v, d) : st;
}

/* The first root: the whole state; then the state records what changes. */
static rivet_status full(node_chain *ch, rivet_buf *v, rivet_diag *d)
{
    node_root_cache *c = ch->roots;
    if (!(c->acct = trie_new(TRIE_SECURE)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status st = RIVET_OK;
    for (size_t i = 0; i < ch->s.cap && st == RIVET_OK; i++) {
        const state_account *a = ch->s.acc[i];
        if (a && a->exists) st = load_account(c, a, v, d);
    }
    if (st == RIVET_OK) state_track_changes(&ch->s, true);
    if (st == RIVET_OK) node_store_note(ch, true); /* --data-dir: write the whole state */
    return st;
}

/* Later roots: the slots and accounts changed since the last one. */
static rivet_status update(node_chain *ch, rivet_buf *v, rivet_diag *d)
{
    node_root_cache *c = ch->roots;
    state *s = &ch->s;
    rivet_status st = RIVET_OK;
    for (size_t i = 0; i < s->nchg_slot && st == RIVET_OK; i++) {
        const state_slot_change *k = &s->chg_slot[i];
        root_ent *e = k->a->wiped ? NULL : find(c, &k->a->addr);
        if (e) st = put_slot(e, k->key, state_get_storage(k->a, k->key), v, d);
    }
    for (size_t i = 0; i < s->nchg && st == RIVET_OK; i++) {
        const state_account *a = s->chg[i];
        root_ent *e = a->wiped ? NULL : find(c, &a->addr);
        if (!e) {
            st = load_account(c, a, v, d);
            continue;
        }
        if (e->t) st = trie_root(e->t, e->root, d);
        if (st == RIVET_OK) st = put_account(c->acct, a, e, v, d);
    }
    if (st == RIVET_OK) node_store_note(ch, false); /* --data-dir: what to write */
    if (st == RIVET_OK) state_changes_clear(s);
    return st;
}

rivet_status node_state_root(node_chain *ch, uint8_t out[32], rivet_diag *d)
{
    bool first = !ch->roots;
    if (first && !(ch->roots = calloc(1, sizeof *ch->roots)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_buf v = {0};
    rivet_status st = first ? full(ch, &v, d) : update(ch, &v, d);
    buf_free(&v);
    if (st != RIVET_OK) { /* start over next time */
        node_root_cache_free(ch->roots);
        ch->roots = NULL;
        state_track_changes(&ch->s, false);
        return st;
    }
    return trie_root(ch->roots->acct, out, d);
}

/* A copy of the account trie (eth_getProof): the cache's leaves put into a fresh trie. */
rivet_status node_state_trie(node_chain *ch, trie **out, rivet_diag *d)
{
    uint8_t root[32];
    rivet_status st = node_state_root(ch, root, d);
    if (st != RIVET_OK) return st;
    trie *t = trie_new(TRIE_SECURE);
    if (!t) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_buf v = {0};
    for (size_t i = 0; i < ch->s.cap && st == RIVET_OK; i++) {
        const state_account *a = ch->s.acc[i];
        root_ent *e = a && a->exists ? find(ch->roots, &a->addr) : NULL;
        if (e) st = put_account(t, a, e, &v, d);
    }
    buf_free(&v);
    if (st != RIVET_OK) {
        trie_free(t);
        return st;
    }
    *out = t;
    return RIVET_OK;
}

trie *node_storage_trie(node_chain *ch, const evm_addr *a, uint8_t root[32], uint8_t code_hash[32])
{
    root_ent *e = ch->roots ? find(ch->roots, a) : NULL;
    if (!e) return NULL;
    memcpy(root, e->root, 32);
    memcpy(code_hash, e->code_hash, 32);
    return e->t;
}
