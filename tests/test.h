/* Common includes for cmocka unit tests (cmocka.h needs these first). */
#ifndef RIVET_TEST_H
#define RIVET_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rivet/bytes.h"

/* Skipped is not passed: a test that calls skip() (missing fixtures, a backend not built) is
   counted, and test_main's binary then exits 77, which CTest reports as skipped
   (SKIP_RETURN_CODE, cmake/tests.cmake) unless another test failed. */
static int test_skipped_;
#undef skip
#define skip() (test_skipped_++, _skip(__FILE__, __LINE__))

static inline int test_exit_(int failed, const char *why)
{
    if (failed) return 1;
    if (test_skipped_) {
        print_message("%d test(s) skipped%s%s: the binary reports skipped, not passed\n",
                      test_skipped_, why ? ": " : "", why ? why : "");
        return 77;
    }
    return 0;
}
/* The end of every test's main: `return test_main(tests);`. */
#define test_main(tests) test_exit_(cmocka_run_group_tests(tests, NULL, NULL), NULL)
#define test_main_setup(tests, setup, teardown)                                                    \
    test_exit_(cmocka_run_group_tests(tests, setup, teardown), NULL)

/* The test fixtures folder the build was configured with (RIVET_FIXTURES, cmake/tests.cmake):
   writes <fixtures>/<rel> into out; returns 1 when it exists. */
static inline int fixture_path(char *out, size_t cap, const char *rel)
{
    snprintf(out, cap, "%s/%s", RIVET_FIXTURES, rel);
    struct stat st;
    return stat(out, &st) == 0;
}

/* Reads <fixtures>/<rel> whole (malloc'd), or NULL when it is absent or unreadable. */
static inline uint8_t *fixture_read(const char *rel, size_t *len)
{
    char p[4096];
    uint8_t *data = NULL;
    if (!fixture_path(p, sizeof p, rel) || file_read_all(p, &data, len, NULL) != RIVET_OK)
        return NULL;
    return data;
}

/* Decodes a hex literal for a test (aborts the test on bad hex). */
static inline size_t test_hex(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = 0;
    assert_int_equal(hex_decode(out, cap, &n, hex, strlen(hex), HEX_PREFIX_OPT, NULL), RIVET_OK);
    return n;
}

#define assert_hex_equal(bytes, len, hex)                                                          \
    do {                                                                                           \
        char buf_[2 * (len) + 1];                                                                  \
        hex_encode(buf_, (bytes), (len));                                                          \
        assert_string_equal(buf_, (hex));                                                          \
    } while (0)

#endif
