/* The stateless block validator guest: a block and its execution witness in, the verdict and
   the roots out (sl_validate of rivet/stateless.h; docs/guest.md, "Input framing").

   Input, one of:
     - an EIP-8025 StatelessInput (SSZ, as the zkEVM fixtures' statelessInputBytes); its first
       byte is the low byte of a small offset, never >= 0xc0. The chain is the built-in network
       of its chain id (mainnet when unknown), strict witness.
     - an RLP list (first byte >= 0xc0):
         ["S", StatelessInput, network, blobs]       network / blobs optional
         ["G", block RLP, ExtWitness RLP, chain_id, network, blobs]   last three optional
         ["B", bincode input]  rsp's ClientExecutorInput or zisk-eth-client's two records
                               (wit_input_bincode, detected from the content), strict witness
         ["W", block RLP, ExtWitness RLP, chain_id, pre-state root or "", [[number, hash]...],
          lenient]             any input `rivet stateless --guest-input` converts (JSON forms):
                               a trusted pre-state root when the witness lacks the parent
                               header, BLOCKHASH values given as hashes
       chain_id 0 or absent: the first transaction's (as `rivet stateless`); network: a test
       network name ("Amsterdam", "PragueToOsakaAtTime15k") used instead of the built-in chain
       (empty: built-in); blobs: [[name, target, max, update_fraction]...] overriding the
       network's blob schedule (a fixture's config.blobSchedule). "G" reads geth's witnesses
       leniently (accounts without a proof are absent), "S" strictly.
     - ["H", input]  any of the above (as a byte string) validated under the hybrid chain
                     setting: RISC-V contracts run on the hybrid layer (docs/hybrid-abi.md), as
                     `rivet stateless --hybrid`, which writes this framing with --guest-input
   Output (fd 1): for SSZ, the 41-byte StatelessOutput; for "G", "B" and "W", 105 bytes:
   valid (1) || block hash (32) || state root (32) || receipts root (32) || gas used (u64
   little-endian).
   A line "valid=... gas_used=... error=..." goes to fd 2 (not part of the output). Exit 0 when
   the input was read (whatever the verdict), 1 on a framing error or out of memory. */
#include <stdio.h>
#include <string.h>

#include "io.h"
#include "rivet/block.h"
#include "rivet/chain.h"
#include "rivet/hybrid.h"
#include "rivet/rlp.h"
#include "rivet/ssz.h"
#include "rivet/stateless.h"
#include "rivet/witness.h"

#define PAIR_OUT_SIZE 105

static chain_config net;  /* a test network's config, when the input names one */
static const exec_vm *vm; /* the hybrid layer's runner for ["H", input], NULL: mainnet rules */

/* Instructions retired at the end of each phase (rdinstret: the profile's instruction count):
   read (input decoded, witness nodes hashed), then sl_validate's phases. */
enum { NREGIONS = 5 };
static const char *const region_names[NREGIONS] = {"read", "link", "check", "execute", "root"};
static uint64_t region_end[NREGIONS];

static uint64_t instret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

static void region_mark(void *ctx, const char *phase)
{
    (void)ctx;
    for (int i = 0; i < NREGIONS; i++)
        if (!strcmp(region_names[i], phase)) region_end[i] = instret();
}

/* sl_validate, with the regions marked; pre: a trusted pre-state root (NULL: none). */
static rivet_status validate_pre(const blk *b, wit *w, const chain_config *c, unsigned flags,
                                 const uint8_t *pre, sl_result *r)
{
    region_end[0] = instret();
    sl_opts o = {flags, pre, region_mark, NULL, vm};
    return sl_validate_opts(b, w, c, &o, r);
}

static rivet_status validate(const blk *b, wit *w, const chain_config *c, unsigned flags,
                             sl_result *r)
{
    return validate_pre(b, w, c, flags, NULL, r);
}

static void report(const sl_result *r)
{
    fprintf(stderr, "valid=%d gas_used=%llu error=%s\n", r->valid, (unsigned long long)r->gas_used,
            r->valid ? "-" : r->error);
    fprintf(stderr, "regions");
    uint64_t prev = 0;
    for (int i = 0; i < NREGIONS; i++) {
        uint64_t end = region_end[i] ? region_end[i] : prev;
        fprintf(stderr, " %s=%llu", region_names[i], (unsigned long long)(end - prev));
        prev = end;
    }
    fprintf(stderr, "\n");
}

/* The chain: a named test network (with blob overrides) or the built-in one of chain_id. */
static const chain_config *pick_chain(const rlp_item *name, const rlp_item *blobs,
                                      uint64_t chain_id, rivet_diag *d)
{
    const uint8_t *p;
    size_t n;
    char s[48];
    if (name && rlp_get_bytes(name, &p, &n, d) == RIVET_OK && n > 0) {
        if (n >= sizeof s) return NULL;
        memcpy(s, p, n);
        s[n] = 0;
        if (chain_from_network(&net, s, chain_id ? chain_id : 1, d) != RIVET_OK) return NULL;
        rlp_iter it;
        rlp_item e, f[4];
        size_t got;
        if (!blobs) return &net;
        rlp_iter_init(&it, blobs);
        while (rlp_iter_next(&it, &e, d) == RIVET_OK) {
            chain_blob b;
            if (rlp_list_items(&e, f, 4, &got, d) || got != 4 || rlp_get_bytes(&f[0], &p, &n, d) ||
                n >= sizeof s || rlp_get_u64(&f[1], &b.target, d) ||
                rlp_get_u64(&f[2], &b.max, d) || rlp_get_u64(&f[3], &b.update_fraction, d))
                return NULL;
            memcpy(s, p, n);
            s[n] = 0;
            if (chain_set_blob(&net, s, b, NULL) != RIVET_OK)
                continue; /* a fork the network does not schedule: ignored */
        }
        return &net;
    }
    const chain_config *c = chain_id ? chain_by_id(chain_id) : NULL;
    return c ? c : chain_by_name("mainnet");
}

/* StatelessInput -> StatelessOutput. A bad payload or witness is an invalid block. */
static int run_ssz(const uint8_t *p, size_t len, const rlp_item *name, const rlp_item *blobs)
{
    rivet_diag d = {0};
    ssz_stateless_input in;
    uint8_t root[32], out[SSZ_STATELESS_OUT_SIZE];
    if (ssz_stateless_decode(p, len, &in, &d) || ssz_new_payload_root(&in, root, &d)) {
        fprintf(stderr, "error: StatelessInput: %s\n", d.msg);
        return 1;
    }
    const chain_config *c = pick_chain(name, blobs, in.chain_id, &d);
    if (!c) {
        fprintf(stderr, "error: chain: %s\n", d.msg);
        return 1;
    }
    sl_result r = {0};
    blk b;
    wit w;
    rivet_buf scratch = {0};
    rivet_status st = RIVET_OK;
    if (ssz_payload_block(&in, &b, &scratch, &d) != BLK_ERR_OK) {
        snprintf(r.error, sizeof r.error, "payload: %.200s", d.msg);
    } else {
        if (wit_from_ssz(&w, &in, &d) != RIVET_OK) {
            snprintf(r.error, sizeof r.error, "witness: %.200s", d.msg);
        } else {
            st = validate(&b, &w, c, 0, &r);
            wit_free(&w);
        }
        blk_free(&b);
    }
    buf_free(&scratch);
    if (st != RIVET_OK) {
        fprintf(stderr, "error: %s\n", rivet_status_str(st));
        return 1;
    }
    report(&r);
    ssz_stateless_output(out, root, r.valid, in.chain_id);
    guest_write(out, sizeof out);
    return 0;
}

static void put_u64le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The 105-byte verdict of "G" and "B" inputs. */
static void write_pair_out(const sl_result *r)
{
    report(r);
    uint8_t out[PAIR_OUT_SIZE];
    out[0] = r->valid;
    memcpy(out + 1, r->block_hash, 32);
    memcpy(out + 33, r->state_root, 32);
    memcpy(out + 65, r->receipts_root, 32);
    put_u64le(out + 97, r->gas_used);
    guest_write(out, sizeof out);
}

/* ["B", bincode input] -> 105 bytes. An input that does not decode is a framing error (the
   block hash it would be judged under is unknown). */
static int run_bincode(const rlp_item *it)
{
    rivet_diag d = {0};
    const uint8_t *p;
    size_t len;
    wit_input in;
    if (rlp_get_bytes(&it[1], &p, &len, &d) ||
        wit_input_bincode(&in, p, len, WIT_FMT_AUTO, &d) != RIVET_OK) {
        fprintf(stderr, "error: \"B\": %s\n", d.msg);
        return 1;
    }
    const chain_config *c = pick_chain(NULL, NULL, in.chain_id, &d);
    sl_result r = {0};
    rivet_status st = validate(&in.b, &in.w, c, 0, &r);
    wit_input_free(&in);
    if (st != RIVET_OK) {
        fprintf(stderr, "error: %s\n", rivet_status_str(st));
        return 1;
    }
    write_pair_out(&r);
    return 0;
}

/* ["W", block, witness, chain_id, pre-state root or "", [[number, hash]...], lenient] ->
   105 bytes. */
static int run_w(const rlp_item *it, size_t n)
{
    rivet_diag d = {0};
    const uint8_t *bp, *wp, *pre;
    size_t blen, wlen, plen;
    uint64_t cid = 0, lenient = 0;
    if (n < 7 || rlp_get_bytes(&it[1], &bp, &blen, &d) || rlp_get_bytes(&it[2], &wp, &wlen, &d) ||
        rlp_get_u64(&it[3], &cid, &d) || rlp_get_bytes(&it[4], &pre, &plen, &d) ||
        (plen != 0 && plen != 32) || !it[5].list || rlp_get_u64(&it[6], &lenient, &d)) {
        fprintf(stderr, "error: \"W\" framing: %s\n", d.msg);
        return 1;
    }
    sl_result r = {0};
    blk b;
    wit w;
    rivet_status st = RIVET_OK;
    if (blk_decode(bp, blen, &b, &d) != BLK_ERR_OK) {
        snprintf(r.error, sizeof r.error, "block: %.200s", d.msg);
    } else {
        if (wit_from_rlp(&w, wp, wlen, &d) != RIVET_OK) {
            memcpy(r.block_hash, b.hash, 32);
            snprintf(r.error, sizeof r.error, "witness: %.200s", d.msg);
        } else {
            rlp_iter hi;
            rlp_item e, f[2];
            size_t got;
            uint64_t num;
            uint8_t h[32];
            rlp_iter_init(&hi, &it[5]);
            while (st == RIVET_OK && rlp_iter_next(&hi, &e, &d) == RIVET_OK)
                if (rlp_list_items(&e, f, 2, &got, &d) || got != 2 ||
                    rlp_get_u64(&f[0], &num, &d) || rlp_get_fixed(&f[1], h, 32, &d))
                    st = RIVET_EINPUT;
                else
                    st = wit_add_hash(&w, num, h);
            const chain_config *c = pick_chain(NULL, NULL, cid, &d);
            if (st == RIVET_OK)
                st = validate_pre(&b, &w, c, lenient ? SL_LENIENT : 0, plen ? pre : NULL, &r);
            wit_free(&w);
        }
        blk_free(&b);
    }
    if (st != RIVET_OK) {
        fprintf(stderr, "error: %s\n", rivet_status_str(st));
        return 1;
    }
    write_pair_out(&r);
    return 0;
}

/* ["G", block, witness, chain_id?, network?, blobs?] -> 105 bytes. */
static int run_pair(const rlp_item *it, size_t n)
{
    rivet_diag d = {0};
    const uint8_t *bp, *wp;
    size_t blen, wlen;
    uint64_t cid = 0;
    if (n < 3 || rlp_get_bytes(&it[1], &bp, &blen, &d) || rlp_get_bytes(&it[2], &wp, &wlen, &d) ||
        (n > 3 && rlp_get_u64(&it[3], &cid, &d))) {
        fprintf(stderr, "error: \"G\" needs block, witness[, chain id]: %s\n", d.msg);
        return 1;
    }
    sl_result r = {0};
    blk b;
    wit w;
    rivet_status st = RIVET_OK;
    if (blk_decode(bp, blen, &b, &d) != BLK_ERR_OK) {
        snprintf(r.error, sizeof r.error, "block: %.200s", d.msg);
    } else {
        if (wit_from_rlp(&w, wp, wlen, &d) != RIVET_OK) {
            memcpy(r.block_hash, b.hash, 32);
            snprintf(r.error, sizeof r.error, "witness: %.200s", d.msg);
        } else {
            for (size_t i = 0; i < b.ntx && !cid; i++)
                if (u256_fits64(b.txs[i].chain_id)) cid = b.txs[i].chain_id.w[0];
            const chain_config *c =
                pick_chain(n > 4 ? &it[4] : NULL, n > 5 ? &it[5] : NULL, cid, &d);
            if (!c) {
                fprintf(stderr, "error: chain: %s\n", d.msg);
                st = RIVET_EINPUT;
            } else {
                st = validate(&b, &w, c, SL_LENIENT, &r);
            }
            wit_free(&w);
        }
        blk_free(&b);
    }
    if (st != RIVET_OK) {
        fprintf(stderr, "error: %s\n", rivet_status_str(st));
        return 1;
    }
    write_pair_out(&r);
    return 0;
}

/* One input (the whole input, or the inside of ["H", input]). */
static int run_input(const uint8_t *in, size_t len, bool inner)
{
    if (len == 0) {
        fprintf(stderr, "error: no input\n");
        return 1;
    }
    if (in[0] < 0xc0) return run_ssz(in, len, NULL, NULL);
    rivet_diag d = {0};
    rlp_item top, it[7];
    size_t n;
    const uint8_t *tag;
    size_t tlen;
    if (rlp_decode(in, len, &top, &d) || !top.list || rlp_list_items(&top, it, 7, &n, &d) ||
        n < 2 || rlp_get_bytes(&it[0], &tag, &tlen, &d) || tlen != 1) {
        fprintf(stderr, "error: input is neither SSZ nor a framed RLP list: %s\n", d.msg);
        return 1;
    }
    if (tag[0] == 'G') return run_pair(it, n);
    if (tag[0] == 'B') return run_bincode(it);
    if (tag[0] == 'W') return run_w(it, n);
    const uint8_t *p;
    size_t plen;
    if (tag[0] == 'H' && !inner) {
        hy_vm *h = hy_vm_new(NULL); /* lives as long as the guest */
        if (n != 2 || rlp_get_bytes(&it[1], &p, &plen, &d) || !h) {
            fprintf(stderr, "error: \"H\" needs one input: %s\n", h ? d.msg : "out of memory");
            return 1;
        }
        vm = hy_vm_runner(h);
        return run_input(p, plen, true);
    }
    if (tag[0] != 'S') {
        fprintf(stderr, "error: unknown input kind 0x%02x\n", tag[0]);
        return 1;
    }
    if (rlp_get_bytes(&it[1], &p, &plen, &d)) {
        fprintf(stderr, "error: \"S\": %s\n", d.msg);
        return 1;
    }
    return run_ssz(p, plen, n > 2 ? &it[2] : NULL, n > 3 ? &it[3] : NULL);
}

int main(void)
{
    size_t len;
    const uint8_t *in = guest_input(&len);
    if (!in) len = 0; /* "no input" */
    return run_input(in, len, false);
}
