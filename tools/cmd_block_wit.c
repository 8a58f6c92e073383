/* rivet block witness FILE: counts, ancestor chain, parent state root, system contract accounts. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block_cmd.h"
#include "cli.h"
#include "rivet/ssz.h"
#include "rivet/witness.h"

/* EIP-4788 beacon roots, EIP-2935 history, EIP-7002 withdrawals, EIP-7251 consolidations. */
static const struct {
    const char *name;
    const char *addr;
} wit_system[] = {
    {"beaconRoots", "000f3df6d732807ef1319fb7b8bb8522d0beac02"},
    {"history", "0000f90827f1c53a10cb7a02335b175320002935"},
    {"withdrawalRequests", "00000961ef480eb55e80d19ad83579a64c007002"},
    {"consolidationRequests", "0000bbddc7ce488642fb579f8b00f3a590007251"},
};

/* Reads one account from the state trie: nonce, balance, storage root, code hash. */
static json_t *wit_account_json(wit *w, trie *t, const char *addr_hex, int *bad)
{
    uint8_t addr[20];
    size_t alen;
    const uint8_t *val;
    size_t vlen;
    rivet_diag d = {0};
    json_t *o = json_object();
    if (hex_decode(addr, 20, &alen, addr_hex, 40, 0, &d) != RIVET_OK || alen != 20) {
        json_object_set_new(o, "error", json_string("bad address"));
        *bad = 1;
        return o;
    }
    if (trie_get(t, addr, 20, &val, &vlen, &d) != RIVET_OK) {
        json_object_set_new(o, "error", json_string(d.msg));
        *bad = 1;
        return o;
    }
    if (!val) {
        json_object_set_new(o, "absent", json_true());
        return o;
    }
    rlp_item acct, f[4];
    uint64_t nonce = 0;
    u256 balance = U256_ZERO;
    if (rlp_decode(val, vlen, &acct, &d) != RIVET_OK || !acct.list ||
        rlp_list_items(&acct, f, 4, NULL, &d) != RIVET_OK || rlp_get_u64(&f[0], &nonce, &d) ||
        rlp_get_u256(&f[1], &balance, &d) || f[2].len != 32 || f[3].len != 32) {
        json_object_set_new(o, "error", json_string("account RLP does not decode"));
        *bad = 1;
        return o;
    }
    char bal[67];
    json_object_set_new(o, "nonce", json_integer((json_int_t)nonce));
    json_object_set_new(o, "balance", json_string(u256_to_hex(bal, balance)));
    json_object_set_new(o, "storageRoot", jhex(f[2].p, 32));
    json_object_set_new(o, "codeHash", jhex(f[3].p, 32));
    const uint8_t *code;
    size_t clen;
    bool have = wit_code(w, f[3].p, &code, &clen) == RIVET_OK;
    json_object_set_new(o, "codeInWitness", json_boolean(have));
    if (have) json_object_set_new(o, "codeSize", json_integer((json_int_t)clen));
    return o;
}

/* The ancestor chain and the parent state. */
static void wit_chain_json(json_t *o, wit *w, const hdr *h, int *bad)
{
    rivet_diag d = {0};
    json_object_set_new(o, "blockNumber", json_integer((json_int_t)h->number));
    if (wit_link(w, h, &d) != RIVET_OK) {
        json_object_set_new(o, "ancestors", json_string(d.msg));
        *bad = 1;
        return;
    }
    json_t *anc = json_array();
    for (size_t i = 0; i < w->nheaders; i++) {
        json_t *a = json_object();
        json_object_set_new(a, "number", json_integer((json_int_t)w->headers[i].h.number));
        json_object_set_new(a, "hash", jhex(w->headers[i].hash, 32));
        json_array_append_new(anc, a);
    }
    json_object_set_new(o, "ancestors", anc);
    const hdr *p = wit_parent(w);
    json_object_set_new(o, "parentStateRoot", jhex(p->state_root, 32));
    trie_store *st = trie_memstore_store(w->nodes);
    const uint8_t *node;
    size_t len;
    bool found = st->get(st, p->state_root, &node, &len) == RIVET_OK;
    json_object_set_new(o, "parentStateRootInWitness", json_boolean(found));
    if (!found) {
        *bad = 1;
        return;
    }
    trie *t = wit_open_state(w);
    json_t *sys = json_object();
    for (size_t i = 0; t && i < sizeof wit_system / sizeof wit_system[0]; i++)
        json_object_set_new(sys, wit_system[i].name,
                            wit_account_json(w, t, wit_system[i].addr, bad));
    json_object_set_new(o, "systemContracts", sys);
    trie_free(t);
}

/* Loads the witness and, when available, the block header it belongs to. */
static int wit_load(const char *path, const char *block_path, wit *w, hdr *h, bool *have_h,
                    json_t *o)
{
    uint8_t *data, *blk_data = NULL;
    size_t len, blen = 0;
    rivet_diag d = {0};
    rivet_status s;
    *have_h = false;
    if (file_read_all(path, &data, &len, &d) != RIVET_OK) {
        fprintf(stderr, "rivet block: %s\n", d.msg);
        return 0;
    }
    size_t i = 0;
    while (i < len && isspace(data[i]))
        i++;
    if (i < len && data[i] == '{') {
        json_object_set_new(o, "format", json_string("json"));
        s = wit_from_json(w, (const char *)data, len, &d);
        json_t *root = json_loadb((const char *)data, len, 0, NULL);
        const char *rlp = json_string_value(json_object_get(root, "blockRlp"));
        if (s == RIVET_OK && rlp && !block_path &&
            hex_decode_alloc(&blk_data, &blen, rlp, strlen(rlp), HEX_PREFIX_OPT, &d) != RIVET_OK)
            s = RIVET_EINPUT; /* blockRlp is not hex */
        json_decref(root);
    } else {
        free(data);
        if (!block_read(path, &data, &len)) return 0;
        ssz_stateless_input in;
        if (len && data[0] >= 0xc0) {
            json_object_set_new(o, "format", json_string("rlp"));
            s = wit_from_rlp(w, data, len, &d);
        } else if ((s = ssz_stateless_decode(data, len, &in, &d)) == RIVET_OK) {
            json_object_set_new(o, "format", json_string("ssz"));
            json_object_set_new(o, "chainId", json_integer((json_int_t)in.chain_id));
            s = wit_from_ssz(w, &in, &d);
            uint8_t root[32];
            json_object_set_new(o, "newPayloadRequestRoot",
                                ssz_new_payload_root(&in, root, &d) == RIVET_OK ? jhex(root, 32)
                                                                                : json_null());
            blk b;
            rivet_buf scratch = {0};
            rivet_diag bd = {0};
            blk_error e = ssz_payload_block(&in, &b, &scratch, &bd);
            json_object_set_new(o, "payloadBlock", json_string(e == BLK_ERR_OK ? "ok" : bd.msg));
            if (e == BLK_ERR_OK) {
                *h = b.header;
                *have_h = !block_path;
                blk_free(&b);
            }
            buf_free(&scratch);
        }
    }
    free(data);
    if (s != RIVET_OK) {
        fprintf(stderr, "rivet block: %s: %s\n", path, d.msg);
        free(blk_data);
        return 0;
    }
    if (block_path && !block_read(block_path, &blk_data, &blen)) return 0;
    if (blk_data) {
        blk b;
        blk_error e = blk_decode(blk_data, blen, &b, &d);
        if (e == BLK_ERR_OK) {
            *h = b.header;
            *have_h = true;
            blk_free(&b);
        } else {
            fprintf(stderr, "rivet block: block: %s\n", d.msg);
        }
        free(blk_data);
        if (e != BLK_ERR_OK) return 0;
    }
    return 1;
}

int cmd_witness_summary(const char *path, const char *block_path, int as_json)
{
    wit w;
    hdr h;
    bool have_h;
    json_t *o = json_object();
    if (!wit_load(path, block_path, &w, &h, &have_h, o)) {
        json_decref(o);
        return EXIT_FAIL;
    }
    json_object_set_new(o, "nodes", json_integer((json_int_t)trie_memstore_count(w.nodes)));
    json_object_set_new(o, "codes", json_integer((json_int_t)trie_memstore_count(w.codes)));
    json_object_set_new(o, "headers", json_integer((json_int_t)w.nheaders));
    json_object_set_new(o, "keys", json_integer((json_int_t)w.nkeys));
    json_object_set_new(o, "duplicates", json_integer((json_int_t)(w.node_dups + w.code_dups)));
    int bad = 0;
    if (have_h)
        wit_chain_json(o, &w, &h, &bad);
    else
        json_object_set_new(o, "ancestors", json_string("not checked (no block given)"));
    block_print(o, as_json, 0);
    json_decref(o);
    wit_free(&w);
    return bad ? EXIT_FAIL : EXIT_OK;
}
