/* rivet block decode FILE | rivet block witness FILE: inspect blocks and execution witnesses. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block_cmd.h"
#include "cli.h"
#include "rivet/block.h"
#include "rivet/witness.h"

static void block_help(FILE *f)
{
    fprintf(
        f,
        "usage: rivet block decode FILE [--json] [--chain NAME]\n"
        "       rivet block witness FILE [--block FILE] [--json]\n\n"
        "decode: a block (binary RLP or hex text): header fields and hash, transactions\n"
        "  (hash, type, sender), withdrawals; checks the transactions and withdrawals\n"
        "  roots against the header. --chain mainnet|sepolia|hoodi (default: by the\n"
        "  transactions' chain id, else mainnet) selects the fork for sender rules.\n"
        "witness: an execution witness (geth ExtWitness RLP, JSON with state/codes/headers,\n"
        "  the block_and_witness.json form, or an EIP-8025 SSZ StatelessInput): counts, ancestor\n"
        "  chain, parent state root, payload block and new-payload-request root (SSZ)\n"
        "  and the system contracts' accounts. The block (for the ancestor check) comes\n"
        "  from --block or from the JSON's blockRlp.\n");
}

/* Reads a file holding binary data or hex text ("0x..." with optional whitespace). */
int block_read(const char *path, uint8_t **data, size_t *len)
{
    rivet_diag d = {0};
    if (file_read_all(path, data, len, &d) != RIVET_OK) {
        fprintf(stderr, "rivet block: %s\n", d.msg);
        return 0;
    }
    size_t n = *len;
    while (n && isspace((*data)[n - 1]))
        n--;
    bool hex = n >= 2 && (*data)[0] == '0' && (*data)[1] == 'x';
    if (hex) {
        uint8_t *bin;
        size_t blen;
        if (hex_decode_alloc(&bin, &blen, (char *)*data, n, HEX_PREFIX, &d) != RIVET_OK) {
            fprintf(stderr, "rivet block: %s: %s\n", path, d.msg);
            free(*data);
            return 0;
        }
        free(*data);
        *data = bin;
        *len = blen;
    }
    return 1;
}

json_t *jhex(const uint8_t *p, size_t n)
{
    char *s = hex_encode_alloc(p, n, 1);
    json_t *j = json_string(s);
    free(s);
    return j;
}

static json_t *ju256(u256 v)
{
    char s[67];
    return json_string(u256_to_hex(s, v));
}

json_t *block_header_json(const hdr *h, const uint8_t hash[32])
{
    json_t *o = json_object();
    json_object_set_new(o, "hash", jhex(hash, 32));
    json_object_set_new(o, "parentHash", jhex(h->parent_hash, 32));
    json_object_set_new(o, "ommersHash", jhex(h->ommers_hash, 32));
    json_object_set_new(o, "coinbase", jhex(h->coinbase, 20));
    json_object_set_new(o, "stateRoot", jhex(h->state_root, 32));
    json_object_set_new(o, "transactionsRoot", jhex(h->tx_root, 32));
    json_object_set_new(o, "receiptsRoot", jhex(h->receipts_root, 32));
    json_object_set_new(o, "difficulty", ju256(h->difficulty));
    json_object_set_new(o, "number", json_integer((json_int_t)h->number));
    json_object_set_new(o, "gasLimit", json_integer((json_int_t)h->gas_limit));
    json_object_set_new(o, "gasUsed", json_integer((json_int_t)h->gas_used));
    json_object_set_new(o, "timestamp", json_integer((json_int_t)h->timestamp));
    json_object_set_new(o, "extraData", jhex(h->extra, h->extra_len));
    json_object_set_new(o, "mixHash", jhex(h->mix_hash, 32));
    json_object_set_new(o, "nonce", jhex(h->nonce, 8));
    if (h->nfields >= 16) json_object_set_new(o, "baseFeePerGas", ju256(h->base_fee));
    if (h->nfields >= 17) json_object_set_new(o, "withdrawalsRoot", jhex(h->withdrawals_root, 32));
    if (h->nfields >= 19) {
        json_object_set_new(o, "blobGasUsed", json_integer((json_int_t)h->blob_gas_used));
        json_object_set_new(o, "excessBlobGas", json_integer((json_int_t)h->excess_blob_gas));
    }
    if (h->nfields >= 20)
        json_object_set_new(o, "parentBeaconBlockRoot", jhex(h->parent_beacon_root, 32));
    if (h->nfields >= 21) json_object_set_new(o, "requestsHash", jhex(h->requests_hash, 32));
    if (h->nfields >= 22) json_object_set_new(o, "blockAccessListHash", jhex(h->bal_hash, 32));
    if (h->nfields >= 23)
        json_object_set_new(o, "slotNumber", json_integer((json_int_t)h->slot_number));
    json_object_set_new(o, "fields", json_integer(h->nfields));
    return o;
}

/* Prints a JSON object as "key: value" lines (or as JSON). */
void block_print(json_t *o, int as_json, int indent)
{
    if (as_json) {
        json_dumpf(o, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        putchar('\n');
        return;
    }
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        printf("%*s%s:", indent, "", k);
        if (json_is_object(v)) {
            putchar('\n');
            block_print(v, 0, indent + 2);
        } else if (json_is_array(v)) {
            printf(" %zu\n", json_array_size(v));
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e)
            {
                char *s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
                printf("%*s[%zu] %s\n", indent + 2, "", i, s);
                free(s);
            }
        } else {
            char *s = json_dumps(v, JSON_ENCODE_ANY);
            printf(" %s\n", json_is_string(v) ? json_string_value(v) : s);
            free(s);
        }
    }
}

static const chain_config *block_chain(const char *name, const blk *b)
{
    if (name) return chain_by_name(name);
    for (size_t i = 0; i < b->ntx; i++)
        if (!u256_is_zero(b->txs[i].chain_id) && u256_fits64(b->txs[i].chain_id)) {
            const chain_config *c = chain_by_id(b->txs[i].chain_id.w[0]);
            if (c) return c;
        }
    return chain_by_name("mainnet");
}

static json_t *block_txs_json(const blk *b, rivet_fork fork)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < b->ntx; i++) {
        uint8_t h[32], from[20];
        rivet_diag d = {0};
        json_t *t = json_object();
        json_object_set_new(t, "hash",
                            tx_hash(&b->txs[i], h) == RIVET_OK ? jhex(h, 32) : json_null());
        json_object_set_new(t, "type", json_integer(b->txs[i].type));
        tx_error e = tx_sender(&b->txs[i], fork, from, &d);
        json_object_set_new(t, "sender", e == TX_ERR_OK ? jhex(from, 20) : json_string(d.msg));
        json_array_append_new(arr, t);
    }
    return arr;
}

static json_t *block_withdrawals_json(const blk *b)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < b->nwithdrawals; i++) {
        const blk_withdrawal *w = &b->withdrawals[i];
        json_t *o = json_object();
        json_object_set_new(o, "index", json_integer((json_int_t)w->index));
        json_object_set_new(o, "validator", json_integer((json_int_t)w->validator));
        json_object_set_new(o, "address", jhex(w->address, 20));
        json_object_set_new(o, "amountGwei", json_integer((json_int_t)w->amount));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* "ok" or "MISMATCH (computed 0x...)"; *bad is set on a mismatch. */
static json_t *block_root_check(const uint8_t want[32], const uint8_t got[32], int *bad)
{
    if (memcmp(want, got, 32) == 0) return json_string("ok");
    *bad = 1;
    char s[80];
    snprintf(s, sizeof s, "MISMATCH (computed 0x");
    hex_encode(s + strlen(s), got, 32);
    strcat(s, ")");
    return json_string(s);
}

static int block_decode_cmd(const char *path, int as_json, const char *chain)
{
    uint8_t *data;
    size_t len;
    if (!block_read(path, &data, &len)) return EXIT_FAIL;
    blk b;
    rivet_diag d = {0};
    blk_error e = blk_decode(data, len, &b, &d);
    if (e != BLK_ERR_OK) {
        fprintf(stderr, "rivet block: %s: %s (%s)\n", path, d.msg, blk_error_name(e));
        free(data);
        return EXIT_FAIL;
    }
    const chain_config *c = block_chain(chain, &b);
    if (!c) {
        blk_free(&b);
        free(data);
        return cli_usage_error("block", "unknown chain '%s'", chain);
    }
    rivet_fork fork = chain_fork(c, b.header.number, b.header.timestamp);
    json_t *o = json_object();
    json_object_set_new(o, "chain", json_string(c->name));
    json_object_set_new(o, "fork", json_string(fork_name(fork)));
    json_object_set_new(o, "header", block_header_json(&b.header, b.hash));
    json_object_set_new(o, "rlpSize", json_integer((json_int_t)len));
    json_object_set_new(o, "transactions", block_txs_json(&b, fork));
    json_object_set_new(o, "ommers", json_integer((json_int_t)b.nommers));
    if (b.has_withdrawals) json_object_set_new(o, "withdrawals", block_withdrawals_json(&b));
    if (b.has_bal)
        json_object_set_new(o, "blockAccessListBytes", json_integer((json_int_t)b.bal.len));
    int bad = 0;
    uint8_t root[32];
    json_t *checks = json_object();
    if (blk_tx_root(&b, root, &d) == RIVET_OK)
        json_object_set_new(checks, "transactionsRoot",
                            block_root_check(b.header.tx_root, root, &bad));
    if (b.has_withdrawals && blk_withdrawals_root(&b, root, &d) == RIVET_OK)
        json_object_set_new(checks, "withdrawalsRoot",
                            block_root_check(b.header.withdrawals_root, root, &bad));
    blk_ommers_hash(&b, root);
    json_object_set_new(checks, "ommersHash", block_root_check(b.header.ommers_hash, root, &bad));
    json_object_set_new(o, "checks", checks);
    block_print(o, as_json, 0);
    json_decref(o);
    blk_free(&b);
    free(data);
    return bad ? EXIT_FAIL : EXIT_OK;
}

int cmd_block(int argc, char **argv)
{
    int as_json = 0;
    const char *file = NULL, *chain = NULL, *block_file = NULL, *sub = argc > 1 ? argv[1] : NULL;
    if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        block_help(sub ? stdout : stderr);
        return sub ? EXIT_OK : EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            as_json = 1;
        else if (!strcmp(argv[i], "--help")) {
            block_help(stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--chain") && i + 1 < argc)
            chain = argv[++i];
        else if (!strcmp(argv[i], "--block") && i + 1 < argc)
            block_file = argv[++i];
        else if (argv[i][0] == '-')
            return cli_usage_error("block", "unknown option %s", argv[i]);
        else if (!file)
            file = argv[i];
        else
            return cli_usage_error("block", "one FILE expected");
    }
    if (!file) return cli_usage_error("block", "FILE missing");
    if (!strcmp(sub, "decode")) return block_decode_cmd(file, as_json, chain);
    if (!strcmp(sub, "witness")) return cmd_witness_summary(file, block_file, as_json);
    return cli_usage_error("block", "unknown subcommand '%s' (decode, witness)", sub);
}
