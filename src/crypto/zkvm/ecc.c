/* Short Weierstrass curves y^2 = x^3 + ax + b over the generic 256-bit field: Jacobian
   coordinates, Shamir's trick for u1*G + u2*Q. secp256k1 public-key recovery and P-256 ECDSA
   verification (EIP-7951) on top. Not constant time: the guest proves public data. */
#include <string.h>

#include "crypto/zkvm/zk.h"

typedef struct {
    uint64_t x[4], y[4], z[4]; /* Montgomery form; z = 0 is the point at infinity */
} ecc_point;

typedef struct {
    zk_field fp, fn; /* base field, scalar field */
    uint64_t a[4], b[4];
    bool a_zero, a_minus3; /* shortcuts for 3X^2 + aZ^4 when doubling */
    ecc_point g;
} ecc_curve;

/* Big-endian constants: p, n, a, b, Gx, Gy. */
typedef struct {
    uint8_t p[32], n[32], a[32], b[32], gx[32], gy[32];
} ecc_params;

#define H8(a, b, c, d, e, f, g, h) 0x##a, 0x##b, 0x##c, 0x##d, 0x##e, 0x##f, 0x##g, 0x##h

static const ecc_params secp256k1_params = {
    {H8(ff, ff, ff, ff, ff, ff, ff, ff), H8(ff, ff, ff, ff, ff, ff, ff, ff),
     H8(ff, ff, ff, ff, ff, ff, ff, ff), H8(ff, ff, ff, fe, ff, ff, fc, 2f)},
    {H8(ff, ff, ff, ff, ff, ff, ff, ff), H8(ff, ff, ff, ff, ff, ff, ff, fe),
     H8(ba, ae, dc, e6, af, 48, a0, 3b), H8(bf, d2, 5e, 8c, d0, 36, 41, 41)},
    {0},
    {[31] = 7},
    {H8(79, be, 66, 7e, f9, dc, bb, ac), H8(55, a0, 62, 95, ce, 87, 0b, 07),
     H8(02, 9b, fc, db, 2d, ce, 28, d9), H8(59, f2, 81, 5b, 16, f8, 17, 98)},
    {H8(48, 3a, da, 77, 26, a3, c4, 65), H8(5d, a4, fb, fc, 0e, 11, 08, a8),
     H8(fd, 17, b4, 48, a6, 85, 54, 19), H8(9c, 47, d0, 8f, fb, 10, d4, b8)},
};

static const ecc_params p256_params = {
    {H8(ff, ff, ff, ff, 00, 00, 00, 01), H8(00, 00, 00, 00, 00, 00, 00, 00),
     H8(00, 00, 00, 00, ff, ff, ff, ff), H8(ff, ff, ff, ff, ff, ff, ff, ff)},
    {H8(ff, ff, ff, ff, 00, 00, 00, 00), H8(ff, ff, ff, ff, ff, ff, ff, ff),
     H8(bc, e6, fa, ad, a7, 17, 9e, 84), H8(f3, b9, ca, c2, fc, 63, 25, 51)},
    {H8(ff, ff, ff, ff, 00, 00, 00, 01), H8(00, 00, 00, 00, 00, 00, 00, 00),
     H8(00, 00, 00, 00, ff, ff, ff, ff), H8(ff, ff, ff, ff, ff, ff, ff, fc)}, /* p - 3 */
    {H8(5a, c6, 35, d8, aa, 3a, 93, e7), H8(b3, eb, bd, 55, 76, 98, 86, bc),
     H8(65, 1d, 06, b0, cc, 53, b0, f6), H8(3b, ce, 3c, 3e, 27, d2, 60, 4b)},
    {H8(6b, 17, d1, f2, e1, 2c, 42, 47), H8(f8, bc, e6, e5, 63, a4, 40, f2),
     H8(77, 03, 7d, 81, 2d, eb, 33, a0), H8(f4, a1, 39, 45, d8, 98, c2, 96)},
    {H8(4f, e3, 42, e2, fe, 1a, 7f, 9b), H8(8e, e7, eb, 4a, 7c, 0f, 9e, 16),
     H8(2b, ce, 33, 57, 6b, 31, 5e, ce), H8(cb, b6, 40, 68, 37, bf, 51, f5)},
};

static void ecc_load_fe(const zk_field *f, uint64_t r[4], const uint8_t b[32])
{
    uint64_t t[4];
    zk_load(t, b);
    zk_fto(f, r, t);
}

static void ecc_init(ecc_curve *c, const ecc_params *pr)
{
    zk_field_init(&c->fp, pr->p);
    zk_field_init(&c->fn, pr->n);
    ecc_load_fe(&c->fp, c->a, pr->a);
    ecc_load_fe(&c->fp, c->b, pr->b);
    ecc_load_fe(&c->fp, c->g.x, pr->gx);
    ecc_load_fe(&c->fp, c->g.y, pr->gy);
    memcpy(c->g.z, c->fp.one, sizeof c->g.z);
    uint64_t three[4], m3[4];
    zk_fadd(&c->fp, three, c->fp.one, c->fp.one);
    zk_fadd(&c->fp, three, three, c->fp.one);
    zk_fsub(&c->fp, m3, (uint64_t[4]){0}, three);
    c->a_zero = zk_fiszero(c->a);
    c->a_minus3 = zk_feq(c->a, m3);
}

/* x^3 + ax + b (Montgomery form in and out). */
static void ecc_rhs(const ecc_curve *c, uint64_t r[4], const uint64_t x[4])
{
    const zk_field *f = &c->fp;
    uint64_t t[4];
    zk_fmul(f, t, x, x);
    zk_fadd(f, t, t, c->a);
    zk_fmul(f, t, t, x);
    zk_fadd(f, r, t, c->b);
}

static void ecc_double(const ecc_curve *c, ecc_point *r, const ecc_point *p)
{
    const zk_field *f = &c->fp;
    if (zk_fiszero(p->z) || zk_fiszero(p->y)) {
        memset(r, 0, sizeof *r);
        return;
    }
    uint64_t yy[4], s[4], m[4], t[4], z4[4], x3[4], y3[4], z3[4];
    zk_fmul(f, yy, p->y, p->y);
    zk_fmul(f, s, p->x, yy);
    zk_fadd(f, s, s, s);
    zk_fadd(f, s, s, s); /* S = 4XY^2 */
    if (c->a_minus3) {   /* M = 3(X - Z^2)(X + Z^2) */
        zk_fmul(f, z4, p->z, p->z);
        zk_fsub(f, t, p->x, z4);
        zk_fadd(f, m, p->x, z4);
        zk_fmul(f, m, m, t);
        zk_fadd(f, t, m, m);
        zk_fadd(f, m, t, m);
    } else {
        zk_fmul(f, m, p->x, p->x);
        zk_fadd(f, t, m, m);
        zk_fadd(f, m, t, m); /* 3X^2 */
        if (!c->a_zero) {
            zk_fmul(f, z4, p->z, p->z);
            zk_fmul(f, z4, z4, z4);
            zk_fmul(f, z4, z4, c->a);
            zk_fadd(f, m, m, z4); /* M = 3X^2 + aZ^4 */
        }
    }
    zk_fmul(f, x3, m, m);
    zk_fsub(f, x3, x3, s);
    zk_fsub(f, x3, x3, s); /* X' = M^2 - 2S */
    zk_fmul(f, z3, p->y, p->z);
    zk_fadd(f, z3, z3, z3); /* Z' = 2YZ */
    zk_fsub(f, t, s, x3);
    zk_fmul(f, y3, m, t);
    zk_fmul(f, yy, yy, yy);
    zk_fadd(f, yy, yy, yy);
    zk_fadd(f, yy, yy, yy);
    zk_fadd(f, yy, yy, yy);
    zk_fsub(f, r->y, y3, yy); /* Y' = M(S - X') - 8Y^4 */
    memcpy(r->x, x3, sizeof x3);
    memcpy(r->z, z3, sizeof z3);
}

static void ecc_add(const ecc_curve *c, ecc_point *r, const ecc_point *p, const ecc_point *q)
{
    const zk_field *f = &c->fp;
    if (zk_fiszero(p->z)) {
        *r = *q;
        return;
    }
    if (zk_fiszero(q->z)) {
        *r = *p;
        return;
    }
    uint64_t z1z1[4], z2z2[4], u1[4], u2[4], s1[4], s2[4], h[4], rr[4], hh[4], hhh[4], v[4], t[4];
    bool q_affine = zk_feq(q->z, c->fp.one); /* mixed addition saves four multiplications */
    zk_fmul(f, z1z1, p->z, p->z);
    if (q_affine) {
        memcpy(u1, p->x, sizeof u1);
        memcpy(s1, p->y, sizeof s1);
    } else {
        zk_fmul(f, z2z2, q->z, q->z);
        zk_fmul(f, u1, p->x, z2z2);
        zk_fmul(f, s1, p->y, z2z2);
        zk_fmul(f, s1, s1, q->z);
    }
    zk_fmul(f, u2, q->x, z1z1);
    zk_fmul(f, s2, q->y, z1z1);
    zk_fmul(f, s2, s2, p->z);
    if (zk_feq(u1, u2)) {
        if (zk_feq(s1, s2))
            ecc_double(c, r, p);
        else
            memset(r, 0, sizeof *r);
        return;
    }
    zk_fsub(f, h, u2, u1);
    zk_fsub(f, rr, s2, s1);
    zk_fmul(f, hh, h, h);
    zk_fmul(f, hhh, hh, h);
    zk_fmul(f, v, u1, hh);
    if (q_affine)
        memcpy(t, p->z, sizeof t);
    else
        zk_fmul(f, t, p->z, q->z);
    zk_fmul(f, r->z, t, h); /* Z3 = Z1 Z2 H */
    zk_fmul(f, t, rr, rr);
    zk_fsub(f, t, t, hhh);
    zk_fsub(f, t, t, v);
    zk_fsub(f, r->x, t, v); /* X3 = R^2 - H^3 - 2 U1 H^2 */
    zk_fsub(f, t, v, r->x);
    zk_fmul(f, t, rr, t);
    zk_fmul(f, s1, s1, hhh);
    zk_fsub(f, r->y, t, s1); /* Y3 = R (U1 H^2 - X3) - S1 H^3 */
}

/* u1*G + u2*Q for plain (non-Montgomery) scalars. */
static void ecc_mul2(const ecc_curve *c, ecc_point *r, const uint64_t u1[4], const ecc_point *q,
                     const uint64_t u2[4])
{
    ecc_point gq, acc;
    ecc_add(c, &gq, &c->g, q);
    memset(&acc, 0, sizeof acc);
    for (int i = 255; i >= 0; i--) {
        ecc_double(c, &acc, &acc);
        int b = (int)(u1[i / 64] >> (i % 64) & 1) | (int)(u2[i / 64] >> (i % 64) & 1) << 1;
        if (b == 1) ecc_add(c, &acc, &acc, &c->g);
        if (b == 2) ecc_add(c, &acc, &acc, q);
        if (b == 3) ecc_add(c, &acc, &acc, &gq);
    }
    *r = acc;
}

/* Affine x, y as plain integers; false at infinity. */
static bool ecc_affine(const ecc_curve *c, uint64_t x[4], uint64_t y[4], const ecc_point *p)
{
    const zk_field *f = &c->fp;
    if (zk_fiszero(p->z)) return false;
    uint64_t zi[4], zi2[4], t[4];
    zk_finv(f, zi, p->z);
    zk_fmul(f, zi2, zi, zi);
    zk_fmul(f, t, p->x, zi2);
    zk_ffrom(f, x, t);
    zk_fmul(f, zi2, zi2, zi);
    zk_fmul(f, t, p->y, zi2);
    zk_ffrom(f, y, t);
    return true;
}

/* 0 < v < n. */
static bool ecc_scalar_ok(const ecc_curve *c, const uint64_t v[4])
{
    return !zk_fiszero(v) && zk_cmp(v, c->fn.p) < 0;
}

/* Hash as an integer reduced mod n (n > 2^255 for both curves: one subtraction suffices). */
static void ecc_hash(const ecc_curve *c, uint64_t z[4], const uint8_t hash[32])
{
    zk_load(z, hash);
    if (zk_cmp(z, c->fn.p) >= 0) zk_sub4(z, z, c->fn.p);
}

bool zk_secp256k1_recover(uint8_t pub[64], const uint8_t hash[32], const uint8_t sig[64], int recid)
{
    ecc_curve c;
    uint64_t r[4], s[4], x[4], z[4];
    if (recid < 0 || recid > 3) return false;
    ecc_init(&c, &secp256k1_params);
    zk_load(r, sig);
    zk_load(s, sig + 32);
    if (!ecc_scalar_ok(&c, r) || !ecc_scalar_ok(&c, s)) return false;
    memcpy(x, r, sizeof x);
    if ((recid & 2) && zk_add4(x, x, c.fn.p)) return false;
    if (zk_cmp(x, c.fp.p) >= 0) return false;
    /* y = rhs^((p+1)/4), valid as p = 3 mod 4; check that it is a square root. */
    ecc_point pr;
    uint64_t rhs[4], e[4], yy[4], yplain[4];
    static const uint64_t one[4] = {1, 0, 0, 0};
    zk_fto(&c.fp, pr.x, x);
    ecc_rhs(&c, rhs, pr.x);
    zk_add4(e, c.fp.p, one);
    for (int i = 0; i < 4; i++)
        e[i] = e[i] >> 2 | (i < 3 ? e[i + 1] << 62 : 0);
    zk_fpow(&c.fp, pr.y, rhs, e);
    zk_fmul(&c.fp, yy, pr.y, pr.y);
    if (!zk_feq(yy, rhs)) return false;
    zk_ffrom(&c.fp, yplain, pr.y);
    if ((int)(yplain[0] & 1) != (recid & 1)) zk_fsub(&c.fp, pr.y, (uint64_t[4]){0}, pr.y);
    memcpy(pr.z, c.fp.one, sizeof pr.z);
    /* Q = r^-1 (sR - zG): u1 = -z/r, u2 = s/r in the scalar field. */
    const zk_field *fn = &c.fn;
    uint64_t rm[4], ri[4], u1[4], u2[4], t[4];
    ecc_hash(&c, z, hash);
    zk_fto(fn, rm, r);
    zk_finv(fn, ri, rm);
    zk_fto(fn, t, z);
    zk_fmul(fn, t, t, ri);
    zk_fsub(fn, t, (uint64_t[4]){0}, t);
    zk_ffrom(fn, u1, t);
    zk_fto(fn, t, s);
    zk_fmul(fn, t, t, ri);
    zk_ffrom(fn, u2, t);
    ecc_point q;
    uint64_t qx[4], qy[4];
    ecc_mul2(&c, &q, u1, &pr, u2);
    if (!ecc_affine(&c, qx, qy, &q)) return false;
    zk_store(pub, qx);
    zk_store(pub + 32, qy);
    return true;
}

bool zk_p256_verify(const uint8_t hash[32], const uint8_t rb[32], const uint8_t sb[32],
                    const uint8_t qxb[32], const uint8_t qyb[32])
{
    ecc_curve c;
    uint64_t r[4], s[4], qx[4], qy[4];
    ecc_init(&c, &p256_params);
    zk_load(r, rb);
    zk_load(s, sb);
    zk_load(qx, qxb);
    zk_load(qy, qyb);
    if (!ecc_scalar_ok(&c, r) || !ecc_scalar_ok(&c, s)) return false;
    if (zk_cmp(qx, c.fp.p) >= 0 || zk_cmp(qy, c.fp.p) >= 0) return false;
    if (zk_fiszero(qx) && zk_fiszero(qy)) return false;
    ecc_point q;
    uint64_t rhs[4], yy[4];
    zk_fto(&c.fp, q.x, qx);
    zk_fto(&c.fp, q.y, qy);
    memcpy(q.z, c.fp.one, sizeof q.z);
    ecc_rhs(&c, rhs, q.x);
    zk_fmul(&c.fp, yy, q.y, q.y);
    if (!zk_feq(yy, rhs)) return false; /* off the curve */
    /* u1 = z/s, u2 = r/s; accept when x(u1 G + u2 Q) = r mod n. */
    const zk_field *fn = &c.fn;
    uint64_t z[4], si[4], u1[4], u2[4], t[4], x[4], y[4];
    ecc_hash(&c, z, hash);
    zk_fto(fn, t, s);
    zk_finv(fn, si, t);
    zk_fto(fn, t, z);
    zk_fmul(fn, t, t, si);
    zk_ffrom(fn, u1, t);
    zk_fto(fn, t, r);
    zk_fmul(fn, t, t, si);
    zk_ffrom(fn, u2, t);
    ecc_point p;
    ecc_mul2(&c, &p, u1, &q, u2);
    if (!ecc_affine(&c, x, y, &p)) return false;
    if (zk_cmp(x, fn->p) >= 0) zk_sub4(x, x, fn->p);
    return zk_feq(x, r);
}
