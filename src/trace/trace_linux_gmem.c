/* The Linux replay's view of the whole process memory for the cross-chunk check: 4 KiB pages
   created zero on first use (every byte of a Linux process is known: the program image, the
   logged initial stack, zero for new mappings, then the chunks' and the kernel's writes), in
   an open-addressing table keyed by page number. */
#include <stdlib.h>

#include "trace/trace_internal.h"

#define EMPTY UINT64_MAX
enum { PAGE = TRACE_PAGE };

void trace_gmem_free(trace_gmem *g)
{
    trace_pages_free(g);
}

uint8_t *trace_gmem_page(trace_gmem *g, uint64_t addr)
{
    return trace_pages_get(g, addr / PAGE, true);
}

/* Zeroes [a, a+n) where pages exist (absent pages are zero already): page by page for short
   ranges, by a walk of the table for ranges larger than it (a reservation of gigabytes). */
void trace_gmem_zero(trace_gmem *g, uint64_t a, uint64_t n)
{
    if (!g->cap || !n) return;
    uint64_t first = a / PAGE, last = (a + n - 1) / PAGE;
    if (last - first < g->cap) {
        for (uint64_t pn = first; pn <= last; pn++) {
            uint8_t *p = trace_pages_get(g, pn, false);
            if (!p) continue;
            uint64_t lo = pn == first ? a % PAGE : 0,
                     hi = pn == last ? (a + n - 1) % PAGE + 1 : PAGE;
            memset(p + lo, 0, hi - lo);
        }
        return;
    }
    for (size_t i = 0; i < g->cap; i++) {
        uint64_t pn = g->key[i];
        if (pn == EMPTY || pn < first || pn > last) continue;
        uint64_t lo = pn == first ? a % PAGE : 0, hi = pn == last ? (a + n - 1) % PAGE + 1 : PAGE;
        memset((uint8_t *)g->page[i] + lo, 0, hi - lo);
    }
}
