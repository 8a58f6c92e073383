/* bincode-1 reader and the bincode-compat header and block of reth / alloy (rsp and
   zisk-eth-client inputs). Blocks are rebuilt as RLP (hdr_encode, tx_encode) so that the one
   block decoder checks them; the header's transactions root then checks the rebuild. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eth/wit_bc.h"
#include "eth/wit_impl.h"
#include "rivet/rlp.h"
#include "rivet/tx.h"

void wit_bc_init(wbc *r, const uint8_t *p, size_t len, rivet_diag *d)
{
    *r = (wbc){p, len, 0, d, RIVET_OK};
}

bool wit_bc_fail(wbc *r, rivet_status st, const char *fmt, ...)
{
    if (r->st != RIVET_OK) return false;
    r->st = st;
    if (r->d && r->d->code == RIVET_OK) {
        char m[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m, sizeof m, fmt, ap);
        va_end(ap);
        rivet_fail(r->d, st, r->off, "bincode: %s", m);
    }
    return false;
}

const uint8_t *wit_bc_raw(wbc *r, size_t n, const char *what)
{
    if (!wit_bc_ok(r)) return NULL;
    if (n > r->len - r->off) {
        wit_bc_fail(r, RIVET_EINPUT, "%s: %zu bytes needed, %zu left", what, n, r->len - r->off);
        return NULL;
    }
    const uint8_t *p = r->p + r->off;
    r->off += n;
    return p;
}

static inline uint64_t wit_bc_le(wbc *r, size_t n, const char *what)
{
    const uint8_t *p = wit_bc_raw(r, n, what);
    uint64_t v = 0;
    for (size_t i = 0; p && i < n; i++) /* n is a constant at every call: unrolled */
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

uint8_t wit_bc_u8(wbc *r)
{
    return (uint8_t)wit_bc_le(r, 1, "u8");
}

uint32_t wit_bc_u32(wbc *r)
{
    return (uint32_t)wit_bc_le(r, 4, "u32");
}

uint64_t wit_bc_u64(wbc *r)
{
    return wit_bc_le(r, 8, "u64");
}

const uint8_t *wit_bc_bytes(wbc *r, size_t *n, const char *what)
{
    uint64_t len = wit_bc_u64(r);
    const uint8_t *p = wit_bc_ok(r) && len <= SIZE_MAX ? wit_bc_raw(r, (size_t)len, what) : NULL;
    *n = p ? (size_t)len : 0;
    return p;
}

void wit_bc_fixed(wbc *r, uint8_t *out, size_t n, const char *what)
{
    size_t got;
    const uint8_t *p = wit_bc_bytes(r, &got, what);
    if (p && got != n) wit_bc_fail(r, RIVET_EINPUT, "%s: %zu bytes, %zu expected", what, got, n);
    if (wit_bc_ok(r))
        memcpy(out, p, n);
    else
        memset(out, 0, n);
}

bool wit_bc_opt(wbc *r, const char *what)
{
    uint8_t t = wit_bc_u8(r);
    if (t > 1) wit_bc_fail(r, RIVET_EINPUT, "%s: option tag %u", what, t);
    return wit_bc_ok(r) && t == 1;
}

size_t wit_bc_count(wbc *r, size_t min_each, const char *what)
{
    uint64_t n = wit_bc_u64(r);
    if (wit_bc_ok(r) && n > (r->len - r->off) / (min_each ? min_each : 1))
        wit_bc_fail(r, RIVET_EINPUT, "%s: %llu items cannot fit in %zu bytes", what,
                    (unsigned long long)n, r->len - r->off);
    return wit_bc_ok(r) ? (size_t)n : 0;
}

u256 wit_bc_u256(wbc *r, const char *what)
{
    uint8_t b[32];
    wit_bc_fixed(r, b, 32, what);
    return u256_from_be(b, 32);
}

uint64_t wit_bc_q64(wbc *r, const char *what)
{
    uint8_t b[8];
    wit_bc_fixed(r, b, 8, what);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | b[i];
    return v;
}

u256 wit_bc_u128(wbc *r)
{
    u256 v = U256_ZERO;
    v.w[0] = wit_bc_u64(r);
    v.w[1] = wit_bc_u64(r);
    return v;
}

void wit_bc_header(wbc *r, hdr *h)
{
    memset(h, 0, sizeof *h);
    wit_bc_fixed(r, h->parent_hash, 32, "parent_hash");
    wit_bc_fixed(r, h->ommers_hash, 32, "ommers_hash");
    wit_bc_fixed(r, h->coinbase, 20, "beneficiary");
    wit_bc_fixed(r, h->state_root, 32, "state_root");
    wit_bc_fixed(r, h->tx_root, 32, "transactions_root");
    wit_bc_fixed(r, h->receipts_root, 32, "receipts_root");
    bool has[6]; /* withdrawals root, base fee, blob gas used, excess, beacon root, requests */
    if ((has[0] = wit_bc_opt(r, "withdrawals_root")))
        wit_bc_fixed(r, h->withdrawals_root, 32, "withdrawals_root");
    wit_bc_fixed(r, h->bloom, 256, "logs_bloom");
    h->difficulty = wit_bc_u256(r, "difficulty");
    h->number = wit_bc_u64(r);
    h->gas_limit = wit_bc_u64(r);
    h->gas_used = wit_bc_u64(r);
    h->timestamp = wit_bc_u64(r);
    wit_bc_fixed(r, h->mix_hash, 32, "mix_hash");
    wit_bc_fixed(r, h->nonce, 8, "nonce");
    if ((has[1] = wit_bc_opt(r, "base_fee_per_gas"))) h->base_fee = u256_from_u64(wit_bc_u64(r));
    if ((has[2] = wit_bc_opt(r, "blob_gas_used"))) h->blob_gas_used = wit_bc_u64(r);
    if ((has[3] = wit_bc_opt(r, "excess_blob_gas"))) h->excess_blob_gas = wit_bc_u64(r);
    if ((has[4] = wit_bc_opt(r, "parent_beacon_block_root")))
        wit_bc_fixed(r, h->parent_beacon_root, 32, "parent_beacon_block_root");
    if ((has[5] = wit_bc_opt(r, "requests_hash")))
        wit_bc_fixed(r, h->requests_hash, 32, "requests_hash");
    size_t n;
    const uint8_t *x = wit_bc_bytes(r, &n, "extra_data");
    if (n > sizeof h->extra) wit_bc_fail(r, RIVET_EINPUT, "extra_data: %zu bytes, at most 32", n);
    if (!wit_bc_ok(r)) return;
    memcpy(h->extra, x, n);
    h->extra_len = n;
    if (!wit_hdr_fields(h, has)) wit_bc_fail(r, RIVET_EINPUT, "header field after an absent one");
}

bool wit_hdr_fields(hdr *h, const bool has[6])
{
    /* RLP order: base fee (16), withdrawals root (17), blob gas (19), beacon root (20),
       requests hash (21) */
    static const unsigned fields[5] = {16, 17, 19, 20, 21};
    const bool in_order[5] = {has[1], has[0], has[2] && has[3], has[4], has[5]};
    h->nfields = 15;
    if (has[2] != has[3]) return false;
    for (int i = 0; i < 5; i++)
        if (in_order[i] && h->nfields == (i ? fields[i - 1] : 15))
            h->nfields = fields[i];
        else if (in_order[i])
            return false;
    return true;
}

/* Lists a transaction borrows while it is encoded (tx_encode wants contiguous keys). */
typedef struct wit_bc_lists {
    tx_access *access;
    uint8_t (*keys)[32];
    uint8_t (*blobs)[32];
    tx_auth *auths;
} wit_bc_lists;

static void wit_bc_lists_free(wit_bc_lists *l)
{
    free(l->access);
    free(l->keys);
    free(l->blobs);
    free(l->auths);
}

static void *wit_bc_alloc(wbc *r, size_t n, size_t each)
{
    void *p = wit_bc_ok(r) ? calloc(n ? n : 1, each) : NULL;
    if (!p) wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
    return p;
}

/* Vec<{address, Vec<B256>}>: keys gathered into one array (a first pass counts them). */
static void wit_bc_access(wbc *r, tx *t, wit_bc_lists *l)
{
    size_t n = wit_bc_count(r, 36, "access list"), start = r->off, total = 0;
    for (size_t i = 0; i < n && wit_bc_ok(r); i++) {
        uint8_t a[20];
        wit_bc_fixed(r, a, 20, "access list address");
        size_t k = wit_bc_count(r, 40, "storage keys");
        total += k;
        for (size_t j = 0; j < k; j++)
            wit_bc_raw(r, 40, "storage key");
    }
    if (!(l->access = wit_bc_alloc(r, n, sizeof *l->access))) return;
    if (!(l->keys = wit_bc_alloc(r, total, 32))) return;
    r->off = start;
    for (size_t i = 0, used = 0; i < n && wit_bc_ok(r); i++) {
        tx_access *a = &l->access[i];
        wit_bc_fixed(r, a->addr, 20, "access list address");
        a->nkeys = wit_bc_count(r, 40, "storage keys");
        a->keys = (const uint8_t(*)[32])l->keys[used];
        for (size_t j = 0; j < a->nkeys; j++)
            wit_bc_fixed(r, l->keys[used++], 32, "storage key");
    }
    t->access = l->access;
    t->access_len = n;
}

/* SignedAuthorization {chain_id: U256, address, nonce: u64, y_parity: u8, r, s: U256}. */
static void wit_bc_auths(wbc *r, tx *t, wit_bc_lists *l)
{
    size_t n = wit_bc_count(r, 40 + 28 + 8 + 1 + 80, "authorization list");
    if (!(l->auths = wit_bc_alloc(r, n, sizeof *l->auths))) return;
    for (size_t i = 0; i < n && wit_bc_ok(r); i++) {
        tx_auth *a = &l->auths[i];
        a->chain_id = wit_bc_u256(r, "authorization chain_id");
        wit_bc_fixed(r, a->addr, 20, "authorization address");
        a->nonce = wit_bc_u64(r);
        a->y_parity = wit_bc_u8(r);
        a->r = wit_bc_u256(r, "authorization r");
        a->s = wit_bc_u256(r, "authorization s");
    }
    t->auths = l->auths;
    t->auths_len = n;
}

/* The typed fields after the signature and the u32 variant (alloy's field order). */
static void wit_bc_tx_fields(wbc *r, tx *t, wit_bc_lists *l, bool *legacy_chain)
{
    if (t->type == TX_LEGACY) {
        if ((*legacy_chain = wit_bc_opt(r, "chain_id")))
            t->chain_id = u256_from_u64(wit_bc_q64(r, "chain_id"));
    } else {
        t->chain_id = u256_from_u64(wit_bc_u64(r));
    }
    t->nonce = wit_bc_u64(r);
    if (t->type <= TX_ACCESS_LIST) {
        t->max_fee = t->max_priority_fee = wit_bc_u128(r);
        t->gas_limit = wit_bc_u64(r);
    } else {
        t->gas_limit = wit_bc_u64(r);
        t->max_fee = wit_bc_u128(r);
        t->max_priority_fee = wit_bc_u128(r);
    }
    if (t->type <= TX_DYNAMIC_FEE) t->create = !wit_bc_opt(r, "to");
    if (!t->create) wit_bc_fixed(r, t->to, 20, "to");
    t->value = wit_bc_u256(r, "value");
    if (t->type != TX_LEGACY) wit_bc_access(r, t, l);
    if (t->type == TX_BLOB) {
        size_t n = wit_bc_count(r, 40, "blob hashes");
        if ((l->blobs = wit_bc_alloc(r, n, 32)))
            for (size_t i = 0; i < n; i++)
                wit_bc_fixed(r, l->blobs[i], 32, "blob hash");
        t->blob_hashes = (const uint8_t(*)[32])l->blobs;
        t->blob_hashes_len = n;
        t->max_fee_per_blob_gas = wit_bc_u128(r);
    }
    if (t->type == TX_SET_CODE) wit_bc_auths(r, t, l);
    t->data = wit_bc_bytes(r, &t->data_len, "input");
}

/* Signed transaction {signature (r, s, y parity as U64), transaction enum} -> its trie form
   appended to out (legacy: the RLP list; typed: the envelope as an RLP string). */
static void wit_bc_tx(wbc *r, rivet_buf *out, rivet_buf *scratch)
{
    tx t;
    memset(&t, 0, sizeof t);
    t.r = wit_bc_u256(r, "signature r");
    t.s = wit_bc_u256(r, "signature s");
    uint64_t parity = wit_bc_q64(r, "signature y parity");
    uint32_t type = wit_bc_u32(r);
    if (wit_bc_ok(r) && (type > TX_SET_CODE || parity > 1))
        wit_bc_fail(r, RIVET_EINPUT, "transaction type %u, y parity %llu", type,
                    (unsigned long long)parity);
    if (!wit_bc_ok(r)) return;
    t.type = (uint8_t)type;
    bool chain = false;
    wit_bc_lists l = {0};
    wit_bc_tx_fields(r, &t, &l, &chain);
    /* legacy v: EIP-155 (chain_id * 2 + 35 + parity) when signed with a chain id */
    u256 base =
        chain ? u256_add(u256_add(t.chain_id, t.chain_id), u256_from_u64(35)) : u256_from_u64(27);
    t.v = t.type == TX_LEGACY ? u256_add(base, u256_from_u64(parity)) : u256_from_u64(parity);
    scratch->n = 0;
    if (wit_bc_ok(r) && tx_encode(&t, scratch) != RIVET_OK)
        wit_bc_fail(r, RIVET_ENOMEM, "transaction does not encode");
    if (wit_bc_ok(r) && (t.type == TX_LEGACY ? rlp_put_raw(out, scratch->p, scratch->n)
                                             : rlp_put_bytes(out, scratch->p, scratch->n)))
        wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
    wit_bc_lists_free(&l);
}

static void wit_bc_put_header(wbc *r, const hdr *h, rivet_buf *out)
{
    if (wit_bc_ok(r) && hdr_encode(h, out) != RIVET_OK)
        wit_bc_fail(r, RIVET_ENOMEM, "header does not encode");
}

void wit_bc_block(wbc *r, rivet_buf *out)
{
    hdr h;
    rivet_buf scratch = {0};
    size_t top = rlp_list_begin(out);
    wit_bc_header(r, &h);
    wit_bc_put_header(r, &h, out);
    size_t n = wit_bc_count(r, 96, "transactions"), m = rlp_list_begin(out);
    for (size_t i = 0; i < n && wit_bc_ok(r); i++)
        wit_bc_tx(r, out, &scratch);
    if (wit_bc_ok(r) && rlp_list_end(out, m)) wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
    n = wit_bc_count(r, 500, "ommers");
    m = rlp_list_begin(out);
    for (size_t i = 0; i < n && wit_bc_ok(r); i++) {
        wit_bc_header(r, &h);
        wit_bc_put_header(r, &h, out);
    }
    if (wit_bc_ok(r) && rlp_list_end(out, m)) wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
    if (wit_bc_opt(r, "withdrawals")) {
        n = wit_bc_count(r, 4 * 8 + 20 + 3 * 8, "withdrawals");
        m = rlp_list_begin(out);
        for (size_t i = 0; i < n && wit_bc_ok(r); i++) {
            blk_withdrawal w;
            w.index = wit_bc_q64(r, "withdrawal index");
            w.validator = wit_bc_q64(r, "withdrawal validator");
            wit_bc_fixed(r, w.address, 20, "withdrawal address");
            w.amount = wit_bc_q64(r, "withdrawal amount");
            if (wit_bc_ok(r) && blk_withdrawal_encode(&w, out))
                wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
        }
        if (wit_bc_ok(r) && rlp_list_end(out, m)) wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
    }
    if (wit_bc_ok(r) && rlp_list_end(out, top)) wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
    buf_free(&scratch);
}
