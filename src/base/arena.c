/* Arena allocator: a stack of malloc'd chunks, newest on top. */
#include "rivet/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_DEFAULT_CHUNK (64u * 1024u)
#define ARENA_MAX_ALIGN     4096u

struct arena_chunk {
    arena_chunk *prev;
    size_t cap, used;
    max_align_t data[]; /* cap bytes */
};

void arena_init(arena *a, size_t chunk_size)
{
    a->head = a->spare = NULL;
    a->chunk_size = chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK;
    a->used = 0;
}

/* Offset in c at which size bytes aligned to align fit, or SIZE_MAX. */
static size_t chunk_fit(const arena_chunk *c, size_t size, size_t align)
{
    uintptr_t base = (uintptr_t)c->data;
    uintptr_t at = (base + c->used + (align - 1)) & ~(uintptr_t)(align - 1);
    size_t off = (size_t)(at - base);
    return off <= c->cap && size <= c->cap - off ? off : SIZE_MAX;
}

/* A chunk with room for need bytes: from the spare list when one is big enough, else new. */
static arena_chunk *chunk_get(arena *a, size_t need)
{
    for (arena_chunk **pp = &a->spare; *pp; pp = &(*pp)->prev) {
        if ((*pp)->cap >= need) {
            arena_chunk *c = *pp;
            *pp = c->prev;
            return c;
        }
    }
    size_t cap = need > a->chunk_size ? need : a->chunk_size;
    if (cap > SIZE_MAX - sizeof(arena_chunk)) return NULL;
    arena_chunk *c = malloc(sizeof(arena_chunk) + cap);
    if (c) c->cap = cap;
    return c;
}

void *arena_alloc(arena *a, size_t size, size_t align)
{
    if (align == 0 || (align & (align - 1)) || align > ARENA_MAX_ALIGN) return NULL;
    arena_chunk *c = a->head;
    size_t off = c ? chunk_fit(c, size, align) : SIZE_MAX;
    if (off == SIZE_MAX) {
        if (size > SIZE_MAX - ARENA_MAX_ALIGN) return NULL;
        c = chunk_get(a, size + align);
        if (!c) return NULL;
        c->used = 0;
        c->prev = a->head;
        a->head = c;
        off = chunk_fit(c, size, align);
    }
    a->used += off + size - c->used;
    c->used = off + size;
    return (char *)c->data + off;
}

void *arena_calloc(arena *a, size_t size, size_t align)
{
    void *p = arena_alloc(a, size, align);
    if (p) memset(p, 0, size);
    return p;
}

arena_pos arena_mark(const arena *a)
{
    return (arena_pos){a->head, a->head ? a->head->used : 0, a->used};
}

void arena_reset_to(arena *a, arena_pos pos)
{
    while (a->head != pos.chunk) {
        arena_chunk *c = a->head;
        a->head = c->prev;
        c->prev = a->spare;
        a->spare = c;
    }
    if (a->head) a->head->used = pos.used;
    a->used = pos.total;
}

void arena_reset(arena *a)
{
    arena_reset_to(a, (arena_pos){NULL, 0, 0});
}

static void chunk_list_free(arena_chunk *c)
{
    while (c) {
        arena_chunk *prev = c->prev;
        free(c);
        c = prev;
    }
}

void arena_free(arena *a)
{
    chunk_list_free(a->head);
    chunk_list_free(a->spare);
    a->head = a->spare = NULL;
    a->used = 0;
}
