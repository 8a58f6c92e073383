/* The Linux replay's view of the whole process memory for the cross-chunk check: 4 KiB pages
   created zero on first use (every byte of a Linux process is known: the program image, the
   logged initial stack, zero for new mappings, then the chunks' and the kernel's writes), in
   an open-addressing table keyed by page number. */
#include <stdlib.h>

#include "trace/trace_internal.h"

#define EMPTY UINT64_MAX
enum { PAGE = 4096 };

static bool grow(trace_gmem *g)
{
    size_t cap = g->cap ? 2 * g->cap : 1024;
    uint64_t *key = malloc(cap * sizeof *key);
    uint8_t **page = malloc(cap * sizeof *page);
    if (!key || !page) {
        free(key);
        free(page);
        return false;
    }
    for (size_t i = 0; i < cap; i++)
        key[i] = EMPTY;
    for (size_t i = 0; i < g->cap; i++) {
        if (g->key[i] == EMPTY) continue;
        size_t j = (size_t)(g->key[i] * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1);
        while (key[j] != EMPTY)
            j = (j + 1) & (cap - 1);
        key[j] = g->key[i];
        page[j] = g->page[i];
    }
    free(g->key);
    free(g->page);
    g->key = key;
    g->page = page;
    g->cap = cap;
    return true;
}

void trace_gmem_free(trace_gmem *g)
{
    for (size_t i = 0; i < g->cap; i++)
        if (g->key[i] != EMPTY) free(g->page[i]);
    free(g->key);
    free(g->page);
    memset(g, 0, sizeof *g);
}

static uint8_t **slot(const trace_gmem *g, uint64_t pn, bool *found)
{
    size_t j = (size_t)(pn * 0x9e3779b97f4a7c15ull >> 20) & (g->cap - 1);
    while (g->key[j] != EMPTY && g->key[j] != pn)
        j = (j + 1) & (g->cap - 1);
    *found = g->key[j] == pn;
    return &g->page[j];
}

uint8_t *trace_gmem_page(trace_gmem *g, uint64_t addr)
{
    uint64_t pn = addr / PAGE;
    bool found = false;
    if (g->cap) {
        uint8_t **p = slot(g, pn, &found);
        if (found) return *p;
    }
    if (2 * (g->n + 1) > g->cap && !grow(g)) return NULL;
    uint8_t **p = slot(g, pn, &found), *pg = calloc(1, PAGE);
    if (!pg) return NULL;
    g->key[p - g->page] = pn;
    g->n++;
    return *p = pg;
}

/* Zeroes [a, a+n) where pages exist (absent pages are zero already): page by page for short
   ranges, by a walk of the table for ranges larger than it (a reservation of gigabytes). */
void trace_gmem_zero(trace_gmem *g, uint64_t a, uint64_t n)
{
    if (!g->cap || !n) return;
    uint64_t first = a / PAGE, last = (a + n - 1) / PAGE;
    bool found;
    if (last - first < g->cap) {
        for (uint64_t pn = first; pn <= last; pn++) {
            uint8_t **p = slot(g, pn, &found);
            if (!found) continue;
            uint64_t lo = pn == first ? a % PAGE : 0,
                     hi = pn == last ? (a + n - 1) % PAGE + 1 : PAGE;
            memset(*p + lo, 0, hi - lo);
        }
        return;
    }
    for (size_t i = 0; i < g->cap; i++) {
        uint64_t pn = g->key[i];
        if (pn == EMPTY || pn < first || pn > last) continue;
        uint64_t lo = pn == first ? a % PAGE : 0, hi = pn == last ? (a + n - 1) % PAGE + 1 : PAGE;
        memset(g->page[i] + lo, 0, hi - lo);
    }
}
