/* A test fixture's chain: the one reading of `network`, `config.chainid` and
   `config.blobSchedule` that the fixture runners (state, blockchain, zkevm), `rivet stateless` and
   the unit tests share. Needs jansson (a guest build leaves this file out). */
#include <jansson.h>
#include <stdlib.h>

#include "rivet/chain.h"

static const char *chain_json_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static rivet_status chain_json(chain_config *c, json_t *test, const char *net, rivet_diag *d)
{
    json_t *cfg = json_object_get(test, "config");
    if (!net) net = chain_json_str(test, "network");
    if (!net) net = chain_json_str(cfg, "network");
    const char *cid = chain_json_str(cfg, "chainid");
    rivet_status st = chain_from_network(c, net ? net : "?", cid ? strtoull(cid, NULL, 0) : 1, d);
    if (st) return st;
    const char *name;
    json_t *v;
    json_object_foreach(json_object_get(cfg, "blobSchedule"), name, v)
    {
        const char *tg = chain_json_str(v, "target"), *mx = chain_json_str(v, "max"),
                   *fr = chain_json_str(v, "baseFeeUpdateFraction");
        if (!tg || !mx || !fr) continue;
        chain_blob p = {strtoull(tg, NULL, 0), strtoull(mx, NULL, 0), strtoull(fr, NULL, 0)};
        if (chain_set_blob(c, name, p, NULL) != RIVET_OK)
            continue; /* a fork the chain does not schedule: ignored */
    }
    return RIVET_OK;
}

rivet_status chain_from_test_json(chain_config *c, json_t *test, rivet_diag *d)
{
    return chain_json(c, test, NULL, d);
}

rivet_status chain_from_state_test_json(chain_config *c, json_t *test, rivet_fork fork,
                                        rivet_diag *d)
{
    return chain_json(c, test, fork_name(fork), d);
}
