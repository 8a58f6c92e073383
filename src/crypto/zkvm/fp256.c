/* A generic prime field of at most 256 bits in Montgomery form: CIOS multiplication on four
   64-bit limbs. Serves secp256k1 and P-256 (base fields and scalar fields alike). */
#include <string.h>

#include "crypto/zkvm/zk.h"

typedef unsigned __int128 u128;

/* Fixed 4-limb loops, unrolled: the field multiply is the inner loop of every curve op. */
#define FOR4(i) _Pragma("GCC unroll 4") for (int i = 0; i < 4; i++)

static void copy4(uint64_t r[4], const uint64_t a[4])
{
    FOR4(i) r[i] = a[i];
}

void zk_load(uint64_t r[4], const uint8_t b[32])
{
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int k = 0; k < 8; k++)
            w = w << 8 | b[8 * (3 - i) + k];
        r[i] = w;
    }
}

void zk_store(uint8_t b[32], const uint64_t a[4])
{
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 8; k++)
            b[8 * (3 - i) + k] = (uint8_t)(a[i] >> (56 - 8 * k));
}

int zk_cmp(const uint64_t a[4], const uint64_t b[4])
{
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

bool zk_fiszero(const uint64_t a[4])
{
    return (a[0] | a[1] | a[2] | a[3]) == 0;
}

bool zk_feq(const uint64_t a[4], const uint64_t b[4])
{
    return zk_cmp(a, b) == 0;
}

/* r = a - b over 256 bits; returns the borrow. */
uint64_t zk_sub4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    FOR4(i)
    {
        u128 d = (u128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    return borrow;
}

uint64_t zk_add4(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t carry = 0;
    FOR4(i)
    {
        u128 s = (u128)a[i] + b[i] + carry;
        r[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    return carry;
}

/* r = a + b mod p for a, b < p; the carry out of 256 bits also forces the subtraction. */
void zk_fadd(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t t[4], u[4];
    uint64_t carry = zk_add4(t, a, b);
    uint64_t borrow = zk_sub4(u, t, f->p);
    copy4(r, carry || !borrow ? u : t);
}

void zk_fsub(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t t[4];
    if (zk_sub4(t, a, b)) zk_add4(t, t, f->p);
    copy4(r, t);
}

void zk_fmul(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t t[6] = {0};
    FOR4(i)
    {
        u128 c = 0;
        FOR4(j)
        {
            c += (u128)t[j] + (u128)a[j] * b[i];
            t[j] = (uint64_t)c;
            c >>= 64;
        }
        c += t[4];
        t[4] = (uint64_t)c;
        t[5] = (uint64_t)(c >> 64);
        uint64_t m = t[0] * f->n0;
        c = (u128)t[0] + (u128)m * f->p[0];
        c >>= 64;
        _Pragma("GCC unroll 3") for (int j = 1; j < 4; j++)
        {
            c += (u128)t[j] + (u128)m * f->p[j];
            t[j - 1] = (uint64_t)c;
            c >>= 64;
        }
        c += t[4];
        t[3] = (uint64_t)c;
        t[4] = t[5] + (uint64_t)(c >> 64);
    }
    uint64_t u[4];
    uint64_t borrow = zk_sub4(u, t, f->p);
    copy4(r, t[4] || !borrow ? u : t);
}

void zk_fpow(const zk_field *f, uint64_t r[4], const uint64_t a[4], const uint64_t e[4])
{
    uint64_t acc[4], base[4];
    memcpy(acc, f->one, sizeof acc);
    memcpy(base, a, sizeof base);
    for (int i = 255; i >= 0; i--) {
        zk_fmul(f, acc, acc, acc);
        if (e[i / 64] >> (i % 64) & 1) zk_fmul(f, acc, acc, base);
    }
    memcpy(r, acc, sizeof acc);
}

void zk_finv(const zk_field *f, uint64_t r[4], const uint64_t a[4])
{
    static const uint64_t two[4] = {2, 0, 0, 0};
    uint64_t e[4];
    zk_sub4(e, f->p, two);
    zk_fpow(f, r, a, e);
}

void zk_fto(const zk_field *f, uint64_t r[4], const uint64_t a[4])
{
    zk_fmul(f, r, a, f->r2);
}

void zk_ffrom(const zk_field *f, uint64_t r[4], const uint64_t a[4])
{
    static const uint64_t one[4] = {1, 0, 0, 0};
    zk_fmul(f, r, a, one);
}

void zk_field_init(zk_field *f, const uint8_t p_be[32])
{
    zk_load(f->p, p_be);
    uint64_t x = f->p[0]; /* Newton's iteration for p^-1 mod 2^64: 3, 6, ..., 96 bits */
    for (int i = 0; i < 5; i++)
        x *= 2 - f->p[0] * x;
    f->n0 = -x;
    uint64_t v[4] = {1, 0, 0, 0};
    for (int i = 0; i < 512; i++) { /* doubling: 2^256 mod p after 256 steps, 2^512 after 512 */
        zk_fadd(f, v, v, v);
        if (i == 255) memcpy(f->one, v, sizeof v);
    }
    memcpy(f->r2, v, sizeof v);
}
