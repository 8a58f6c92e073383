#include "test.h"

#include <stdlib.h>

#include "rivet/rlp.h"

/* Decodes hex and runs rlp_validate; returns the status, with the diag in *d. */
RIVET_MUST_USE static rivet_status check(const char *hex, rivet_diag *d)
{
    uint8_t in[4096];
    size_t n = test_hex(in, sizeof in, hex);
    rivet_diag_clear(d);
    return rlp_validate(in, n, d);
}

static void known_encodings(void **state)
{
    /* examples from the RLP specification (ethereum.org / yellow paper appendix B) */
    rivet_buf b = {0};
    assert_int_equal(rlp_put_bytes(&b, (const uint8_t *)"dog", 3), RIVET_OK);
    assert_hex_equal(b.p, b.n, "83646f67");
    b.n = 0;
    size_t m = rlp_list_begin(&b);
    assert_int_equal(rlp_put_bytes(&b, (const uint8_t *)"cat", 3), RIVET_OK);
    assert_int_equal(rlp_put_bytes(&b, (const uint8_t *)"dog", 3), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, m), RIVET_OK);
    assert_hex_equal(b.p, b.n, "c88363617483646f67");
    b.n = 0;
    assert_int_equal(rlp_put_bytes(&b, NULL, 0), RIVET_OK);
    assert_int_equal(rlp_put_u64(&b, 0), RIVET_OK);
    assert_int_equal(rlp_put_u64(&b, 15), RIVET_OK);
    assert_int_equal(rlp_put_u64(&b, 1024), RIVET_OK);
    assert_int_equal(rlp_put_u256(&b, U256_ZERO), RIVET_OK);
    assert_int_equal(rlp_put_u256(&b, u256_from_u64(0x80)), RIVET_OK);
    assert_hex_equal(b.p, b.n, "80800f820400808180");
    b.n = 0; /* the set-theoretic representation of three: [ [], [[]], [ [], [[]] ] ] */
    size_t l0 = rlp_list_begin(&b);
    assert_int_equal(rlp_list_end(&b, rlp_list_begin(&b)), RIVET_OK);
    size_t l1 = rlp_list_begin(&b);
    assert_int_equal(rlp_list_end(&b, rlp_list_begin(&b)), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, l1), RIVET_OK);
    size_t l2 = rlp_list_begin(&b);
    assert_int_equal(rlp_list_end(&b, rlp_list_begin(&b)), RIVET_OK);
    size_t l3 = rlp_list_begin(&b);
    assert_int_equal(rlp_list_end(&b, rlp_list_begin(&b)), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, l3), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, l2), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, l0), RIVET_OK);
    assert_hex_equal(b.p, b.n, "c7c0c1c0c3c0c1c0");
    buf_free(&b);
}

/* Strings of every header class survive encode -> decode, and rlp_bytes_size agrees. */
static void string_round_trips(void **state)
{
    static const size_t lens[] = {0, 1, 2, 55, 56, 57, 255, 256, 1000, 65535, 65536, 70000};
    uint8_t *data = malloc(70000);
    for (size_t i = 0; i < 70000; i++)
        data[i] = (uint8_t)(i * 13 + 200);
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        for (int first = 0; first < 2; first++) {
            size_t len = lens[k];
            if (len) data[0] = first ? 0x7f : 0x80; /* one byte below 0x80 is its own encoding */
            rivet_buf b = {0};
            assert_int_equal(rlp_put_bytes(&b, data, len), RIVET_OK);
            assert_int_equal(b.n, rlp_bytes_size(data, len));
            rlp_item it;
            rivet_diag d;
            rivet_diag_clear(&d);
            assert_int_equal(rlp_decode(b.p, b.n, &it, &d), RIVET_OK);
            assert_int_equal(rlp_validate(b.p, b.n, &d), RIVET_OK);
            assert_false(it.list);
            assert_int_equal(it.len, len);
            assert_int_equal(it.hdr + it.len, b.n);
            if (len) assert_memory_equal(it.p, data, len);
            buf_free(&b);
        }
    }
    free(data);
}

static void list_round_trips(void **state)
{
    /* [ "a", [ 1..100 as integers ], long string, [] ] */
    rivet_buf b = {0};
    uint8_t big[300];
    memset(big, 0xaa, sizeof big);
    size_t outer = rlp_list_begin(&b);
    assert_int_equal(rlp_put_bytes(&b, (const uint8_t *)"a", 1), RIVET_OK);
    size_t inner = rlp_list_begin(&b);
    for (uint64_t i = 1; i <= 100; i++)
        assert_int_equal(rlp_put_u64(&b, i * 1000003), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, inner), RIVET_OK);
    assert_int_equal(rlp_put_bytes(&b, big, sizeof big), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, rlp_list_begin(&b)), RIVET_OK);
    assert_int_equal(rlp_list_end(&b, outer), RIVET_OK);

    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(rlp_validate(b.p, b.n, &d), RIVET_OK);
    rlp_item top, items[4], nums[100];
    assert_int_equal(rlp_decode(b.p, b.n, &top, &d), RIVET_OK);
    size_t count;
    assert_int_equal(rlp_list_count(&top, &count, &d), RIVET_OK);
    assert_int_equal(count, 4);
    assert_int_equal(rlp_list_items(&top, items, 4, NULL, &d), RIVET_OK);
    assert_int_equal(rlp_list_items(&items[1], nums, 100, NULL, &d), RIVET_OK);
    for (uint64_t i = 0; i < 100; i++) {
        uint64_t v;
        assert_int_equal(rlp_get_u64(&nums[i], &v, &d), RIVET_OK);
        assert_int_equal(v, (i + 1) * 1000003);
    }
    uint8_t back[300];
    assert_int_equal(rlp_get_fixed(&items[2], back, sizeof back, &d), RIVET_OK);
    assert_memory_equal(back, big, sizeof big);
    assert_true(items[3].list);
    assert_int_equal(items[3].len, 0);
    /* item offsets point at the item's first byte in the whole input */
    assert_int_equal(b.p[items[2].off], 0xb9);
    assert_int_equal(items[2].off + items[2].hdr, (size_t)(items[2].p - b.p));

    /* list_items with the wrong count, and the 'at most' form */
    rlp_item two[2];
    size_t got;
    assert_int_equal(rlp_list_items(&top, two, 2, NULL, &d), RIVET_EINPUT);
    rivet_diag_clear(&d);
    assert_int_equal(rlp_list_items(&top, items, 4, &got, &d), RIVET_OK);
    assert_int_equal(got, 4);
    assert_int_equal(rlp_list_items(&top, nums, 10, NULL, &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "4 items, expected 10"));
    rivet_diag_clear(&d);
    assert_int_equal(rlp_list_count(&items[0], &count, &d), RIVET_EINPUT); /* not a list */
    buf_free(&b);
}

static void malformed_inputs(void **state)
{
    rivet_diag d;
    /* single byte below 0x80 wrapped in a header */
    assert_int_equal(check("8100", &d), RIVET_EINPUT);
    assert_int_equal(check("817f", &d), RIVET_EINPUT);
    assert_int_equal(check("8180", &d), RIVET_OK);
    /* leading zeros in a long length */
    assert_int_equal(check("b90000", &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 1);
    assert_non_null(strstr(d.msg, "leading zero"));
    assert_int_equal(check("f800", &d), RIVET_EINPUT);
    /* long form for a length below 56 */
    assert_int_equal(check("b801ff", &d), RIVET_EINPUT);
    assert_non_null(strstr(d.msg, "long form"));
    assert_int_equal(check("f803112233", &d), RIVET_EINPUT);
    /* truncation: payload, length bytes, empty input */
    assert_int_equal(check("83646f", &d), RIVET_EINPUT);
    assert_int_equal(check("b9", &d), RIVET_EINPUT);
    assert_int_equal(check("b901", &d), RIVET_EINPUT);
    assert_int_equal(check("", &d), RIVET_EINPUT);
    assert_int_equal(check("c3", &d), RIVET_EINPUT);
    /* trailing bytes after the item */
    assert_int_equal(check("8080", &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 1);
    assert_non_null(strstr(d.msg, "trailing"));
    /* lengths far beyond the input, including ones that overflow 64 bits */
    assert_int_equal(check("bf0f000000000000021111", &d), RIVET_EINPUT);
    assert_int_equal(check("bfffffffffffffffff00", &d), RIVET_EINPUT);
    assert_int_equal(check("ffffffffffffffffff0001020304050607", &d), RIVET_EINPUT);
    assert_int_equal(check("bb7fffffff00", &d), RIVET_EINPUT);
    /* a list whose items overrun it, or leave a gap the next item cannot fill */
    assert_int_equal(check("c2830102", &d), RIVET_EINPUT);
    assert_int_equal(check("c28201", &d), RIVET_EINPUT);
}

static void nested_errors_report_offsets(void **state)
{
    rivet_diag d;
    /* c5 [ c0, c3 [ 81 00 (bad), 00 ] ]: the bad item is at byte 3 */
    assert_int_equal(check("c5c0c3810000", &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 3);
    assert_non_null(strstr(d.msg, "at byte 3"));
    /* the same error found by walking the items by hand */
    uint8_t in[8];
    size_t n = test_hex(in, sizeof in, "c5c0c3810000");
    rlp_item top, kids[2], x;
    rivet_diag_clear(&d);
    assert_int_equal(rlp_decode(in, n, &top, &d), RIVET_OK); /* the top level is fine */
    assert_int_equal(rlp_list_items(&top, kids, 2, NULL, &d), RIVET_OK);
    assert_int_equal(kids[1].off, 2);
    rlp_iter it;
    rlp_iter_init(&it, &kids[1]);
    assert_int_equal(rlp_iter_next(&it, &x, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 3);
    /* an inner list running past the end of its parent: c4 [ c4 01 02 03 ] */
    assert_int_equal(check("c4c4010203", &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 1);
    assert_non_null(strstr(d.msg, "longer"));
    /* a non-canonical long-form length deep inside a long list */
    char hex[200] = "f840";
    for (int i = 0; i < 29; i++)
        strcat(hex, "8180"); /* bytes 2..59 */
    strcat(hex, "b801ff");   /* bytes 60..62: its length byte 61 is the error */
    strcat(hex, "000000");   /* bytes 63..65 complete the 64-byte payload */
    assert_int_equal(check(hex, &d), RIVET_EINPUT);
    assert_int_equal(d.pos, 61);
}

static void nesting_depth_limit(void **state)
{
    for (int depth = RLP_MAX_DEPTH; depth <= RLP_MAX_DEPTH + 1; depth++) {
        rivet_buf b = {0};
        size_t marks[RLP_MAX_DEPTH + 1];
        for (int i = 0; i < depth; i++)
            marks[i] = rlp_list_begin(&b);
        for (int i = depth - 1; i >= 0; i--)
            assert_int_equal(rlp_list_end(&b, marks[i]), RIVET_OK);
        rivet_diag d;
        rivet_diag_clear(&d);
        assert_int_equal(rlp_validate(b.p, b.n, &d),
                         depth <= RLP_MAX_DEPTH ? RIVET_OK : RIVET_EUNSUPPORTED);
        buf_free(&b);
    }
}

static void integer_helpers(void **state)
{
    struct {
        const char *hex;
        rivet_status st;
        uint64_t v;
    } u64s[] = {
        {"80", RIVET_OK, 0},
        {"01", RIVET_OK, 1},
        {"7f", RIVET_OK, 0x7f},
        {"8180", RIVET_OK, 0x80},
        {"88ffffffffffffffff", RIVET_OK, UINT64_MAX},
        {"00", RIVET_EINPUT, 0},                   /* zero is the empty string */
        {"820001", RIVET_EINPUT, 0},               /* leading zero */
        {"89010000000000000000", RIVET_ERANGE, 0}, /* 2^64 */
        {"c0", RIVET_EINPUT, 0},                   /* a list */
    };
    for (size_t i = 0; i < sizeof u64s / sizeof u64s[0]; i++) {
        uint8_t in[16];
        size_t n = test_hex(in, sizeof in, u64s[i].hex);
        rlp_item it;
        uint64_t v = 0;
        assert_int_equal(rlp_decode(in, n, &it, NULL), RIVET_OK);
        assert_int_equal(rlp_get_u64(&it, &v, NULL), u64s[i].st);
        if (u64s[i].st == RIVET_OK) assert_int_equal(v, u64s[i].v);
    }
    /* u256: 32 bytes fit, 33 do not; leading zeros rejected */
    uint8_t in[40];
    in[0] = 0xa0;
    memset(in + 1, 0xff, 32);
    rlp_item it;
    u256 v;
    assert_int_equal(rlp_decode(in, 33, &it, NULL), RIVET_OK);
    assert_int_equal(rlp_get_u256(&it, &v, NULL), RIVET_OK);
    assert_true(u256_eq(v, U256_MAX));
    in[1] = 0;
    assert_int_equal(rlp_get_u256(&it, &v, NULL), RIVET_EINPUT);
    in[0] = 0xa1;
    in[1] = 1;
    memset(in + 2, 0, 32);
    assert_int_equal(rlp_decode(in, 34, &it, NULL), RIVET_OK);
    assert_int_equal(rlp_get_u256(&it, &v, NULL), RIVET_ERANGE);
    /* put -> get round trips over all byte lengths */
    for (unsigned bits = 0; bits <= 256; bits++) {
        u256 x = bits ? u256_shr_n(U256_MAX, 256 - bits) : U256_ZERO;
        x = u256_xor(x, u256_shr_n(x, 3)); /* not all ones */
        rivet_buf b = {0};
        assert_int_equal(rlp_put_u256(&b, x), RIVET_OK);
        assert_int_equal(rlp_decode(b.p, b.n, &it, NULL), RIVET_OK);
        assert_int_equal(it.len, u256_bytelen(x));
        assert_int_equal(rlp_get_u256(&it, &v, NULL), RIVET_OK);
        assert_true(u256_eq(v, x));
        if (bits <= 64) {
            b.n = 0;
            assert_int_equal(rlp_put_u64(&b, x.w[0]), RIVET_OK);
            uint64_t y;
            assert_int_equal(rlp_decode(b.p, b.n, &it, NULL), RIVET_OK);
            assert_int_equal(rlp_get_u64(&it, &y, NULL), RIVET_OK);
            assert_int_equal(y, x.w[0]);
        }
        buf_free(&b);
    }
    /* fixed-size strings */
    uint8_t addr[20];
    in[0] = 0x94;
    memset(in + 1, 0x11, 20);
    assert_int_equal(rlp_decode(in, 21, &it, NULL), RIVET_OK);
    assert_int_equal(rlp_get_fixed(&it, addr, 20, NULL), RIVET_OK);
    assert_int_equal(rlp_get_fixed(&it, addr, 19, NULL), RIVET_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_encodings),
        cmocka_unit_test(string_round_trips),
        cmocka_unit_test(list_round_trips),
        cmocka_unit_test(malformed_inputs),
        cmocka_unit_test(nested_errors_report_offsets),
        cmocka_unit_test(nesting_depth_limit),
        cmocka_unit_test(integer_helpers),
    };
    return test_main(tests);
}
