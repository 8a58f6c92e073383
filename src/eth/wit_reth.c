/* The reth guests' inputs: rsp's ClientExecutorInput and zisk-eth-client's two records, both
   bincode-1 (layouts: ../shared/guests/vendor/reth/README.md, docs/blocks-and-witnesses.md).
   Plain C without jansson: the guest reads them too. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eth/wit_bc.h"
#include "eth/wit_impl.h"
#include "rivet/crypto.h"
#include "rivet/rlp.h"

static const char *const wit_format_names[WIT_FMT_COUNT] = {
#define X(id, name) name,
    WIT_FORMAT_LIST(X)
#undef X
};

const char *wit_format_name(wit_format f)
{
    return f < WIT_FMT_COUNT ? wit_format_names[f] : "?";
}

wit_format wit_format_by_name(const char *name)
{
    for (int f = 0; f < WIT_FMT_COUNT; f++)
        if (!strcasecmp(name, wit_format_names[f])) return (wit_format)f;
    return WIT_FMT_COUNT;
}

void wit_input_free(wit_input *in)
{
    if (in->has_b) blk_free(&in->b);
    if (in->has_w) wit_free(&in->w);
    buf_free(&in->block_rlp);
    memset(in, 0, sizeof *in);
}

static uint64_t wit_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* zisk: [u64 n1][n1 bytes, starting with u64 32] padded to 8, [u64 n2][n2 bytes], at most 7
   bytes of padding after. *r1, *r2: the records' offsets (after their lengths). */
static bool wit_zisk_frame(const uint8_t *p, size_t len, size_t *r1, size_t *n1, size_t *r2,
                           size_t *n2)
{
    if (len < 16) return false;
    uint64_t a = wit_le64(p);
    /* record 1 starts with the block's parent hash: u64 32 */
    if (a > len - 8 || a < 40 || wit_le64(p + 8) != 32) return false;
    size_t off = (8 + (size_t)a + 7) & ~(size_t)7;
    if (off > len - 8) return false;
    uint64_t b = wit_le64(p + off);
    if (b > len - off - 8 || len - off - 8 - b > 7) return false;
    *r1 = 8, *n1 = (size_t)a, *r2 = off + 8, *n2 = (size_t)b;
    return true;
}

wit_format wit_detect_bincode(const uint8_t *p, size_t len)
{
    size_t r1, n1, r2, n2;
    if (wit_zisk_frame(p, len, &r1, &n1, &r2, &n2)) return WIT_FMT_ZISK;
    /* rsp starts with the parent hash: u64 32, then 32 bytes */
    if (len >= 40 && wit_le64(p) == 32) return WIT_FMT_RSP;
    return WIT_FMT_AUTO;
}

/* The block, rebuilt as RLP and decoded by blk_decode. */
static void wit_read_block(wbc *r, wit_input *in)
{
    wit_bc_block(r, &in->block_rlp);
    if (!wit_bc_ok(r)) return;
    rivet_diag bd = {0};
    blk_error e = blk_decode(in->block_rlp.p, in->block_rlp.n, &in->b, &bd);
    if (e != BLK_ERR_OK)
        wit_bc_fail(r, e == BLK_ERR_NOMEM ? RIVET_ENOMEM : RIVET_EINPUT, "block: %s", bd.msg);
    else
        in->has_b = true;
}

/* ---- rsp: MptNode tries -> RLP nodes ------------------------------------------------------ */

enum { WIT_MPT_DEPTH = 70 }; /* 64 nibbles of branches plus extensions and a leaf */

static void wit_mpt_ref(wbc *r, wit *w, rivet_buf *out, int depth);

static void wit_put(wbc *r, rivet_status s)
{
    if (s != RIVET_OK) wit_bc_fail(r, s, "trie node does not encode");
}

/* MptNode = enum {Null, Branch([Option<Box<MptNode>>; 16]), Leaf(path, value),
   Extension(path, child), Digest(B256)}: its RLP into out, or for a Digest the hash into
   digest (*is_digest set). Paths are hex-prefix encoded already. */
static void wit_mpt_node(wbc *r, wit *w, rivet_buf *out, uint8_t digest[32], bool *is_digest,
                         int depth)
{
    *is_digest = false;
    if (depth > WIT_MPT_DEPTH) {
        wit_bc_fail(r, RIVET_EINPUT, "trie deeper than %d nodes", WIT_MPT_DEPTH);
        return;
    }
    uint32_t v = wit_bc_u32(r);
    size_t n, m;
    const uint8_t *x;
    switch (wit_bc_ok(r) ? v : 0) {
    case 0: wit_put(r, rlp_put_bytes(out, NULL, 0)); return; /* Null */
    case 1:                                                  /* Branch */
        m = rlp_list_begin(out);
        for (int i = 0; i < 16 && wit_bc_ok(r); i++)
            if (wit_bc_opt(r, "branch child"))
                wit_mpt_ref(r, w, out, depth + 1);
            else
                wit_put(r, buf_push(out, 0x80));
        wit_put(r, buf_push(out, 0x80));
        if (wit_bc_ok(r)) wit_put(r, rlp_list_end(out, m));
        return;
    case 2: /* Leaf */
    case 3: /* Extension */
        m = rlp_list_begin(out);
        x = wit_bc_bytes(r, &n, "trie path");
        if (wit_bc_ok(r)) wit_put(r, rlp_put_bytes(out, x, n));
        if (v == 2) {
            x = wit_bc_bytes(r, &n, "leaf value");
            if (wit_bc_ok(r)) wit_put(r, rlp_put_bytes(out, x, n));
        } else {
            wit_mpt_ref(r, w, out, depth + 1);
        }
        if (wit_bc_ok(r)) wit_put(r, rlp_list_end(out, m));
        return;
    case 4:
        wit_bc_fixed(r, digest, 32, "trie digest");
        *is_digest = true;
        return;
    default: wit_bc_fail(r, RIVET_EINPUT, "trie node variant %u", v);
    }
}

/* A child reference: the child is encoded in place at the end of out and stays there (embedded)
   when under 32 bytes; otherwise it is stored and replaced by its hash. */
static void wit_mpt_ref(wbc *r, wit *w, rivet_buf *out, int depth)
{
    /* fast path for the common child, a Digest: u32 4, u64 32, 32 bytes -> 0xa0 || hash */
    const uint8_t *p = r->p + r->off;
    if (wit_bc_ok(r) && r->len - r->off >= 44 && p[0] == 4 && !(p[1] | p[2] | p[3]) &&
        wit_le64(p + 4) == 32) {
        if (buf_reserve(out, 33) != RIVET_OK) {
            wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
            return;
        }
        out->p[out->n] = 0xa0;
        memcpy(out->p + out->n + 1, p + 12, 32);
        out->n += 33;
        r->off += 44;
        return;
    }
    size_t mark = out->n;
    uint8_t h[32];
    bool dig;
    wit_mpt_node(r, w, out, h, &dig, depth);
    if (!wit_bc_ok(r) || (!dig && out->n - mark < 32)) return;
    if (!dig) {
        crypto_keccak256(h, out->p + mark, out->n - mark);
        wit_put(r, wit_add_node(w, out->p + mark, out->n - mark));
        out->n = mark;
    }
    wit_put(r, rlp_put_bytes(out, h, 32));
}

/* A trie's root node: stored whatever its size (a Digest root adds nothing). */
static void wit_mpt_root(wbc *r, wit *w)
{
    rivet_buf node = {0};
    uint8_t h[32];
    bool dig;
    wit_mpt_node(r, w, &node, h, &dig, 0);
    if (wit_bc_ok(r) && !dig) wit_put(r, wit_add_node(w, node.p, node.n));
    buf_free(&node);
}

/* revm Bytecode: LegacyAnalyzed {bytecode, original_len, jump_table (bitvec)} is variant 1;
   variant 0 is LegacyRaw(bytes) in older revm, Eip7702 {address, version, raw} in newer. */
static void wit_bytecode(wbc *r, wit *w)
{
    uint32_t v = wit_bc_u32(r);
    size_t n, skip;
    const uint8_t *code;
    if (v == 1) {
        code = wit_bc_bytes(r, &n, "bytecode");
        uint64_t orig = wit_bc_u64(r);
        if (wit_bc_ok(r) && orig > n)
            wit_bc_fail(r, RIVET_EINPUT, "original_len %llu > %zu bytes", (unsigned long long)orig,
                        n);
        n = (size_t)orig;
        wit_bc_bytes(r, &skip, "jump table order");
        wit_bc_raw(r, 2 + 8, "jump table head and length");
        wit_bc_bytes(r, &skip, "jump table");
    } else if (v == 0) {
        size_t start = r->off;
        code = wit_bc_bytes(r, &n, "bytecode");
        if (wit_bc_ok(r) && n == 20 && r->off + 9 + 23 <= r->len && r->p[r->off] == 0 &&
            wit_le64(r->p + r->off + 1) == 23) { /* Eip7702: address, version 0, raw */
            r->off = start + 8 + 20 + 1;
            code = wit_bc_bytes(r, &n, "eip-7702 code");
        }
    } else {
        wit_bc_fail(r, RIVET_EUNSUPPORTED, "bytecode variant %u", v);
        return;
    }
    if (wit_bc_ok(r)) wit_put(r, wit_add_code(w, code, n));
}

static void wit_rsp(wbc *r, wit_input *in)
{
    wit_read_block(r, in);
    size_t n = wit_bc_count(r, 500, "ancestor headers");
    rivet_buf enc = {0};
    for (size_t i = 0; i < n && wit_bc_ok(r); i++) {
        hdr h;
        wit_bc_header(r, &h);
        enc.n = 0;
        if (wit_bc_ok(r) && hdr_encode(&h, &enc)) wit_bc_fail(r, RIVET_ENOMEM, "out of memory");
        if (wit_bc_ok(r)) wit_put(r, wit_add_header(&in->w, enc.p, enc.n, r->d));
    }
    buf_free(&enc);
    wit_mpt_root(r, &in->w);
    n = wit_bc_count(r, 8 + 32 + 4, "storage tries");
    for (size_t i = 0; i < n && wit_bc_ok(r); i++) {
        uint8_t key[32];
        wit_bc_fixed(r, key, 32, "storage trie key");
        wit_mpt_root(r, &in->w);
    }
    n = wit_bc_count(r, 12, "bytecodes");
    for (size_t i = 0; i < n && wit_bc_ok(r); i++)
        wit_bytecode(r, &in->w);
    uint32_t genesis = wit_bc_u32(r);
    if (wit_bc_ok(r) && genesis != 0)
        wit_bc_fail(r, RIVET_EUNSUPPORTED, "genesis variant %u (only 0, mainnet, is read)",
                    genesis);
    in->chain_id = 1;
    if (wit_bc_opt(r, "custom_beneficiary")) wit_bc_raw(r, 28, "custom_beneficiary");
    wit_bc_u8(r); /* opcode_tracking */
}

/* zisk record 1: RethInputPublic {block, chain_config (starts with the chain id), public_keys
   (one 65-byte key per transaction, at the end)}. Record 2: ExecutionWitness. */
static void wit_zisk(wbc *r, wit_input *in, size_t r1, size_t n1, size_t r2, size_t n2)
{
    wbc rec; /* the same bytes, ending with record 1 (offsets stay absolute) */
    wit_bc_init(&rec, r->p, r1 + n1, r->d);
    rec.off = r1;
    wit_read_block(&rec, in);
    in->chain_id = wit_bc_u64(&rec);
    if ((r->st = rec.st) != RIVET_OK) return;
    size_t keys = in->b.ntx * 73 + 8;
    if (keys <= n1 - (rec.off - r1) && wit_le64(r->p + r1 + n1 - keys) == in->b.ntx)
        in->npublic_keys = in->b.ntx;
    r->off = r2;
    static const int parts[WIT_NPARTS] = {WIT_STATE, WIT_CODES, WIT_KEYS, WIT_HEADERS};
    for (int i = 0; i < WIT_NPARTS && wit_bc_ok(r); i++) {
        size_t cnt = wit_bc_count(r, 8, wit_part_names[parts[i]]);
        for (size_t j = 0; j < cnt && wit_bc_ok(r); j++) {
            size_t len;
            const uint8_t *x = wit_bc_bytes(r, &len, wit_part_names[parts[i]]);
            rivet_status s = wit_bc_ok(r) ? wit_add(&in->w, parts[i], x, len, r->d) : RIVET_OK;
            if (s != RIVET_OK) r->st = s;
        }
    }
    if (wit_bc_ok(r) && r->off != r2 + n2)
        wit_bc_fail(r, RIVET_EINPUT, "%zu bytes after the witness", r2 + n2 - r->off);
}

rivet_status wit_input_bincode(wit_input *in, const uint8_t *p, size_t len, wit_format f,
                               rivet_diag *d)
{
    memset(in, 0, sizeof *in);
    if (f == WIT_FMT_AUTO) f = wit_detect_bincode(p, len);
    size_t r1, n1, r2, n2;
    if (f == WIT_FMT_ZISK && !wit_zisk_frame(p, len, &r1, &n1, &r2, &n2))
        return rivet_fail(d, RIVET_EINPUT, 0, "zisk input: not two length-prefixed records");
    if (f != WIT_FMT_ZISK && f != WIT_FMT_RSP)
        return rivet_fail(d, RIVET_EINPUT, 0, "not an rsp or zisk bincode input");
    if (wit_init(&in->w) != RIVET_OK) return rivet_fail(d, RIVET_ENOMEM, 0, "out of memory");
    in->has_w = true;
    in->format = f;
    wbc r;
    wit_bc_init(&r, p, len, d);
    if (f == WIT_FMT_ZISK)
        wit_zisk(&r, in, r1, n1, r2, n2);
    else
        wit_rsp(&r, in);
    if (wit_bc_ok(&r) && f == WIT_FMT_RSP && r.off != len)
        wit_bc_fail(&r, RIVET_EINPUT, "%zu bytes after the input", len - r.off);
    rivet_status s = r.st;
    if (s != RIVET_OK) wit_input_free(in);
    return s;
}
