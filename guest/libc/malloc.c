/* The guest heap: a bump allocator over RAM from the end of bss up to the stack reserve, as
   zkVM guests usually have (memory is never reused across a proof anyway). Each block carries
   its size; freeing or growing the most recent block works in place. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HEAP_END  (0xc0000000ul - (16ul << 20)) /* top of RAM minus a 16 MiB stack */
#define BLOCK_HDR 16

extern char __heap_start[];
static uintptr_t heap_top, heap_last;

static size_t block_size(const void *p)
{
    return *(const size_t *)((const char *)p - BLOCK_HDR);
}

void *malloc(size_t n)
{
    if (!heap_top) heap_top = (uintptr_t)__heap_start;
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n || need > HEAP_END - heap_top - BLOCK_HDR) {
        errno = ENOMEM;
        return NULL;
    }
    uintptr_t b = heap_top;
    *(size_t *)b = n;
    heap_last = b + BLOCK_HDR;
    heap_top = heap_last + need;
    return (void *)heap_last;
}

/* align: a power of two; the block starts at the next multiple of it (the hybrid layer's
   contract pages and program images are page aligned). */
void *aligned_alloc(size_t align, size_t n)
{
    if (!heap_top) heap_top = (uintptr_t)__heap_start;
    if (align <= BLOCK_HDR) return malloc(n);
    if (align & (align - 1)) {
        errno = EINVAL;
        return NULL;
    }
    uintptr_t at = (heap_top + BLOCK_HDR + align - 1) & ~(uintptr_t)(align - 1);
    if (at > HEAP_END) {
        errno = ENOMEM;
        return NULL;
    }
    heap_top = at - BLOCK_HDR; /* the gap before it is lost, as everything freed but the last */
    return malloc(n);
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
    size_t old = block_size(p);
    if ((uintptr_t)p == heap_last) { /* grow or shrink in place */
        size_t need = (n + 15) & ~(size_t)15;
        if (need >= n && need <= HEAP_END - heap_last) {
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
