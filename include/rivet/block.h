/* Block headers and blocks: strict RLP decoding and encoding through Amsterdam, header hash,
   the roots a header commits to (transactions, withdrawals, receipts, ommers, requests), logs
   blooms, and the header checks that need only the parent (hdr_validate) or the block itself
   (blk_validate_body). Execution-dependent checks (state root, receipts, gas used) are exec's.

   Every failed check names a blk_error whose fixture name is EEST's ("BlockException.
   INCORRECT_EXCESS_BLOB_GAS"), so blockchain tests can compare. */
#ifndef RIVET_BLOCK_H
#define RIVET_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/chain.h"
#include "rivet/rlp.h"
#include "rivet/status.h"
#include "rivet/tx.h"
#include "rivet/u256.h"

/* X(id, 1 when "BlockException.<id>" is a fixture name). OK and NOMEM are ours. */
#define BLK_ERROR_LIST(X)                                                                          \
    X(OK, 0)                                                                                       \
    X(NOMEM, 0)                                                                                    \
    X(EXTRA_DATA_TOO_BIG, 1)                                                                       \
    X(UNKNOWN_PARENT, 1)                                                                           \
    X(UNKNOWN_PARENT_ZERO, 1)                                                                      \
    X(GASLIMIT_TOO_BIG, 1)                                                                         \
    X(INVALID_BLOCK_NUMBER, 1)                                                                     \
    X(INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT, 1)                                                \
    X(INVALID_DIFFICULTY, 1)                                                                       \
    X(INVALID_LOG_BLOOM, 1)                                                                        \
    X(INVALID_STATE_ROOT, 1)                                                                       \
    X(INVALID_RECEIPTS_ROOT, 1)                                                                    \
    X(INVALID_TRANSACTIONS_ROOT, 1)                                                                \
    X(INVALID_UNCLES_HASH, 1)                                                                      \
    X(GAS_USED_OVERFLOW, 1)                                                                        \
    X(INVALID_GASLIMIT, 1)                                                                         \
    X(INVALID_BASEFEE_PER_GAS, 1)                                                                  \
    X(INVALID_GAS_USED, 1)                                                                         \
    X(INVALID_GAS_USED_ABOVE_LIMIT, 1)                                                             \
    X(INVALID_WITHDRAWALS_ROOT, 1)                                                                 \
    X(INCORRECT_BLOCK_FORMAT, 1)                                                                   \
    X(BLOB_GAS_USED_ABOVE_LIMIT, 1)                                                                \
    X(INCORRECT_BLOB_GAS_USED, 1)                                                                  \
    X(INCORRECT_EXCESS_BLOB_GAS, 1)                                                                \
    X(INVALID_VERSIONED_HASHES, 1)                                                                 \
    X(RLP_STRUCTURES_ENCODING, 1)                                                                  \
    X(RLP_WITHDRAWALS_NOT_READ, 1)                                                                 \
    X(RLP_INVALID_FIELD_OVERFLOW_64, 1)                                                            \
    X(RLP_INVALID_ADDRESS, 1)                                                                      \
    X(RLP_BLOCK_LIMIT_EXCEEDED, 1)                                                                 \
    X(INVALID_REQUESTS, 1)                                                                         \
    X(IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS, 1)                                                      \
    X(IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS, 1)                                                  \
    X(SYSTEM_CONTRACT_EMPTY, 1)                                                                    \
    X(SYSTEM_CONTRACT_CALL_FAILED, 1)                                                              \
    X(INVALID_BLOCK_HASH, 1)                                                                       \
    X(INVALID_DEPOSIT_EVENT_LAYOUT, 1)                                                             \
    X(INVALID_BLOCK_ACCESS_LIST, 1)

typedef enum {
#define X(id, fixture) BLK_ERR_##id,
    BLK_ERROR_LIST(X)
#undef X
        BLK_ERR_COUNT
} blk_error;

/* "BlockException.NAME", or the bare name for ours. */
const char *blk_error_name(blk_error e);
/* EINPUT for encoding errors, EINVALID for rule violations, ENOMEM. */
RIVET_MUST_USE rivet_status blk_error_status(blk_error e);
/* True when e is one of the '|'-separated names in `expected`. */
bool blk_error_matches(blk_error e, const char *expected);

/* ---- headers ---------------------------------------------------------------------------- */

/* Field counts: 15 legacy, +base fee (London), +withdrawals root (Shanghai), +blob gas used and
   excess blob gas (Cancun), +parent beacon root (Cancun), +requests hash (Prague), +block access
   list hash and slot number (Amsterdam). */
enum {
    HDR_FIELDS_LEGACY = 15,
    HDR_FIELDS_LONDON = 16,
    HDR_FIELDS_SHANGHAI = 17,
    HDR_FIELDS_CANCUN = 20,
    HDR_FIELDS_PRAGUE = 21,
    HDR_FIELDS_AMSTERDAM = 23,
};

typedef struct hdr {
    uint8_t parent_hash[32];
    uint8_t ommers_hash[32];
    uint8_t coinbase[20];
    uint8_t state_root[32];
    uint8_t tx_root[32];
    uint8_t receipts_root[32];
    uint8_t bloom[256];
    u256 difficulty;
    uint64_t number, gas_limit, gas_used, timestamp;
    uint8_t extra[32];
    size_t extra_len;
    uint8_t mix_hash[32]; /* prev_randao after the merge */
    uint8_t nonce[8];
    u256 base_fee;                  /* nfields >= 16 */
    uint8_t withdrawals_root[32];   /* >= 17 */
    uint64_t blob_gas_used;         /* >= 19 */
    uint64_t excess_blob_gas;       /* >= 19 */
    uint8_t parent_beacon_root[32]; /* >= 20 */
    uint8_t requests_hash[32];      /* >= 21 */
    uint8_t bal_hash[32];           /* >= 22: block access list hash (EIP-7928) */
    uint64_t slot_number;           /* >= 23 (EIP-7843) */
    unsigned nfields;               /* 15, 16, 17, 19, 20, 21, 22 or 23 */
} hdr;

/* Decodes one header (a whole RLP list, nothing after it). Strict: canonical RLP, a known field
   count, hashes 32 bytes, coinbase 20, bloom 256, nonce 8, extra data at most 32 bytes
   (EXTRA_DATA_TOO_BIG), 64-bit fields (RLP_INVALID_FIELD_OVERFLOW_64). */
blk_error hdr_decode(const uint8_t *in, size_t len, hdr *h, rivet_diag *d);
/* Decodes a header that is an item of a larger input (a block, a witness). */
blk_error hdr_decode_item(const rlp_item *it, hdr *h, rivet_diag *d);
/* Appends the RLP encoding (nfields fields). */
RIVET_MUST_USE rivet_status hdr_encode(const hdr *h, rivet_buf *b);
/* keccak256 of the encoding: the block hash. */
RIVET_MUST_USE rivet_status hdr_hash(const hdr *h, uint8_t out[32]);

/* EIP-1559 base fee of the child of `parent` (fork: the child's). At the London transition block
   it is the initial base fee (1 gwei). */
u256 hdr_next_base_fee(const hdr *parent, rivet_fork fork, bool fork_block);
/* EIP-4844 excess blob gas of the child, with EIP-7918's reserve price from Osaka on; p: the
   child's blob parameters. 0 when the parent predates Cancun. */
uint64_t hdr_next_excess_blob_gas(const hdr *parent, rivet_fork fork, const chain_blob *p);
/* Blob base fee for a header's excess blob gas: fake_exponential(1, excess, update_fraction). */
u256 hdr_blob_base_fee(uint64_t excess_blob_gas, const chain_blob *p);

#define BLK_GAS_PER_BLOB    131072u
#define BLK_MAX_EXTRA_DATA  32u
#define BLK_MIN_GAS_LIMIT   5000u
#define BLK_MAX_RLP_SIZE    8388608u /* EIP-7934: 8 MiB ... */
#define BLK_RLP_SIZE_MARGIN 2097152u /* ... minus a 2 MiB margin for the beacon block */

/* Checks `h` against its parent under config `c`: block number, parent hash (UNKNOWN_PARENT),
   timestamp, field count for the fork (INCORRECT_BLOCK_FORMAT), extra data size, gas limit
   bounds (parent/1024 change, at least 5000, at most 2^63-1), gas used <= gas limit, base fee,
   blob gas used a multiple of 2^17, excess blob gas, and post-merge
   difficulty 0, nonce 0 and empty ommers hash. parent NULL: the checks that need it (number,
   parent hash, timestamp, gas limit change, base fee, excess blob gas) are skipped. */
blk_error hdr_validate(const hdr *h, const hdr *parent, const chain_config *c, rivet_diag *d);

/* ---- blocks ----------------------------------------------------------------------------- */

typedef struct blk_withdrawal {
    uint64_t index, validator;
    uint8_t address[20];
    uint64_t amount; /* gwei */
} blk_withdrawal;

/* A byte range of the input. */
typedef struct blk_bytes {
    const uint8_t *p;
    size_t len;
} blk_bytes;

/* A decoded block. Memory: `raw`, `header_rlp`, `tx_raw`, `bal` and the transactions' data point
   into the input given to blk_decode, which must outlive the block; arrays are owned (blk_free). */
typedef struct blk {
    hdr header;
    uint8_t hash[32];
    blk_bytes raw;        /* the whole block encoding */
    blk_bytes header_rlp; /* the header's encoding */
    tx *txs;
    blk_bytes *tx_raw; /* each transaction as it appears in the trie: envelope or legacy list */
    size_t ntx;
    hdr *ommers;
    blk_bytes *ommers_rlp;
    size_t nommers;
    blk_bytes ommers_list; /* encoding of the ommers list (its keccak is the ommers hash) */
    blk_withdrawal *withdrawals;
    blk_bytes *withdrawals_rlp;
    size_t nwithdrawals;
    bool has_withdrawals;
    blk_bytes bal; /* block access list encoding (from the block RLP, or from a payload) */
    bool has_bal;  /* the block RLP carries it (a payload's BAL is not part of the RLP block) */
} blk;

/* Decodes [header, transactions, ommers(, withdrawals(, block access list))]. Typed transactions
   are RLP strings holding the envelope, legacy ones lists; each goes through tx_decode (an error
   there is RLP_STRUCTURES_ENCODING, with the tx_error's name in the message). */
blk_error blk_decode(const uint8_t *in, size_t len, blk *b, rivet_diag *d);
void blk_free(blk *b);

/* Appends the block's encoding (the inverse of blk_decode; for a block built from a payload,
   the RLP block the payload stands for). */
RIVET_MUST_USE rivet_status blk_encode(const blk *b, rivet_buf *out);

/* Root of the ordered trie { rlp(i) -> items[i] } (transactions, receipts, withdrawals). */
RIVET_MUST_USE rivet_status blk_ordered_root(const blk_bytes *items, size_t n, uint8_t root[32],
                                             rivet_diag *d);
/* The same over n encodings packed back to back in enc, item i ending at end[i] (the receipts
   of blk_receipts_root and of block execution). */
RIVET_MUST_USE rivet_status blk_ordered_root_packed(const uint8_t *enc, const size_t *end, size_t n,
                                                    uint8_t root[32], rivet_diag *d);
RIVET_MUST_USE rivet_status blk_tx_root(const blk *b, uint8_t root[32], rivet_diag *d);
RIVET_MUST_USE rivet_status blk_withdrawals_root(const blk *b, uint8_t root[32], rivet_diag *d);
/* Appends rlp([index, validator, address, amount]). */
RIVET_MUST_USE rivet_status blk_withdrawal_encode(const blk_withdrawal *w, rivet_buf *b);
/* keccak of the ommers list. */
void blk_ommers_hash(const blk *b, uint8_t out[32]);
/* Sum of the blob transactions' blob gas (blobs * 2^17). */
uint64_t blk_blob_gas_used(const blk *b);

/* Checks what the body alone determines: transactions root, ommers hash (empty after the merge),
   withdrawals present from Shanghai and matching the root, blob gas used (the transactions' sum,
   at most the schedule's max), EIP-7934 RLP size (Osaka), block access list hash. Run it after
   blk_validate_txs: the suites expect a transaction's own blob rules to be reported first. */
blk_error blk_validate_body(const blk *b, const chain_config *c, rivet_diag *d);

/* Runs tx_validate on every transaction with the block's fork, the chain id and the schedule's
   blob maximum. The first
   failure is returned and *index names the transaction. */
tx_error blk_validate_txs(const blk *b, const chain_config *c, size_t *index, rivet_diag *d);

/* ---- receipts, logs, blooms, requests ---------------------------------------------------- */

typedef struct blk_log {
    uint8_t address[20];
    const uint8_t (*topics)[32];
    size_t ntopics;
    const uint8_t *data;
    size_t data_len;
} blk_log;

typedef struct blk_receipt {
    uint8_t type; /* transaction type; 0 = legacy (no prefix) */
    bool status;
    uint64_t cumulative_gas;
    uint8_t bloom[256];
    const blk_log *logs;
    size_t nlogs;
} blk_receipt;

/* Adds one entry (an address or a topic) to a bloom: 3 bits from keccak(data). */
void blk_bloom_add(uint8_t bloom[256], const uint8_t *data, size_t len);
/* ORs the logs' addresses and topics into bloom. */
void blk_bloom_logs(uint8_t bloom[256], const blk_log *logs, size_t n);
/* Appends a log's encoding rlp([address, [topics], data]). */
RIVET_MUST_USE rivet_status blk_log_encode(const blk_log *l, rivet_buf *b);
/* Appends the receipt as it appears in the receipts trie: rlp([status, cumulative gas, bloom,
   logs]), prefixed by the type byte for typed transactions. */
RIVET_MUST_USE rivet_status blk_receipt_encode(const blk_receipt *r, rivet_buf *b);
RIVET_MUST_USE rivet_status blk_receipts_root(const blk_receipt *r, size_t n, uint8_t root[32],
                                              rivet_diag *d);

/* One EIP-7685 request list: the type byte and the concatenated request data. */
typedef struct blk_request {
    uint8_t type;
    const uint8_t *data;
    size_t len;
} blk_request;

/* sha256(sha256(type || data) for each request with data, in order). */
RIVET_MUST_USE rivet_status blk_requests_hash(const blk_request *r, size_t n, uint8_t out[32]);

#endif
