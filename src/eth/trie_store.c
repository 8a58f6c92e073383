/* The in-memory node store: node bytes in an arena (they never move), an open-addressing table
   keyed by the node hash (keccak output is uniform: its first bytes are the bucket), and a
   per-node "touched" mark set by lookups. */
#include <stdlib.h>
#include <string.h>

#include "rivet/arena.h"
#include "rivet/crypto.h"
#include "rivet/trie.h"

#define MS_CHUNK (64 * 1024)
#define MS_EMPTY 0u
#define MS_TOMB  UINT32_MAX

typedef struct ms_entry {
    uint8_t hash[32];
    const uint8_t *node;
    size_t len;
    bool touched, dead;
} ms_entry;

struct trie_memstore {
    trie_store base;
    ms_entry *e;
    size_t n, cap, live;
    uint32_t *tab; /* entry index + 1, MS_EMPTY or MS_TOMB */
    size_t tabcap, tabused;
    arena bytes; /* node encodings; they never move */
};

static uint8_t *ms_copy(trie_memstore *m, const uint8_t *p, size_t len)
{
    uint8_t *dst = arena_alloc(&m->bytes, len, 1);
    if (dst && len) memcpy(dst, p, len);
    return dst;
}

static size_t ms_bucket(const uint8_t hash[32], size_t mask)
{
    uint64_t h;
    memcpy(&h, hash, 8);
    return (size_t)h & mask;
}

/* Index in tab of hash's slot, or of the empty slot ending its probe sequence. */
static size_t ms_find(const trie_memstore *m, const uint8_t hash[32])
{
    size_t mask = m->tabcap - 1;
    for (size_t i = ms_bucket(hash, mask);; i = (i + 1) & mask) {
        uint32_t v = m->tab[i];
        if (v == MS_EMPTY) return i;
        if (v != MS_TOMB && memcmp(m->e[v - 1].hash, hash, 32) == 0) return i;
    }
}

RIVET_MUST_USE static rivet_status ms_rehash(trie_memstore *m, size_t cap)
{
    uint32_t *tab = calloc(cap, sizeof *tab);
    if (!tab) return RIVET_ENOMEM;
    free(m->tab);
    m->tab = tab;
    m->tabcap = cap;
    m->tabused = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (m->e[i].dead) continue;
        size_t j = ms_bucket(m->e[i].hash, cap - 1);
        while (tab[j] != MS_EMPTY)
            j = (j + 1) & (cap - 1);
        tab[j] = (uint32_t)(i + 1);
        m->tabused++;
    }
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status ms_get(trie_store *s, const uint8_t hash[32],
                                          const uint8_t **node, size_t *len)
{
    trie_memstore *m = (trie_memstore *)s;
    uint32_t v = m->tab[ms_find(m, hash)];
    if (v == MS_EMPTY) return RIVET_EMISSING;
    ms_entry *e = &m->e[v - 1];
    e->touched = true;
    *node = e->node;
    *len = e->len;
    return RIVET_OK;
}

trie_memstore *trie_memstore_new(void)
{
    trie_memstore *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->base.get = ms_get;
    m->base.verified = true;
    arena_init(&m->bytes, MS_CHUNK);
    if (ms_rehash(m, 64) != RIVET_OK) {
        free(m);
        return NULL;
    }
    return m;
}

void trie_memstore_free(trie_memstore *m)
{
    if (!m) return;
    arena_free(&m->bytes);
    free(m->e);
    free(m->tab);
    free(m);
}

trie_store *trie_memstore_store(trie_memstore *m)
{
    return &m->base;
}

rivet_status trie_memstore_put(trie_memstore *m, const uint8_t *node, size_t len)
{
    uint8_t hash[32];
    crypto_keccak256(hash, node, len);
    size_t i = ms_find(m, hash);
    if (m->tab[i] != MS_EMPTY) return RIVET_OK;
    if (m->n >= UINT32_MAX - 1) return RIVET_ENOMEM;
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        ms_entry *e = realloc(m->e, cap * sizeof *e);
        if (!e) return RIVET_ENOMEM;
        m->e = e;
        m->cap = cap;
    }
    const uint8_t *copy = ms_copy(m, node, len);
    if (!copy) return RIVET_ENOMEM;
    ms_entry *e = &m->e[m->n];
    memcpy(e->hash, hash, 32);
    e->node = copy;
    e->len = len;
    e->touched = e->dead = false;
    m->tab[i] = (uint32_t)++m->n;
    m->live++;
    if (++m->tabused * 4 > m->tabcap * 3)
        return ms_rehash(m, m->live * 4 > m->tabcap ? 2 * m->tabcap : m->tabcap);
    return RIVET_OK;
}

bool trie_memstore_remove(trie_memstore *m, const uint8_t hash[32])
{
    size_t i = ms_find(m, hash);
    if (m->tab[i] == MS_EMPTY) return false;
    m->e[m->tab[i] - 1].dead = true;
    m->tab[i] = MS_TOMB;
    m->live--;
    return true;
}

size_t trie_memstore_count(const trie_memstore *m)
{
    return m->live;
}

rivet_status trie_memstore_each(trie_memstore *m, bool touched_only, trie_node_fn fn, void *ctx)
{
    for (size_t i = 0; i < m->n; i++) {
        ms_entry *e = &m->e[i];
        if (e->dead || (touched_only && !e->touched)) continue;
        rivet_status s = fn(ctx, e->hash, e->node, e->len);
        if (s != RIVET_OK) return s;
    }
    return RIVET_OK;
}

void trie_memstore_untouch(trie_memstore *m)
{
    for (size_t i = 0; i < m->n; i++)
        m->e[i].touched = false;
}
