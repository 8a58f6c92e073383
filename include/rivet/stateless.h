/* Stateless block validation: a block and its execution witness in, the validated post-state
   out. The state is read through the witness (state_backend over partial tries rooted at the
   parent's state root; codes by hash), the post-state root is computed by applying the
   block's changes to those partial tries. A node the execution or the root needs that the
   witness lacks is a rejection naming the hash, never a crash.

   The same backend over any trie store (a full state exported into a recording memstore)
   records what a witness must hold: see sl_backend_* and `rivet witness`. */
#ifndef RIVET_STATELESS_H
#define RIVET_STATELESS_H

#include <stdbool.h>
#include <stdint.h>

#include "rivet/block_exec.h"
#include "rivet/state.h"
#include "rivet/trie.h"
#include "rivet/witness.h"

/* The read-through backend: accounts from the secure account trie at `root`, slots from each
   account's storage trie, codes from `codes` (keyed by keccak(code)). */
typedef struct sl_backend sl_backend;

sl_backend *sl_backend_new(const uint8_t root[32], trie_store *nodes, trie_memstore *codes);
void sl_backend_free(sl_backend *b);
/* The state_backend to give state_init_backed. */
const state_backend *sl_backend_state(sl_backend *b);
/* Lenient mode (geth's witnesses): an account whose trie path the witness lacks is read as
   absent instead of failing (geth omits the paths of non-existent accounts it only read). A
   change to such an account still fails at the root. sl_backend_unproven counts them. */
void sl_backend_set_lenient(sl_backend *b, bool on);
size_t sl_backend_unproven(const sl_backend *b);
/* The post-state root: the accounts and slots of s (which ran over this backend) written into
   the partial tries (in place: call it once, after execution). EMISSING (d names the node)
   when the witness lacks a node this needs. */
RIVET_MUST_USE rivet_status sl_backend_root(sl_backend *b, const state *s, uint8_t root[32],
                                            rivet_diag *d);
/* An account as the pre-state has it (absent: *found false, zero fields, empty code hash),
   without recording it as read. Call it before sl_backend_root. */
RIVET_MUST_USE rivet_status sl_backend_pre_account(sl_backend *b, const evm_addr *a, bool *found,
                                                   uint64_t *nonce, u256 *balance,
                                                   evm_hash *code_hash, rivet_diag *d);
/* Records, after each part of the block (bexec_env.phase_end = sl_bal_rec_phase, phase_ctx =
   the recorder), which balances, nonces, codes and slots that part changed and to what. */
typedef struct sl_bal_rec sl_bal_rec;
sl_bal_rec *sl_bal_rec_new(sl_backend *b);
void sl_bal_rec_free(sl_bal_rec *r);
RIVET_MUST_USE rivet_status sl_bal_rec_phase(void *rec, const state *s, uint32_t index,
                                             rivet_diag *d);
/* EIP-7928: every change the block access list `bal` (its RLP) records ends at the value of s
   after the block, and every account field or slot the block changed (against b's pre-state)
   is recorded; with `rec` (may be NULL), each change list is exactly the recorded changes (index
   and value). Reads are not checked. EINVALID (d names the account) when they disagree. Call
   it before sl_backend_root. */
RIVET_MUST_USE rivet_status sl_bal_check(sl_backend *b, sl_bal_rec *rec, const state *s,
                                         const uint8_t *bal, size_t len, rivet_diag *d);

/* Outcome of stateless validation. */
typedef struct sl_result {
    bool valid;
    uint8_t block_hash[32];
    uint8_t state_root[32]; /* computed (zero when execution did not get that far) */
    uint8_t receipts_root[32];
    uint64_t gas_used;
    bexec_out out;        /* the block rule or transaction that failed */
    char error[256];      /* empty when valid */
    size_t unproven;      /* accounts read as absent without a proof (SL_LENIENT) */
    uint64_t oldest_hash; /* lowest BLOCKHASH number asked for (UINT64_MAX: none) */
    bool parent_skipped;  /* no parent header: the header checks needing it were skipped */
} sl_result;

/* Validates b against witness w (wit_link is done here) under config c. Returns a host error
   only (ENOMEM, EUNSUPPORTED); every problem with the block or the witness is r->valid = false
   with r->error saying why. */
enum { SL_LENIENT = 1 }; /* flags: see sl_backend_set_lenient */
RIVET_MUST_USE rivet_status sl_validate(const blk *b, wit *w, const chain_config *c, unsigned flags,
                                        sl_result *r);

/* The header checks skipped without a parent header (hdr_validate with parent NULL). */
#define SL_PARENT_CHECKS "number, parent_hash, timestamp, gas_limit, base_fee, excess_blob_gas"

typedef struct sl_opts {
    unsigned flags;
    /* Trusted pre-state root for a witness without the parent header (NULL: the parent is
       required). The checks of SL_PARENT_CHECKS are then skipped (r->parent_skipped); BLOCKHASH
       comes from the hashes given (wit_add_hash). With the parent present, it must equal the
       parent's state root. */
    const uint8_t *pre_state_root;
    /* Called after each phase: "link" (ancestor headers), "check" (header, body and
       transaction rules, senders recovered), "execute", "root" (post-state root). */
    void (*mark)(void *ctx, const char *phase);
    void *mark_ctx;
    /* The hybrid chain setting: the runner of RISC-V contracts (NULL: mainnet rules). */
    const exec_vm *vm;
} sl_opts;
rivet_status sl_validate_opts(const blk *b, wit *w, const chain_config *c, const sl_opts *o,
                              sl_result *r);

/* ---- witness generation (src/exec/witness_gen.c) ---------------------------------------- */

/* Writes an in-memory state as tries: every node into `nodes`, every code into `codes`;
 *root gets the state root. */
RIVET_MUST_USE rivet_status wgen_export_state(const state *s, trie_memstore *nodes,
                                              trie_memstore *codes, uint8_t root[32],
                                              rivet_diag *d);
/* Ancestor headers by number (NULL when unknown). */
typedef const hdr *(*wgen_header_fn)(void *ctx, uint64_t number);
/* Executes b over the full pre-state `pre` (in memory) and builds the witness a stateless
   validator needs: the trie nodes and codes the execution and the post-state root touched, and
   the ancestor headers from the parent back to the oldest BLOCKHASH asked for. *r is the
   outcome over the full state. `out` is initialised by the call (wit_free it). */
RIVET_MUST_USE rivet_status wgen_block(const blk *b, const state *pre, wgen_header_fn headers,
                                       void *hctx, const chain_config *c, wit *out, sl_result *r,
                                       rivet_diag *d);
/* The same under the hybrid chain setting (vm: the runner of RISC-V contracts, or NULL). */
RIVET_MUST_USE rivet_status wgen_block_vm(const blk *b, const state *pre, wgen_header_fn headers,
                                          void *hctx, const chain_config *c, const exec_vm *vm,
                                          wit *out, sl_result *r, rivet_diag *d);
/* geth's ExtWitness RLP [[header...], [code...], [node...], []]. */
RIVET_MUST_USE rivet_status wgen_encode_rlp(wit *w, rivet_buf *out);

#endif
