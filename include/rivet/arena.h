/* Arena (bump) allocator for short-lived scratch memory, e.g. everything one block needs.
   Memory comes from malloc'd chunks; individual allocations are never freed, the arena is
   rewound to a mark or emptied as a whole. Chunks released by a rewind are kept for reuse
   until arena_free. Not thread-safe: one arena per thread. */
#ifndef RIVET_ARENA_H
#define RIVET_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;  /* chunk being filled; older chunks follow through ->prev */
    arena_chunk *spare; /* released chunks, reused before calling malloc again */
    size_t chunk_size;  /* usable size of a fresh chunk (larger when one allocation needs it) */
    size_t used;        /* bytes handed out since the last rewind, padding included */
} arena;

/* A position to rewind to. */
typedef struct arena_pos {
    arena_chunk *chunk;
    size_t used, total;
} arena_pos;

/* chunk_size 0 picks the default (64 KiB). Allocates nothing yet. */
void arena_init(arena *a, size_t chunk_size);
/* size bytes aligned to align (a power of two, at most 4096). NULL when out of memory or when
   align is not a power of two. Memory is not zeroed. size 0 gives a valid unique pointer. */
void *arena_alloc(arena *a, size_t size, size_t align);
/* As arena_alloc, zero-filled. */
void *arena_calloc(arena *a, size_t size, size_t align);
/* The current position; everything allocated after it is released by arena_reset_to. */
arena_pos arena_mark(const arena *a);
void arena_reset_to(arena *a, arena_pos pos);
/* Releases all allocations, keeping the chunks for reuse. */
void arena_reset(arena *a);
/* Returns every chunk to the system; the arena is empty and may be used again. */
void arena_free(arena *a);

#endif
