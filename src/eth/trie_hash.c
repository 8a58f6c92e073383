/* Node encoding, cached hashing, the root, and walks over nodes and over keys. */
#include "eth/trie_int.h"

#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"

RIVET_MUST_USE static rivet_status put_ref(rivet_buf *b, const tnode *c)
{
    if (!c) return buf_push(b, 0x80);
    if (c->reflen == 32) return rlp_put_bytes(b, c->ref, 32);
    return rlp_put_raw(b, c->ref, c->reflen);
}

rivet_status tn_encode(trie *t, tnode *n)
{
    rivet_buf *b = &t->enc;
    b->n = 0;
    size_t mark = rlp_list_begin(b);
    rivet_status s;
    if (n->kind == TN_BRANCH) {
        for (int i = 0; i < 16; i++)
            if ((s = put_ref(b, tn_kids(n)[i])) != RIVET_OK) return s;
        s = rlp_put_bytes(b, tn_val(n), n->vlen);
    } else {
        s = rlp_put_bytes(b, tn_hp(n), tn_hplen(n));
        if (s == RIVET_OK)
            s = n->kind == TN_LEAF ? rlp_put_bytes(b, tn_val(n), n->vlen)
                                   : put_ref(b, tn_kids(n)[0]);
    }
    return s != RIVET_OK ? s : rlp_list_end(b, mark);
}

rivet_status tn_ref(trie *t, tnode *n)
{
    if (!n->dirty) return RIVET_OK;
    rivet_status s;
    int nk = n->kind == TN_BRANCH ? 16 : n->kind == TN_EXT ? 1 : 0;
    for (int i = 0; i < nk; i++) {
        tnode *c = tn_kids(n)[i];
        if (c && c->dirty && (s = tn_ref(t, c)) != RIVET_OK) return s;
    }
    if ((s = tn_encode(t, n)) != RIVET_OK) return s;
    if (t->enc.n < 32) {
        n->reflen = (uint8_t)t->enc.n;
        memcpy(n->ref, t->enc.p, t->enc.n);
    } else {
        n->reflen = 32;
        crypto_keccak256(n->ref, t->enc.p, t->enc.n);
    }
    n->dirty = 0;
    return RIVET_OK;
}

rivet_status trie_root(trie *t, uint8_t root[32], rivet_diag *d)
{
    if (!t->root) {
        memcpy(root, trie_empty_root, 32);
        return RIVET_OK;
    }
    rivet_status s = tn_ref(t, t->root);
    if (s != RIVET_OK) return rivet_fail(d, s, RIVET_NOPOS, "trie: cannot hash the root");
    if (t->root->reflen == 32)
        memcpy(root, t->root->ref, 32);
    else
        crypto_keccak256(root, t->root->ref, t->root->reflen);
    return RIVET_OK;
}

/* Post-order walk over loaded nodes; hashed ones (and the root) go to fn. */
RIVET_MUST_USE static rivet_status each_node(trie *t, tnode *n, bool is_root, trie_node_fn fn,
                                             void *ctx)
{
    if (n->kind == TN_HASH) return RIVET_OK;
    rivet_status s;
    int nk = n->kind == TN_BRANCH ? 16 : n->kind == TN_EXT ? 1 : 0;
    for (int i = 0; i < nk; i++) {
        tnode *c = tn_kids(n)[i];
        if (c && (s = each_node(t, c, false, fn, ctx)) != RIVET_OK) return s;
    }
    if (n->reflen < 32 && !is_root) return RIVET_OK;
    if ((s = tn_encode(t, n)) != RIVET_OK) return s;
    uint8_t hash[32];
    if (n->reflen == 32)
        memcpy(hash, n->ref, 32);
    else
        crypto_keccak256(hash, t->enc.p, t->enc.n);
    return fn(ctx, hash, t->enc.p, t->enc.n);
}

rivet_status trie_each_node(trie *t, trie_node_fn fn, void *ctx, rivet_diag *d)
{
    uint8_t root[32];
    rivet_status s = trie_root(t, root, d);
    if (s != RIVET_OK || !t->root) return s;
    if ((s = each_node(t, t->root, true, fn, ctx)) != RIVET_OK)
        return rivet_fail(d, s, RIVET_NOPOS, "trie: node walk stopped: %s", rivet_status_str(s));
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status export_one(void *ctx, const uint8_t hash[32],
                                              const uint8_t *node, size_t len)
{
    return trie_memstore_put(ctx, node, len);
}

rivet_status trie_export(trie *t, trie_memstore *m, rivet_diag *d)
{
    return trie_each_node(t, export_one, m, d);
}

/* Key walk state: the nibbles of the path so far. */
typedef struct kwalk {
    rivet_buf path, key;
    trie_kv_fn fn;
    void *ctx;
} kwalk;

RIVET_MUST_USE static rivet_status emit(kwalk *w, const uint8_t *val, size_t vlen, rivet_diag *d)
{
    if (w->path.n & 1)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "trie: key of an odd nibble count");
    w->key.n = 0;
    rivet_status s = buf_reserve(&w->key, w->path.n / 2 + 1);
    if (s != RIVET_OK) return s;
    for (size_t i = 0; i < w->path.n; i += 2)
        w->key.p[w->key.n++] = (uint8_t)(w->path.p[i] << 4 | w->path.p[i + 1]);
    return w->fn(w->ctx, w->key.p, w->key.n, val, vlen);
}

RIVET_MUST_USE static rivet_status each_kv(trie *t, tnode **slot, bool mb, kwalk *w, rivet_diag *d)
{
    rivet_status s = tn_resolve(t, slot, mb, d);
    tnode *n = *slot;
    if (s != RIVET_OK) return s;
    size_t base = w->path.n;
    if (n->kind == TN_BRANCH) {
        if (n->vlen && (s = emit(w, tn_val(n), n->vlen, d)) != RIVET_OK) return s;
        for (int i = 0; i < 16; i++) {
            if (!tn_kids(n)[i]) continue;
            w->path.n = base;
            if ((s = buf_push(&w->path, (uint8_t)i)) != RIVET_OK ||
                (s = each_kv(t, &tn_kids(n)[i], false, w, d)) != RIVET_OK)
                return s;
        }
        w->path.n = base;
        return RIVET_OK;
    }
    if ((s = buf_reserve(&w->path, n->plen + 1)) != RIVET_OK) return s;
    tn_path(n, w->path.p + base);
    w->path.n = base + n->plen;
    s = n->kind == TN_LEAF ? emit(w, tn_val(n), n->vlen, d)
                           : each_kv(t, &tn_kids(n)[0], true, w, d);
    w->path.n = base;
    return s;
}

rivet_status trie_each(trie *t, trie_kv_fn fn, void *ctx, rivet_diag *d)
{
    if (!t->root) return RIVET_OK;
    kwalk w = {.fn = fn, .ctx = ctx};
    rivet_status s = each_kv(t, &t->root, false, &w, d);
    buf_free(&w.path);
    buf_free(&w.key);
    return s;
}

RIVET_MUST_USE static rivet_status count_one(void *ctx, const uint8_t *key, size_t klen,
                                             const uint8_t *val, size_t vlen)
{
    ++*(size_t *)ctx;
    return RIVET_OK;
}

rivet_status trie_count(trie *t, size_t *n, rivet_diag *d)
{
    *n = 0;
    return trie_each(t, count_one, n, d);
}
