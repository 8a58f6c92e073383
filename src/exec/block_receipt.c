/* Receipts, bloom and EIP-6110 deposit requests of a block being executed. */
#include <stdlib.h>
#include <string.h>

#include "block_impl.h"

/* keccak("DepositEvent(bytes,bytes,bytes,bytes,bytes)") */
static const uint8_t DEPOSIT_TOPIC[32] = {
    0x64, 0x9b, 0xbc, 0x62, 0xd0, 0xe3, 0x13, 0x42, 0xaf, 0xea, 0x4e, 0x5c, 0xd8, 0x2d, 0x40, 0x49,
    0xe7, 0xe1, 0xee, 0x91, 0x2f, 0xc0, 0x88, 0x9a, 0xa7, 0x90, 0x80, 0x3b, 0xe3, 0x90, 0x38, 0xc5};

void bexec_receipts_init(bexec_receipts *r, size_t ntx)
{
    memset(r, 0, sizeof *r);
    r->end = calloc(ntx ? ntx : 1, sizeof *r->end);
    r->ok = r->end != NULL;
}

void bexec_receipts_free(bexec_receipts *r)
{
    buf_free(&r->enc);
    buf_free(&r->deposits);
    free(r->end);
    memset(r, 0, sizeof *r);
}

/* A 32-byte big-endian word of the ABI data that must equal `want`. */
static bool word_is(const uint8_t *w, uint64_t want)
{
    for (int i = 0; i < 24; i++)
        if (w[i]) return false;
    uint64_t v = 0;
    for (int i = 24; i < 32; i++)
        v = v << 8 | w[i];
    return v == want;
}

/* DepositEvent(pubkey, withdrawal_credentials, amount, signature, index): five dynamic byte
   arrays of sizes 48, 32, 8, 96, 8 at fixed offsets; the request is their concatenation. */
static bool deposit_data(const uint8_t *p, size_t len, rivet_buf *out)
{
    static const struct {
        uint16_t offset, size;
    } f[5] = {{160, 48}, {256, 32}, {320, 8}, {384, 96}, {512, 8}};
    if (len != 576) return false;
    for (int i = 0; i < 5; i++)
        if (!word_is(p + 32 * i, f[i].offset) || !word_is(p + f[i].offset, f[i].size)) return false;
    for (int i = 0; i < 5; i++)
        if (buf_append(out, p + f[i].offset + 32, f[i].size) != RIVET_OK) return false;
    return true;
}

rivet_status bexec_receipt_add(bexec_receipts *r, const state *s, uint8_t type, bool ok,
                               uint64_t cumulative_gas, const uint8_t deposit_contract[20],
                               bool deposits, bexec_out *o, rivet_diag *d)
{
    size_t nl = s->nlogs, nt = 0;
    for (size_t i = 0; i < nl; i++)
        nt += (size_t)s->logs[i].ntopics;
    blk_log *logs = calloc(nl ? nl : 1, sizeof *logs);
    uint8_t(*topics)[32] = calloc(nt ? nt : 1, 32);
    rivet_status st = logs && topics ? RIVET_OK : RIVET_ENOMEM;
    blk_receipt rc = {.type = type, .status = ok, .cumulative_gas = cumulative_gas};
    for (size_t i = 0, k = 0; i < nl && st == RIVET_OK; i++) {
        const state_log *l = &s->logs[i];
        memcpy(logs[i].address, l->addr.b, 20);
        logs[i].topics = (const uint8_t(*)[32])topics + k;
        logs[i].ntopics = (size_t)l->ntopics;
        for (int t = 0; t < l->ntopics; t++)
            u256_to_be(topics[k++], l->topics[t]);
        logs[i].data = l->data;
        logs[i].data_len = l->len;
        if (deposits && memcmp(l->addr.b, deposit_contract, 20) == 0 && l->ntopics > 0 &&
            memcmp(logs[i].topics[0], DEPOSIT_TOPIC, 32) == 0 &&
            !deposit_data(l->data, l->len, &r->deposits)) {
            o->error = BLK_ERR_INVALID_DEPOSIT_EVENT_LAYOUT;
            rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "deposit event with a bad layout");
        }
    }
    if (st == RIVET_OK) {
        blk_bloom_logs(rc.bloom, logs, nl);
        for (int i = 0; i < 256; i++)
            r->bloom[i] |= rc.bloom[i];
        rc.logs = logs;
        rc.nlogs = nl;
        st = blk_receipt_encode(&rc, &r->enc);
    }
    if (st == RIVET_OK)
        r->end[r->n++] = r->enc.n;
    else
        rivet_fail(d, st, RIVET_NOPOS, "receipt: out of memory");
    free(logs);
    free(topics);
    return st;
}
