/* rivet witness: execute a blockchain-test block against the full state and write the
   execution witness a stateless validator needs (geth ExtWitness RLP or JSON). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "block_cmd.h"
#include "cli.h"
#include "fixtures/fx_blockchain.h"

static void witness_help(FILE *f)
{
    fprintf(f,
            "usage: rivet witness [--test NAME] [--block N] [--json] [-o FILE] [--block-out FILE]\n"
            "                     FIXTURE.json\n\n"
            "Imports the blocks of a blockchain test up to block index N (default: the last),\n"
            "executing block N over the full state while recording every trie node, code and\n"
            "ancestor header it reads or needs for the post-state root, and writes that witness:\n"
            "geth's ExtWitness RLP [headers, codes, state, keys] (binary), or with --json\n"
            "{state, codes, headers, keys} in hex.\n\n"
            "  --test NAME       the test (default: the first in the file)\n"
            "  --block N         index into the test's blocks\n"
            "  -o FILE           output file (default: stdout)\n"
            "  --block-out FILE  also write the block's RLP (binary)\n\n"
            "The witness validates with `rivet stateless --network NET BLOCK WITNESS`.\n");
}

typedef struct jctx {
    json_t *arr;
} jctx;

RIVET_MUST_USE static rivet_status jadd(void *ctx, const uint8_t hash[32], const uint8_t *p,
                                        size_t len)
{
    (void)hash;
    json_array_append_new(((jctx *)ctx)->arr, jhex(p, len));
    return RIVET_OK;
}

static int write_out(const char *path, const void *p, size_t n)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f || fwrite(p, 1, n, f) != n) {
        fprintf(stderr, "rivet witness: cannot write %s\n", path ? path : "stdout");
        if (f && f != stdout) fclose(f);
        return 0;
    }
    if (f != stdout) fclose(f);
    return 1;
}

static int emit(wit *w, int as_json, const char *out)
{
    if (!as_json) {
        rivet_buf b = {0};
        int ok = wgen_encode_rlp(w, &b) == RIVET_OK && write_out(out, b.p, b.n);
        buf_free(&b);
        return ok;
    }
    json_t *o = json_object();
    jctx st = {json_array()}, co = {json_array()}, he = {json_array()};
    bool each_ok = trie_memstore_each(w->nodes, false, jadd, &st) == RIVET_OK &&
                   trie_memstore_each(w->codes, false, jadd, &co) == RIVET_OK;
    rivet_buf hb = {0};
    for (size_t i = 0; i < w->nheaders; i++) {
        hb.n = 0;
        if (hdr_encode(&w->headers[i].h, &hb) == RIVET_OK)
            json_array_append_new(he.arr, jhex(hb.p, hb.n));
    }
    buf_free(&hb);
    json_object_set_new(o, "state", st.arr);
    json_object_set_new(o, "codes", co.arr);
    json_object_set_new(o, "headers", he.arr);
    json_object_set_new(o, "keys", json_array());
    char *text = each_ok ? json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    int ok = text && write_out(out, text, strlen(text));
    if (ok && !out) putchar('\n');
    free(text);
    return ok;
}

int cmd_witness(int argc, char **argv)
{
    const char *test = NULL, *out = NULL, *block_out = NULL, *path = NULL;
    long want = -1;
    int as_json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            witness_help(stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--json")) {
            as_json = 1;
        } else if (!strcmp(argv[i], "--test") && i + 1 < argc) {
            test = argv[++i];
        } else if (!strcmp(argv[i], "--block") && i + 1 < argc) {
            want = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "--block-out") && i + 1 < argc) {
            block_out = argv[++i];
        } else if (argv[i][0] == '-') {
            return cli_usage_error("witness", "unknown option %s", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return cli_usage_error("witness", "one fixture file");
        }
    }
    if (!path) return cli_usage_error("witness", "no fixture (see --help)");
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) return cli_usage_error("witness", "%s: %s", path, je.text);
    json_t *t = test ? json_object_get(root, test) : json_object_iter_value(json_object_iter(root));
    json_t *blocks = json_object_get(t, "blocks");
    int rc = EXIT_FAIL;
    char err[512] = "";
    fx_bt b;
    fx_bt_witness_check = false;
    if (!t || !json_is_array(blocks) || json_array_size(blocks) == 0) {
        json_decref(root);
        return cli_usage_error("witness", "no such blockchain test");
    }
    size_t last = want < 0 ? json_array_size(blocks) - 1 : (size_t)want;
    if (last >= json_array_size(blocks)) {
        json_decref(root);
        return cli_usage_error("witness", "block index out of range");
    }
    if (!fx_bt_init(&b, t, err, sizeof err)) {
        fprintf(stderr, "rivet witness: %s\n", err);
        goto out;
    }
    for (size_t i = 0; i <= last; i++) {
        const char *rlp = json_string_value(json_object_get(json_array_get(blocks, i), "rlp"));
        uint8_t *raw = NULL;
        size_t len = 0;
        if (!rlp ||
            hex_decode_alloc(&raw, &len, rlp, strlen(rlp), HEX_PREFIX_OPT, NULL) != RIVET_OK)
            continue;
        if (i == last) {
            blk nb;
            rivet_diag d;
            rivet_diag_clear(&d);
            wit w;
            sl_result r;
            if (blk_decode(raw, len, &nb, &d) != BLK_ERR_OK) {
                fprintf(stderr, "rivet witness: block %zu: %s\n", i, d.msg);
            } else {
                if (wgen_block(&nb, &b.s, fx_bt_header, &b, &b.cfg, &w, &r, &d) != RIVET_OK) {
                    fprintf(stderr, "rivet witness: %s\n", d.msg);
                } else {
                    fprintf(stderr, "block %llu: %s; witness: %zu nodes, %zu codes, %zu headers\n",
                            (unsigned long long)nb.header.number, r.valid ? "valid" : r.error,
                            trie_memstore_count(w.nodes), trie_memstore_count(w.codes), w.nheaders);
                    if (emit(&w, as_json, out) && (!block_out || write_out(block_out, raw, len)))
                        rc = EXIT_OK;
                    wit_free(&w);
                }
                blk_free(&nb);
            }
            free(raw);
            break;
        }
        bexec_out o;
        if (!fx_bt_import(&b, raw, len, &o, err, sizeof err)) {
            fprintf(stderr, "rivet witness: block %zu: %s\n", i, err);
            goto out;
        }
    }
out:
    fx_bt_free(&b);
    json_decref(root);
    return rc;
}
