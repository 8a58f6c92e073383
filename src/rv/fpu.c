/* F and D: IEEE 754 arithmetic with RISC-V's rounding modes (static and dynamic, including
   round-to-nearest-max-magnitude), exception flags, NaN boxing and the canonical NaN.

   Arithmetic runs on the host one size wider (double for singles, x87 long double for doubles)
   with round-toward-zero; an inexact wide result gets its last bit forced to 1 (round to odd),
   which keeps enough information to round correctly to the target in any mode. The final
   rounding, overflow, underflow (tininess after rounding, as RISC-V specifies) and inexact are
   done here in integer arithmetic, so no host rounding quirk leaks into guest results.
   Conversions to and from integers are pure integer code. */
#include <fenv.h>
#include <math.h>

#include "rv/rv_internal.h"

enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };
enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7 };

typedef struct fmt {
    int p;          /* significand bits including the hidden one */
    int emin, emax; /* unbiased exponent range of normal numbers */
    int bits;       /* 32 or 64 */
} fmt;

static const fmt F32 = {24, -126, 127, 32};
static const fmt F64 = {53, -1022, 1023, 64};

#define CNAN32 0x7fc00000u
#define CNAN64 0x7ff8000000000000ull

static uint32_t unbox(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : CNAN32;
}

static uint64_t box(uint32_t v)
{
    return 0xffffffff00000000ull | v;
}

/* Splits sig at bit position drop (0 < drop): the kept high part, the dropped low part and
   the weight of one half unit in the last kept place (0 when nothing is dropped). */
static void split(uint64_t sig, int drop, uint64_t *kept, uint64_t *rest, uint64_t *half)
{
    if (drop == 0) {
        *kept = sig, *rest = 0, *half = 0;
    } else if (drop < 64) {
        *kept = sig >> drop, *rest = sig & ((1ull << drop) - 1), *half = 1ull << (drop - 1);
    } else if (drop == 64) {
        *kept = 0, *rest = sig, *half = 1ull << 63;
    } else { /* below one half unit, but nonzero */
        *kept = 0, *rest = sig ? 1 : 0, *half = 2;
    }
}

static bool round_up(int rm, bool sign, uint64_t kept, uint64_t rest, uint64_t half, bool sticky)
{
    bool inexact = rest || sticky;
    switch (rm) {
    case RNE: return half && (rest > half || (rest == half && (sticky || (kept & 1))));
    case RMM: return half && rest >= half;
    case RDN: return sign && inexact;
    case RUP: return !sign && inexact;
    default: return false;
    }
}

/* Rounds sign * sig * 2^(e-63) (sig normalised: bit 63 set; sticky = nonzero bits below) to the
   format. */
static uint64_t round_pack(const fmt *f, bool sign, int e, uint64_t sig, bool sticky, int rm,
                           unsigned *flags)
{
    uint64_t sbit = (uint64_t)sign << (f->bits - 1);
    uint64_t mant_mask = (1ull << (f->p - 1)) - 1;
    int drop = 64 - f->p;
    uint64_t kept, rest, half;
    bool tiny = false, subnormal = e < f->emin;
    if (subnormal) {
        /* Tininess after rounding: only e = emin-1 can round up into the normal range. */
        split(sig, drop, &kept, &rest, &half);
        bool inc = round_up(rm, sign, kept, rest, half, sticky);
        tiny = !(e == f->emin - 1 && inc && kept + 1 == (1ull << f->p));
        drop += f->emin - e;
        if (drop > 64 + 1) drop = 64 + 1;
    }
    split(sig, drop, &kept, &rest, &half);
    bool inexact = rest || sticky;
    kept += round_up(rm, sign, kept, rest, half, sticky);
    if (inexact) *flags |= NX | (tiny ? UF : 0);
    if (subnormal) /* exponent field 0; a carry lands in the smallest normal */
        return sbit | kept;
    if (kept >> f->p) {
        kept >>= 1;
        e++;
    }
    if (e > f->emax) {
        *flags |= OF | NX;
        bool to_inf = rm == RNE || rm == RMM || (rm == RDN && sign) || (rm == RUP && !sign);
        uint64_t inf = (uint64_t)((1 << (f->bits == 32 ? 8 : 11)) - 1) << (f->p - 1);
        return sbit | (to_inf ? inf : inf - 1);
    }
    return sbit | (uint64_t)(e + f->emax) << (f->p - 1) | (kept & mant_mask);
}

/* ---------------------------------------------------------------- unpacking */

typedef struct unp {
    bool sign, nan, snan, inf, zero;
    int e;        /* unbiased exponent of the normalised value */
    uint64_t sig; /* normalised, bit 63 set */
} unp;

static unp unpack(const fmt *f, uint64_t v)
{
    unp u = {0};
    int ebits = f->bits == 32 ? 8 : 11;
    uint64_t mant = v & ((1ull << (f->p - 1)) - 1);
    int ex = (int)((v >> (f->p - 1)) & ((1u << ebits) - 1));
    u.sign = (v >> (f->bits - 1)) & 1;
    if (ex == (1 << ebits) - 1) {
        u.nan = mant != 0;
        u.snan = u.nan && !(mant >> (f->p - 2));
        u.inf = !mant;
        return u;
    }
    if (ex == 0) {
        if (!mant) {
            u.zero = true;
            return u;
        }
        int lz = __builtin_clzll(mant);
        u.sig = mant << lz;
        u.e = f->emin - (lz - (64 - f->p));
        return u;
    }
    u.e = ex - f->emax;
    u.sig = (1ull << 63) | mant << (64 - f->p);
    return u;
}

/* ---------------------------------------------------------------- wide host arithmetic */

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA };

static double f32_to_d(uint32_t v)
{
    float f;
    memcpy(&f, &v, 4);
    return (double)f;
}

static long double f64_to_ld(uint64_t v)
{
    double f;
    memcpy(&f, &v, 8);
    return (long double)f;
}

/* One wide operation under host rounding mode `mode`; returns host exception bits. */
static int wide_d(int op, double a, double b, double c, int mode, double *r)
{
    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double va = a, vb = b, vc = c;
    volatile double vr;
    switch (op) {
    case OP_ADD: vr = va + vb; break;
    case OP_SUB: vr = va - vb; break;
    case OP_MUL: vr = va * vb; break;
    case OP_DIV: vr = va / vb; break;
    case OP_SQRT: vr = sqrt(va); break;
    default: vr = fma(va, vb, vc); break;
    }
    *r = vr;
    int ex = fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_INEXACT);
    fesetround(FE_TONEAREST);
    return ex;
}

static int wide_ld(int op, long double a, long double b, long double c, int mode, long double *r)
{
    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    volatile long double va = a, vb = b, vc = c;
    volatile long double vr;
    switch (op) {
    case OP_ADD: vr = va + vb; break;
    case OP_SUB: vr = va - vb; break;
    case OP_MUL: vr = va * vb; break;
    case OP_DIV: vr = va / vb; break;
    case OP_SQRT: vr = sqrtl(va); break;
    default: vr = fmal(va, vb, vc); break;
    }
    *r = vr;
    int ex = fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_INEXACT);
    fesetround(FE_TONEAREST);
    return ex;
}

static unsigned host_flags(int ex)
{
    return (ex & FE_INVALID ? NV : 0) | (ex & FE_DIVBYZERO ? DZ : 0);
}

/* Invalid-operation cases the wide host operation cannot see: signalling NaN operands (the
   widening conversion already quietened them) and infinity times zero in a fused multiply-add
   whose addend is a NaN. */
static unsigned pre_invalid(const fmt *f, int op, uint64_t a, uint64_t b, uint64_t c)
{
    unp x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    int n = op == OP_SQRT ? 1 : op == OP_FMA ? 3 : 2;
    bool v = x.snan || (n > 1 && y.snan) || (n > 2 && z.snan);
    if (op == OP_FMA && ((x.inf && y.zero) || (x.zero && y.inf))) v = true;
    return v ? NV : 0;
}

/* Single-precision arithmetic. */
static uint32_t arith32(int op, uint32_t a, uint32_t b, uint32_t c, int rm, unsigned *flags)
{
    double r;
    *flags |= pre_invalid(&F32, op, a, b, c);
    int ex = wide_d(op, f32_to_d(a), f32_to_d(b), f32_to_d(c), FE_TOWARDZERO, &r);
    *flags |= host_flags(ex);
    uint64_t w;
    memcpy(&w, &r, 8);
    if (isnan(r)) return CNAN32;
    if (isinf(r)) return (uint32_t)(w >> 32 & 0x80000000u) | 0x7f800000u;
    if (r == 0) {
        if (rm == RDN && !(ex & FE_INEXACT)) /* the sign of an exact zero sum depends on rm */
            wide_d(op, f32_to_d(a), f32_to_d(b), f32_to_d(c), FE_DOWNWARD, &r);
        float f = (float)r;
        uint32_t z;
        memcpy(&z, &f, 4);
        return z;
    }
    unp u = unpack(&F64, w);
    return (uint32_t)round_pack(&F32, u.sign, u.e, u.sig, (ex & FE_INEXACT) != 0, rm, flags);
}

/* Double-precision arithmetic through the 64-bit-significand x87 format. */
static uint64_t arith64(int op, uint64_t a, uint64_t b, uint64_t c, int rm, unsigned *flags)
{
    long double r;
    *flags |= pre_invalid(&F64, op, a, b, c);
    int ex = wide_ld(op, f64_to_ld(a), f64_to_ld(b), f64_to_ld(c), FE_TOWARDZERO, &r);
    *flags |= host_flags(ex);
    if (isnan(r)) return CNAN64;
    if (isinf(r)) return (signbit(r) ? 1ull << 63 : 0) | 0x7ff0000000000000ull;
    if (r == 0) {
        if (rm == RDN && !(ex & FE_INEXACT))
            wide_ld(op, f64_to_ld(a), f64_to_ld(b), f64_to_ld(c), FE_DOWNWARD, &r);
        double dd = (double)r;
        uint64_t z;
        memcpy(&z, &dd, 8);
        return z;
    }
    uint8_t raw[16] = {0};
    memcpy(raw, &r, 10);
    uint64_t sig;
    memcpy(&sig, raw, 8);
    unsigned se = (unsigned)raw[8] | (unsigned)raw[9] << 8;
    return round_pack(&F64, (se >> 15) & 1, (int)(se & 0x7fff) - 16383, sig, (ex & FE_INEXACT) != 0,
                      rm, flags);
}

/* ---------------------------------------------------------------- conversions */

static uint64_t from_int(const fmt *f, bool sign, uint64_t mag, int rm, unsigned *flags)
{
    if (!mag) return 0;
    int lz = __builtin_clzll(mag);
    return round_pack(f, sign, 63 - lz, mag << lz, false, rm, flags);
}

/* Float to integer: bits = 32 or 64, is_signed; result sign-extended to 64 bits. */
static uint64_t to_int(const fmt *f, uint64_t v, int bits, bool is_signed, int rm, unsigned *flags)
{
    unp u = unpack(f, v);
    uint64_t max = is_signed ? (bits == 32 ? 0x7fffffffull : 0x7fffffffffffffffull)
                             : (bits == 32 ? 0xffffffffull : ~0ull);
    uint64_t min = is_signed ? (bits == 32 ? (uint64_t)(int64_t)INT32_MIN : 1ull << 63) : 0;
    uint64_t res;
    if (u.nan || (u.inf && !u.sign)) {
        *flags |= NV;
        res = max;
    } else if (u.inf) {
        *flags |= NV;
        res = min;
    } else if (u.zero) {
        res = 0;
    } else {
        uint64_t mag;
        bool inexact, inc;
        if (u.e >= 64) {
            *flags |= NV;
            res = u.sign ? min : max;
            goto out;
        }
        uint64_t kept, rest, half;
        split(u.sig, 63 - u.e > 65 ? 65 : 63 - u.e, &kept, &rest, &half);
        inexact = rest != 0;
        inc = round_up(rm, u.sign, kept, rest, half, false);
        mag = kept + inc;
        bool fits;
        if (!is_signed)
            fits = !u.sign || mag == 0;
        else
            fits = u.sign ? mag <= (bits == 32 ? 0x80000000ull : 1ull << 63) : mag <= max;
        if (!is_signed && bits == 32) fits = fits && mag <= max;
        if (mag < kept) /* carried out of 64 bits */
            fits = false;
        if (!fits) {
            *flags |= NV;
            res = u.sign ? min : max;
        } else {
            if (inexact) *flags |= NX;
            res = u.sign ? (uint64_t)0 - mag : mag;
        }
    }
out:
    if (bits == 32) res = (uint64_t)(int64_t)(int32_t)res;
    return res;
}

static uint64_t cvt_f64_to_f32(uint64_t v, int rm, unsigned *flags)
{
    unp u = unpack(&F64, v);
    if (u.nan) {
        if (u.snan) *flags |= NV;
        return CNAN32;
    }
    uint32_t s = (uint32_t)u.sign << 31;
    if (u.inf) return s | 0x7f800000u;
    if (u.zero) return s;
    return round_pack(&F32, u.sign, u.e, u.sig, false, rm, flags);
}

static uint64_t cvt_f32_to_f64(uint32_t v, unsigned *flags)
{
    unp u = unpack(&F32, v);
    if (u.nan) {
        if (u.snan) *flags |= NV;
        return CNAN64;
    }
    uint64_t s = (uint64_t)u.sign << 63;
    if (u.inf) return s | 0x7ff0000000000000ull;
    if (u.zero) return s;
    return round_pack(&F64, u.sign, u.e, u.sig, false, RNE, flags); /* exact */
}

/* ---------------------------------------------------------------- compare, min/max, class */

/* -1, 0, 1, or 2 when unordered. */
static int fcmp(const fmt *f, uint64_t a, uint64_t b)
{
    unp x = unpack(f, a), y = unpack(f, b);
    if (x.nan || y.nan) return 2;
    if (x.zero && y.zero) return 0;
    uint64_t sb = 1ull << (f->bits - 1);
    /* map sign-magnitude to an ordered integer */
    int64_t ka = (a & sb) ? -(int64_t)(a & (sb - 1)) : (int64_t)(a & (sb - 1));
    int64_t kb = (b & sb) ? -(int64_t)(b & (sb - 1)) : (int64_t)(b & (sb - 1));
    return ka < kb ? -1 : ka > kb;
}

static uint64_t fminmax(const fmt *f, uint64_t a, uint64_t b, bool max, unsigned *flags)
{
    unp x = unpack(f, a), y = unpack(f, b);
    if (x.snan || y.snan) *flags |= NV;
    if (x.nan && y.nan) return f->bits == 32 ? CNAN32 : CNAN64;
    if (x.nan) return b;
    if (y.nan) return a;
    int c = fcmp(f, a, b);
    if (c == 0 && x.zero && y.zero) /* -0 < +0 */
        return max ? (x.sign ? b : a) : (x.sign ? a : b);
    return (max ? c > 0 : c < 0) ? a : b;
}

static uint64_t fclass(const fmt *f, uint64_t v)
{
    unp u = unpack(f, v);
    int ebits = f->bits == 32 ? 8 : 11;
    bool sub = !u.zero && !u.nan && !u.inf && ((v >> (f->p - 1)) & ((1u << ebits) - 1)) == 0;
    if (u.nan) return u.snan ? 1u << 8 : 1u << 9;
    if (u.inf) return u.sign ? 1u << 0 : 1u << 7;
    if (u.zero) return u.sign ? 1u << 3 : 1u << 4;
    if (sub) return u.sign ? 1u << 2 : 1u << 5;
    return u.sign ? 1u << 1 : 1u << 6;
}

/* ---------------------------------------------------------------- dispatch */

bool rv_fp_exec(rv_cpu *cpu, const rv_insn *in)
{
    uint64_t *f = cpu->h.f, *x = cpu->h.x;
    int rm = in->rm == DYN ? (int)(cpu->h.fcsr >> 5) & 7 : in->rm;
    if (rm > RMM) return false;
    unsigned fl = 0;
    uint32_t a = unbox(f[in->rs1]), b = unbox(f[in->rs2]), c = unbox(f[in->rs3]);
    uint64_t A = f[in->rs1], B = f[in->rs2], C = f[in->rs3];
    const uint32_t S = 0x80000000u;
    const uint64_t SD = 1ull << 63;
    uint64_t xs = x[in->rs1];
    switch ((rv_insn_id)in->id) {
    case RV_I_fadd_s: f[in->rd] = box(arith32(OP_ADD, a, b, 0, rm, &fl)); break;
    case RV_I_fsub_s: f[in->rd] = box(arith32(OP_SUB, a, b, 0, rm, &fl)); break;
    case RV_I_fmul_s: f[in->rd] = box(arith32(OP_MUL, a, b, 0, rm, &fl)); break;
    case RV_I_fdiv_s: f[in->rd] = box(arith32(OP_DIV, a, b, 0, rm, &fl)); break;
    case RV_I_fsqrt_s: f[in->rd] = box(arith32(OP_SQRT, a, 0, 0, rm, &fl)); break;
    case RV_I_fmadd_s: f[in->rd] = box(arith32(OP_FMA, a, b, c, rm, &fl)); break;
    case RV_I_fmsub_s: f[in->rd] = box(arith32(OP_FMA, a, b, c ^ S, rm, &fl)); break;
    case RV_I_fnmsub_s: f[in->rd] = box(arith32(OP_FMA, a ^ S, b, c, rm, &fl)); break;
    case RV_I_fnmadd_s: f[in->rd] = box(arith32(OP_FMA, a ^ S, b, c ^ S, rm, &fl)); break;
    case RV_I_fadd_d: f[in->rd] = arith64(OP_ADD, A, B, 0, rm, &fl); break;
    case RV_I_fsub_d: f[in->rd] = arith64(OP_SUB, A, B, 0, rm, &fl); break;
    case RV_I_fmul_d: f[in->rd] = arith64(OP_MUL, A, B, 0, rm, &fl); break;
    case RV_I_fdiv_d: f[in->rd] = arith64(OP_DIV, A, B, 0, rm, &fl); break;
    case RV_I_fsqrt_d: f[in->rd] = arith64(OP_SQRT, A, 0, 0, rm, &fl); break;
    case RV_I_fmadd_d: f[in->rd] = arith64(OP_FMA, A, B, C, rm, &fl); break;
    case RV_I_fmsub_d: f[in->rd] = arith64(OP_FMA, A, B, C ^ SD, rm, &fl); break;
    case RV_I_fnmsub_d: f[in->rd] = arith64(OP_FMA, A ^ SD, B, C, rm, &fl); break;
    case RV_I_fnmadd_d: f[in->rd] = arith64(OP_FMA, A ^ SD, B, C ^ SD, rm, &fl); break;
    case RV_I_fsgnj_s: f[in->rd] = box((a & ~S) | (b & S)); break;
    case RV_I_fsgnjn_s: f[in->rd] = box((a & ~S) | (~b & S)); break;
    case RV_I_fsgnjx_s: f[in->rd] = box(a ^ (b & S)); break;
    case RV_I_fsgnj_d: f[in->rd] = (A & ~SD) | (B & SD); break;
    case RV_I_fsgnjn_d: f[in->rd] = (A & ~SD) | (~B & SD); break;
    case RV_I_fsgnjx_d: f[in->rd] = A ^ (B & SD); break;
    case RV_I_fmin_s: f[in->rd] = box((uint32_t)fminmax(&F32, a, b, false, &fl)); break;
    case RV_I_fmax_s: f[in->rd] = box((uint32_t)fminmax(&F32, a, b, true, &fl)); break;
    case RV_I_fmin_d: f[in->rd] = fminmax(&F64, A, B, false, &fl); break;
    case RV_I_fmax_d: f[in->rd] = fminmax(&F64, A, B, true, &fl); break;
    case RV_I_feq_s:
    case RV_I_flt_s:
    case RV_I_fle_s:
    case RV_I_feq_d:
    case RV_I_flt_d:
    case RV_I_fle_d: {
        bool dbl = in->id >= RV_I_feq_d;
        const fmt *ft = dbl ? &F64 : &F32;
        uint64_t p = dbl ? A : a, q = dbl ? B : b;
        unp u = unpack(ft, p), v = unpack(ft, q);
        int cmp = fcmp(ft, p, q);
        bool eq = in->id == RV_I_feq_s || in->id == RV_I_feq_d;
        bool lt = in->id == RV_I_flt_s || in->id == RV_I_flt_d;
        if (eq ? (u.snan || v.snan) : (u.nan || v.nan)) fl |= NV;
        x[in->rd] = cmp == 2 ? 0 : eq ? cmp == 0 : lt ? cmp < 0 : cmp <= 0;
        break;
    }
    case RV_I_fclass_s: x[in->rd] = fclass(&F32, a); break;
    case RV_I_fclass_d: x[in->rd] = fclass(&F64, A); break;
    case RV_I_fcvt_w_s: x[in->rd] = to_int(&F32, a, 32, true, rm, &fl); break;
    case RV_I_fcvt_wu_s: x[in->rd] = to_int(&F32, a, 32, false, rm, &fl); break;
    case RV_I_fcvt_l_s: x[in->rd] = to_int(&F32, a, 64, true, rm, &fl); break;
    case RV_I_fcvt_lu_s: x[in->rd] = to_int(&F32, a, 64, false, rm, &fl); break;
    case RV_I_fcvt_w_d: x[in->rd] = to_int(&F64, A, 32, true, rm, &fl); break;
    case RV_I_fcvt_wu_d: x[in->rd] = to_int(&F64, A, 32, false, rm, &fl); break;
    case RV_I_fcvt_l_d: x[in->rd] = to_int(&F64, A, 64, true, rm, &fl); break;
    case RV_I_fcvt_lu_d: x[in->rd] = to_int(&F64, A, 64, false, rm, &fl); break;
    case RV_I_fcvt_s_w: {
        int32_t v = (int32_t)xs;
        f[in->rd] = box((uint32_t)from_int(
            &F32, v < 0, v < 0 ? 0ull - (uint64_t)(int64_t)v : (uint64_t)v, rm, &fl));
        break;
    }
    case RV_I_fcvt_s_wu:
        f[in->rd] = box((uint32_t)from_int(&F32, false, (uint32_t)xs, rm, &fl));
        break;
    case RV_I_fcvt_s_l:
        f[in->rd] =
            box((uint32_t)from_int(&F32, (int64_t)xs < 0, (int64_t)xs < 0 ? 0 - xs : xs, rm, &fl));
        break;
    case RV_I_fcvt_s_lu: f[in->rd] = box((uint32_t)from_int(&F32, false, xs, rm, &fl)); break;
    case RV_I_fcvt_d_w: {
        int32_t v = (int32_t)xs;
        f[in->rd] =
            from_int(&F64, v < 0, v < 0 ? 0ull - (uint64_t)(int64_t)v : (uint64_t)v, RNE, &fl);
        break;
    }
    case RV_I_fcvt_d_wu: f[in->rd] = from_int(&F64, false, (uint32_t)xs, RNE, &fl); break;
    case RV_I_fcvt_d_l:
        f[in->rd] = from_int(&F64, (int64_t)xs < 0, (int64_t)xs < 0 ? 0 - xs : xs, rm, &fl);
        break;
    case RV_I_fcvt_d_lu: f[in->rd] = from_int(&F64, false, xs, rm, &fl); break;
    case RV_I_fcvt_s_d: f[in->rd] = box((uint32_t)cvt_f64_to_f32(A, rm, &fl)); break;
    case RV_I_fcvt_d_s: f[in->rd] = cvt_f32_to_f64(a, &fl); break;
    default: return false;
    }
    cpu->h.fcsr |= fl;
    return true;
}
