#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/trie.h"
#include "trie_gen.h"

/* ---- an independent reference: the root built from a sorted key list ------------------ */

static size_t nib(const kv *e, size_t i)
{
    return (e->k[i / 2] >> (i % 2 ? 0 : 4)) & 15;
}

static void ref_hp(rivet_buf *b, const kv *e, size_t from, size_t to, int leaf)
{
    uint8_t hp[80] = {0};
    size_t n = to - from, pos = 2 - (n & 1);
    hp[0] = (uint8_t)(((leaf ? 2 : 0) | (n & 1)) << 4);
    for (size_t i = from; i < to; i++, pos++)
        hp[pos / 2] |= (uint8_t)(pos % 2 ? nib(e, i) : nib(e, i) << 4);
    assert_int_equal(rlp_put_bytes(b, hp, n / 2 + 1), RIVET_OK);
}

static void ref_node(rivet_buf *out, const kv *p, size_t n, size_t depth);

static void ref_child(rivet_buf *b, const kv *p, size_t n, size_t depth)
{
    rivet_buf c = {0};
    ref_node(&c, p, n, depth);
    if (c.n < 32) {
        assert_int_equal(rlp_put_raw(b, c.p, c.n), RIVET_OK);
    } else {
        uint8_t h[32];
        crypto_keccak256(h, c.p, c.n);
        assert_int_equal(rlp_put_bytes(b, h, 32), RIVET_OK);
    }
    buf_free(&c);
}

static void ref_node(rivet_buf *out, const kv *p, size_t n, size_t depth)
{
    size_t mark = rlp_list_begin(out);
    if (n == 1) {
        ref_hp(out, p, depth, 2 * p->kl, 1);
        assert_int_equal(rlp_put_bytes(out, p->v, p->vl), RIVET_OK);
    } else {
        size_t cp = depth; /* sorted: the common prefix of all is that of first and last */
        while (cp < 2 * p[0].kl && cp < 2 * p[n - 1].kl && nib(&p[0], cp) == nib(&p[n - 1], cp))
            cp++;
        if (cp > depth) {
            ref_hp(out, p, depth, cp, 0);
            ref_child(out, p, n, cp);
        } else {
            size_t i = 0;
            const kv *val = NULL;
            if (2 * p[0].kl == depth) val = &p[i++];
            for (unsigned c = 0; c < 16; c++) {
                size_t j = i;
                while (j < n && nib(&p[j], depth) == c)
                    j++;
                if (j > i)
                    ref_child(out, p + i, j - i, depth + 1);
                else
                    assert_int_equal(buf_push(out, 0x80), RIVET_OK);
                i = j;
            }
            assert_int_equal(rlp_put_bytes(out, val ? val->v : NULL, val ? val->vl : 0), RIVET_OK);
        }
    }
    assert_int_equal(rlp_list_end(out, mark), RIVET_OK);
}

/* Root of the pairs whose `live` flag is set (all when live is NULL). */
static void ref_root(uint8_t root[32], const kv *p, size_t n, const char *live)
{
    kv *q = malloc((n + 1) * sizeof *q);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!live || live[i]) q[m++] = p[i];
    if (m == 0) {
        crypto_keccak256(root, "\x80", 1);
    } else {
        rivet_buf b = {0};
        ref_node(&b, q, m, 0);
        crypto_keccak256(root, b.p, b.n);
        buf_free(&b);
    }
    free(q);
}

/* ---- tests -------------------------------------------------------------------------- */

static void empty_root(void **state)
{
    uint8_t h[32];
    crypto_keccak256(h, "\x80", 1);
    assert_memory_equal(h, trie_empty_root, 32);
    assert_hex_equal(trie_empty_root, 32,
                     "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    trie *t = trie_new(0);
    assert_int_equal(trie_root(t, h, NULL), RIVET_OK);
    assert_memory_equal(h, trie_empty_root, 32);
    trie_free(t);
}

static void put_str(trie *t, const char *k, const char *v)
{
    assert_int_equal(
        trie_put(t, (const uint8_t *)k, strlen(k), (const uint8_t *)v, strlen(v), NULL), RIVET_OK);
}

/* Roots stated by ethereum/tests TrieTests (trieanyorder.json and its secure twin). */
static void fixture_roots(void **state)
{
    uint8_t h[32];
    for (unsigned flags = 0; flags <= TRIE_SECURE; flags++) {
        trie *t = trie_new(flags);
        put_str(t, "doe", "reindeer");
        put_str(t, "dog", "puppy");
        put_str(t, "dogglesworth", "cat");
        assert_int_equal(trie_root(t, h, NULL), RIVET_OK);
        assert_hex_equal(h, 32,
                         flags
                             ? "d4cd937e4a4368d7931a9cf51686b7e10abb3dce38a39000fd7902a092b64585"
                             : "8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3");
        trie_free(t);
        t = trie_new(flags);
        put_str(t, "be", "e");
        put_str(t, "dog", "puppy");
        put_str(t, "bed", "d");
        assert_int_equal(trie_root(t, h, NULL), RIVET_OK);
        assert_hex_equal(h, 32,
                         flags
                             ? "826a4f9f9054a3e980e54b20da992c24fa20467f1ca635115ef4917be66e746f"
                             : "3f67c7a47520f79faa29255d2d3c084a7a6df0453116ed7232ff10277a8be68b");
        trie_free(t);
    }
}

static void check_gets(trie *t, const kv *p, size_t n, const char *live)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *v;
        size_t vl;
        assert_int_equal(trie_get(t, p[i].k, p[i].kl, &v, &vl, NULL), RIVET_OK);
        if (live && !live[i]) {
            assert_int_equal(vl, 0);
            assert_null(v);
        } else {
            assert_int_equal(vl, p[i].vl);
            assert_memory_equal(v, p[i].v, vl);
        }
    }
}

/* Any insertion order gives the reference root; deleting in any order too; all -> empty. */
static void order_independent(void **state)
{
    for (int shape = 0; shape < 2; shape++) {
        size_t n = shape ? 1500 : 400;
        kv *p = gen_pairs(n, !shape);
        size_t *idx = malloc(n * sizeof *idx);
        char *live = malloc(n);
        uint8_t want[32], got[32];
        ref_root(want, p, n, NULL);
        for (int round = 0; round < 4; round++) {
            trie *t = trie_new(0);
            shuffle(idx, n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(
                    trie_put(t, p[idx[i]].k, p[idx[i]].kl, p[idx[i]].v, p[idx[i]].vl, NULL),
                    RIVET_OK);
            assert_int_equal(trie_root(t, got, NULL), RIVET_OK);
            assert_memory_equal(got, want, 32);
            check_gets(t, p, n, NULL);
            /* delete in another order, checking the root now and then */
            memset(live, 1, n);
            shuffle(idx, n);
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(trie_delete(t, p[idx[i]].k, p[idx[i]].kl, NULL), RIVET_OK);
                live[idx[i]] = 0;
                if (i % 97 == 0 || i + 1 == n) {
                    uint8_t w[32];
                    ref_root(w, p, n, live);
                    assert_int_equal(trie_root(t, got, NULL), RIVET_OK);
                    assert_memory_equal(got, w, 32);
                }
            }
            check_gets(t, p, n, live);
            assert_memory_equal(got, trie_empty_root, 32);
            trie_free(t);
        }
        free(live);
        free(idx);
        free(p);
    }
}

/* Values grow past their block (reallocation) and past the pool (malloc'd nodes); long keys
   take the heap path for nibbles; deleting a missing key changes nothing. */
static void updates_and_sizes(void **state)
{
    static uint8_t big[3000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 31);
    uint8_t key[200] = {0}, h1[32], h2[32];
    trie *t = trie_new(0), *u = trie_new(0);
    for (size_t len = 1; len <= sizeof big; len = len * 3 + 1) {
        for (int k = 0; k < 4; k++) {
            key[199] = (uint8_t)k;
            assert_int_equal(trie_put(t, key, 200 - k, big, len, NULL), RIVET_OK);
        }
    }
    for (int k = 0; k < 4; k++) {
        key[199] = (uint8_t)k;
        assert_int_equal(trie_put(u, key, 200 - k, big, 1093, NULL), RIVET_OK);
    }
    assert_int_equal(trie_root(t, h1, NULL), RIVET_OK);
    assert_int_equal(trie_root(u, h2, NULL), RIVET_OK);
    assert_memory_equal(h1, h2, 32);
    assert_int_equal(trie_delete(t, (const uint8_t *)"nothere", 7, NULL), RIVET_OK);
    assert_int_equal(trie_root(t, h1, NULL), RIVET_OK);
    assert_memory_equal(h1, h2, 32);
    size_t count;
    assert_int_equal(trie_count(t, &count, NULL), RIVET_OK);
    assert_int_equal(count, 4);
    trie_free(t);
    trie_free(u);
}

RIVET_MUST_USE static rivet_status collect_kv(void *ctx, const uint8_t *key, size_t klen,
                                              const uint8_t *val, size_t vlen)
{
    kv **out = ctx;
    assert_true(klen <= sizeof(*out)->k && vlen <= sizeof(*out)->v);
    memcpy((*out)->k, key, klen);
    memcpy((*out)->v, val, vlen);
    (*out)->kl = klen;
    (*out)->vl = vlen;
    ++*out;
    return RIVET_OK;
}

static void iteration_in_key_order(void **state)
{
    size_t n = 300;
    kv *p = gen_pairs(n, 1), *got = calloc(n, sizeof *got), *w = got;
    size_t *idx = malloc(n * sizeof *idx);
    shuffle(idx, n);
    trie *t = trie_new(0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(trie_put(t, p[idx[i]].k, p[idx[i]].kl, p[idx[i]].v, p[idx[i]].vl, NULL),
                         RIVET_OK);
    assert_int_equal(trie_each(t, collect_kv, &w, NULL), RIVET_OK);
    assert_int_equal(w - got, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(kv_cmp(&got[i], &p[i]), 0);
        assert_memory_equal(got[i].v, p[i].v, p[i].vl);
    }
    trie_free(t);
    free(idx);
    free(got);
    free(p);
}

int main(void)
{
    rng_seed("test_trie");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_root),
        cmocka_unit_test(fixture_roots),
        cmocka_unit_test(order_independent),
        cmocka_unit_test(updates_and_sizes),
        cmocka_unit_test(iteration_in_key_order),
    };
    return test_main(tests);
}
