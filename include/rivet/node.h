/* The development node (`rivet node`): a chain with anvil's defaults (chain id 31337, the
   `test test ... junk` mnemonic's ten accounts with 10 000 ETH, base fee 1 gwei, 30M gas limit),
   mined by the exec layer's block executor, served as Ethereum JSON-RPC 2.0 over HTTP.

   A chain is a genesis (made from node_config) plus a journal of entries: mined blocks and dev
   edits of the state (anvil_setBalance ...). The state is the replay of that journal; snapshots
   are journal positions; persistence (LMDB under a data dir) writes each entry durably before
   the request that made it is answered. */
#ifndef RIVET_NODE_H
#define RIVET_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/evm.h"
#include "rivet/status.h"
#include "rivet/tx.h"
#include "rivet/u256.h"

#define NODE_MAX_ACCOUNTS 10

typedef struct node_config {
    uint64_t chain_id;      /* 31337 */
    unsigned accounts;      /* prefunded dev accounts, at most 10 (the mnemonic's first ten) */
    u256 balance;           /* of each, in wei (10 000 ETH) */
    uint64_t gas_limit;     /* block gas limit (30 000 000) */
    u256 base_fee;          /* genesis base fee (1 gwei) */
    uint64_t timestamp;     /* genesis timestamp (0: the time at first start) */
    const char *hardfork;   /* "Prague" (a chain_from_network name) */
    uint64_t block_time;    /* seconds between blocks in interval mining (0: automine) */
    bool no_mining;         /* manual mining only (evm_mine / anvil_mine) */
    bool check_witness;     /* validate every mined block statelessly from its witness */
    const char *data_dir;   /* LMDB directory (NULL: in memory) */
    const char *load_state; /* a --dump-state file to start from (NULL: none) */
    const char *dump_state; /* written on exit (NULL: none) */
    bool quiet;             /* no per-request log lines on stderr */
    bool no_hybrid;         /* mainnet rules: no RISC-V contracts (default: hybrid chain) */
} node_config;

/* anvil's defaults. */
void node_config_default(node_config *c);

typedef struct node_chain node_chain;

/* Makes the chain: genesis, then the data dir's journal replayed (or --load-state). */
rivet_status node_open(node_chain **out, const node_config *cfg, rivet_diag *d);
void node_close(node_chain *c);

/* Writes the chain's journal to a file --load-state reads (node_config.load_state). */
rivet_status node_dump_state(node_chain *c, const char *path, rivet_diag *d);

/* anvil's state dump format (SerializableState JSON: the head block's environment and every
   account's nonce, balance, code and storage): written to a file, or read from one and
   applied to the chain as dev edits (--dump-state / --load-state, anvil_dumpState/loadState). */
rivet_status node_anvil_dump_file(node_chain *c, const char *path, rivet_diag *d);
rivet_status node_anvil_load_file(node_chain *c, const char *path, rivet_diag *d);

/* Answers one HTTP body of JSON-RPC 2.0 (a request or a batch) with its JSON reply appended to
   out; *empty is set when nothing must be sent (a batch of notifications only). Never fails on
   bad input: a parse error is a JSON-RPC error reply. */
rivet_status node_rpc_handle(node_chain *c, const char *body, size_t len, rivet_buf *out,
                             bool *empty);

/* Serves HTTP on host:port until SIGINT/SIGTERM with `threads` event loops (1-16) side by side;
   the chain is used under one lock. */
rivet_status node_serve(node_chain *c, const char *host, unsigned port, unsigned threads,
                        rivet_diag *d);

/* The ten well-known keys of `test test ... junk` (m/44'/60'/0'/0/i) and their addresses (hex,
   no prefix): the node's dev accounts, and `rivet deploy`'s default key (account 0). */
extern const char *const node_dev_keys[NODE_MAX_ACCOUNTS];
extern const char *const node_dev_addrs[NODE_MAX_ACCOUNTS];
/* The address of a private key (libsecp256k1). */
rivet_status node_key_address(const uint8_t key[32], evm_addr *out);
/* r || s || v (27 + recovery id) over a 32-byte hash. */
rivet_status node_sign_hash(const uint8_t hash[32], const uint8_t key[32], uint8_t sig[65]);
/* Signs t (its signing hash) with key: fills v (y parity, or EIP-155 v for legacy), r, s. */
rivet_status node_sign_tx(tx *t, const uint8_t key[32], uint64_t chain_id, rivet_diag *d);

/* The methods the node answers, in table order (for --help and docs). */
size_t node_method_count(void);
const char *node_method_name(size_t i);

#endif
