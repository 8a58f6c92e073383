/* The store's LMDB handles and the state changes not yet written (node_store*.c only). Tables:
   journal (entry index -> kind byte ++ payload), meta (name -> value; "head": journal length ++
   state root of the stored state), acct (address -> nonce ++ balance ++ code hash when it has
   code), slot (address ++ key -> value, non-zero only), code (code hash -> code), rcpt (block
   number -> its receipts and logs, node_store_state.c). */
#ifndef RIVET_NODE_STORE_DB_H
#define RIVET_NODE_STORE_DB_H

#include <lmdb.h>

#include "node_impl.h"

typedef struct node_dirty_slot {
    evm_addr a;
    u256 key;
} node_dirty_slot;

struct node_store {
    MDB_env *env;
    MDB_dbi journal, meta, acct, slot, code, rcpt;
    /* noted by node_state_root (node_store_note), written with the next entry */
    evm_addr *dacc, *dwipe; /* changed accounts; accounts whose storage was cleared */
    size_t ndacc, dacccap, ndwipe, dwipecap;
    node_dirty_slot *dslot;
    size_t ndslot, dslotcap;
    bool dall; /* the whole state is written next time (after a first root, a failure) */
};

rivet_status node_store_lfail(rivet_diag *d, int rc, const char *what);
/* Puts journal entry `index` in t (an LMDB code: 0 is success). */
int node_store_jput(node_store *s, MDB_txn *t, size_t index, uint8_t kind, const uint8_t *p,
                    size_t len);
/* Deletes the records of dbi whose 8-byte big-endian keys are >= n. */
int node_store_cut(MDB_txn *t, MDB_dbi dbi, uint64_t n);

#define NODE_HEAD_KEY "head"
#define NODE_ACCT_MIN 40 /* nonce 8, balance 32 (+ code hash 32) */

#endif
