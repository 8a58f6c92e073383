/* The exerciser guest: a workout of the library through the zkvm crypto backend (the
   block validator takes its place once exec lands; docs/guest.md). Input: an RLP list of jobs,
   each a list whose first item is a one-byte tag:
     ["K", data] / ["S", data] / ["R", data]   keccak256 / sha256 / ripemd160 of data
     ["P", address (2 bytes), in]   a precompile call under Osaka rules (unlimited gas)
     ["T", key, value]              an entry of the trie whose root is printed at the end
     ["W", StatelessInput (SSZ)]    EIP-8025 input up to where execution starts (below)
     ["E", code, input, gas, trace?] EVM bytecode run as a call on an empty state (Osaka), as
                                    `rivet evm`: prints gas used, status and output; a
                                    non-empty 5th item writes the EIP-3155 trace to fd 2
   Output: one line per K/S/R/P/W job, then the trie's entry count and root. Exit 0, or 1 with an
   "error:" line on malformed input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "rivet/block.h"
#include "rivet/bytes.h"
#include "rivet/crypto.h"
#include "rivet/exec.h"
#include "rivet/precompile.h"
#include "rivet/rlp.h"
#include "rivet/ssz.h"
#include "rivet/trie.h"
#include "rivet/witness.h"

static void out_str(const char *s)
{
    guest_write(s, strlen(s));
}

static void out_hex(const uint8_t *p, size_t n)
{
    char chunk[129];
    for (size_t i = 0; i < n; i += 64) {
        size_t k = n - i < 64 ? n - i : 64;
        hex_encode(chunk, p + i, k);
        guest_write(chunk, 2 * k);
    }
}

static int fail(const rivet_diag *d, const char *what)
{
    char line[320];
    snprintf(line, sizeof line, "error: %s: %s\n", what, d->msg);
    out_str(line);
    return 1;
}

/* K, S, R jobs: one digest of the data. */
RIVET_MUST_USE static rivet_status job_hash(const rlp_item *it, size_t n, char tag, rivet_diag *d)
{
    const uint8_t *p;
    size_t len;
    uint8_t h[32];
    rivet_status st;
    if (n != 2) return rivet_fail(d, RIVET_EINPUT, it[0].off, "hash job needs 2 items");
    if ((st = rlp_get_bytes(&it[1], &p, &len, d))) return st;
    if (tag == 'K') {
        out_str("K keccak256=");
        crypto_keccak256(h, p, len);
        out_hex(h, 32);
    } else if (tag == 'S') {
        out_str("S sha256=");
        crypto_sha256(h, p, len);
        out_hex(h, 32);
    } else {
        out_str("R ripemd160=");
        crypto_ripemd160(h, p, len);
        out_hex(h, 20);
    }
    out_str("\n");
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status job_precompile(const rlp_item *it, size_t n, rivet_buf *out,
                                                  rivet_diag *d)
{
    const uint8_t *in, *a;
    size_t len, alen;
    rivet_status st;
    if (n != 3) return rivet_fail(d, RIVET_EINPUT, it[0].off, "P job needs 3 items");
    if ((st = rlp_get_bytes(&it[1], &a, &alen, d)) || (st = rlp_get_bytes(&it[2], &in, &len, d)))
        return st;
    uint8_t addr[20] = {0};
    if (alen > 2) return rivet_fail(d, RIVET_EINPUT, it[1].off, "address longer than 2 bytes");
    memcpy(addr + 20 - alen, a, alen);
    int idx = precompile_index(addr, FORK_OSAKA);
    if (idx < 0) return rivet_fail(d, RIVET_EINPUT, it[1].off, "not a precompile");
    uint64_t gas = 0;
    st = precompile_run(idx, in, len, FORK_OSAKA, UINT64_MAX, &gas, out, NULL);
    char line[96];
    snprintf(line, sizeof line, "P %s gas=%llu ", precompile_name(idx), (unsigned long long)gas);
    out_str(line);
    if (st == RIVET_OK)
        out_hex(out->p, out->n);
    else
        out_str(st == RIVET_EINVALID ? "fail" : rivet_status_str(st));
    out_str("\n");
    return st == RIVET_ENOMEM ? rivet_fail(d, st, it[0].off, "out of memory") : RIVET_OK;
}

/* E job: code at 0x20 called by 0x10 with `input` and `gas`, both accounts warm. */
RIVET_MUST_USE static rivet_status job_evm(const rlp_item *it, size_t n, rivet_diag *d)
{
    const uint8_t *code, *input;
    size_t clen, ilen;
    uint64_t gas;
    rivet_status st;
    if (n != 4 && n != 5) return rivet_fail(d, RIVET_EINPUT, it[0].off, "E job needs 4 items");
    if ((st = rlp_get_bytes(&it[1], &code, &clen, d)) ||
        (st = rlp_get_bytes(&it[2], &input, &ilen, d)) || (st = rlp_get_u64(&it[3], &gas, d)))
        return st;
    if (gas > INT64_MAX) return rivet_fail(d, RIVET_EINPUT, it[3].off, "gas too large");
    evm_tracer tr = {.out = stderr};
    evm_result r = {0};
    if (exec_call_code(FORK_OSAKA, code, clen, input, ilen, gas, n == 5 && it[4].len ? &tr : NULL,
                       &r) != RIVET_OK)
        return rivet_fail(d, RIVET_ENOMEM, it[0].off, "out of memory");
    char line[96];
    snprintf(line, sizeof line,
             "E gas=%llu status=%s out=", (unsigned long long)(gas - (uint64_t)r.gas_left),
             evm_status_str(r.status));
    out_str(line);
    out_hex(r.output, r.output_size);
    out_str("\n");
    free(r.output);
    return RIVET_OK;
}

/* W job: an EIP-8025 StatelessInput taken as far as the library goes today: decoded,
   hash_tree_root of the new-payload request, the witness (every node and code hashed), the
   block rebuilt from the payload (its hash checked) and the ancestor headers linked to it.
   Block execution comes next (exec). */
RIVET_MUST_USE static rivet_status job_witness(const rlp_item *it, size_t n, rivet_diag *d)
{
    const uint8_t *p;
    size_t len;
    rivet_status st;
    ssz_stateless_input in;
    uint8_t root[32];
    wit w;
    if (n != 2) return rivet_fail(d, RIVET_EINPUT, it[0].off, "W job needs 2 items");
    if ((st = rlp_get_bytes(&it[1], &p, &len, d)) || (st = ssz_stateless_decode(p, len, &in, d)) ||
        (st = ssz_new_payload_root(&in, root, d)))
        return st;
    out_str("W root=");
    out_hex(root, 32);
    if (wit_from_ssz(&w, &in, NULL)) { /* a bad witness makes validation fail, not the run */
        out_str(" witness=invalid\n");
        return RIVET_OK;
    }
    blk b = {0};
    rivet_buf scratch = {0};
    blk_error e = ssz_payload_block(&in, &b, &scratch, NULL);
    const char *link = "-";
    if (e == BLK_ERR_OK) link = wit_link(&w, &b.header, NULL) == RIVET_OK ? "ok" : "fail";
    char line[160];
    snprintf(line, sizeof line, " nodes=%zu codes=%zu headers=%zu block=%s link=%s\n",
             trie_memstore_count(w.nodes), trie_memstore_count(w.codes), w.nheaders,
             e == BLK_ERR_OK ? "ok" : blk_error_name(e), link);
    out_str(line);
    blk_free(&b);
    buf_free(&scratch);
    wit_free(&w);
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status run(const uint8_t *in, size_t len, trie *t, rivet_diag *d)
{
    rlp_item top, job, it[5];
    rlp_iter iter;
    rivet_status st;
    rivet_buf out = {0};
    size_t entries = 0;
    if ((st = rlp_decode(in, len, &top, d))) return st;
    if (!top.list) return rivet_fail(d, RIVET_EINPUT, 0, "input is not an RLP list");
    rlp_iter_init(&iter, &top);
    while ((st = rlp_iter_next(&iter, &job, d)) == RIVET_OK) {
        size_t n;
        const uint8_t *tag;
        size_t tlen;
        if (!job.list) return rivet_fail(d, RIVET_EINPUT, job.off, "job is not a list");
        if ((st = rlp_list_items(&job, it, 5, &n, d))) return st;
        if (n < 1 || (st = rlp_get_bytes(&it[0], &tag, &tlen, d)) || tlen != 1)
            return st ? st : rivet_fail(d, RIVET_EINPUT, job.off, "job without a 1-byte tag");
        if (tag[0] == 'K' || tag[0] == 'S' || tag[0] == 'R') {
            st = job_hash(it, n, (char)tag[0], d);
        } else if (tag[0] == 'P') {
            st = job_precompile(it, n, &out, d);
        } else if (tag[0] == 'W') {
            st = job_witness(it, n, d);
        } else if (tag[0] == 'E') {
            st = job_evm(it, n, d);
        } else if (tag[0] == 'T') {
            const uint8_t *k, *v;
            size_t kl, vl;
            if (n != 3) return rivet_fail(d, RIVET_EINPUT, job.off, "T job needs 3 items");
            if (!(st = rlp_get_bytes(&it[1], &k, &kl, d)) &&
                !(st = rlp_get_bytes(&it[2], &v, &vl, d)))
                st = trie_put(t, k, kl, v, vl, d);
            entries++;
        } else {
            st = rivet_fail(d, RIVET_EINPUT, job.off, "unknown job tag 0x%02x", tag[0]);
        }
        if (st) break;
    }
    buf_free(&out);
    if (st != RIVET_EMISSING) return st;
    uint8_t root[32];
    if ((st = trie_root(t, root, d))) return st;
    char line[64];
    snprintf(line, sizeof line, "T entries=%zu root=", entries);
    out_str(line);
    out_hex(root, 32);
    out_str("\n");
    return RIVET_OK;
}

int main(void)
{
    size_t len;
    const uint8_t *in = guest_input(&len);
    rivet_diag d = {0};
    trie *t = trie_new(0);
    if (!in || !t) {
        out_str("error: no input or out of memory\n");
        return 1;
    }
    out_str("backend=");
    out_str(crypto_backend());
    out_str("\n");
    rivet_status st = run(in, len, t, &d);
    trie_free(t);
    return st ? fail(&d, rivet_status_str(st)) : 0;
}
