/* The trace layer's one sparse page map: 4 KiB pages keyed by page number, created zero on
   first use, in an open-addressing table (linear probing, Fibonacci hashing). The Linux
   replay's whole-process memory (trace_linux_gmem.c) and SP1's previous-access clock table
   (trace_extra.c) are both made of it. */
#include <stdlib.h>

#include "trace/trace_internal.h"

#define EMPTY UINT64_MAX

static size_t pages_slot(uint64_t pn, size_t cap)
{
    return (size_t)(pn * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1);
}

static bool pages_grow(trace_pages *m)
{
    size_t cap = m->cap ? 2 * m->cap : 256;
    uint64_t *key = malloc(cap * sizeof *key);
    void **page = malloc(cap * sizeof *page);
    if (!key || !page) {
        free(key);
        free(page);
        return false;
    }
    for (size_t i = 0; i < cap; i++)
        key[i] = EMPTY;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->key[i] == EMPTY) continue;
        size_t j = pages_slot(m->key[i], cap);
        while (key[j] != EMPTY)
            j = (j + 1) & (cap - 1);
        key[j] = m->key[i];
        page[j] = m->page[i];
    }
    free(m->key);
    free(m->page);
    m->key = key;
    m->page = page;
    m->cap = cap;
    return true;
}

/* The slot of pn: its own, or the empty one where it would go. */
static size_t pages_find(const trace_pages *m, uint64_t pn)
{
    size_t j = pages_slot(pn, m->cap);
    while (m->key[j] != EMPTY && m->key[j] != pn)
        j = (j + 1) & (m->cap - 1);
    return j;
}

void *trace_pages_get(trace_pages *m, uint64_t pn, bool create)
{
    if (m->cap) {
        size_t j = pages_find(m, pn);
        if (m->key[j] == pn) return m->page[j];
    }
    if (!create) return NULL;
    if (2 * (m->n + 1) > m->cap && !pages_grow(m)) return NULL;
    void *pg = calloc(1, TRACE_PAGE);
    if (!pg) return NULL;
    size_t j = pages_find(m, pn);
    m->key[j] = pn;
    m->page[j] = pg;
    m->n++;
    return pg;
}

void trace_pages_free(trace_pages *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->key[i] != EMPTY) free(m->page[i]);
    free(m->key);
    free(m->page);
    memset(m, 0, sizeof *m);
}
