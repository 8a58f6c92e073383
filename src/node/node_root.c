/* The post-state root of each mined block, incrementally: the state layer's state_root rebuilds
   every storage trie and hashes every code each time, which makes a block cost O(all storage)
   (the EIP-2935/4788 system contracts alone gain slots every block). Here each account's storage
   root is kept with a fingerprint of its slots (two 64-bit sums over (key, value) mixes and the
   count: cheap to recompute, no keccak) and its code hash with the code buffer it was made from;
   only accounts whose fingerprint or code changed are rehashed, and those incrementally: each
   keeps its storage trie (which caches node hashes) and a shadow of the values it holds, so only
   the changed slots are put. The account trie (small) is rebuilt. Replay checks the result
   against the state layer's state_root (node_chain.c), the client suite with rivet stateless. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/trie.h"

#include "node_impl.h"

typedef struct root_ent {
    uint64_t fp1, fp2, n;
    uint8_t root[32];
    trie *t;         /* the storage trie as of `root` */
    node_map shadow; /* slot key -> index into vals */
    u256 *vals;
    size_t nv, vcap;
    uint64_t nonzero; /* non-zero values in the shadow */
    const uint8_t *code;
    size_t code_len;
    uint8_t code_hash[32];
} root_ent;

struct node_root_cache {
    node_map idx; /* address (zero-padded to 32 bytes) -> entry index */
    root_ent *v;
    size_t n, cap;
};

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static void fingerprint(const state_account *a, uint64_t *f1, uint64_t *f2, uint64_t *n)
{
    *f1 = *f2 = *n = 0;
    for (size_t i = 0; i < a->storage.cap; i++) {
        const state_slot *e = &a->storage.v[i];
        if (!e->used || u256_is_zero(e->cur)) continue;
        uint64_t h = 0x9e3779b97f4a7c15ull;
        for (int w = 0; w < 4; w++)
            h = mix(h ^ e->key.w[w]) + mix(~h ^ e->cur.w[w]);
        *f1 += h;
        *f2 ^= mix(h + 0x632be59bd9b4e019ull);
        (*n)++;
    }
}

static void ent_reset(root_ent *e)
{
    trie_free(e->t);
    node_map_free(&e->shadow);
    free(e->vals);
    e->t = NULL;
    e->vals = NULL;
    e->nv = e->vcap = 0;
    e->nonzero = 0;
}

/* Brings e's trie to a's storage: puts the slots that differ from the shadow. A slot that
   vanished from a (a cleared account) shows as a count mismatch: then the trie is rebuilt. */
static rivet_status sync_storage(root_ent *e, const state_account *a, uint64_t n, rivet_diag *d)
{
    for (int pass = 0; pass < 2; pass++) {
        if (!e->t && !(e->t = trie_new(TRIE_SECURE))) return RIVET_ENOMEM;
        rivet_status st = RIVET_OK;
        rivet_buf v = {0};
        for (size_t i = 0; i < a->storage.cap && st == RIVET_OK; i++) {
            const state_slot *sl = &a->storage.v[i];
            if (!sl->used) continue;
            uint8_t key[32];
            u256_to_be(key, sl->key);
            uint64_t k;
            bool known = node_map_get(&e->shadow, key, &k);
            if (known ? u256_eq(e->vals[k], sl->cur) : u256_is_zero(sl->cur)) continue;
            if (!known) {
                if (e->nv == e->vcap) {
                    size_t cap = e->vcap ? e->vcap * 2 : 16;
                    u256 *nv = realloc(e->vals, cap * sizeof *nv);
                    if (!nv) {
                        st = RIVET_ENOMEM;
                        break;
                    }
                    e->vals = nv;
                    e->vcap = cap;
                }
                k = e->nv++;
                e->vals[k] = U256_ZERO;
                if ((st = node_map_put(&e->shadow, key, k)) != RIVET_OK) break;
            }
            e->nonzero += !u256_is_zero(sl->cur);
            e->nonzero -= !u256_is_zero(e->vals[k]);
            e->vals[k] = sl->cur;
            v.n = 0;
            if (u256_is_zero(sl->cur))
                st = trie_put(e->t, key, 32, NULL, 0, d);
            else if ((st = rlp_put_u256(&v, sl->cur)) == RIVET_OK)
                st = trie_put(e->t, key, 32, v.p, v.n, d);
        }
        buf_free(&v);
        if (st != RIVET_OK) return st;
        if (e->nonzero == n) return trie_root(e->t, e->root, d);
        ent_reset(e); /* slots vanished: start over from a's storage */
    }
    return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "storage root cache out of step");
}

void node_root_cache_free(node_root_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++)
        ent_reset(&c->v[i]);
    node_map_free(&c->idx);
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
    return &c->v[c->n++];
}

static rivet_status build(node_chain *ch, trie **out, rivet_diag *d);

rivet_status node_state_root(node_chain *ch, uint8_t out[32], rivet_diag *d)
{
    trie *t;
    rivet_status st = build(ch, &t, d);
    if (st != RIVET_OK) return st;
    st = trie_root(t, out, d);
    trie_free(t);
    return st;
}

rivet_status node_state_trie(node_chain *ch, trie **out, rivet_diag *d)
{
    return build(ch, out, d);
}

trie *node_storage_trie(node_chain *ch, const evm_addr *a, uint8_t root[32], uint8_t code_hash[32])
{
    uint8_t key[32] = {0};
    uint64_t i;
    memcpy(key, a->b, 20);
    if (!ch->roots || !node_map_get(&ch->roots->idx, key, &i)) return NULL;
    memcpy(root, ch->roots->v[i].root, 32);
    memcpy(code_hash, ch->roots->v[i].code_hash, 32);
    return ch->roots->v[i].t;
}

/* The account trie of c->s (storage roots and code hashes through the cache). */
static rivet_status build(node_chain *ch, trie **out, rivet_diag *d)
{
    if (!ch->roots && !(ch->roots = calloc(1, sizeof *ch->roots)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    node_root_cache *c = ch->roots;
    const state *s = &ch->s;
    trie *t = trie_new(TRIE_SECURE);
    if (!t) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status st = RIVET_OK;
    rivet_buf v = {0};
    for (size_t i = 0; i < s->cap && st == RIVET_OK; i++) {
        const state_account *a = s->acc[i];
        if (!a || !a->exists) continue;
        bool fresh;
        root_ent *e = entry(c, &a->addr, &fresh);
        if (!e) {
            st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
            break;
        }
        uint64_t f1, f2, n;
        fingerprint(a, &f1, &f2, &n);
        if (fresh || f1 != e->fp1 || f2 != e->fp2 || n != e->n) {
            if ((st = sync_storage(e, a, n, d)) != RIVET_OK) break;
            e->fp1 = f1, e->fp2 = f2, e->n = n;
        }
        if (fresh || a->code != e->code || a->code_len != e->code_len) {
            crypto_keccak256(e->code_hash, a->code, a->code_len);
            e->code = a->code;
            e->code_len = a->code_len;
        }
        /* the account leaf rlp([nonce, balance, storage root, code hash]) */
        v.n = 0;
        size_t m = rlp_list_begin(&v);
        if ((st = rlp_put_u64(&v, a->nonce)) == RIVET_OK &&
            (st = rlp_put_u256(&v, a->balance)) == RIVET_OK &&
            (st = rlp_put_bytes(&v, e->root, 32)) == RIVET_OK &&
            (st = rlp_put_bytes(&v, e->code_hash, 32)) == RIVET_OK &&
            (st = rlp_list_end(&v, m)) == RIVET_OK)
            st = trie_put(t, a->addr.b, 20, v.p, v.n, d);
    }
    buf_free(&v);
    if (st != RIVET_OK) {
        trie_free(t);
        return st;
    }
    *out = t;
    return RIVET_OK;
}
