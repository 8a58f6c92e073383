/* SDK runtime: the default constructor, the deploy return, and the memory functions gcc may
   call. */
#include "rivet.h"

__attribute__((weak)) void rivet_constructor(void)
{
}

/* Returns the deployed code: this container, which is the initcode without the constructor
   arguments that follow it. */
__attribute__((noreturn)) void rivet_deploy(void);
void rivet_deploy(void)
{
    extern char _end[];
    uint64_t n = RV_EC(CODESIZE, 0, 0, 0, 0, 0) - rv_calldatasize();
    uint8_t *buf = (uint8_t *)(((uint64_t)_end + 15) & ~(uint64_t)15);
    RV_EC(CODECOPY, buf, 0, n, 0, 0);
    rv_return(buf, n);
}

uint8_t *rivet_heap;

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *o = d;
    const uint8_t *i = s;
    if ((((uintptr_t)o | (uintptr_t)i) & 7) == 0)
        for (; n >= 8; n -= 8, o += 8, i += 8)
            *(uint64_t *)(void *)o = *(const uint64_t *)(const void *)i;
    while (n--)
        *o++ = *i++;
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *o = d;
    while (n--)
        *o++ = (uint8_t)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}
