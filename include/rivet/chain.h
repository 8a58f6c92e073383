/* Chain configurations: which fork is active at (block number, timestamp), the blob schedule
   (EIP-4844/7691/7892 blob parameters, including the blob-parameter-only forks BPO1..5) and the
   deposit contract (EIP-6110). Built-in networks: mainnet, sepolia, holesky, hoodi; and the
   configs of test fixtures, named by their `network` ("Prague", "CancunToPragueAtTime15k",
   ...). */
#ifndef RIVET_CHAIN_H
#define RIVET_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "rivet/fork.h"
#include "rivet/status.h"

#define CHAIN_NEVER UINT64_MAX

/* Blob parameters: target and maximum blobs per block, base fee update fraction. */
typedef struct chain_blob {
    uint64_t target, max, update_fraction;
} chain_blob;

/* A blob schedule entry: parameters in effect from `time` on (until the next entry). */
typedef struct chain_blob_step {
    uint64_t time;
    chain_blob p;
    char name[12]; /* "Cancun", "Prague", "Osaka", "BPO1", ..., "Amsterdam" */
} chain_blob_step;

#define CHAIN_MAX_BLOB_STEPS 12

typedef struct chain_config {
    char name[48];
    uint64_t chain_id;
    /* Activation of each fork: a block number for forks up to Paris, a timestamp from Shanghai
       on (EIP-6122 order); CHAIN_NEVER when not scheduled. Non-decreasing in fork order. */
    uint64_t fork_at[FORK_COUNT];
    chain_blob_step blob[CHAIN_MAX_BLOB_STEPS]; /* sorted by time */
    size_t nblob;
    uint8_t deposit_contract[20];
} chain_config;

/* "mainnet", "sepolia", "holesky", "hoodi" (case-insensitive); NULL when unknown. */
const chain_config *chain_by_name(const char *name);
/* The built-in network with this chain id, or NULL. */
const chain_config *chain_by_id(uint64_t chain_id);

/* A config for a test fixture's network: a fork name ("Prague", "Osaka", "Amsterdam", "BPO2",
   "Merge"), active from genesis, or a transition "AToBAtTime15k" / "AToBAt5" (B activates at
   timestamp 15000 / block 5). Blob parameters are the defaults of each fork (the fixtures'
   `config.blobSchedule` may override them with chain_set_blob). Deposit contract: mainnet's. */
RIVET_MUST_USE rivet_status chain_from_network(chain_config *c, const char *network,
                                               uint64_t chain_id, rivet_diag *d);

/* The fork in effect for a block. */
rivet_fork chain_fork(const chain_config *c, uint64_t number, uint64_t timestamp);
/* True when `f` is active for the block. */
int chain_is_active(const chain_config *c, rivet_fork f, uint64_t number, uint64_t timestamp);
/* The blob parameters in effect at `timestamp`; NULL before the first entry (pre-Cancun). */
const chain_blob *chain_blob_at(const chain_config *c, uint64_t timestamp);
/* The default blob parameters of a fork (its own EIP's, or the last earlier fork's); NULL before
   Cancun. A transaction checked without a block, or a state test without a blobSchedule, uses
   them. */
const chain_blob *chain_blob_of_fork(rivet_fork f);
/* Replaces the parameters of the schedule entry named `name` (a fork or "BPOn"); EMISSING when
   the config has no such entry. */
RIVET_MUST_USE rivet_status chain_set_blob(chain_config *c, const char *name, chain_blob p,
                                           rivet_diag *d);

/* The chain of a test fixture (a jansson object; src/eth/chain_json.c, host builds only):
   chain_from_network of its `network` (or `config.network`) and `config.chainid` (default 1),
   then each complete `config.blobSchedule` entry the chain schedules. */
struct json_t;
RIVET_MUST_USE rivet_status chain_from_test_json(chain_config *c, struct json_t *test,
                                                 rivet_diag *d);
/* The same for a state test, whose case names its fork rather than a network: the fork from
   genesis, `config.chainid`, `config.blobSchedule`. */
RIVET_MUST_USE rivet_status chain_from_state_test_json(chain_config *c, struct json_t *test,
                                                       rivet_fork fork, rivet_diag *d);

#endif
