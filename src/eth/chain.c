/* Chain configurations: built-in networks, fixture networks, fork and blob-schedule lookup. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rivet/chain.h"

#define NEVER CHAIN_NEVER

/* Default blob parameters per schedule entry name (EIP-4844, EIP-7691, EIP-7892 BPO forks). */
static const struct {
    const char *name;
    chain_blob p;
} chain_blob_defaults[] = {
    {"Cancun", {3, 6, 3338477}},  {"Prague", {6, 9, 5007716}},  {"Osaka", {6, 9, 5007716}},
    {"BPO1", {10, 15, 8346193}},  {"BPO2", {14, 21, 11684671}}, {"BPO3", {21, 32, 20609697}},
    {"BPO4", {14, 21, 13739630}}, {"BPO5", {14, 21, 13739630}}, {"Amsterdam", {14, 21, 11684671}},
};

static const chain_blob *chain_blob_default(const char *name)
{
    for (size_t i = 0; i < sizeof chain_blob_defaults / sizeof chain_blob_defaults[0]; i++)
        if (strcmp(chain_blob_defaults[i].name, name) == 0) return &chain_blob_defaults[i].p;
    return NULL;
}

#define BLOB(t, nm)                                                                                \
    {                                                                                              \
        t, {0, 0, 0}, nm                                                                           \
    }
#define MAINNET_DEPOSIT                                                                            \
    {                                                                                              \
        0x00, 0x00, 0x00, 0x00, 0x21, 0x9a, 0xb5, 0x40, 0x35, 0x6c, 0xbb, 0x83, 0x9c, 0xbe, 0x05,  \
            0x30, 0x3d, 0x77, 0x05, 0xfa                                                           \
    }

/* fork_at in fork order: Frontier .. Paris by block, Shanghai .. Amsterdam by timestamp. */
static chain_config chain_builtin[] = {
    {.name = "mainnet",
     .chain_id = 1,
     .fork_at = {0, 1150000, 2463000, 2675000, 4370000, 7280000, 7280000, 9069000, 12244000,
                 12965000, 15537394, 1681338455, 1710338135, 1746612311, 1764798551, NEVER},
     .blob = {BLOB(1710338135, "Cancun"), BLOB(1746612311, "Prague"), BLOB(1764798551, "Osaka"),
              BLOB(1765290071, "BPO1"), BLOB(1767747671, "BPO2")},
     .nblob = 5,
     .deposit_contract = MAINNET_DEPOSIT},
    {.name = "sepolia",
     .chain_id = 11155111,
     .fork_at = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1735371, 1677557088, 1706655072, 1741159776,
                 1760427360, NEVER},
     .blob = {BLOB(1706655072, "Cancun"), BLOB(1741159776, "Prague"), BLOB(1760427360, "Osaka"),
              BLOB(1761017184, "BPO1"), BLOB(1761607008, "BPO2")},
     .nblob = 5,
     .deposit_contract = {0x7f, 0x02, 0xc3, 0xe3, 0xc9, 0x8b, 0x13, 0x30, 0x55, 0xb8,
                          0xb3, 0x48, 0xb2, 0xac, 0x62, 0x56, 0x69, 0xed, 0x29, 0x5d}},
    {.name = "holesky",
     .chain_id = 17000,
     .fork_at = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1696000704, 1707305664, 1740434112, 1759308480,
                 NEVER},
     .blob = {BLOB(1707305664, "Cancun"), BLOB(1740434112, "Prague"), BLOB(1759308480, "Osaka"),
              BLOB(1759800000, "BPO1"), BLOB(1760389824, "BPO2")},
     .nblob = 5,
     .deposit_contract = {0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
                          0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42}},
    {.name = "hoodi",
     .chain_id = 560048,
     .fork_at = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1742999832, 1761677592, NEVER},
     .blob = {BLOB(0, "Cancun"), BLOB(1742999832, "Prague"), BLOB(1761677592, "Osaka"),
              BLOB(1762365720, "BPO1"), BLOB(1762955544, "BPO2")},
     .nblob = 5,
     .deposit_contract = MAINNET_DEPOSIT},
};

enum { CHAIN_NBUILTIN = sizeof chain_builtin / sizeof chain_builtin[0] };

/* Fills the blob parameters of the built-in schedules from the defaults (once). */
static void chain_builtin_init(void)
{
    static int done;
    if (done) return;
    for (size_t i = 0; i < CHAIN_NBUILTIN; i++)
        for (size_t j = 0; j < chain_builtin[i].nblob; j++)
            chain_builtin[i].blob[j].p = *chain_blob_default(chain_builtin[i].blob[j].name);
    done = 1;
}

const chain_blob *chain_blob_of_fork(rivet_fork f)
{
    const chain_blob *p = NULL;
    for (int i = (int)f; i >= FORK_CANCUN && !p; i--)
        p = chain_blob_default(fork_name((rivet_fork)i));
    return p;
}

const chain_config *chain_by_name(const char *name)
{
    chain_builtin_init();
    for (size_t i = 0; name && i < CHAIN_NBUILTIN; i++)
        if (strcasecmp(chain_builtin[i].name, name) == 0) return &chain_builtin[i];
    return NULL;
}

const chain_config *chain_by_id(uint64_t chain_id)
{
    chain_builtin_init();
    for (size_t i = 0; i < CHAIN_NBUILTIN; i++)
        if (chain_builtin[i].chain_id == chain_id) return &chain_builtin[i];
    return NULL;
}

rivet_fork chain_fork(const chain_config *c, uint64_t number, uint64_t timestamp)
{
    rivet_fork f = FORK_FRONTIER;
    for (int i = FORK_FRONTIER; i < FORK_COUNT; i++) {
        uint64_t at = c->fork_at[i];
        if (at == NEVER) break;
        if ((i < FORK_SHANGHAI ? number : timestamp) < at) break;
        f = (rivet_fork)i;
    }
    return f;
}

int chain_is_active(const chain_config *c, rivet_fork f, uint64_t number, uint64_t timestamp)
{
    return chain_fork(c, number, timestamp) >= f;
}

const chain_blob *chain_blob_at(const chain_config *c, uint64_t timestamp)
{
    const chain_blob *p = NULL;
    for (size_t i = 0; i < c->nblob && c->blob[i].time <= timestamp; i++)
        p = &c->blob[i].p;
    return p;
}

rivet_status chain_set_blob(chain_config *c, const char *name, chain_blob p, rivet_diag *d)
{
    for (size_t i = 0; i < c->nblob; i++)
        if (strcmp(c->blob[i].name, name) == 0) {
            c->blob[i].p = p;
            return RIVET_OK;
        }
    return rivet_fail(d, RIVET_EMISSING, RIVET_NOPOS, "chain %s has no blob schedule entry %s",
                      c->name, name);
}

/* Parses a network element: a fork name or "BPOn". *bpo gets n (0 for a fork). */
static int chain_parse_fork(const char *s, size_t len, int *bpo)
{
    char name[32];
    if (len == 0 || len >= sizeof name) return -1;
    memcpy(name, s, len);
    name[len] = 0;
    *bpo = 0;
    if (len == 4 && strncmp(name, "BPO", 3) == 0 && name[3] >= '1' && name[3] <= '5') {
        *bpo = name[3] - '0';
        return FORK_OSAKA;
    }
    return fork_from_name(name);
}

static bool chain_has_blob(const chain_config *c, const char *name)
{
    for (size_t i = 0; i < c->nblob; i++)
        if (strcmp(c->blob[i].name, name) == 0) return true;
    return false;
}

static void chain_push_blob(chain_config *c, const char *name, uint64_t t)
{
    const chain_blob *p = chain_blob_default(name);
    if (!p || chain_has_blob(c, name) || c->nblob == CHAIN_MAX_BLOB_STEPS) return;
    chain_blob_step *s = &c->blob[c->nblob++];
    snprintf(s->name, sizeof s->name, "%s", name);
    s->time = t;
    s->p = *p;
}

/* Appends the schedule entries up to fork f and BPO1..bpo not present yet, from time t. */
static void chain_add_blob(chain_config *c, int f, int bpo, uint64_t t)
{
    static const char *const names[] = {"Cancun", "Prague", "Osaka"};
    for (int g = FORK_CANCUN; g <= f && g <= FORK_OSAKA; g++)
        chain_push_blob(c, names[g - FORK_CANCUN], t);
    for (int b = 1; b <= bpo; b++) {
        char name[8] = "BPO0";
        name[3] = (char)('0' + b);
        chain_push_blob(c, name, t);
    }
    if (f >= FORK_AMSTERDAM) chain_push_blob(c, "Amsterdam", t);
}

rivet_status chain_from_network(chain_config *c, const char *network, uint64_t chain_id,
                                rivet_diag *d)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", network);
    c->chain_id = chain_id;
    static const uint8_t deposit[20] = MAINNET_DEPOSIT;
    memcpy(c->deposit_contract, deposit, 20);
    const char *to = strstr(network, "To");
    const char *at = to ? strstr(to, "At") : NULL;
    int bpo_a, bpo_b = 0;
    int a = chain_parse_fork(network, to ? (size_t)(to - network) : strlen(network), &bpo_a);
    int b = -1;
    uint64_t when = 0;
    bool by_time = false;
    if (to) {
        if (!at)
            a = -1;
        else {
            b = chain_parse_fork(to + 2, (size_t)(at - to - 2), &bpo_b);
            const char *num = at + 2;
            if (strncmp(num, "Time", 4) == 0) by_time = true, num += 4;
            char *end;
            when = strtoull(num, &end, 10);
            if (*end == 'k') when *= 1000, end++;
            if (end == num || *end || b < a) b = -1;
        }
        if (b < 0) a = -1;
    }
    if (a < 0)
        return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS, "unknown network '%s'", network);
    for (int i = 0; i < FORK_COUNT; i++)
        c->fork_at[i] = i <= a ? 0 : NEVER;
    chain_add_blob(c, a, bpo_a, 0);
    if (b >= 0) {
        if (by_time != (b >= FORK_SHANGHAI))
            return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS,
                              "network '%s': %s activates by %s", network, fork_name(b),
                              b >= FORK_SHANGHAI ? "timestamp" : "block number");
        for (int i = a + 1; i <= b; i++)
            c->fork_at[i] = when;
        chain_add_blob(c, b, bpo_b, when);
    }
    return RIVET_OK;
}
