/* Placeholders for the precompiles not implemented yet: they report "unsupported". */
#include "evm/precompile_impl.h"

#define PENDING(stem)                                                                              \
    uint64_t pre_##stem##_gas(const uint8_t *in, size_t len, rivet_fork fork)                      \
    {                                                                                              \
        return 0;                                                                                  \
    }                                                                                              \
    rivet_status pre_##stem##_run(const uint8_t *in, size_t len, rivet_fork fork, rivet_buf *out,  \
                                  rivet_diag *d)                                                   \
    {                                                                                              \
        return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS, #stem ": not implemented yet");      \
    }

PENDING(bn254_add)
PENDING(bn254_mul)
PENDING(bn254_pairing)
