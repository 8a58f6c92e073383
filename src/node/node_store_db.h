/* The store's LMDB handles and the state changes not yet written (node_store*.c only).
   Tables: journal (entry index, 8 bytes big-endian -> the entry), meta (name -> u64), code
   (keccak of a code -> the code). A journal record is either the old form, kind (1 block,
   2 edit) ++ payload, which a start can only replay, or kind | NODE_REC_DELTA ++ u32 payload
   length ++ payload ++ the entry's delta (node_store_state.c): the state root after it, a mode
   (0: changes, 1: the whole state), u32 count and the accounts it changed (address, flags
   exists 1 / storage cleared 2 / has code 4, then when it exists nonce, balance, and the code's
   hash), u32 count and slots (address, key, value; zero deletes), and for a block its receipts
   and logs. Nonces, balances, keys and values are a length byte and the big-endian bytes
   without leading zeros. A start applies every delta in order to an empty state
   (node_store_load.c). */
#ifndef RIVET_NODE_STORE_DB_H
#define RIVET_NODE_STORE_DB_H

#include <lmdb.h>

#include "node_impl.h"

#define NODE_REC_DELTA 0x80
#define NODE_NO_FULL   ((size_t)-1)

typedef struct node_dirty_slot {
    evm_addr a;
    u256 key;
} node_dirty_slot;

struct node_store {
    MDB_env *env;
    MDB_dbi journal, meta, code;
    /* noted by node_state_root (node_store_note), written with the next entry */
    evm_addr *dacc, *dwipe; /* changed accounts; accounts whose storage was cleared */
    size_t ndacc, dacccap, ndwipe, dwipecap;
    node_dirty_slot *dslot;
    size_t ndslot, dslotcap;
    bool dall;      /* the next delta holds the whole state (after a first root, a failure) */
    size_t full_at; /* the last entry whose delta holds the whole state (NODE_NO_FULL: none) */
};

rivet_status node_store_lfail(rivet_diag *d, int rc, const char *what);
/* Deletes the records of dbi whose 8-byte big-endian keys are >= n. */
int node_store_cut(MDB_txn *t, MDB_dbi dbi, uint64_t n);

#endif
