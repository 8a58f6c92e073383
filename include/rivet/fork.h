/* Ethereum forks (execution-layer rule sets), oldest first, so `fork >= FORK_CANCUN` reads as
   "Cancun rules or later". */
#ifndef RIVET_FORK_H
#define RIVET_FORK_H

#define RIVET_FORK_LIST(X)                                                                         \
    X(FRONTIER, "Frontier")                                                                        \
    X(HOMESTEAD, "Homestead")                                                                      \
    X(TANGERINE, "EIP150")                                                                         \
    X(SPURIOUS, "EIP158")                                                                          \
    X(BYZANTIUM, "Byzantium")                                                                      \
    X(CONSTANTINOPLE, "Constantinople")                                                            \
    X(PETERSBURG, "ConstantinopleFix")                                                             \
    X(ISTANBUL, "Istanbul")                                                                        \
    X(BERLIN, "Berlin")                                                                            \
    X(LONDON, "London")                                                                            \
    X(PARIS, "Paris")                                                                              \
    X(SHANGHAI, "Shanghai")                                                                        \
    X(CANCUN, "Cancun")                                                                            \
    X(PRAGUE, "Prague")                                                                            \
    X(OSAKA, "Osaka")                                                                              \
    X(AMSTERDAM, "Amsterdam")

typedef enum {
#define X(id, name) FORK_##id,
    RIVET_FORK_LIST(X)
#undef X
        FORK_COUNT
} rivet_fork;

/* The fixtures' name of a fork ("Prague", "EIP150", ...). */
const char *fork_name(rivet_fork f);
/* Parses a fixture fork name (also accepts "Merge" for Paris, "Tangerine" and "SpuriousDragon",
   "Petersburg"); returns -1 when unknown. */
int fork_from_name(const char *name);

#endif
