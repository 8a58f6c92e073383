/* Trie internals shared by src/eth/trie_*.c: pooled nodes, hex-prefix paths, resolution. */
#ifndef RIVET_ETH_TRIE_INT_H
#define RIVET_ETH_TRIE_INT_H

#include "rivet/arena.h"
#include "rivet/trie.h"

enum { TN_LEAF, TN_EXT, TN_BRANCH, TN_HASH };

/* One node. The payload after the header depends on the kind:
     leaf:   hex-prefix path (plen/2 + 1 bytes, leaf flag set), then the value (vlen bytes)
     ext:    child pointer, then the hex-prefix path
     branch: 16 child pointers, then the value (vlen bytes, 0 = none)
     hash:   nothing; ref holds the hash of a node not loaded yet.
   ref caches the node's reference in its parent when !dirty: the keccak hash (reflen 32) or,
   for encodings under 32 bytes, the encoding itself (inlined in the parent). */
typedef struct tnode {
    uint8_t kind, dirty, reflen, cls;
    uint32_t plen; /* path nibbles (leaf, ext) */
    uint32_t vlen; /* value bytes (leaf, branch) */
    uint32_t unused;
    uint8_t ref[32];
    _Alignas(8) uint8_t data[];
} tnode;

/* Size-class pool: blocks of 16..512 bytes carved from an arena and recycled through free
   lists; larger nodes (long values) are malloc'd on their own. */
#define TRIE_POOL_NCLS 32
#define TRIE_POOL_BIG  255
typedef struct trie_pool {
    void *free[TRIE_POOL_NCLS];
    arena arena;
    size_t bytes; /* bytes held by live pooled nodes */
} trie_pool;

struct trie {
    tnode *root; /* NULL: empty */
    trie_store *store;
    unsigned flags;
    trie_pool pool;
    rivet_buf enc; /* scratch encoding buffer */
};

static inline tnode **tn_kids(tnode *n)
{
    return (tnode **)(void *)n->data;
}
static inline size_t tn_hplen(const tnode *n)
{
    return n->plen / 2 + 1;
}
static inline uint8_t *tn_hp(tnode *n)
{
    return n->kind == TN_EXT ? n->data + 8 : n->data;
}
static inline uint8_t *tn_val(tnode *n)
{
    return n->kind == TN_BRANCH ? n->data + 16 * sizeof(tnode *) : n->data + tn_hplen(n);
}
/* Nibble i of a hex-prefix encoded path of plen nibbles. */
static inline unsigned hp_nib(const uint8_t *hp, size_t plen, size_t i)
{
    size_t pos = i + 2 - (plen & 1);
    uint8_t b = hp[pos >> 1];
    return (pos & 1) ? (b & 15u) : (b >> 4);
}
/* Unpacks a node's path into out (plen nibbles). */
void tn_path(tnode *n, uint8_t *out);

/* Constructors; paths are given as one nibble per byte, a then b concatenated (b may be NULL
   when bn == 0). Return NULL when out of memory. */
tnode *tn_leaf(trie *t, const uint8_t *a, size_t an, const uint8_t *b, size_t bn,
               const uint8_t *val, size_t vlen);
tnode *tn_ext(trie *t, const uint8_t *a, size_t an, const uint8_t *b, size_t bn, tnode *child);
tnode *tn_branch(trie *t, const uint8_t *val, size_t vlen);
tnode *tn_hashref(trie *t, const uint8_t hash[32]);
void tn_free(trie *t, tnode *n);
/* Bytes of value the node's block can hold in place (0 for malloc'd blocks). */
size_t tn_val_cap(const tnode *n);

/* Replaces a hash reference in *slot by the decoded node from the store (no-op for other
   nodes). must_branch: the slot is an extension's child, which must be a branch. */
RIVET_MUST_USE rivet_status tn_resolve(trie *t, tnode **slot, bool must_branch, rivet_diag *d);

/* Makes n's ref valid (hashing dirty descendants). */
RIVET_MUST_USE rivet_status tn_ref(trie *t, tnode *n);
/* Encodes n (whose children have valid refs) into t->enc, replacing its contents. */
RIVET_MUST_USE rivet_status tn_encode(trie *t, tnode *n);

/* Key -> nibbles (hashed first for a secure trie). Uses the caller's buffer of cap nibbles when
   it fits, else mallocs (*heap set; free it). */
RIVET_MUST_USE rivet_status trie_key_nibs(const trie *t, const uint8_t *key, size_t klen,
                                          uint8_t *buf, size_t cap, uint8_t **nibs, size_t *n,
                                          uint8_t **heap);

/* "0x" + 64 hex digits of a hash, for diagnostics. */
void trie_hash_hex(char out[67], const uint8_t hash[32]);

#endif
