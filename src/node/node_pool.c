/* The transaction pool: signed transactions admitted after the checks a node makes before
   mining (static rules, chain id, sender, nonce not stale, funds, fee cap against the next base
   fee), future nonces queued, replacement of a sender's nonce by a higher fee, and the pick of
   the best ready transaction (highest effective tip, then arrival), the pick of a block's
   transactions (checked, not executed). Automine mines here. */
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

enum { PICK_OK, PICK_DROP, PICK_RUN };

/* The rules of exec_transaction that depend on the state, for a signed type 0-2 transaction the
   pool admitted (its static rules were checked then, node_pool_best matched its nonce and fee
   cap): funds for gas limit x max fee + value, a sender without code (or delegated), a nonce
   below the maximum. A pass charges the overlay the most the transaction can cost, so a later
   pick of the same sender is checked against no more than it will have. Other transactions
   (impersonated, blob, set-code, 256-bit fees, Amsterdam rules) are run on the overlay instead
   (PICK_RUN). */
static int quick_check(state *ov, const node_ptx *p, rivet_fork fork)
{
    const tx *t = &p->t;
    if (p->impersonated || t->type > TX_DYNAMIC_FEE || t->max_fee.w[3] || t->value.w[3] ||
        fork >= FORK_AMSTERDAM) /* EIP-8037's gas rules: run it */
        return PICK_RUN;
    /* no overflow: (2^64 - 1) * max fee < 2^256 - 2^192, value < 2^192 */
    u256 total = u256_add(u256_mul(u256_from_u64(t->gas_limit), t->max_fee), t->value);
    state_account *a = state_get(ov, &p->from, false);
    size_t cl = 0;
    const uint8_t *code = a ? state_code(ov, a, &cl) : NULL;
    if (!a || u256_lt(a->balance, total) || t->nonce == UINT64_MAX ||
        (cl && !evm_is_delegation(code, cl)))
        return PICK_DROP;
    state_set_balance(ov, a, u256_sub(a->balance, total));
    state_set_nonce(ov, a, a->nonce + 1);
    return PICK_OK;
}

/* Picks ready pool transactions for the next block (they move from the pool to *out). Each runs
   once, in the block: here it is only checked (quick_check, or a run on an overlay). The block's
   gas is counted by gas limits, so the block cannot run out of gas. A transaction that fails its
   rules is dropped when it is the block's first (checked against the true state), else left for
   the next block. */
rivet_status node_pool_pick(node_chain *c, const exec_block *eb, size_t max_txs, node_ptx **out,
                            size_t *nout, rivet_diag *d)
{
    state ov;
    state_backend be;
    node_overlay_init(&ov, &c->s, &be);
    size_t n = 0, cap = 16;
    node_ptx *pick = malloc(cap * sizeof *pick);
    uint64_t gas = 0, blobs = 0;
    rivet_status st = pick ? RIVET_OK : RIVET_ENOMEM;
    while (st == RIVET_OK && (!max_txs || n < max_txs)) {
        long i = node_pool_best(c, &ov);
        if (i < 0) break;
        node_ptx *p = &c->pool.v[i];
        if (p->t.gas_limit > eb->gas_limit - gas) break;
        if (p->t.blob_hashes_len > eb->max_blobs_per_block - blobs) break; /* next block */
        blobs += p->t.blob_hashes_len;
        int r = quick_check(&ov, p, eb->fork);
        tx_error why = TX_ERR_INSUFFICIENT_ACCOUNT_FUNDS;
        if (r == PICK_RUN) {
            exec_result er;
            st = exec_transaction(&ov, eb, &p->t, &p->from, NULL, &er, d);
            free(er.output);
            if (st != RIVET_OK) break;
            r = er.error == TX_ERR_OK ? PICK_OK : PICK_DROP;
            why = er.error;
        }
        if (r == PICK_DROP && n) break; /* the next block, on the true state */
        if (r == PICK_DROP) {
            node_log_line(c, "dropped tx: %s", tx_error_name(why));
            free(p->raw);
            tx_free(&p->t);
            node_pool_remove(&c->pool, (size_t)i);
            continue;
        }
        gas += p->t.gas_limit;
        if (n == cap) {
            node_ptx *v = realloc(pick, (cap *= 2) * sizeof *v);
            if (!v) {
                st = RIVET_ENOMEM;
                break;
            }
            pick = v;
        }
        pick[n++] = *p; /* ownership moves to pick */
        node_pool_remove(&c->pool, (size_t)i);
    }
    state_free(&ov);
    *out = pick;
    *nout = n;
    return st;
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
    crypto_keccak256(p.hash, raw, len);
    if (force) {
        p.from = *force;
        p.impersonated = true;
    } else if (!node_sender_take(p.hash, fork, p.from.b) &&
               (te = tx_sender(&p.t, fork, p.from.b, &dd)) != TX_ERR_OK) {
        te = TX_ERR_OK;
        REFUSE("invalid sender: %s", dd.msg);
    }
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
    char bm[200];
    if (node_blob_admit(c, &p.t, a, bm, sizeof bm)) REFUSE("%s", bm);
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
