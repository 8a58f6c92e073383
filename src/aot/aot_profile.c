/* The target zkVM profiles (profiles.def): one descriptor feeds the option parser, the ISA
   restriction of decoder and translator, and the cost and trace-size models of the report. */
#include <string.h>

#include "aot/aot_internal.h"

static const aot_profile profiles[] = {
#define X(id, name, xlen, text, abi, cost, extra, what)                                            \
    {name, what, xlen, RV_ZKVM_EXT_##abi, text, RV_ZKVM_ABI_##abi, cost, extra},
#include "aot/profiles.def"
    AOT_PROFILE_LIST(X)
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
