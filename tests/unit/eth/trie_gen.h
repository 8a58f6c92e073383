/* Seeded random key/value sets for the trie tests. */
#ifndef RIVET_TEST_TRIE_GEN_H
#define RIVET_TEST_TRIE_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- random data (seeded; the seed is printed, TRIE_SEED overrides it) ---------------- */

static uint64_t rng_state;

static inline void rng_seed(const char *who)
{
    const char *env = getenv("TRIE_SEED");
    uint64_t seed = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
    printf("%s: seed %llu (set TRIE_SEED to repeat)\n", who, (unsigned long long)seed);
    rng_state = seed * 0x9e3779b97f4a7c15ull | 1;
}

static inline uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

typedef struct kv {
    uint8_t k[40], v[80];
    size_t kl, vl;
} kv;

static inline int kv_cmp(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    size_t m = x->kl < y->kl ? x->kl : y->kl;
    int c = memcmp(x->k, y->k, m);
    return c ? c : (x->kl > y->kl) - (x->kl < y->kl);
}

/* n distinct keys, sorted. Short keys over a tiny alphabet give many shared prefixes and keys
   that are prefixes of others (branch values); values of 1..80 bytes give both inlined and
   hashed nodes. */
static inline kv *gen_pairs(size_t n, int short_keys)
{
    static const uint8_t alpha[] = {0x00, 0x01, 0x10, 0x11, 0xff};
    kv *p = calloc(n, sizeof *p);
    size_t have = 0;
    while (have < n) {
        kv *e = &p[have];
        e->kl = short_keys ? rng() % 7 : 1 + rng() % 40;
        for (size_t i = 0; i < e->kl; i++)
            e->k[i] = short_keys ? alpha[rng() % sizeof alpha] : (uint8_t)rng();
        e->vl = 1 + rng() % 80;
        for (size_t i = 0; i < e->vl; i++)
            e->v[i] = (uint8_t)rng();
        int dup = 0;
        for (size_t j = 0; j < have && !dup; j++)
            dup = kv_cmp(&p[j], e) == 0;
        have += !dup;
    }
    qsort(p, n, sizeof *p, kv_cmp);
    return p;
}

static inline void shuffle(size_t *idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = rng() % i, t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

#endif
