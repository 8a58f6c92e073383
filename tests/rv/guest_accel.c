/* A zkVM-profile guest exercising input and the accelerator ecalls (docs/zkvm-abi.md).
   Reads its input (read, fd 0), prints keccak256 and sha256 of it, lane 0 of Keccak-f[1600]
   applied to the zero state, the address recovered from a known signature, and the results of
   verifying that signature with the recovered key and with a corrupted key; then the BN254 calls
   (expected values: tests/rv/guest_accel.expected, from EIP-196/197's generators). */
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

/* BN254 (EIP-196/197): the G2 generator (x_im, x_re, y_im, y_re) and p - 2, the y of -G1
   when G1 = (1, 2). */
static const uint8_t bn_g2[128] = {
    0x19, 0x8e, 0x93, 0x93, 0x92, 0x0d, 0x48, 0x3a, 0x72, 0x60, 0xbf, 0xb7, 0x31, 0xfb, 0x5d, 0x25,
    0xf1, 0xaa, 0x49, 0x33, 0x35, 0xa9, 0xe7, 0x12, 0x97, 0xe4, 0x85, 0xb7, 0xae, 0xf3, 0x12, 0xc2,
    0x18, 0x00, 0xde, 0xef, 0x12, 0x1f, 0x1e, 0x76, 0x42, 0x6a, 0x00, 0x66, 0x5e, 0x5c, 0x44, 0x79,
    0x67, 0x43, 0x22, 0xd4, 0xf7, 0x5e, 0xda, 0xdd, 0x46, 0xde, 0xbd, 0x5c, 0xd9, 0x92, 0xf6, 0xed,
    0x09, 0x06, 0x89, 0xd0, 0x58, 0x5f, 0xf0, 0x75, 0xec, 0x9e, 0x99, 0xad, 0x69, 0x0c, 0x33, 0x95,
    0xbc, 0x4b, 0x31, 0x33, 0x70, 0xb3, 0x8e, 0xf3, 0x55, 0xac, 0xda, 0xdc, 0xd1, 0x22, 0x97, 0x5b,
    0x12, 0xc8, 0x5e, 0xa5, 0xdb, 0x8c, 0x6d, 0xeb, 0x4a, 0xab, 0x71, 0x80, 0x8d, 0xcb, 0x40, 0x8f,
    0xe3, 0xd1, 0xe7, 0x69, 0x0c, 0x43, 0xd3, 0x7b, 0x4c, 0xe6, 0xcc, 0x01, 0x66, 0xfa, 0x7d, 0xaa,
};
static const uint8_t bn_p_minus_2[32] = {
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x97, 0x81, 0x6a, 0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x45,
};

void *memset(void *d, int c, size_t n); /* the compiler may call it for the zeroed state */
void *memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

/* BN254: G1 + G1 and 2 * G1 (both 2 * G1), an off-curve point, and pairings: none (product one),
   a bad length, e(G1, G2) alone (not one) and e(G1, G2) * e(-G1, G2) (one). */
static void bn254(void)
{
    uint8_t pairs[2][192] = {{0}}, sum[64], prod[64], two[32] = {0}, bad[64] = {0}, st[5];
    uint8_t *g1 = pairs[0], *ng1 = pairs[1];
    g1[31] = 1, g1[63] = 2, ng1[31] = 1, two[31] = 2, bad[31] = 1, bad[63] = 3;
    for (int i = 0; i < 32; i++)
        ng1[32 + i] = bn_p_minus_2[i];
    for (int i = 0; i < 128; i++)
        pairs[0][64 + i] = pairs[1][64 + i] = bn_g2[i];
    st[0] = (uint8_t)ecall4(0x1005, (long)g1, (long)g1, (long)sum, 0);
    st[1] = (uint8_t)ecall4(0x1006, (long)g1, (long)two, (long)prod, 0);
    put_hex("bn254_add", sum, 64);
    put_hex("bn254_mul", prod, 64);
    st[2] = (uint8_t)ecall4(0x1005, (long)bad, (long)g1, (long)sum, 0);
    put_hex("bn254_status_add_mul_bad", st, 3);
    st[0] = (uint8_t)ecall4(0x1007, (long)pairs, 0, 0, 0);
    st[1] = (uint8_t)ecall4(0x1007, (long)pairs, 100, 0, 0);
    st[2] = (uint8_t)ecall4(0x1007, (long)pairs, 192, 0, 0);
    st[3] = (uint8_t)ecall4(0x1007, (long)pairs, 384, 0, 0);
    pairs[1][63] ^= 1; /* -G1 off the curve */
    st[4] = (uint8_t)ecall4(0x1007, (long)pairs, 384, 0, 0);
    put_hex("bn254_pairing_status", st, 5);
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
    bn254();
    ecall4(93, 0, 0, 0, 0);
    for (;;) {
    }
}
