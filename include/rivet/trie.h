/* Merkle-Patricia trie (Yellow Paper, appendix D), plain or secure (keys hashed with keccak).

   A trie may be fully in memory or partially known: any subtree can be a *hash reference*
   that is resolved on demand through a node store (`trie_store`), e.g. the nodes of an
   execution witness. When an operation needs a node the store lacks it fails with
   RIVET_EMISSING and a diagnostic naming the hash; the trie is left unchanged (operations
   resolve everything they need before modifying anything), so the caller can reject cleanly.
   After RIVET_ENOMEM a trie may be half-updated: free it.

   Values are byte strings; an empty value means "absent" (putting one deletes the key).
   Nodes are pooled per trie and cache their hash; recomputing the root after a few updates
   rehashes only the modified paths. A trie is not thread-safe. */
#ifndef RIVET_TRIE_H
#define RIVET_TRIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/status.h"

/* keccak(rlp("")): the root of the empty trie. */
extern const uint8_t trie_empty_root[32];

/* ---- node stores ---------------------------------------------------------------------- */

/* A node store maps keccak(node) -> RLP encoding of the node. Implementations embed this
   struct as their first member. `get` returns RIVET_OK with *node and *len pointing at bytes that
   stay valid until the next call on the store, or RIVET_EMISSING when the hash is unknown
   (other codes are passed through). When `verified` is false the trie checks that the bytes
   hash to the requested key before using them (a store filled from untrusted data without
   hashing); trie_memstore hashes on insertion and sets it true. */
typedef struct trie_store {
    rivet_status (*get)(struct trie_store *s, const uint8_t hash[32], const uint8_t **node,
                        size_t *len);
    bool verified;
} trie_store;

/* The in-memory, hash-keyed node store (a witness, an export of a trie, a proof). It records
   which nodes were read through `get` ("touched"), the set a witness must contain. */
typedef struct trie_memstore trie_memstore;

trie_memstore *trie_memstore_new(void);
void trie_memstore_free(trie_memstore *m);
trie_store *trie_memstore_store(trie_memstore *m);
/* Adds a node, keyed by keccak(node). Duplicates are ignored. */
RIVET_MUST_USE rivet_status trie_memstore_put(trie_memstore *m, const uint8_t *node, size_t len);
/* Removes a node; returns false when it was not there. */
bool trie_memstore_remove(trie_memstore *m, const uint8_t hash[32]);
size_t trie_memstore_count(const trie_memstore *m);
/* Visits the stored nodes (in insertion order), all of them or only those touched. */
typedef rivet_status (*trie_node_fn)(void *ctx, const uint8_t hash[32], const uint8_t *node,
                                     size_t len);
RIVET_MUST_USE rivet_status trie_memstore_each(trie_memstore *m, bool touched_only, trie_node_fn fn,
                                               void *ctx);
void trie_memstore_untouch(trie_memstore *m);

/* ---- tries ---------------------------------------------------------------------------- */

typedef struct trie trie;

enum { TRIE_SECURE = 1 }; /* keys are keccak(key) */

/* An empty trie (no store: it never needs one). NULL when out of memory. */
trie *trie_new(unsigned flags);
/* A trie at `root` whose nodes are loaded from `store` as needed (the store must outlive the
   trie). Nothing is read until the first operation. */
trie *trie_open(const uint8_t root[32], trie_store *store, unsigned flags);
void trie_free(trie *t);

/* Looks a key up. *val and *vlen get the value (valid until the trie is next modified), or
   NULL and 0 when the key is absent. */
RIVET_MUST_USE rivet_status trie_get(trie *t, const uint8_t *key, size_t klen, const uint8_t **val,
                                     size_t *vlen, rivet_diag *d);
/* Inserts or updates; vlen == 0 deletes. */
RIVET_MUST_USE rivet_status trie_put(trie *t, const uint8_t *key, size_t klen, const uint8_t *val,
                                     size_t vlen, rivet_diag *d);
RIVET_MUST_USE rivet_status trie_delete(trie *t, const uint8_t *key, size_t klen, rivet_diag *d);
/* The root hash. Never needs the store. */
RIVET_MUST_USE rivet_status trie_root(trie *t, uint8_t root[32], rivet_diag *d);
/* Number of keys; needs the whole trie (EMISSING on a partial trie). */
RIVET_MUST_USE rivet_status trie_count(trie *t, size_t *n, rivet_diag *d);

/* Visits every (key, value) in key order (lexicographic; a key before its extensions). For a
   secure trie the keys are the hashed keys. Stops at the first non-OK status of fn. */
typedef rivet_status (*trie_kv_fn)(void *ctx, const uint8_t *key, size_t klen, const uint8_t *val,
                                   size_t vlen);
RIVET_MUST_USE rivet_status trie_each(trie *t, trie_kv_fn fn, void *ctx, rivet_diag *d);

/* Visits every node the trie holds that is referenced by hash (the root and every node whose
   encoding is 32 bytes or more; smaller ones are inlined in their parent), children before
   parents. Unresolved hash references are skipped: their nodes are in the store. */
RIVET_MUST_USE rivet_status trie_each_node(trie *t, trie_node_fn fn, void *ctx, rivet_diag *d);
/* trie_each_node into a memstore (export a trie so it can be reopened with trie_open). */
RIVET_MUST_USE rivet_status trie_export(trie *t, trie_memstore *m, rivet_diag *d);

/* ---- proofs --------------------------------------------------------------------------- */

/* A list of RLP-encoded nodes in one buffer. Zero-initialise; trie_nodes_free releases. */
typedef struct trie_nodes {
    rivet_buf data; /* concatenated encodings */
    size_t *end;    /* end offset of node i in data */
    size_t n, cap;
} trie_nodes;

RIVET_MUST_USE rivet_status trie_nodes_add(trie_nodes *l, const uint8_t *node, size_t len);
void trie_nodes_get(const trie_nodes *l, size_t i, const uint8_t **node, size_t *len);
void trie_nodes_free(trie_nodes *l);

/* Appends to `proof` the nodes on the path of `key`, root first (EIP-1186 order): enough to
   prove the value or its absence. */
RIVET_MUST_USE rivet_status trie_prove(trie *t, const uint8_t *key, size_t klen, trie_nodes *proof,
                                       rivet_diag *d);
/* Checks a proof against `root`. RIVET_OK: the proof is valid and `value` got the value
   appended (nothing appended: proven absent). Otherwise the proof is rejected: EMISSING (a
   node on the path is not in the proof), EINPUT/EINVALID (malformed node). Node order does
   not matter and unused nodes are ignored. flags: TRIE_SECURE hashes the key. */
RIVET_MUST_USE rivet_status trie_verify_proof(const uint8_t root[32], const uint8_t *key,
                                              size_t klen, unsigned flags, const trie_nodes *proof,
                                              rivet_buf *value, rivet_diag *d);

#endif
