#include "rivet/bytes.h"

#include <stdlib.h>
#include <string.h>

rivet_status buf_reserve(rivet_buf *b, size_t extra)
{
    if (b->cap - b->n >= extra) return RIVET_OK;
    if (extra > SIZE_MAX / 2 - b->n) return RIVET_ENOMEM;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->n < extra)
        cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    if (!p) return RIVET_ENOMEM;
    b->p = p;
    b->cap = cap;
    return RIVET_OK;
}

rivet_status buf_append(rivet_buf *b, const void *data, size_t len)
{
    rivet_status s = buf_reserve(b, len);
    if (s != RIVET_OK) return s;
    if (len) memcpy(b->p + b->n, data, len);
    b->n += len;
    return RIVET_OK;
}

rivet_status buf_push(rivet_buf *b, uint8_t byte)
{
    return buf_append(b, &byte, 1);
}

void buf_free(rivet_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t hex_skip_prefix(const char *s, size_t len)
{
    return (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 2 : 0;
}

rivet_status hex_decode(uint8_t *out, size_t cap, size_t *outlen, const char *s, size_t len,
                        unsigned flags, rivet_diag *d)
{
    size_t i = hex_skip_prefix(s, len);
    if (i == 0 && (flags & HEX_PREFIX))
        return rivet_fail(d, RIVET_EINPUT, 0, "hex: missing 0x prefix");
    if (i && !(flags & (HEX_PREFIX | HEX_PREFIX_OPT)))
        return rivet_fail(d, RIVET_EINPUT, 0, "hex: unexpected 0x prefix");
    size_t digits = len - i;
    int odd = digits & 1;
    if (odd && !(flags & HEX_ODD_OK))
        return rivet_fail(d, RIVET_EINPUT, len, "hex: odd number of digits (%zu)", digits);
    size_t n = (digits + 1) / 2;
    if (n > cap) return rivet_fail(d, RIVET_ERANGE, i, "hex: %zu bytes do not fit in %zu", n, cap);
    size_t o = 0;
    if (odd) {
        int v = hex_nibble(s[i]);
        if (v < 0) return rivet_fail(d, RIVET_EINPUT, i, "hex: bad digit '%c' at %zu", s[i], i);
        out[o++] = (uint8_t)v;
        i++;
    }
    for (; i < len; i += 2) {
        int hi = hex_nibble(s[i]), lo = hex_nibble(s[i + 1]);
        if (hi < 0) return rivet_fail(d, RIVET_EINPUT, i, "hex: bad digit '%c' at %zu", s[i], i);
        if (lo < 0)
            return rivet_fail(d, RIVET_EINPUT, i + 1, "hex: bad digit '%c' at %zu", s[i + 1],
                              i + 1);
        out[o++] = (uint8_t)(hi << 4 | lo);
    }
    *outlen = o;
    return RIVET_OK;
}

rivet_status hex_decode_alloc(uint8_t **out, size_t *outlen, const char *s, size_t len,
                              unsigned flags, rivet_diag *d)
{
    size_t cap = (len + 1) / 2 + 1;
    uint8_t *p = malloc(cap);
    if (!p) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "hex: out of memory");
    rivet_status st = hex_decode(p, cap, outlen, s, len, flags, d);
    if (st != RIVET_OK) {
        free(p);
        return st;
    }
    *out = p;
    return RIVET_OK;
}

char *hex_encode(char *out, const uint8_t *in, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * len] = 0;
    return out;
}

char *hex_encode_alloc(const uint8_t *in, size_t len, int prefix)
{
    char *s = malloc(2 * len + 3);
    if (!s) return NULL;
    if (prefix) {
        s[0] = '0';
        s[1] = 'x';
    }
    hex_encode(s + (prefix ? 2 : 0), in, len);
    return s;
}

#include <errno.h>
#include <stdio.h>

rivet_status file_read_all(const char *path, uint8_t **data, size_t *len, rivet_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "%s: %s", path, strerror(errno));
    rivet_buf b = {0};
    uint8_t chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf_append(&b, chunk, got) != RIVET_OK) {
            fclose(f);
            buf_free(&b);
            return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "%s: out of memory", path);
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err || buf_push(&b, 0) != RIVET_OK) {
        buf_free(&b);
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "%s: read error", path);
    }
    *data = b.p;
    *len = b.n - 1;
    return RIVET_OK;
}
