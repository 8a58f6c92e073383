/* 0x06-0x08 BN254 add, mul, pairing (EIP-196, EIP-197; EIP-1108 prices from Istanbul).
   Add and mul zero-pad short input and ignore extra bytes; the pairing input must be a
   multiple of 192 bytes (empty input: success, result 1). */
#include "evm/precompile_impl.h"

#include <string.h>

uint64_t pre_bn254_add_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return fork >= FORK_ISTANBUL ? 150 : 500;
}

rivet_status pre_bn254_add_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                               rivet_diag *d)
{
    uint8_t buf[128], r[64];
    pre_read_padded(buf, in, len, 0, 128);
    crypto_err e = crypto_bn254_add(r, buf, buf + 64);
    if (e) return pre_crypto_fail(d, e, "bn254_add");
    uint8_t *o = pre_out(out, 64);
    if (!o) return RIVET_ENOMEM;
    memcpy(o, r, 64);
    return RIVET_OK;
}

uint64_t pre_bn254_mul_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return fork >= FORK_ISTANBUL ? 6000 : 40000;
}

rivet_status pre_bn254_mul_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                               rivet_diag *d)
{
    uint8_t buf[96], r[64];
    pre_read_padded(buf, in, len, 0, 96);
    crypto_err e = crypto_bn254_mul(r, buf, buf + 64);
    if (e) return pre_crypto_fail(d, e, "bn254_mul");
    uint8_t *o = pre_out(out, 64);
    if (!o) return RIVET_ENOMEM;
    memcpy(o, r, 64);
    return RIVET_OK;
}

uint64_t pre_bn254_pairing_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    uint64_t k = len / 192;
    return fork >= FORK_ISTANBUL ? pre_sat_add(45000, pre_sat_mul(34000, k))
                                 : pre_sat_add(100000, pre_sat_mul(80000, k));
}

rivet_status pre_bn254_pairing_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                                   rivet_diag *d)
{
    if (len % 192)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "bn254_pairing: invalid input length %zu (not a multiple of 192)", len);
    bool ok;
    crypto_err e = crypto_bn254_pairing_check(&ok, in, len / 192);
    if (e) return pre_crypto_fail(d, e, "bn254_pairing");
    uint8_t *o = pre_out(out, 32);
    if (!o) return RIVET_ENOMEM;
    o[31] = ok;
    return RIVET_OK;
}
