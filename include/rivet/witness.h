/* Execution witnesses: the trie nodes, bytecodes and ancestor headers a stateless validator
   needs. Three input forms, one in-memory `wit`:
     - geth ExtWitness RLP: [[header...], [code...], [node...], [key...]]
     - JSON: {"headers"|"state"|"codes"|"keys": [hex...]} (geth/reth debug_executionWitness, the
       zkEVM fixtures' executionWitness); headers may be RLP hex strings
     - the witness of an EIP-8025 SSZ StatelessInput.
   Nodes live in a trie_memstore keyed by keccak(node) (open the pre-state with wit_open_state),
   codes in a second store keyed by keccak(code). Headers are decoded; wit_link then checks they
   form a hash chain ending at the block's parent and builds the BLOCKHASH table. */
#ifndef RIVET_WITNESS_H
#define RIVET_WITNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/block.h"
#include "rivet/ssz.h"
#include "rivet/status.h"
#include "rivet/trie.h"

typedef struct wit_header {
    hdr h;
    uint8_t hash[32]; /* keccak of the encoding as given */
} wit_header;

typedef struct wit {
    trie_memstore *nodes;
    trie_memstore *codes;
    wit_header *headers; /* in input order until wit_link, then by number, newest first */
    size_t nheaders, cap;
    size_t nkeys;                /* key preimages seen (not kept) */
    size_t node_dups, code_dups; /* duplicates dropped */
    bool linked;                 /* wit_link succeeded: headers[0] is the parent */
    struct wit_hash {
        uint64_t number;
        uint8_t hash[32];
    } *hashes; /* BLOCKHASH values given as hashes, not headers (wit_add_hash) */
    size_t nhashes, hcap;
} wit;

/* An empty witness; ENOMEM when the stores cannot be made. */
RIVET_MUST_USE rivet_status wit_init(wit *w);
void wit_free(wit *w);

/* Adds one item. A header that does not decode is an error naming its index. */
RIVET_MUST_USE rivet_status wit_add_node(wit *w, const uint8_t *p, size_t len);
RIVET_MUST_USE rivet_status wit_add_code(wit *w, const uint8_t *p, size_t len);
RIVET_MUST_USE rivet_status wit_add_header(wit *w, const uint8_t *p, size_t len, rivet_diag *d);

/* Fill a witness from each form (w initialised by the call; freed on error). */
RIVET_MUST_USE rivet_status wit_from_rlp(wit *w, const uint8_t *p, size_t len, rivet_diag *d);
RIVET_MUST_USE rivet_status wit_from_json(wit *w, const char *text, size_t len, rivet_diag *d);
RIVET_MUST_USE rivet_status wit_from_ssz(wit *w, const ssz_stateless_input *in, rivet_diag *d);

/* Checks the ancestor headers against the block header `h`: one of them must be its parent
   (hash = h->parent_hash, number = h->number - 1), and every other must be the parent of the next
   (a contiguous hash chain, no duplicates, nothing unlinked). Errors (EMISSING for a missing
   parent, EINVALID for a broken chain) name the header and the numbers involved. On success the
   headers are sorted newest first and w->linked is set. */
RIVET_MUST_USE rivet_status wit_link(wit *w, const hdr *h, rivet_diag *d);
/* The parent header (after wit_link), else NULL. */
const hdr *wit_parent(const wit *w);
/* A BLOCKHASH value given as such (scroll's block_hashes, the parent's hash of an input with
   no headers): used for numbers the linked headers do not cover. */
rivet_status wit_add_hash(wit *w, uint64_t number, const uint8_t hash[32]);
/* BLOCKHASH: the hash of ancestor `number` if the witness holds it (its header after wit_link,
   else a hash given with wit_add_hash). */
bool wit_blockhash(const wit *w, uint64_t number, uint8_t out[32]);
/* Oldest ancestor number held (after wit_link). */
uint64_t wit_oldest(const wit *w);

/* Code by hash: EMISSING when the witness lacks it. */
RIVET_MUST_USE rivet_status wit_code(wit *w, const uint8_t hash[32], const uint8_t **code,
                                     size_t *len);
/* The parent's state trie (secure), resolved lazily from the witness nodes; NULL when not linked
   or out of memory. Free with trie_free. */
trie *wit_open_state(wit *w);

/* ---- inputs that carry the block as well (src/eth/wit_input.c, wit_reth.c, wit_json*.c) ---- */

/* X(id, name): the input formats `rivet stateless --format` names. */
#define WIT_FORMAT_LIST(X)                                                                         \
    X(AUTO, "auto")                                                                                \
    X(RSP, "rsp")                                                                                  \
    X(ZISK, "zisk")                                                                                \
    X(RPC_JSON, "rpc-json")                                                                        \
    X(SCROLL, "scroll")
typedef enum wit_format {
#define X(id, name) WIT_FMT_##id,
    WIT_FORMAT_LIST(X)
#undef X
        WIT_FMT_COUNT
} wit_format;

const char *wit_format_name(wit_format f);
/* By name; WIT_FMT_COUNT when unknown. */
wit_format wit_format_by_name(const char *name);

/* A block with its witness, from one input. The block is rebuilt as RLP in `block_rlp` (b points
   into it); w holds the nodes, codes and ancestor headers. */
typedef struct wit_input {
    wit_format format;
    blk b;
    rivet_buf block_rlp;
    wit w;
    uint64_t chain_id;    /* from the input; 0 when it carries none */
    size_t npublic_keys;  /* zisk: the senders' keys given with the block (not used) */
    uint8_t pre_state_root[32]; /* scroll: the state root before the block, as given */
    bool has_pre_state_root;
    bool has_b, has_w;
} wit_input;

void wit_input_free(wit_input *in);
/* The bincode input format of p (rsp ClientExecutorInput or zisk-eth-client's two records),
   WIT_FMT_AUTO when neither. */
wit_format wit_detect_bincode(const uint8_t *p, size_t len);
/* rsp's ClientExecutorInput (bincode-1: block, ancestor headers, the parent state as MptNode
   tries, bytecodes, genesis) or zisk-eth-client's input ([u64 len][RethInputPublic] padded to 8,
   [u64 len][ExecutionWitness]). f = WIT_FMT_AUTO detects. On error *in holds nothing. */
rivet_status wit_input_bincode(wit_input *in, const uint8_t *p, size_t len, wit_format f,
                               rivet_diag *d);

/* JSON inputs (host only, src/eth/wit_json_*.c):
     - scroll's BlockWitness {chain_id, header, pre_state_root | prev_state_root, transaction(s),
       withdrawals, block_hashes (newest first), states, codes} (current and legacy shapes);
     - {block: eth_getBlockByNumber(n, true) result, witness | executionWitness:
       debug_executionWitness result, chainId?} (RPC "result" envelopes are unwrapped).
   f = WIT_FMT_AUTO detects. The block's and its transactions' JSON hashes must match. */
rivet_status wit_input_json(wit_input *in, const char *text, size_t len, wit_format f,
                            rivet_diag *d);
/* The block alone (eth_getBlockByNumber(n, true) JSON): in->b and in->block_rlp; in->w is left
   empty (has_w false). */
rivet_status wit_input_block_json(wit_input *in, const char *text, size_t len, rivet_diag *d);
/* A header given alone (eth_getBlockByNumber JSON, with or without transactions, or header RLP,
   binary): its RLP appended to out, e.g. for wit_add_header (--parent). */
rivet_status wit_header_rlp(rivet_buf *out, const uint8_t *p, size_t len, rivet_diag *d);

#endif
