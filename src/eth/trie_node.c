/* Trie nodes: the pool they live in, hex-prefix paths, and decoding nodes from a store. */
#include "eth/trie_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"

const uint8_t trie_empty_root[32] = {
    0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e,
    0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c, 0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21};

#define POOL_CHUNK (256 * 1024)

/* Blocks come from the free list of their class, else from the arena. */
static void *pool_alloc(trie_pool *p, size_t size, uint8_t *cls)
{
    if (size > 16 * TRIE_POOL_NCLS) {
        *cls = TRIE_POOL_BIG;
        return malloc(size);
    }
    size_t c = (size - 1) / 16, bsize = (c + 1) * 16;
    *cls = (uint8_t)c;
    void *b = p->free[c];
    if (b)
        memcpy(&p->free[c], b, sizeof(void *));
    else if (!(b = arena_alloc(&p->arena, bsize, 16)))
        return NULL;
    p->bytes += bsize;
    return b;
}

static void pool_release(trie_pool *p, void *b, uint8_t cls)
{
    p->bytes -= (size_t)(cls + 1) * 16;
    memcpy(b, &p->free[cls], sizeof(void *));
    p->free[cls] = b;
}

static tnode *tn_alloc(trie *t, int kind, size_t payload)
{
    uint8_t cls;
    tnode *n = pool_alloc(&t->pool, sizeof(tnode) + payload, &cls);
    if (!n) return NULL;
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->cls = cls;
    n->dirty = 1;
    return n;
}

void tn_free(trie *t, tnode *n)
{
    if (n->cls == TRIE_POOL_BIG)
        free(n);
    else
        pool_release(&t->pool, n, n->cls);
}

/* Frees a node and every node below it (a half-decoded subtree on an error path). */
static void tn_free_tree(trie *t, tnode *n)
{
    if (!n) return;
    if (n->kind == TN_BRANCH)
        for (int i = 0; i < 16; i++)
            tn_free_tree(t, tn_kids(n)[i]);
    else if (n->kind == TN_EXT)
        tn_free_tree(t, tn_kids(n)[0]);
    tn_free(t, n);
}

size_t tn_val_cap(const tnode *n)
{
    if (n->cls == TRIE_POOL_BIG) return 0;
    size_t used = sizeof(tnode) + (n->kind == TN_BRANCH ? 16 * sizeof(tnode *) : tn_hplen(n));
    return (size_t)(n->cls + 1) * 16 - used;
}

void tn_path(tnode *n, uint8_t *out)
{
    const uint8_t *hp = tn_hp(n);
    for (size_t i = 0; i < n->plen; i++)
        out[i] = (uint8_t)hp_nib(hp, n->plen, i);
}

/* Packs a ++ b (nibbles) as hex-prefix with the leaf flag when leaf. */
static void hp_pack(uint8_t *hp, const uint8_t *a, size_t an, const uint8_t *b, size_t bn,
                    bool leaf)
{
    size_t n = an + bn, pos = 2 - (n & 1);
    memset(hp, 0, n / 2 + 1);
    hp[0] = (uint8_t)(((leaf ? 2 : 0) | (n & 1)) << 4);
    for (size_t i = 0; i < n; i++, pos++) {
        uint8_t v = i < an ? a[i] : b[i - an];
        hp[pos >> 1] |= (pos & 1) ? v : (uint8_t)(v << 4);
    }
}

tnode *tn_leaf(trie *t, const uint8_t *a, size_t an, const uint8_t *b, size_t bn,
               const uint8_t *val, size_t vlen)
{
    size_t plen = an + bn;
    tnode *n = tn_alloc(t, TN_LEAF, plen / 2 + 1 + vlen);
    if (!n) return NULL;
    n->plen = (uint32_t)plen;
    n->vlen = (uint32_t)vlen;
    hp_pack(tn_hp(n), a, an, b, bn, true);
    memcpy(tn_val(n), val, vlen);
    return n;
}

tnode *tn_ext(trie *t, const uint8_t *a, size_t an, const uint8_t *b, size_t bn, tnode *child)
{
    size_t plen = an + bn;
    tnode *n = tn_alloc(t, TN_EXT, sizeof(tnode *) + plen / 2 + 1);
    if (!n) return NULL;
    n->plen = (uint32_t)plen;
    tn_kids(n)[0] = child;
    hp_pack(tn_hp(n), a, an, b, bn, false);
    return n;
}

tnode *tn_branch(trie *t, const uint8_t *val, size_t vlen)
{
    tnode *n = tn_alloc(t, TN_BRANCH, 16 * sizeof(tnode *) + vlen);
    if (!n) return NULL;
    memset(tn_kids(n), 0, 16 * sizeof(tnode *));
    n->vlen = (uint32_t)vlen;
    if (vlen) memcpy(tn_val(n), val, vlen);
    return n;
}

tnode *tn_hashref(trie *t, const uint8_t hash[32])
{
    tnode *n = tn_alloc(t, TN_HASH, 0);
    if (!n) return NULL;
    n->dirty = 0;
    n->reflen = 32;
    memcpy(n->ref, hash, 32);
    return n;
}

void trie_hash_hex(char out[67], const uint8_t hash[32])
{
    out[0] = '0';
    out[1] = 'x';
    hex_encode(out + 2, hash, 32);
}

/* A node's failures name it by its hash (where), formatted only when one happens. */
RIVET_MUST_USE static rivet_status bad_st(rivet_diag *d, rivet_status st, const uint8_t *where,
                                          const char *what)
{
    char hx[67];
    trie_hash_hex(hx, where);
    return rivet_fail(d, st, RIVET_NOPOS, "trie: node %s: %s", hx, what);
}

RIVET_MUST_USE static rivet_status bad(rivet_diag *d, const uint8_t *where, const char *what)
{
    return bad_st(d, RIVET_EINVALID, where, what);
}

RIVET_MUST_USE static rivet_status dec_node(trie *t, const rlp_item *it, const uint8_t *where,
                                            tnode **out, rivet_diag *d);

/* A child reference: empty (NULL), a 32-byte hash, or an inlined node under 32 bytes. */
RIVET_MUST_USE static rivet_status dec_ref(trie *t, const rlp_item *it, bool must_branch,
                                           const uint8_t *where, tnode **out, rivet_diag *d)
{
    *out = NULL;
    if (!it->list) {
        if (it->len == 0) return RIVET_OK;
        if (it->len != 32) return bad(d, where, "child reference is neither a hash nor a node");
        return (*out = tn_hashref(t, it->p)) ? RIVET_OK : RIVET_ENOMEM;
    }
    if (it->hdr + it->len >= 32) return bad(d, where, "inlined child of 32 bytes or more");
    rivet_status s = dec_node(t, it, where, out, d);
    if (s == RIVET_OK && must_branch && (*out)->kind != TN_BRANCH) {
        tn_free_tree(t, *out);
        *out = NULL;
        return bad(d, where, "extension child is not a branch");
    }
    return s;
}

RIVET_MUST_USE static rivet_status dec_short(trie *t, const rlp_item *its, const uint8_t *where,
                                             tnode **out, rivet_diag *d)
{
    if (its[0].list || its[0].len == 0) return bad(d, where, "path is not a hex-prefix string");
    const uint8_t *hp = its[0].p;
    size_t hl = its[0].len;
    unsigned flag = hp[0] >> 4;
    if (flag > 3 || (!(flag & 1) && (hp[0] & 15))) return bad(d, where, "bad hex-prefix flags");
    size_t plen = 2 * (hl - 1) + (flag & 1);
    if (plen > UINT32_MAX / 2) return bad(d, where, "path too long");
    tnode *n;
    if (flag & 2) {
        if (its[1].list || its[1].len == 0)
            return bad(d, where, "leaf value is not a non-empty string");
        if (!(n = tn_alloc(t, TN_LEAF, hl + its[1].len))) return RIVET_ENOMEM;
        n->vlen = (uint32_t)its[1].len;
        n->plen = (uint32_t)plen;
        memcpy(tn_val(n), its[1].p, its[1].len);
    } else {
        if (plen == 0) return bad(d, where, "extension with an empty path");
        tnode *child;
        rivet_status s = dec_ref(t, &its[1], true, where, &child, d);
        if (s != RIVET_OK) return s;
        if (!child) return bad(d, where, "extension without a child");
        if (!(n = tn_alloc(t, TN_EXT, sizeof(tnode *) + hl))) {
            tn_free_tree(t, child);
            return RIVET_ENOMEM;
        }
        n->plen = (uint32_t)plen;
        tn_kids(n)[0] = child;
    }
    memcpy(tn_hp(n), hp, hl);
    *out = n;
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status dec_branch(trie *t, const rlp_item *its, const uint8_t *where,
                                              tnode **out, rivet_diag *d)
{
    if (its[16].list) return bad(d, where, "branch value is a list");
    tnode *n = tn_branch(t, its[16].p, its[16].len);
    if (!n) return RIVET_ENOMEM;
    int items = its[16].len > 0;
    for (int i = 0; i < 16; i++) {
        rivet_status s = dec_ref(t, &its[i], false, where, &tn_kids(n)[i], d);
        if (s != RIVET_OK) {
            tn_free_tree(t, n);
            return s;
        }
        items += tn_kids(n)[i] != NULL;
    }
    if (items < 2) {
        tn_free_tree(t, n);
        return bad(d, where, "branch with fewer than two entries");
    }
    *out = n;
    return RIVET_OK;
}

/* Decodes one node; its ref is its own encoding (callers override it with the hash). */
RIVET_MUST_USE static rivet_status dec_node(trie *t, const rlp_item *it, const uint8_t *where,
                                            tnode **out, rivet_diag *d)
{
    rlp_item its[17];
    size_t got;
    if (!it->list) return bad(d, where, "not a list");
    rivet_diag rd;
    rivet_diag_clear(&rd);
    if (rlp_list_items(it, its, 17, &got, &rd) != RIVET_OK)
        return bad_st(d, RIVET_EINPUT, where, rd.msg);
    rivet_status s = got == 2    ? dec_short(t, its, where, out, d)
                     : got == 17 ? dec_branch(t, its, where, out, d)
                                 : bad(d, where, "list of neither 2 nor 17 items");
    if (s != RIVET_OK) return s;
    size_t enc = it->hdr + it->len;
    (*out)->dirty = 0;
    if (enc < 32) {
        (*out)->reflen = (uint8_t)enc;
        memcpy((*out)->ref, it->p - it->hdr, enc);
    }
    return RIVET_OK;
}

rivet_status tn_resolve(trie *t, tnode **slot, bool must_branch, rivet_diag *d)
{
    tnode *h = *slot;
    if (!h || h->kind != TN_HASH) return RIVET_OK;
    char hx[67];
    if (!t->store) {
        trie_hash_hex(hx, h->ref);
        return rivet_fail(d, RIVET_EMISSING, RIVET_NOPOS, "trie: missing node %s (no store)", hx);
    }
    const uint8_t *p;
    size_t len;
    rivet_status s = t->store->get(t->store, h->ref, &p, &len);
    if (s != RIVET_OK) {
        trie_hash_hex(hx, h->ref);
        if (s == RIVET_EMISSING)
            return rivet_fail(d, RIVET_EMISSING, RIVET_NOPOS, "trie: missing node %s", hx);
        return rivet_fail(d, s, RIVET_NOPOS, "trie: node store failed on %s", hx);
    }
    if (!t->store->verified) {
        uint8_t hash[32];
        crypto_keccak256(hash, p, len);
        if (memcmp(hash, h->ref, 32) != 0)
            return bad(d, h->ref, "store returned bytes of another hash");
    }
    rlp_item it;
    rivet_diag rd;
    rivet_diag_clear(&rd);
    if (rlp_decode(p, len, &it, &rd) != RIVET_OK) return bad_st(d, RIVET_EINPUT, h->ref, rd.msg);
    tnode *n;
    if ((s = dec_node(t, &it, h->ref, &n, d)) != RIVET_OK) return s;
    if (must_branch && n->kind != TN_BRANCH) {
        tn_free_tree(t, n);
        return bad(d, h->ref, "extension child is not a branch");
    }
    if (len >= 32) {
        n->reflen = 32;
        memcpy(n->ref, h->ref, 32);
    }
    *slot = n;
    tn_free(t, h);
    return RIVET_OK;
}

rivet_status trie_key_nibs(const trie *t, const uint8_t *key, size_t klen, uint8_t *buf, size_t cap,
                           uint8_t **nibs, size_t *n, uint8_t **heap)
{
    uint8_t h[32];
    if (t->flags & TRIE_SECURE) {
        crypto_keccak256(h, key, klen);
        key = h;
        klen = 32;
    }
    *heap = NULL;
    if (klen > SIZE_MAX / 4) return RIVET_ENOMEM;
    if (2 * klen > cap && !(buf = *heap = malloc(2 * klen))) return RIVET_ENOMEM;
    for (size_t i = 0; i < klen; i++) {
        buf[2 * i] = key[i] >> 4;
        buf[2 * i + 1] = key[i] & 15;
    }
    *nibs = buf;
    *n = 2 * klen;
    return RIVET_OK;
}

/* The arena goes at once; only malloc'd (big) nodes need a walk. */
static void tn_free_big(tnode *n)
{
    if (!n) return;
    if (n->kind == TN_BRANCH)
        for (int i = 0; i < 16; i++)
            tn_free_big(tn_kids(n)[i]);
    else if (n->kind == TN_EXT)
        tn_free_big(tn_kids(n)[0]);
    if (n->cls == TRIE_POOL_BIG) free(n);
}

void trie_free(trie *t)
{
    if (!t) return;
    tn_free_big(t->root);
    arena_free(&t->pool.arena);
    buf_free(&t->enc);
    free(t);
}

static trie *trie_alloc(unsigned flags)
{
    trie *t = calloc(1, sizeof *t);
    if (t) {
        t->flags = flags;
        arena_init(&t->pool.arena, POOL_CHUNK);
    }
    return t;
}

trie *trie_new(unsigned flags)
{
    return trie_alloc(flags);
}

trie *trie_open(const uint8_t root[32], trie_store *store, unsigned flags)
{
    trie *t = trie_alloc(flags);
    if (!t) return NULL;
    t->store = store;
    if (memcmp(root, trie_empty_root, 32) != 0 && !(t->root = tn_hashref(t, root))) {
        trie_free(t);
        return NULL;
    }
    return t;
}
