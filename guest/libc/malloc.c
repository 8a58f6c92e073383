/* The guest heap: a bump allocator over RAM from the end of bss up to the stack reserve, as
   zkVM guests usually have (memory is never reused across a proof anyway). Each block carries
   its size; freeing or growing the most recent block works in place. Blocks aligned beyond 16
   bytes (aligned_alloc: the hybrid layer's pages and program images) are taken from the top
   down instead, without a header, so that a page costs a page; they are never given back, and
   realloc of one aborts (nothing in the guests reallocates them). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HEAP_END  (0xc0000000ul - (16ul << 20)) /* top of RAM minus a 16 MiB stack */
#define BLOCK_HDR 16

extern char __heap_start[];
static uintptr_t heap_top, heap_last;
static uintptr_t aligned_low = HEAP_END; /* the lowest aligned block: the bump allocator's end */

static size_t block_size(const void *p)
{
    return *(const size_t *)((const char *)p - BLOCK_HDR);
}

void *malloc(size_t n)
{
    if (!heap_top) heap_top = (uintptr_t)__heap_start;
    size_t need = (n + 15) & ~(size_t)15, room = aligned_low - heap_top;
    if (need < n || room < BLOCK_HDR || need > room - BLOCK_HDR) {
        errno = ENOMEM;
        return NULL;
    }
    uintptr_t b = heap_top;
    *(size_t *)b = n;
    heap_last = b + BLOCK_HDR;
    heap_top = heap_last + need;
    return (void *)heap_last;
}

void *aligned_alloc(size_t align, size_t n)
{
    if (align <= BLOCK_HDR) return malloc(n);
    if (!heap_top) heap_top = (uintptr_t)__heap_start;
    uintptr_t end = aligned_low;
    size_t need = (n + 15) & ~(size_t)15;
    if (align & (align - 1)) {
        errno = EINVAL;
        return NULL;
    }
    if (need < n || need > end - heap_top || ((end - need) & ~(uintptr_t)(align - 1)) < heap_top) {
        errno = ENOMEM;
        return NULL;
    }
    aligned_low = (end - need) & ~(uintptr_t)(align - 1);
    return (void *)aligned_low;
}

void free(void *p)
{
    if (p && (uintptr_t)p == heap_last) { /* the most recent block: give it back */
        heap_top = heap_last - BLOCK_HDR;
        heap_last = 0;
    }
}

void *calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = malloc(n * size);
    if (p) memset(p, 0, n * size); /* recycled tops may hold old bytes */
    return p;
}

void *realloc(void *p, size_t n)
{
    if (!p) return malloc(n);
    if ((uintptr_t)p >= aligned_low) abort(); /* an aligned block: its size is not kept */
    size_t old = block_size(p);
    if ((uintptr_t)p == heap_last) { /* grow or shrink in place */
        size_t need = (n + 15) & ~(size_t)15;
        if (need >= n && need <= aligned_low - heap_last) {
            *(size_t *)((char *)p - BLOCK_HDR) = n;
            heap_top = heap_last + need;
            return p;
        }
        errno = ENOMEM;
        return NULL;
    }
    if (n <= old) return p;
    void *q = malloc(n);
    if (q) memcpy(q, p, old);
    return q;
}
