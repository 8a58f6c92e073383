/* node_json_parse_fast against jansson (the oracle): every body it accepts must give the value
   jansson gives (json_equal, and the same key order), and every body jansson refuses it must
   refuse too. Fixed cases (requests, edge forms) and deterministic mutations of them. */
#include "test.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "node/node_impl.h"

static const char *const cases[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\"0x0000F90827F1C5"
    "3a10cb7A02335B175320002935\",\"data\":\"0x00\"},\"latest\"]}",
    "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"eth_chainId\"},{\"jsonrpc\":\"2.0\",\"id\":"
    "null,"
    "\"method\":\"net_version\",\"params\":[]}]",
    " \t\r\n{ \"a\" : [ 1 , -2 , 0 , -0 , true , false , null , \"\" , { } , [ ] ] } \n",
    "{\"id\":123456789012345678}",
    "{\"id\":777777777777777777777777}",
    "[-99999999999999999999]",
    "{\"id\":1234567890123456789}",
    "{\"id\":-123456789012345678}",
    "{\"id\":1.5}",
    "{\"id\":1e3}",
    "{\"id\":01}",
    "{\"id\":-}",
    "{\"id\":+1}",
    "{\"a\":1,\"a\":2}",
    "{\"a\":\"\\u0041\"}",
    "{\"a\":\"\\\"\"}",
    "{\"a\":\"\xc3\xa9\"}",
    "{\"a\":\"\x7f\"}",
    "{\"a\":\"\x01\"}",
    "{\"a\":1,}",
    "[1,]",
    "[",
    "]",
    "{",
    "}",
    "",
    " ",
    "nul",
    "null",
    "true",
    "truex",
    "[true false]",
    "{\"a\" 1}",
    "{1:2}",
    "\"abc\"",
    "\"abc",
    "42",
    "-",
    "[[[[[[[[]]]]]]]]",
    "{\"a\":[1,2,{\"b\":{\"c\":[null]}}]}",
    "[1]x",
    "{\"\":0}",
    "[\"a\" , \"b\"]",
};

/* The fast result must be NULL or equal to jansson's; where jansson refuses, NULL. */
static void check(const char *p, size_t n)
{
    json_error_t je;
    json_t *ref = json_loadb(p, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    json_t *fast = node_json_parse_fast(p, n);
    if (!ref) {
        if (fast) fail_msg("accepted what jansson refuses: %.*s", (int)n, p);
    } else if (fast) {
        if (!json_equal(ref, fast)) fail_msg("differs from jansson: %.*s", (int)n, p);
        char *a = json_dumps(ref, JSON_COMPACT | JSON_ENCODE_ANY),
             *b = json_dumps(fast, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!a || !b || strcmp(a, b) != 0) fail_msg("key order differs: %.*s", (int)n, p);
        free(a);
        free(b);
    }
    json_decref(ref);
    json_decref(fast);
}

static void test_cases(void **st)
{
    (void)st;
    size_t accepted = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        check(cases[i], strlen(cases[i]));
        json_t *v = node_json_parse_fast(cases[i], strlen(cases[i]));
        accepted += v != NULL;
        json_decref(v);
    }
    /* the request forms must take the fast path, or it measures nothing */
    json_t *v = node_json_parse_fast(cases[0], strlen(cases[0]));
    assert_non_null(v);
    json_decref(v);
    assert_true(accepted >= 12);
}

/* Each case with one byte changed, dropped or truncated, at every position (deterministic). */
static void test_mutations(void **st)
{
    (void)st;
    static const char subst[] = "{}[]\",:0-9.eE \\tfnu\x01\x80";
    char buf[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = strlen(cases[i]);
        if (n >= sizeof buf) continue;
        for (size_t k = 0; k < n; k++) {
            for (size_t s = 0; s < sizeof subst - 1; s++) {
                memcpy(buf, cases[i], n);
                buf[k] = subst[s];
                check(buf, n);
            }
            memcpy(buf, cases[i], k);
            memcpy(buf + k, cases[i] + k + 1, n - k - 1);
            check(buf, n - 1);
            check(cases[i], k);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_mutations),
    };
    return test_main(tests);
}
