/* rivet stateless: the inputs that carry their block (rsp and zisk bincode, scroll and RPC JSON),
   the parent header given apart (--parent), a trusted pre-state root (--pre-state-root) and the
   guest's framing of any input (--guest-input). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block_cmd.h"
#include "cli.h"
#include "rivet/crypto.h"
#include "rivet/rlp.h"
#include "stateless_cmd.h"

/* --parent FILE: its header RLP joins the witness's headers (unless they hold it already). */
static bool add_parent(const char *path, wit *w)
{
    uint8_t *data;
    size_t len;
    if (!block_read(path, &data, &len)) return false;
    rivet_buf h = {0};
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status st = wit_header_rlp(&h, data, len, &d);
    uint8_t hash[32];
    bool have = false;
    if (st == RIVET_OK) crypto_keccak256(hash, h.p, h.n);
    for (size_t i = 0; st == RIVET_OK && i < w->nheaders; i++)
        have |= memcmp(w->headers[i].hash, hash, 32) == 0;
    if (st == RIVET_OK && !have) st = wit_add_header(w, h.p, h.n, &d);
    if (st != RIVET_OK) fprintf(stderr, "rivet stateless: --parent %s: %s\n", path, d.msg);
    buf_free(&h);
    free(data);
    return st == RIVET_OK;
}

/* The guest's input (docs/guest.md): ["B", bincode input] as given; under a test network
   ["G", block RLP, ExtWitness RLP, chain id, network]; else ["W", block RLP, ExtWitness RLP,
   chain id, pre-state root or "", [[number, hash]...], lenient]; under --hybrid that input
   wrapped as ["H", input]. */
static bool guest_frame(const char *path, wit_input *in, const uint8_t *raw, size_t raw_len,
                        const uint8_t *pre, bool lenient, const char *network, bool hybrid)
{
    if (network && (raw || pre || in->w.nhashes)) {
        fprintf(stderr, "rivet stateless: --guest-input with --network needs a witness with its "
                        "headers (no bincode input, --pre-state-root or hash list)\n");
        return false;
    }
    rivet_buf b = {0}, w = {0};
    size_t top = rlp_list_begin(&b);
    rivet_status s = rlp_put_bytes(&b, (const uint8_t *)(raw ? "B" : network ? "G" : "W"), 1);
    if (raw) {
        if (s == RIVET_OK) s = rlp_put_bytes(&b, raw, raw_len);
    } else if (network) {
        if (s == RIVET_OK) s = rlp_put_bytes(&b, in->b.raw.p, in->b.raw.len);
        if (s == RIVET_OK) s = wgen_encode_rlp(&in->w, &w);
        if (s == RIVET_OK) s = rlp_put_bytes(&b, w.p, w.n);
        if (s == RIVET_OK) s = rlp_put_u64(&b, in->chain_id);
        if (s == RIVET_OK) s = rlp_put_bytes(&b, (const uint8_t *)network, strlen(network));
    } else {
        if (s == RIVET_OK) s = rlp_put_bytes(&b, in->b.raw.p, in->b.raw.len);
        if (s == RIVET_OK) s = wgen_encode_rlp(&in->w, &w);
        if (s == RIVET_OK) s = rlp_put_bytes(&b, w.p, w.n);
        if (s == RIVET_OK) s = rlp_put_u64(&b, in->chain_id);
        if (s == RIVET_OK) s = rlp_put_bytes(&b, pre, pre ? 32 : 0);
        size_t m = rlp_list_begin(&b);
        for (size_t i = 0; s == RIVET_OK && i < in->w.nhashes; i++) {
            size_t e = rlp_list_begin(&b);
            s = rlp_put_u64(&b, in->w.hashes[i].number);
            if (s == RIVET_OK) s = rlp_put_bytes(&b, in->w.hashes[i].hash, 32);
            if (s == RIVET_OK) s = rlp_list_end(&b, e);
        }
        if (s == RIVET_OK) s = rlp_list_end(&b, m);
        if (s == RIVET_OK) s = rlp_put_u64(&b, lenient);
    }
    if (s == RIVET_OK) s = rlp_list_end(&b, top);
    if (s == RIVET_OK && hybrid) {
        rivet_buf h = {0};
        size_t t = rlp_list_begin(&h);
        s = rlp_put_bytes(&h, (const uint8_t *)"H", 1);
        if (s == RIVET_OK) s = rlp_put_bytes(&h, b.p, b.n);
        if (s == RIVET_OK) s = rlp_list_end(&h, t);
        buf_free(&b);
        b = h;
    }
    FILE *f = s == RIVET_OK ? fopen(path, "wb") : NULL;
    bool ok = f && fwrite(b.p, 1, b.n, f) == b.n;
    if (f && fclose(f) != 0) ok = false;
    if (!ok) fprintf(stderr, "rivet stateless: --guest-input %s: cannot write\n", path);
    buf_free(&b);
    buf_free(&w);
    return ok;
}

int sl_cmd_run_input(const sl_cmd *o, wit_input *in, const uint8_t *raw, size_t raw_len)
{
    if (o->parent && !add_parent(o->parent, &in->w)) return EXIT_FAIL;
    const chain_config *c = sl_cmd_chain(o->chain, in->chain_id);
    if (!c) return cli_usage_error("stateless", "unknown chain");
    bool bincode = in->format == WIT_FMT_RSP || in->format == WIT_FMT_ZISK;
    bool lenient = o->strictness == 0 || (o->strictness < 0 && !bincode);
    const uint8_t *pre = o->has_pre_root          ? o->pre_root
                         : in->has_pre_state_root ? in->pre_state_root
                                                  : NULL;
    if (o->guest_input && !guest_frame(o->guest_input, in, bincode && !o->parent ? raw : NULL,
                                       raw_len, pre, lenient, o->network, o->vm != NULL))
        return EXIT_FAIL;
    sl_opts so = {lenient ? SL_LENIENT : 0, pre, NULL, NULL, o->vm};
    sl_result r;
    rivet_status st = sl_validate_opts(&in->b, &in->w, c, &so, &r);
    if (st != RIVET_OK) {
        fprintf(stderr, "rivet stateless: %s\n", rivet_status_str(st));
        return EXIT_FAIL;
    }
    return sl_cmd_print(&r, NULL, in->format);
}

int sl_cmd_run_file(const sl_cmd *o, const char *path, const uint8_t *data, size_t len)
{
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    wit_format f = o->format;
    bool json = f == WIT_FMT_RPC_JSON || f == WIT_FMT_SCROLL ||
                (f == WIT_FMT_AUTO && i < len && data[i] == '{');
    wit_input in;
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status st = json ? wit_input_json(&in, (const char *)data, len, f, &d)
                           : wit_input_bincode(&in, data, len, f, &d);
    if (st != RIVET_OK) {
        fprintf(stderr, "rivet stateless: %s: %s\n", path, d.msg);
        return EXIT_FAIL;
    }
    int rc = sl_cmd_run_input(o, &in, json ? NULL : data, len);
    wit_input_free(&in);
    return rc;
}
