/* Hostile witness nodes: input = key length (1 byte), key, then nodes as (2-byte big-endian
   length, bytes). The first node is the root. Verifies a proof for the key, then opens the trie
   over all nodes and iterates, updates, deletes and rehashes: statuses only, never a crash. */
#include <stdint.h>
#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/trie.h"

RIVET_MUST_USE static rivet_status fuzz_kv(void *ctx, const uint8_t *key, size_t klen,
                                           const uint8_t *val, size_t vlen)
{
    return ++*(size_t *)ctx > 1000 ? RIVET_ERANGE : RIVET_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || (size_t)data[0] + 1 > size) return 0;
    const uint8_t *key = data + 1;
    size_t klen = data[0], off = 1 + klen;
    trie_nodes nodes = {0};
    while (off + 2 <= size) {
        size_t len = (size_t)data[off] << 8 | data[off + 1];
        off += 2;
        if (len > size - off) len = size - off;
        RIVET_IGNORE(trie_nodes_add(&nodes, data + off, len));
        off += len;
    }
    uint8_t root[32], r2[32];
    const uint8_t *node = (const uint8_t *)"";
    size_t nlen = 0;
    if (nodes.n) trie_nodes_get(&nodes, 0, &node, &nlen);
    crypto_keccak256(root, node, nlen);
    for (unsigned flags = 0; flags <= TRIE_SECURE; flags++) {
        rivet_buf v = {0};
        RIVET_IGNORE(trie_verify_proof(root, key, klen, flags, &nodes, &v, NULL));
        buf_free(&v);
    }
    trie_memstore *m = trie_memstore_new();
    for (size_t i = 0; i < nodes.n; i++) {
        trie_nodes_get(&nodes, i, &node, &nlen);
        RIVET_IGNORE(trie_memstore_put(m, node, nlen));
    }
    trie *t = trie_open(root, trie_memstore_store(m), 0);
    size_t count = 0;
    RIVET_IGNORE(trie_each(t, fuzz_kv, &count, NULL));
    RIVET_IGNORE(trie_put(t, key, klen, key, klen, NULL));
    RIVET_IGNORE(trie_put(t, key, klen / 2, data, size > 64 ? 64 : size, NULL));
    RIVET_IGNORE(trie_delete(t, key, klen, NULL));
    RIVET_IGNORE(trie_root(t, r2, NULL));
    trie_nodes proof = {0};
    RIVET_IGNORE(trie_prove(t, key, klen, &proof, NULL));
    trie_nodes_free(&proof);
    trie_free(t);
    trie_memstore_free(m);
    trie_nodes_free(&nodes);
    return 0;
}
