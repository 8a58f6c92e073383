/* 0x09 blake2f (EIP-152) and 0x100 p256verify (EIP-7951). */
#include "evm/precompile_impl.h"

#include <string.h>

static uint64_t le_load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

enum { BLAKE2F_LEN = 213 };

/* Input: rounds (4 bytes, big-endian) || h (8 x u64 LE) || m (16 x u64 LE) || t (2 x u64 LE) ||
   f (one byte, 0 or 1). Gas is one per round; any other length costs nothing and fails. */
uint64_t pre_blake2f_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    if (len != BLAKE2F_LEN) return 0;
    return (uint64_t)in[0] << 24 | (uint64_t)in[1] << 16 | (uint64_t)in[2] << 8 | in[3];
}

rivet_status pre_blake2f_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                             rivet_diag *d)
{
    if (len != BLAKE2F_LEN)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "blake2f: invalid input length %zu, not %d", len, BLAKE2F_LEN);
    if (in[212] > 1)
        return rivet_fail(d, RIVET_EINVALID, 212, "blake2f: invalid final flag %u (not 0 or 1)",
                          in[212]);
    uint64_t h[8], m[16], t[2];
    for (int i = 0; i < 8; i++)
        h[i] = le_load64(in + 4 + 8 * i);
    for (int i = 0; i < 16; i++)
        m[i] = le_load64(in + 68 + 8 * i);
    t[0] = le_load64(in + 196);
    t[1] = le_load64(in + 204);
    crypto_blake2f(h, m, t, in[212], (uint32_t)pre_blake2f_gas(in, len, fork));
    uint8_t *o = pre_out(out, 64);
    if (!o) return RIVET_ENOMEM;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            o[8 * i + j] = (uint8_t)(h[i] >> (8 * j));
    return RIVET_OK;
}

/* Input: hash || r || s || qx || qy (exactly 160 bytes). Success returns 32 bytes holding 1;
   any invalid input or signature returns empty output, still a success (EIP-7951). */
uint64_t pre_p256verify_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return 6900;
}

rivet_status pre_p256verify_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                                rivet_diag *d)
{
    out->n = 0;
    if (len != 160 || !crypto_p256_verify(in, in + 32, in + 64, in + 96, in + 128)) return RIVET_OK;
    uint8_t *o = pre_out(out, 32);
    if (!o) return RIVET_ENOMEM;
    o[31] = 1;
    return RIVET_OK;
}

/* 0x0a point evaluation (EIP-4844): versioned_hash || z || y || commitment || proof (192
   bytes). The hash must be 0x01 || sha256(commitment)[1:]. Returns FIELD_ELEMENTS_PER_BLOB and
   BLS_MODULUS as two 32-byte words. */
enum { POINT_EVAL_LEN = 192 };

static const uint8_t point_eval_result[64] = {
    [30] = 0x10, /* 4096 */
    [32] = 0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8,
    0x08,        0x09, 0xa1, 0xd8, 0x05, 0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe,
    0x5b,        0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01};

uint64_t pre_point_evaluation_gas(const uint8_t *in, size_t len, rivet_fork fork)
{
    return 50000;
}

rivet_status pre_point_evaluation_run(const uint8_t *in, size_t len, rivet_fork fork,
                                      rivet_buf *out, rivet_diag *d)
{
    if (len != POINT_EVAL_LEN)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "point_evaluation: invalid input length %zu, not %d", len,
                          POINT_EVAL_LEN);
    uint8_t h[32];
    crypto_sha256(h, in + 96, 48);
    if (in[0] != 0x01 || memcmp(h + 1, in + 1, 31) != 0)
        return rivet_fail(d, RIVET_EINVALID, 0, "point_evaluation: versioned hash mismatch");
    bool ok;
    crypto_err e = crypto_kzg_verify(&ok, in + 96, in + 32, in + 64, in + 144);
    if (e) return pre_crypto_fail(d, e, "point_evaluation");
    if (!ok) return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "point_evaluation: proof rejected");
    uint8_t *o = pre_out(out, 64);
    if (!o) return RIVET_ENOMEM;
    memcpy(o, point_eval_result, 64);
    return RIVET_OK;
}
