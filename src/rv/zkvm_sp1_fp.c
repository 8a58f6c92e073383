/* SP1's field precompiles for BN254 and BLS12-381 (ids 0x01_01_20..0x01_01_2B): a0 = x,
   a1 = y, little-endian field elements of n bytes (BN254 32, BLS12-381 48); Fp: x = x op y
   mod p; Fp2 (c0 then c1, u^2 = -1): x = x op y. Computed with GMP (tests: OpenSSL's BN). */
#include <gmp.h>

#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

static const char BN254_P[] = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
static const char BLS_P[] =
    "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffe"
    "b153ffffb9feffffffffaaab";

typedef struct fp_call {
    const char *p;
    size_t n; /* bytes per element */
    int op;   /* 0 add, 1 sub, 2 mul */
    bool fp2;
} fp_call;

/* Decodes the id in t0 (byte 0: 0x20..0x25 BLS12-381 Fp, Fp2; 0x26..0x2b BN254 Fp, Fp2). */
static fp_call decode(uint64_t t0)
{
    unsigned k = (unsigned)(t0 & 0xff) - 0x20;
    fp_call c = {k < 6 ? BLS_P : BN254_P, k < 6 ? 48 : 32, (int)(k % 3), k % 6 >= 3};
    return c;
}

unsigned rv_zkvm_in_sp1_fp(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    fp_call c = decode(x[RV_T0]);
    uint64_t len = (c.fp2 ? 2 : 1) * c.n;
    r[0] = (rv_zkvm_range){x[RV_A0], len};
    r[1] = (rv_zkvm_range){x[RV_A1], len};
    return 2;
}

static void fp_apply(mpz_t r, const mpz_t a, const mpz_t b, int op, const mpz_t p)
{
    if (op == 0)
        mpz_add(r, a, b);
    else if (op == 1)
        mpz_sub(r, a, b);
    else
        mpz_mul(r, a, b);
    mpz_mod(r, r, p);
}

rv_env_action rv_zkvm_run_sp1_fp(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    fp_call c = decode(x[RV_T0]);
    size_t len = (c.fp2 ? 2 : 1) * c.n;
    uint8_t a[96], b[96], out[96] = {0};
    if (!rv_mem_read_guest(cpu->mem, x[RV_A0], a, len)) return rv_zkvm_fault(cpu, false, x[RV_A0]);
    if (!rv_mem_read_guest(cpu->mem, x[RV_A1], b, len)) return rv_zkvm_fault(cpu, false, x[RV_A1]);
    mpz_t p, a0, a1, b0, b1, r0, r1, t;
    mpz_inits(p, a0, a1, b0, b1, r0, r1, t, NULL);
    mpz_set_str(p, c.p, 16);
    mpz_import(a0, c.n, -1, 1, 0, 0, a);
    mpz_import(b0, c.n, -1, 1, 0, 0, b);
    if (!c.fp2) {
        fp_apply(r0, a0, b0, c.op, p);
    } else {
        mpz_import(a1, c.n, -1, 1, 0, 0, a + c.n);
        mpz_import(b1, c.n, -1, 1, 0, 0, b + c.n);
        if (c.op < 2) {
            fp_apply(r0, a0, b0, c.op, p);
            fp_apply(r1, a1, b1, c.op, p);
        } else { /* (a0 + a1 u)(b0 + b1 u) = a0 b0 - a1 b1 + (a0 b1 + a1 b0) u */
            mpz_mul(r0, a0, b0);
            mpz_submul(r0, a1, b1);
            mpz_mod(r0, r0, p);
            mpz_mul(r1, a0, b1);
            mpz_addmul(r1, a1, b0);
            mpz_mod(r1, r1, p);
        }
    }
    size_t k;
    mpz_export(out, &k, -1, 1, 0, 0, r0);
    if (c.fp2) mpz_export(out + c.n, &k, -1, 1, 0, 0, r1);
    mpz_clears(p, a0, a1, b0, b1, r0, r1, t, NULL);
    if (!rv_mem_write_guest(cpu->mem, x[RV_A0], out, len))
        return rv_zkvm_fault(cpu, true, x[RV_A0]);
    return rv_zkvm_wrote(z, x[RV_A0], len);
}
