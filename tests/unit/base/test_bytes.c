#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

RIVET_MUST_USE static rivet_status dec(const char *s, unsigned flags, uint8_t *out, size_t cap,
                                       size_t *n, rivet_diag *d)
{
    rivet_diag_clear(d);
    return hex_decode(out, cap, n, s, strlen(s), flags, d);
}

static void hex_strict_parsing(void **state)
{
    uint8_t out[16];
    size_t n = 99;
    rivet_diag d;
    assert_int_equal(dec("00ff7F", 0, out, sizeof out, &n, &d), RIVET_OK);
    assert_int_equal(n, 3);
    assert_hex_equal(out, 3, "00ff7f");
    assert_int_equal(dec("", 0, out, sizeof out, &n, &d), RIVET_OK);
    assert_int_equal(n, 0);
    assert_int_equal(dec("0x", HEX_PREFIX, out, sizeof out, &n, &d), RIVET_OK);
    assert_int_equal(n, 0);

    /* odd length: rejected unless asked for, then read as a quantity */
    assert_int_equal(dec("abc", 0, out, sizeof out, &n, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "odd"));
    assert_int_equal(dec("0xabc", HEX_PREFIX | HEX_ODD_OK, out, sizeof out, &n, &d), RIVET_OK);
    assert_int_equal(n, 2);
    assert_hex_equal(out, 2, "0abc");

    /* bad digits are reported at their position, counting the prefix */
    assert_int_equal(dec("0x12g4", HEX_PREFIX, out, sizeof out, &n, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 4);
    assert_non_null(strstr(d.msg, "'g'"));
    assert_int_equal(dec("12 4", 0, out, sizeof out, &n, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 2);
    assert_int_equal(dec("123z", 0, out, sizeof out, &n, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 3);
    assert_int_equal(dec("0xz", HEX_PREFIX | HEX_ODD_OK, out, sizeof out, &n, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 2);

    /* prefix rules */
    assert_int_equal(dec("1234", HEX_PREFIX, out, sizeof out, &n, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 0);
    assert_non_null(strstr(d.msg, "missing"));
    assert_int_equal(dec("0x1234", 0, out, sizeof out, &n, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "unexpected"));
    assert_int_equal(dec("0X1234", HEX_PREFIX_OPT, out, sizeof out, &n, &d), RIVET_OK);
    assert_int_equal(dec("1234", HEX_PREFIX_OPT, out, sizeof out, &n, &d), RIVET_OK);
    assert_hex_equal(out, 2, "1234");

    /* capacity */
    assert_int_equal(dec("112233", 0, out, 2, &n, &d), RIVET_ERANGE);
    assert_int_equal(dec("1122", 0, out, 2, &n, &d), RIVET_OK);
}

static void hex_round_trips(void **state)
{
    uint8_t in[300], back[300];
    char txt[2 * sizeof in + 3];
    srand(7);
    for (size_t len = 0; len <= sizeof in; len += 13) {
        for (size_t i = 0; i < len; i++)
            in[i] = (uint8_t)rand();
        hex_encode(txt, in, len);
        assert_int_equal(strlen(txt), 2 * len);
        size_t n;
        assert_int_equal(hex_decode(back, sizeof back, &n, txt, 2 * len, 0, NULL), RIVET_OK);
        assert_int_equal(n, len);
        assert_memory_equal(back, in, len);

        char *p = hex_encode_alloc(in, len, 1);
        assert_non_null(p);
        assert_memory_equal(p, "0x", 2);
        uint8_t *q;
        assert_int_equal(hex_decode_alloc(&q, &n, p, strlen(p), HEX_PREFIX, NULL), RIVET_OK);
        assert_int_equal(n, len);
        assert_memory_equal(q, in, len);
        free(q);
        free(p);
    }
    /* a failing hex_decode_alloc leaves nothing allocated and reports the error */
    uint8_t *q = NULL;
    size_t n;
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(hex_decode_alloc(&q, &n, "0xq0", 4, HEX_PREFIX, &d), RIVET_EINPUT);
    assert_null(q);
    assert_int_equal(d.pos, 2);
}

static void buf_growth(void **state)
{
    rivet_buf b = {0};
    for (unsigned i = 0; i < 100000; i++) {
        assert_int_equal(buf_push(&b, (uint8_t)(i * 31)), RIVET_OK);
        assert_true(b.cap >= b.n);
    }
    assert_int_equal(b.n, 100000);
    for (unsigned i = 0; i < 100000; i++)
        assert_int_equal(b.p[i], (uint8_t)(i * 31));
    uint8_t blob[5000];
    memset(blob, 0xee, sizeof blob);
    assert_int_equal(buf_append(&b, blob, sizeof blob), RIVET_OK);
    assert_int_equal(b.n, 105000);
    assert_int_equal(b.p[104999], 0xee);
    assert_int_equal(buf_append(&b, NULL, 0), RIVET_OK);
    /* a request that cannot be satisfied fails cleanly and keeps the contents */
    assert_int_equal(buf_reserve(&b, SIZE_MAX - 10), RIVET_ENOMEM);
    assert_int_equal(b.n, 105000);
    assert_int_equal(b.p[0], 0);
    buf_free(&b);
    assert_null(b.p);
    assert_int_equal(b.n + b.cap, 0);
}

static void file_read_all_cases(void **state)
{
    uint8_t *data = NULL;
    size_t len = 0;
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(file_read_all("/nonexistent/rivet-test", &data, &len, &d), RIVET_EIO);
    assert_non_null(strstr(d.msg, "/nonexistent/rivet-test"));
    assert_null(data);
    rivet_diag_clear(&d);
    assert_int_equal(file_read_all("/", &data, &len, &d), RIVET_EIO); /* a folder */
    assert_null(data);

    char path[] = "/tmp/rivet-bytes-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    uint8_t content[200000];
    for (size_t i = 0; i < sizeof content; i++)
        content[i] = (uint8_t)(i ^ (i >> 8));
    assert_int_equal(write(fd, content, sizeof content), (ssize_t)sizeof content);
    close(fd);
    assert_int_equal(file_read_all(path, &data, &len, NULL), RIVET_OK);
    unlink(path);
    assert_int_equal(len, sizeof content);
    assert_memory_equal(data, content, len);
    assert_int_equal(data[len], 0); /* NUL-terminated for text parsers */
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hex_strict_parsing),
        cmocka_unit_test(hex_round_trips),
        cmocka_unit_test(buf_growth),
        cmocka_unit_test(file_read_all_cases),
    };
    return test_main(tests);
}
