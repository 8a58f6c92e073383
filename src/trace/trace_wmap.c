/* The word map of the replayer's memory checks: open addressing, linear probing. */
#include <stdlib.h>

#include "trace/trace_internal.h"

#define EMPTY UINT64_MAX

bool trace_wmap_init(trace_wmap *m, size_t cap)
{
    size_t c = 16;
    while (c < cap)
        c *= 2;
    m->e = malloc(c * sizeof *m->e);
    m->used = malloc(c * sizeof *m->used);
    if (!m->e || !m->used) {
        free(m->e);
        free(m->used);
        return false;
    }
    m->cap = c;
    m->n = 0;
    for (size_t i = 0; i < c; i++)
        m->e[i].addr = EMPTY;
    return true;
}

void trace_wmap_free(trace_wmap *m)
{
    free(m->e);
    free(m->used);
    m->e = NULL;
    m->used = NULL;
    m->cap = m->n = 0;
}

void trace_wmap_clear(trace_wmap *m)
{
    for (size_t i = 0; i < m->n; i++)
        m->e[m->used[i]].addr = EMPTY;
    m->n = 0;
}

static size_t slot(const trace_wmap *m, uint64_t addr)
{
    return (size_t)((addr >> 3) * 0x9e3779b97f4a7c15ull >> 20) & (m->cap - 1);
}

static bool grow(trace_wmap *m)
{
    trace_wmap g;
    if (!trace_wmap_init(&g, m->cap * 2)) return false;
    for (size_t i = 0; i < m->n; i++) {
        const trace_went *e = &m->e[m->used[i]];
        size_t j = slot(&g, e->addr);
        while (g.e[j].addr != EMPTY)
            j = (j + 1) & (g.cap - 1);
        g.e[j] = *e;
        g.used[g.n++] = j;
    }
    trace_wmap_free(m);
    *m = g;
    return true;
}

trace_went *trace_wmap_get(trace_wmap *m, uint64_t addr)
{
    if ((m->n + 1) * 4 > m->cap * 3 && !grow(m)) return NULL;
    size_t j = slot(m, addr);
    while (m->e[j].addr != addr) {
        if (m->e[j].addr == EMPTY) {
            m->e[j] = (trace_went){.addr = addr};
            m->used[m->n++] = j;
            break;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return &m->e[j];
}
