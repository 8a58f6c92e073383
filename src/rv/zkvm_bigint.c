/* 256-bit modular multiplication for the vendors' bigint calls (SP1 UINT256_MUL, RISC Zero
   BIGINT op 0): little-endian 32-byte integers, r = x * y mod m, m = 0 meaning mod 2^256.
   Computed with GMP; checked against OpenSSL's BN_mod_mul in tests/unit/rv/test_rv_vendor.c. */
#include <gmp.h>

#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

static void mulmod(uint8_t r[32], const uint8_t x[32], const uint8_t y[32], const uint8_t m[32])
{
    mpz_t a, b, n;
    mpz_inits(a, b, n, NULL);
    mpz_import(a, 32, -1, 1, 0, 0, x);
    mpz_import(b, 32, -1, 1, 0, 0, y);
    mpz_import(n, 32, -1, 1, 0, 0, m);
    mpz_mul(a, a, b);
    if (mpz_sgn(n))
        mpz_mod(a, a, n);
    else
        mpz_fdiv_r_2exp(a, a, 256);
    size_t k;
    memset(r, 0, 32);
    mpz_export(r, &k, -1, 1, 0, 0, a);
    mpz_clears(a, b, n, NULL);
}

/* Reads x (32 bytes at xa), y and m (ya, ma), writes x * y mod m at ra. */
static rv_env_action op(rv_cpu *cpu, rv_zkvm *z, uint64_t ra, uint64_t xa, uint64_t ya, uint64_t ma)
{
    uint8_t x[32], y[32], m[32], r[32];
    if (!rv_mem_read_guest(cpu->mem, xa, x, 32)) return rv_zkvm_fault(cpu, false, xa);
    if (!rv_mem_read_guest(cpu->mem, ya, y, 32)) return rv_zkvm_fault(cpu, false, ya);
    if (!rv_mem_read_guest(cpu->mem, ma, m, 32)) return rv_zkvm_fault(cpu, false, ma);
    mulmod(r, x, y, m);
    if (!rv_mem_write_guest(cpu->mem, ra, r, 32)) return rv_zkvm_fault(cpu, true, ra);
    return rv_zkvm_wrote(z, ra, 32);
}

unsigned rv_zkvm_in_sp1_uint256_mul(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    r[0] = (rv_zkvm_range){x[RV_A0], 32};
    r[1] = (rv_zkvm_range){x[RV_A1], 64};
    return 2;
}

rv_env_action rv_zkvm_run_sp1_uint256_mul(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    return op(cpu, z, x[RV_A0], x[RV_A0], x[RV_A1], x[RV_A1] + 32);
}

unsigned rv_zkvm_in_risc0_bigint(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)cpu;
    if (x[RV_A1] != 0) return 0;
    r[0] = (rv_zkvm_range){x[RV_A2], 32};
    r[1] = (rv_zkvm_range){x[RV_A3], 32};
    r[2] = (rv_zkvm_range){x[RV_A4], 32};
    return 3;
}

rv_env_action rv_zkvm_run_risc0_bigint(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    if (x[RV_A1] != 0) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, x[RV_A1]); /* only OP_MULTIPLY */
    return op(cpu, z, x[RV_A0], x[RV_A2], x[RV_A3], x[RV_A4]);
}
