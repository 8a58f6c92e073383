/* String and memory functions of the guest C library. Copies move 8 bytes per step: with whole
   words when both pointers share alignment, otherwise with aligned loads merged by shifts
   (RV64IM has no vector unit; byte loops cost 5 instructions a byte). An aligned load never
   crosses a page, so reading the whole word around a needed byte is safe. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t word;

/* Forward copy of n bytes to an 8-aligned p from q of another alignment; returns the bytes
   left (< 8). Safe for overlaps with p < q. */
static size_t copy_fwd_shift(uint8_t *p, const uint8_t *q, size_t n)
{
    unsigned off = (uintptr_t)q & 7, rs = 8 * off, ls = 64 - rs;
    const word *s = (const word *)(q - off);
    word lo = *s++;
    for (; n >= 8; n -= 8, p += 8) {
        word hi = *s++;
        *(word *)p = lo >> rs | hi << ls;
        lo = hi;
    }
    return n;
}

/* Backward copy ending at an 8-aligned pe from qe (another alignment); returns the bytes left
   at the start. Safe for overlaps with pe > qe. */
static size_t copy_bwd_shift(uint8_t *pe, const uint8_t *qe, size_t n)
{
    unsigned off = (uintptr_t)qe & 7, ls = 64 - 8 * off, rs = 8 * off;
    const word *s = (const word *)(qe - off);
    word hi = *s;
    for (; n >= 8; n -= 8) {
        word lo = *--s;
        pe -= 8;
        *(word *)pe = lo >> rs | hi << ls;
        hi = lo;
    }
    return n;
}

/* Forward copy, also memmove's when d < s. */
static void *copy_fwd(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    if (n >= 16) {
        while ((uintptr_t)p & 7)
            *p++ = *q++, n--;
        if ((uintptr_t)q & 7) {
            size_t left = copy_fwd_shift(p, q, n);
            p += n - left, q += n - left, n = left;
        } else {
            for (; n >= 8; n -= 8, p += 8, q += 8)
                *(word *)p = *(const word *)q;
        }
    }
    while (n--)
        *p++ = *q++;
    return d;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    return copy_fwd(d, s, n);
}

void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    if (p <= q || p >= q + n) return copy_fwd(d, s, n);
    uint8_t *pe = p + n;
    const uint8_t *qe = q + n;
    if (n >= 16) {
        while ((uintptr_t)pe & 7)
            *--pe = *--qe, n--;
        if ((uintptr_t)qe & 7) {
            size_t left = copy_bwd_shift(pe, qe, n);
            pe -= n - left, qe -= n - left, n = left;
        } else {
            for (; n >= 8; n -= 8)
                pe -= 8, qe -= 8, *(word *)pe = *(const word *)qe;
        }
    }
    while (n--)
        *--pe = *--qe;
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    uint64_t w = (uint8_t)c * 0x0101010101010101ull;
    while (n && ((uintptr_t)p & 7))
        *p++ = (uint8_t)c, n--;
    for (; n >= 8; n -= 8, p += 8)
        *(uint64_t *)p = w;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    if ((((uintptr_t)p | (uintptr_t)q) & 7) == 0) /* skip equal words */
        for (; n >= 8 && *(const word *)p == *(const word *)q; n -= 8)
            p += 8, q += 8;
    for (size_t i = 0; i < n; i++)
        if (p[i] != q[i]) return p[i] - q[i];
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const uint8_t *p = s;
    for (size_t i = 0; i < n; i++)
        if (p[i] == (uint8_t)c) return (void *)(p + i);
    return NULL;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++)
        if (*a != *b || !*a) return (uint8_t)*a - (uint8_t)*b;
    return 0;
}

size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;
    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;
    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c) return (char *)s;
        if (!*s) return NULL;
    }
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int strcasecmp(const char *a, const char *b)
{
    while (*a && lower((uint8_t)*a) == lower((uint8_t)*b))
        a++, b++;
    return lower((uint8_t)*a) - lower((uint8_t)*b);
}

char *strstr(const char *h, const char *n)
{
    size_t k = strlen(n);
    for (; *h; h++)
        if (!strncmp(h, n, k)) return (char *)h;
    return k ? NULL : (char *)h;
}

char *strerror(int e)
{
    return (char *)(e == ENOMEM ? "out of memory" : e == ENOENT ? "no such file" : "error");
}
