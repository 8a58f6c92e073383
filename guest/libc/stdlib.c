/* Numeric conversion and sorting for the guest. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
    const char *p = s;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    bool neg = *p == '-';
    if (*p == '+' || *p == '-') p++;
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2, base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    unsigned long long v = 0;
    bool any = false, over = false;
    for (;; p++, any = true) {
        int d = *p >= '0' && *p <= '9'   ? *p - '0'
                : *p >= 'a' && *p <= 'z' ? *p - 'a' + 10
                : *p >= 'A' && *p <= 'Z' ? *p - 'A' + 10
                                         : 99;
        if (d >= base) break;
        if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base) over = true;
        v = v * (unsigned)base + (unsigned)d;
    }
    if (end) *end = (char *)(any ? p : s);
    if (over) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? -v : v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
    return strtoull(s, end, base);
}

/* Signed: the magnitude through strtoull, clamped to long's range. */
long strtol(const char *restrict s, char **restrict end, int base)
{
    const char *p = s;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    bool neg = *p == '-';
    unsigned long long m = strtoull(p + (*p == '-' || *p == '+'), end, base);
    if (end && *end == p + (*p == '-' || *p == '+')) *end = (char *)s; /* no digits */
    if (m > (unsigned long long)LONG_MAX + neg) {
        errno = ERANGE;
        return neg ? LONG_MIN : LONG_MAX;
    }
    return neg ? (long)(0 - m) : (long)m;
}

int atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

/* Insertion sort below 16 elements, else heap sort: O(n log n), no recursion, no allocation. */
static void swap_bytes(char *a, char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

static void sift(char *base, size_t i, size_t n, size_t size,
                 int (*cmp)(const void *, const void *))
{
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && cmp(base + c * size, base + (c + 1) * size) < 0) c++;
        if (cmp(base + i * size, base + c * size) >= 0) return;
        swap_bytes(base + i * size, base + c * size, size);
    }
}

void qsort(void *p, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *base = p;
    if (n < 16) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
                swap_bytes(base + (j - 1) * size, base + j * size, size);
        return;
    }
    for (size_t i = n / 2; i-- > 0;)
        sift(base, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap_bytes(base, base + end * size, size);
        sift(base, 0, end, size, cmp);
    }
}
