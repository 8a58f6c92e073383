/* A fast path for parsing JSON-RPC request bodies into jansson values. jansson's parser reads
   its input through a callback per character, which made parsing a quarter of an eth_call's
   cost. This parser takes (pointer, length), handles the forms requests use (objects, arrays,
   ASCII strings without escapes, integers of up to 18 digits, true, false, null, nesting up to
   64 levels) and gives up (NULL) on anything else: escapes, non-ASCII or control characters,
   fractions and exponents, long integers, duplicate keys, malformed input. The caller then
   parses with jansson, which also makes every parse error message. So a body it accepts yields
   the value jansson would build (unit.test_node_json checks this against jansson), and a body it
   refuses is jansson's business. */
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"

#define MAX_DEPTH  64
#define MAX_DIGITS 18

typedef struct fp {
    const char *p, *end;
    int depth;
} fp;

static json_t *value(fp *f);

static void ws(fp *f)
{
    while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static bool eat(fp *f, char c)
{
    ws(f);
    if (f->p < f->end && *f->p == c) {
        f->p++;
        return true;
    }
    return false;
}

/* A string without escapes, printable ASCII only: *s, *n (the opening quote is at f->p). */
static bool str(fp *f, const char **s, size_t *n)
{
    const char *q = ++f->p;
    while (q < f->end && *q != '"') {
        unsigned char ch = (unsigned char)*q;
        if (ch < 0x20 || ch >= 0x7f || ch == '\\') return false;
        q++;
    }
    if (q == f->end) return false;
    *s = f->p;
    *n = (size_t)(q - f->p);
    f->p = q + 1;
    return true;
}

static json_t *number(fp *f)
{
    bool neg = *f->p == '-';
    const char *q = f->p + neg, *start = q;
    while (q < f->end && *q >= '0' && *q <= '9')
        q++;
    size_t digits = (size_t)(q - start);
    if (!digits || digits > MAX_DIGITS || (*start == '0' && digits > 1)) return NULL;
    int64_t v = 0; /* at most 18 digits: no overflow */
    for (const char *d = start; d < q; d++)
        v = v * 10 + (*d - '0');
    if (q < f->end && (*q == '.' || *q == 'e' || *q == 'E')) return NULL; /* a real: jansson */
    f->p = q;
    return json_integer(neg ? -v : v);
}

static json_t *literal(fp *f, const char *word, json_t *v)
{
    size_t n = strlen(word);
    if ((size_t)(f->end - f->p) < n || memcmp(f->p, word, n) != 0) return NULL;
    f->p += n;
    return v;
}

static json_t *array(fp *f)
{
    json_t *a = json_array();
    f->p++;
    if (eat(f, ']')) return a;
    do {
        json_t *v = value(f);
        if (!v || json_array_append_new(a, v) != 0) {
            json_decref(a);
            return NULL;
        }
    } while (eat(f, ','));
    if (eat(f, ']')) return a;
    json_decref(a);
    return NULL;
}

static json_t *object(fp *f)
{
    json_t *o = json_object();
    f->p++;
    if (eat(f, '}')) return o;
    do {
        const char *k;
        size_t n;
        json_t *v = NULL;
        ws(f);
        bool ok = f->p < f->end && *f->p == '"' && str(f, &k, &n) && eat(f, ':');
        if (ok && !json_object_getn(o, k, n) && (v = value(f)) != NULL &&
            json_object_setn_new(o, k, n, v) == 0)
            continue;
        json_decref(o);
        return NULL;
    } while (eat(f, ','));
    if (eat(f, '}')) return o;
    json_decref(o);
    return NULL;
}

static json_t *value(fp *f)
{
    ws(f);
    if (f->p == f->end || f->depth >= MAX_DEPTH) return NULL;
    json_t *v = NULL;
    const char *s;
    size_t n;
    f->depth++;
    switch (*f->p) {
    case '{': v = object(f); break;
    case '[': v = array(f); break;
    case '"': v = str(f, &s, &n) ? json_stringn_nocheck(s, n) : NULL; break;
    case 't': v = literal(f, "true", json_true()); break;
    case 'f': v = literal(f, "false", json_false()); break;
    case 'n': v = literal(f, "null", json_null()); break;
    default: v = *f->p == '-' || (*f->p >= '0' && *f->p <= '9') ? number(f) : NULL;
    }
    f->depth--;
    return v;
}

json_t *node_json_parse_fast(const char *p, size_t n)
{
    fp f = {p, p + n, 0};
    json_t *v = value(&f);
    ws(&f);
    if (v && f.p != f.end) {
        json_decref(v);
        return NULL;
    }
    return v;
}
