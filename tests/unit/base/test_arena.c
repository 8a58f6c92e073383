#include "test.h"

#include <stdint.h>

#include "rivet/arena.h"

/* Under ASan, a huge malloc must return NULL (as without ASan) rather than abort. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static void alloc_aligned_and_disjoint(void **state)
{
    arena a;
    arena_init(&a, 256);
    uint8_t *prev = NULL;
    size_t prev_size = 0;
    for (size_t i = 0; i < 500; i++) {
        size_t align = (size_t)1 << (i % 7), size = (i * 37) % 90;
        uint8_t *p = arena_alloc(&a, size, align);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % align, 0);
        memset(p, (int)i, size); /* ASan catches writes past a chunk */
        if (prev && prev_size)   /* the previous block is intact */
            for (size_t k = 0; k < prev_size; k++)
                assert_int_equal(prev[k], (uint8_t)(i - 1));
        prev = p;
        prev_size = size;
    }
    arena_free(&a);
}

static void large_allocation_gets_its_own_chunk(void **state)
{
    arena a;
    arena_init(&a, 64);
    uint8_t *small = arena_alloc(&a, 10, 1);
    uint8_t *big = arena_alloc(&a, 100000, 64);
    assert_non_null(small);
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % 64, 0);
    memset(big, 0xab, 100000);
    assert_true(a.used >= 100010);
    arena_free(&a);
}

static void mark_and_reset_reuse_memory(void **state)
{
    arena a;
    arena_init(&a, 128);
    uint8_t *keep = arena_alloc(&a, 16, 8);
    memset(keep, 0x5a, 16);
    arena_pos m = arena_mark(&a);
    size_t used = a.used;
    void *first = arena_alloc(&a, 40, 8);
    for (int i = 0; i < 50; i++) /* spill over into several chunks */
        assert_non_null(arena_alloc(&a, 100, 8));
    arena_reset_to(&a, m);
    assert_int_equal(a.used, used);
    assert_ptr_equal(arena_alloc(&a, 40, 8), first); /* the same memory again */
    /* released chunks are reused rather than malloc'd again */
    arena_chunk *spare_before = a.spare;
    assert_non_null(spare_before);
    for (int i = 0; i < 50; i++)
        assert_non_null(arena_alloc(&a, 100, 8));
    assert_ptr_not_equal(a.spare, spare_before);
    arena_reset(&a);
    assert_int_equal(a.used, 0);
    assert_ptr_equal(arena_alloc(&a, 16, 8), keep); /* back to the first chunk's start */
    for (int i = 0; i < 16; i++)                    /* allocations before the mark survive */
        assert_int_equal(keep[i], 0x5a);
    arena_free(&a);
}

static void nested_marks(void **state)
{
    arena a;
    arena_init(&a, 0);
    arena_pos m1 = arena_mark(&a); /* mark of an empty arena */
    int *x = arena_alloc(&a, sizeof *x, _Alignof(int));
    *x = 1;
    arena_pos m2 = arena_mark(&a);
    int *y = arena_calloc(&a, 1000 * sizeof *y, _Alignof(int));
    for (int i = 0; i < 1000; i++)
        assert_int_equal(y[i], 0);
    arena_reset_to(&a, m2);
    assert_int_equal(*x, 1);
    arena_reset_to(&a, m1);
    assert_int_equal(a.used, 0);
    arena_free(&a);
}

static void out_of_memory_and_bad_alignment(void **state)
{
    arena a;
    arena_init(&a, 1024);
    assert_null(arena_alloc(&a, SIZE_MAX, 8));
    assert_null(arena_alloc(&a, SIZE_MAX - 100, 1));
    assert_null(arena_alloc(&a, (size_t)1 << 62, 16)); /* malloc refuses */
    assert_null(arena_alloc(&a, 8, 0));
    assert_null(arena_alloc(&a, 8, 3));
    assert_null(arena_alloc(&a, 8, 8192));
    /* failures leave the arena usable */
    assert_non_null(arena_alloc(&a, 8, 8));
    assert_int_equal(a.used, 8);
    arena_free(&a);
    /* an arena may be used again after arena_free */
    assert_non_null(arena_alloc(&a, 0, 1));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_aligned_and_disjoint),
        cmocka_unit_test(large_allocation_gets_its_own_chunk),
        cmocka_unit_test(mark_and_reset_reuse_memory),
        cmocka_unit_test(nested_marks),
        cmocka_unit_test(out_of_memory_and_bad_alignment),
    };
    return test_main(tests);
}
