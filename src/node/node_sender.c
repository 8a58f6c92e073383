/* Senders recovered before the chain lock. Recovering a transaction's sender (secp256k1) is
   about 40% of what a transfer costs the node, and needs nothing of the chain: the HTTP worker
   that parsed an eth_sendRawTransaction recovers it outside node_lock (node_sender_precompute)
   and leaves it here keyed by the transaction's hash; admission (node_submit) takes it instead
   of recovering again. A slot per first hash byte: a collision only costs a second recovery. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"

#include "node_impl.h"

#define SLOTS      256
#define MAX_RAW_TX (128u << 10) /* larger ones (blob sidecars) are recovered at admission */

typedef struct {
    bool used;
    rivet_fork fork;
    uint8_t hash[32];
    uint8_t from[20];
} sender_slot;

static sender_slot slots[SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

void node_sender_precompute(const node_chain *c, const char *hex, size_t n)
{
    if (n < 4 || n > 2 * MAX_RAW_TX + 2) return;
    uint8_t *raw = NULL;
    size_t len;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (hex_decode_alloc(&raw, &len, hex, n, HEX_PREFIX, &d) != RIVET_OK) return;
    tx t;
    /* the fork the chain ends in (its configuration does not change while it runs) */
    rivet_fork fork = chain_fork(&c->cc, UINT64_MAX, UINT64_MAX);
    sender_slot s = {true, fork, {0}, {0}};
    if (tx_decode(raw, len, &t, &d) == TX_ERR_OK) {
        if (tx_sender(&t, fork, s.from, &d) == TX_ERR_OK) {
            crypto_keccak256(s.hash, raw, len);
            pthread_mutex_lock(&slots_lock);
            slots[s.hash[0]] = s;
            pthread_mutex_unlock(&slots_lock);
        }
        tx_free(&t);
    }
    free(raw);
}

bool node_sender_take(const uint8_t hash[32], rivet_fork fork, uint8_t from[20])
{
    pthread_mutex_lock(&slots_lock);
    sender_slot *s = &slots[hash[0]];
    bool hit = s->used && s->fork == fork && memcmp(s->hash, hash, 32) == 0;
    if (hit) {
        memcpy(from, s->from, 20);
        s->used = false;
    }
    pthread_mutex_unlock(&slots_lock);
    return hit;
}
