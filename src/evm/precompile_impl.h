/* Internal interface of the precompile files: one gas function and one run function each. */
#ifndef RIVET_EVM_PRECOMPILE_IMPL_H
#define RIVET_EVM_PRECOMPILE_IMPL_H

#include "rivet/crypto.h"
#include "rivet/precompile.h"

typedef uint64_t (*pre_gas_fn)(const uint8_t *in, size_t len, rivet_fork fork);
/* Runs with the gas already paid. Returns RIVET_OK, RIVET_EINVALID (the call fails), or a host
   error. Writes the output through pre_out. */
typedef rivet_status (*pre_run_fn)(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,
                                   rivet_diag *d);

/* Sets out to n zero bytes and returns them (NULL when allocation fails). */
uint8_t *pre_out(rivet_buf *out, size_t n);
/* Copies in[off..off+n) into dst, zero-filling what lies past len (the EVM's implicit padding). */
void pre_read_padded(uint8_t *dst, const uint8_t *in, size_t len, size_t off, size_t n);
/* Maps a crypto error to RIVET_EINVALID (bad input) or the host error, with a message. */
RIVET_MUST_USE rivet_status pre_crypto_fail(rivet_diag *d, crypto_err e, const char *what);

/* Saturating arithmetic for gas formulas. */
static inline uint64_t pre_sat_add(uint64_t a, uint64_t b)
{
    return a + b < a ? UINT64_MAX : a + b;
}
static inline uint64_t pre_sat_mul(uint64_t a, uint64_t b)
{
    unsigned __int128 p = (unsigned __int128)a * b;
    return p > UINT64_MAX ? UINT64_MAX : (uint64_t)p;
}

#define PRE_DECL(id, addr, name, stem, since)                                                      \
    uint64_t pre_##stem##_gas(const uint8_t *in, size_t len, rivet_fork fork);                     \
    RIVET_MUST_USE rivet_status pre_##stem##_run(const uint8_t *in, size_t len, rivet_fork fork,   \
                                                 rivet_buf *out, rivet_diag *d);
RIVET_PRECOMPILE_LIST(PRE_DECL)
#undef PRE_DECL

#endif
