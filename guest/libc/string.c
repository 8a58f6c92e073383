/* String and memory functions of the guest C library. Word-at-a-time copies and fills when
   both pointers share alignment (RV64IM has no vector unit; this halves the loop count). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    if ((((uintptr_t)p ^ (uintptr_t)q) & 7) == 0) {
        while (n && ((uintptr_t)p & 7))
            *p++ = *q++, n--;
        for (; n >= 8; n -= 8, p += 8, q += 8)
            *(uint64_t *)p = *(const uint64_t *)q;
    }
    while (n--)
        *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    if (p <= q || p >= q + n) return memcpy(d, s, n);
    while (n--)
        p[n] = q[n];
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
