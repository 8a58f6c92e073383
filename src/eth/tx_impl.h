/* Internal to the tx module: the field layout of each transaction type, shared by the decoder,
   the encoder and the signing hash. */
#ifndef RIVET_ETH_TX_IMPL_H
#define RIVET_ETH_TX_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "rivet/tx.h"

/* X(id, name in messages, error when a list is found, leading zeros, too wide). Integer fields
   use all three; the others only the first. */
#define TX_FIELD_LIST(X)                                                                           \
    X(CHAIN_ID, "chainId", INVALID_CHAINID, INVALID_CHAINID, INVALID_CHAINID)                      \
    X(NONCE, "nonce", RLP_INVALID_NONCE, RLP_LEADING_ZEROS_NONCE, NONCE_OVERFLOW)                  \
    X(GAS_PRICE, "gasPrice", RLP_INVALID_VALUE, RLP_LEADING_ZEROS_GASPRICE, GASPRICE_OVERFLOW)     \
    X(PRIORITY, "maxPriorityFeePerGas", RLP_INVALID_VALUE, RLP_LEADING_ZEROS_PRIORITY_FEE,         \
      PRIORITY_OVERFLOW)                                                                           \
    X(MAX_FEE, "maxFeePerGas", RLP_INVALID_VALUE, RLP_LEADING_ZEROS_BASEFEE, GASPRICE_OVERFLOW)    \
    X(GAS, "gasLimit", RLP_INVALID_GASLIMIT, RLP_LEADING_ZEROS_GASLIMIT, GASLIMIT_OVERFLOW)        \
    X(TO, "to", RLP_INVALID_TO, RLP_INVALID_TO, ADDRESS_TOO_LONG)                                  \
    X(VALUE, "value", RLP_INVALID_VALUE, RLP_LEADING_ZEROS_VALUE, VALUE_OVERFLOW)                  \
    X(DATA, "data", RLP_INVALID_DATA, RLP_INVALID_DATA, RLP_INVALID_DATA)                          \
    X(ACCESS, "accessList", RLP_ERROR_SIZE, RLP_ERROR_SIZE, RLP_ERROR_SIZE)                        \
    X(BLOB_FEE, "maxFeePerBlobGas", RLP_INVALID_VALUE, RLP_INVALID_VALUE, GASPRICE_OVERFLOW)       \
    X(BLOBS, "blobVersionedHashes", RLP_ERROR_SIZE, RLP_ERROR_SIZE, RLP_ERROR_SIZE)                \
    X(AUTHS, "authorizationList", TYPE_4_INVALID_AUTHORIZATION_FORMAT,                             \
      TYPE_4_INVALID_AUTHORIZATION_FORMAT, TYPE_4_INVALID_AUTHORIZATION_FORMAT)                    \
    X(V, "v", INVALID_SIGNATURE_VRS, RLP_LEADING_ZEROS_V, INVALID_SIGNATURE_VRS)                   \
    X(R, "r", RLP_INVALID_SIGNATURE_R, RLP_LEADING_ZEROS_R, INVALID_SIGNATURE_VRS)                 \
    X(S, "s", RLP_INVALID_SIGNATURE_S, RLP_LEADING_ZEROS_S, INVALID_SIGNATURE_VRS)

typedef enum {
#define X(id, name, e_list, e_lz, e_wide) TXF_##id,
    TX_FIELD_LIST(X)
#undef X
        TXF_COUNT
} tx_field;

typedef struct tx_layout {
    const uint8_t *fields; /* tx_field values in encoding order; the signature is the last 3 */
    size_t n;
} tx_layout;

/* The layout of a type, or NULL when the type is unknown. */
const tx_layout *tx_layout_of(uint8_t type);

/* Encodes one field of t. */
RIVET_MUST_USE rivet_status tx_put_field(rivet_buf *b, const tx *t, tx_field f);

/* Records e in d ("NAME: what at byte pos"; pos may be RIVET_NOPOS) and returns it. */
tx_error tx_fail(rivet_diag *d, tx_error e, size_t pos, const char *what);

/* Checks v (for the type and fork), r and s ranges and EIP-2; not the chain id. */
tx_error tx_check_signature(const tx *t, rivet_fork fork, rivet_diag *d);

/* secp256k1 group order n and n / 2 (EIP-2). */
extern const u256 tx_secp256k1_n, tx_secp256k1_half_n;

#endif
