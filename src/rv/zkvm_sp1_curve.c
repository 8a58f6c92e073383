/* SP1's secp256k1 point operations (SECP256K1_ADD 0x0001010a, SECP256K1_DOUBLE 0x0000010b):
   affine points as x || y, each 32 bytes little-endian (8 u32 / 4 u64 words), updated in place
   at a0. Computed with GMP over p = 2^256 - 2^32 - 977; a result at infinity (P = -Q, y = 0)
   has no affine form: an ecall trap, as SP1's chip cannot prove it either. */
#include <gmp.h>

#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

static const char P_HEX[] = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";

static bool get_point(rv_cpu *cpu, uint64_t a, mpz_t x, mpz_t y)
{
    uint8_t b[64];
    if (!rv_mem_read_guest(cpu->mem, a, b, 64)) return false;
    mpz_import(x, 32, -1, 1, 0, 0, b);
    mpz_import(y, 32, -1, 1, 0, 0, b + 32);
    return true;
}

static bool put_point(rv_cpu *cpu, uint64_t a, const mpz_t x, const mpz_t y)
{
    uint8_t b[64] = {0};
    size_t n;
    mpz_export(b, &n, -1, 1, 0, 0, x);
    mpz_export(b + 32, &n, -1, 1, 0, 0, y);
    return rv_mem_write_guest(cpu->mem, a, b, 64);
}

/* (x1, y1) := (x1, y1) + (x2, y2), or 2 (x1, y1) when dbl; false at infinity. */
static bool ec_op(mpz_t x1, mpz_t y1, const mpz_t x2, const mpz_t y2, bool dbl)
{
    mpz_t p, l, t, x3;
    mpz_inits(p, l, t, x3, NULL);
    mpz_set_str(p, P_HEX, 16);
    bool ok;
    if (!dbl && mpz_cmp(x1, x2) == 0) dbl = mpz_cmp(y1, y2) == 0;
    if (dbl) { /* l = 3 x^2 / 2y */
        mpz_mul_ui(t, y1, 2);
        ok = mpz_invert(t, t, p) != 0;
        mpz_mul(l, x1, x1);
        mpz_mul_ui(l, l, 3);
    } else { /* l = (y2 - y1) / (x2 - x1) */
        mpz_sub(t, x2, x1);
        ok = mpz_invert(t, t, p) != 0;
        mpz_sub(l, y2, y1);
    }
    if (ok) {
        mpz_mul(l, l, t);
        mpz_mod(l, l, p);
        mpz_mul(x3, l, l);
        mpz_sub(x3, x3, x1);
        mpz_sub(x3, x3, dbl ? x1 : x2);
        mpz_mod(x3, x3, p);
        mpz_sub(t, x1, x3);
        mpz_mul(t, t, l);
        mpz_sub(y1, t, y1);
        mpz_mod(y1, y1, p);
        mpz_set(x1, x3);
    }
    mpz_clears(p, l, t, x3, NULL);
    return ok;
}

unsigned rv_zkvm_in_sp1_two_points(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    r[0] = (rv_zkvm_range){x[RV_A0], 64};
    r[1] = (rv_zkvm_range){x[RV_A1], 64};
    return 2;
}

unsigned rv_zkvm_in_sp1_point(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    r[0] = (rv_zkvm_range){x[RV_A0], 64};
    return 1;
}

static rv_env_action secp(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x, bool dbl)
{
    mpz_t x1, y1, x2, y2;
    mpz_inits(x1, y1, x2, y2, NULL);
    rv_env_action act = RV_ENV_CONTINUE;
    uint64_t pa = x[RV_A0], qa = x[RV_A1];
    if (!get_point(cpu, pa, x1, y1))
        act = rv_zkvm_fault(cpu, false, pa);
    else if (!dbl && !get_point(cpu, qa, x2, y2))
        act = rv_zkvm_fault(cpu, false, qa);
    else if (!ec_op(x1, y1, x2, y2, dbl))
        act = rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_T0]);
    else if (!put_point(cpu, pa, x1, y1))
        act = rv_zkvm_fault(cpu, true, pa);
    else
        rv_zkvm_wrote(z, pa, 64);
    mpz_clears(x1, y1, x2, y2, NULL);
    return act;
}

rv_env_action rv_zkvm_run_sp1_secp_add(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    return secp(cpu, z, x, false);
}

rv_env_action rv_zkvm_run_sp1_secp_double(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    return secp(cpu, z, x, true);
}
