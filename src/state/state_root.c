/* Commitments over the state: the post-state root (through the trie) and the logs hash. */
#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/state.h"
#include "rivet/trie.h"

/* The one walk from the in-memory state to its tries: the post-state root and witness
   generation's export (src/exec/witness_gen.c) both run it. */
RIVET_MUST_USE static rivet_status put_slots(const state_account *a, trie *t, rivet_diag *d)
{
    rivet_status st = RIVET_OK;
    rivet_buf v = {0};
    for (size_t i = 0; i < a->storage.cap && st == RIVET_OK; i++) {
        const state_slot *e = &a->storage.v[i];
        if (!e->used || u256_is_zero(e->cur)) continue;
        uint8_t key[32];
        u256_to_be(key, e->key);
        v.n = 0;
        if ((st = rlp_put_u256(&v, e->cur)) == RIVET_OK) st = trie_put(t, key, 32, v.p, v.n, d);
    }
    buf_free(&v);
    return st;
}

/* root of t, and its nodes into `nodes` when not NULL. */
RIVET_MUST_USE static rivet_status root_export(trie *t, trie_memstore *nodes, uint8_t root[32],
                                               rivet_diag *d)
{
    rivet_status st = trie_root(t, root, d);
    if (st == RIVET_OK && nodes) st = trie_export(t, nodes, d);
    return st;
}

RIVET_MUST_USE static rivet_status storage_root(const state_account *a, trie_memstore *nodes,
                                                uint8_t root[32], rivet_diag *d)
{
    trie *t = trie_new(TRIE_SECURE);
    if (!t) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status st = put_slots(a, t, d);
    if (st == RIVET_OK) st = root_export(t, nodes, root, d);
    trie_free(t);
    return st;
}

rivet_status state_trie_export(const state *s, trie_memstore *nodes, trie_memstore *codes,
                               uint8_t root[32], rivet_diag *d)
{
    trie *t = trie_new(TRIE_SECURE);
    if (!t) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status st = RIVET_OK;
    rivet_buf v = {0};
    for (size_t i = 0; i < s->cap && st == RIVET_OK; i++) {
        const state_account *a = s->acc[i];
        if (!a || !a->exists) continue;
        uint8_t sroot[32];
        if ((st = storage_root(a, nodes, sroot, d)) != RIVET_OK) break;
        if (codes && a->code_len && (st = trie_memstore_put(codes, a->code, a->code_len)))
            break;
        if ((st = state_account_rlp(a, sroot, &v)) != RIVET_OK) break;
        st = trie_put(t, a->addr.b, 20, v.p, v.n, d);
    }
    if (st == RIVET_OK) st = root_export(t, nodes, root, d);
    buf_free(&v);
    trie_free(t);
    return st;
}

rivet_status state_root(const state *s, evm_hash *out, rivet_diag *d)
{
    return state_trie_export(s, NULL, NULL, out->b, d);
}

rivet_status state_account_rlp(const state_account *a, const uint8_t storage_root[32],
                               rivet_buf *out)
{
    evm_hash ch = state_code_hash(a);
    rivet_status st;
    out->n = 0;
    size_t mark = rlp_list_begin(out);
    if ((st = rlp_put_u64(out, a->nonce)) != RIVET_OK ||
        (st = rlp_put_u256(out, a->balance)) != RIVET_OK ||
        (st = rlp_put_bytes(out, storage_root, 32)) != RIVET_OK ||
        (st = rlp_put_bytes(out, ch.b, 32)) != RIVET_OK)
        return st;
    return rlp_list_end(out, mark);
}

rivet_status state_logs_hash(const state *s, evm_hash *out)
{
    rivet_buf b = {0};
    rivet_status st = RIVET_OK;
    size_t outer = rlp_list_begin(&b);
    for (size_t i = 0; i < s->nlogs && st == RIVET_OK; i++) {
        const state_log *l = &s->logs[i];
        size_t m = rlp_list_begin(&b);
        st = rlp_put_bytes(&b, l->addr.b, 20);
        size_t tm = rlp_list_begin(&b);
        for (int k = 0; k < l->ntopics && st == RIVET_OK; k++) {
            uint8_t t[32];
            u256_to_be(t, l->topics[k]);
            st = rlp_put_bytes(&b, t, 32);
        }
        if (st == RIVET_OK) st = rlp_list_end(&b, tm);
        if (st == RIVET_OK) st = rlp_put_bytes(&b, l->data, l->len);
        if (st == RIVET_OK) st = rlp_list_end(&b, m);
    }
    if (st == RIVET_OK) st = rlp_list_end(&b, outer);
    if (st == RIVET_OK) crypto_keccak256(out->b, b.p, b.n);
    buf_free(&b);
    return st;
}
