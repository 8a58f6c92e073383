/* SSZ: containers and lists with strict offsets; streaming merkleization. */
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/ssz.h"

uint64_t ssz_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

uint32_t ssz_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static ssz_span ssz_sub(ssz_span s, size_t from, size_t to)
{
    return (ssz_span){s.p + from, to - from, s.off + from};
}

rivet_status ssz_container(ssz_span in, const size_t *sizes, size_t n, ssz_span *fields,
                           rivet_diag *d)
{
    size_t fixed = 0;
    for (size_t i = 0; i < n; i++)
        fixed += sizes[i] ? sizes[i] : 4;
    if (in.len < fixed)
        return rivet_fail(d, RIVET_EINPUT, in.off, "ssz: container of %zu bytes, fixed part is %zu",
                          in.len, fixed);
    size_t pos = 0, prev = 0, prev_field = n;
    bool any_var = false;
    for (size_t i = 0; i < n; i++) {
        if (sizes[i]) {
            fields[i] = ssz_sub(in, pos, pos + sizes[i]);
            pos += sizes[i];
            continue;
        }
        size_t o = ssz_le32(in.p + pos);
        if ((!any_var && o != fixed) || o < prev || o > in.len)
            return rivet_fail(d, RIVET_EINPUT, in.off + pos,
                              "ssz: bad offset %zu for field %zu (fixed part %zu, previous %zu, "
                              "size %zu)",
                              o, i, fixed, prev, in.len);
        if (prev_field < n) fields[prev_field] = ssz_sub(in, prev, o);
        any_var = true;
        prev = o;
        prev_field = i;
        pos += 4;
    }
    if (prev_field < n)
        fields[prev_field] = ssz_sub(in, prev, in.len);
    else if (in.len != fixed)
        return rivet_fail(d, RIVET_EINPUT, in.off + fixed,
                          "ssz: %zu trailing bytes after a fixed-size container", in.len - fixed);
    return RIVET_OK;
}

rivet_status ssz_list_var(ssz_span in, size_t max, size_t *count, rivet_diag *d)
{
    *count = 0;
    if (in.len == 0) return RIVET_OK;
    if (in.len < 4) return rivet_fail(d, RIVET_EINPUT, in.off, "ssz: list of %zu bytes", in.len);
    size_t first = ssz_le32(in.p);
    if (first % 4 || first == 0 || first > in.len)
        return rivet_fail(d, RIVET_EINPUT, in.off, "ssz: bad first list offset %zu (size %zu)",
                          first, in.len);
    size_t n = first / 4;
    if (n > max)
        return rivet_fail(d, RIVET_ERANGE, in.off, "ssz: list of %zu items, limit %zu", n, max);
    size_t prev = first;
    for (size_t i = 1; i < n; i++) {
        size_t o = ssz_le32(in.p + 4 * i);
        if (o < prev || o > in.len)
            return rivet_fail(d, RIVET_EINPUT, in.off + 4 * i,
                              "ssz: list offset %zu of item %zu out of order (previous %zu, size "
                              "%zu)",
                              o, i, prev, in.len);
        prev = o;
    }
    *count = n;
    return RIVET_OK;
}

ssz_span ssz_list_var_item(ssz_span in, size_t i)
{
    size_t n = ssz_le32(in.p) / 4;
    size_t from = ssz_le32(in.p + 4 * i);
    size_t to = i + 1 < n ? ssz_le32(in.p + 4 * (i + 1)) : in.len;
    return ssz_sub(in, from, to);
}

rivet_status ssz_list_fixed(ssz_span in, size_t size, size_t max, size_t *count, rivet_diag *d)
{
    *count = 0;
    if (in.len % size)
        return rivet_fail(d, RIVET_EINPUT, in.off, "ssz: list of %zu bytes, items of %zu", in.len,
                          size);
    if (in.len / size > max)
        return rivet_fail(d, RIVET_ERANGE, in.off, "ssz: list of %zu items, limit %zu",
                          in.len / size, max);
    *count = in.len / size;
    return RIVET_OK;
}

/* ---- merkleization ---- */

static uint8_t ssz_zero[65][32];

static void ssz_pair(uint8_t out[32], const uint8_t a[32], const uint8_t b[32])
{
    uint8_t buf[64];
    memcpy(buf, a, 32);
    memcpy(buf + 32, b, 32);
    crypto_sha256(out, buf, 64);
}

static const uint8_t *ssz_zero_hash(unsigned k)
{
    static int ready;
    if (!ready) {
        for (unsigned i = 1; i <= 64; i++)
            ssz_pair(ssz_zero[i], ssz_zero[i - 1], ssz_zero[i - 1]);
        ready = 1;
    }
    return ssz_zero[k];
}

void ssz_hasher_init(ssz_hasher *h, unsigned depth)
{
    h->count = 0;
    h->depth = depth > 64 ? 64 : depth;
    h->overflow = false;
}

void ssz_hasher_chunk(ssz_hasher *h, const uint8_t chunk[32])
{
    if (h->depth < 64 && h->count >= (1ull << h->depth)) {
        h->overflow = true;
        return;
    }
    uint8_t node[32];
    memcpy(node, chunk, 32);
    unsigned k = 0;
    while (k < h->depth && (h->count >> k) & 1) {
        ssz_pair(node, h->level[k], node);
        k++;
    }
    memcpy(h->level[k], node, 32);
    h->count++;
}

void ssz_hasher_bytes(ssz_hasher *h, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len && !h->overflow; i += 32) {
        uint8_t c[32] = {0};
        memcpy(c, p + i, len - i < 32 ? len - i : 32);
        ssz_hasher_chunk(h, c);
    }
}

rivet_status ssz_hasher_root(ssz_hasher *h, uint8_t out[32])
{
    if (h->overflow) return RIVET_ERANGE;
    if (h->depth < 64 && h->count == (1ull << h->depth)) {
        memcpy(out, h->level[h->depth], 32);
        return RIVET_OK;
    }
    uint8_t cur[32];
    memcpy(cur, ssz_zero_hash(0), 32);
    bool have = false;
    for (unsigned k = 0; k < h->depth; k++) {
        if ((h->count >> k) & 1) {
            ssz_pair(cur, h->level[k], cur);
            have = true;
        } else if (have) {
            ssz_pair(cur, cur, ssz_zero_hash(k));
        } else {
            memcpy(cur, ssz_zero_hash(k + 1), 32);
        }
    }
    memcpy(out, cur, 32);
    return RIVET_OK;
}

unsigned ssz_depth(uint64_t chunks)
{
    unsigned d = 0;
    while (d < 64 && (1ull << d) < chunks)
        d++;
    return d;
}

void ssz_mix_in_length(uint8_t root[32], uint64_t len)
{
    uint8_t l[32];
    ssz_chunk_u64(l, len);
    ssz_pair(root, root, l);
}

void ssz_chunk_u64(uint8_t out[32], uint64_t v)
{
    memset(out, 0, 32);
    for (int i = 0; i < 8; i++, v >>= 8)
        out[i] = (uint8_t)v;
}

void ssz_root_vector(const uint8_t *p, size_t len, uint8_t out[32])
{
    ssz_hasher h;
    ssz_hasher_init(&h, ssz_depth((len + 31) / 32));
    ssz_hasher_bytes(&h, p, len);
    if (ssz_hasher_root(&h, out) != RIVET_OK) /* cannot be: the depth holds len */
        memset(out, 0, 32);
}

rivet_status ssz_root_bytelist(const uint8_t *p, size_t len, uint64_t limit, uint8_t out[32])
{
    if (len > limit) return RIVET_ERANGE;
    ssz_hasher h;
    ssz_hasher_init(&h, ssz_depth((limit + 31) / 32));
    ssz_hasher_bytes(&h, p, len);
    rivet_status st = ssz_hasher_root(&h, out);
    if (st == RIVET_OK) ssz_mix_in_length(out, len);
    return st;
}
