/* RLP decoding (strict) and encoding. */
#include "rivet/rlp.h"

#include <string.h>

RIVET_MUST_USE static rivet_status rlp_err(rivet_diag *d, size_t off, const char *what)
{
    return rivet_fail(d, RIVET_EINPUT, off, "rlp: %s at byte %zu", what, off);
}

/* Reads a big-endian length of n bytes (1..8) from p; rejects leading zeros. */
RIVET_MUST_USE static rivet_status rlp_len_of(const uint8_t *p, size_t n, size_t off, size_t *out,
                                              rivet_diag *d)
{
    if (n > 8 || (n == 8 && p[0] > 0x7f)) return rlp_err(d, off, "length of length too large");
    if (p[0] == 0) return rlp_err(d, off, "leading zero in length");
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    if (v < 56) return rlp_err(d, off, "long form used for a short length");
    if ((uint64_t)(size_t)v != v) return rlp_err(d, off, "length does not fit in memory");
    *out = (size_t)v;
    return RIVET_OK;
}

rivet_status rlp_decode_item(const uint8_t *in, size_t len, size_t base_off, rlp_item *out,
                             size_t *consumed, rivet_diag *d)
{
    if (len == 0) return rlp_err(d, base_off, "unexpected end of input");
    uint8_t b = in[0];
    size_t hdr, plen = 0;
    bool list = b >= 0xc0;
    if (b < 0x80) {
        hdr = 0;
        plen = 1;
    } else if (b < 0xb8 || (b >= 0xc0 && b < 0xf8)) {
        hdr = 1;
        plen = b - (list ? 0xc0 : 0x80);
    } else {
        size_t ll = b - (list ? 0xf7 : 0xb7);
        if (ll >= len) return rlp_err(d, base_off, "truncated length");
        rivet_status s = rlp_len_of(in + 1, ll, base_off + 1, &plen, d);
        if (s != RIVET_OK) return s;
        hdr = 1 + ll;
    }
    if (plen > len - hdr) return rlp_err(d, base_off, "item longer than its input");
    if (!list && hdr == 1 && plen == 1 && in[1] < 0x80)
        return rlp_err(d, base_off, "single byte below 0x80 must not have a header");
    out->p = in + hdr;
    out->len = plen;
    out->off = base_off;
    out->hdr = hdr;
    out->list = list;
    *consumed = hdr + plen;
    return RIVET_OK;
}

rivet_status rlp_decode(const uint8_t *in, size_t len, rlp_item *out, rivet_diag *d)
{
    size_t used;
    rivet_status s = rlp_decode_item(in, len, 0, out, &used, d);
    if (s != RIVET_OK) return s;
    if (used != len) return rlp_err(d, used, "trailing bytes after the item");
    return RIVET_OK;
}

rivet_status rlp_validate(const uint8_t *in, size_t len, rivet_diag *d)
{
    /* Walks the tree without recursion: ends[] holds the end offset of each open list. */
    size_t ends[RLP_MAX_DEPTH + 1];
    size_t depth = 0, pos = 0;
    ends[0] = len;
    rlp_item it;
    size_t used;
    rivet_status s = rlp_decode_item(in, len, 0, &it, &used, d);
    if (s != RIVET_OK) return s;
    if (used != len) return rlp_err(d, used, "trailing bytes after the item");
    for (;;) {
        if (it.list) {
            if (depth == RLP_MAX_DEPTH)
                return rivet_fail(d, RIVET_EUNSUPPORTED, pos,
                                  "rlp: lists nested deeper than %d at byte %zu", RLP_MAX_DEPTH,
                                  pos);
            ends[++depth] = pos + used;
            pos += it.hdr;
        } else {
            pos += used;
        }
        while (depth > 0 && pos == ends[depth])
            depth--;
        if (depth == 0) return RIVET_OK;
        s = rlp_decode_item(in + pos, ends[depth] - pos, pos, &it, &used, d);
        if (s != RIVET_OK) return s;
    }
}

void rlp_iter_init(rlp_iter *it, const rlp_item *list)
{
    it->p = list->p;
    it->end = list->p + list->len;
    it->off = list->off + list->hdr;
}

rivet_status rlp_iter_next(rlp_iter *it, rlp_item *item, rivet_diag *d)
{
    if (it->p == it->end) return RIVET_EMISSING;
    size_t used;
    rivet_status s = rlp_decode_item(it->p, (size_t)(it->end - it->p), it->off, item, &used, d);
    if (s != RIVET_OK) return s;
    it->p += used;
    it->off += used;
    return RIVET_OK;
}

rivet_status rlp_list_count(const rlp_item *list, size_t *count, rivet_diag *d)
{
    if (!list->list) return rlp_err(d, list->off, "expected a list");
    rlp_iter it;
    rlp_item x;
    rivet_status s;
    size_t n = 0;
    rlp_iter_init(&it, list);
    while ((s = rlp_iter_next(&it, &x, d)) == RIVET_OK)
        n++;
    if (s != RIVET_EMISSING) return s;
    *count = n;
    return RIVET_OK;
}

rivet_status rlp_list_items(const rlp_item *list, rlp_item *items, size_t n, size_t *got,
                            rivet_diag *d)
{
    if (!list->list) return rlp_err(d, list->off, "expected a list");
    rlp_iter it;
    rlp_iter_init(&it, list);
    size_t i = 0;
    for (;;) {
        rlp_item x;
        rivet_status s = rlp_iter_next(&it, &x, d);
        if (s == RIVET_EMISSING) break;
        if (s != RIVET_OK) return s;
        if (i == n)
            return rivet_fail(d, RIVET_EINPUT, x.off, "rlp: list has more than %zu items", n);
        items[i++] = x;
    }
    if (got)
        *got = i;
    else if (i != n)
        return rivet_fail(d, RIVET_EINPUT, list->off, "rlp: list has %zu items, expected %zu", i,
                          n);
    return RIVET_OK;
}

rivet_status rlp_get_bytes(const rlp_item *it, const uint8_t **p, size_t *len, rivet_diag *d)
{
    if (it->list) return rlp_err(d, it->off, "expected a string, found a list");
    *p = it->p;
    *len = it->len;
    return RIVET_OK;
}

rivet_status rlp_get_fixed(const rlp_item *it, uint8_t *out, size_t n, rivet_diag *d)
{
    if (it->list) return rlp_err(d, it->off, "expected a string, found a list");
    if (it->len != n)
        return rivet_fail(d, RIVET_EINPUT, it->off,
                          "rlp: expected %zu bytes, found %zu at byte %zu", n, it->len, it->off);
    memcpy(out, it->p, n);
    return RIVET_OK;
}

RIVET_MUST_USE static rivet_status rlp_check_int(const rlp_item *it, size_t max, rivet_diag *d)
{
    if (it->list) return rlp_err(d, it->off, "expected an integer, found a list");
    if (it->len > max)
        return rivet_fail(d, RIVET_ERANGE, it->off,
                          "rlp: integer of %zu bytes exceeds %zu at byte %zu", it->len, max,
                          it->off);
    if (it->len > 0 && it->p[0] == 0) return rlp_err(d, it->off, "integer with leading zero");
    return RIVET_OK;
}

rivet_status rlp_get_u64(const rlp_item *it, uint64_t *v, rivet_diag *d)
{
    rivet_status s = rlp_check_int(it, 8, d);
    if (s != RIVET_OK) return s;
    uint64_t x = 0;
    for (size_t i = 0; i < it->len; i++)
        x = x << 8 | it->p[i];
    *v = x;
    return RIVET_OK;
}

rivet_status rlp_get_u256(const rlp_item *it, u256 *v, rivet_diag *d)
{
    rivet_status s = rlp_check_int(it, 32, d);
    if (s != RIVET_OK) return s;
    *v = u256_from_be(it->p, it->len);
    return RIVET_OK;
}

/* Writes a header for a payload of len bytes with base 0x80 (string) or 0xc0 (list). */
static size_t rlp_header(uint8_t h[9], size_t len, uint8_t base)
{
    if (len < 56) {
        h[0] = (uint8_t)(base + len);
        return 1;
    }
    size_t n = 0;
    for (size_t v = len; v; v >>= 8)
        n++;
    h[0] = (uint8_t)(base + 55 + n);
    for (size_t i = 0; i < n; i++)
        h[n - i] = (uint8_t)(len >> (8 * i));
    return 1 + n;
}

size_t rlp_bytes_size(const uint8_t *p, size_t len)
{
    uint8_t h[9];
    if (len == 1 && p[0] < 0x80) return 1;
    return rlp_header(h, len, 0x80) + len;
}

rivet_status rlp_put_bytes(rivet_buf *b, const uint8_t *p, size_t len)
{
    if (len == 1 && p[0] < 0x80) return buf_push(b, p[0]);
    uint8_t h[9];
    size_t hl = rlp_header(h, len, 0x80);
    rivet_status s = buf_append(b, h, hl);
    return s != RIVET_OK ? s : buf_append(b, p, len);
}

rivet_status rlp_put_u64(rivet_buf *b, uint64_t v)
{
    uint8_t be[8];
    be_store64(be, v);
    size_t skip = 0;
    while (skip < 8 && be[skip] == 0)
        skip++;
    return rlp_put_bytes(b, be + skip, 8 - skip);
}

rivet_status rlp_put_u256(rivet_buf *b, u256 v)
{
    uint8_t be[32];
    u256_to_be(be, v);
    size_t skip = 0;
    while (skip < 32 && be[skip] == 0)
        skip++;
    return rlp_put_bytes(b, be + skip, 32 - skip);
}

rivet_status rlp_put_raw(rivet_buf *b, const uint8_t *p, size_t len)
{
    return buf_append(b, p, len);
}

size_t rlp_list_begin(rivet_buf *b)
{
    return b->n;
}

rivet_status rlp_list_end(rivet_buf *b, size_t mark)
{
    uint8_t h[9];
    size_t len = b->n - mark;
    size_t hl = rlp_header(h, len, 0xc0);
    rivet_status s = buf_reserve(b, hl);
    if (s != RIVET_OK) return s;
    memmove(b->p + mark + hl, b->p + mark, len);
    memcpy(b->p + mark, h, hl);
    b->n += hl;
    return RIVET_OK;
}
