/* The witness-backed state: accounts and slots read through partial tries, and the post-state
   root computed by writing the block's changes into them. */
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "rivet/stateless.h"

static const uint8_t EMPTY_CODE_HASH[32] = {
    0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
    0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70};

/* An account read from the pre-state (found or not), with its storage trie once opened. */
typedef struct sl_acct {
    evm_addr addr;
    bool found;
    uint8_t sroot[32];
    trie *storage;
} sl_acct;

struct sl_backend {
    state_backend be;
    uint8_t root[32];
    trie_store *nodes;
    trie_memstore *codes;
    trie *accounts;
    sl_acct *v;
    size_t n, cap;
    uint32_t *ix; /* open addressing: index + 1 into v, 0 = empty */
    size_t ixcap;
    bool lenient;
    size_t unproven;
};

void sl_backend_set_lenient(sl_backend *b, bool on)
{
    b->lenient = on;
}

size_t sl_backend_unproven(const sl_backend *b)
{
    return b->unproven;
}

static size_t addr_slot(const evm_addr *a, size_t cap)
{
    uint64_t x;
    memcpy(&x, a->b + 12, 8); /* addresses are keccak-derived: their bytes are well mixed */
    return (size_t)(x * 0x9e3779b97f4a7c15ull >> 7) & (cap - 1);
}

static sl_acct *find(sl_backend *b, const evm_addr *a)
{
    if (!b->ixcap) return NULL;
    for (size_t i = addr_slot(a, b->ixcap); b->ix[i]; i = (i + 1) & (b->ixcap - 1))
        if (memcmp(b->v[b->ix[i] - 1].addr.b, a->b, 20) == 0) return &b->v[b->ix[i] - 1];
    return NULL;
}

/* Indexes v[b->n] and counts it. */
RIVET_MUST_USE static rivet_status add(sl_backend *b, rivet_diag *d)
{
    if (2 * (b->n + 1) > b->ixcap) {
        size_t cap = b->ixcap ? 2 * b->ixcap : 64;
        uint32_t *ix = calloc(cap, sizeof *ix);
        if (!ix) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        for (size_t k = 0; k < b->n; k++) {
            size_t i = addr_slot(&b->v[k].addr, cap);
            while (ix[i])
                i = (i + 1) & (cap - 1);
            ix[i] = (uint32_t)k + 1;
        }
        free(b->ix);
        b->ix = ix;
        b->ixcap = cap;
    }
    size_t i = addr_slot(&b->v[b->n].addr, b->ixcap);
    while (b->ix[i])
        i = (i + 1) & (b->ixcap - 1);
    b->ix[i] = (uint32_t)++b->n;
    return RIVET_OK;
}

/* Decodes an account leaf [nonce, balance, storage root, code hash]. */
RIVET_MUST_USE static rivet_status decode_account(const uint8_t *p, size_t len, uint64_t *nonce,
                                                  u256 *bal, uint8_t sroot[32], uint8_t chash[32],
                                                  rivet_diag *d)
{
    rlp_item it, f[4];
    size_t got = 0;
    rivet_status st = rlp_decode(p, len, &it, d);
    if (st == RIVET_OK && !it.list) st = RIVET_EINPUT;
    if (st == RIVET_OK) st = rlp_list_items(&it, f, 4, &got, d);
    if (st == RIVET_OK && got != 4) st = RIVET_EINPUT;
    if (st == RIVET_OK) st = rlp_get_u64(&f[0], nonce, d);
    if (st == RIVET_OK) st = rlp_get_u256(&f[1], bal, d);
    if (st == RIVET_OK) st = rlp_get_fixed(&f[2], sroot, 32, d);
    if (st == RIVET_OK) st = rlp_get_fixed(&f[3], chash, 32, d);
    if (st != RIVET_OK) return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "bad account leaf");
    return RIVET_OK;
}

rivet_status sl_backend_pre_account(sl_backend *b, const evm_addr *a, bool *found, uint64_t *nonce,
                                    u256 *balance, evm_hash *code_hash, rivet_diag *d)
{
    const uint8_t *val = NULL;
    size_t vlen;
    uint8_t sroot[32];
    *found = false;
    *nonce = 0;
    *balance = U256_ZERO;
    memcpy(code_hash->b, EMPTY_CODE_HASH, 32);
    rivet_status st = trie_get(b->accounts, a->b, 20, &val, &vlen, d);
    if (st == RIVET_EMISSING && b->lenient) return RIVET_OK; /* read as absent, as be_account */
    if (st != RIVET_OK || !val) return st;
    *found = true;
    return decode_account(val, vlen, nonce, balance, sroot, code_hash->b, d);
}

RIVET_MUST_USE static rivet_status be_account(void *ctx, const evm_addr *a, bool *found,
                                              uint64_t *nonce, u256 *balance, const uint8_t **code,
                                              size_t *code_len, evm_hash *code_hash,
                                              bool *has_storage, rivet_diag *d)
{
    sl_backend *b = ctx;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        sl_acct *v = realloc(b->v, cap * sizeof *v);
        if (!v) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        b->v = v;
        b->cap = cap;
    }
    const uint8_t *val;
    size_t vlen;
    rivet_diag ld;
    rivet_diag_clear(&ld);
    rivet_status st = trie_get(b->accounts, a->b, 20, &val, &vlen, &ld);
    if (st == RIVET_EMISSING && b->lenient) {
        /* geth's witnesses omit the paths of accounts that were only read and do not exist:
           treated as absent (a write to it still needs the path, at the root) */
        b->unproven++;
        val = NULL;
    } else if (st != RIVET_OK) {
        char hx[41];
        hex_encode(hx, a->b, 20);
        return rivet_fail(d, st, RIVET_NOPOS, "account 0x%s: %s", hx, ld.msg);
    }
    sl_acct *x = &b->v[b->n];
    memset(x, 0, sizeof *x);
    x->addr = *a;
    *found = val != NULL;
    if (!val) return add(b, d);
    uint8_t *chash = code_hash->b;
    if ((st = decode_account(val, vlen, nonce, balance, x->sroot, chash, d)) != RIVET_OK) return st;
    if (memcmp(chash, EMPTY_CODE_HASH, 32) != 0) {
        /* a code the witness lacks is only a failure when it is read (state_code) */
        trie_store *cs = trie_memstore_store(b->codes);
        if ((st = cs->get(cs, chash, code, code_len)) == RIVET_EMISSING) {
            *code = NULL;
            *code_len = 0;
            st = RIVET_OK;
        }
        if (st != RIVET_OK) return st;
    }
    *has_storage = memcmp(x->sroot, trie_empty_root, 32) != 0;
    x->found = true;
    return add(b, d);
}

RIVET_MUST_USE static rivet_status be_storage(void *ctx, const evm_addr *a, u256 key, u256 *v,
                                              rivet_diag *d)
{
    sl_backend *b = ctx;
    sl_acct *x = find(b, a);
    *v = U256_ZERO;
    if (!x || !x->found) return RIVET_OK;
    if (!x->storage && !(x->storage = trie_open(x->sroot, b->nodes, TRIE_SECURE)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    uint8_t k[32];
    u256_to_be(k, key);
    const uint8_t *val;
    size_t vlen;
    rivet_diag ld;
    rivet_diag_clear(&ld);
    rivet_status st = trie_get(x->storage, k, 32, &val, &vlen, &ld);
    if (st != RIVET_OK) {
        char ha[41], hk[65];
        hex_encode(ha, a->b, 20);
        hex_encode(hk, k, 32);
        return rivet_fail(d, st, RIVET_NOPOS, "slot 0x%s of 0x%s: %s", hk, ha, ld.msg);
    }
    if (!val) return RIVET_OK;
    rlp_item it;
    if (rlp_decode(val, vlen, &it, d) != RIVET_OK || it.list || it.len > 32)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "bad storage value");
    *v = u256_from_be(it.p, it.len);
    return RIVET_OK;
}

sl_backend *sl_backend_new(const uint8_t root[32], trie_store *nodes, trie_memstore *codes)
{
    sl_backend *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    memcpy(b->root, root, 32);
    b->nodes = nodes;
    b->codes = codes;
    b->be = (state_backend){be_account, be_storage, b};
    if (!(b->accounts = trie_open(root, nodes, TRIE_SECURE))) {
        free(b);
        return NULL;
    }
    return b;
}

void sl_backend_free(sl_backend *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->n; i++)
        trie_free(b->v[i].storage);
    free(b->v);
    free(b->ix);
    trie_free(b->accounts);
    free(b);
}

const state_backend *sl_backend_state(sl_backend *b)
{
    return &b->be;
}

/* Writes key -> val (vlen 0: deletes) unless the trie holds that already: an unchanged leaf
   leaves its path clean, so the root rehashes only what the block changed. */
RIVET_MUST_USE static rivet_status put_changed(trie *t, const uint8_t *key, size_t klen,
                                               const uint8_t *val, size_t vlen, rivet_diag *d)
{
    const uint8_t *cur;
    size_t clen;
    rivet_diag ld;
    rivet_diag_clear(&ld);
    if (trie_get(t, key, klen, &cur, &clen, &ld) == RIVET_OK && clen == vlen &&
        (vlen == 0 || memcmp(cur, val, vlen) == 0))
        return RIVET_OK;
    return trie_put(t, key, klen, val, vlen, d);
}

/* The account's post storage root: its slots written into its pre-state storage trie (or an
   empty one when it had none or was wiped). Inserts and updates go first, deletions last: a
   deletion that would collapse a branch may not once the block's inserts are in, and the
   witness carries only the nodes that order needs. */
RIVET_MUST_USE static rivet_status storage_root(sl_backend *b, const state_account *a,
                                                const sl_acct *x, uint8_t out[32], rivet_diag *d)
{
    bool backed = a->backed_storage && x && x->found;
    size_t live = 0;
    for (size_t i = 0; i < a->storage.cap; i++)
        live += a->storage.v[i].used && !a->storage.v[i].unloaded;
    if (!live) {
        memcpy(out, backed ? x->sroot : trie_empty_root, 32);
        return RIVET_OK;
    }
    /* the trie the reads resolved is updated in place (its nodes are decoded already) */
    bool own = !(backed && x->storage);
    trie *t = !own     ? x->storage
              : backed ? trie_open(x->sroot, b->nodes, TRIE_SECURE)
                       : trie_new(TRIE_SECURE);
    if (!t) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status st = RIVET_OK;
    rivet_buf v = {0};
    for (size_t k = 0; k < 2 * a->storage.cap && st == RIVET_OK; k++) {
        const state_slot *e = &a->storage.v[k % a->storage.cap];
        bool deletes = k >= a->storage.cap;
        if (!e->used || e->unloaded || u256_is_zero(e->cur) != deletes) continue;
        uint8_t key[32];
        if ((st = state_slot_leaf(e, key, &v)) == RIVET_OK)
            st = put_changed(t, key, 32, v.p, v.n, d);
    }
    if (st == RIVET_OK) st = trie_root(t, out, d);
    buf_free(&v);
    if (own) trie_free(t);
    return st;
}

rivet_status sl_backend_root(sl_backend *b, const state *s, uint8_t root[32], rivet_diag *d)
{
    trie *t = b->accounts; /* updated in place: the reads resolved its nodes already */
    rivet_status st = RIVET_OK;
    rivet_buf v = {0};
    /* as for storage: writes first, then deletions */
    for (size_t k = 0; k < 2 * s->cap && st == RIVET_OK; k++) {
        const state_account *a = s->acc[k % s->cap];
        if (!a || a->exists == (k >= s->cap)) continue;
        const sl_acct *x = find(b, &a->addr);
        if (!a->exists) {
            if (x && x->found) st = trie_delete(t, a->addr.b, 20, d);
            continue;
        }
        uint8_t sroot[32];
        if ((st = storage_root(b, a, x, sroot, d)) != RIVET_OK) break;
        if ((st = state_account_rlp(a, sroot, &v)) != RIVET_OK) break;
        st = put_changed(t, a->addr.b, 20, v.p, v.n, d);
    }
    if (st == RIVET_OK) st = trie_root(t, root, d);
    buf_free(&v);
    return st;
}
