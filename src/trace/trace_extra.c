/* SP1's previous-access clock (TRACE_F_PREV_CLK, docs/trace-format.md): the clock table (word ->
   clock of its last access), the pass that turns a chunk's accesses into its extras block, and
   the writer's side, which derives them by replaying each chunk record it writes. The writer
   and `rivet replay` both get the accesses from the same replay of the same record, so the
   translated and the interpreted run (whose records are byte-identical) get identical extras,
   and the translator's hot path is untouched. */
#include <stdlib.h>

#include "trace/trace_replay_chunk.h"

#define EMPTY      UINT64_MAX
#define PAGE_LOG2  12 /* 4 KiB of guest memory: 512 word clocks per page */
#define PAGE_WORDS (1u << (PAGE_LOG2 - 3))

void trace_acc_grow(trace_acc *a)
{
    size_t cap = a->cap ? a->cap * 2 : 4096;
    uint64_t *p = realloc(a->p, cap * 2 * sizeof *p);
    if (!p) {
        a->oom = true;
        a->n = 0; /* keep appending harmlessly; the caller sees oom */
        return;
    }
    a->p = p;
    a->cap = cap;
}

bool trace_clk_init(trace_clk *t)
{
    memset(t, 0, sizeof *t);
    t->last_key = EMPTY;
    return true;
}

void trace_clk_free(trace_clk *t)
{
    trace_pages_free(&t->map);
    memset(t, 0, sizeof *t);
}

/* The clocks of the page holding word w (created zeroed: never accessed); NULL when out of
   memory. */
static uint64_t *page_of(trace_clk *t, uint64_t w)
{
    uint64_t key = w >> PAGE_LOG2;
    if (key == t->last_key) return t->last;
    uint64_t *pg = trace_pages_get(&t->map, key, true);
    if (pg) {
        t->last_key = key;
        t->last = pg;
    }
    return pg;
}

size_t trace_clk_pass(trace_clk *t, const trace_acc *a, uint64_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++) {
        uint64_t w = a->p[2 * i], clk = a->p[2 * i + 1];
        uint64_t *pg = page_of(t, w);
        if (!pg) return SIZE_MAX;
        uint64_t *c = &pg[(w >> 3) & (PAGE_WORDS - 1)];
        if (*c == clk) continue; /* the same access */
        out[n++] = *c;
        *c = clk;
    }
    return n;
}

bool trace_clk_check(trace_clk *t, const trace_acc *a, const uint64_t *want, uint64_t nwant,
                     char *why, size_t whylen)
{
    uint64_t n = 0;
    for (size_t i = 0; i < a->n; i++) {
        uint64_t w = a->p[2 * i], clk = a->p[2 * i + 1];
        uint64_t *pg = page_of(t, w);
        if (!pg) return snprintf(why, whylen, "out of memory"), false;
        uint64_t *c = &pg[(w >> 3) & (PAGE_WORDS - 1)];
        if (*c == clk) continue;
        if (n >= nwant)
            return snprintf(why, whylen, "the chunk has %llu prev-clk extras, the replay more",
                            (unsigned long long)nwant),
                   false;
        if (want[n] != *c)
            return snprintf(why, whylen,
                            "prev-clk extra %llu (word 0x%llx at clk %llu) is %llu, the previous "
                            "access was at clk %llu",
                            (unsigned long long)n, (unsigned long long)w, (unsigned long long)clk,
                            (unsigned long long)want[n], (unsigned long long)*c),
                   false;
        n++;
        *c = clk;
    }
    if (n != nwant)
        return snprintf(why, whylen, "the chunk has %llu prev-clk extras, the replay %llu",
                        (unsigned long long)nwant, (unsigned long long)n),
               false;
    return true;
}

/* ---------------------------------------------------------------- the writer's side */

struct trace_extra {
    rp_thread t;
    trace_stream s;
    trace_acc acc;
    trace_clk clk;
    uint64_t *out;
    size_t cap;
};

rivet_status trace_extra_new(trace_extra **out, const trace_stream *s, const uint8_t *elf,
                             size_t elf_len, rivet_diag *d)
{
    *out = NULL;
    if (!elf)
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                          "the prev-clk trace extras need the program (trace_opts.elf)");
    trace_extra *x = calloc(1, sizeof *x);
    if (!x) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    x->s = *s;
    bool ok = trace_replay_thread_init(&x->t, s, elf, elf_len) && trace_clk_init(&x->clk);
    x->t.acc = &x->acc;
    x->t.trusted = true;
    if (!ok) {
        trace_extra_free(x);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS,
                          "cannot set up the prev-clk replay (out of memory or bad ELF)");
    }
    *out = x;
    return RIVET_OK;
}

void trace_extra_set_ext(trace_extra *x, unsigned ext)
{
    x->t.cpu.ext = ext;
}

bool trace_extra_chunk(trace_extra *x, const trace_chunk *c, const uint64_t **ex, uint64_t *n,
                       rivet_diag *d)
{
    char why[256];
    x->acc.n = 0;
    if (!trace_replay_one(&x->t, &x->s, c, why, sizeof why))
        return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "prev-clk pass: chunk %llu: %s",
                          (unsigned long long)c->id, why),
               false;
    if (x->acc.oom) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory"), false;
    if (x->cap < x->acc.n) {
        uint64_t *o = realloc(x->out, x->acc.n * sizeof *o);
        if (!o) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory"), false;
        x->out = o;
        x->cap = x->acc.n;
    }
    size_t k = trace_clk_pass(&x->clk, &x->acc, x->out);
    if (k == SIZE_MAX) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory"), false;
    *ex = x->out;
    *n = k;
    return true;
}

void trace_extra_free(trace_extra *x)
{
    if (!x) return;
    trace_replay_thread_free(&x->t);
    trace_clk_free(&x->clk);
    free(x->acc.p);
    free(x->out);
    free(x);
}
