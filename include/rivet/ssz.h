/* SSZ (SimpleSerialize), the subset EIP-8025 stateless inputs need: little-endian uints, fixed
   and variable containers (4-byte offsets), lists of fixed and of variable items, byte lists and
   vectors; strict offset checks (first offset = end of the fixed part, non-decreasing, inside the
   input, list offsets a multiple of 4 and consistent). Decoding is zero-copy.

   hash_tree_root: sha256 merkleization of 32-byte chunks padded with zero subtrees to the
   type's limit, list lengths mixed in (ssz_hasher streams chunks, no allocation).

   EIP-8025 StatelessInput (zkEVM fixtures tests-zkevm@v0.3.3, no schema prefix):
     StatelessInput{new_payload_request, witness{state, codes, headers}, chain_config{chain_id},
     public_keys: List[ByteList[65], 2^20]}
     NewPayloadRequest{execution_payload, versioned_hashes: List[Bytes32, 4096],
     parent_beacon_block_root, execution_requests: List[ByteList[2^23], 16]} (the list limit is
     fixed by the fixtures' roots; the 2^23 byte limit, as other EIP-8025 guests use it, is not:
     no fixture carries requests)
     ExecutionPayload: Deneb's fields (transactions List[ByteList[2^30], 2^20], withdrawals
     List[Withdrawal, 2^16]) + block_access_list ByteList[2^24] + slot_number uint64.
   StatelessOutput = new_payload_request_root (32) | successful_validation (1) | chain_id (u64). */
#ifndef RIVET_SSZ_H
#define RIVET_SSZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/block.h"
#include "rivet/status.h"
#include "rivet/u256.h"

/* A view into the input; `off` is its offset in the outermost input (for diagnostics). */
typedef struct ssz_span {
    const uint8_t *p;
    size_t len, off;
} ssz_span;

static inline ssz_span ssz_span_of(const uint8_t *p, size_t len)
{
    return (ssz_span){p, len, 0};
}

uint64_t ssz_le64(const uint8_t *p);
uint32_t ssz_le32(const uint8_t *p);

/* Splits a container. sizes[i] is field i's fixed size, or 0 for a variable-size field (a 4-byte
   offset in the fixed part). fields[i] gets each field's bytes. */
RIVET_MUST_USE rivet_status ssz_container(ssz_span in, const size_t *sizes, size_t n,
                                          ssz_span *fields, rivet_diag *d);
/* A list of variable-size items (offset table): *count gets the number of items (at most max). */
RIVET_MUST_USE rivet_status ssz_list_var(ssz_span in, size_t max, size_t *count, rivet_diag *d);
/* Item i of a list validated by ssz_list_var. */
ssz_span ssz_list_var_item(ssz_span in, size_t i);
/* A list of fixed-size items: the length must be a multiple of `size`, at most max items. */
RIVET_MUST_USE rivet_status ssz_list_fixed(ssz_span in, size_t size, size_t max, size_t *count,
                                           rivet_diag *d);

/* ---- merkleization ---- */

/* Streams chunks into a Merkle tree of 2^depth leaves (depth <= 64). */
typedef struct ssz_hasher {
    uint8_t level[65][32];
    uint64_t count;
    unsigned depth;
    bool overflow; /* a chunk was added to a full tree (and dropped) */
} ssz_hasher;

void ssz_hasher_init(ssz_hasher *h, unsigned depth);
/* Adds one 32-byte chunk; a chunk past the tree's 2^depth leaves is dropped and remembered, and
   ssz_hasher_root then fails. */
void ssz_hasher_chunk(ssz_hasher *h, const uint8_t chunk[32]);
/* Adds bytes packed into chunks (the last one zero-padded), as ssz_hasher_chunk. */
void ssz_hasher_bytes(ssz_hasher *h, const uint8_t *p, size_t len);
/* The root of the chunks added; RIVET_ERANGE (out untouched) when more were added than the tree
   holds. */
RIVET_MUST_USE rivet_status ssz_hasher_root(ssz_hasher *h, uint8_t out[32]);

/* Depth of a tree holding `chunks` leaves: ceil(log2(chunks)), 0 for 0 or 1. */
unsigned ssz_depth(uint64_t chunks);
/* root = sha256(root || uint256_le(len)). */
void ssz_mix_in_length(uint8_t root[32], uint64_t len);
/* hash_tree_root of ByteVector[len] (len > 0) and of ByteList[limit] holding p[0..len). */
void ssz_root_vector(const uint8_t *p, size_t len, uint8_t out[32]);
RIVET_MUST_USE rivet_status ssz_root_bytelist(const uint8_t *p, size_t len, uint64_t limit,
                                              uint8_t out[32]);
/* A uint64 / uint256 as a chunk (little-endian, zero-padded). */
void ssz_chunk_u64(uint8_t out[32], uint64_t v);

/* ---- EIP-8025 stateless input (v0.3.3 schema) ---- */

#define SSZ_MAX_TXS            (1u << 20)
#define SSZ_MAX_TX_BYTES       (1u << 30)
#define SSZ_MAX_WITHDRAWALS    (1u << 16)
#define SSZ_MAX_BAL_BYTES      (1u << 24)
#define SSZ_MAX_BLOB_HASHES    4096u
#define SSZ_MAX_REQUESTS       16u
#define SSZ_MAX_REQUEST_BYTES  (1u << 23)
#define SSZ_MAX_WITNESS_NODES  (1u << 20)
#define SSZ_MAX_WITNESS_CODES  (1u << 16)
#define SSZ_MAX_WITNESS_HDRS   256u
#define SSZ_MAX_NODE_BYTES     (1u << 20)
#define SSZ_MAX_CODE_BYTES     (1u << 24)
#define SSZ_MAX_HEADER_BYTES   (1u << 10)
#define SSZ_MAX_PUBLIC_KEYS    (1u << 20)
#define SSZ_PUBLIC_KEY_BYTES   65u
#define SSZ_STATELESS_OUT_SIZE 41u

/* The execution payload, decoded (spans point into the input). */
typedef struct ssz_payload {
    uint8_t parent_hash[32], fee_recipient[20], state_root[32], receipts_root[32];
    uint8_t logs_bloom[256], prev_randao[32];
    uint64_t number, gas_limit, gas_used, timestamp;
    ssz_span extra_data;
    u256 base_fee;
    uint8_t block_hash[32];
    ssz_span transactions; /* List[ByteList]: use ssz_list_var_item */
    size_t ntx;
    ssz_span withdrawals; /* List[Withdrawal], 44 bytes each */
    size_t nwithdrawals;
    uint64_t blob_gas_used, excess_blob_gas;
    ssz_span block_access_list;
    uint64_t slot_number;
} ssz_payload;

#define SSZ_WITHDRAWAL_SIZE 44u

typedef struct ssz_stateless_input {
    ssz_span new_payload_request;
    ssz_payload payload;
    ssz_span versioned_hashes; /* 32 bytes each */
    size_t nversioned_hashes;
    uint8_t parent_beacon_root[32];
    ssz_span requests; /* List[ByteList]: each type || data */
    size_t nrequests;
    ssz_span state, codes, headers; /* witness: List[ByteList] each */
    size_t nstate, ncodes, nheaders;
    uint64_t chain_id;
    ssz_span public_keys; /* List[ByteList[65]] */
    size_t npublic_keys;
} ssz_stateless_input;

/* Decodes and checks the whole input (every offset, count and item size). */
RIVET_MUST_USE rivet_status ssz_stateless_decode(const uint8_t *p, size_t len,
                                                 ssz_stateless_input *in, rivet_diag *d);
/* hash_tree_root(NewPayloadRequest). */
RIVET_MUST_USE rivet_status ssz_new_payload_root(const ssz_stateless_input *in, uint8_t root[32],
                                                 rivet_diag *d);
/* The block a new-payload request describes (Amsterdam): the header rebuilt from the payload
   (ommers hash of no ommers, difficulty and nonce 0, prev_randao as mix hash, the transactions,
   withdrawals and requests roots/hash recomputed, keccak of the block access list), transactions
   decoded, withdrawals decoded. INVALID_BLOCK_HASH when the header does not hash to the payload's
   block_hash; INVALID_REQUESTS for empty or unordered requests. The block points into the input
   and into `scratch` (the withdrawals' encodings): keep both while it lives; blk_free releases
   it. */
blk_error ssz_payload_block(const ssz_stateless_input *in, blk *b, rivet_buf *scratch,
                            rivet_diag *d);
/* Writes the 41-byte StatelessOutput. */
void ssz_stateless_output(uint8_t out[SSZ_STATELESS_OUT_SIZE], const uint8_t root[32], bool ok,
                          uint64_t chain_id);

#endif
