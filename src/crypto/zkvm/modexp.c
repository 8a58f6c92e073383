/* Portable modexp (EIP-198) for any operand sizes. The modulus m = 2^k * q with q odd:
   base^exp mod q by Montgomery multiplication (CIOS), base^exp mod 2^k by truncated
   multiplication, joined by the CRT: x = xq + q * ((x2 - xq) * q^-1 mod 2^k). No division. */
#include <stdlib.h>
#include <string.h>

#include "crypto/zkvm/zk.h"

typedef unsigned __int128 u128;
typedef uint64_t limb;

/* A ring Z/q (Montgomery, q odd) or Z/2^k (truncated) on n limbs. */
typedef struct {
    size_t n;
    const limb *q; /* Montgomery modulus; NULL for 2^k */
    limb n0;       /* -q^-1 mod 2^64 */
    limb top_mask; /* 2^k: mask of the top limb */
    limb *t;       /* n + 2 limbs of scratch */
} bn_ring;

/* Limbs [off, off + n) of a big-endian byte string, little-endian. */
static void bn_from_be_at(limb *r, size_t n, const uint8_t *b, size_t len, size_t off)
{
    memset(r, 0, n * sizeof *r);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < 8; k++) {
            size_t bi = 8 * (off + i) + k; /* byte index from the least significant end */
            if (bi < len) r[i] |= (limb)b[len - 1 - bi] << (8 * k);
        }
}

static void bn_from_be(limb *r, size_t n, const uint8_t *b, size_t len)
{
    bn_from_be_at(r, n, b, len, 0);
}

static limb bn_sub(limb *r, const limb *a, const limb *b, size_t n)
{
    limb borrow = 0;
    for (size_t i = 0; i < n; i++) {
        u128 d = (u128)a[i] - b[i] - borrow;
        r[i] = (limb)d;
        borrow = (limb)(d >> 64) & 1;
    }
    return borrow;
}

/* r = a * b mod 2^(64n), r must not alias a or b. */
static void bn_mullo(limb *r, const limb *a, const limb *b, size_t n)
{
    memset(r, 0, n * sizeof *r);
    for (size_t i = 0; i < n; i++) {
        u128 c = 0;
        for (size_t j = 0; i + j < n; j++) {
            c += (u128)a[j] * b[i] + r[i + j];
            r[i + j] = (limb)c;
            c >>= 64;
        }
    }
}

/* r = a * b * 2^(-64n) mod q (CIOS); a, b < q; r may alias a or b. */
static void bn_montmul(const bn_ring *g, limb *r, const limb *a, const limb *b)
{
    size_t n = g->n;
    limb *t = g->t;
    memset(t, 0, (n + 2) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        u128 c = 0;
        for (size_t j = 0; j < n; j++) {
            c += (u128)a[j] * b[i] + t[j];
            t[j] = (limb)c;
            c >>= 64;
        }
        c += t[n];
        t[n] = (limb)c;
        t[n + 1] = (limb)(c >> 64);
        limb m = t[0] * g->n0;
        c = ((u128)m * g->q[0] + t[0]) >> 64;
        for (size_t j = 1; j < n; j++) {
            c += (u128)m * g->q[j] + t[j];
            t[j - 1] = (limb)c;
            c >>= 64;
        }
        c += t[n];
        t[n - 1] = (limb)c;
        t[n] = t[n + 1] + (limb)(c >> 64);
    }
    /* t < 2q: subtract q once unless that borrows out of t's n + 1 limbs */
    if (bn_sub(r, t, g->q, n) && !t[n]) memcpy(r, t, n * sizeof *r);
}

static void bn_mul(const bn_ring *g, limb *r, const limb *a, const limb *b)
{
    if (g->q) {
        bn_montmul(g, r, a, b);
        return;
    }
    bn_mullo(g->t, a, b, g->n);
    g->t[g->n - 1] &= g->top_mask;
    memcpy(r, g->t, g->n * sizeof *r);
}

/* r = b^exp in the ring, left to right over w-bit digits (w = 4, or 1 for exponents of up to
   two bytes where the table would cost more than it saves); one = the ring's 1, b reduced. */
static bool bn_pow(const bn_ring *g, limb *r, const limb *b, const limb *one, const uint8_t *exp,
                   size_t exp_len)
{
    size_t n = g->n;
    unsigned w = exp_len > 2 ? 4 : 1, mask = (1u << w) - 1;
    limb *tab = malloc(((size_t)1 << w) * n * sizeof *tab);
    if (!tab) return false;
    memcpy(tab, one, n * sizeof *tab);
    memcpy(tab + n, b, n * sizeof *tab);
    for (size_t i = 2; i <= mask; i++)
        bn_mul(g, tab + i * n, tab + (i - 1) * n, b);
    memcpy(r, one, n * sizeof *r);
    bool started = false;
    for (size_t i = 0; i < 8 * exp_len / w; i++) {
        unsigned digit = exp[i * w / 8] >> (8 - w - i * w % 8) & mask;
        if (started)
            for (unsigned k = 0; k < w; k++)
                bn_mul(g, r, r, r);
        if (digit) {
            bn_mul(g, r, r, tab + digit * n);
            started = true;
        }
    }
    free(tab);
    return true;
}

/* -q0^-1 mod 2^64 by Newton's iteration (q0 odd). */
static limb bn_neg_inv64(limb q0)
{
    limb x = q0;
    for (int i = 0; i < 5; i++)
        x *= 2 - q0 * x;
    return -x;
}

/* v = 2v mod q for v < q. */
static void bn_double_mod(const bn_ring *g, limb *v)
{
    size_t n = g->n;
    limb carry = v[n - 1] >> 63;
    for (size_t i = n - 1; i > 0; i--)
        v[i] = v[i] << 1 | v[i - 1] >> 63;
    v[0] <<= 1;
    if (carry || bn_sub(g->t, v, g->q, n) == 0) bn_sub(v, v, g->q, n);
}

/* r = a + b mod q for a, b < q. */
static void bn_addmod(const bn_ring *g, limb *r, const limb *a, const limb *b)
{
    limb carry = 0;
    for (size_t i = 0; i < g->n; i++) {
        u128 c = (u128)a[i] + b[i] + carry;
        r[i] = (limb)c;
        carry = (limb)(c >> 64);
    }
    if (carry || bn_sub(g->t, r, g->q, g->n) == 0) bn_sub(r, r, g->q, g->n);
}

/* base^exp mod q for odd q > 1 into xq (n limbs, q's top limb nonzero). */
static bool bn_powmod_odd(limb *xq, const limb *q, size_t n, const uint8_t *base, size_t base_len,
                          const uint8_t *exp, size_t exp_len)
{
    limb *mem = calloc(5 * n + 2, sizeof *mem);
    if (!mem) return false;
    limb *one = mem, *r2 = mem + n, *c = mem + 2 * n, *b = mem + 3 * n;
    bn_ring g = {n, q, bn_neg_inv64(q[0]), 0, mem + 4 * n};
    /* one = R mod q: from 2^(bits(q) - 1) < q, at most 64 doublings. */
    size_t bits = 64 * n - (size_t)__builtin_clzll(q[n - 1]);
    one[(bits - 1) / 64] = (limb)1 << ((bits - 1) % 64);
    for (size_t i = bits - 1; i < 64 * n; i++)
        bn_double_mod(&g, one);
    /* r2 = R^2 mod q = 2^(64n) R: x = 2^t R, squaring doubles t (montmul(x, x) = 2^2t R),
       doubling adds one; t follows the bits of 64n from the top. */
    memcpy(r2, one, n * sizeof *r2);
    bn_double_mod(&g, r2);
    size_t target = 64 * n;
    for (int k = 62 - __builtin_clzll(target); k >= 0; k--) {
        bn_montmul(&g, r2, r2, r2);
        if (target >> k & 1) bn_double_mod(&g, r2);
    }
    /* b = base R mod q (Montgomery form), Horner over n-limb chunks C_j from the top:
       b = b R + C_j R, with montmul(b, r2) = b R and montmul(C_j, r2) = C_j R (C_j < R). */
    size_t limbs = (base_len + 7) / 8;
    for (size_t j = (limbs + n - 1) / n; j-- > 0;) {
        bn_from_be_at(c, n, base, base_len, j * n);
        bn_montmul(&g, b, b, r2);
        bn_montmul(&g, c, c, r2);
        bn_addmod(&g, b, b, c);
    }
    bool ok = bn_pow(&g, xq, b, one, exp, exp_len);
    if (ok) {
        memset(c, 0, n * sizeof *c);
        c[0] = 1;
        bn_montmul(&g, xq, xq, c); /* out of Montgomery form */
    }
    free(mem);
    return ok;
}

crypto_err zk_modexp(uint8_t *out, const uint8_t *base, size_t base_len, const uint8_t *exp,
                     size_t exp_len, const uint8_t *mod, size_t mod_len)
{
    memset(out, 0, mod_len);
    while (mod_len && !mod[0])
        mod++, mod_len--, out++;
    while (exp_len && !exp[0])
        exp++, exp_len--;
    size_t n = (mod_len + 7) / 8;
    if (n == 0 || (mod_len == 1 && mod[0] == 1)) return CRYPTO_OK; /* m <= 1 */
    limb *mem = calloc(8 * n + 4, sizeof *mem);
    if (!mem) return CRYPTO_NOMEM;
    limb *m = mem, *q = mem + n, *xq = mem + 2 * n, *x2 = mem + 3 * n, *inv = mem + 4 * n,
         *t = mem + 5 * n, *res = mem + 6 * n, *scratch = mem + 7 * n;
    crypto_err err = CRYPTO_NOMEM;
    bn_from_be(m, n, mod, mod_len);
    size_t k = 0; /* m = 2^k q */
    while (!(m[k / 64] >> (k % 64) & 1))
        k++;
    size_t nq = n - k / 64, kl = (k + 63) / 64;
    for (size_t i = 0; i < nq; i++)
        q[i] = (m[i + k / 64] >> (k % 64)) |
               (k % 64 && i + k / 64 + 1 < n ? m[i + k / 64 + 1] << (64 - k % 64) : 0);
    while (nq > 1 && !q[nq - 1])
        nq--;
    bool q_is_one = nq == 1 && q[0] == 1;
    if (!q_is_one && !bn_powmod_odd(xq, q, nq, base, base_len, exp, exp_len)) goto done;
    if (k) { /* x2 = base^exp mod 2^k */
        limb mask = k % 64 ? ((limb)1 << (k % 64)) - 1 : ~(limb)0;
        bn_ring g2 = {kl, NULL, 0, mask, NULL};
        limb *b2 = res, *one = t;
        bn_from_be(b2, kl, base, base_len);
        b2[kl - 1] &= mask;
        memset(one, 0, kl * sizeof *one);
        one[0] = 1;
        limb *tmp = calloc(2 * kl, sizeof *tmp);
        if (!tmp) goto done;
        g2.t = tmp;
        bool ok = bn_pow(&g2, x2, b2, one, exp, exp_len);
        free(tmp);
        if (!ok) goto done;
    }
    memset(res, 0, n * sizeof *res);
    if (q_is_one) {
        memcpy(res, x2, kl * sizeof *res);
    } else if (!k) {
        memcpy(res, xq, nq * sizeof *res);
    } else {
        /* inv = q^-1 mod 2^(64 kl) by Newton (precision doubles each step). */
        limb *qlo = scratch, *tmp = calloc(4 * kl, sizeof *tmp);
        if (!tmp) goto done;
        memset(qlo, 0, kl * sizeof *qlo);
        memcpy(qlo, q, (nq < kl ? nq : kl) * sizeof *qlo);
        memset(inv, 0, kl * sizeof *inv);
        inv[0] = -bn_neg_inv64(q[0]);
        for (size_t bits = 64; bits < 64 * kl; bits *= 2) { /* inv *= 2 - q inv */
            bn_mullo(tmp, qlo, inv, kl);
            memset(tmp + 3 * kl, 0, kl * sizeof *tmp);
            tmp[3 * kl] = 2;
            bn_sub(tmp + kl, tmp + 3 * kl, tmp, kl);
            bn_mullo(tmp + 2 * kl, inv, tmp + kl, kl);
            memcpy(inv, tmp + 2 * kl, kl * sizeof *inv);
        }
        limb *xql = tmp; /* t = (x2 - xq) inv mod 2^k */
        memset(xql, 0, kl * sizeof *xql);
        memcpy(xql, xq, (nq < kl ? nq : kl) * sizeof *xql);
        bn_sub(tmp + kl, x2, xql, kl);
        bn_mullo(t, tmp + kl, inv, kl);
        t[kl - 1] &= k % 64 ? ((limb)1 << (k % 64)) - 1 : ~(limb)0;
        free(tmp);
        /* res = xq + q t (< m, fits in n limbs) */
        memcpy(res, xq, nq * sizeof *res);
        for (size_t i = 0; i < kl; i++) {
            u128 c = 0;
            for (size_t j = 0; j < nq && i + j < n; j++) {
                c += (u128)q[j] * t[i] + res[i + j];
                res[i + j] = (limb)c;
                c >>= 64;
            }
            for (size_t j = i + nq; j < n && c; j++) {
                c += res[j];
                res[j] = (limb)c;
                c >>= 64;
            }
        }
    }
    for (size_t i = 0; i < mod_len; i++)
        out[mod_len - 1 - i] = (uint8_t)(res[i / 8] >> (8 * (i % 8)));
    err = CRYPTO_OK;
done:
    free(mem);
    return err;
}
