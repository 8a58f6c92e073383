/* The witness-backed state against the in-memory one: the same reads, updates, inserts and
   deletes (accounts and slots, down to a storage trie collapsing to one leaf) give the same
   post-state root through sl_backend_root as through state_root over full state; a node only
   the root computation needs (a sibling for a collapse) missing from the store is EMISSING
   naming its hash. */
#include "test.h"

#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/stateless.h"

static evm_addr addr_of(unsigned i)
{
    evm_addr a;
    uint8_t seed[4] = {(uint8_t)i, (uint8_t)(i >> 8), 0x5a, 0xa5};
    uint8_t h[32];
    crypto_keccak256(h, seed, sizeof seed);
    memcpy(a.b, h, 20);
    return a;
}

enum { NACC = 40 };

/* Account i: nonce i + 1, balance 1000 + i, slots 1..(i % 5) = i * 7 + slot. */
static void fill(state *s)
{
    for (unsigned i = 0; i < NACC; i++) {
        evm_addr a = addr_of(i);
        state_account *x = state_get(s, &a, true);
        x->exists = true;
        x->nonce = i + 1;
        x->balance = u256_from_u64(1000 + i);
        for (unsigned k = 1; k <= i % 5; k++)
            assert_int_equal(state_put_storage(x, u256_from_u64(k), u256_from_u64(i * 7 + k)),
                             RIVET_OK);
    }
}

/* The block's changes, through the journaled API both states share. */
static void mutate(state *s)
{
    evm_addr a;
    a = addr_of(1); /* update a balance */
    state_account *x = state_get(s, &a, true);
    state_set_balance(s, x, u256_from_u64(5));
    a = addr_of(2); /* delete an account: emptied and touched */
    x = state_get(s, &a, true);
    state_set_balance(s, x, U256_ZERO);
    state_set_nonce(s, x, 0);
    state_touch(s, x);
    a = addr_of(1000); /* insert a new one with a slot */
    x = state_get(s, &a, true);
    state_add_balance(s, x, u256_from_u64(77));
    state_set_storage(s, x, u256_from_u64(9), u256_from_u64(99));
    a = addr_of(7); /* slots 1, 2: delete slot 1 (the trie collapses to slot 2's leaf) */
    x = state_get(s, &a, true);
    bool cold;
    assert_true(u256_eq(state_load_storage(s, x, u256_from_u64(1), &cold), u256_from_u64(50)));
    state_set_storage(s, x, u256_from_u64(1), U256_ZERO);
    a = addr_of(4); /* update one slot, add another */
    x = state_get(s, &a, true);
    state_set_storage(s, x, u256_from_u64(2), u256_from_u64(12345));
    state_set_storage(s, x, u256_from_u64(40), u256_from_u64(1));
    a = addr_of(5); /* read only */
    x = state_get(s, &a, true);
    assert_true(u256_eq(x->balance, u256_from_u64(1005)));
    state_finalize_tx(s);
}

typedef struct fixture {
    trie_memstore *nodes, *codes;
    uint8_t pre[32], post[32];
} fixture;

static void setup(fixture *f)
{
    state full;
    state_init(&full);
    fill(&full);
    f->nodes = trie_memstore_new();
    f->codes = trie_memstore_new();
    assert_int_equal(wgen_export_state(&full, f->nodes, f->codes, f->pre, NULL), RIVET_OK);
    evm_hash r;
    assert_int_equal(state_root(&full, &r, NULL), RIVET_OK);
    assert_memory_equal(r.b, f->pre, 32);
    mutate(&full);
    assert_int_equal(state_root(&full, &r, NULL), RIVET_OK);
    memcpy(f->post, r.b, 32);
    state_free(&full);
}

/* Runs the changes over the backend; returns the status of the root computation. */
RIVET_MUST_USE static rivet_status run_backed(fixture *f, uint8_t root[32],
                                              bool untouch_before_root, rivet_diag *d)
{
    sl_backend *be = sl_backend_new(f->pre, trie_memstore_store(f->nodes), f->codes);
    state s;
    state_init_backed(&s, sl_backend_state(be));
    mutate(&s);
    assert_int_equal(state_fault(&s, NULL), RIVET_OK);
    if (untouch_before_root) trie_memstore_untouch(f->nodes);
    rivet_status st = sl_backend_root(be, &s, root, d);
    state_free(&s);
    sl_backend_free(be);
    return st;
}

static void test_same_root(void **ts)
{
    (void)ts;
    fixture f;
    setup(&f);
    uint8_t root[32];
    assert_int_equal(run_backed(&f, root, false, NULL), RIVET_OK);
    assert_memory_equal(root, f.post, 32);
    trie_memstore_free(f.nodes);
    trie_memstore_free(f.codes);
}

typedef struct touched {
    uint8_t (*h)[32];
    size_t n, cap;
} touched;

RIVET_MUST_USE static rivet_status keep(void *ctx, const uint8_t hash[32], const uint8_t *node,
                                        size_t len)
{
    (void)node;
    (void)len;
    touched *t = ctx;
    if (t->n < t->cap) memcpy(t->h[t->n++], hash, 32);
    return RIVET_OK;
}

/* Nodes touched only while computing the root, each removed in turn: EMISSING naming it. */
static void test_root_needs_siblings(void **ts)
{
    (void)ts;
    fixture f;
    setup(&f);
    uint8_t root[32];
    assert_int_equal(run_backed(&f, root, true, NULL), RIVET_OK);
    touched t = {calloc(trie_memstore_count(f.nodes), 32), 0, trie_memstore_count(f.nodes)};
    assert_int_equal(trie_memstore_each(f.nodes, true, keep, &t), RIVET_OK);
    size_t root_only = 0;
    for (size_t i = 0; i < t.n; i++) {
        /* a fresh store without node i */
        state full;
        state_init(&full);
        fill(&full);
        fixture g = {trie_memstore_new(), trie_memstore_new(), {0}, {0}};
        assert_int_equal(wgen_export_state(&full, g.nodes, g.codes, g.pre, NULL), RIVET_OK);
        state_free(&full);
        memcpy(g.post, f.post, 32);
        assert_true(trie_memstore_remove(g.nodes, t.h[i]));
        sl_backend *be = sl_backend_new(g.pre, trie_memstore_store(g.nodes), g.codes);
        state s;
        state_init_backed(&s, sl_backend_state(be));
        mutate(&s);
        if (state_fault(&s, NULL) == RIVET_OK) {
            /* execution did not need it, so the root did */
            rivet_diag d;
            rivet_diag_clear(&d);
            assert_int_equal(sl_backend_root(be, &s, root, &d), RIVET_EMISSING);
            char hx[65];
            hex_encode(hx, t.h[i], 32);
            assert_non_null(strstr(d.msg, hx));
            root_only++;
        }
        state_free(&s);
        sl_backend_free(be);
        trie_memstore_free(g.nodes);
        trie_memstore_free(g.codes);
    }
    assert_true(root_only > 0); /* the collapse of account 7's storage needs slot 2's leaf */
    free(t.h);
    trie_memstore_free(f.nodes);
    trie_memstore_free(f.codes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_root),
        cmocka_unit_test(test_root_needs_siblings),
    };
    return test_main(tests);
}
