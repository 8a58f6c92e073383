/* The Linux replay's thread bookkeeping: the trace names the running thread at every chunk
   start and thread switch, so a thread's state when it resumes can be checked against the state
   it left — the header of a chunk after a switch is then no longer taken on trust. */
#include <stdlib.h>

#include "trace/trace_replay_chunk.h"

void trace_threads_free(rp_threads *T)
{
    free(T->s);
    memset(T, 0, sizeof *T);
}

static rp_tslot *slot(rp_threads *T, uint64_t tid, bool add)
{
    for (size_t i = 0; i < T->n; i++)
        if (T->s[i].tid == tid) return &T->s[i];
    if (!add) return NULL;
    if (T->n == T->cap) {
        size_t c = T->cap ? 2 * T->cap : 16;
        rp_tslot *p = realloc(T->s, c * sizeof *p);
        if (!p) return NULL;
        T->s = p;
        T->cap = c;
    }
    memset(&T->s[T->n], 0, sizeof T->s[0]);
    T->s[T->n].tid = tid;
    return &T->s[T->n++];
}

/* Registers of e that differ from those of s, as a bit set (bit i: x_i). */
static uint64_t diff(const rp_tev *s, const rp_tev *e)
{
    uint64_t d = 0;
    for (int i = 0; i < TRACE_NREGS; i++)
        if (s->x[i] != e->x[i]) d |= 1ull << (i + 1);
    return d;
}

#define X(i) (1ull << (i))

static bool resume(rp_threads *T, rp_tslot *sl, const rp_tev *e, char *why, size_t wn)
{
    const rp_tev *s = &sl->saved;
    uint64_t d = diff(s, e);
    bool f_same = !T->fregs || !memcmp(s->f, e->f, sizeof s->f), ok = false;
    switch ((rp_tev_kind)s->kind) {
    case RP_TEV_SLICE: ok = !d && e->pc == s->pc; break;
    case RP_TEV_BLOCK: ok = !(d & ~X(10)) && (e->pc == s->pc || e->pc == s->pc - 4); break;
    case RP_TEV_CLONE: ok = !(d & ~(X(2) | X(4) | X(10))) && !e->x[9] && e->pc == s->pc; break;
    default: break;
    }
    /* signal entry: handler pc, ra = the trampoline, sp = the frame, a0-a2 its arguments */
    if (!ok && s->kind != RP_TEV_CLONE)
        ok = e->x[0] == T->sigret_pc && !(d & ~(X(1) | X(2) | X(10) | X(11) | X(12)));
    if (ok && f_same) {
        sl->saved.kind = 0;
        return true;
    }
    int r = 0;
    while (r < 64 && !((d >> r) & 1))
        r++;
    if (r < 64)
        snprintf(why, wn, "thread %llu resumes with x%d = 0x%llx, it left with 0x%llx",
                 (unsigned long long)e->tid, r, (unsigned long long)e->x[r - 1],
                 (unsigned long long)s->x[r - 1]);
    else if (!f_same)
        snprintf(why, wn, "thread %llu resumes with float registers it did not leave with",
                 (unsigned long long)e->tid);
    else
        snprintf(why, wn, "thread %llu resumes at pc 0x%llx, it left at 0x%llx",
                 (unsigned long long)e->tid, (unsigned long long)e->pc, (unsigned long long)s->pc);
    return false;
}

bool trace_threads_apply(rp_threads *T, const rp_tev *e, char *why, size_t wn)
{
    bool first = T->n == 0, clone = e->kind == RP_TEV_CLONE;
    if (clone && slot(T, e->tid, false))
        return snprintf(why, wn, "clone returns thread id %llu, which exists",
                        (unsigned long long)e->tid),
               false;
    rp_tslot *sl = slot(T, e->tid, first || clone);
    if (!sl) {
        if (first || clone) return snprintf(why, wn, "out of memory"), false;
        return snprintf(why, wn, "thread %llu runs without having been created by a clone",
                        (unsigned long long)e->tid),
               false;
    }
    switch ((rp_tev_kind)e->kind) {
    case RP_TEV_IN:
        if (first) return true; /* the main thread: its state is the loader's (argv, envp) */
        if (!sl->saved.kind)
            return snprintf(why, wn, "thread %llu is switched to while it runs",
                            (unsigned long long)e->tid),
                   false;
        return resume(T, sl, e, why, wn);
    case RP_TEV_CLONE: break;
    case RP_TEV_BLOCK:
    case RP_TEV_SLICE:
        if (sl->saved.kind)
            return snprintf(why, wn, "thread %llu leaves the CPU twice",
                            (unsigned long long)e->tid),
                   false;
        break;
    }
    sl->saved = *e;
    return true;
}
