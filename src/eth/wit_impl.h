/* Shared by the witness input forms. */
#ifndef RIVET_ETH_WIT_IMPL_H
#define RIVET_ETH_WIT_IMPL_H

#include "rivet/witness.h"

enum { WIT_HEADERS, WIT_CODES, WIT_STATE, WIT_KEYS, WIT_NPARTS };

extern const char *const wit_part_names[WIT_NPARTS];

/* Adds one item of part `part` (keys are only counted). */
RIVET_MUST_USE rivet_status wit_add(wit *w, int part, const uint8_t *p, size_t len, rivet_diag *d);

/* Sets h->nfields from which optional fields are present: has[] = {withdrawals root, base
   fee, blob gas used, excess blob gas, parent beacon root, requests hash}. False when one is
   present after an absent one (RLP cannot carry that). */
bool wit_hdr_fields(hdr *h, const bool has[6]);

#endif
