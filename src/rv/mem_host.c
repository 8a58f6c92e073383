/* Host memory behind guest regions (mem.c keeps the regions, this file only the bytes).

   The host build reserves each region with mmap (MAP_NORESERVE: a large sparse region costs
   nothing until touched) and gives back any page-aligned part of it with munmap; translated
   code (m->fixed) gets guest memory at its guest addresses with host protections.

   A build without mmap (RIVET_RV_NO_MMAP, set by the riscv64 guests, whose C library has only
   malloc) takes zeroed blocks from the allocator. A region cut out of a block keeps the whole
   block until no region points into it any more (rv_mem_host_sweep after unmapping), and
   rv_mem_free frees them all. Guest accesses are checked against the regions in software in
   both builds, so a bad guest pointer is the same fault either way; only fixed memory (which
   relies on host page protections) is missing without mmap. */
#include <stdlib.h>

#include "rv/rv_internal.h"

#ifndef RIVET_RV_NO_MMAP
#include <sys/mman.h>

uint8_t *rv_mem_host_new(rv_mem *m, uint64_t len)
{
    (void)m;
    void *h =
        mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return h == MAP_FAILED ? NULL : h;
}

void rv_mem_host_drop(rv_mem *m, uint8_t *host, uint64_t len)
{
    (void)m;
    munmap(host, len);
}

void rv_mem_host_sweep(rv_mem *m)
{
    (void)m;
}

void rv_mem_host_free_all(rv_mem *m)
{
    for (size_t i = 0; i < m->nreg; i++)
        munmap(m->reg[i].host, m->reg[i].end - m->reg[i].start);
}

static int host_prot(unsigned prot)
{
    return (prot & RV_PROT_W) ? PROT_READ | PROT_WRITE : prot ? PROT_READ : PROT_NONE;
}

uint8_t *rv_mem_host_at(uint64_t addr, uint64_t len, unsigned prot)
{
    void *want = (void *)(uintptr_t)addr;
    void *host = mmap(want, len, host_prot(prot),
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (host == want) return host;
    if (host != MAP_FAILED) munmap(host, len);
    return NULL;
}

void rv_mem_host_protect(uint8_t *host, uint64_t len, unsigned prot, bool open)
{
    mprotect(host, len, open ? PROT_READ | PROT_WRITE : host_prot(prot));
}

#else /* RIVET_RV_NO_MMAP */

struct rv_host_blocks {
    size_t n, cap;
    struct {
        uint8_t *p;
        uint64_t len;
    } b[];
};

uint8_t *rv_mem_host_new(rv_mem *m, uint64_t len)
{
    struct rv_host_blocks *bl = m->blocks;
    if (len > SIZE_MAX) return NULL;
    if (!bl || bl->n == bl->cap) {
        size_t cap = bl ? 2 * bl->cap : 16;
        bl = realloc(bl, sizeof *bl + cap * sizeof bl->b[0]);
        if (!bl) return NULL;
        if (!m->blocks) bl->n = 0;
        bl->cap = cap;
        m->blocks = bl;
    }
    uint8_t *h = calloc(1, (size_t)len);
    if (!h) return NULL;
    bl->b[bl->n].p = h;
    bl->b[bl->n].len = len;
    bl->n++;
    return h;
}

void rv_mem_host_drop(rv_mem *m, uint8_t *host, uint64_t len)
{
    /* freed by the sweep once no region uses its block */
    (void)m;
    (void)host;
    (void)len;
}

void rv_mem_host_sweep(rv_mem *m)
{
    struct rv_host_blocks *bl = m->blocks;
    for (size_t i = 0; bl && i < bl->n;) {
        bool used = false;
        for (size_t r = 0; r < m->nreg && !used; r++)
            used = m->reg[r].host >= bl->b[i].p && m->reg[r].host < bl->b[i].p + bl->b[i].len;
        if (used) {
            i++;
            continue;
        }
        free(bl->b[i].p);
        bl->b[i] = bl->b[--bl->n];
    }
}

void rv_mem_host_free_all(rv_mem *m)
{
    struct rv_host_blocks *bl = m->blocks;
    for (size_t i = 0; bl && i < bl->n; i++)
        free(bl->b[i].p);
    free(bl);
    m->blocks = NULL;
}

uint8_t *rv_mem_host_at(uint64_t addr, uint64_t len, unsigned prot)
{
    (void)addr;
    (void)len;
    (void)prot;
    return NULL;
}

void rv_mem_host_protect(uint8_t *host, uint64_t len, unsigned prot, bool open)
{
    /* no fixed memory without mmap */
    (void)host;
    (void)len;
    (void)prot;
    (void)open;
}

#endif
