/* The transaction pool: signed transactions admitted after the checks a node makes before
   mining (static rules, chain id, sender, nonce not stale, funds, fee cap against the next base
   fee), future nonces queued, replacement of a sender's nonce by a higher fee, and the pick of
   the best ready transaction (highest effective tip, then arrival). Automine mines here. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"

#include "node_impl.h"

void node_pool_remove(node_pool *p, size_t i)
{
    memmove(&p->v[i], &p->v[i + 1], (p->n - i - 1) * sizeof *p->v);
    p->n--;
}

void node_pool_free(node_pool *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].raw);
        tx_free(&p->v[i].t);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

bool node_pool_find(const node_pool *p, const uint8_t hash[32], size_t *i)
{
    for (size_t k = 0; k < p->n; k++)
        if (memcmp(p->v[k].hash, hash, 32) == 0) {
            *i = k;
            return true;
        }
    return false;
}

static uint64_t state_nonce(state *s, const evm_addr *a)
{
    state_account *x = state_get(s, a, false);
    return x && x->exists ? x->nonce : 0;
}

uint64_t node_pending_nonce(node_chain *c, const evm_addr *a)
{
    uint64_t n = state_nonce(&c->s, a);
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < c->pool.n; i++)
            if (c->pool.v[i].t.nonce == n && !memcmp(c->pool.v[i].from.b, a->b, 20)) {
                n++;
                more = true;
            }
    }
    return n;
}

static u256 tip(const tx *t, u256 base)
{
    if (u256_lt(t->max_fee, base)) return U256_ZERO;
    u256 room = u256_sub(t->max_fee, base);
    return t->type >= TX_DYNAMIC_FEE && u256_lt(t->max_priority_fee, room) ? t->max_priority_fee
                                                                           : room;
}

long node_pool_best(node_chain *c, state *s)
{
    u256 base = node_next_base_fee(c);
    long best = -1;
    u256 bt = U256_ZERO;
    for (size_t i = 0; i < c->pool.n; i++) {
        node_ptx *p = &c->pool.v[i];
        uint64_t n = state_nonce(s, &p->from);
        if (p->t.nonce < n) { /* stale: mined through another path */
            free(p->raw);
            tx_free(&p->t);
            node_pool_remove(&c->pool, i--);
            continue;
        }
        if (p->t.nonce != n || u256_lt(p->t.max_fee, base)) continue;
        u256 t = tip(&p->t, base);
        if (best < 0 || u256_gt(t, bt) || (u256_eq(t, bt) && p->seq < c->pool.v[best].seq)) {
            best = (long)i;
            bt = t;
        }
    }
    return best;
}

rivet_status node_submit(node_chain *c, const uint8_t *raw, size_t len, const evm_addr *force,
                         uint8_t hash[32], const char **err, rivet_diag *d)
{
    static char msg[300];
    *err = msg;
    node_ptx p;
    memset(&p, 0, sizeof p);
    p.raw = malloc(len ? len : 1);
    if (!p.raw) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    memcpy(p.raw, raw, len);
    p.raw_len = len;
    rivet_diag dd;
    rivet_diag_clear(&dd);
    tx_error te = tx_decode(p.raw, len, &p.t, &dd);
    rivet_fork fork = node_fork(c);
#define REFUSE(...)                                                                                \
    do {                                                                                           \
        snprintf(msg, sizeof msg, __VA_ARGS__);                                                    \
        if (te == TX_ERR_OK) tx_free(&p.t);                                                        \
        free(p.raw);                                                                               \
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "%s", msg);                              \
    } while (0)
    if (te != TX_ERR_OK) REFUSE("failed to decode transaction: %s", dd.msg);
    if (!force && (te = tx_validate_static(&p.t, fork, c->cc.chain_id, &dd)) != TX_ERR_OK) {
        if (te == TX_ERR_INTRINSIC_GAS_TOO_LOW || te == TX_ERR_INTRINSIC_GAS_BELOW_FLOOR_GAS_COST)
            REFUSE("intrinsic gas too low");
        te = TX_ERR_OK;
        REFUSE("invalid transaction: %s", dd.msg[0] ? dd.msg : "static rules");
    }
    if (force) {
        p.from = *force;
        p.impersonated = true;
    } else if ((te = tx_sender(&p.t, fork, p.from.b, &dd)) != TX_ERR_OK) {
        te = TX_ERR_OK;
        REFUSE("invalid sender: %s", dd.msg);
    }
    crypto_keccak256(p.hash, raw, len);
    memcpy(hash, p.hash, 32);
    size_t dup;
    if (node_pool_find(&c->pool, p.hash, &dup) || node_map_get(&c->txidx, p.hash, &(uint64_t){0}))
        REFUSE("already known");
    state_account *a = state_get(&c->s, &p.from, false);
    uint64_t nonce = a && a->exists ? a->nonce : 0;
    if (p.t.nonce < nonce)
        REFUSE("nonce too low: next nonce %llu, tx nonce %llu", (unsigned long long)nonce,
               (unsigned long long)p.t.nonce);
    if (p.t.gas_limit > c->gas_limit) REFUSE("exceeds block gas limit");
    u256 base = node_next_base_fee(c);
    if (u256_lt(p.t.max_fee, base))
        REFUSE("max fee per gas less than block base fee: maxFeePerGas: %llu, baseFee: %llu",
               (unsigned long long)p.t.max_fee.w[0], (unsigned long long)base.w[0]);
    u256 cost = u256_add(u256_mul(u256_from_u64(p.t.gas_limit), p.t.max_fee), p.t.value);
    if (!a || u256_lt(a->balance, cost)) REFUSE("insufficient funds for gas * price + value");
    /* replacement: same sender and nonce */
    for (size_t i = 0; i < c->pool.n; i++) {
        node_ptx *q = &c->pool.v[i];
        if (q->t.nonce != p.t.nonce || memcmp(q->from.b, p.from.b, 20) != 0) continue;
        if (!u256_gt(p.t.max_fee, q->t.max_fee) ||
            u256_lt(p.t.max_priority_fee, q->t.max_priority_fee))
            REFUSE("replacement transaction underpriced");
        free(q->raw);
        tx_free(&q->t);
        node_pool_remove(&c->pool, i);
        break;
    }
#undef REFUSE
    if (c->pool.n == c->pool.cap) {
        size_t cap = c->pool.cap ? c->pool.cap * 2 : 64;
        node_ptx *v = realloc(c->pool.v, cap * sizeof *v);
        if (!v) {
            tx_free(&p.t);
            free(p.raw);
            return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        }
        c->pool.v = v;
        c->pool.cap = cap;
    }
    p.seq = c->pool.seq++;
    c->pool.v[c->pool.n++] = p;
    *err = NULL;
    rivet_status st = RIVET_OK;
    if (c->automine)
        while (st == RIVET_OK && node_pool_best(c, &c->s) >= 0)
            st = node_mine(c, 1, 0, d);
    return st;
}
