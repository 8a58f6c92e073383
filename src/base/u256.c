/* u256 arithmetic: shifts, bit queries, multiplication, exponentiation, byte operations.
   Division and modular arithmetic are in u256_div.c. */
#include "rivet/u256.h"

/* Shifts use an 8-limb window with zeros on one side, so every limb index is in range and
   there is no branch on the shift amount. The cross-limb term is written (x >> 1) >> (63 - bits)
   so that bits == 0 gives 0 instead of an undefined shift by 64. */
u256 u256_shl_n(u256 a, unsigned n)
{
    const uint64_t t[8] = {0, 0, 0, 0, a.w[0], a.w[1], a.w[2], a.w[3]};
    unsigned bits = n & 63;
    const uint64_t *s = t + 4 - ((n >> 6) & 3);
    u256 r;
    for (int i = 0; i < 4; i++)
        r.w[i] = s[i] << bits | (s[i - 1] >> 1) >> (63 - bits);
    return r;
}

u256 u256_shr_n(u256 a, unsigned n)
{
    const uint64_t t[8] = {a.w[0], a.w[1], a.w[2], a.w[3], 0, 0, 0, 0};
    unsigned bits = n & 63;
    const uint64_t *s = t + ((n >> 6) & 3);
    u256 r;
    for (int i = 0; i < 4; i++)
        r.w[i] = s[i] >> bits | (s[i + 1] << 1) << (63 - bits);
    return r;
}

/* The shift amount when it is below 256, else 256. */
static inline unsigned shift_amount(u256 s)
{
    return (s.w[1] | s.w[2] | s.w[3]) || s.w[0] >= 256 ? 256 : (unsigned)s.w[0];
}

u256 u256_shl(u256 a, u256 shift)
{
    unsigned n = shift_amount(shift);
    return n < 256 ? u256_shl_n(a, n) : U256_ZERO;
}

u256 u256_shr(u256 a, u256 shift)
{
    unsigned n = shift_amount(shift);
    return n < 256 ? u256_shr_n(a, n) : U256_ZERO;
}

u256 u256_sar(u256 a, u256 shift)
{
    /* Arithmetic shift = logical shift of the value with its sign folded away. */
    uint64_t sign = (uint64_t)((int64_t)a.w[3] >> 63);
    u256 m = {{sign, sign, sign, sign}};
    unsigned n = shift_amount(shift);
    if (n >= 256) return m;
    return u256_xor(u256_shr_n(u256_xor(a, m), n), m);
}

unsigned u256_clz(u256 a)
{
    for (int i = 3; i >= 0; i--)
        if (a.w[i]) return (unsigned)(64 * (3 - i) + __builtin_clzll(a.w[i]));
    return 256;
}

unsigned u256_bitlen(u256 a)
{
    return 256 - u256_clz(a);
}

unsigned u256_bytelen(u256 a)
{
    return (u256_bitlen(a) + 7) / 8;
}

u256 u256_mul(u256 a, u256 b)
{
    /* Schoolbook keeping the low 256 bits, written out: six 64x64->128 products for the low
       three limbs, four 64-bit products that only feed the top limb. Twice as fast as the
       loop form with gcc -O2. */
    typedef unsigned __int128 u128;
    u256 r;
    u128 p;
    uint64_t c;
    p = (u128)a.w[0] * b.w[0];
    r.w[0] = (uint64_t)p, c = (uint64_t)(p >> 64);
    p = (u128)a.w[0] * b.w[1] + c;
    r.w[1] = (uint64_t)p, c = (uint64_t)(p >> 64);
    p = (u128)a.w[0] * b.w[2] + c;
    r.w[2] = (uint64_t)p, c = (uint64_t)(p >> 64);
    r.w[3] = a.w[0] * b.w[3] + c;
    p = (u128)a.w[1] * b.w[0] + r.w[1];
    r.w[1] = (uint64_t)p, c = (uint64_t)(p >> 64);
    p = (u128)a.w[1] * b.w[1] + r.w[2] + c;
    r.w[2] = (uint64_t)p, c = (uint64_t)(p >> 64);
    r.w[3] += a.w[1] * b.w[2] + c;
    p = (u128)a.w[2] * b.w[0] + r.w[2];
    r.w[2] = (uint64_t)p, c = (uint64_t)(p >> 64);
    r.w[3] += a.w[2] * b.w[1] + c + a.w[3] * b.w[0];
    return r;
}

u256 u256_exp(u256 base, u256 exponent)
{
    unsigned ebits = u256_bitlen(exponent);
    if (ebits == 0) return u256_from_u64(1);
    /* base = 2^k: the result is 2^(k*e), or zero once k*e reaches 256. */
    if (u256_bitlen(base) > 0 && u256_is_zero(u256_and(base, u256_sub(base, u256_from_u64(1))))) {
        unsigned k = u256_bitlen(base) - 1;
        if (k == 0) return base;
        if (ebits > 8 || exponent.w[0] * k >= 256) return U256_ZERO;
        return u256_shl_n(u256_from_u64(1), (unsigned)(exponent.w[0] * k));
    }
    /* Left-to-right square-and-multiply. */
    u256 r = base;
    for (int i = (int)ebits - 2; i >= 0; i--) {
        r = u256_mul(r, r);
        if ((exponent.w[i / 64] >> (i % 64)) & 1) r = u256_mul(r, base);
    }
    return r;
}

u256 u256_signextend(u256 byte_index, u256 x)
{
    if (!u256_fits64(byte_index) || byte_index.w[0] >= 31) return x;
    unsigned bit = 8 * (unsigned)byte_index.w[0] + 7; /* the sign bit, 7..247 */
    unsigned limb = bit / 64, off = bit % 64;
    uint64_t ext = -((x.w[limb] >> off) & 1);
    uint64_t keep = (2ull << off) - 1; /* bits 0..off; all ones when off == 63 */
    for (unsigned i = 0; i < 4; i++) {
        uint64_t m = i < limb ? ~0ull : i == limb ? keep : 0;
        x.w[i] = (x.w[i] & m) | (ext & ~m);
    }
    return x;
}

u256 u256_byte(u256 index, u256 x)
{
    if (!u256_fits64(index) || index.w[0] >= 32) return U256_ZERO;
    unsigned k = 31 - (unsigned)index.w[0]; /* byte number from the least significant end */
    return u256_from_u64((x.w[k / 8] >> (8 * (k % 8))) & 0xff);
}
