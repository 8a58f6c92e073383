/* Block execution: system calls, transactions with the block's budgets, receipts, withdrawals,
   EIP-7685 requests, and the header commitments to them. */
#include <stdlib.h>
#include <string.h>

#include "rivet/block_exec.h"
#include "rivet/crypto.h"
#include "rivet/rlp.h"

#include "block_impl.h"

static const uint8_t SYSTEM_ADDRESS[20] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
/* EIP-4788, EIP-2935, EIP-7002, EIP-7251 contracts */
static const uint8_t BEACON_ROOTS[20] = {0x00, 0x0F, 0x3d, 0xf6, 0xD7, 0x32, 0x80,
                                         0x7E, 0xf1, 0x31, 0x9f, 0xB7, 0xB8, 0xbB,
                                         0x85, 0x22, 0xd0, 0xBe, 0xac, 0x02};
static const uint8_t HISTORY[20] = {0x00, 0x00, 0xF9, 0x08, 0x27, 0xF1, 0xC5, 0x3a, 0x10, 0xcb,
                                    0x7A, 0x02, 0x33, 0x5B, 0x17, 0x53, 0x20, 0x00, 0x29, 0x35};
static const uint8_t WITHDRAWAL_REQ[20] = {0x00, 0x00, 0x09, 0x61, 0xEf, 0x48, 0x0E,
                                           0xb5, 0x5e, 0x80, 0xD1, 0x9a, 0xd8, 0x35,
                                           0x79, 0xA6, 0x4c, 0x00, 0x70, 0x02};
static const uint8_t CONSOLIDATION_REQ[20] = {0x00, 0x00, 0xBB, 0xdD, 0xc7, 0xCE, 0x48,
                                              0x86, 0x42, 0xfb, 0x57, 0x9F, 0x8B, 0x00,
                                              0xF3, 0xa5, 0x90, 0x00, 0x72, 0x51};
#define SYSTEM_GAS 30000000

const char *bexec_error_name(const bexec_out *o)
{
    if (o->tx_err != TX_ERR_OK) return tx_error_name(o->tx_err);
    return o->error == BLK_ERR_OK ? "OK" : blk_error_name(o->error);
}

bool bexec_error_matches(const bexec_out *o, const char *expected)
{
    if (!expected) return false;
    if (o->tx_err != TX_ERR_OK) return tx_error_matches(o->tx_err, expected);
    return o->error != BLK_ERR_OK && blk_error_matches(o->error, expected);
}

void bexec_check(const blk *b, const hdr *parent, const chain_config *c, bexec_out *o,
                 rivet_diag *d)
{
    memset(o, 0, sizeof *o);
    if ((o->error = hdr_validate(&b->header, parent, c, d)) != BLK_ERR_OK) return;
    if ((o->tx_err = blk_validate_txs(b, c, &o->tx_index, d)) != TX_ERR_OK) return;
    o->error = blk_validate_body(b, c, d);
}

void bexec_block_env(exec_block *eb, const blk *b, const bexec_env *env)
{
    const hdr *h = &b->header;
    memset(eb, 0, sizeof *eb);
    eb->fork = chain_fork(env->cfg, h->number, h->timestamp);
    memcpy(eb->coinbase.b, h->coinbase, 20);
    eb->number = h->number;
    eb->timestamp = h->timestamp;
    eb->slot_number = h->slot_number;
    eb->gas_limit = h->gas_limit;
    eb->base_fee = h->base_fee;
    eb->prevrandao = u256_from_be(h->mix_hash, 32);
    eb->chain_id = u256_from_u64(env->cfg->chain_id);
    eb->excess_blob_gas = h->excess_blob_gas;
    const chain_blob *bp = chain_blob_at(env->cfg, h->timestamp);
    eb->blob_base_fee_fraction = bp ? bp->update_fraction : 3338477;
    eb->max_blobs_per_block = bp ? bp->max : 0;
    eb->block_hash = env->block_hash;
    eb->block_hash_ctx = env->ctx;
    eb->vm = env->vm;
}

/* A system call (EELS process_system_transaction): no fees, no nonce, 30M gas. `checked`: the
   contract must have code and the call must succeed. The result's output is the caller's. */
RIVET_MUST_USE static rivet_status system_call(state *s, const exec_block *eb,
                                               const uint8_t target[20], const uint8_t *input,
                                               size_t len, bool checked, evm_result *r,
                                               bexec_out *o, rivet_diag *d)
{
    memset(r, 0, sizeof *r);
    evm_addr to;
    memcpy(to.b, target, 20);
    state_account *a = state_get(s, &to, true);
    if (!a) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    rivet_status st = state_fault(s, d);
    if (st != RIVET_OK) return st;
    if (!a->code_len) {
        if (checked) {
            o->error = BLK_ERR_SYSTEM_CONTRACT_EMPTY;
            rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "system contract %02x%02x..%02x%02x empty",
                       target[0], target[1], target[18], target[19]);
        }
        return RIVET_OK;
    }
    exec_host h;
    exec_host_init(&h, s, eb->fork);
    h.block_hash = eb->block_hash;
    h.vm = eb->vm;
    h.block_hash_ctx = eb->block_hash_ctx;
    evm_tx_context *c = &h.txc;
    memcpy(c->origin.b, SYSTEM_ADDRESS, 20);
    c->coinbase = eb->coinbase;
    c->gas_price = eb->base_fee;
    c->base_fee = eb->base_fee;
    c->blob_base_fee = exec_blob_base_fee(eb->excess_blob_gas, eb->blob_base_fee_fraction);
    c->prevrandao = eb->prevrandao;
    c->chain_id = eb->chain_id;
    c->number = eb->number;
    c->timestamp = eb->timestamp;
    c->slot_number = eb->slot_number;
    c->gas_limit = eb->gas_limit;
    evm_message m = {0};
    m.kind = EVM_CALL;
    m.gas = SYSTEM_GAS;
    m.sender = c->origin;
    m.recipient = to;
    m.code_address = to;
    m.input = input;
    m.input_size = len;
    exec_message(&h, &m, r);
    if ((st = state_fault(s, d)) != RIVET_OK) return st;
    if (h.unsupported || r->status == EVM_HOST_ERROR)
        return rivet_fail(d, h.unsupported ? RIVET_EUNSUPPORTED : RIVET_ENOMEM, RIVET_NOPOS,
                          "system call: host error");
    if (checked && r->status != EVM_SUCCESS) {
        o->error = BLK_ERR_SYSTEM_CONTRACT_CALL_FAILED;
        rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "system contract call failed");
    }
    state_clear_logs(s);
    state_finalize_tx(s);
    return RIVET_OK;
}

rivet_status bexec_apply(state *s, const blk *b, const bexec_env *env, bexec_out *o, rivet_diag *d)
{
    memset(o, 0, sizeof *o);
    const hdr *h = &b->header;
    exec_block eb;
    bexec_block_env(&eb, b, env);
    evm_result r;
    rivet_status st = RIVET_OK;
    bexec_receipts rc;
    bexec_receipts_init(&rc, b->ntx);
    eb.code_cache = evm_code_cache_new(); /* the block's contracts analysed once each */
    if (!rc.ok || !eb.code_cache) {
        bexec_receipts_free(&rc);
        evm_code_cache_free(eb.code_cache);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }

    if (eb.fork >= FORK_CANCUN) {
        st = system_call(s, &eb, BEACON_ROOTS, h->parent_beacon_root, 32, false, &r, o, d);
        free(r.output);
        if (st != RIVET_OK) goto out;
    }
    if (eb.fork >= FORK_PRAGUE) {
        st = system_call(s, &eb, HISTORY, h->parent_hash, 32, false, &r, o, d);
        free(r.output);
        if (st != RIVET_OK) goto out;
    }
    if (env->phase_end && (st = env->phase_end(env->phase_ctx, s, 0, d)) != RIVET_OK) goto out;

    /* gas_used: regular gas, or (EIP-8037) the larger of the regular and state gas sums */
    uint64_t gas_used = 0, regular_gas = 0, state_gas = 0, receipt_gas = 0, blob_gas = 0;
    const chain_blob *bp = chain_blob_at(env->cfg, h->timestamp);
    uint64_t max_blob_gas = bp ? bp->max * BLK_GAS_PER_BLOB : 0;
    for (size_t i = 0; i < b->ntx; i++) {
        const tx *t = &b->txs[i];
        o->tx_index = i;
        evm_addr sender;
        if ((!env->sender || !env->sender(env->tx_ctx, i, &sender)) &&
            (o->tx_err = tx_sender(t, eb.fork, sender.b, d)) != TX_ERR_OK)
            goto out;
        if (t->gas_limit > h->gas_limit - gas_used) {
            o->tx_err = TX_ERR_GAS_ALLOWANCE_EXCEEDED;
            rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "tx %zu: gas limit above what is left", i);
            goto out;
        }
        uint64_t tblob = (uint64_t)t->blob_hashes_len * BLK_GAS_PER_BLOB;
        if (tblob > max_blob_gas - blob_gas) {
            o->tx_err = TX_ERR_TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED;
            rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "tx %zu: blob gas above the block's", i);
            goto out;
        }
        exec_result er;
        st = exec_transaction(s, &eb, t, &sender, NULL, &er, d);
        if (st == RIVET_OK && er.error == TX_ERR_OK && env->tx_end)
            env->tx_end(env->tx_ctx, i, s, &sender, &er);
        free(er.output);
        rivet_status fs = state_fault(s, d);
        if (fs != RIVET_OK) st = fs;
        if (st != RIVET_OK) goto out;
        if (er.error != TX_ERR_OK) {
            o->tx_err = er.error;
            rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "tx %zu: %s", i, tx_error_name(er.error));
            goto out;
        }
        regular_gas += er.block_gas;
        state_gas += er.block_state_gas;
        gas_used = regular_gas > state_gas ? regular_gas : state_gas;
        receipt_gas += er.gas_used;
        blob_gas += tblob;
        st = bexec_receipt_add(&rc, s, t->type, er.status == EVM_SUCCESS, receipt_gas,
                               env->cfg->deposit_contract, eb.fork >= FORK_PRAGUE, o, d);
        state_clear_logs(s);
        if (st != RIVET_OK || o->error != BLK_ERR_OK) goto out;
        if (env->phase_end &&
            (st = env->phase_end(env->phase_ctx, s, (uint32_t)i + 1, d)) != RIVET_OK)
            goto out;
    }
    o->tx_index = 0;

    for (size_t i = 0; i < b->nwithdrawals; i++) {
        const blk_withdrawal *w = &b->withdrawals[i];
        evm_addr a;
        memcpy(a.b, w->address, 20);
        state_account *x = state_get(s, &a, true);
        if (!x) {
            st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
            goto out;
        }
        state_add_balance(s, x, u256_mul(u256_from_u64(w->amount), u256_from_u64(1000000000)));
    }
    if (b->nwithdrawals) state_finalize_tx(s);
    if ((st = state_fault(s, d)) != RIVET_OK) goto out;

    if (eb.fork >= FORK_PRAGUE) {
        blk_request req[3] = {{0, rc.deposits.p, rc.deposits.n}, {1, NULL, 0}, {2, NULL, 0}};
        evm_result wr, cr;
        st = system_call(s, &eb, WITHDRAWAL_REQ, NULL, 0, true, &wr, o, d);
        if (st == RIVET_OK && o->error == BLK_ERR_OK)
            st = system_call(s, &eb, CONSOLIDATION_REQ, NULL, 0, true, &cr, o, d);
        else
            memset(&cr, 0, sizeof cr);
        if (st == RIVET_OK && o->error == BLK_ERR_OK) {
            req[1].data = wr.output;
            req[1].len = wr.output_size;
            req[2].data = cr.output;
            req[2].len = cr.output_size;
            st = blk_requests_hash(req, 3, o->requests_hash);
        }
        free(wr.output);
        free(cr.output);
        if (st != RIVET_OK || o->error != BLK_ERR_OK) goto out;
    }

    if (env->phase_end &&
        (st = env->phase_end(env->phase_ctx, s, (uint32_t)b->ntx + 1, d)) != RIVET_OK)
        goto out;
    o->gas_used = gas_used;
    memcpy(o->bloom, rc.bloom, 256);
    if ((st = blk_ordered_root(rc.items, b->ntx, o->receipts_root, d)) != RIVET_OK) goto out;
    if (gas_used != h->gas_used) {
        o->error = BLK_ERR_INVALID_GAS_USED;
        rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "gas used %llu, header says %llu",
                   (unsigned long long)gas_used, (unsigned long long)h->gas_used);
    } else if (memcmp(o->receipts_root, h->receipts_root, 32) != 0) {
        o->error = BLK_ERR_INVALID_RECEIPTS_ROOT;
        rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "receipts root differs from the header's");
    } else if (memcmp(o->bloom, h->bloom, 256) != 0) {
        o->error = BLK_ERR_INVALID_LOG_BLOOM;
        rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "logs bloom differs from the header's");
    } else if (eb.fork >= FORK_PRAGUE && memcmp(o->requests_hash, h->requests_hash, 32) != 0) {
        o->error = BLK_ERR_INVALID_REQUESTS;
        rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "requests hash differs from the header's");
    }
out:
    bexec_receipts_free(&rc);
    evm_code_cache_free(eb.code_cache);
    return st;
}
