/* Internals of the development node (src/node): the chain, its journal, the pool, receipts,
   filters, the RPC method table and the store. One thread: the event loop owns everything. */
#ifndef RIVET_NODE_IMPL_H
#define RIVET_NODE_IMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "rivet/block.h"
#include "rivet/block_exec.h"
#include "rivet/chain.h"
#include "rivet/exec.h"
#include "rivet/node.h"
#include "rivet/hybrid.h"
#include "rivet/state.h"
#include "rivet/tx.h"

#define NODE_VERSION "rivet/" RIVET_VERSION

/* ---- genesis contents (node_genesis_code.c, node_keys.c) -------------------------------- */
typedef struct node_predeploy {
    const char *name, *addr;
    uint64_t nonce;
    const char *code; /* hex, no prefix */
} node_predeploy;
extern const node_predeploy node_predeploys[];
extern const size_t node_npredeploys;

/* ---- a hash map: 32-byte keys -> uint64 -------------------------------------------------- */
typedef struct node_map {
    struct node_map_ent {
        uint8_t key[32];
        uint64_t val;
        bool used;
    } * v;
    size_t n, cap;
} node_map;
bool node_map_get(const node_map *m, const uint8_t key[32], uint64_t *val);
rivet_status node_map_put(node_map *m, const uint8_t key[32], uint64_t val);
void node_map_del(node_map *m, const uint8_t key[32]);
void node_map_free(node_map *m);

/* ---- blocks and receipts ----------------------------------------------------------------- */
typedef struct node_log {
    evm_addr addr;
    uint8_t topics[4][32];
    int ntopics;
    uint8_t *data;
    size_t len;
} node_log;

typedef struct node_receipt {
    uint8_t hash[32];
    evm_addr from;
    uint64_t gas_used, cumulative_gas;
    u256 price; /* effective gas price */
    bool status, has_contract, impersonated;
    evm_addr contract;
    size_t first_log, nlogs; /* into the block's logs */
} node_receipt;

typedef struct node_block {
    uint8_t *raw; /* block RLP (owned); b's pointers go into it */
    size_t raw_len;
    blk b;
    node_receipt *rc; /* b.ntx */
    node_log *logs;
    size_t nlogs;
} node_block;

/* ---- the journal: what the state is the replay of ----------------------------------------- */
enum { NODE_E_BLOCK = 1, NODE_E_EDIT = 2 };
enum { NODE_EDIT_BALANCE = 1, NODE_EDIT_NONCE, NODE_EDIT_CODE, NODE_EDIT_STORAGE };
/* BLOCK: u32 count of impersonated senders, (u32 index, 20-byte address) each, block RLP.
   EDIT: op byte, 20-byte address, then 32-byte balance | 8-byte nonce | code | key ++ value. */
typedef struct node_entry {
    uint8_t kind;
    uint8_t *data;
    size_t len;
} node_entry;

/* ---- the pool ----------------------------------------------------------------------------- */
typedef struct node_ptx {
    uint8_t *raw;
    size_t raw_len;
    tx t; /* decoded from raw */
    uint8_t hash[32];
    evm_addr from;
    bool impersonated;
    uint64_t seq; /* arrival order (ties) */
} node_ptx;

typedef struct node_pool {
    node_ptx *v;
    size_t n, cap;
    uint64_t seq;
} node_pool;

/* ---- filters ------------------------------------------------------------------------------ */
enum { NODE_F_BLOCK = 1, NODE_F_LOGS, NODE_F_PENDING };
typedef struct node_filter {
    uint64_t id;
    int kind;
    uint64_t next_block; /* first block not yet reported */
    json_t *criteria;    /* logs: the eth_newFilter object (owned) */
    bool used;
} node_filter;

typedef struct node_store node_store;
typedef struct node_root_cache node_root_cache;

struct node_chain {
    node_config cfg;
    chain_config cc;
    hy_vm *hy;         /* RISC-V contracts (docs/hybrid-abi.md); NULL with --no-hybrid */
    const exec_vm *vm; /* its runner, installed in every block and call (NULL: mainnet rules) */
    evm_code_cache *code_cache; /* analysed codes for eth_call and the like (made on first use) */
    state s;
    node_block *blocks;
    size_t nblocks, bcap;
    node_entry *journal;
    size_t njournal, jcap;
    node_map txidx; /* tx hash -> block << 32 | index */
    node_pool pool;
    evm_addr dev[NODE_MAX_ACCOUNTS];
    uint8_t dev_key[NODE_MAX_ACCOUNTS][32];
    evm_addr imp[64]; /* impersonated accounts */
    size_t nimp;
    bool auto_impersonate;
    bool automine;
    uint64_t interval_ms;
    int64_t time_offset;     /* evm_increaseTime, seconds */
    uint64_t next_timestamp; /* evm_setNextBlockTimestamp (0: none) */
    uint64_t time_floor;     /* evm_increaseTime: the next block is at least this */
    bool has_next_base_fee;
    u256 next_base_fee;
    uint64_t gas_limit; /* of the next block */
    evm_addr coinbase;
    size_t *snaps; /* evm_snapshot: journal lengths, id = index + 1 */
    size_t nsnaps, snapcap;
    node_filter *filters;
    size_t nfilters;
    uint64_t next_filter;
    node_store *store;
    bool replaying;
    bool store_loaded;                /* the last start loaded the stored state (no replay) */
    uint64_t witness_ok, witness_bad; /* --check-witness counts */
    node_root_cache *roots;           /* node_root.c */
    uint8_t mix_parent[32], mix[32];  /* node_next_header: keccak(mix_parent) = mix, cached */
};

/* ---- chain (node_chain.c, node_mine.c) ----------------------------------------------------- */
const hdr *node_head(const node_chain *c);
node_block *node_block_at(node_chain *c, uint64_t number);
rivet_fork node_fork(const node_chain *c);
/* Appends an applied entry to the journal (and the store, durably, with its state changes). */
rivet_status node_commit(node_chain *c, uint8_t kind, const uint8_t *p, size_t len, rivet_diag *d);
/* node_commit for a mined block not yet pushed: its receipts and logs go to the store with it. */
rivet_status node_commit_block(node_chain *c, const uint8_t *p, size_t len, const node_receipt *rc,
                               size_t ntx, const node_log *logs, size_t nlogs, rivet_diag *d);
/* Rebuilds the state, blocks and receipts from genesis by executing the first n journal entries
   (drops the rest; the store is not told: node_rewind does that). */
rivet_status node_replay(node_chain *c, size_t n, rivet_diag *d);
/* Rebuilds the state from genesis by replaying the first n journal entries (drops the rest). */
rivet_status node_rewind(node_chain *c, size_t n, rivet_diag *d);
/* A state edit (anvil_setBalance ...) as a journal entry. */
rivet_status node_edit(node_chain *c, int op, const evm_addr *a, const uint8_t *v, size_t len,
                       rivet_diag *d);
/* Mines one block with up to max_txs ready pool transactions (0: as many as fit). */
rivet_status node_mine(node_chain *c, size_t max_txs, uint64_t timestamp, rivet_diag *d);
/* The timestamp the next block gets (wall clock + offset, after the parent). */
uint64_t node_next_time(node_chain *c);
/* The base fee of the next block. */
u256 node_next_base_fee(const node_chain *c);
/* Applies a block entry to the state (replay and mining share it). */
rivet_status node_apply_block(node_chain *c, const uint8_t *p, size_t len, rivet_diag *d);
/* The pre-state of block n (replayed into a fresh state st; free it with state_free). */
rivet_status node_state_before(node_chain *c, uint64_t n, state *st, rivet_diag *d);
/* BLOCKHASH over the chain's blocks. */
evm_hash node_block_hash(void *ctx, uint64_t number);
/* The execution witness of block n (geth JSON form), validated with sl_validate into *valid. */
rivet_status node_witness(node_chain *c, uint64_t n, json_t **out, bool *valid, char *why,
                          size_t cap, rivet_diag *d);

/* The state root of c->s with per-account caches (node_root.c). */
rivet_status node_state_root(node_chain *c, uint8_t out[32], rivet_diag *d);
void node_root_cache_free(node_root_cache *rc);
/* The account trie of the current state (after node_state_root's caches); trie_free it. */
struct trie;
rivet_status node_state_trie(node_chain *c, struct trie **out, rivet_diag *d);
/* An account's storage trie (owned by the cache; NULL: no storage), its root and code hash. */
struct trie *node_storage_trie(node_chain *c, const evm_addr *a, uint8_t root[32],
                               uint8_t code_hash[32]);

/* WebSocket (node_ws.c): take an upgrade request's connection over; notify subscribers. */
struct evhttp_request;
/* Senders recovered outside the chain lock (node_sender.c): precompute from a raw
   transaction's hex, take by its hash (true: `from` is set, the slot is emptied). */
void node_sender_precompute(const node_chain *c, const char *hex, size_t n);
bool node_sender_take(const uint8_t hash[32], rivet_fork fork, uint8_t from[20]);
/* The lock every use of the chain from the HTTP workers is under (node_http.c): alone
   (node_lock), or shared by requests that only read the chain's state at its head, a plain
   eth_call (node_lock_shared; what such a request changes is its thread's own: the code cache
   and the RISC-V runner of node_call.c, nothing of the chain). */
void node_lock(void);
void node_lock_shared(void);
void node_unlock(void);
bool node_lock_is_shared(void); /* this thread holds it shared */
/* Frees this thread's call resources (node_call.c), at the end of a worker thread. */
void node_call_thread_end(void);
/* node_rpc_handle for a caller that holds node_lock (a WebSocket message). */
rivet_status node_rpc_handle_locked(node_chain *c, const char *body, size_t len, rivet_buf *out,
                                    bool *empty);
/* A worker's event loop (node_http.c): woken from any thread, it then moves its WebSocket
   connections' queued frames out (node_ws_flush, under node_lock). */
typedef struct node_loop node_loop;
void node_loop_wake(node_loop *loop);
void node_ws_flush(const node_loop *loop);
/* Takes an upgrade request's connection over as a WebSocket on the worker's loop (called under
   node_lock); false when rq is not an upgrade. */
bool node_ws_upgrade(node_chain *c, struct evhttp_request *rq, node_loop *loop);
void node_ws_block(node_chain *c, uint64_t n);

/* ---- pool (node_pool.c) --------------------------------------------------------------------- */
/* Admits a signed transaction (raw envelope); automine then mines. *err: a JSON-RPC message
   for the client when it is refused (then the return value is EINVALID). */
rivet_status node_submit(node_chain *c, const uint8_t *raw, size_t len, const evm_addr *force,
                         uint8_t hash[32], const char **err, rivet_diag *d);
/* The next nonce for a sender counting queued transactions ("pending"). */
uint64_t node_pending_nonce(node_chain *c, const evm_addr *a);
/* Index of the best ready transaction against state nonces, or -1. */
long node_pool_best(node_chain *c, state *s);
/* Moves the ready transactions of the next block (up to max_txs, 0: as many as fit) from the pool
   to *out (malloc'd, *n of them), each checked on an overlay so the block is valid. */
rivet_status node_pool_pick(node_chain *c, const exec_block *eb, size_t max_txs, node_ptx **out,
                            size_t *n, rivet_diag *d);
void node_pool_remove(node_pool *p, size_t i);
void node_pool_free(node_pool *p);
bool node_pool_find(const node_pool *p, const uint8_t hash[32], size_t *i);

/* ---- execution over a throwaway overlay of the state (node_call.c) ------------------------ */
typedef struct node_callreq {
    evm_addr from, to;
    bool create, has_gas, has_price;
    uint64_t gas;
    u256 value, price;
    uint8_t *data;
    size_t data_len;
    evm_tracer *tracer; /* debug_traceCall (NULL: none) */
    state *base;        /* the state to run on (NULL: the chain's; debug_traceCall at a block) */
    const hdr *header;  /* the block environment (NULL: the next block's) */
} node_callreq;
/* Parses an eth_call / eth_estimateGas / eth_sendTransaction object. */
rivet_status node_callreq_parse(json_t *o, node_callreq *r, rivet_diag *d);
void node_callreq_free(node_callreq *r);
/* At block n older than the head: r runs on the state after n (replayed into *old; state_free it
   when r->base is set) in n's own environment, as geth and anvil run calls at a block. */
RIVET_MUST_USE rivet_status node_callreq_at(node_chain *c, node_callreq *r, uint64_t n, state *old,
                                            rivet_diag *d);
/* Runs the call on an overlay of the state; exec_result's output is malloc'd. */
rivet_status node_call(node_chain *c, const node_callreq *r, uint64_t gas, exec_result *out,
                       rivet_diag *d);
/* node_call, then inspect(ctx, overlay) before the overlay is dropped (what the call touched). */
rivet_status node_call_inspect(node_chain *c, const node_callreq *r, uint64_t gas, exec_result *out,
                               void (*inspect)(void *ctx, state *ov), void *ctx, rivet_diag *d);
/* The index of a dev account (its key in c->dev_key), or -1. */
int node_dev_index(node_chain *c, const evm_addr *a);
/* The gas of a call without `gas`: the block gas limit (the EIP-7825 cap from Osaka). */
uint64_t node_call_cap(node_chain *c);
/* The execution environment of a block with header h (node_mine.c). */
void node_block_env(node_chain *c, const hdr *h, exec_block *eb);
/* An overlay state over base (reads through, writes stay in the overlay). */
void node_overlay_init(state *ov, state *base, state_backend *be);

/* ---- RPC (node_rpc.c and the method files) ---------------------------------------------- */
typedef struct node_err {
    int code;
    char msg[256];
    json_t *data; /* owned (NULL: none) */
} node_err;
typedef json_t *(*node_method_fn)(node_chain *c, json_t *params, node_err *e);
/* The handlers of the method table. */
#define X(name, fn, doc) json_t *fn(node_chain *c, json_t *params, node_err *e);
#include "node_methods.def"
#undef X
/* Sets e and returns NULL (handlers `return node_fail(e, code, fmt, ...)`). */
json_t *node_fail(node_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A revert as geth reports it: code 3, "execution reverted[: reason]", data hex. */
json_t *node_revert(node_err *e, const uint8_t *out, size_t len);

/* JSON helpers (node_json.c) */
/* The JSON value of p[0..n) for the common forms of requests, or NULL: then parse with jansson
   (node_json_parse.c). */
json_t *node_json_parse_fast(const char *p, size_t n);
json_t *node_qty(uint64_t v);
json_t *node_qty256(u256 v);
json_t *node_hexb(const uint8_t *p, size_t n);
json_t *node_addr(const evm_addr *a);
bool node_get_qty(json_t *v, uint64_t *out);
bool node_get_u256(json_t *v, u256 *out);
bool node_get_addr(json_t *v, evm_addr *out);
bool node_get_hash(json_t *v, uint8_t out[32]);
/* Decoded hex bytes (malloc'd, NULL + false on bad hex). */
bool node_get_bytes(json_t *v, uint8_t **out, size_t *len);
/* A block tag or number: "latest"/"pending"/"safe"/"finalized"/"earliest"/quantity, or an
   EIP-1898 object; false when unknown or past the head. */
bool node_get_block(node_chain *c, json_t *v, uint64_t *n);
json_t *node_block_json(node_chain *c, node_block *b, bool full);
json_t *node_tx_json(node_chain *c, node_block *b, size_t i);
json_t *node_receipt_json(node_chain *c, node_block *b, size_t i);
json_t *node_log_json(node_block *b, size_t ti, size_t log, size_t index_in_block);
/* Logs of blocks [from, to] matching a filter object (address, topics). */
json_t *node_logs_query(node_chain *c, json_t *filter, uint64_t from, uint64_t to, node_err *e);

/* Applies and journals one entry (replay from the store or a state file). */
rivet_status node_replay_entry(void *ctx, uint8_t kind, const uint8_t *p, size_t len,
                               rivet_diag *d);
/* anvil's state dump (node_dump.c): the JSON of the current state; its accounts applied as
   dev edits. */
json_t *node_anvil_state(node_chain *c);
rivet_status node_anvil_load(node_chain *c, json_t *root, rivet_diag *d);
/* Replays the entries of a --dump-state file. */
rivet_status node_load_state(node_chain *c, json_t *root, rivet_diag *d);

/* ---- store (node_store.c) ------------------------------------------------------------------ */
rivet_status node_store_open(node_store **out, const char *dir, rivet_diag *d);
void node_store_close(node_store *s);
/* A block's receipts and logs, as stored with its entry. */
typedef struct node_rcpts {
    uint64_t number;
    const node_receipt *rc;
    size_t ntx;
    const node_log *logs;
    size_t nlogs;
} node_rcpts;
/* Writes journal entry c->njournal in one synced write transaction, with its delta: the state
   root, the accounts and slots the entry changed, a block's receipts r (NULL for an edit). */
rivet_status node_store_put(node_chain *c, uint8_t kind, const uint8_t *p, size_t len,
                            const node_rcpts *r, rivet_diag *d);
/* The store follows node_rewind (c is at its first n entries): the journal cut to n; when that
   cut the last delta holding the whole state, entry n - 1 gets one. */
rivet_status node_store_rewind(node_chain *c, rivet_diag *d);
/* After a start that replayed: every entry rewritten with a delta (receipts; the last one holds
   the whole state), so that the next start loads. */
rivet_status node_store_migrate(node_chain *c, rivet_diag *d);
/* node_state_root's hook: what the state's change lists hold before they are cleared (all: the
   whole state, after a first root). */
void node_store_note(node_chain *c, bool all);
/* The journal read into c; then, when every entry has a delta, the blocks, receipts and state
   rebuilt from them (node_store_load.c) and *loaded set. Why not (a damaged delta, a root that
   differs) goes to why; d gets only what makes the journal itself unreadable. */
rivet_status node_store_load(node_chain *c, bool *loaded, rivet_diag *why, rivet_diag *d);
/* node_open with a data dir: node_store_load, else a replay (root checked) and a migration. */
rivet_status node_store_start(node_chain *c, rivet_diag *d);
rivet_status node_store_meta(node_store *s, const char *key, uint64_t *val, bool set,
                             rivet_diag *d);

void node_log_line(node_chain *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- blob transactions (node_blob.c) ---------------------------------------------------- */
/* raw in the network form: checked (decode, versioned hashes, KZG proofs) and unwrapped into
   *out (malloc'd canonical 0x03 || body); NULL with *out NULL when raw is not a blob
   transaction; an error (node_fail) for a bad sidecar or a blob transaction without one (as
   geth). */
json_t *node_blob_unwrap(node_chain *c, const uint8_t *raw, size_t n, uint8_t **out,
                         size_t *out_len, node_err *e);
/* The pool's blob rules (max fee per blob gas >= the next blob base fee, funds for blob gas):
   NULL, or the refusal written into msg. */
const char *node_blob_admit(node_chain *c, const tx *t, const state_account *a, char *msg,
                            size_t cap);
/* The blob base fee of the block after the head (its excess from EIP-4844, EIP-7918 from Osaka;
   1 before Cancun). */
u256 node_blob_next_fee(node_chain *c);
/* maxFeePerBlobGas and blobVersionedHashes of a type 3 transaction (nothing for others). */
void node_blob_tx_json(json_t *o, const tx *t);
/* blobGasUsed and blobGasPrice of a type 3 transaction's receipt in block header h. */
void node_blob_receipt_json(node_chain *c, json_t *o, const hdr *h, const tx *t);

#endif
