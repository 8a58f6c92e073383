/* A static PIE for the zkVM profile: the pointer table needs R_RISCV_RELATIVE relocations,
   applied by the loader at the PIE base (0x80000000). Prints "first" and "second". */
#include <stdint.h>

static long sys3(long n, long a, long b, long c)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

/* volatile, so the compiler cannot fold the loads away: the pointers come from memory */
const char *volatile msgs[] = {"first\n", "second\n"};
const char *volatile *volatile table = msgs;

void _start(void) __attribute__((noreturn));
void _start(void)
{
    for (int i = 0; i < 2; i++) {
        const char *s = table[i];
        long n = 0;
        while (s[n])
            n++;
        sys3(64, 1, (long)s, n);
    }
    sys3(93, 0, 0, 0);
    for (;;) {
    }
}
