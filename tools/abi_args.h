/* Constructor arguments from the command line, ABI-encoded (Solidity's ABI, head and tail):
   uintN, intN, address, bool, bytesN, bytes, string. Used by `rivet deploy --args`. */
#ifndef RIVET_TOOLS_ABI_ARGS_H
#define RIVET_TOOLS_ABI_ARGS_H

#include <jansson.h>

#include "rivet/bytes.h"
#include "rivet/status.h"

/* The constructor's "inputs" of an ABI JSON array (NULL when it has no constructor). */
json_t *abi_constructor_inputs(json_t *abi);
/* Encodes vals[0..n) as the types of inputs, appended to out. Errors name the argument (its
   index in the diagnostic's position) and why: count, type not supported, value. */
RIVET_MUST_USE rivet_status abi_encode_args(json_t *inputs, char *const *vals, size_t n,
                                            rivet_buf *out, rivet_diag *d);

#endif
