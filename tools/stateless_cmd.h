/* rivet stateless, shared by its two files: cmd_stateless.c (options, SSZ, fixtures, geth pairs)
   and cmd_stateless_in.c (inputs that carry the block: bincode, JSON; --parent,
   --pre-state-root, --guest-input). */
#ifndef RIVET_TOOLS_STATELESS_CMD_H
#define RIVET_TOOLS_STATELESS_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "rivet/stateless.h"

typedef struct sl_cmd {
    const char *chain;       /* --chain */
    const char *network;     /* --network: a test network's fork schedule */
    wit_format format;       /* --format (AUTO: from the content) */
    const char *parent;      /* --parent FILE */
    const char *guest_input; /* --guest-input OUT */
    uint8_t pre_root[32];    /* --pre-state-root */
    bool has_pre_root;
    int strictness;    /* --strict 1, --lenient 0, default -1 */
    const exec_vm *vm; /* --hybrid: RISC-V contracts (docs/hybrid-abi.md) */
} sl_cmd;

/* Prints the one JSON object; exit status. */
int sl_cmd_print(const sl_result *r, const uint8_t *out41, wit_format f);
const chain_config *sl_cmd_chain(const char *name, uint64_t chain_id);
/* Validates a block with its witness (any input form) under the options; prints. raw: the
   bincode input as read (for --guest-input), else NULL. */
int sl_cmd_run_input(const sl_cmd *o, wit_input *in, const uint8_t *raw, size_t raw_len);
/* One file that is a bincode or JSON input carrying its block (blockRlp JSON: NULL). */
int sl_cmd_run_file(const sl_cmd *o, const char *path, const uint8_t *data, size_t len);

#endif
