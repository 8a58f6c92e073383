/* Ethereum transactions: types 0 (legacy, EIP-155), 1 (EIP-2930), 2 (EIP-1559), 3 (EIP-4844 blob)
   and 4 (EIP-7702 set-code). Decoding is strict (canonical RLP, exact field counts and sizes);
   rules that depend on the fork and the block but not on state are tx_check_rules (one set, for
   static checks, block validation and execution); rules that need state (balance, nonce match,
   sender code) belong to exec.

   Every check that fails names a tx_error whose fixture name is the one the Ethereum test suites
   use ("TransactionException.INTRINSIC_GAS_TOO_LOW"), so state and block tests can compare. */
#ifndef RIVET_TX_H
#define RIVET_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/fork.h"
#include "rivet/status.h"
#include "rivet/u256.h"

/* X(id, 1 when "TransactionException.<id>" is a fixture name). The order follows the test
   suites' enum; OK and NOMEM are ours. Names for rules that need state (funds, nonce match,
   sender code, base fee, block gas) are listed for exec to use. */
#define TX_ERROR_LIST(X)                                                                           \
    X(OK, 0)                                                                                       \
    X(NOMEM, 0)                                                                                    \
    X(TYPE_NOT_SUPPORTED, 1)                                                                       \
    X(SENDER_NOT_EOA, 1)                                                                           \
    X(ADDRESS_TOO_SHORT, 1)                                                                        \
    X(ADDRESS_TOO_LONG, 1)                                                                         \
    X(NONCE_MISMATCH_TOO_HIGH, 1)                                                                  \
    X(NONCE_MISMATCH_TOO_LOW, 1)                                                                   \
    X(NONCE_TOO_BIG, 1)                                                                            \
    X(NONCE_IS_MAX, 1)                                                                             \
    X(NONCE_OVERFLOW, 1)                                                                           \
    X(GASLIMIT_OVERFLOW, 1)                                                                        \
    X(VALUE_OVERFLOW, 1)                                                                           \
    X(GASPRICE_OVERFLOW, 1)                                                                        \
    X(GASLIMIT_PRICE_PRODUCT_OVERFLOW, 1)                                                          \
    X(INVALID_SIGNATURE_VRS, 1)                                                                    \
    X(RLP_INVALID_SIGNATURE_R, 1)                                                                  \
    X(RLP_INVALID_SIGNATURE_S, 1)                                                                  \
    X(RLP_LEADING_ZEROS_GASLIMIT, 1)                                                               \
    X(RLP_LEADING_ZEROS_GASPRICE, 1)                                                               \
    X(RLP_LEADING_ZEROS_VALUE, 1)                                                                  \
    X(RLP_LEADING_ZEROS_NONCE, 1)                                                                  \
    X(RLP_LEADING_ZEROS_R, 1)                                                                      \
    X(RLP_LEADING_ZEROS_S, 1)                                                                      \
    X(RLP_LEADING_ZEROS_V, 1)                                                                      \
    X(RLP_LEADING_ZEROS_BASEFEE, 1)                                                                \
    X(RLP_LEADING_ZEROS_PRIORITY_FEE, 1)                                                           \
    X(RLP_LEADING_ZEROS_DATA_SIZE, 1)                                                              \
    X(RLP_LEADING_ZEROS_NONCE_SIZE, 1)                                                             \
    X(RLP_TOO_FEW_ELEMENTS, 1)                                                                     \
    X(RLP_TOO_MANY_ELEMENTS, 1)                                                                    \
    X(RLP_ERROR_EOF, 1)                                                                            \
    X(RLP_ERROR_SIZE, 1)                                                                           \
    X(RLP_ERROR_SIZE_LEADING_ZEROS, 1)                                                             \
    X(INVALID_CHAINID, 1)                                                                          \
    X(RLP_INVALID_DATA, 1)                                                                         \
    X(RLP_INVALID_GASLIMIT, 1)                                                                     \
    X(RLP_INVALID_NONCE, 1)                                                                        \
    X(RLP_INVALID_TO, 1)                                                                           \
    X(RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG, 1)                                                 \
    X(RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT, 1)                                                \
    X(RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG, 1)                                                 \
    X(RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT, 1)                                                \
    X(RLP_INVALID_HEADER, 1)                                                                       \
    X(RLP_INVALID_VALUE, 1)                                                                        \
    X(EC_RECOVERY_FAIL, 1)                                                                         \
    X(INSUFFICIENT_ACCOUNT_FUNDS, 1)                                                               \
    X(INSUFFICIENT_MAX_FEE_PER_GAS, 1)                                                             \
    X(PRIORITY_OVERFLOW, 1)                                                                        \
    X(PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS, 1)                                                    \
    X(PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2, 1)                                                  \
    X(INSUFFICIENT_MAX_FEE_PER_BLOB_GAS, 1)                                                        \
    X(INTRINSIC_GAS_TOO_LOW, 1)                                                                    \
    X(INTRINSIC_GAS_BELOW_FLOOR_GAS_COST, 1)                                                       \
    X(INITCODE_SIZE_EXCEEDED, 1)                                                                   \
    X(TYPE_3_TX_PRE_FORK, 1)                                                                       \
    X(TYPE_3_TX_ZERO_BLOBS_PRE_FORK, 1)                                                            \
    X(TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH, 1)                                                    \
    X(TYPE_3_TX_WITH_FULL_BLOBS, 1)                                                                \
    X(TYPE_3_TX_BLOB_COUNT_EXCEEDED, 1)                                                            \
    X(TYPE_3_TX_CONTRACT_CREATION, 1)                                                              \
    X(TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED, 1)                                                \
    X(GAS_ALLOWANCE_EXCEEDED, 1)                                                                   \
    X(GAS_LIMIT_EXCEEDS_MAXIMUM, 1)                                                                \
    X(TYPE_3_TX_ZERO_BLOBS, 1)                                                                     \
    X(TYPE_4_EMPTY_AUTHORIZATION_LIST, 1)                                                          \
    X(TYPE_4_INVALID_AUTHORITY_SIGNATURE, 1)                                                       \
    X(TYPE_4_INVALID_AUTHORITY_SIGNATURE_S_TOO_HIGH, 1)                                            \
    X(TYPE_4_TX_CONTRACT_CREATION, 1)                                                              \
    X(TYPE_4_INVALID_AUTHORIZATION_FORMAT, 1)                                                      \
    X(TYPE_4_TX_PRE_FORK, 1)

typedef enum {
#define X(id, name) TX_ERR_##id,
    TX_ERROR_LIST(X)
#undef X
        TX_ERR_COUNT
} tx_error;

/* "TransactionException.NAME", or "OK" / "NOMEM" for the two codes without a fixture name. */
const char *tx_error_name(tx_error e);
/* The rivet_status a tx_error is reported as: EINPUT for malformed RLP (the RLP_* names and
   TYPE_3_TX_WITH_FULL_BLOBS), ENOMEM, and EINVALID for everything else (well-formed RLP carrying
   values the rules reject: sizes, overflows, signatures, gas, fork rules). */
RIVET_MUST_USE rivet_status tx_error_status(tx_error e);
/* True when e is one of the fixture's expected exceptions: `expected` may list several names
   separated by '|'. The suites' synonyms count as equal (NONCE_TOO_BIG and NONCE_IS_MAX;
   PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS with and without _2; TYPE_NOT_SUPPORTED and the
   TYPE_3/TYPE_4 PRE_FORK names, which tx_validate_static reports as TYPE_NOT_SUPPORTED). */
bool tx_error_matches(tx_error e, const char *expected);

enum {
    TX_LEGACY = 0,
    TX_ACCESS_LIST = 1, /* EIP-2930 */
    TX_DYNAMIC_FEE = 2, /* EIP-1559 */
    TX_BLOB = 3,        /* EIP-4844 */
    TX_SET_CODE = 4,    /* EIP-7702 */
};

/* One access-list entry: an address and its storage keys (nkeys x 32 bytes, contiguous). */
typedef struct tx_access {
    uint8_t addr[20];
    size_t nkeys;
    const uint8_t (*keys)[32];
} tx_access;

/* One EIP-7702 authorization tuple. */
typedef struct tx_auth {
    u256 chain_id;
    uint8_t addr[20];
    uint64_t nonce;
    uint8_t y_parity;
    u256 r, s;
} tx_auth;

/* A transaction. Memory: `data` points into the buffer given to tx_decode (which must outlive
   the tx); the lists (access, blob_hashes, auths) are copied into one block owned by the tx
   (`mem`), released by tx_free. A tx built by hand sets the pointers to its own arrays and leaves
   mem NULL.
   Fees: types 0 and 1 have one gas price, kept in both max_fee and max_priority_fee (the encoder
   writes max_fee). Signature: `v` is the raw legacy v (27/28, or chain_id * 2 + 35/36 with
   EIP-155), or the y parity of a typed tx. chain_id of a legacy tx is derived from v at decode
   (zero before EIP-155); the encoder and the signing hash use v, never chain_id, for legacy. */
typedef struct tx {
    uint8_t type;
    bool create; /* `to` empty */
    u256 chain_id;
    uint64_t nonce;
    u256 max_priority_fee, max_fee;
    uint64_t gas_limit;
    uint8_t to[20];
    u256 value;
    const uint8_t *data;
    size_t data_len;
    const tx_access *access;
    size_t access_len;
    u256 max_fee_per_blob_gas;
    const uint8_t (*blob_hashes)[32];
    size_t blob_hashes_len;
    const tx_auth *auths;
    size_t auths_len;
    u256 v, r, s;
    void *mem;
} tx;

/* Decodes a transaction as it appears in a block body or in `txbytes`: a typed envelope
   (type byte || rlp payload) or a legacy RLP list. Trailing bytes, non-canonical RLP, wrong
   field counts, integers wider than their field, addresses other than 20 bytes (or empty `to`),
   storage keys and blob hashes other than 32 bytes are errors. The blob network wrapper form is
   rejected as TYPE_3_TX_WITH_FULL_BLOBS. On error the tx holds no memory. */
tx_error tx_decode(const uint8_t *in, size_t len, tx *out, rivet_diag *d);
void tx_free(tx *t);

/* The network form of a blob transaction (eth_sendRawTransaction, devp2p pooled transactions):
   EIP-4844's 0x03 || rlp([tx_payload_body, blobs, commitments, proofs]) (version 0, one proof
   per blob) or EIP-7594's 0x03 || rlp([tx_payload_body, 1, blobs, commitments, cell_proofs])
   (version 1, TX_CELLS_PER_BLOB cell proofs per blob, Osaka). Zero-copy: the pointers go into
   the input. At most TX_SIDECAR_MAX_BLOBS blobs. */
#define TX_SIDECAR_MAX_BLOBS 16u
#define TX_CELLS_PER_BLOB    128u
#define TX_BLOB_BYTES        131072u
typedef struct tx_sidecar {
    const uint8_t *body; /* tx_payload_body: the whole RLP list; 0x03 || body is the tx */
    size_t body_len;
    uint8_t version; /* 0: EIP-4844 blob proofs, 1: EIP-7594 cell proofs */
    size_t nblobs, nproofs;
    const uint8_t *blob[TX_SIDECAR_MAX_BLOBS];                      /* TX_BLOB_BYTES each */
    const uint8_t *commitment[TX_SIDECAR_MAX_BLOBS];                /* 48 bytes each */
    const uint8_t *proof[TX_SIDECAR_MAX_BLOBS * TX_CELLS_PER_BLOB]; /* 48 bytes each */
} tx_sidecar;
/* True when in[0..len) is a type 3 envelope whose payload list starts with a list (the network
   form, not the canonical transaction). */
bool tx_is_network_form(const uint8_t *in, size_t len);
/* Decodes the network form: the shape (4 or 5 items, wrapper version 1), sizes of every blob,
   commitment and proof, equal counts (proofs = blobs, or blobs x TX_CELLS_PER_BLOB). EINPUT with
   what and where; the payload body is not decoded here (tx_decode of 0x03 || body does it). */
RIVET_MUST_USE rivet_status tx_sidecar_decode(const uint8_t *in, size_t len, tx_sidecar *out,
                                              rivet_diag *d);
/* Checks a sidecar against its decoded transaction: as many blobs as versioned hashes, each hash
   the commitment's (EIP-4844 kzg_to_versioned_hash), and for version 0 each blob's KZG proof
   (verify_blob_kzg_proof). EINVALID with the blob's index on a mismatch or a failed proof;
   EUNSUPPORTED when the build has no KZG backend. Version 1 cell proofs are not verified
   (*cells_unchecked set): that needs the setup's G1 points. */
RIVET_MUST_USE rivet_status tx_sidecar_verify(const tx_sidecar *sc, const tx *t,
                                              bool *cells_unchecked, rivet_diag *d);

/* Appends the canonical encoding (the envelope for typed transactions) to b. */
RIVET_MUST_USE rivet_status tx_encode(const tx *t, rivet_buf *b);
/* keccak256 of the encoding: the transaction hash. */
RIVET_MUST_USE rivet_status tx_hash(const tx *t, uint8_t out[32]);
/* The hash the sender signs: legacy keccak(rlp(6 fields)) before EIP-155 (v 27/28), with
   (chain_id, 0, 0) appended after it; typed keccak(type || rlp(fields without signature)).
   INVALID_SIGNATURE_VRS / INVALID_CHAINID when a legacy v is neither. */
tx_error tx_signing_hash(const tx *t, uint8_t out[32], rivet_diag *d);
/* Recovers the sender. Rejects r or s zero or >= n, s > n/2 (EIP-2, from Homestead), v invalid
   for the type or the fork (EIP-155 v before Spurious Dragon), then EC_RECOVERY_FAIL when no key
   recovers. */
tx_error tx_sender(const tx *t, rivet_fork fork, uint8_t addr[20], rivet_diag *d);
/* Authority of an EIP-7702 authorization: keccak(0x05 || rlp([chain_id, address, nonce])).
   TYPE_4_INVALID_AUTHORITY_SIGNATURE(_S_TOO_HIGH) when the signature is unusable; per EIP-7702
   such an authorization is skipped, the transaction stays valid. Chain id and nonce checks need
   state and are exec's. */
tx_error tx_auth_authority(const tx_auth *a, uint8_t addr[20], rivet_diag *d);

/* Intrinsic gas (charged before execution) and the EIP-7623 calldata floor (Prague+, else 0):
   21000 (53000 for creation from Homestead), data 4 per zero byte and 16 (68 before Istanbul) per
   other byte, access list 2400 per address and 1900 per key, initcode 2 per 32-byte word
   (Shanghai+), 25000 per EIP-7702 authorization. Floor: 21000 + 10 * (zero + 4 * nonzero).
   Amsterdam (EIP-8037): creation 21000 + 9000 and 7500 per authorization as regular gas, plus
   state gas (`state`, included in `intrinsic`): a new account for creation, a new account and a
   delegation designator per authorization. ERANGE when the sum does not fit in 64 bits. */
typedef struct tx_gas {
    uint64_t intrinsic; /* regular + state */
    uint64_t state;     /* the EIP-8037 state-gas part */
    uint64_t floor;
} tx_gas;
RIVET_MUST_USE rivet_status tx_intrinsic_gas(const tx *t, rivet_fork fork, tx_gas *out);

/* Maximum initcode size (EIP-3860, Shanghai+), the transaction gas limit cap (EIP-7825, Osaka+;
   from Amsterdam it caps the regular gas only, EIP-8037 puts the rest in a reservoir) and the
   blob hashes one transaction may carry (EIP-7594, Osaka+). */
#define TX_MAX_INITCODE_SIZE 49152u
#define TX_GAS_LIMIT_CAP     (1ull << 24)
#define TX_MAX_BLOBS_PER_TX  6u

/* True when the fork accepts the type (1 from Berlin, 2 London, 3 Cancun, 4 Prague). A block or
   fixture decoder can ask before tx_decode, which knows no forks. */
bool tx_type_enabled(uint8_t type, rivet_fork fork);

/* What the rules check a transaction against besides its fork. max_blobs: blobs per block (the
   chain's schedule at the block); 0 takes the fork's default (chain_blob_of_fork). With `block`
   set, the block's gas limit, base fee and blob base fee are known and checked too. */
typedef struct tx_limits {
    uint64_t max_blobs;
    bool block;
    uint64_t gas_limit;
    u256 base_fee, blob_base_fee;
} tx_limits;

/* The one set of transaction validity rules that need neither state nor the signature, in the
   order the suites report them: type enabled in the fork, nonce < 2^64-1 (EIP-2681), the blob
   rules (a `to`, at least one hash, at most the block's maximum, at most TX_MAX_BLOBS_PER_TX
   from Osaka, version 0x01) and set-code rules (a `to`, a non-empty authorization list), the gas
   limit cap (Osaka), max priority fee <= max fee, gas limit * max fee < 2^256, gas limit >=
   intrinsic gas and >= the floor, initcode size, the regular-gas cap (Amsterdam); then, with a
   block, gas limit <= the block's, max fee >= base fee, max blob fee >= blob base fee.
   Static validation (tx_validate_static), block validation (blk_validate_txs) and execution
   (exec_transaction) all run it. *g gets the intrinsic gas when the rules got that far (NULL:
   not wanted). */
tx_error tx_check_rules(const tx *t, rivet_fork fork, const tx_limits *lim, tx_gas *g,
                        rivet_diag *d);

/* Checks what needs no state: type enabled, chain id (typed field, or the EIP-155 v of a legacy
   tx) equal to chain_id, signature value ranges, then tx_check_rules with the fork's default
   limits and no block. */
tx_error tx_validate_static(const tx *t, rivet_fork fork, uint64_t chain_id, rivet_diag *d);
/* The same with the given limits (a block's blob maximum, for instance). */
tx_error tx_validate(const tx *t, rivet_fork fork, uint64_t chain_id, const tx_limits *lim,
                     rivet_diag *d);

#endif
