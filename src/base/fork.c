#include "rivet/fork.h"

#include <string.h>

static const char *const fork_names[] = {
#define X(id, name) name,
    RIVET_FORK_LIST(X)
#undef X
};

const char *fork_name(rivet_fork f)
{
    return (unsigned)f < FORK_COUNT ? fork_names[f] : "unknown";
}

int fork_from_name(const char *name)
{
    static const struct {
        const char *alias;
        rivet_fork fork;
    } aliases[] = {{"Merge", FORK_PARIS},
                   {"Tangerine", FORK_TANGERINE},
                   {"TangerineWhistle", FORK_TANGERINE},
                   {"SpuriousDragon", FORK_SPURIOUS},
                   {"Petersburg", FORK_PETERSBURG}};
    for (int i = 0; i < FORK_COUNT; i++)
        if (strcmp(name, fork_names[i]) == 0) return i;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(name, aliases[i].alias) == 0) return (int)aliases[i].fork;
    return -1;
}
