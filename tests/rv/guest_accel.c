/* A zkVM-profile guest exercising input and the accelerator ecalls (docs/zkvm-abi.md).
   Reads its input (read, fd 0), prints keccak256 and sha256 of it, lane 0 of Keccak-f[1600]
   applied to the zero state, the address recovered from a known signature, and the results of
   verifying that signature with the recovered key and with a corrupted key. */
#include <stddef.h>
#include <stdint.h>

#include "guest_io.h"

static long ecall4(long n, long a0, long a1, long a2, long a3)
{
    register long r0 __asm__("a0") = a0;
    register long r1 __asm__("a1") = a1;
    register long r2 __asm__("a2") = a2;
    register long r3 __asm__("a3") = a3;
    register long r7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r7) : "memory");
    return r0;
}

static void put_hex(const char *label, const uint8_t *p, size_t n)
{
    char buf[160];
    ecall4(64, 1, (long)buf, (long)guest_hex_line(buf, label, p, n), 0);
}

static const uint8_t hash[32] = {0x18, 0xc5, 0x47, 0xe4, 0xf7, 0xb0, 0xf3, 0x25, 0xad, 0x1e, 0x56,
                                 0xf5, 0x7e, 0x26, 0xc7, 0x45, 0xb0, 0x9a, 0x3e, 0x50, 0x3d, 0x86,
                                 0xe0, 0x0e, 0x52, 0x55, 0xff, 0x7f, 0x71, 0x5d, 0x3d, 0x1c};
static const uint8_t sig[64] = {
    0x73, 0xb1, 0x69, 0x38, 0x92, 0x21, 0x9d, 0x73, 0x6c, 0xab, 0xa5, 0x5b, 0xdb, 0x67, 0x21, 0x6e,
    0x48, 0x55, 0x57, 0xea, 0x6b, 0x6a, 0xf7, 0x5f, 0x37, 0x09, 0x6c, 0x9a, 0xa6, 0xa5, 0xa7, 0x5f,
    0xee, 0xb9, 0x40, 0xb1, 0xd0, 0x3b, 0x21, 0xe3, 0x6b, 0x0e, 0x47, 0xe7, 0x97, 0x69, 0xf0, 0x95,
    0xfe, 0x2a, 0xb8, 0x55, 0xbd, 0x91, 0xe3, 0xa3, 0x87, 0x56, 0xb7, 0xd7, 0x5a, 0x9c, 0x45, 0x49};

void *memset(void *d, int c, size_t n); /* the compiler may call it for the zeroed state */
void *memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

void _start(void) __attribute__((noreturn, section(".text.start")));
void _start(void)
{
    uint8_t in[64], out[32], pub[64], addr[32];
    uint64_t state[25] = {0};
    long n = ecall4(63, 0, (long)in, sizeof in, 0);
    ecall4(0x1000, (long)in, n, (long)out, 0);
    put_hex("keccak256", out, 32);
    ecall4(0x1002, (long)in, n, (long)out, 0);
    put_hex("sha256", out, 32);
    ecall4(0x1001, (long)state, 0, 0, 0);
    put_hex("keccakf_lane0", (const uint8_t *)state, 8);
    long st = ecall4(0x1003, (long)hash, (long)sig, 1, (long)pub);
    ecall4(0x1000, (long)pub, 64, (long)addr, 0);
    put_hex("ecrecover", addr + 12, 20);
    uint8_t r[2];
    r[0] = (uint8_t)st;
    r[1] = (uint8_t)ecall4(0x1004, (long)hash, (long)sig, (long)pub, 0);
    pub[5] ^= 1;
    uint8_t bad = (uint8_t)ecall4(0x1004, (long)hash, (long)sig, (long)pub, 0);
    put_hex("status_recover_verify", r, 2);
    put_hex("verify_corrupted", &bad, 1);
    ecall4(93, 0, 0, 0, 0);
    for (;;) {
    }
}
