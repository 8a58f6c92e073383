/* Trie lookups, insertion and deletion (branch collapse, extension merging). Every node an
   operation needs is resolved from the store before anything is modified, so a missing node
   leaves the trie as it was. */
#include "eth/trie_int.h"

#include <stdlib.h>
#include <string.h>

/* Nibble scratch space: on the stack when small. */
typedef struct nibtmp {
    uint8_t st[128];
    uint8_t *p;
} nibtmp;

static uint8_t *nib_get(nibtmp *b, size_t n)
{
    b->p = n <= sizeof b->st ? b->st : malloc(n);
    return b->p;
}

static void nib_done(nibtmp *b)
{
    if (b->p != b->st) free(b->p);
}

/* Length of the common prefix of n's path and k[0..nk). */
static size_t common(tnode *n, const uint8_t *k, size_t nk)
{
    const uint8_t *hp = tn_hp(n);
    size_t m = n->plen < nk ? n->plen : nk, i = 0;
    while (i < m && hp_nib(hp, n->plen, i) == k[i])
        i++;
    return i;
}

/* Where a key lives: the slot of its holder (a leaf, or a branch for a branch value) and the
   branch whose child that slot is (NULL for the root). */
typedef struct tfind {
    tnode **slot;
    tnode *parent;
    bool found;
} tfind;

RIVET_MUST_USE static rivet_status find(trie *t, const uint8_t *k, size_t nk, tfind *f,
                                        rivet_diag *d)
{
    tnode **slot = &t->root, *parent = NULL;
    bool mb = false;
    f->found = false;
    for (size_t i = 0;;) {
        rivet_status s = tn_resolve(t, slot, mb, d);
        tnode *n = *slot;
        if (s != RIVET_OK || !n) return s;
        f->slot = slot;
        f->parent = parent;
        if (n->kind == TN_LEAF) {
            f->found = n->plen == nk - i && common(n, k + i, nk - i) == n->plen;
            return RIVET_OK;
        }
        if (n->kind == TN_EXT) {
            if (common(n, k + i, nk - i) < n->plen) return RIVET_OK;
            i += n->plen;
            slot = &tn_kids(n)[0];
            parent = NULL;
            mb = true;
            continue;
        }
        if (i == nk) {
            f->found = n->vlen > 0;
            return RIVET_OK;
        }
        slot = &tn_kids(n)[k[i++]];
        parent = n;
        mb = false;
    }
}

rivet_status trie_get(trie *t, const uint8_t *key, size_t klen, const uint8_t **val, size_t *vlen,
                      rivet_diag *d)
{
    uint8_t st[128], *k, *heap;
    size_t nk;
    tfind f;
    *val = NULL;
    *vlen = 0;
    rivet_status s = trie_key_nibs(t, key, klen, st, sizeof st, &k, &nk, &heap);
    if (s != RIVET_OK) return s;
    s = find(t, k, nk, &f, d);
    if (s == RIVET_OK && f.found) {
        *val = tn_val(*f.slot);
        *vlen = (*f.slot)->vlen;
    }
    free(heap);
    return s;
}

RIVET_MUST_USE static rivet_status set_value(trie *t, tnode **slot, const uint8_t *v, size_t vl)
{
    tnode *n = *slot;
    if (vl <= tn_val_cap(n)) {
        memmove(tn_val(n), v, vl);
        n->vlen = (uint32_t)vl;
        n->dirty = 1;
        return RIVET_OK;
    }
    tnode *m;
    if (n->kind == TN_BRANCH) {
        if (!(m = tn_branch(t, v, vl))) return RIVET_ENOMEM;
        memcpy(tn_kids(m), tn_kids(n), 16 * sizeof(tnode *));
    } else {
        nibtmp p;
        if (!nib_get(&p, n->plen)) return RIVET_ENOMEM;
        tn_path(n, p.p);
        m = tn_leaf(t, p.p, n->plen, NULL, 0, v, vl);
        nib_done(&p);
        if (!m) return RIVET_ENOMEM;
    }
    tn_free(t, n);
    *slot = m;
    return RIVET_OK;
}

/* Replaces the leaf or extension *slot, which diverges from the key after cp nibbles, by a
   branch at cp (under an extension of the common prefix when cp > 0). */
RIVET_MUST_USE static rivet_status split(trie *t, tnode **slot, size_t cp, const uint8_t *k,
                                         size_t nk, const uint8_t *v, size_t vl)
{
    tnode *n = *slot, *b = NULL, *old = NULL, *add = NULL, *top = NULL;
    bool leaf = n->kind == TN_LEAF;
    nibtmp p;
    if (!nib_get(&p, n->plen)) return RIVET_ENOMEM;
    tn_path(n, p.p);
    if (leaf && cp == n->plen)
        b = tn_branch(t, tn_val(n), n->vlen);
    else
        b = tn_branch(t, v, cp == nk ? vl : 0);
    if (cp < n->plen) {
        size_t rest = n->plen - cp - 1;
        if (leaf)
            old = tn_leaf(t, p.p + cp + 1, rest, NULL, 0, tn_val(n), n->vlen);
        else
            old = rest ? tn_ext(t, p.p + cp + 1, rest, NULL, 0, tn_kids(n)[0]) : tn_kids(n)[0];
    }
    if (cp < nk) add = tn_leaf(t, k + cp + 1, nk - cp - 1, NULL, 0, v, vl);
    top = cp ? tn_ext(t, p.p, cp, NULL, 0, b) : b;
    unsigned onib = cp < n->plen ? p.p[cp] : 0;
    nib_done(&p);
    if (!b || !top || (cp < n->plen && !old) || (cp < nk && !add)) {
        if (b) tn_free(t, b);
        if (top && top != b) tn_free(t, top);
        if (old && (leaf || old != tn_kids(n)[0])) tn_free(t, old);
        if (add) tn_free(t, add);
        return RIVET_ENOMEM;
    }
    if (old) tn_kids(b)[onib] = old;
    if (add) tn_kids(b)[k[cp]] = add;
    tn_free(t, n);
    *slot = top;
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status ins(trie *t, tnode **slot, const uint8_t *k, size_t nk,
                                       const uint8_t *v, size_t vl, bool mb, rivet_diag *d)
{
    if (!*slot) return (*slot = tn_leaf(t, k, nk, NULL, 0, v, vl)) ? RIVET_OK : RIVET_ENOMEM;
    rivet_status s = tn_resolve(t, slot, mb, d);
    if (s != RIVET_OK) return s;
    tnode *n = *slot;
    if (n->kind == TN_BRANCH) {
        if (nk == 0) return set_value(t, slot, v, vl);
        s = ins(t, &tn_kids(n)[k[0]], k + 1, nk - 1, v, vl, false, d);
        n->dirty |= s == RIVET_OK;
        return s;
    }
    size_t cp = common(n, k, nk);
    if (n->kind == TN_EXT && cp == n->plen) {
        s = ins(t, &tn_kids(n)[0], k + cp, nk - cp, v, vl, true, d);
        n->dirty |= s == RIVET_OK;
        return s;
    }
    if (n->kind == TN_LEAF && cp == n->plen && cp == nk) return set_value(t, slot, v, vl);
    return split(t, slot, cp, k, nk, v, vl);
}

/* Rebuilds *slot as its path a (an nibbles, may be NULL) followed by node c: c's path is
   appended to a leaf or an extension; a branch gets an extension in front. c is consumed. */
RIVET_MUST_USE static rivet_status join(trie *t, tnode **slot, const uint8_t *a, size_t an,
                                        tnode *c)
{
    tnode *m;
    if (c->kind == TN_BRANCH) {
        m = tn_ext(t, a, an, NULL, 0, c);
    } else {
        nibtmp p;
        if (!nib_get(&p, c->plen)) return RIVET_ENOMEM;
        tn_path(c, p.p);
        m = c->kind == TN_LEAF ? tn_leaf(t, a, an, p.p, c->plen, tn_val(c), c->vlen)
                               : tn_ext(t, a, an, p.p, c->plen, tn_kids(c)[0]);
        nib_done(&p);
        if (m) tn_free(t, c);
    }
    if (!m) return RIVET_ENOMEM;
    *slot = m;
    return RIVET_OK;
}

/* A branch that lost an entry: still two or more, or becomes a leaf / joins its only child. */
RIVET_MUST_USE static rivet_status collapse(trie *t, tnode **slot)
{
    tnode *b = *slot;
    int count = 0, j = 0;
    for (int i = 0; i < 16; i++)
        if (tn_kids(b)[i]) count++, j = i;
    if (count + (b->vlen > 0) >= 2) {
        b->dirty = 1;
        return RIVET_OK;
    }
    tnode *m;
    if (count == 0) {
        if (!(m = tn_leaf(t, NULL, 0, NULL, 0, tn_val(b), b->vlen))) return RIVET_ENOMEM;
        *slot = m;
    } else {
        uint8_t nib = (uint8_t)j;
        rivet_status s = join(t, slot, &nib, 1, tn_kids(b)[j]);
        if (s != RIVET_OK) return s;
    }
    tn_free(t, b);
    return RIVET_OK;
}

/* Removes a key known to be present (everything on its path resolved). */
RIVET_MUST_USE static rivet_status del(trie *t, tnode **slot, const uint8_t *k, size_t nk)
{
    tnode *n = *slot;
    rivet_status s;
    if (n->kind == TN_LEAF) {
        tn_free(t, n);
        *slot = NULL;
        return RIVET_OK;
    }
    if (n->kind == TN_BRANCH) {
        if (nk == 0)
            n->vlen = 0;
        else if ((s = del(t, &tn_kids(n)[k[0]], k + 1, nk - 1)) != RIVET_OK)
            return s;
        return collapse(t, slot);
    }
    if ((s = del(t, &tn_kids(n)[0], k + n->plen, nk - n->plen)) != RIVET_OK) return s;
    tnode *c = tn_kids(n)[0];
    if (c->kind == TN_BRANCH) {
        n->dirty = 1;
        return RIVET_OK;
    }
    nibtmp p;
    if (!nib_get(&p, n->plen)) return RIVET_ENOMEM;
    tn_path(n, p.p);
    s = join(t, slot, p.p, n->plen, c);
    nib_done(&p);
    if (s == RIVET_OK) tn_free(t, n);
    return s;
}

/* The sibling a deletion will pull up into its parent must be loaded before deleting. */
RIVET_MUST_USE static rivet_status resolve_sibling(trie *t, const tfind *f, rivet_diag *d)
{
    tnode *h = *f->slot, *b = h->kind == TN_BRANCH ? h : f->parent;
    if (!b) return RIVET_OK;
    int count = 0, j = -1;
    for (int i = 0; i < 16; i++) {
        tnode **c = &tn_kids(b)[i];
        if (*c && c != f->slot) count++, j = i;
    }
    bool value = h != b && b->vlen > 0;
    if (count != 1 || value) return RIVET_OK;
    return tn_resolve(t, &tn_kids(b)[j], false, d);
}

rivet_status trie_delete(trie *t, const uint8_t *key, size_t klen, rivet_diag *d)
{
    uint8_t st[128], *k, *heap;
    size_t nk;
    tfind f;
    rivet_status s = trie_key_nibs(t, key, klen, st, sizeof st, &k, &nk, &heap);
    if (s != RIVET_OK) return s;
    if ((s = find(t, k, nk, &f, d)) == RIVET_OK && f.found &&
        (s = resolve_sibling(t, &f, d)) == RIVET_OK)
        s = del(t, &t->root, k, nk);
    free(heap);
    return s;
}

rivet_status trie_put(trie *t, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen,
                      rivet_diag *d)
{
    if (vlen == 0) return trie_delete(t, key, klen, d);
    if (vlen > UINT32_MAX)
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "trie: value of %zu bytes", vlen);
    uint8_t st[128], *k, *heap;
    size_t nk;
    rivet_status s = trie_key_nibs(t, key, klen, st, sizeof st, &k, &nk, &heap);
    if (s != RIVET_OK) return s;
    s = ins(t, &t->root, k, nk, val, vlen, false, d);
    free(heap);
    return s;
}
