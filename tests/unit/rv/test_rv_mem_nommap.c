/* Guest memory as the riscv64 guests build it (RIVET_RV_NO_MMAP: region memory from the
   allocator, src/rv/mem_host.c): the same cases as test_rv_mem.c on this build's copy of
   mem.c, then the blocks behind the regions: a block cut in pieces lives until its last piece
   is unmapped, a remapped range gets fresh zeroed memory, and fixed memory is refused. (This
   binary's definitions replace the host build's mem.c and mem_host.c from the library.) */
#define RIVET_RV_NO_MMAP 1
#include "rv/mem.c"
#include "rv/mem_host.c"

int mem_cases_main(void);
#define main mem_cases_main /* the shared cases; this file has its own main */
#include "unit/rv/test_rv_mem.c"
#undef main

static size_t nblocks(const rv_mem *m)
{
    return m->blocks ? m->blocks->n : 0;
}

static void blocks_follow_regions(void **state)
{
    rv_mem *m = rv_mem_new();
    assert_int_equal(rv_mem_map(m, 0x10000, 4 * P, RV_PROT_R | RV_PROT_W, NULL), RIVET_OK);
    assert_int_equal(nblocks(m), 1);
    assert_true(rv_mem_write(m, 0x10000 + 3 * P, "tail", 4));
    /* a hole and a protection change split the region; the block stays */
    assert_int_equal(rv_mem_unmap(m, 0x10000 + P, P, NULL), RIVET_OK);
    assert_int_equal(rv_mem_protect(m, 0x10000 + 2 * P, P, RV_PROT_R, NULL), RIVET_OK);
    assert_int_equal(nblocks(m), 1);
    char c[4];
    assert_true(rv_mem_read_guest(m, 0x10000 + 3 * P, c, 4));
    assert_memory_equal(c, "tail", 4);
    assert_false(rv_mem_write_guest(m, 0x10000 + 2 * P, "x", 1)); /* read-only piece */
    /* a second mapping is a second block; replacing part of the first keeps both */
    assert_int_equal(rv_mem_map(m, 0x10000 + 3 * P, P, RV_PROT_R | RV_PROT_W, NULL), RIVET_OK);
    assert_int_equal(nblocks(m), 2);
    assert_true(rv_mem_read(m, 0x10000 + 3 * P, c, 4));
    assert_int_equal(c[0] | c[3], 0); /* fresh memory is zero */
    /* the last pieces of the first block go: it is freed */
    assert_int_equal(rv_mem_unmap(m, 0x10000, 3 * P, NULL), RIVET_OK);
    assert_int_equal(nblocks(m), 1);
    assert_int_equal(rv_mem_unmap(m, 0x10000 + 3 * P, P, NULL), RIVET_OK);
    assert_int_equal(nblocks(m), 0);
    assert_false(rv_mem_read(m, 0x10000, c, 1)); /* a fault, not a crash */
    /* fixed memory needs mmap */
    m->fixed = true;
    assert_int_not_equal(rv_mem_map(m, 0x10000, P, RV_PROT_R, NULL), RIVET_OK);
    rv_mem_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(map_unmap_protect),
        cmocka_unit_test(find_free),
        cmocka_unit_test(strings),
        cmocka_unit_test(blocks_follow_regions),
    };
    return test_main(tests);
}
