/* 256-bit unsigned/signed integers as four 64-bit limbs, least significant first. EVM semantics:
   division by zero gives zero, shifts of 256 or more give zero (or all ones for sar of a
   negative value), arithmetic wraps modulo 2^256. */
#ifndef RIVET_U256_H
#define RIVET_U256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/status.h"

typedef struct u256 {
    uint64_t w[4];
} u256;

#define U256_ZERO ((u256){{0, 0, 0, 0}})
#define U256_MAX  ((u256){{~0ull, ~0ull, ~0ull, ~0ull}})

static inline u256 u256_from_u64(uint64_t v)
{
    return (u256){{v, 0, 0, 0}};
}
static inline bool u256_is_zero(u256 a)
{
    return (a.w[0] | a.w[1] | a.w[2] | a.w[3]) == 0;
}
/* True when a fits in 64 bits. */
static inline bool u256_fits64(u256 a)
{
    return (a.w[1] | a.w[2] | a.w[3]) == 0;
}
static inline bool u256_eq(u256 a, u256 b)
{
    return ((a.w[0] ^ b.w[0]) | (a.w[1] ^ b.w[1]) | (a.w[2] ^ b.w[2]) | (a.w[3] ^ b.w[3])) == 0;
}
/* Comparisons and subtraction are borrow chains (sub/sbb), without data-dependent branches. */
static inline bool u256_lt(u256 a, u256 b)
{
    uint64_t borrow = 0, d;
    for (int i = 0; i < 4; i++)
        borrow = (uint64_t)__builtin_sub_overflow(a.w[i], b.w[i], &d) |
                 (uint64_t)__builtin_sub_overflow(d, borrow, &d);
    return borrow != 0;
}
static inline bool u256_gt(u256 a, u256 b)
{
    return u256_lt(b, a);
}
static inline bool u256_is_neg(u256 a)
{
    return (int64_t)a.w[3] < 0;
}
static inline bool u256_slt(u256 a, u256 b)
{
    bool na = u256_is_neg(a), nb = u256_is_neg(b);
    return na != nb ? na : u256_lt(a, b);
}
static inline bool u256_sgt(u256 a, u256 b)
{
    return u256_slt(b, a);
}

static inline u256 u256_add(u256 a, u256 b)
{
    u256 r;
    unsigned __int128 c = 0;
    for (int i = 0; i < 4; i++) {
        c += (unsigned __int128)a.w[i] + b.w[i];
        r.w[i] = (uint64_t)c;
        c >>= 64;
    }
    return r;
}
static inline u256 u256_sub(u256 a, u256 b)
{
    u256 r;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++)
        borrow = (uint64_t)__builtin_sub_overflow(a.w[i], b.w[i], &r.w[i]) |
                 (uint64_t)__builtin_sub_overflow(r.w[i], borrow, &r.w[i]);
    return r;
}
static inline u256 u256_and(u256 a, u256 b)
{
    return (u256){{a.w[0] & b.w[0], a.w[1] & b.w[1], a.w[2] & b.w[2], a.w[3] & b.w[3]}};
}
static inline u256 u256_or(u256 a, u256 b)
{
    return (u256){{a.w[0] | b.w[0], a.w[1] | b.w[1], a.w[2] | b.w[2], a.w[3] | b.w[3]}};
}
static inline u256 u256_xor(u256 a, u256 b)
{
    return (u256){{a.w[0] ^ b.w[0], a.w[1] ^ b.w[1], a.w[2] ^ b.w[2], a.w[3] ^ b.w[3]}};
}
static inline u256 u256_not(u256 a)
{
    return (u256){{~a.w[0], ~a.w[1], ~a.w[2], ~a.w[3]}};
}
static inline u256 u256_neg(u256 a)
{
    return u256_sub(U256_ZERO, a);
}

/* Shifts by a 256-bit amount (EVM SHL/SHR/SAR semantics). */
u256 u256_shl(u256 a, u256 shift);
u256 u256_shr(u256 a, u256 shift);
u256 u256_sar(u256 a, u256 shift);
/* Shifts by n < 256 bits. */
u256 u256_shl_n(u256 a, unsigned n);
u256 u256_shr_n(u256 a, unsigned n);

u256 u256_mul(u256 a, u256 b);
u256 u256_div(u256 a, u256 b);  /* 0 when b == 0 */
u256 u256_mod(u256 a, u256 b);  /* 0 when b == 0 */
u256 u256_sdiv(u256 a, u256 b); /* two's complement; MIN / -1 == MIN */
u256 u256_smod(u256 a, u256 b); /* sign of the dividend */
u256 u256_addmod(u256 a, u256 b, u256 m);
u256 u256_mulmod(u256 a, u256 b, u256 m);
u256 u256_exp(u256 base, u256 exponent);
u256 u256_signextend(u256 byte_index, u256 x);
u256 u256_byte(u256 index, u256 x); /* EVM BYTE: index 0 is the most significant byte */
unsigned u256_clz(u256 a);          /* 256 for zero */
unsigned u256_bitlen(u256 a);       /* 0 for zero */
unsigned u256_bytelen(u256 a);      /* significant bytes, 0 for zero */
/* Quotient and remainder in one pass (both zero when b == 0). */
void u256_divmod(u256 a, u256 b, u256 *q, u256 *r);

/* Big-endian conversions. from_be takes up to 32 bytes (right-aligned). */
u256 u256_from_be(const uint8_t *p, size_t len);
void u256_to_be(uint8_t out[32], u256 a);
/* Parses "0x..." (or decimal when no prefix, as JSON fixtures use both); errors name the
   position. Values over 2^256-1 are ERANGE. */
RIVET_MUST_USE rivet_status u256_from_str(u256 *out, const char *s, size_t len, rivet_diag *d);
/* Writes minimal "0x..." hex (0 as "0x0"); out needs 67 bytes. */
char *u256_to_hex(char out[67], u256 a);
/* Decimal; out needs 79 bytes. */
char *u256_to_dec(char out[79], u256 a);

#endif
