/* Merkle proofs: the hashed nodes on a key's path, and their verification against a root. */
#include "eth/trie_int.h"

#include <stdlib.h>
#include <string.h>

rivet_status trie_nodes_add(trie_nodes *l, const uint8_t *node, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        size_t *end = realloc(l->end, cap * sizeof *end);
        if (!end) return RIVET_ENOMEM;
        l->end = end;
        l->cap = cap;
    }
    rivet_status s = buf_append(&l->data, node, len);
    if (s == RIVET_OK) l->end[l->n++] = l->data.n;
    return s;
}

void trie_nodes_get(const trie_nodes *l, size_t i, const uint8_t **node, size_t *len)
{
    static const uint8_t none[1];
    size_t start = i ? l->end[i - 1] : 0;
    *node = l->data.p ? l->data.p + start : none;
    *len = l->end[i] - start;
}

void trie_nodes_free(trie_nodes *l)
{
    buf_free(&l->data);
    free(l->end);
    memset(l, 0, sizeof *l);
}

rivet_status trie_prove(trie *t, const uint8_t *key, size_t klen, trie_nodes *proof, rivet_diag *d)
{
    uint8_t st[128], *k, *heap, root[32];
    size_t nk, i = 0;
    rivet_status s = trie_root(t, root, d);
    if (s != RIVET_OK || (s = trie_key_nibs(t, key, klen, st, sizeof st, &k, &nk, &heap))) return s;
    tnode **slot = &t->root;
    bool mb = false;
    while (*slot) {
        if ((s = tn_resolve(t, slot, mb, d)) != RIVET_OK) break;
        tnode *n = *slot;
        if ((slot == &t->root || n->reflen == 32) &&
            ((s = tn_encode(t, n)) != RIVET_OK ||
             (s = trie_nodes_add(proof, t->enc.p, t->enc.n)) != RIVET_OK))
            break;
        if (n->kind == TN_LEAF) break;
        mb = n->kind == TN_EXT;
        if (mb) {
            const uint8_t *hp = tn_hp(n);
            size_t j = 0;
            while (j < n->plen && i + j < nk && hp_nib(hp, n->plen, j) == k[i + j])
                j++;
            if (j < n->plen) break;
            i += n->plen;
            slot = &tn_kids(n)[0];
        } else {
            if (i == nk) break;
            slot = &tn_kids(n)[k[i++]];
        }
    }
    free(heap);
    return s;
}

rivet_status trie_verify_proof(const uint8_t root[32], const uint8_t *key, size_t klen,
                               unsigned flags, const trie_nodes *proof, rivet_buf *value,
                               rivet_diag *d)
{
    trie_memstore *m = trie_memstore_new();
    trie *t = NULL;
    rivet_status s = m ? RIVET_OK : RIVET_ENOMEM;
    for (size_t i = 0; s == RIVET_OK && i < proof->n; i++) {
        const uint8_t *node;
        size_t len;
        trie_nodes_get(proof, i, &node, &len);
        s = trie_memstore_put(m, node, len);
    }
    if (s == RIVET_OK && !(t = trie_open(root, trie_memstore_store(m), flags))) s = RIVET_ENOMEM;
    if (s == RIVET_OK) {
        const uint8_t *v;
        size_t vlen;
        s = trie_get(t, key, klen, &v, &vlen, d);
        if (s == RIVET_OK) s = buf_append(value, v, vlen);
    }
    trie_free(t);
    trie_memstore_free(m);
    return s;
}
