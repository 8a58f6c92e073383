/* Helpers shared by the files of `rivet block`. */
#ifndef RIVET_TOOLS_BLOCK_CMD_H
#define RIVET_TOOLS_BLOCK_CMD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/block.h"

/* Reads binary data or hex text ("0x..."); prints the error and returns 0 on failure. */
int block_read(const char *path, uint8_t **data, size_t *len);
json_t *jhex(const uint8_t *p, size_t n);
json_t *block_header_json(const hdr *h, const uint8_t hash[32]);
/* Prints an object as indented "key: value" lines, or as JSON. */
void block_print(json_t *o, int as_json, int indent);
/* `rivet block witness`. */
int cmd_witness_summary(const char *path, const char *block_path, int as_json);

#endif
