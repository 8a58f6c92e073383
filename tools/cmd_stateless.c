/* rivet stateless: validate a block against its execution witness without the state. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "block_cmd.h"
#include "cli.h"
#include "rivet/hybrid.h"
#include "fixtures/fx_blockchain.h"
#include "rivet/ssz.h"
#include "rivet/stateless.h"
#include "stateless_cmd.h"

static void stateless_help(FILE *f)
{
    fprintf(f,
            "usage: rivet stateless [OPTIONS] BLOCK WITNESS\n"
            "       rivet stateless [OPTIONS] FILE\n"
            "       rivet stateless --ssz [--chain NAME | --network NAME] INPUT\n"
            "       rivet stateless --fixture ZKEVM-FIXTURE.json\n\n"
            "Validates a block statelessly: ancestor headers, header and body rules, execution\n"
            "over the witness's partial state, gas used, receipts, bloom, requests and the\n"
            "post-state root.\n\n"
            "  BLOCK WITNESS   block RLP (or eth_getBlockByNumber(n, true) JSON) and geth\n"
            "                  ExtWitness RLP (or debug_executionWitness JSON); binary or hex\n"
            "  FILE            one input holding both, its format detected from the content:\n"
            "                  rsp ClientExecutorInput or zisk-eth-client input (bincode),\n"
            "                  scroll BlockWitness JSON, {block, witness} JSON, or\n"
            "                  {blockRlp, witness: {state, codes, headers, keys}, chainId}\n"
            "  --format NAME   force the FILE format: rsp, zisk, rpc-json, scroll\n"
            "  --parent FILE   the parent header (eth_getBlockByNumber JSON or header RLP), for\n"
            "                  witnesses without headers: every header check then runs\n"
            "  --pre-state-root HEX  trust this state root when the witness has no parent\n"
            "                  header (scroll inputs carry their own): the header checks that\n"
            "                  need the parent are skipped and listed in the output\n"
            "  --guest-input OUT  also write the input as the validator guest reads it\n"
            "                  (docs/guest.md; under --hybrid as [\"H\", input])\n"
            "  --ssz INPUT     EIP-8025 StatelessInput SSZ (binary or hex); also prints the\n"
            "                  StatelessOutput bytes\n"
            "  --fixture FILE  every block of an EEST zkEVM fixture (statelessInputBytes) under\n"
            "                  the test's config: one JSON object per block with the output and\n"
            "                  whether it equals statelessOutputBytes; exit 0 when all do\n"
            "  --chain NAME    mainnet, sepolia, holesky, hoodi (default: by chain id, else\n"
            "                  mainnet)\n"
            "  --network NAME  a test network instead: a fork (\"Amsterdam\") or a transition\n"
            "                  (\"PragueToOsakaAtTime15k\"), with the input's chain id\n"
            "  --hybrid        hybrid chain rules: RISC-V contracts run (docs/hybrid-abi.md)\n"
            "  --strict        an account whose trie path the witness lacks is a rejection\n"
            "                  (default for --ssz)\n"
            "  --lenient       such an account reads as absent, as geth does (default for\n"
            "                  geth's RLP and JSON witnesses, which omit those paths; bincode\n"
            "                  inputs are strict)\n\n"
            "output: one JSON object {valid, block_hash, state_root, receipts_root, gas_used,\n"
            "error} (plus format, parent_checks_skipped when they apply); exit 0 when valid,\n"
            "1 when not.\n");
}

static json_t *hexj(const uint8_t *p, size_t n)
{
    return jhex(p, n);
}

int sl_cmd_print(const sl_result *r, const uint8_t *out41, wit_format f)
{
    json_t *o = json_object();
    json_object_set_new(o, "valid", json_boolean(r->valid));
    json_object_set_new(o, "block_hash", hexj(r->block_hash, 32));
    json_object_set_new(o, "state_root", hexj(r->state_root, 32));
    json_object_set_new(o, "receipts_root", hexj(r->receipts_root, 32));
    json_object_set_new(o, "gas_used", json_integer((json_int_t)r->gas_used));
    json_object_set_new(o, "error", r->valid ? json_null() : json_string(r->error));
    if (r->unproven)
        json_object_set_new(o, "unproven_absent_accounts", json_integer((json_int_t)r->unproven));
    if (out41) json_object_set_new(o, "stateless_output", hexj(out41, SSZ_STATELESS_OUT_SIZE));
    if (f != WIT_FMT_AUTO) json_object_set_new(o, "format", json_string(wit_format_name(f)));
    if (r->parent_skipped)
        json_object_set_new(o, "parent_checks_skipped", json_string(SL_PARENT_CHECKS));
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    printf("\n");
    json_decref(o);
    return r->valid ? EXIT_OK : EXIT_FAIL;
}

static const char *network; /* --network: a fixture's fork schedule */
static chain_config net_cfg;

const chain_config *sl_cmd_chain(const char *name, uint64_t chain_id)
{
    if (network) {
        rivet_diag d;
        rivet_diag_clear(&d);
        return chain_from_network(&net_cfg, network, chain_id ? chain_id : 1, &d) == RIVET_OK
                   ? &net_cfg
                   : NULL;
    }
    if (name) return chain_by_name(name);
    const chain_config *c = chain_id ? chain_by_id(chain_id) : NULL;
    return c ? c : chain_by_name("mainnet");
}

static sl_cmd opt = {.strictness = -1};

/* Validates an EIP-8025 input under c (NULL: by its chain id through sl_cmd_chain); *out gets the
   StatelessOutput. EINPUT when the input does not decode (message in r->error). */
RIVET_MUST_USE static rivet_status ssz_eval(const uint8_t *data, size_t len, const chain_config *c,
                                            const char *chain, sl_result *r,
                                            uint8_t out[SSZ_STATELESS_OUT_SIZE])
{
    rivet_diag d;
    rivet_diag_clear(&d);
    ssz_stateless_input in;
    uint8_t root[32];
    memset(r, 0, sizeof *r);
    if (ssz_stateless_decode(data, len, &in, &d) != RIVET_OK ||
        ssz_new_payload_root(&in, root, &d) != RIVET_OK) {
        snprintf(r->error, sizeof r->error, "input: %.200s", d.msg);
        return RIVET_EINPUT;
    }
    if (!c && !(c = sl_cmd_chain(chain, in.chain_id))) {
        snprintf(r->error, sizeof r->error, "unknown chain");
        return RIVET_EUSAGE;
    }
    blk b;
    wit w;
    rivet_buf scratch = {0};
    rivet_status st = RIVET_OK;
    if (ssz_payload_block(&in, &b, &scratch, &d) != BLK_ERR_OK) {
        memcpy(r->block_hash, in.payload.block_hash, 32);
        snprintf(r->error, sizeof r->error, "payload: %.200s", d.msg);
    } else {
        if (wit_from_ssz(&w, &in, &d) != RIVET_OK) {
            memcpy(r->block_hash, b.hash, 32);
            snprintf(r->error, sizeof r->error, "witness: %.200s", d.msg);
        } else {
            bool lenient = opt.strictness == 0;
            st = sl_validate(&b, &w, c, lenient ? SL_LENIENT : 0, r);
            wit_free(&w);
        }
        blk_free(&b);
    }
    buf_free(&scratch);
    ssz_stateless_output(out, root, st == RIVET_OK && r->valid, in.chain_id);
    return st;
}

static int run_ssz(const char *path, const char *chain)
{
    uint8_t *data;
    size_t len;
    if (!block_read(path, &data, &len)) return EXIT_FAIL;
    sl_result r;
    uint8_t out[SSZ_STATELESS_OUT_SIZE];
    rivet_status st = ssz_eval(data, len, NULL, chain, &r, out);
    free(data);
    if (st == RIVET_EUSAGE) return cli_usage_error("stateless", "unknown chain");
    if (st != RIVET_OK) {
        fprintf(stderr, "rivet stateless: %s\n",
                st == RIVET_EINPUT ? r.error : rivet_status_str(st));
        return EXIT_FAIL;
    }
    return sl_cmd_print(&r, out, WIT_FMT_AUTO);
}

/* --fixture: every block of an EEST zkEVM fixture that carries statelessInputBytes, under the
   test's own config; one JSON object per block with the expected output and whether it matches. */
static int run_fixture(const char *path)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) return cli_usage_error("stateless", "%s: %s", path, je.text);
    size_t n = 0, match = 0;
    const char *name;
    json_t *t;
    json_object_foreach(root, name, t)
    {
        chain_config cfg;
        rivet_diag d;
        rivet_diag_clear(&d);
        if (!fx_bt_config(&cfg, t, &d)) {
            fprintf(stderr, "rivet stateless: %s: config: %s\n", name, d.msg);
            continue;
        }
        size_t i;
        json_t *jb;
        json_array_foreach(json_object_get(t, "blocks"), i, jb)
        {
            const char *in_hex = json_string_value(json_object_get(jb, "statelessInputBytes"));
            const char *want = json_string_value(json_object_get(jb, "statelessOutputBytes"));
            uint8_t *data = NULL;
            size_t len = 0;
            if (!in_hex || hex_decode_alloc(&data, &len, in_hex, strlen(in_hex), HEX_PREFIX_OPT,
                                            NULL) != RIVET_OK)
                continue;
            sl_result r;
            uint8_t out[SSZ_STATELESS_OUT_SIZE];
            rivet_status st = ssz_eval(data, len, &cfg, NULL, &r, out);
            free(data);
            char got[2 * SSZ_STATELESS_OUT_SIZE + 3] = "0x";
            hex_encode(got + 2, out, sizeof out);
            bool ok = st == RIVET_OK && want && !strcasecmp(want, got);
            n++;
            match += ok;
            json_t *o = json_object();
            json_object_set_new(o, "test", json_string(name));
            json_object_set_new(o, "block", json_integer((json_int_t)i));
            json_object_set_new(o, "valid", json_boolean(r.valid));
            json_object_set_new(o, "stateless_output", json_string(got));
            json_object_set_new(o, "match", json_boolean(ok));
            json_object_set_new(o, "error", r.valid ? json_null() : json_string(r.error));
            json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
            printf("\n");
            json_decref(o);
        }
    }
    json_decref(root);
    fprintf(stderr, "%zu of %zu outputs as expected\n", match, n);
    return n && match == n ? EXIT_OK : EXIT_FAIL;
}

/* {blockRlp, witness, chainId}: through sl_cmd_run_input like every other input. */
static int run_json(const char *path)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) return cli_usage_error("stateless", "%s: %s", path, je.text);
    int rc = EXIT_FAIL;
    const char *rlp = json_string_value(json_object_get(root, "blockRlp"));
    json_t *cid = json_object_get(root, "chainId");
    wit_input in = {0};
    in.chain_id = json_is_integer(cid)  ? (uint64_t)json_integer_value(cid)
                  : json_is_string(cid) ? strtoull(json_string_value(cid), NULL, 0)
                                        : 0;
    rivet_diag d;
    rivet_diag_clear(&d);
    char *text = json_dumps(json_object_get(root, "witness"), JSON_COMPACT);
    if (!rlp || !text ||
        hex_decode_alloc(&in.block_rlp.p, &in.block_rlp.n, rlp, strlen(rlp), HEX_PREFIX_OPT,
                         NULL) != RIVET_OK) {
        fprintf(stderr, "rivet stateless: %s: needs blockRlp and witness\n", path);
    } else if (blk_decode(in.block_rlp.p, in.block_rlp.n, &in.b, &d) != BLK_ERR_OK) {
        fprintf(stderr, "rivet stateless: block: %s\n", d.msg);
    } else if ((in.has_b = true), wit_from_json(&in.w, text, strlen(text), &d) != RIVET_OK) {
        fprintf(stderr, "rivet stateless: witness: %s\n", d.msg);
    } else {
        in.has_w = true;
        rc = sl_cmd_run_input(&opt, &in, NULL, 0);
    }
    in.block_rlp.cap = in.block_rlp.n;
    wit_input_free(&in);
    free(text);
    json_decref(root);
    return rc;
}

/* BLOCK WITNESS: block RLP or JSON, witness RLP or JSON. */
static int run_pair(const char *bpath, const char *wpath)
{
    uint8_t *braw, *wraw;
    size_t blen, wlen;
    if (!block_read(bpath, &braw, &blen)) return EXIT_FAIL;
    if (!block_read(wpath, &wraw, &wlen)) {
        free(braw);
        return EXIT_FAIL;
    }
    rivet_diag d;
    rivet_diag_clear(&d);
    wit_input in = {0};
    in.block_rlp = (rivet_buf){braw, blen, blen}; /* freed with the input */
    rivet_status st = RIVET_OK;
    if (blen && braw[0] == '{') {
        wit_input bj;
        if ((st = wit_input_block_json(&bj, (const char *)braw, blen, &d)) == RIVET_OK) {
            wit_input_free(&in);
            in = bj;
        }
    } else if (blk_decode(braw, blen, &in.b, &d) != BLK_ERR_OK) {
        st = RIVET_EINPUT;
    } else {
        in.has_b = true;
    }
    if (st != RIVET_OK) fprintf(stderr, "rivet stateless: block: %s\n", d.msg);
    bool json = wlen && wraw[0] == '{';
    if (st == RIVET_OK) {
        st = json ? wit_from_json(&in.w, (const char *)wraw, wlen, &d)
                  : wit_from_rlp(&in.w, wraw, wlen, &d);
        if (st != RIVET_OK) fprintf(stderr, "rivet stateless: witness: %s\n", d.msg);
        in.has_w = st == RIVET_OK;
    }
    /* no chain id in these inputs: the first transaction's, else --chain / mainnet */
    for (size_t i = 0; st == RIVET_OK && i < in.b.ntx && !in.chain_id; i++)
        if (u256_fits64(in.b.txs[i].chain_id)) in.chain_id = in.b.txs[i].chain_id.w[0];
    int rc = st == RIVET_OK ? sl_cmd_run_input(&opt, &in, NULL, 0) : EXIT_FAIL;
    wit_input_free(&in);
    free(wraw);
    return rc;
}

/* One file: {blockRlp, witness} JSON here, every other form in cmd_stateless_in.c. */
static int run_one(const char *path)
{
    uint8_t *data;
    size_t len;
    if (!block_read(path, &data, &len)) return EXIT_FAIL;
    json_t *root = len && data[0] == '{' ? json_loadb((const char *)data, len, 0, NULL) : NULL;
    bool rlp_json = root && json_object_get(root, "blockRlp");
    json_decref(root);
    int rc = rlp_json ? run_json(path) : sl_cmd_run_file(&opt, path, data, len);
    free(data);
    return rc;
}

int cmd_stateless(int argc, char **argv)
{
    const char *pos[2];
    int npos = 0, ssz = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            stateless_help(stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--hybrid")) {
            static hy_vm *vm; /* lives as long as the process */
            if (!vm && !(vm = hy_vm_new(NULL))) return EXIT_FAIL;
            opt.vm = hy_vm_runner(vm);
        } else if (!strcmp(argv[i], "--strict") || !strcmp(argv[i], "--lenient")) {
            opt.strictness = !strcmp(argv[i], "--strict");
        } else if (!strcmp(argv[i], "--ssz")) {
            ssz = 1;
        } else if (!strcmp(argv[i], "--fixture")) {
            ssz = 2;
        } else if (!strcmp(argv[i], "--network") && i + 1 < argc) {
            network = opt.network = argv[++i];
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            if ((opt.format = wit_format_by_name(argv[++i])) == WIT_FMT_COUNT)
                return cli_usage_error("stateless", "unknown format %s", argv[i]);
        } else if (!strcmp(argv[i], "--parent") && i + 1 < argc) {
            opt.parent = argv[++i];
        } else if (!strcmp(argv[i], "--guest-input") && i + 1 < argc) {
            opt.guest_input = argv[++i];
        } else if (!strcmp(argv[i], "--pre-state-root") && i + 1 < argc) {
            size_t n = 0;
            ++i;
            if (hex_decode(opt.pre_root, 32, &n, argv[i], strlen(argv[i]), HEX_PREFIX_OPT, NULL) !=
                    RIVET_OK ||
                n != 32)
                return cli_usage_error("stateless", "--pre-state-root: 32 bytes of hex");
            opt.has_pre_root = true;
        } else if (!strcmp(argv[i], "--chain") && i + 1 < argc) {
            opt.chain = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("stateless", "unknown option %s", argv[i]);
        } else if (npos < 2) {
            pos[npos++] = argv[i];
        } else {
            return cli_usage_error("stateless", "too many arguments");
        }
    }
    const char *chain = opt.chain;
    if (chain && !chain_by_name(chain)) return cli_usage_error("stateless", "unknown chain");
    if (npos == 0) return cli_usage_error("stateless", "no input (see --help)");
    if (ssz == 2)
        return npos == 1 ? run_fixture(pos[0]) : cli_usage_error("stateless", "one fixture");
    if (ssz)
        return npos == 1 ? run_ssz(pos[0], chain)
                         : cli_usage_error("stateless", "--ssz takes one input");
    if (npos == 2) return run_pair(pos[0], pos[1]);
    return run_one(pos[0]);
}
