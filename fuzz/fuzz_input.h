/* Shared by the harnesses of the inputs that carry their block (fuzz_wit_*.c): a decoded input
   is validated (strict, then with a trusted pre-state root when the input has one); nothing may
   crash, and a valid verdict must carry the header's state root. */
#ifndef RIVET_FUZZ_INPUT_H
#define RIVET_FUZZ_INPUT_H

#include <stdlib.h>
#include <string.h>

#include "rivet/stateless.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_validate(wit_input *in)
{
    const chain_config *c = chain_by_id(in->chain_id);
    if (!c) c = chain_by_name("mainnet");
    sl_opts o = {0, in->has_pre_state_root ? in->pre_state_root : NULL, NULL, NULL, NULL};
    sl_result r;
    if (sl_validate_opts(&in->b, &in->w, c, &o, &r) == RIVET_OK && r.valid &&
        memcmp(r.state_root, in->b.header.state_root, 32) != 0)
        abort();
}

#endif
