/* u256 division and modular arithmetic: Knuth's algorithm D on 64-bit limbs, used for
   DIV/MOD/SDIV/SMOD (256/256 bits), ADDMOD (257/256) and MULMOD (512/256). */
#include "rivet/u256.h"

typedef unsigned __int128 u128;

/* (hi:lo) / d with hi < d, so the quotient fits in 64 bits. */
static inline uint64_t div128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    *rem = r;
    return q;
#else
    u128 n = (u128)hi << 64 | lo;
    *rem = (uint64_t)(n % d);
    return (uint64_t)(n / d);
#endif
}

/* Number of significant limbs of x[0..n). */
static inline int limbs(const uint64_t *x, int n)
{
    while (n > 0 && x[n - 1] == 0)
        n--;
    return n;
}

/* u[0..m) / v[0..n) with m >= n >= 1 and v[n-1] != 0. Writes the quotient to q[0..m-n] and
   the remainder to r[0..n). At most 8 dividend limbs (a 512-bit product). */
static void udivrem(uint64_t *q, uint64_t *r, const uint64_t *u, int m, const uint64_t *v, int n)
{
    if (n == 1) {
        uint64_t rem = 0;
        for (int i = m - 1; i >= 0; i--)
            q[i] = div128(rem, u[i], v[0], &rem);
        r[0] = rem;
        return;
    }
    /* Normalise so the divisor's top bit is set; the dividend gains one limb. */
    unsigned s = (unsigned)__builtin_clzll(v[n - 1]);
    uint64_t vn[4], un[9];
    for (int i = n - 1; i > 0; i--)
        vn[i] = v[i] << s | (v[i - 1] >> 1) >> (63 - s);
    vn[0] = v[0] << s;
    un[m] = (u[m - 1] >> 1) >> (63 - s);
    for (int i = m - 1; i > 0; i--)
        un[i] = u[i] << s | (u[i - 1] >> 1) >> (63 - s);
    un[0] = u[0] << s;

    uint64_t vtop = vn[n - 1], vnext = vn[n - 2];
    for (int j = m - n; j >= 0; j--) {
        /* Estimate the quotient digit from the top two dividend limbs, then refine it with the
           next limb; afterwards it is at most one too large. */
        uint64_t qhat, rhat;
        int rhat_big = 0; /* rhat >= 2^64: the refinement test cannot fire */
        if (un[j + n] >= vtop) {
            qhat = ~0ull;
            u128 rr = (u128)un[j + n - 1] + vtop; /* (un[j+n] == vtop) */
            rhat = (uint64_t)rr;
            rhat_big = (int)(rr >> 64);
        } else {
            qhat = div128(un[j + n], un[j + n - 1], vtop, &rhat);
        }
        while (!rhat_big && (u128)qhat * vnext > ((u128)rhat << 64 | un[j + n - 2])) {
            qhat--;
            u128 rr = (u128)rhat + vtop;
            rhat = (uint64_t)rr;
            rhat_big = (int)(rr >> 64);
        }
        /* un[j..j+n] -= qhat * vn */
        uint64_t mulc = 0, borrow = 0;
        for (int i = 0; i < n; i++) {
            u128 p = (u128)qhat * vn[i] + mulc;
            mulc = (uint64_t)(p >> 64);
            uint64_t x = un[i + j], pl = (uint64_t)p;
            uint64_t y = x - pl;
            uint64_t b = (x < pl) | (y < borrow);
            un[i + j] = y - borrow;
            borrow = b;
        }
        uint64_t x = un[j + n];
        uint64_t y = x - mulc;
        uint64_t b = (x < mulc) | (y < borrow);
        un[j + n] = y - borrow;
        if (b) {
            /* qhat was one too large: add the divisor back. */
            qhat--;
            uint64_t c = 0;
            for (int i = 0; i < n; i++) {
                u128 t = (u128)un[i + j] + vn[i] + c;
                un[i + j] = (uint64_t)t;
                c = (uint64_t)(t >> 64);
            }
            un[j + n] += c;
        }
        q[j] = qhat;
    }
    for (int i = 0; i < n - 1; i++)
        r[i] = un[i] >> s | (un[i + 1] << 1) << (63 - s);
    r[n - 1] = un[n - 1] >> s;
}

void u256_divmod(u256 a, u256 b, u256 *q, u256 *r)
{
    if (u256_fits64(a) && u256_fits64(b) && b.w[0]) { /* the common case in real contracts */
        *q = u256_from_u64(a.w[0] / b.w[0]);
        *r = u256_from_u64(a.w[0] % b.w[0]);
        return;
    }
    int m = limbs(a.w, 4), n = limbs(b.w, 4);
    if (n == 0) {
        *q = *r = U256_ZERO;
        return;
    }
    if (m < n || u256_lt(a, b)) {
        *q = U256_ZERO;
        *r = a;
        return;
    }
    u256 qq = U256_ZERO, rr = U256_ZERO;
    udivrem(qq.w, rr.w, a.w, m, b.w, n);
    *q = qq;
    *r = rr;
}

u256 u256_div(u256 a, u256 b)
{
    u256 q, r;
    u256_divmod(a, b, &q, &r);
    return q;
}

u256 u256_mod(u256 a, u256 b)
{
    u256 q, r;
    u256_divmod(a, b, &q, &r);
    return r;
}

static inline u256 u256_abs(u256 a)
{
    return u256_is_neg(a) ? u256_neg(a) : a;
}

u256 u256_sdiv(u256 a, u256 b)
{
    /* |MIN| is MIN read as unsigned 2^255, so MIN / -1 = 2^255 = MIN without a special case. */
    u256 q = u256_div(u256_abs(a), u256_abs(b));
    return u256_is_neg(a) != u256_is_neg(b) ? u256_neg(q) : q;
}

u256 u256_smod(u256 a, u256 b)
{
    u256 r = u256_mod(u256_abs(a), u256_abs(b));
    return u256_is_neg(a) ? u256_neg(r) : r;
}

/* x[0..xn) mod m, m != 0. */
static u256 mod_wide(const uint64_t *x, int xn, u256 m)
{
    int n = limbs(m.w, 4), k = limbs(x, xn);
    u256 r = U256_ZERO;
    if (k < n) {
        for (int i = 0; i < k; i++)
            r.w[i] = x[i];
        return r;
    }
    uint64_t q[8];
    udivrem(q, r.w, x, k, m.w, n);
    return r;
}

u256 u256_addmod(u256 a, u256 b, u256 m)
{
    if (u256_is_zero(m)) return U256_ZERO;
    if (u256_lt(a, m) && u256_lt(b, m)) { /* sum < 2m: at most one subtraction */
        u256 s = u256_add(a, b);
        bool carry = u256_lt(s, a);
        return carry || !u256_lt(s, m) ? u256_sub(s, m) : s;
    }
    uint64_t x[5];
    uint64_t c = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a.w[i] + b.w[i] + c;
        x[i] = (uint64_t)t;
        c = (uint64_t)(t >> 64);
    }
    x[4] = c;
    return mod_wide(x, 5, m);
}

u256 u256_mulmod(u256 a, u256 b, u256 m)
{
    if (u256_is_zero(m)) return U256_ZERO;
    uint64_t x[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 p = (u128)a.w[i] * b.w[j] + x[i + j] + carry;
            x[i + j] = (uint64_t)p;
            carry = (uint64_t)(p >> 64);
        }
        x[i + 4] = carry;
    }
    return mod_wide(x, 8, m);
}
