/* A guest that reaches the accelerators the way one target zkVM does (docs/zkvm-abi.md,
   "Profiles"), selected at build time with one of PROFILE_RIVET, PROFILE_ZISK, PROFILE_SP1,
   PROFILE_RISC0:
     rivet  ecall, id in a7: keccakf 0x1001, sha256 0x1002 (whole message); write 64, exit 93
     zisk   csrs 0x800 (keccak-f), csrs 0x805 (sha256f, parameter block); rivet's write/exit
     sp1    ecall, id in t0: KECCAK_PERMUTE, SHA_EXTEND + SHA_COMPRESS; WRITE, HALT
     risc0  ecall, id in t0: SOFTWARE/Keccak, SHA (all blocks in one call); SOFTWARE/Write, HALT
   It computes SHA3-256 (keccak-f, padding 0x06 ... 0x80) and SHA-256 of fixed messages and of a
   chain of messages built from the previous digests, and prints the digests; the expected
   values come from Python's hashlib (tests/rv/profile_accel.py). */
#include <stddef.h>
#include <stdint.h>

#include "guest_io.h"

#if !defined(PROFILE_RIVET) && !defined(PROFILE_ZISK) && !defined(PROFILE_SP1) &&                  \
    !defined(PROFILE_RISC0)
#error "define one of PROFILE_RIVET, PROFILE_ZISK, PROFILE_SP1, PROFILE_RISC0"
#endif

enum { ROUNDS = 400, MAX_MSG = 320 };

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}
void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

/* ---------------------------------------------------------------- the profile's calls */

#if defined(PROFILE_RIVET) || defined(PROFILE_ZISK)
static long rivet_ecall(long n, long a0, long a1, long a2)
{
    register long r0 __asm__("a0") = a0;
    register long r1 __asm__("a1") = a1;
    register long r2 __asm__("a2") = a2;
    register long r7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
    return r0;
}
static void out(const char *p, size_t n)
{
    rivet_ecall(64, 1, (long)p, (long)n);
}
static void halt(int code)
{
    rivet_ecall(93, code, 0, 0);
}
#endif

#if defined(PROFILE_SP1) || defined(PROFILE_RISC0)
/* ecall with the id in t0 and up to six arguments in a0..a5 (a0, a1 come back). */
static void t0_ecall(unsigned long id, unsigned long *a0, unsigned long *a1, unsigned long a2,
                     unsigned long a3, unsigned long a4, unsigned long a5, unsigned long t6)
{
    register unsigned long rt0 __asm__("t0") = id;
    register unsigned long rt6 __asm__("t6") = t6;
    register unsigned long r0 __asm__("a0") = *a0;
    register unsigned long r1 __asm__("a1") = *a1;
    register unsigned long r2 __asm__("a2") = a2;
    register unsigned long r3 __asm__("a3") = a3;
    register unsigned long r4 __asm__("a4") = a4;
    register unsigned long r5 __asm__("a5") = a5;
    __asm__ volatile("ecall"
                     : "+r"(r0), "+r"(r1)
                     : "r"(rt0), "r"(rt6), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
                     : "memory");
    *a0 = r0;
    *a1 = r1;
}
#endif

#ifdef PROFILE_SP1
enum { SP1_HALT = 0, SP1_WRITE = 2, SP1_SHA_EXTEND = 0x00300105, SP1_SHA_COMPRESS = 0x00010106 };
enum { SP1_KECCAK_PERMUTE = 0x00010109 };
static void out(const char *p, size_t n)
{
    unsigned long a0 = 1, a1 = (unsigned long)p;
    t0_ecall(SP1_WRITE, &a0, &a1, n, 0, 0, 0, 0);
}
static void halt(int code)
{
    unsigned long a0 = (unsigned long)code, a1 = 0;
    t0_ecall(SP1_HALT, &a0, &a1, 0, 0, 0, 0, 0);
}
#endif

#ifdef PROFILE_RISC0
enum { R0_HALT = 0, R0_SOFTWARE = 2, R0_SHA = 3, R0_SYS_KECCAK = 7, R0_SYS_WRITE = 16 };
static const char sys_write[] = "risc0_zkvm_platform::syscall::nr::SYS_WRITE";
static const char sys_keccak[] = "risc0_zkvm_platform::syscall::nr::SYS_KECCAK";
static void out(const char *p, size_t n)
{
    unsigned long a0 = 0, a1 = 0;
    t0_ecall(R0_SOFTWARE, &a0, &a1, (unsigned long)sys_write, 1, (unsigned long)p, n, R0_SYS_WRITE);
}
static void halt(int code)
{
    static uint32_t journal[8];
    unsigned long a0 = (unsigned long)code << 8, a1 = (unsigned long)journal;
    t0_ecall(R0_HALT, &a0, &a1, 0, 0, 0, 0, 0);
}
#endif

/* Keccak-f[1600] on 25 little-endian lanes. */
static void keccakf(uint64_t st[25])
{
#if defined(PROFILE_RIVET)
    rivet_ecall(0x1001, (long)st, 0, 0);
#elif defined(PROFILE_ZISK)
    __asm__ volatile("csrs 0x800, %0" : : "r"(st) : "memory");
#elif defined(PROFILE_SP1)
    unsigned long a0 = (unsigned long)st, a1 = 0;
    t0_ecall(SP1_KECCAK_PERMUTE, &a0, &a1, 0, 0, 0, 0, 0);
#else
    static uint64_t in[25];
    memcpy(in, st, sizeof in);
    unsigned long a0 = (unsigned long)st, a1 = 50;
    t0_ecall(R0_SOFTWARE, &a0, &a1, (unsigned long)sys_keccak, 0, (unsigned long)in, 0,
             R0_SYS_KECCAK);
#endif
}

/* SHA-256 of the padded message blk (nb 64-byte blocks), the digest's bytes into d. */
#ifndef PROFILE_RIVET
static const uint32_t sha_iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
static void put_be32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (24 - 8 * k));
}

static void sha_blocks(const uint8_t *blk, unsigned nb, uint8_t d[32])
{
#if defined(PROFILE_ZISK)
    uint64_t st64[4]; /* H0..H7 as little-endian u32 */
    uint32_t *h = (uint32_t *)st64;
    for (int i = 0; i < 8; i++)
        h[i] = sha_iv[i];
    for (unsigned b = 0; b < nb; b++) {
        uint64_t in[8], params[2] = {(uint64_t)st64, (uint64_t)in};
        memcpy(in, blk + 64 * b, 64);
        __asm__ volatile("csrs 0x805, %0" : : "r"(params) : "memory");
    }
    for (int i = 0; i < 8; i++)
        put_be32(d + 4 * i, h[i]);
#elif defined(PROFILE_SP1)
    uint64_t h[8], w[64];
    const uint8_t *p;
    for (int i = 0; i < 8; i++)
        h[i] = sha_iv[i];
    for (unsigned b = 0; b < nb; b++) {
        for (int i = 0; i < 16; i++) {
            p = blk + 64 * b + 4 * i;
            w[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        }
        unsigned long a0 = (unsigned long)w, a1 = 0;
        t0_ecall(SP1_SHA_EXTEND, &a0, &a1, 0, 0, 0, 0, 0);
        a0 = (unsigned long)w;
        a1 = (unsigned long)h;
        t0_ecall(SP1_SHA_COMPRESS, &a0, &a1, 0, 0, 0, 0, 0);
    }
    for (int i = 0; i < 8; i++)
        put_be32(d + 4 * i, (uint32_t)h[i]);
#else
    static uint32_t st[8]; /* the digest's bytes: big-endian words */
    for (int i = 0; i < 8; i++)
        put_be32((uint8_t *)(st + i), sha_iv[i]);
    unsigned long a0 = (unsigned long)st, a1 = (unsigned long)st;
    t0_ecall(R0_SHA, &a0, &a1, (unsigned long)blk, (unsigned long)(blk + 32), nb, 0, 0);
    memcpy(d, st, 32);
#endif
}
#endif

static void sha256(const uint8_t *m, size_t n, uint8_t d[32])
{
#ifdef PROFILE_RIVET
    rivet_ecall(0x1002, (long)m, (long)n, (long)d);
#else
    static uint64_t buf64[(MAX_MSG + 72) / 8];
    uint8_t *buf = (uint8_t *)buf64;
    size_t total = (n + 9 + 63) / 64 * 64;
    memcpy(buf, m, n);
    buf[n] = 0x80;
    for (size_t i = n + 1; i < total - 8; i++)
        buf[i] = 0;
    for (int k = 0; k < 8; k++)
        buf[total - 1 - k] = (uint8_t)((uint64_t)n * 8 >> (8 * k));
    sha_blocks(buf, (unsigned)(total / 64), d);
#endif
}

/* SHA3-256 (FIPS 202): rate 136 bytes, padding 0x06 ... 0x80. */
static void sha3_256(const uint8_t *m, size_t n, uint8_t d[32])
{
    uint64_t st[25];
    memset(st, 0, sizeof st);
    size_t pos = 0;
    for (size_t i = 0; i <= n; i++) {
        uint8_t byte = i < n ? m[i] : 0x06;
        st[pos / 8] ^= (uint64_t)byte << (8 * (pos % 8));
        if (i == n) break;
        if (++pos == 136) {
            keccakf(st);
            pos = 0;
        }
    }
    st[135 / 8] ^= (uint64_t)0x80 << (8 * (135 % 8));
    keccakf(st);
    for (int i = 0; i < 32; i++)
        d[i] = (uint8_t)(st[i / 8] >> (8 * (i % 8)));
}

/* ---------------------------------------------------------------- the program */

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
    char buf[128];
    out(buf, guest_hex_line(buf, label, p, n));
}

static const uint8_t abc[3] = {'a', 'b', 'c'};

static void run(void)
{
    static uint8_t msg[MAX_MSG];
    uint8_t d3[32], d2[32], acc[32];
    sha3_256(abc, 0, d3);
    print_hex("sha3_256()", d3, 32);
    sha3_256(abc, 3, d3);
    print_hex("sha3_256(abc)", d3, 32);
    sha256(abc, 0, d2);
    print_hex("sha256()", d2, 32);
    sha256(abc, 3, d2);
    print_hex("sha256(abc)", d2, 32);
    /* a chain: message r has length (37 r) mod 311, byte j = acc[j mod 32] ^ (13 j + r) */
    memset(acc, 0, sizeof acc);
    for (unsigned r = 0; r < ROUNDS; r++) {
        size_t n = (37 * r) % 311;
        for (size_t j = 0; j < n; j++)
            msg[j] = (uint8_t)(acc[j % 32] ^ (13 * j + r));
        sha3_256(msg, n, d3);
        sha256(msg, n, d2);
        for (int i = 0; i < 32; i++)
            acc[i] = d3[i] ^ d2[i];
    }
    print_hex("chain", acc, 32);
}

void _start(void) __attribute__((noreturn, section(".text.start")));
void _start(void)
{
    run();
    halt(0);
    for (;;) {
    }
}
