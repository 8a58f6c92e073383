/* EIP-7928: the block access list against the execution. At block level, every change the BAL
   records must end at the post-execution value, and every account field or slot the block
   changed must have a recorded change. With a recorder (sl_bal_rec, fed after each part of the
   block), the change lists must be exactly the recorded ones: one per index whose part changed
   the value, with the value after it. The reads are not checked. Account entry: [address, [[slot,
   [[index, value]...]]...], [slot...],
   [[index, balance]...], [[index, nonce]...], [[index, code]...]]. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/stateless.h"

enum { BAL_STORAGE = 1, BAL_READS, BAL_BALANCE, BAL_NONCE, BAL_CODE, BAL_FIELDS };

/* ---- the recorder: the values after each part of the block, and what each part changed ---- */

enum { K_BALANCE, K_NONCE, K_CODE, K_SLOT };

typedef struct rec_change {
    evm_addr addr;
    uint32_t index;
    uint8_t kind;
    bool matched;
    u256 key, value; /* value: balance, nonce or slot value */
    evm_hash code;
} rec_change;

typedef struct rec_slot {
    u256 key, v;
} rec_slot;

typedef struct rec_acct {
    evm_addr addr;
    u256 bal;
    uint64_t nonce;
    evm_hash code;
    rec_slot *slots;
    size_t ns, cs;
} rec_acct;

/* Lookups are linear: fine for the test blocks; large blocks would want hash indexes. */
struct sl_bal_rec {
    sl_backend *be;
    rec_acct *acc;
    size_t n, cap;
    rec_change *ch;
    size_t nch, chcap;
};

sl_bal_rec *sl_bal_rec_new(sl_backend *b)
{
    sl_bal_rec *r = calloc(1, sizeof *r);
    if (r) r->be = b;
    return r;
}

void sl_bal_rec_free(sl_bal_rec *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++)
        free(r->acc[i].slots);
    free(r->acc);
    free(r->ch);
    free(r);
}

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return true;
    size_t c = *cap ? 2 * *cap : 16;
    void *q = realloc(*p, c * size);
    if (!q) return false;
    *p = q;
    *cap = c;
    return true;
}

RIVET_MUST_USE static rivet_status push(sl_bal_rec *r, const evm_addr *a, uint32_t index,
                                        uint8_t kind, u256 key, u256 value, const evm_hash *code,
                                        rivet_diag *d)
{
    if (!grow((void **)&r->ch, &r->chcap, r->nch, sizeof *r->ch))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rec_change *c = &r->ch[r->nch++];
    memset(c, 0, sizeof *c);
    c->addr = *a;
    c->index = index;
    c->kind = kind;
    c->key = key;
    c->value = value;
    if (code) c->code = *code;
    return RIVET_OK;
}

/* The recorded account (added with its pre-state values when new), as an index into r->acc. */
RIVET_MUST_USE static rivet_status rec_account(sl_bal_rec *r, const evm_addr *a, size_t *at,
                                               rivet_diag *d)
{
    for (size_t i = 0; i < r->n; i++)
        if (!memcmp(r->acc[i].addr.b, a->b, 20)) {
            *at = i;
            return RIVET_OK;
        }
    if (!grow((void **)&r->acc, &r->cap, r->n, sizeof *r->acc))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rec_acct *x = &r->acc[r->n];
    memset(x, 0, sizeof *x);
    x->addr = *a;
    bool found;
    rivet_status st = sl_backend_pre_account(r->be, a, &found, &x->nonce, &x->bal, &x->code, d);
    if (st != RIVET_OK) return st;
    *at = r->n++;
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status rec_slots(sl_bal_rec *r, size_t at, const state_account *a,
                                             uint32_t index, rivet_diag *d)
{
    const state_backend *be = sl_backend_state(r->be);
    for (size_t k = 0; k < a->storage.cap; k++) {
        const state_slot *e = &a->storage.v[k];
        if (!e->used || e->unloaded) continue;
        rec_acct *x = &r->acc[at];
        rec_slot *rs = NULL;
        for (size_t i = 0; i < x->ns && !rs; i++)
            if (u256_eq(x->slots[i].key, e->key)) rs = &x->slots[i];
        if (!rs) {
            u256 pre;
            rivet_status st = be->storage(be->ctx, &a->addr, e->key, &pre, d);
            if (st != RIVET_OK) return st;
            if (!grow((void **)&x->slots, &x->cs, x->ns, sizeof *x->slots))
                return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
            rs = &x->slots[x->ns++];
            rs->key = e->key;
            rs->v = pre;
        }
        u256 v = a->exists ? e->cur : U256_ZERO;
        if (u256_eq(v, rs->v)) continue;
        rs->v = v;
        rivet_status st = push(r, &a->addr, index, K_SLOT, e->key, v, NULL, d);
        if (st != RIVET_OK) return st;
    }
    return RIVET_OK;
}

rivet_status sl_bal_rec_phase(void *ctx, const state *s, uint32_t index, rivet_diag *d)
{
    sl_bal_rec *r = ctx;
    for (size_t i = 0; i < s->cap; i++) {
        const state_account *a = s->acc[i];
        if (!a || a->unloaded) continue;
        size_t at = 0;
        rivet_status st = rec_account(r, &a->addr, &at, d);
        if (st != RIVET_OK) return st;
        u256 bal = a->exists ? a->balance : U256_ZERO;
        uint64_t nonce = a->exists ? a->nonce : 0;
        evm_hash code;
        if (a->exists)
            code = state_code_hash(a);
        else
            crypto_keccak256(code.b, NULL, 0);
        rec_acct *x = &r->acc[at];
        if (!u256_eq(bal, x->bal)) {
            x->bal = bal;
            if ((st = push(r, &a->addr, index, K_BALANCE, U256_ZERO, bal, NULL, d)) != RIVET_OK)
                return st;
        }
        x = &r->acc[at];
        if (nonce != x->nonce) {
            x->nonce = nonce;
            if ((st = push(r, &a->addr, index, K_NONCE, U256_ZERO, u256_from_u64(nonce), NULL,
                           d)) != RIVET_OK)
                return st;
        }
        x = &r->acc[at];
        if (memcmp(code.b, x->code.b, 32) != 0) {
            x->code = code;
            if ((st = push(r, &a->addr, index, K_CODE, U256_ZERO, U256_ZERO, &code, d)) != RIVET_OK)
                return st;
        }
        if ((st = rec_slots(r, at, a, index, d)) != RIVET_OK) return st;
    }
    return RIVET_OK;
}

/* ---- the access list ---- */

typedef struct bal_entry {
    evm_addr addr;
    rlp_item f[BAL_FIELDS];
    bool matched; /* an account execution loaded */
} bal_entry;

/* The value of the last [index, value] pair of a change list (NULL item when empty). */
RIVET_MUST_USE static rivet_status last_change(const rlp_item *list, rlp_item *value, bool *any,
                                               rivet_diag *d)
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

RIVET_MUST_USE static rivet_status mismatch(rivet_diag *d, const evm_addr *a, const char *what)
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
RIVET_MUST_USE static rivet_status check_u256(const rlp_item *list, u256 pre, u256 fin,
                                              const evm_addr *a, const char *what, rivet_diag *d)
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
RIVET_MUST_USE static rivet_status check_storage(const state_backend *be, const state_account *a,
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

RIVET_MUST_USE static rivet_status check_account(sl_backend *b, const state_account *a,
                                                 const bal_entry *e, rivet_diag *d)
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

RIVET_MUST_USE static rivet_status decode(const uint8_t *bal, size_t len, bal_entry **out,
                                          size_t *n, rivet_diag *d)
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
                size_t off = v[i].f[k].off;
                free(v);
                return rivet_fail(d, RIVET_EINVALID, off, "bal: field not a list");
            }
    }
    *out = v;
    *n = count;
    return RIVET_OK;
}

/* One change list of e against the recorded changes of (address, kind, key), in order. */
RIVET_MUST_USE static rivet_status match_list(sl_bal_rec *r, const evm_addr *a, uint8_t kind,
                                              u256 key, const rlp_item *list, rivet_diag *d)
{
    rlp_iter it;
    rlp_item pair, kv[2];
    rivet_status st;
    size_t j = 0;
    rlp_iter_init(&it, list);
    while ((st = rlp_iter_next(&it, &pair, d)) == RIVET_OK) {
        uint64_t index;
        if ((st = rlp_list_items(&pair, kv, 2, NULL, d)) != RIVET_OK ||
            (st = rlp_get_u64(&kv[0], &index, d)) != RIVET_OK)
            return st;
        while (j < r->nch && (r->ch[j].kind != kind || memcmp(r->ch[j].addr.b, a->b, 20) != 0 ||
                              (kind == K_SLOT && !u256_eq(r->ch[j].key, key))))
            j++;
        if (j == r->nch || r->ch[j].index != index)
            return mismatch(d, a, "a recorded change has no such transaction");
        rec_change *c = &r->ch[j++];
        bool same;
        if (kind == K_CODE) {
            const uint8_t *p;
            size_t n;
            evm_hash h;
            if ((st = rlp_get_bytes(&kv[1], &p, &n, d)) != RIVET_OK) return st;
            crypto_keccak256(h.b, p, n);
            same = !memcmp(h.b, c->code.b, 32);
        } else {
            u256 v;
            if ((st = rlp_get_u256(&kv[1], &v, d)) != RIVET_OK) return st;
            same = u256_eq(v, c->value);
        }
        if (!same) return mismatch(d, a, "a change's value differs from its transaction's");
        c->matched = true;
    }
    return st == RIVET_EMISSING ? RIVET_OK : st;
}

RIVET_MUST_USE static rivet_status match_entry(sl_bal_rec *r, const bal_entry *e, rivet_diag *d)
{
    static const struct {
        int field;
        uint8_t kind;
    } lists[] = {{BAL_BALANCE, K_BALANCE}, {BAL_NONCE, K_NONCE}, {BAL_CODE, K_CODE}};
    rivet_status st = RIVET_OK;
    for (size_t i = 0; i < 3 && st == RIVET_OK; i++)
        st = match_list(r, &e->addr, lists[i].kind, U256_ZERO, &e->f[lists[i].field], d);
    rlp_iter it;
    rlp_item sc, parts[2];
    rlp_iter_init(&it, &e->f[BAL_STORAGE]);
    while (st == RIVET_OK && (st = rlp_iter_next(&it, &sc, d)) == RIVET_OK) {
        u256 key;
        if ((st = rlp_list_items(&sc, parts, 2, NULL, d)) == RIVET_OK &&
            (st = rlp_get_u256(&parts[0], &key, d)) == RIVET_OK)
            st = match_list(r, &e->addr, K_SLOT, key, &parts[1], d);
    }
    return st == RIVET_EMISSING ? RIVET_OK : st;
}

rivet_status sl_bal_check(sl_backend *b, sl_bal_rec *rec, const state *s, const uint8_t *bal,
                          size_t len, rivet_diag *d)
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
    for (size_t k = 0; rec && k < n && st == RIVET_OK; k++)
        st = match_entry(rec, &v[k], d);
    for (size_t j = 0; rec && j < rec->nch && st == RIVET_OK; j++)
        if (!rec->ch[j].matched)
            st = mismatch(d, &rec->ch[j].addr, "a transaction's change is not in the access list");
    /* a recorded change to an account execution never loaded */
    for (size_t k = 0; k < n && st == RIVET_OK; k++)
        if (!v[k].matched && (v[k].f[BAL_STORAGE].len || v[k].f[BAL_BALANCE].len ||
                              v[k].f[BAL_NONCE].len || v[k].f[BAL_CODE].len))
            st = mismatch(d, &v[k].addr, "the access list records a change the block lacks");
    free(v);
    return st == RIVET_OK || st == RIVET_ENOMEM ? st : RIVET_EINVALID;
}
