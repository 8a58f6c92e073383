/* Reading a trace: the stream header, the index of chunk records, one record's fields. Every
   function takes (pointer, length) and never reads past it. */
#include <stdlib.h>

#include "trace/trace_internal.h"

bool trace_stream_header(const uint8_t *p, size_t len, trace_stream *s, rivet_diag *d)
{
    if (len < TRACE_HEADER_SIZE || memcmp(p, "RVMT", 4))
        return rivet_fail(d, RIVET_EINPUT, 0, "not a rivet trace (magic RVMT missing)"), false;
    unsigned ver = p[4] | p[5] << 8;
    if (ver != TRACE_VERSION)
        return rivet_fail(d, RIVET_EUNSUPPORTED, 4, "trace format version %u (this is v%d)", ver,
                          TRACE_VERSION),
               false;
    s->xlen = p[6];
    s->chunk_log2 = p[7];
    s->profile = p[8] | p[9] << 8;
    s->flags = p[10] | p[11] << 8;
    if ((s->xlen != 32 && s->xlen != 64) || s->chunk_log2 < 4 || s->chunk_log2 > 30 ||
        (s->flags & ~(unsigned)(TRACE_F_ZSTD | TRACE_F_FREGS | TRACE_F_PREV_CLK)) ||
        s->profile < TRACE_PROFILE_ZKVM || s->profile > TRACE_PROFILE_LAST ||
        ((s->flags & TRACE_F_PREV_CLK) && s->profile == TRACE_PROFILE_LINUX))
        return rivet_fail(d, RIVET_EINPUT, 6, "bad trace header fields"), false;
    return true;
}

bool trace_chunk_parse(const uint8_t *p, size_t len, unsigned flags, trace_chunk *c, rivet_diag *d)
{
    size_t h = trace_head_words(flags), x = (flags & TRACE_F_PREV_CLK) ? 1 : 0;
    if (len % 8 || len < (h + 4 + x) * 8)
        return rivet_fail(d, RIVET_EINPUT, 0, "chunk record of %zu bytes is too short", len), false;
    const uint64_t *w = (const uint64_t *)(const void *)p;
    size_t room = len / 8 - h - 4 - x; /* words for the read log and the extras */
    c->id = w[0];
    c->start_step = w[1];
    c->start_pc = w[2];
    c->regs = w + 3;
    c->fregs = (flags & TRACE_F_FREGS) ? w + 3 + TRACE_NREGS : NULL;
    if (c->fregs && c->fregs[32] > 0xff) /* fcsr: frm and fflags, 8 bits */
        return rivet_fail(d, RIVET_EINPUT, (3 + TRACE_NREGS + 32) * 8, "bad fcsr 0x%llx",
                          (unsigned long long)c->fregs[32]),
               false;
    c->steps = w[h];
    c->nreads = w[h + 1];
    if (x ? c->nreads > room : c->nreads != room)
        return rivet_fail(d, RIVET_EINPUT, (h + 1) * 8,
                          "chunk record says %llu log words, its length holds %zu",
                          (unsigned long long)c->nreads, room),
               false;
    c->reads = w + h + 2;
    size_t e = h + 2 + (size_t)c->nreads; /* the extras block, or the end flag */
    c->nextras = 0;
    c->extras = NULL;
    if (x) {
        c->nextras = w[e];
        if (c->nextras != room - c->nreads)
            return rivet_fail(d, RIVET_EINPUT, e * 8,
                              "chunk record says %llu extras words, its length holds %zu",
                              (unsigned long long)c->nextras, room - (size_t)c->nreads),
                   false;
        c->extras = w + e + 1;
        e += 1 + (size_t)c->nextras;
    }
    c->end = w[e];
    c->exit_code = w[e + 1];
    if (c->end > TRACE_END_SWITCH)
        return rivet_fail(d, RIVET_EINPUT, e * 8, "bad end flag %llu", (unsigned long long)c->end),
               false;
    return true;
}

/* offsets[i]..offsets[i+1] is record i (the array has n+1 entries). */
size_t trace_index(const uint8_t *p, size_t len, size_t **offsets, rivet_diag *d)
{
    trace_stream s;
    *offsets = NULL;
    if (!trace_stream_header(p, len, &s, d)) return 0;
    size_t cap = 64, n = 0, off = TRACE_HEADER_SIZE, h = trace_head_words(s.flags);
    size_t *o = malloc(cap * sizeof *o);
    if (!o) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory"), 0;
    while (off < len) {
        size_t rec;
        if (s.flags & TRACE_F_ZSTD) {
            if (len - off < 8) break;
            uint64_t z = trace_get64(p + off);
            if (z > len - off - 8) break;
            rec = 8 + (size_t)z;
        } else {
            if (len - off < (h + 2) * 8) break;
            uint64_t nr = trace_get64(p + off + (h + 1) * 8), words = (len - off) / 8;
            if (nr > words || h + 4 + nr > words) break;
            rec = (h + 4 + (size_t)nr) * 8;
            if (s.flags & TRACE_F_PREV_CLK) { /* n_extras follows the read log */
                if (h + 5 + nr > words) break;
                uint64_t nx = trace_get64(p + off + (h + 2 + (size_t)nr) * 8);
                if (nx > words || h + 5 + nr + nx > words) break;
                rec = (h + 5 + (size_t)nr + (size_t)nx) * 8;
            }
        }
        if (n + 2 > cap) {
            size_t *t = realloc(o, (cap *= 2) * sizeof *o);
            if (!t) {
                free(o);
                return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory"), 0;
            }
            o = t;
        }
        o[n++] = off;
        off += rec;
    }
    if (off != len || !n) {
        free(o);
        return rivet_fail(d, RIVET_EINPUT, off, "truncated or malformed chunk record (chunk %zu)",
                          n),
               0;
    }
    o[n] = off;
    *offsets = o;
    return n;
}
