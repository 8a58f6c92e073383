/* Guest memory: mapping replaces, unmap punches holes, protect splits regions, find_free
   skips mappings, guest-permission copies honour protections. */
#include "test.h"

#include "rivet/rv.h"

#define P RV_PAGE_SIZE

static void map_unmap_protect(void **state)
{
    rv_mem *m = rv_mem_new();
    assert_int_equal(rv_mem_map(m, 0x10000, 4 * P, RV_PROT_R | RV_PROT_W, NULL), RIVET_OK);
    uint8_t b[8] = {1, 2, 3, 4, 5, 6, 7, 8}, c[8];
    assert_true(rv_mem_write(m, 0x10000 + P - 4, b, 8)); /* across a page boundary */
    assert_true(rv_mem_read(m, 0x10000 + P - 4, c, 8));
    assert_memory_equal(b, c, 8);
    /* punch out the second page */
    assert_int_equal(rv_mem_unmap(m, 0x10000 + P, P, NULL), RIVET_OK);
    assert_int_equal(rv_mem_prot(m, 0x10000 + P), 0);
    assert_int_equal(rv_mem_prot(m, 0x10000 + 2 * P), RV_PROT_R | RV_PROT_W);
    assert_false(rv_mem_read(m, 0x10000 + P - 4, c, 8)); /* all or nothing */
    assert_true(rv_mem_read(m, 0x10000 + P - 4, c, 4));
    assert_memory_equal(b, c, 4);
    /* the bytes of the surviving pages are kept */
    assert_int_equal(rv_mem_protect(m, 0x10000, P, RV_PROT_R, NULL), RIVET_OK);
    assert_true(rv_mem_read(m, 0x10000 + P - 4, c, 4));
    assert_memory_equal(b, c, 4);
    assert_false(rv_mem_write_guest(m, 0x10000, b, 1)); /* now read-only */
    assert_true(rv_mem_write_guest(m, 0x10000 + 2 * P, b, 1));
    assert_true(rv_mem_read_guest(m, 0x10000, c, 1));
    /* protect over a hole fails */
    assert_int_not_equal(rv_mem_protect(m, 0x10000, 3 * P, RV_PROT_R, NULL), RIVET_OK);
    /* mapping again replaces with zeroes */
    assert_int_equal(rv_mem_map(m, 0x10000, 2 * P, RV_PROT_R, NULL), RIVET_OK);
    assert_true(rv_mem_read(m, 0x10000 + P - 4, c, 8));
    assert_int_equal(c[0] | c[7], 0);
    assert_int_not_equal(rv_mem_map(m, 0x10001, P, RV_PROT_R, NULL), RIVET_OK); /* unaligned */
    rv_mem_free(m);
}

static void find_free(void **state)
{
    rv_mem *m = rv_mem_new();
    assert_int_equal(rv_mem_map(m, 0x20000, 2 * P, RV_PROT_R, NULL), RIVET_OK);
    assert_int_equal(rv_mem_map(m, 0x23000, P, RV_PROT_R, NULL), RIVET_OK);
    uint64_t a;
    assert_true(rv_mem_find_free(m, 0x20000, 0x100000, P, &a));
    assert_int_equal(a, 0x22000);
    assert_true(rv_mem_find_free(m, 0x20000, 0x100000, 2 * P, &a));
    assert_int_equal(a, 0x24000);
    assert_false(rv_mem_find_free(m, 0x20000, 0x24000, 2 * P, &a));
    assert_non_null(rv_mem_ptr(m, 0x20000, 2 * P, RV_PROT_R));
    assert_null(rv_mem_ptr(m, 0x20000, 2 * P, RV_PROT_W));
    assert_null(rv_mem_ptr(m, 0x21000, 2 * P, RV_PROT_R)); /* runs into the hole */
    rv_mem_free(m);
}

static void strings(void **state)
{
    rv_mem *m = rv_mem_new();
    assert_int_equal(rv_mem_map(m, 0x40000, P, RV_PROT_R, NULL), RIVET_OK);
    assert_true(rv_mem_write(m, 0x40000, "hello", 6));
    assert_true(rv_mem_write(m, 0x40000 + P - 3, "abc", 3)); /* runs off the mapping */
    char buf[16];
    assert_int_equal(rv_mem_read_str(m, 0x40000, buf, sizeof buf), 5);
    assert_string_equal(buf, "hello");
    assert_int_equal(rv_mem_read_str(m, 0x40000, buf, 5), -1); /* no room for the NUL */
    assert_int_equal(rv_mem_read_str(m, 0x40000 + P - 3, buf, sizeof buf), -1);
    assert_int_equal(rv_mem_read_str(m, 0x90000, buf, sizeof buf), -1);
    rv_mem_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(map_unmap_protect),
        cmocka_unit_test(find_free),
        cmocka_unit_test(strings),
    };
    return test_main(tests);
}
