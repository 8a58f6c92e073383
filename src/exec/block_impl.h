/* Internals of block execution shared by src/exec/block*.c. */
#ifndef RIVET_EXEC_BLOCK_IMPL_H
#define RIVET_EXEC_BLOCK_IMPL_H

#include "rivet/block_exec.h"

/* Receipts of a block as they go into the receipts trie, the block bloom, and the EIP-6110
   deposit requests collected from the logs. */
typedef struct bexec_receipts {
    rivet_buf enc; /* concatenated receipt encodings */
    size_t *end;   /* end offset of receipt i (blk_ordered_root_packed) */
    size_t n;
    uint8_t bloom[256];
    rivet_buf deposits;
    bool ok; /* allocation succeeded */
} bexec_receipts;

void bexec_receipts_init(bexec_receipts *r, size_t ntx);
void bexec_receipts_free(bexec_receipts *r);
/* Appends the receipt of the transaction that just ran (its logs are s->logs); with `deposits`,
   logs of the deposit contract become requests (INVALID_DEPOSIT_EVENT_LAYOUT in o->error). */
RIVET_MUST_USE rivet_status bexec_receipt_add(bexec_receipts *r, const state *s, uint8_t type,
                                              bool ok, uint64_t cumulative_gas,
                                              const uint8_t deposit_contract[20], bool deposits,
                                              bexec_out *o, rivet_diag *d);

/* The exec_block a block's transactions run under. */
void bexec_block_env(exec_block *eb, const blk *b, const bexec_env *env);

#endif
