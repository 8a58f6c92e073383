/* The target zkVM profiles as the translator sees them: one descriptor per row of the one
   profile table (RV_ZKVM_PROFILE_LIST in include/rivet/rv_zkvm.h) feeds the option parser, the
   ISA restriction of decoder and translator, and the cost and trace-size models of the report. */
#include <string.h>

#include "aot/aot_internal.h"

static const aot_profile profiles[] = {
#define X(id, name, fam, xlen, ext, map, text, cost, extra, what)                                  \
    {name, what, xlen, ext, text, RV_ZKVM_ABI_##id, cost, AOT_EXTRA_##extra},
    RV_ZKVM_PROFILE_LIST(X)
#undef X
};

const aot_profile *aot_profile_at(unsigned i)
{
    return i < sizeof profiles / sizeof profiles[0] ? &profiles[i] : NULL;
}

const aot_profile *aot_profile_find(const char *name)
{
    for (unsigned i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
        if (!strcmp(profiles[i].name, name)) return &profiles[i];
    return NULL;
}
