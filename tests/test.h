/* Common includes for cmocka unit tests (cmocka.h needs these first). */
#ifndef RIVET_TEST_H
#define RIVET_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rivet/bytes.h"

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
