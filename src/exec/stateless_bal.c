/* EIP-7928: the block access list against the execution, at block level. Every change the BAL
   records must end at the post-execution value, and every account field or slot the block
   changed must have a recorded change. The per-transaction indices and the reads are not
   checked. Account entry: [address, [[slot, [[index, value]...]]...], [slot...],
   [[index, balance]...], [[index, nonce]...], [[index, code]...]]. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/stateless.h"

enum { BAL_STORAGE = 1, BAL_READS, BAL_BALANCE, BAL_NONCE, BAL_CODE, BAL_FIELDS };

typedef struct bal_entry {
    evm_addr addr;
    rlp_item f[BAL_FIELDS];
    bool matched; /* an account execution loaded */
} bal_entry;

/* The value of the last [index, value] pair of a change list (NULL item when empty). */
static rivet_status last_change(const rlp_item *list, rlp_item *value, bool *any, rivet_diag *d)
{
    rlp_iter it;
    rlp_item pair, kv[2];
    rivet_status st;
    *any = false;
    rlp_iter_init(&it, list);
    while ((st = rlp_iter_next(&it, &pair, d)) == RIVET_OK) {
        if (!pair.list || (st = rlp_list_items(&pair, kv, 2, NULL, d)) != RIVET_OK)
            return rivet_fail(d, RIVET_EINVALID, pair.off, "bal: bad change");
        *value = kv[1];
        *any = true;
    }
    return st == RIVET_EMISSING ? RIVET_OK : st;
}

static rivet_status mismatch(rivet_diag *d, const evm_addr *a, const char *what)
{
    char hx[41];
    for (int i = 0; i < 20; i++) {
        static const char dig[] = "0123456789abcdef";
        hx[2 * i] = dig[a->b[i] >> 4];
        hx[2 * i + 1] = dig[a->b[i] & 15];
    }
    hx[40] = 0;
    return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "account 0x%s: %s", hx, what);
}

/* Checks a recorded field: its last change must equal `fin`; with no change, fin must equal
   the pre-state value. */
static rivet_status check_u256(const rlp_item *list, u256 pre, u256 fin, const evm_addr *a,
                               const char *what, rivet_diag *d)
{
    rlp_item v;
    bool any;
    rivet_status st = last_change(list, &v, &any, d);
    if (st != RIVET_OK) return st;
    u256 got = pre;
    if (any && (st = rlp_get_u256(&v, &got, d)) != RIVET_OK) return st;
    return u256_eq(got, fin) ? RIVET_OK : mismatch(d, a, what);
}

static const state_slot *find_slot(const state_account *a, u256 key)
{
    for (size_t i = 0; i < a->storage.cap; i++) {
        const state_slot *e = &a->storage.v[i];
        if (e->used && !e->unloaded && u256_eq(e->key, key)) return e;
    }
    return NULL;
}

/* Storage: each recorded slot ends at the written value; each written slot that differs from
   the pre-state is recorded. */
static rivet_status check_storage(const state_backend *be, const state_account *a,
                                  const bal_entry *e, rivet_diag *d)
{
    rivet_status st = RIVET_OK;
    rlp_iter it;
    rlp_item sc, parts[2], v;
    if (e) {
        rlp_iter_init(&it, &e->f[BAL_STORAGE]);
        while ((st = rlp_iter_next(&it, &sc, d)) == RIVET_OK) {
            u256 key, want;
            bool any;
            if (!sc.list || (st = rlp_list_items(&sc, parts, 2, NULL, d)) != RIVET_OK ||
                (st = rlp_get_u256(&parts[0], &key, d)) != RIVET_OK ||
                (st = last_change(&parts[1], &v, &any, d)) != RIVET_OK || !any ||
                (st = rlp_get_u256(&v, &want, d)) != RIVET_OK)
                return st != RIVET_OK ? st : rivet_fail(d, RIVET_EINVALID, sc.off, "bal: bad slot");
            const state_slot *s = find_slot(a, key);
            if (!s || !u256_eq(a->exists ? s->cur : U256_ZERO, want))
                return mismatch(d, &a->addr, "a recorded slot change is not the block's");
        }
        if (st != RIVET_EMISSING) return st;
    }
    for (size_t i = 0; i < a->storage.cap; i++) {
        const state_slot *s = &a->storage.v[i];
        if (!s->used || s->unloaded) continue;
        u256 pre = U256_ZERO, fin = a->exists ? s->cur : U256_ZERO;
        if ((st = be->storage(be->ctx, &a->addr, s->key, &pre, d)) != RIVET_OK) return st;
        if (u256_eq(pre, fin)) continue;
        bool found = false;
        if (e) {
            rlp_iter_init(&it, &e->f[BAL_STORAGE]);
            while (!found && rlp_iter_next(&it, &sc, d) == RIVET_OK) {
                u256 key;
                found = rlp_list_items(&sc, parts, 2, NULL, d) == RIVET_OK &&
                        rlp_get_u256(&parts[0], &key, d) == RIVET_OK && u256_eq(key, s->key);
            }
        }
        if (!found) return mismatch(d, &a->addr, "a changed slot is not in the access list");
    }
    return RIVET_OK;
}

static rivet_status check_account(sl_backend *b, const state_account *a, const bal_entry *e,
                                  rivet_diag *d)
{
    bool found;
    uint64_t nonce;
    u256 balance;
    evm_hash pre_hash, fin_hash;
    rivet_status st = sl_backend_pre_account(b, &a->addr, &found, &nonce, &balance, &pre_hash, d);
    if (st != RIVET_OK) return st;
    u256 fin_bal = a->exists ? a->balance : U256_ZERO;
    uint64_t fin_nonce = a->exists ? a->nonce : 0;
    if (a->exists)
        fin_hash = state_code_hash(a);
    else
        crypto_keccak256(fin_hash.b, NULL, 0);
    static const rlp_item none = {NULL, 0, 0, 0, true};
    const rlp_item *f = e ? e->f : NULL;
    if ((st = check_u256(f ? &f[BAL_BALANCE] : &none, balance, fin_bal, &a->addr,
                         "balance differs from the access list's", d)) != RIVET_OK ||
        (st = check_u256(f ? &f[BAL_NONCE] : &none, u256_from_u64(nonce), u256_from_u64(fin_nonce),
                         &a->addr, "nonce differs from the access list's", d)) != RIVET_OK)
        return st;
    rlp_item v;
    bool any = false;
    if (f && (st = last_change(&f[BAL_CODE], &v, &any, d)) != RIVET_OK) return st;
    evm_hash got = pre_hash;
    if (any) {
        const uint8_t *c;
        size_t n;
        if ((st = rlp_get_bytes(&v, &c, &n, d)) != RIVET_OK) return st;
        crypto_keccak256(got.b, c, n);
    }
    if (memcmp(got.b, fin_hash.b, 32) != 0)
        return mismatch(d, &a->addr, "code differs from the access list's");
    return check_storage(sl_backend_state(b), a, e, d);
}

static rivet_status decode(const uint8_t *bal, size_t len, bal_entry **out, size_t *n,
                           rivet_diag *d)
{
    rlp_item top, acct;
    rivet_status st = rlp_decode(bal, len, &top, d);
    if (st != RIVET_OK) return st;
    if (!top.list) return rivet_fail(d, RIVET_EINVALID, 0, "bal: not a list");
    size_t count;
    if ((st = rlp_list_count(&top, &count, d)) != RIVET_OK) return st;
    bal_entry *v = calloc(count ? count : 1, sizeof *v);
    if (!v) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rlp_iter it;
    rlp_iter_init(&it, &top);
    for (size_t i = 0; i < count; i++) {
        if ((st = rlp_iter_next(&it, &acct, d)) != RIVET_OK || !acct.list ||
            (st = rlp_list_items(&acct, v[i].f, BAL_FIELDS, NULL, d)) != RIVET_OK ||
            (st = rlp_get_fixed(&v[i].f[0], v[i].addr.b, 20, d)) != RIVET_OK) {
            free(v);
            return st != RIVET_OK ? st : rivet_fail(d, RIVET_EINVALID, acct.off, "bal: entry");
        }
        for (int k = BAL_STORAGE; k < BAL_FIELDS; k++)
            if (!v[i].f[k].list) {
                free(v);
                return rivet_fail(d, RIVET_EINVALID, v[i].f[k].off, "bal: field not a list");
            }
    }
    *out = v;
    *n = count;
    return RIVET_OK;
}

rivet_status sl_bal_check(sl_backend *b, const state *s, const uint8_t *bal, size_t len,
                          rivet_diag *d)
{
    bal_entry *v = NULL;
    size_t n = 0;
    rivet_status st = decode(bal, len, &v, &n, d);
    if (st != RIVET_OK) return st == RIVET_ENOMEM ? st : RIVET_EINVALID;
    for (size_t i = 0; i < s->cap && st == RIVET_OK; i++) {
        const state_account *a = s->acc[i];
        if (!a || a->unloaded) continue;
        bal_entry *e = NULL;
        for (size_t k = 0; k < n && !e; k++)
            if (!memcmp(v[k].addr.b, a->addr.b, 20)) e = &v[k];
        if (e) e->matched = true;
        st = check_account(b, a, e, d);
    }
    /* a recorded change to an account execution never loaded */
    for (size_t k = 0; k < n && st == RIVET_OK; k++)
        if (!v[k].matched && (v[k].f[BAL_STORAGE].len || v[k].f[BAL_BALANCE].len ||
                              v[k].f[BAL_NONCE].len || v[k].f[BAL_CODE].len))
            st = mismatch(d, &v[k].addr, "the access list records a change the block lacks");
    free(v);
    return st == RIVET_OK || st == RIVET_ENOMEM ? st : RIVET_EINVALID;
}
