/* Native implementations of ZisK's free-input functions ("fcall" hints): the guest passes
   parameter words, reads result words, and checks them itself (an inverse by multiplying
   back, a square root by squaring), so the host only has to give the right answer. Ids and
   layouts from ziskos (ziskos/entrypoint/src/zisklib/fcalls, fcalls_impl); the ids moved
   between generations, hence two columns. GMP does the arithmetic. */
#include <gmp.h>

#include "rv/zkvm_zisk_int.h"

/* X(name, id up to v0.15, id from v0.16 (0: none), function) */
#define ZISK_FCALL_LIST(X)                                                                         \
    X(SECP256K1_FP_INV, 1, 1, h_k1_fp_inv)                                                         \
    X(SECP256K1_FN_INV, 2, 2, h_k1_fn_inv)                                                         \
    X(SECP256K1_FP_SQRT, 3, 3, h_k1_fp_sqrt)                                                       \
    X(SECP256K1_ECDSA_VERIFY, 0, 4, h_k1_ecdsa)                                                    \
    X(SECP256R1_ECDSA_VERIFY, 0, 5, h_r1_ecdsa)                                                    \
    X(MSB_POS_256, 4, 17, h_msb256)                                                                \
    X(BN254_FP_INV, 6, 6, h_bn_fp_inv)                                                             \
    X(BN254_FP2_INV, 7, 7, h_bn_fp2_inv)                                                           \
    X(BN254_TWIST_ADD_LINE, 8, 8, h_bn_add_line)                                                   \
    X(BN254_TWIST_DBL_LINE, 9, 9, h_bn_dbl_line)                                                   \
    X(BLS12_381_FP_INV, 10, 10, h_bls_fp_inv)                                                      \
    X(BLS12_381_FP_SQRT, 11, 11, h_bls_fp_sqrt)                                                    \
    X(BLS12_381_FP2_INV, 12, 12, h_bls_fp2_inv)                                                    \
    X(BLS12_381_TWIST_ADD_LINE, 13, 14, h_bls_add_line)                                            \
    X(BLS12_381_TWIST_DBL_LINE, 14, 15, h_bls_dbl_line)                                            \
    X(MSB_POS_384, 15, 18, h_msb384)                                                               \
    X(BIN_DECOMP, 0, 16, h_bin_decomp)                                                             \
    X(BIGINT_DIV, 0, 22, h_bigint_div)                                                             \
    X(INPUT_READY, 0, 23, h_none)

typedef struct hint {
    const uint64_t *p; /* parameters */
    size_t np;
    uint64_t *r; /* results */
    size_t nr;
} hint;

static const char *const moduli[] = {
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", /* secp256k1 p */
    "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", /* secp256k1 n */
    "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", /* bn254 p */
    ("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffff"
     "ffaaab"),                                                         /* bls12-381 p */
    "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", /* secp256r1 p */
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", /* secp256r1 n */
    "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", /* secp256k1 G */
    "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8",
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296", /* secp256r1 G */
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
};
enum {
    M_K1P = RV_ZISK_M_K1P,
    M_K1N = RV_ZISK_M_K1N,
    M_BN = RV_ZISK_M_BN,
    M_BLS = RV_ZISK_M_BLS,
    M_R1P = RV_ZISK_M_R1P,
    M_R1N = RV_ZISK_M_R1N,
    M_K1GX = RV_ZISK_M_K1GX,
    M_R1GX = RV_ZISK_M_R1GX,
    M_COUNT = RV_ZISK_M_COUNT
};
static mpz_t mod_z[M_COUNT];
static bool mod_ready;

static const mpz_t *modulus(int m)
{
    if (!mod_ready) {
        for (int i = 0; i < M_COUNT; i++)
            mpz_init_set_str(mod_z[i], moduli[i], 16);
        mod_ready = true;
    }
    return &mod_z[m];
}

const __mpz_struct *rv_zisk_modulus(int m)
{
    return *modulus(m);
}

static void get(mpz_t v, const uint64_t *w, int n)
{
    mpz_import(v, (size_t)n, -1, 8, -1, 0, w);
}
static void put(uint64_t *w, int n, const mpz_t v)
{
    size_t cnt = 0;
    for (int i = 0; i < n; i++)
        w[i] = 0;
    mpz_export(w, &cnt, -1, 8, -1, 0, v);
}

/* a^-1 mod m (0 for 0) of n limbs. */
static bool inv(hint *h, int m, int n)
{
    if (h->np < (size_t)n) return false;
    mpz_t a;
    mpz_init(a);
    get(a, h->p, n);
    if (!mpz_invert(a, a, *modulus(m))) mpz_set_ui(a, 0);
    put(h->r, n, a);
    h->nr = (size_t)n;
    mpz_clear(a);
    return true;
}

/* Square root for p = 3 mod 4: [1, root] with the root's parity as asked (parity < 0: any), or
   [0, sqrt(a * nqr)] when a is not a square. */
static bool sqrt34(hint *h, int m, int n, unsigned nqr, int parity)
{
    if (h->np < (size_t)n) return false;
    const mpz_t *p = modulus(m);
    mpz_t a, e, s, t;
    mpz_inits(a, e, s, t, NULL);
    get(a, h->p, n);
    mpz_mod(a, a, *p);
    mpz_add_ui(e, *p, 1);
    mpz_tdiv_q_2exp(e, e, 2);
    mpz_powm(s, a, e, *p);
    mpz_mul(t, s, s);
    mpz_mod(t, t, *p);
    bool qr = !mpz_cmp(t, a);
    if (!qr) {
        mpz_mul_ui(a, a, nqr);
        mpz_mod(a, a, *p);
        mpz_powm(s, a, e, *p);
    } else if (parity >= 0 && (int)mpz_tstbit(s, 0) != parity && mpz_sgn(s)) {
        mpz_sub(s, *p, s);
    }
    h->r[0] = qr;
    put(h->r + 1, n, s);
    h->nr = (size_t)n + 1;
    mpz_clears(a, e, s, t, NULL);
    return true;
}

/* (a + b i)^-1 = (a - b i) / (a^2 + b^2) in F_p[i]. */
static bool fp2_inv(hint *h, int m, int n)
{
    if (h->np < 2 * (size_t)n) return false;
    const mpz_t *p = modulus(m);
    mpz_t a, b, d;
    mpz_inits(a, b, d, NULL);
    get(a, h->p, n);
    get(b, h->p + n, n);
    mpz_mul(d, a, a);
    mpz_addmul(d, b, b);
    mpz_mod(d, d, *p);
    if (!mpz_invert(d, d, *p)) mpz_set_ui(d, 0);
    mpz_mul(a, a, d);
    mpz_mod(a, a, *p);
    mpz_neg(b, b);
    mpz_mul(b, b, d);
    mpz_mod(b, b, *p);
    put(h->r, n, a);
    put(h->r + n, n, b);
    h->nr = 2 * (size_t)n;
    mpz_clears(a, b, d, NULL);
    return true;
}

/* ---------------------------------------------------------------- pairing line coefficients */

typedef struct fp2 {
    mpz_t re, im;
} fp2;

static void fp2_get(fp2 *a, const uint64_t *w, int n)
{
    get(a->re, w, n);
    get(a->im, w + n, n);
}
static void fp2_put(uint64_t *w, int n, const fp2 *a)
{
    put(w, n, a->re);
    put(w + n, n, a->im);
}
/* r = a * b (r may be a or b) in F_p[i] / (i^2 + 1), t a temporary. */
static void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b, const mpz_t p, fp2 *t)
{
    mpz_mul(t->re, a->re, b->re);
    mpz_submul(t->re, a->im, b->im);
    mpz_mul(t->im, a->re, b->im);
    mpz_addmul(t->im, a->im, b->re);
    mpz_mod(r->re, t->re, p);
    mpz_mod(r->im, t->im, p);
}
static bool fp2_invert(fp2 *a, const mpz_t p, mpz_t d)
{
    mpz_mul(d, a->re, a->re);
    mpz_addmul(d, a->im, a->im);
    mpz_mod(d, d, p);
    if (!mpz_invert(d, d, p)) return false;
    mpz_mul(a->re, a->re, d);
    mpz_mod(a->re, a->re, p);
    mpz_neg(a->im, a->im);
    mpz_mul(a->im, a->im, d);
    mpz_mod(a->im, a->im, p);
    return true;
}

/* The line through (x1, y1) and (x2, y2) (add) or tangent at (x1, y1) (dbl) on the twist, as
   y = lambda x + mu: params x1, y1[, x2, y2] (F_p^2 of n limbs each), results lambda, mu. */
static bool line(hint *h, int m, int n, bool dbl)
{
    size_t w = 2 * (size_t)n;
    if (h->np < (dbl ? 2 : 4) * w) return false;
    const mpz_t *p = modulus(m);
    fp2 x1, y1, x2, y2, l, t;
    mpz_t d;
    fp2 *all[] = {&x1, &y1, &x2, &y2, &l, &t};
    for (int i = 0; i < 6; i++)
        mpz_inits(all[i]->re, all[i]->im, NULL);
    mpz_init(d);
    fp2_get(&x1, h->p, n);
    fp2_get(&y1, h->p + w, n);
    if (dbl) { /* 3 x^2 / 2 y */
        fp2_mul(&l, &x1, &x1, *p, &t);
        mpz_mul_ui(l.re, l.re, 3);
        mpz_mul_ui(l.im, l.im, 3);
        mpz_mul_2exp(x2.re, y1.re, 1);
        mpz_mul_2exp(x2.im, y1.im, 1);
    } else { /* (y2 - y1) / (x2 - x1) */
        fp2_get(&x2, h->p + 2 * w, n);
        fp2_get(&y2, h->p + 3 * w, n);
        mpz_sub(l.re, y2.re, y1.re);
        mpz_sub(l.im, y2.im, y1.im);
        mpz_sub(x2.re, x2.re, x1.re);
        mpz_sub(x2.im, x2.im, x1.im);
    }
    mpz_mod(x2.re, x2.re, *p);
    mpz_mod(x2.im, x2.im, *p);
    bool ok = fp2_invert(&x2, *p, d);
    if (ok) {
        fp2_mul(&l, &l, &x2, *p, &t); /* lambda */
        fp2_mul(&x2, &l, &x1, *p, &t);
        mpz_sub(y1.re, y1.re, x2.re); /* mu = y1 - lambda x1 */
        mpz_sub(y1.im, y1.im, x2.im);
        mpz_mod(y1.re, y1.re, *p);
        mpz_mod(y1.im, y1.im, *p);
        fp2_put(h->r, n, &l);
        fp2_put(h->r + w, n, &y1);
        h->nr = 2 * w;
    }
    for (int i = 0; i < 6; i++)
        mpz_clears(all[i]->re, all[i]->im, NULL);
    mpz_clear(d);
    return ok;
}

static bool h_bn_add_line(hint *h)
{
    return line(h, M_BN, 4, false);
}
static bool h_bn_dbl_line(hint *h)
{
    return line(h, M_BN, 4, true);
}
static bool h_bls_add_line(hint *h)
{
    return line(h, M_BLS, 6, false);
}
static bool h_bls_dbl_line(hint *h)
{
    return line(h, M_BLS, 6, true);
}

/* For numbers of n limbs (two up to v0.15; from v0.16 a count word, then that many): the
   highest limb i where one is non-zero, and the top bit position of the largest limb there. */
static bool msb(hint *h, int n)
{
    const uint64_t *p = h->p;
    size_t k = h->np / (size_t)n;
    if (h->np % (size_t)n == 1 && p[0] == k)
        p++; /* the count */
    else if (h->np % (size_t)n)
        return false;
    if (!k) return false;
    for (int i = n - 1; i >= 0; i--) {
        uint64_t w = 0;
        for (size_t j = 0; j < k; j++)
            if (p[j * (size_t)n + (size_t)i] > w) w = p[j * (size_t)n + (size_t)i];
        if (w) {
            h->r[0] = (uint64_t)i;
            h->r[1] = 63u - (unsigned)__builtin_clzll(w);
            h->nr = 2;
            return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------------- ECDSA: u1 G + u2 PK */

typedef struct pt {
    mpz_t x, y;
    bool inf;
} pt;

/* r += q on y^2 = x^3 + a x + b over p (a = 0 or -3), affine; q may be r itself. */
static void pt_add(pt *r, const pt *q, const mpz_t p, long a, mpz_t l, mpz_t t)
{
    if (q->inf) return;
    if (r->inf) {
        mpz_set(r->x, q->x);
        mpz_set(r->y, q->y);
        r->inf = false;
        return;
    }
    if (!mpz_cmp(r->x, q->x)) {
        if (mpz_cmp(r->y, q->y) || !mpz_sgn(r->y)) { /* P + (-P), or doubling a 2-torsion point */
            r->inf = true;
            return;
        }
        mpz_mul(l, r->x, r->x); /* (3 x^2 + a) / 2y */
        mpz_mul_ui(l, l, 3);
        if (a) mpz_sub_ui(l, l, (unsigned long)-a);
        mpz_mul_2exp(t, r->y, 1);
    } else {
        mpz_sub(l, q->y, r->y);
        mpz_sub(t, q->x, r->x);
    }
    mpz_mod(t, t, p);
    if (!mpz_invert(t, t, p)) {
        r->inf = true;
        return;
    }
    mpz_mul(l, l, t);
    mpz_mod(l, l, p);
    mpz_mul(t, l, l); /* x3 = l^2 - x1 - x2 */
    mpz_sub(t, t, r->x);
    mpz_sub(t, t, q->x);
    mpz_mod(t, t, p);
    mpz_sub(r->x, r->x, t); /* y3 = l (x1 - x3) - y1 */
    mpz_mul(r->x, r->x, l);
    mpz_sub(r->y, r->x, r->y);
    mpz_mod(r->y, r->y, p);
    mpz_set(r->x, t);
}

/* params: PK (x, y: 8 words), z, r, s (4 words each); result: u1 G + u2 PK with u1 = z / s,
   u2 = r / s mod n (the identity as zeros). */
static bool ecdsa(hint *h, int mp, int mn, int gx, long a)
{
    if (h->np < 20) return false;
    const mpz_t *p = modulus(mp), *n = modulus(mn);
    mpz_t z, r, s, l, t;
    pt g, k, acc;
    mpz_inits(z, r, s, l, t, g.x, g.y, k.x, k.y, acc.x, acc.y, NULL);
    mpz_set(g.x, *modulus(gx));
    mpz_set(g.y, *modulus(gx + 1));
    get(k.x, h->p, 4);
    get(k.y, h->p + 4, 4);
    get(z, h->p + 8, 4);
    get(r, h->p + 12, 4);
    get(s, h->p + 16, 4);
    g.inf = k.inf = false;
    acc.inf = true;
    if (!mpz_invert(s, s, *n)) mpz_set_ui(s, 0);
    mpz_mul(z, z, s);
    mpz_mod(z, z, *n); /* u1 */
    mpz_mul(r, r, s);
    mpz_mod(r, r, *n); /* u2 */
    for (int i = 255; i >= 0; i--) {
        pt_add(&acc, &acc, *p, a, l, t);
        if (mpz_tstbit(z, (mp_bitcnt_t)i)) pt_add(&acc, &g, *p, a, l, t);
        if (mpz_tstbit(r, (mp_bitcnt_t)i)) pt_add(&acc, &k, *p, a, l, t);
    }
    if (acc.inf) {
        mpz_set_ui(acc.x, 0);
        mpz_set_ui(acc.y, 0);
    }
    put(h->r, 4, acc.x);
    put(h->r + 4, 4, acc.y);
    h->nr = 8;
    mpz_clears(z, r, s, l, t, g.x, g.y, k.x, k.y, acc.x, acc.y, NULL);
    return true;
}

static bool h_k1_ecdsa(hint *h)
{
    return ecdsa(h, M_K1P, M_K1N, M_K1GX, 0);
}
static bool h_r1_ecdsa(hint *h)
{
    return ecdsa(h, M_R1P, M_R1N, M_R1GX, -3);
}

static bool h_k1_fp_inv(hint *h)
{
    return inv(h, M_K1P, 4);
}
static bool h_k1_fn_inv(hint *h)
{
    return inv(h, M_K1N, 4);
}
static bool h_k1_fp_sqrt(hint *h)
{
    return sqrt34(h, M_K1P, 4, 3, h->np > 4 ? (int)(h->p[4] & 1) : -1);
}
static bool h_bn_fp_inv(hint *h)
{
    return inv(h, M_BN, 4);
}
static bool h_bn_fp2_inv(hint *h)
{
    return fp2_inv(h, M_BN, 4);
}
static bool h_bls_fp_inv(hint *h)
{
    return inv(h, M_BLS, 6);
}
static bool h_bls_fp_sqrt(hint *h)
{
    return sqrt34(h, M_BLS, 6, 2, -1);
}
static bool h_bls_fp2_inv(hint *h)
{
    return fp2_inv(h, M_BLS, 6);
}
static bool h_msb256(hint *h)
{
    return msb(h, 4);
}
static bool h_msb384(hint *h)
{
    return msb(h, 6);
}
/* Limbs of v into w, padded with zeros to a multiple of 4 (at least 4); returns the count. */
static size_t put_padded(uint64_t *w, size_t cap, const mpz_t v)
{
    size_t n = (mpz_sizeinbase(v, 2) + 63) / 64, pad = (n + 3) / 4 * 4; /* 0: one bit */
    if (pad > cap) return 0;
    put(w, (int)pad, v);
    return pad;
}

/* params: [len_a, a..., len_b, b...]; results: [len_q, q..., len_r, r...] with a = b q + r,
   r < b, each padded to a multiple of 4 limbs (ziskos fcalls_impl/bigint_div.rs). */
static bool h_bigint_div(hint *h)
{
    if (h->np < 1 || h->p[0] > h->np - 1 || h->np - 1 - h->p[0] < 1) return false;
    size_t la = (size_t)h->p[0], lb = (size_t)h->p[1 + la];
    if (lb > h->np - 2 - la || lb > 512 || la > 512) return false;
    mpz_t a, b, q, r;
    mpz_inits(a, b, q, r, NULL);
    mpz_import(a, la, -1, 8, -1, 0, h->p + 1);
    mpz_import(b, lb, -1, 8, -1, 0, h->p + 2 + la);
    bool ok = mpz_sgn(b) != 0;
    if (ok) {
        mpz_tdiv_qr(q, r, a, b);
        size_t cap = RV_ZISK_FCALL_MAX_RESULT - 2, nq = put_padded(h->r + 1, cap, q);
        size_t nr = nq ? put_padded(h->r + 2 + nq, cap - nq, r) : 0;
        ok = nq && nr;
        h->r[0] = nq;
        h->r[1 + nq] = nr;
        h->nr = 2 + nq + nr;
    }
    mpz_clears(a, b, q, r, NULL);
    return ok;
}

/* params: [len, x...] (little-endian limbs); results: [count, bits...] of x from its top set bit
   down to bit 0, one word per bit (none for 0). */
static bool h_bin_decomp(hint *h)
{
    if (h->np < 1 || h->p[0] > h->np - 1) return false;
    size_t len = (size_t)h->p[0], nb = 0;
    bool started = false;
    for (size_t i = len; i-- > 0;)
        for (int b = 63; b >= 0; b--) {
            unsigned bit = (unsigned)(h->p[1 + i] >> b) & 1;
            started |= bit;
            if (!started) continue;
            if (nb + 1 >= RV_ZISK_FCALL_MAX_RESULT) return false;
            h->r[1 + nb++] = bit;
        }
    h->r[0] = nb;
    h->nr = 1 + nb;
    return true;
}

static bool h_none(hint *h)
{
    h->nr = 0;
    return true;
}

static const struct {
    uint16_t id[2];
    bool (*fn)(hint *);
} fcalls[] = {
#define X(name, old, new, fn) {{old, new}, fn},
    ZISK_FCALL_LIST(X)
#undef X
};

bool rv_zisk_fcall_run(rv_zisk *z, unsigned id)
{
    int gen = z->io == RV_ZISK_IO_V016;
    for (size_t i = 0; i < sizeof fcalls / sizeof fcalls[0]; i++) {
        if (!fcalls[i].id[gen] || fcalls[i].id[gen] != id) continue;
        hint h = {z->fparam, z->nfparam, z->fres, 0};
        if (!fcalls[i].fn(&h)) return false;
        z->nfres = h.nr;
        return true;
    }
    return false;
}
