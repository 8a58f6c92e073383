/* Stateless validation of one block against its execution witness. */
#include <stdio.h>
#include <string.h>

#include "rivet/stateless.h"

/* BLOCKHASH over the witness's ancestor headers; a number the witness lacks is a failure. */
typedef struct sl_hashes {
    const wit *w;
    bool missing;
    uint64_t missing_number;
    uint64_t oldest;
} sl_hashes;

static evm_hash sl_block_hash(void *ctx, uint64_t number)
{
    sl_hashes *h = ctx;
    evm_hash r = {{0}};
    if (number < h->oldest) h->oldest = number;
    if (!wit_blockhash(h->w, number, r.b) && !h->missing) {
        h->missing = true;
        h->missing_number = number;
    }
    return r;
}

RIVET_MUST_USE static rivet_status reject(sl_result *r, const rivet_diag *d, const char *what)
{
    r->valid = false;
    snprintf(r->error, sizeof r->error, "%.120s%s%.128s", what, d && d->msg[0] ? ": " : "",
             d ? d->msg : "");
    return RIVET_OK;
}

rivet_status sl_validate(const blk *b, wit *w, const chain_config *c, unsigned flags, sl_result *r)
{
    sl_opts o = {flags, NULL, NULL, NULL, NULL};
    return sl_validate_opts(b, w, c, &o, r);
}

static void mark(const sl_opts *o, const char *phase)
{
    if (o->mark) o->mark(o->mark_ctx, phase);
}

/* The ancestor link; *root gets the pre-state root (the parent's, or the trusted one). */
static rivet_status sl_link(const blk *b, wit *w, const sl_opts *o, const uint8_t **root,
                            sl_result *r)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status st = wit_link(w, &b->header, &d);
    if (st == RIVET_EMISSING && o->pre_state_root) {
        r->parent_skipped = true;
        *root = o->pre_state_root;
        return RIVET_OK;
    }
    if (st != RIVET_OK) {
        if (st != RIVET_ENOMEM) RIVET_IGNORE(reject(r, &d, "witness headers")); /* sets r */
        return st;
    }
    *root = wit_parent(w)->state_root;
    if (o->pre_state_root && memcmp(*root, o->pre_state_root, 32) != 0) {
        RIVET_IGNORE(reject(r, NULL,
                            "witness headers: the given pre-state root is not the "
                            "parent's"));
        return RIVET_EINVALID;
    }
    return RIVET_OK;
}

rivet_status sl_validate_opts(const blk *b, wit *w, const chain_config *c, const sl_opts *o,
                              sl_result *r)
{
    memset(r, 0, sizeof *r);
    r->oldest_hash = UINT64_MAX;
    memcpy(r->block_hash, b->hash, 32);
    rivet_diag d;
    rivet_diag_clear(&d);
    const uint8_t *root;
    rivet_status st = sl_link(b, w, o, &root, r);
    if (st != RIVET_OK) return st == RIVET_ENOMEM ? st : RIVET_OK;
    mark(o, "link");
    bexec_check(b, wit_parent(w), c, &r->out, &d);
    mark(o, "check");
    if (!bexec_ok(&r->out)) return reject(r, &d, bexec_error_name(&r->out));

    sl_backend *be = sl_backend_new(root, trie_memstore_store(w->nodes), w->codes);
    if (!be) return RIVET_ENOMEM;
    sl_backend_set_lenient(be, o->flags & SL_LENIENT);
    state s;
    state_init_backed(&s, sl_backend_state(be));
    sl_hashes hs = {w, false, 0, UINT64_MAX};
    bexec_env env = {.cfg = c, .block_hash = sl_block_hash, .ctx = &hs, .vm = o->vm};
    sl_bal_rec *rec = NULL;
    if (b->bal.len) {
        if (!(rec = sl_bal_rec_new(be))) {
            state_free(&s);
            sl_backend_free(be);
            return RIVET_ENOMEM;
        }
        env.phase_end = sl_bal_rec_phase;
        env.phase_ctx = rec;
    }
    st = bexec_apply(&s, b, &env, &r->out, &d);
    mark(o, "execute");
    r->gas_used = r->out.gas_used;
    memcpy(r->receipts_root, r->out.receipts_root, 32);
    if (st == RIVET_EMISSING || st == RIVET_EINVALID || st == RIVET_EINPUT) {
        st = reject(r, &d, "witness");
    } else if (st != RIVET_OK) {
        /* host error: reported by the caller */
    } else if (hs.missing) {
        char m[96];
        snprintf(m, sizeof m, "BLOCKHASH(%llu): header not in the witness",
                 (unsigned long long)hs.missing_number);
        st = reject(r, NULL, m);
    } else if (!bexec_ok(&r->out)) {
        st = reject(r, &d, bexec_error_name(&r->out));
    } else if (b->bal.len &&
               (st = sl_bal_check(be, rec, &s, b->bal.p, b->bal.len, &d)) != RIVET_OK) {
        if (st != RIVET_ENOMEM) {
            r->out.error = BLK_ERR_INVALID_BLOCK_ACCESS_LIST;
            st = reject(r, &d, "BlockException.INVALID_BLOCK_ACCESS_LIST");
        }
    } else if ((st = sl_backend_root(be, &s, r->state_root, &d)) != RIVET_OK) {
        if (st != RIVET_ENOMEM) st = reject(r, &d, "post-state root");
    } else if (mark(o, "root"), memcmp(r->state_root, b->header.state_root, 32) != 0) {
        r->out.error = BLK_ERR_INVALID_STATE_ROOT;
        st = reject(r, NULL,
                    "BlockException.INVALID_STATE_ROOT: post-state root differs from the "
                    "header's");
    } else {
        r->valid = true;
    }
    r->unproven = sl_backend_unproven(be);
    r->oldest_hash = hs.oldest;
    sl_bal_rec_free(rec);
    state_free(&s);
    sl_backend_free(be);
    return st;
}
