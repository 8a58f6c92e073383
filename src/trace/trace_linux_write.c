/* The Linux ABI profile of the minimal trace (docs/trace-format.md, "Linux guests"): a syscall's
   effect is host-chosen, so the log holds what the CPU sees after it (action, pc, registers)
   and what the kernel side wrote to guest memory (bytes, or a range that became zero or
   unmapped), so the replay keeps knowing memory across syscalls and chunks. */
#include <stdlib.h>

#include "rivet/rvsys.h"
#include "trace/trace_internal.h"

size_t trace_linux_effect(const rv_cpu *cpu, rv_env_action act, unsigned flags, uint64_t *out)
{
    uint64_t w[2 + TRACE_NREGS + TRACE_NFREGS];
    size_t n = 0;
    w[n++] = (uint64_t)act;
    switch (act) {
    case RV_ENV_CONTINUE:
    case RV_ENV_STOP:
        w[n++] = cpu->h.pc;
        memcpy(w + n, cpu->h.x + 1, TRACE_NREGS * 8);
        n += TRACE_NREGS;
        if (flags & TRACE_F_FREGS) {
            memcpy(w + n, cpu->h.f, 32 * 8);
            n += 32;
            w[n++] = cpu->h.fcsr;
        }
        break;
    case RV_ENV_EXIT: w[n++] = (uint64_t)cpu->exit_code; break;
    case RV_ENV_TRAP:
        w[n++] = cpu->trap_cause;
        w[n++] = cpu->trap_tval;
        break;
    }
    if (out) memcpy(out, w, n * 8);
    return n;
}

static void kw_reserve(trace_writer *tw, size_t need)
{
    if (tw->kwn + need <= tw->kwcap) return;
    size_t cap = tw->kwcap ? tw->kwcap : 256;
    while (cap < tw->kwn + need)
        cap *= 2;
    uint64_t *p = realloc(tw->kw, cap * sizeof *p);
    if (!p) abort(); /* as the chunk log: no way to write a faithful trace without it */
    tw->kw = p;
    tw->kwcap = cap;
}

/* rv_mem's watch hook: one record per change. */
static void watch(void *ctx, uint64_t a, uint64_t n, const void *bytes)
{
    trace_writer *tw = ctx;
    uint64_t nw = bytes ? (n + 7) / 8 : 0;
    kw_reserve(tw, 3 + nw);
    uint64_t *p = tw->kw + tw->kwn;
    p[0] = bytes ? TRACE_KW_BYTES : TRACE_KW_ZERO;
    p[1] = a;
    p[2] = n;
    if (nw) {
        p[2 + nw] = 0; /* zero padding of the last word */
        memcpy(p + 3, bytes, n);
    }
    tw->kwn += 3 + nw;
    tw->kwrecs++;
}

void trace_linux_begin(trace_writer *tw, const rv_cpu *cpu)
{
    rv_mem *m = cpu->mem;
    const rv_region *r = rv_mem_region(m, cpu->h.x[2]);
    if (r && r->end > cpu->h.x[2])
        watch(tw, cpu->h.x[2], r->end - cpu->h.x[2], r->host + (cpu->h.x[2] - r->start));
    tw->kmem = m;
    m->watch = watch;
    m->watch_ctx = tw;
}

void trace_linux_pre(trace_writer *tw, rv_cpu *cpu)
{
    if (cpu->h.x[17] != RVS_NR_RT_SIGRETURN) return;
    uint64_t a = rvs_sigreturn_addr(cpu->h.x[2]), v;
    uint64_t w0 = trace_w0(a), nw = (trace_w1(a, RVS_SIGRETURN_LEN) - w0) / 8 + 1, k = 0;
    trace_writer_grow(tw, 1 + nw);
    uint64_t *count = tw->cur++;
    while (k < nw && trace_peek(cpu->mem, w0 + 8 * k, &v))
        tw->cur[k++] = v;
    tw->cur += k;
    *count = k;
}

void trace_linux_tid(trace_writer *tw, const rv_cpu *cpu)
{
    trace_writer_grow(tw, 1);
    *tw->cur++ = cpu->env_ctx ? rvs_linux_tid(cpu->env_ctx) : 0;
}

void trace_linux_flush(trace_writer *tw)
{
    trace_writer_grow(tw, 1 + tw->kwn);
    *tw->cur++ = tw->kwrecs;
    memcpy(tw->cur, tw->kw, tw->kwn * 8);
    tw->cur += tw->kwn;
    tw->kwn = tw->kwrecs = 0;
}

void trace_linux_end(trace_writer *tw)
{
    if (tw->kmem && tw->kmem->watch_ctx == tw) {
        tw->kmem->watch = NULL;
        tw->kmem->watch_ctx = NULL;
    }
    tw->kmem = NULL;
    free(tw->kw);
    tw->kw = NULL;
}
