/* bincode 1.x (legacy config) reading for the reth guests' inputs (rsp, zisk-eth-client):
   fixed-width little-endian integers, u64 length before every byte string and sequence, one tag
   byte for Option, u32 enum variants. The reader is sticky: the first failure is kept (in st
   and d, with its byte offset) and every later read returns zeros, so callers check once. */
#ifndef RIVET_ETH_WIT_BC_H
#define RIVET_ETH_WIT_BC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/block.h"
#include "rivet/bytes.h"
#include "rivet/status.h"
#include "rivet/u256.h"
#include "rivet/witness.h"

typedef struct wbc {
    const uint8_t *p;
    size_t len, off;
    rivet_diag *d;
    rivet_status st;
} wbc;

void wit_bc_init(wbc *r, const uint8_t *p, size_t len, rivet_diag *d);
/* Records a failure at the current offset (the first one wins) and returns false. */
bool wit_bc_fail(wbc *r, rivet_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline bool wit_bc_ok(const wbc *r)
{
    return r->st == RIVET_OK;
}
uint8_t wit_bc_u8(wbc *r);
uint32_t wit_bc_u32(wbc *r);
uint64_t wit_bc_u64(wbc *r);
/* n raw bytes (no prefix); NULL on failure. */
const uint8_t *wit_bc_raw(wbc *r, size_t n, const char *what);
/* u64 length + bytes; NULL (and *n = 0) on failure. */
const uint8_t *wit_bc_bytes(wbc *r, size_t *n, const char *what);
/* u64 length that must equal n, then n bytes into out. */
void wit_bc_fixed(wbc *r, uint8_t *out, size_t n, const char *what);
/* Option tag: false for None (0), true for Some (1), anything else fails. */
bool wit_bc_opt(wbc *r, const char *what);
/* A sequence length, at most what the remaining bytes can hold at min_each bytes an item. */
size_t wit_bc_count(wbc *r, size_t min_each, const char *what);
/* ruint U256 (32 big-endian bytes after the u64 length), U64 (8), and u128 (16 bytes LE). */
u256 wit_bc_u256(wbc *r, const char *what);
uint64_t wit_bc_q64(wbc *r, const char *what);
u256 wit_bc_u128(wbc *r);

/* A bincode-compat header (reth / alloy field order) into h. */
void wit_bc_header(wbc *r, hdr *h);
/* A whole block (header, then body {transactions, ommers, withdrawals?}) appended to out as
   block RLP, ready for blk_decode. */
void wit_bc_block(wbc *r, rivet_buf *out);

#endif
