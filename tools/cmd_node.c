/* rivet node: a development node like anvil (JSON-RPC over HTTP, automine, dev accounts). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <stdbool.h>

#include "cli.h"
#include "rivet/node.h"

/* A --dump-journal file (rivet's format) rather than an anvil state dump. */
static bool is_journal(const char *path)
{
    json_t *j = json_load_file(path, 0, NULL);
    const char *f = json_string_value(json_object_get(j, "format"));
    bool yes = f && !strcmp(f, "rivet-node-journal-1");
    json_decref(j);
    return yes;
}

static void node_help(FILE *f)
{
    fprintf(f, "usage: rivet node [options]\n\n"
               "A local Ethereum development node with anvil's defaults: chain id 31337, the ten\n"
               "accounts of the `test test ... junk` mnemonic with 10000 ETH each (unlocked for\n"
               "eth_sendTransaction), base fee 1 gwei, 30M gas per block, Prague rules, one block\n"
               "per transaction (automine). JSON-RPC 2.0 over HTTP; logs go to stderr.\n\n"
               "  --host ADDR          listen address (default 127.0.0.1)\n"
               "  -p, --port N         port (default 8545)\n"
               "  --data-dir DIR       keep the chain in LMDB under DIR (default: in memory)\n"
               "  -b, --block-time S   mine every S seconds instead of automine\n"
               "  --no-mining          mine only on evm_mine / anvil_mine\n"
               "  --chain-id N         chain id (default 31337)\n"
               "  -a, --accounts N     prefunded dev accounts, at most 10 (default 10)\n"
               "  --balance ETH        balance of each dev account (default 10000)\n"
               "  --gas-limit N        block gas limit (default 30000000)\n"
               "  --base-fee WEI       genesis base fee (default 1000000000)\n"
               "  --timestamp T        genesis timestamp (default: now)\n"
               "  --hardfork NAME      Prague (default) or Osaka\n"
               "  --check-witness      validate every mined block statelessly from its witness\n"
               "  --no-hybrid          mainnet rules: no RISC-V contracts (by default 0xef52\n"
               "                       containers deploy and run, docs/hybrid-abi.md)\n"
               "  --dump-state FILE    write the state to FILE on exit, in anvil's dump format\n"
               "                       (accounts: nonce, balance, code, storage)\n"
               "  --dump-journal FILE  write the chain (its journal: every block, JSON) on exit\n"
               "  --load-state FILE    start from an anvil state dump (applied as state edits)\n"
               "                       or a --dump-journal file (replayed block by block)\n"
               "  --methods            list the JSON-RPC methods and exit\n"
               "  --threads N          HTTP worker threads (default: the CPUs, at most 4); the\n"
               "                       chain itself is used by one at a time\n"
               "  -q, --quiet          no per-request log lines\n");
}

/* a is the short (may be NULL) or the long spelling */
static int is_opt(const char *a, const char *s, const char *l)
{
    return (s && !strcmp(a, s)) || !strcmp(a, l);
}

static int num(const char *s, uint64_t *v)
{
    char *end;
    *v = strtoull(s, &end, 0);
    return *s && !*end;
}

int cmd_node(int argc, char **argv)
{
    node_config cfg;
    node_config_default(&cfg);
    const char *host = "127.0.0.1", *dump = NULL, *journal = NULL, *load = NULL;
    uint64_t port = 8545, v;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = ncpu < 1 ? 1 : ncpu > 4 ? 4 : (unsigned)ncpu;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(s, l) is_opt(a, s, l)
        if (OPT("-h", "--help")) {
            node_help(stdout);
            return EXIT_OK;
        } else if (OPT(NULL, "--methods")) {
            for (size_t k = 0; k < node_method_count(); k++)
                puts(node_method_name(k));
            return EXIT_OK;
        } else if (OPT(NULL, "--check-witness")) {
            cfg.check_witness = true;
        } else if (OPT(NULL, "--no-hybrid")) {
            cfg.no_hybrid = true;
        } else if (OPT(NULL, "--no-mining")) {
            cfg.no_mining = true;
        } else if (OPT("-q", "--quiet")) {
            cfg.quiet = true;
        } else if (!next) {
            return cli_usage_error("node", "unknown option or missing value: %s", a);
        } else if (OPT(NULL, "--host")) {
            host = argv[++i];
        } else if (OPT(NULL, "--data-dir")) {
            cfg.data_dir = argv[++i];
        } else if (OPT(NULL, "--hardfork")) {
            cfg.hardfork = argv[++i];
        } else if (OPT(NULL, "--dump-state")) {
            dump = argv[++i];
        } else if (OPT(NULL, "--dump-journal")) {
            journal = argv[++i];
        } else if (OPT(NULL, "--load-state")) {
            load = argv[++i];
        } else if (!num(argv[++i], &v)) {
            return cli_usage_error("node", "%s: not a number: %s", a, argv[i]);
        } else if (OPT("-p", "--port")) {
            port = v;
        } else if (OPT(NULL, "--threads")) {
            if (v < 1 || v > 16) return cli_usage_error("node", "--threads: 1 to 16");
            threads = (unsigned)v;
        } else if (OPT("-b", "--block-time")) {
            cfg.block_time = v;
        } else if (OPT(NULL, "--chain-id")) {
            cfg.chain_id = v;
        } else if (OPT("-a", "--accounts")) {
            if (v > 10) return cli_usage_error("node", "at most 10 accounts");
            cfg.accounts = (unsigned)v;
        } else if (OPT(NULL, "--balance")) {
            cfg.balance = u256_mul(u256_from_u64(v), u256_from_u64(1000000000000000000ull));
        } else if (OPT(NULL, "--gas-limit")) {
            cfg.gas_limit = v;
        } else if (OPT(NULL, "--base-fee")) {
            cfg.base_fee = u256_from_u64(v);
        } else if (OPT(NULL, "--timestamp")) {
            cfg.timestamp = v;
        } else {
            return cli_usage_error("node", "unknown option %s", a);
        }
#undef OPT
    }
    if (port > 65535) return cli_usage_error("node", "bad port");
    node_chain *c;
    rivet_diag d;
    rivet_diag_clear(&d);
    bool anvil_state = load && !is_journal(load);
    if (load && !anvil_state) cfg.load_state = load;
    if (node_open(&c, &cfg, &d) != RIVET_OK) {
        fprintf(stderr, "rivet node: %s\n", d.msg);
        return EXIT_FAIL;
    }
    if (anvil_state && node_anvil_load_file(c, load, &d) != RIVET_OK) {
        fprintf(stderr, "rivet node: --load-state %s\n", d.msg);
        node_close(c);
        return EXIT_FAIL;
    }
    fprintf(stderr, "rivet node: chain id %llu, %u dev accounts, %s%s\n",
            (unsigned long long)cfg.chain_id, cfg.accounts,
            cfg.data_dir ? "data dir " : "in memory", cfg.data_dir ? cfg.data_dir : "");
    rivet_status st = node_serve(c, host, (unsigned)port, threads, &d);
    if (st != RIVET_OK) fprintf(stderr, "rivet node: %s\n", d.msg);
    for (int k = 0; k < 2; k++) {
        const char *path = k ? journal : dump;
        if (!path) continue;
        rivet_diag_clear(&d);
        if ((k ? node_dump_state(c, path, &d) : node_anvil_dump_file(c, path, &d)) != RIVET_OK) {
            fprintf(stderr, "rivet node: %s\n", d.msg);
            st = RIVET_EIO;
        } else {
            fprintf(stderr, "rivet node: %s written to %s\n", k ? "journal" : "state", path);
        }
    }
    node_close(c);
    return st == RIVET_OK ? EXIT_OK : EXIT_FAIL;
}
