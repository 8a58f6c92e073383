/* rivet stateless: validate a block against its execution witness without the state. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "block_cmd.h"
#include "cli.h"
#include "rivet/ssz.h"
#include "rivet/stateless.h"

static void stateless_help(FILE *f)
{
    fprintf(f, "usage: rivet stateless [--chain NAME] BLOCK WITNESS\n"
               "       rivet stateless [--chain NAME] FILE.json\n"
               "       rivet stateless --ssz [--chain NAME] INPUT\n\n"
               "Validates a block statelessly: ancestor headers, header and body rules, execution\n"
               "over the witness's partial state, gas used, receipts, bloom, requests and the\n"
               "post-state root.\n\n"
               "  BLOCK WITNESS   block RLP and geth ExtWitness RLP (or witness JSON); binary or\n"
               "                  hex text\n"
               "  FILE.json       {blockRlp, witness: {state, codes, headers, keys}, chainId}\n"
               "  --ssz INPUT     EIP-8025 StatelessInput SSZ (binary or hex); also prints the\n"
               "                  StatelessOutput bytes\n"
               "  --chain NAME    mainnet, sepolia, hoodi (default: by chain id, else mainnet)\n"
               "  --network NAME  a test network instead: a fork (\"Amsterdam\") or a transition\n"
               "                  (\"PragueToOsakaAtTime15k\"), with the input's chain id\n"
               "  --strict        an account whose trie path the witness lacks is a rejection\n"
               "                  (default for --ssz)\n"
               "  --lenient       such an account reads as absent, as geth does (default for\n"
               "                  geth's RLP and JSON witnesses, which omit those paths)\n\n"
               "output: one JSON object {valid, block_hash, state_root, receipts_root, gas_used,\n"
               "error}; exit 0 when valid, 1 when not.\n");
}

static json_t *hexj(const uint8_t *p, size_t n)
{
    return jhex(p, n);
}

static int print_result(const sl_result *r, const uint8_t *out41)
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
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    printf("\n");
    json_decref(o);
    return r->valid ? EXIT_OK : EXIT_FAIL;
}

static const char *network; /* --network: a fixture's fork schedule */
static chain_config net_cfg;

static const chain_config *pick_chain(const char *name, uint64_t chain_id)
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

static int strictness = -1; /* --strict 1, --lenient 0, default: lenient for geth's forms */

static int run(const blk *b, wit *w, const chain_config *c, const uint8_t *root41,
               uint64_t chain_id)
{
    sl_result r;
    bool lenient = strictness == 0 || (strictness < 0 && !root41);
    rivet_status st = sl_validate(b, w, c, lenient ? SL_LENIENT : 0, &r);
    if (st != RIVET_OK) {
        fprintf(stderr, "rivet stateless: %s\n", rivet_status_str(st));
        return EXIT_FAIL;
    }
    uint8_t out[SSZ_STATELESS_OUT_SIZE];
    if (root41) ssz_stateless_output(out, root41, r.valid, chain_id);
    return print_result(&r, root41 ? out : NULL);
}

static int run_ssz(const char *path, const char *chain)
{
    uint8_t *data;
    size_t len;
    if (!block_read(path, &data, &len)) return EXIT_FAIL;
    int rc = EXIT_FAIL;
    rivet_diag d;
    rivet_diag_clear(&d);
    ssz_stateless_input in;
    blk b;
    rivet_buf scratch = {0};
    wit w;
    uint8_t root[32];
    if (ssz_stateless_decode(data, len, &in, &d) != RIVET_OK ||
        ssz_new_payload_root(&in, root, &d) != RIVET_OK) {
        fprintf(stderr, "rivet stateless: %s\n", d.msg);
        free(data);
        return EXIT_FAIL;
    }
    const chain_config *c = pick_chain(chain, in.chain_id);
    if (!c) {
        free(data);
        return cli_usage_error("stateless", "unknown chain '%s'", chain);
    }
    if (ssz_payload_block(&in, &b, &scratch, &d) != BLK_ERR_OK) {
        sl_result r = {0};
        memcpy(r.block_hash, in.payload.block_hash, 32);
        snprintf(r.error, sizeof r.error, "payload: %.200s", d.msg);
        uint8_t out[SSZ_STATELESS_OUT_SIZE];
        ssz_stateless_output(out, root, false, in.chain_id);
        rc = print_result(&r, out);
    } else {
        if (wit_from_ssz(&w, &in, &d) != RIVET_OK) {
            sl_result r = {0};
            memcpy(r.block_hash, b.hash, 32);
            snprintf(r.error, sizeof r.error, "witness: %.200s", d.msg);
            uint8_t out[SSZ_STATELESS_OUT_SIZE];
            ssz_stateless_output(out, root, false, in.chain_id);
            rc = print_result(&r, out);
        } else {
            rc = run(&b, &w, c, root, in.chain_id);
            wit_free(&w);
        }
        blk_free(&b);
    }
    buf_free(&scratch);
    free(data);
    return rc;
}

static int run_json(const char *path, const char *chain)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) return cli_usage_error("stateless", "%s: %s", path, je.text);
    int rc = EXIT_FAIL;
    const char *rlp = json_string_value(json_object_get(root, "blockRlp"));
    json_t *cid = json_object_get(root, "chainId");
    uint64_t chain_id = json_is_integer(cid)  ? (uint64_t)json_integer_value(cid)
                        : json_is_string(cid) ? strtoull(json_string_value(cid), NULL, 0)
                                              : 0;
    const chain_config *c = pick_chain(chain, chain_id);
    uint8_t *raw = NULL;
    size_t len = 0;
    rivet_diag d;
    rivet_diag_clear(&d);
    char *text = json_dumps(json_object_get(root, "witness"), JSON_COMPACT);
    blk b;
    wit w;
    if (!c) {
        rc = cli_usage_error("stateless", "unknown chain");
    } else if (!rlp || !text ||
               hex_decode_alloc(&raw, &len, rlp, strlen(rlp), HEX_PREFIX_OPT, NULL) != RIVET_OK) {
        fprintf(stderr, "rivet stateless: %s: needs blockRlp and witness\n", path);
    } else if (blk_decode(raw, len, &b, &d) != BLK_ERR_OK) {
        fprintf(stderr, "rivet stateless: block: %s\n", d.msg);
    } else {
        if (wit_from_json(&w, text, strlen(text), &d) != RIVET_OK) {
            fprintf(stderr, "rivet stateless: witness: %s\n", d.msg);
        } else {
            rc = run(&b, &w, c, NULL, 0);
            wit_free(&w);
        }
        blk_free(&b);
    }
    free(text);
    free(raw);
    json_decref(root);
    return rc;
}

static int run_pair(const char *bpath, const char *wpath, const char *chain)
{
    uint8_t *braw, *wraw;
    size_t blen, wlen;
    if (!block_read(bpath, &braw, &blen)) return EXIT_FAIL;
    if (!block_read(wpath, &wraw, &wlen)) {
        free(braw);
        return EXIT_FAIL;
    }
    int rc = EXIT_FAIL;
    rivet_diag d;
    rivet_diag_clear(&d);
    blk b;
    wit w;
    if (blk_decode(braw, blen, &b, &d) != BLK_ERR_OK) {
        fprintf(stderr, "rivet stateless: block: %s\n", d.msg);
    } else {
        bool json = wlen && (wraw[0] == '{');
        rivet_status st = json ? wit_from_json(&w, (const char *)wraw, wlen, &d)
                               : wit_from_rlp(&w, wraw, wlen, &d);
        if (st != RIVET_OK) {
            fprintf(stderr, "rivet stateless: witness: %s\n", d.msg);
        } else {
            /* no chain id in these inputs: the first transaction's, else --chain / mainnet */
            uint64_t cid = 0;
            for (size_t i = 0; i < b.ntx && !cid; i++)
                if (u256_fits64(b.txs[i].chain_id)) cid = b.txs[i].chain_id.w[0];
            const chain_config *c = pick_chain(chain, cid);
            rc = c ? run(&b, &w, c, NULL, 0) : cli_usage_error("stateless", "unknown chain");
            wit_free(&w);
        }
        blk_free(&b);
    }
    free(braw);
    free(wraw);
    return rc;
}

int cmd_stateless(int argc, char **argv)
{
    const char *chain = NULL, *pos[2];
    int npos = 0, ssz = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            stateless_help(stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--strict") || !strcmp(argv[i], "--lenient")) {
            strictness = !strcmp(argv[i], "--strict");
        } else if (!strcmp(argv[i], "--ssz")) {
            ssz = 1;
        } else if (!strcmp(argv[i], "--network") && i + 1 < argc) {
            network = argv[++i];
        } else if (!strcmp(argv[i], "--chain") && i + 1 < argc) {
            chain = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("stateless", "unknown option %s", argv[i]);
        } else if (npos < 2) {
            pos[npos++] = argv[i];
        } else {
            return cli_usage_error("stateless", "too many arguments");
        }
    }
    if (chain && !chain_by_name(chain)) return cli_usage_error("stateless", "unknown chain");
    if (npos == 0) return cli_usage_error("stateless", "no input (see --help)");
    if (ssz)
        return npos == 1 ? run_ssz(pos[0], chain)
                         : cli_usage_error("stateless", "--ssz takes one input");
    if (npos == 2) return run_pair(pos[0], pos[1], chain);
    return run_json(pos[0], chain);
}
