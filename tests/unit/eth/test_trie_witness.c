/* Proofs, partially known tries over a node store, missing nodes, witness collection. */
#include "test.h"

#include "rivet/crypto.h"
#include "rivet/trie.h"
#include "trie_gen.h"

static trie *build(const kv *p, size_t n, unsigned flags)
{
    trie *t = trie_new(flags);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(trie_put(t, p[i].k, p[i].kl, p[i].v, p[i].vl, NULL), RIVET_OK);
    return t;
}

static void proofs_verify_and_tampering_fails(void **state)
{
    size_t n = 500;
    kv *p = gen_pairs(n, 0);
    trie *t = build(p, n, TRIE_SECURE);
    uint8_t root[32];
    assert_int_equal(trie_root(t, root, NULL), RIVET_OK);
    for (size_t i = 0; i < n; i += 5) {
        trie_nodes pr = {0};
        rivet_buf v = {0};
        assert_int_equal(trie_prove(t, p[i].k, p[i].kl, &pr, NULL), RIVET_OK);
        assert_true(pr.n >= 1);
        const uint8_t *node;
        size_t len;
        uint8_t h[32];
        trie_nodes_get(&pr, 0, &node, &len);
        crypto_keccak256(h, node, len);
        assert_memory_equal(h, root, 32);
        assert_int_equal(trie_verify_proof(root, p[i].k, p[i].kl, TRIE_SECURE, &pr, &v, NULL),
                         RIVET_OK);
        assert_int_equal(v.n, p[i].vl);
        assert_memory_equal(v.p, p[i].v, v.n);
        /* a wrong root, a flipped byte anywhere, a dropped node: all rejected */
        v.n = 0;
        uint8_t bad_root[32];
        memcpy(bad_root, root, 32);
        bad_root[rng() % 32] ^= 1;
        assert_int_not_equal(
            trie_verify_proof(bad_root, p[i].k, p[i].kl, TRIE_SECURE, &pr, &v, NULL), RIVET_OK);
        size_t at = rng() % pr.data.n;
        pr.data.p[at] ^= (uint8_t)(1 + rng() % 255);
        rivet_diag d;
        rivet_diag_clear(&d);
        assert_int_not_equal(trie_verify_proof(root, p[i].k, p[i].kl, TRIE_SECURE, &pr, &v, &d),
                             RIVET_OK);
        assert_true(d.msg[0] != 0);
        assert_int_equal(v.n, 0);
        trie_nodes_free(&pr);
        assert_int_equal(trie_prove(t, p[i].k, p[i].kl, &pr, NULL), RIVET_OK);
        trie_nodes cut = {0};
        size_t drop = rng() % pr.n;
        for (size_t j = 0; j < pr.n; j++) {
            trie_nodes_get(&pr, j, &node, &len);
            if (j != drop) assert_int_equal(trie_nodes_add(&cut, node, len), RIVET_OK);
        }
        assert_int_equal(trie_verify_proof(root, p[i].k, p[i].kl, TRIE_SECURE, &cut, &v, NULL),
                         RIVET_EMISSING);
        trie_nodes_free(&cut);
        trie_nodes_free(&pr);
        buf_free(&v);
    }
    /* absence proofs */
    for (int i = 0; i < 50; i++) {
        uint8_t k[8];
        for (int j = 0; j < 8; j++)
            k[j] = (uint8_t)rng();
        trie_nodes pr = {0};
        rivet_buf v = {0};
        assert_int_equal(trie_prove(t, k, 8, &pr, NULL), RIVET_OK);
        assert_int_equal(trie_verify_proof(root, k, 8, TRIE_SECURE, &pr, &v, NULL), RIVET_OK);
        assert_int_equal(v.n, 0);
        trie_nodes_free(&pr);
        buf_free(&v);
    }
    /* the empty trie proves every absence with no nodes */
    trie_nodes none = {0};
    rivet_buf v = {0};
    assert_int_equal(
        trie_verify_proof(trie_empty_root, (const uint8_t *)"x", 1, 0, &none, &v, NULL), RIVET_OK);
    assert_int_equal(v.n, 0);
    trie_free(t);
    free(p);
}

/* Proofs made of hostile nodes: rejected with a status, never a crash. */
static void malformed_nodes_rejected(void **state)
{
    static const char *const nodes[] = {
        "c3010203",               /* list of 3 */
        "c483206162",             /* list of 1 */
        "c6844162636480",         /* hex-prefix flag 4 */
        "c782252a83616263",       /* even path with a nonzero pad nibble */
        "c5822021c0",             /* leaf whose value is a list */
        "c482202180",             /* leaf with an empty value */
        "c4820021c0",             /* extension to an empty list */
        "c3800180",               /* 3 items */
        "c2800a",                 /* empty path */
        "ca820021c6822021826869", /* extension whose inline child is a leaf */
        "c6820021820102",         /* extension child of 2 bytes */
        "c6820021c28080",         /* extension to a list of 2 empties */
        "f1a0000000000000000000000000000000000000000000000000000000000000000080808080808080"
        "808080808080808080", /* branch with one entry */
        "f0a0000000000000000000000000000000000000000000000000000000000000000080808080808080"
        "8080808080808080", /* 16 items */
        "ff", /* keccak("\x80") is the empty root: "80" alone is a valid, empty trie */
        "",
        "c0",
        "820000",
    };
    for (size_t i = 0; i < sizeof nodes / sizeof *nodes; i++) {
        uint8_t buf[200], root[32];
        size_t len = test_hex(buf, sizeof buf, nodes[i]);
        crypto_keccak256(root, buf, len);
        trie_nodes pr = {0};
        rivet_buf v = {0};
        rivet_diag d;
        rivet_diag_clear(&d);
        assert_int_equal(trie_nodes_add(&pr, buf, len), RIVET_OK);
        rivet_status s = trie_verify_proof(root, (const uint8_t *)"ab", 2, 0, &pr, &v, &d);
        if (s == RIVET_OK) fail_msg("node %zu (%s) accepted", i, nodes[i]);
        assert_true(s == RIVET_EINPUT || s == RIVET_EINVALID);
        assert_true(strstr(d.msg, "trie: node 0x") == d.msg);
        trie_nodes_free(&pr);
        buf_free(&v);
    }
}

/* A store that answers with whatever bytes it holds, unchecked: the trie must notice. */
typedef struct liar_store {
    trie_store base;
    const uint8_t *node;
    size_t len;
} liar_store;

RIVET_MUST_USE static rivet_status liar_get(trie_store *s, const uint8_t hash[32],
                                            const uint8_t **node, size_t *len)
{
    liar_store *l = (liar_store *)s;
    *node = l->node;
    *len = l->len;
    return RIVET_OK;
}

static void unverified_store_is_checked(void **state)
{
    static const uint8_t leaf[] = {0xc5, 0x82, 0x20, 0x61, 0x81, 0x80}; /* "a" -> 0x80 */
    liar_store l = {{liar_get, false}, leaf, sizeof leaf};
    uint8_t root[32];
    const uint8_t *v;
    size_t vl;
    crypto_keccak256(root, leaf, sizeof leaf);
    trie *t = trie_open(root, &l.base, 0);
    assert_int_equal(trie_get(t, (const uint8_t *)"a", 1, &v, &vl, NULL), RIVET_OK);
    assert_int_equal(vl, 1);
    assert_int_equal(v[0], 0x80);
    trie_free(t);
    root[0] ^= 1;
    rivet_diag d;
    rivet_diag_clear(&d);
    t = trie_open(root, &l.base, 0);
    assert_int_equal(trie_get(t, (const uint8_t *)"a", 1, &v, &vl, &d), RIVET_EINVALID);
    assert_non_null(strstr(d.msg, "another hash"));
    trie_free(t);
}

typedef struct node_list {
    uint8_t (*h)[32];
    size_t n;
} node_list;

RIVET_MUST_USE static rivet_status list_hash(void *ctx, const uint8_t hash[32], const uint8_t *node,
                                             size_t len)
{
    node_list *l = ctx;
    uint8_t h[32];
    crypto_keccak256(h, node, len);
    assert_memory_equal(h, hash, 32);
    l->h = realloc(l->h, (l->n + 1) * sizeof *l->h);
    memcpy(l->h[l->n++], hash, 32);
    return RIVET_OK;
}

static trie_memstore *export(trie *t)
{
    trie_memstore *m = trie_memstore_new();
    assert_int_equal(trie_export(t, m, NULL), RIVET_OK);
    return m;
}

static void assert_same_root(trie *a, trie *b)
{
    uint8_t ra[32], rb[32];
    assert_int_equal(trie_root(a, ra, NULL), RIVET_OK);
    assert_int_equal(trie_root(b, rb, NULL), RIVET_OK);
    assert_memory_equal(ra, rb, 32);
}

/* One random operation on both tries: update, insert or delete (keys from p). */
static void random_op(trie *full, trie *part, kv *p, size_t n, size_t *live)
{
    size_t i = rng() % (*live + 10 < n ? *live + 10 : n);
    int op = (int)(rng() % 3);
    const uint8_t *v = NULL;
    size_t vl = 0;
    uint8_t nv[80];
    if (op != 2 || i >= *live) {
        vl = 1 + rng() % 80;
        for (size_t j = 0; j < vl; j++)
            nv[j] = (uint8_t)rng();
        v = nv;
    }
    assert_int_equal(trie_put(full, p[i].k, p[i].kl, v, vl, NULL), RIVET_OK);
    assert_int_equal(trie_put(part, p[i].k, p[i].kl, v, vl, NULL), RIVET_OK);
    if (i >= *live && *live < n) { /* keep [0, live) the keys that were inserted once */
        kv t = p[*live];
        p[*live] = p[i];
        p[i] = t;
        ++*live;
    }
}

/* Reopened from its exported nodes, a trie behaves exactly like the in-memory one. */
static void partial_trie_matches_full(void **state)
{
    for (unsigned flags = 0; flags <= TRIE_SECURE; flags++) {
        size_t n = 3000, live = 1500;
        kv *p = gen_pairs(n, 0);
        trie *full = build(p, live, flags);
        trie_memstore *m = export(full);
        uint8_t root[32];
        assert_int_equal(trie_root(full, root, NULL), RIVET_OK);
        trie *part = trie_open(root, trie_memstore_store(m), flags);
        assert_same_root(full, part);
        node_list read = {0};
        assert_int_equal(trie_memstore_each(m, true, list_hash, &read), RIVET_OK);
        assert_int_equal(read.n, 0); /* opening and hashing read nothing */
        for (int round = 0; round < 40; round++) {
            for (int k = 0; k < 50; k++)
                random_op(full, part, p, n, &live);
            assert_same_root(full, part);
        }
        for (size_t i = 0; i < n; i++) {
            const uint8_t *a, *b;
            size_t al, bl;
            assert_int_equal(trie_get(full, p[i].k, p[i].kl, &a, &al, NULL), RIVET_OK);
            assert_int_equal(trie_get(part, p[i].k, p[i].kl, &b, &bl, NULL), RIVET_OK);
            assert_int_equal(al, bl);
            assert_memory_equal(a, b, al);
        }
        /* delete everything through the partial trie */
        for (size_t i = 0; i < n; i++)
            assert_int_equal(trie_delete(part, p[i].k, p[i].kl, NULL), RIVET_OK);
        assert_int_equal(trie_root(part, root, NULL), RIVET_OK);
        assert_memory_equal(root, trie_empty_root, 32);
        trie_free(part);
        trie_free(full);
        trie_memstore_free(m);
        free(p);
    }
}

static const uint8_t k1[] = {0x10}, k2[] = {0x20};
static uint8_t long_val[40] = {1, 2, 3}, long_val2[40] = {4, 5, 6};

/* Deleting k1 from a branch of {k1, k2} pulls k2's leaf up: it must be loaded first. */
static void missing_sibling_fails_cleanly(void **state)
{
    trie *full = trie_new(0);
    assert_int_equal(trie_put(full, k1, 1, long_val, sizeof long_val, NULL), RIVET_OK);
    assert_int_equal(trie_put(full, k2, 1, long_val2, sizeof long_val2, NULL), RIVET_OK);
    trie_memstore *m = export(full);
    assert_int_equal(trie_memstore_count(m), 3); /* the root branch and two hashed leaves */
    trie_nodes pr = {0};
    assert_int_equal(trie_prove(full, k2, 1, &pr, NULL), RIVET_OK);
    assert_int_equal(pr.n, 2);
    const uint8_t *leaf2;
    size_t len2;
    uint8_t h2[32], root[32], after[32];
    char hex[65];
    trie_nodes_get(&pr, 1, &leaf2, &len2);
    crypto_keccak256(h2, leaf2, len2);
    hex_encode(hex, h2, 32);
    assert_true(trie_memstore_remove(m, h2));

    assert_int_equal(trie_root(full, root, NULL), RIVET_OK);
    trie *part = trie_open(root, trie_memstore_store(m), 0);
    const uint8_t *v;
    size_t vl;
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(trie_get(part, k1, 1, &v, &vl, NULL), RIVET_OK);
    assert_int_equal(vl, sizeof long_val);
    assert_int_equal(trie_delete(part, k1, 1, &d), RIVET_EMISSING);
    assert_non_null(strstr(d.msg, hex));
    assert_int_equal(trie_root(part, after, NULL), RIVET_OK);
    assert_memory_equal(after, root, 32); /* unchanged */
    rivet_diag_clear(&d);
    assert_int_equal(trie_get(part, k2, 1, &v, &vl, &d), RIVET_EMISSING);
    assert_non_null(strstr(d.msg, hex));
    /* the node arrives: the same deletion now works */
    assert_int_equal(trie_memstore_put(m, leaf2, len2), RIVET_OK);
    assert_int_equal(trie_delete(part, k1, 1, NULL), RIVET_OK);
    assert_int_equal(trie_delete(full, k1, 1, NULL), RIVET_OK);
    assert_same_root(full, part);
    trie_free(part);
    trie_nodes_free(&pr);

    /* without the root node nothing works, and nothing changes */
    assert_int_equal(trie_root(full, root, NULL), RIVET_OK);
    trie_memstore_free(m);
    m = trie_memstore_new();
    part = trie_open(root, trie_memstore_store(m), 0);
    hex_encode(hex, root, 32);
    rivet_diag_clear(&d);
    assert_int_equal(trie_put(part, k1, 1, long_val, 1, &d), RIVET_EMISSING);
    assert_non_null(strstr(d.msg, hex));
    assert_int_equal(trie_root(part, after, NULL), RIVET_OK);
    assert_memory_equal(after, root, 32);
    trie_free(part);
    trie_free(full);
    trie_memstore_free(m);
}

/* Any one node gone from a big store: operations fail with EMISSING naming it, and the failed
   operation leaves the root as it was. */
static void random_missing_node(void **state)
{
    size_t n = 2000, live = 1000;
    kv *p = gen_pairs(n, 0);
    trie *full = build(p, live, TRIE_SECURE);
    trie_memstore *m = export(full);
    node_list all = {0};
    assert_int_equal(trie_memstore_each(m, false, list_hash, &all), RIVET_OK);
    size_t gone = rng() % all.n;
    char hex[65];
    hex_encode(hex, all.h[gone], 32);
    trie_memstore_remove(m, all.h[gone]);
    uint8_t root[32], before[32], after[32];
    assert_int_equal(trie_root(full, root, NULL), RIVET_OK);
    trie *part = trie_open(root, trie_memstore_store(m), TRIE_SECURE);
    trie *twin = build(p, live, TRIE_SECURE);
    int failures = 0;
    for (int k = 0; k < 2000; k++) {
        size_t i = rng() % n;
        const uint8_t *v = (rng() & 1) ? p[i].v : NULL;
        size_t vl = v ? p[i].vl : 0;
        rivet_diag d;
        rivet_diag_clear(&d);
        assert_int_equal(trie_root(part, before, NULL), RIVET_OK);
        rivet_status s = trie_put(part, p[i].k, p[i].kl, v, vl, &d);
        if (s == RIVET_OK) {
            assert_int_equal(trie_put(twin, p[i].k, p[i].kl, v, vl, NULL), RIVET_OK);
            continue;
        }
        assert_int_equal(s, RIVET_EMISSING);
        assert_non_null(strstr(d.msg, hex));
        assert_int_equal(trie_root(part, after, NULL), RIVET_OK);
        assert_memory_equal(before, after, 32);
        failures++;
    }
    /* the missing node is on the path of some original key, which no operation could remove */
    for (size_t i = 0; i < live; i++) {
        const uint8_t *v;
        size_t vl;
        rivet_diag d;
        rivet_diag_clear(&d);
        if (trie_get(part, p[i].k, p[i].kl, &v, &vl, &d) != RIVET_OK) {
            assert_int_equal(d.code, RIVET_EMISSING);
            assert_non_null(strstr(d.msg, hex));
            failures++;
        }
    }
    assert_true(failures > 0);
    assert_same_root(part, twin);
    free(all.h);
    trie_free(part);
    trie_free(twin);
    trie_free(full);
    trie_memstore_free(m);
    free(p);
}

/* The nodes a lookup reads from the store are exactly that key's proof. */
static void touched_nodes_are_the_proof(void **state)
{
    size_t n = 1000;
    kv *p = gen_pairs(n, 0);
    trie *full = build(p, n, TRIE_SECURE);
    trie_memstore *m = export(full);
    node_list walked = {0};
    assert_int_equal(trie_each_node(full, list_hash, &walked, NULL), RIVET_OK);
    assert_int_equal(walked.n, trie_memstore_count(m)); /* random values: no duplicate nodes */
    uint8_t root[32];
    assert_int_equal(trie_root(full, root, NULL), RIVET_OK);
    for (size_t i = 0; i < n; i += 97) {
        trie *part = trie_open(root, trie_memstore_store(m), TRIE_SECURE);
        trie_memstore_untouch(m);
        const uint8_t *v;
        size_t vl;
        assert_int_equal(trie_get(part, p[i].k, p[i].kl, &v, &vl, NULL), RIVET_OK);
        node_list touched = {0};
        assert_int_equal(trie_memstore_each(m, true, list_hash, &touched), RIVET_OK);
        trie_nodes pr = {0};
        assert_int_equal(trie_prove(full, p[i].k, p[i].kl, &pr, NULL), RIVET_OK);
        assert_int_equal(touched.n, pr.n);
        for (size_t j = 0; j < pr.n; j++) {
            const uint8_t *node;
            size_t len;
            uint8_t h[32];
            trie_nodes_get(&pr, j, &node, &len);
            crypto_keccak256(h, node, len);
            int seen = 0;
            for (size_t q = 0; q < touched.n; q++)
                seen |= memcmp(touched.h[q], h, 32) == 0;
            assert_true(seen);
        }
        free(touched.h);
        trie_nodes_free(&pr);
        trie_free(part);
    }
    free(walked.h);
    trie_free(full);
    trie_memstore_free(m);
    free(p);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Timing report (not asserted): 100k random 32-byte keys with account-sized values. */
static void perf_100k(void **state)
{
    size_t n = 100000;
    uint8_t(*keys)[32] = malloc(n * 32), val[70], root[32];
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 32; j++)
            keys[i][j] = (uint8_t)rng();
    for (size_t j = 0; j < sizeof val; j++)
        val[j] = (uint8_t)rng();
    trie *t = trie_new(0);
    double t0 = now_ms();
    for (size_t i = 0; i < n; i++) {
        val[0] = (uint8_t)i;
        assert_int_equal(trie_put(t, keys[i], 32, val, sizeof val, NULL), RIVET_OK);
    }
    double t1 = now_ms();
    assert_int_equal(trie_root(t, root, NULL), RIVET_OK);
    double t2 = now_ms();
    for (size_t i = 0; i < 100; i++) {
        val[1] = (uint8_t)(i + 1);
        assert_int_equal(trie_put(t, keys[rng() % n], 32, val, sizeof val, NULL), RIVET_OK);
    }
    assert_int_equal(trie_root(t, root, NULL), RIVET_OK);
    double t3 = now_ms();
    trie_memstore *m = export(t);
    double t4 = now_ms();
    trie *part = trie_open(root, trie_memstore_store(m), 0);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *v;
        size_t vl;
        assert_int_equal(trie_get(part, keys[i], 32, &v, &vl, NULL), RIVET_OK);
    }
    double t5 = now_ms();
    printf("perf: 100k inserts %.1f ms, root %.1f ms, 100 updates + root %.2f ms, export %.1f "
           "ms (%zu nodes), 100k gets from the store %.1f ms\n",
           t1 - t0, t2 - t1, t3 - t2, t4 - t3, trie_memstore_count(m), t5 - t4);
    trie_free(part);
    trie_memstore_free(m);
    trie_free(t);
    free(keys);
}

int main(void)
{
    rng_seed("test_trie_witness");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(proofs_verify_and_tampering_fails),
        cmocka_unit_test(malformed_nodes_rejected),
        cmocka_unit_test(unverified_store_is_checked),
        cmocka_unit_test(partial_trie_matches_full),
        cmocka_unit_test(missing_sibling_fails_cleanly),
        cmocka_unit_test(random_missing_node),
        cmocka_unit_test(touched_nodes_are_the_proof),
        cmocka_unit_test(perf_100k),
    };
    return test_main(tests);
}
