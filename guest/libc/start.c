/* Start-up of zkVM guests: the emulator sets sp to the top of RAM and jumps to _start; we set
   gp, call main and exit with its status. bss is zero already (fresh guest memory). */
#include "libc/sys.h"

int main(void);

long sys_write(int fd, const void *p, size_t n)
{
    register long a0 __asm__("a0") = fd;
    register long a1 __asm__("a1") = (long)p;
    register long a2 __asm__("a2") = (long)n;
    register long a7 __asm__("a7") = 64;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

_Noreturn void sys_exit(int code)
{
    register long a0 __asm__("a0") = code;
    register long a7 __asm__("a7") = 93;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
    for (;;) {
    }
}

void _start_c(void);
void _start_c(void)
{
    sys_exit(main());
}

__asm__(".section .text.start,\"ax\",@progbits\n"
        ".globl _start\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "  la gp, __global_pointer$\n"
        ".option pop\n"
        "  andi sp, sp, -16\n"
        "  call _start_c\n"
        ".text\n");
