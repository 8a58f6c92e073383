/* Replaying a whole trace: worker threads replay chunks alone (trace_replay_chunk.c); the calling
   thread takes their results in chunk order and checks what no single chunk can: that chunk k's
   end state is chunk k+1's start state, that chunk 0 starts where the program starts, and that
   every word a chunk assumed about memory at its start is what the program image and the
   earlier chunks' writes left there. */
#include <pthread.h>
#include <stdlib.h>

#include "trace/trace_replay_chunk.h"

typedef struct rp_word {
    uint64_t addr, val;
    uint8_t mask;
} rp_word;

typedef struct rp_result {
    bool ready, bad;
    char why[256];
    uint64_t id, start_step, start_pc, start_regs[TRACE_NREGS], start_f[TRACE_NFREGS];
    uint64_t end_step, end_pc, end_regs[TRACE_NREGS], end_f[TRACE_NFREGS];
    uint64_t end, exit_code, nreads;
    rp_word *ins, *outs;
    size_t nin, nout;
    uint64_t (*zr)[2]; /* Linux: ranges the kernel side zeroed, in order */
    size_t nzr;
    rp_tev *tev; /* Linux: thread events, in order; the thread running at the end */
    size_t ntev;
    uint64_t end_tid;
    uint8_t *out;
    size_t outlen;
    trace_chunk_stats st;
    uint64_t *acc, *ex; /* TRACE_F_PREV_CLK: the chunk's accesses and its recorded extras */
    size_t nacc;
    uint64_t nex;
} rp_result;

typedef struct rp_shared {
    const uint8_t *trace;
    const size_t *off;
    size_t n;
    trace_stream s;
    const uint8_t *elf;
    size_t elf_len;
    bool stats, memcheck;
    const uint8_t *stack; /* Linux with the run's argv: the initial stack [stack_sp, +len) */
    uint64_t stack_sp, stack_len;
    unsigned ext; /* the recorded run's ISA; 0 = RV64GC */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next, consumed, window;
    bool stop;
    rp_result *slots;
} rp_shared;

static void result_free(rp_result *r)
{
    free(r->ins);
    free(r->outs);
    free(r->zr);
    free(r->tev);
    free(r->out);
    free(r->acc);
    free(r->ex);
    memset(r, 0, sizeof *r);
}

static void classify(const uint64_t *mix, trace_chunk_stats *st)
{
    for (unsigned id = 0; id < RV_I_COUNT; id++) {
        uint64_t c = mix[id];
        if (!c) continue;
        switch ((rv_op)rv_insn_table[id].op) {
        case RV_OP_JAL:
        case RV_OP_JALR:
        case RV_OP_JAL32:
        case RV_OP_JALR32: st->jump += c; break;
        case RV_OP_BEQ ... RV_OP_BGEU: st->branch += c; break;
        case RV_OP_LB ... RV_OP_LWU:
        case RV_OP_LB32 ... RV_OP_LHU32:
        case RV_OP_FLW:
        case RV_OP_FLD:
        case RV_OP_FLW32:
        case RV_OP_FLD32:
        case RV_OP_LR_W:
        case RV_OP_LR_D:
        case RV_OP_LR_W32: st->load += c; break;
        case RV_OP_SB ... RV_OP_SD:
        case RV_OP_SB32 ... RV_OP_SW32:
        case RV_OP_FSW:
        case RV_OP_FSD:
        case RV_OP_FSW32:
        case RV_OP_FSD32: st->store += c; break;
        case RV_OP_MUL ... RV_OP_MULHU:
        case RV_OP_MULW:
        case RV_OP_MULH32 ... RV_OP_MULHU32: st->mul += c; break;
        case RV_OP_DIV ... RV_OP_REMU:
        case RV_OP_DIVW ... RV_OP_REMUW: st->div += c; break;
        case RV_OP_ECALL:
        case RV_OP_EBREAK: st->ecall += c; break;
        case RV_OP_LUI ... RV_OP_AUIPC:
        case RV_OP_ADDI ... RV_OP_AND:
        case RV_OP_ADDIW ... RV_OP_SRAW:
        case RV_OP_AUIPC32: st->alu += c; break;
        default: st->other += c; break;
        }
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Distinct 1 KiB pages among the words a chunk touched (RISC Zero-style paging cost). */
static uint64_t count_pages(const trace_wmap *m)
{
    uint64_t *pg = malloc((m->n + 1) * sizeof *pg), n = 0, distinct = 0;
    if (!pg) return 0;
    for (size_t i = 0; i < m->n; i++)
        pg[n++] = m->e[m->used[i]].addr >> 10;
    qsort(pg, n, sizeof *pg, cmp_u64);
    for (uint64_t i = 0; i < n; i++)
        distinct += !i || pg[i] != pg[i - 1];
    free(pg);
    return distinct;
}

static bool push(rp_word **v, size_t *n, size_t *cap, rp_word w)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        rp_word *t = realloc(*v, c * sizeof *t);
        if (!t) return false;
        *v = t;
        *cap = c;
    }
    (*v)[(*n)++] = w;
    return true;
}

static void bad(rp_result *res, const char *msg)
{
    res->bad = true;
    snprintf(res->why, sizeof res->why, "%s", msg);
}

static void replay_parsed(rp_shared *sh, rp_thread *t, const trace_chunk *cp, rp_result *res);

static void replay_chunk(rp_shared *sh, rp_thread *t, size_t k, rp_result *res)
{
    const uint8_t *rec = sh->trace + sh->off[k];
    size_t len = sh->off[k + 1] - sh->off[k];
    rivet_diag d;
    rivet_diag_clear(&d);
    if (sh->s.flags & TRACE_F_ZSTD) {
        unsigned long long sz = ZSTD_getFrameContentSize(rec + 8, len - 8);
        if (sz == ZSTD_CONTENTSIZE_ERROR || sz == ZSTD_CONTENTSIZE_UNKNOWN || sz > (1ull << 34))
            return bad(res, "bad zstd frame");
        if (t->dcap < sz) {
            free(t->dbuf);
            if (!(t->dbuf = malloc(sz))) return t->dcap = 0, bad(res, "out of memory");
            t->dcap = sz;
        }
        size_t got = ZSTD_decompressDCtx(t->dz, t->dbuf, t->dcap, rec + 8, len - 8);
        if (ZSTD_isError(got) || got != sz) return bad(res, "bad zstd frame");
        rec = t->dbuf;
        len = got;
    }
    trace_chunk c;
    if (!trace_chunk_parse(rec, len, sh->s.flags, &c, &d)) return bad(res, d.msg);
    if (t->acc) t->acc->n = 0;
    replay_parsed(sh, t, &c, res);
    if (!t->acc || res->bad) return;
    /* the accesses and the recorded extras go to the in-order clock check */
    if (t->acc->oom) return bad(res, "out of memory");
    res->acc = t->acc->p;
    res->nacc = t->acc->n;
    *t->acc = (trace_acc){0};
    if (c.nextras && !(res->ex = malloc(c.nextras * 8))) return bad(res, "out of memory");
    if (c.nextras) memcpy(res->ex, c.extras, c.nextras * 8);
    res->nex = c.nextras;
}

static void replay_parsed(rp_shared *sh, rp_thread *t, const trace_chunk *cp, rp_result *res)
{
    const trace_chunk c = *cp;
    res->id = c.id;
    res->start_step = c.start_step;
    res->start_pc = c.start_pc;
    memcpy(res->start_regs, c.regs, sizeof res->start_regs);
    if (c.fregs) memcpy(res->start_f, c.fregs, sizeof res->start_f);
    res->end = c.end;
    res->exit_code = c.exit_code;
    res->nreads = c.nreads;

    rv_cpu *cpu = &t->cpu;
    memcpy(cpu->h.x + 1, c.regs, TRACE_NREGS * 8);
    if (c.fregs) {
        memcpy(cpu->h.f, c.fregs, 32 * 8);
        cpu->h.fcsr = (uint32_t)c.fregs[32];
    }
    cpu->h.pc = c.start_pc;
    cpu->h.resv_valid = false;
    cpu->instret = c.start_step;
    if (c.steps > UINT64_MAX - c.start_step) return bad(res, "step count overflows");
    t->limit = c.start_step + c.steps;
    /* a trapping instruction does not retire: let the replay attempt one more */
    cpu->limit = t->limit + (c.end == TRACE_END_TRAP);
    t->cut = c.start_step + ((uint64_t)1 << sh->s.chunk_log2);
    t->more = c.end == TRACE_END_MORE;
    t->ended_at_block = false;
    t->log = c.reads;
    t->n = c.nreads;
    t->pos = 0;
    t->bad = false;
    trace_wmap_clear(&t->cm);
    t->nzr = 0;
    t->z.output.n = 0;
    cpu->stats.mix = NULL;
    if (sh->stats) {
        memset(t->mix, 0, RV_I_COUNT * sizeof *t->mix);
        cpu->stats.mix = t->mix;
    }
    /* Linux: the running thread, what the kernel side wrote before the chunk (the initial
       stack, a signal frame) */
    if (t->on_linux) {
        t->ntev = 0;
        if (!t->n) return bad(res, "read log has no thread id");
        t->tid = t->log[t->pos++];
        if (c.id == 0 && (t->n - t->pos < 3 || !t->log[t->pos] ||
                          t->log[t->pos + 1] != TRACE_KW_BYTES || t->log[t->pos + 2] != c.regs[1]))
            return bad(res, "the log does not start with the initial stack at sp");
        if (c.id == 0 && sh->stack &&
            (c.regs[1] != sh->stack_sp || t->log[t->pos + 3] != sh->stack_len ||
             t->n - t->pos - 4 < (sh->stack_len + 7) / 8 ||
             memcmp(t->log + t->pos + 4, sh->stack, sh->stack_len)))
            return bad(res, "the initial stack is not the one the given argv and environment make");
        if (!trace_linux_event(t, RP_TEV_IN, t->tid, &cpu->h) || !trace_linux_take_kernel(t))
            return bad(res, t->why);
    }
    rv_result r = trace_replay_run(t);
    /* Linux: a syscall that switched threads stops the run as it stopped the recorded one */
    while (t->on_linux && !t->bad && r.stop == RV_STOP_ECALL && cpu->instret < t->limit) {
        cpu->h.resv_valid = false; /* as rvs_linux_run does before resuming */
        r = trace_replay_run(t);
    }
    if (t->bad) return bad(res, t->why);
    bool ok = r.instret == t->limit;
    switch ((trace_end)c.end) {
    case TRACE_END_MORE: ok = ok && r.stop == RV_STOP_LIMIT && t->ended_at_block; break;
    case TRACE_END_EXIT:
        ok = ok && r.stop == RV_STOP_EXIT && (uint64_t)r.exit_code == c.exit_code;
        break;
    case TRACE_END_TRAP:
        ok = ok && r.stop == RV_STOP_TRAP && (uint64_t)r.cause == c.exit_code;
        break;
    case TRACE_END_STOP: ok = ok && r.stop == RV_STOP_LIMIT; break;
    case TRACE_END_SWITCH:
        ok = ok && t->on_linux && (r.stop == RV_STOP_LIMIT || r.stop == RV_STOP_ECALL);
        break;
    }
    if (!ok) {
        snprintf(res->why, sizeof res->why,
                 "replay stopped (%s after %llu steps) where the chunk says end %llu after %llu",
                 r.stop == RV_STOP_TRAP ? rv_cause_str(r.cause) : "run",
                 (unsigned long long)(r.instret - c.start_step), (unsigned long long)c.end,
                 (unsigned long long)c.steps);
        res->bad = true;
        return;
    }
    if (t->pos != t->n) return bad(res, "read log has words the replay did not use");
    res->end_step = r.instret;
    res->end_pc = r.pc;
    memcpy(res->end_regs, cpu->h.x + 1, sizeof res->end_regs);
    memcpy(res->end_f, cpu->h.f, 32 * 8);
    res->end_f[32] = cpu->h.fcsr;
    size_t cin = 0, cout = 0;
    for (size_t i = 0; sh->memcheck && i < t->cm.n; i++) {
        const trace_went *e = &t->cm.e[t->cm.used[i]];
        if (e->in && !push(&res->ins, &res->nin, &cin, (rp_word){e->addr, e->val, e->in}))
            return bad(res, "out of memory");
        uint64_t v = 0;
        if (e->wr) {
            if (!rv_mem_read(t->mem, e->addr, &v, 8))
                v = 0; /* unmapped: the word of a store that faulted */
            if (!push(&res->outs, &res->nout, &cout, (rp_word){e->addr, v, e->wr}))
                return bad(res, "out of memory");
        }
    }
    if (t->on_linux) {
        if (!(res->tev = malloc(t->ntev * sizeof *res->tev))) return bad(res, "out of memory");
        memcpy(res->tev, t->tev, t->ntev * sizeof *res->tev);
        res->ntev = t->ntev;
        res->end_tid = t->tid;
    }
    if (sh->memcheck && t->nzr) {
        if (!(res->zr = malloc(t->nzr * sizeof *res->zr))) return bad(res, "out of memory");
        memcpy(res->zr, t->zr, t->nzr * sizeof *res->zr);
        res->nzr = t->nzr;
    }
    if (t->z.output.n) {
        if (!(res->out = malloc(t->z.output.n))) return bad(res, "out of memory");
        memcpy(res->out, t->z.output.p, t->z.output.n);
        res->outlen = t->z.output.n;
    }
    res->st = (trace_chunk_stats){
        .id = c.id, .start_step = c.start_step, .steps = c.steps, .reads = c.nreads};
    if (sh->stats) {
        classify(t->mix, &res->st);
        res->st.pages = count_pages(&t->cm);
    }
}

/* Linux profile: the process image (ELF, initial stack, signal-return page) and entry state.
   The stack contents depend on argv, the environment and the seed: those of the run when o
   gives them, else a stand-in (chunk 0's log supplies the real stack). */
static bool linux_image(rvs_linux **L, rv_cpu *cpu, const uint8_t *elf, size_t len,
                        const trace_replay_opts *o, rivet_diag *d)
{
    rvs_opts ro = {.seed = o ? o->seed : 0};
    char *argv[] = {"prog", NULL};
    bool own = o && o->linux_args;
    return (*L = rvs_linux_new(&ro)) &&
           rvs_linux_load(*L, cpu->mem, cpu, elf, len, own ? o->argc : 1, own ? o->argv : argv,
                          own ? o->envc : 0, own ? o->envp : argv + 1, d) == RIVET_OK;
}

bool trace_replay_thread_init(rp_thread *t, const trace_stream *s, const uint8_t *elf,
                              size_t elf_len)
{
    rivet_diag d;
    memset(t, 0, sizeof *t);
    if (!(t->mem = rv_mem_new()) || !trace_wmap_init(&t->cm, 1 << 16) ||
        !(t->dz = ZSTD_createDCtx()) || !(t->mix = calloc(RV_I_COUNT, sizeof *t->mix)))
        return false;
    rv_cpu_init(&t->cpu, t->mem, s->xlen, RV_EXT_GC);
    t->fregs = (s->flags & TRACE_F_FREGS) != 0;
    if (s->profile == TRACE_PROFILE_LINUX) {
        t->on_linux = true;
        if (!linux_image(&t->L, &t->cpu, elf, elf_len, NULL, &d)) return false;
        t->cpu.env = &trace_linux_replay_env;
        return true;
    }
    t->z.abi = (rv_zkvm_abi)trace_abi_of_profile(s->profile);
    t->cpu.ext = rv_zkvm_abi_ext(t->z.abi) | RV_EXT_I; /* the target zkVM's ISA */
    return rv_zkvm_setup(&t->cpu, &t->z, elf, elf_len, &d) == RIVET_OK;
}

bool trace_replay_one(rp_thread *t, const trace_stream *s, const trace_chunk *c, char *why,
                      size_t whylen)
{
    rp_shared sh = {.s = *s};
    rp_result *res = calloc(1, sizeof *res);
    if (!res) return snprintf(why, whylen, "out of memory"), false;
    replay_parsed(&sh, t, c, res);
    bool ok = !res->bad;
    if (!ok) snprintf(why, whylen, "%s", res->why);
    result_free(res);
    free(res);
    return ok;
}

void trace_replay_thread_free(rp_thread *t)
{
    rv_zkvm_free(&t->z);
    rvs_linux_free(t->L);
    rv_mem_free(t->mem);
    trace_wmap_free(&t->cm);
    ZSTD_freeDCtx(t->dz);
    free(t->dbuf);
    free(t->mix);
    free(t->zr);
    free(t->tev);
}

static void *worker(void *arg)
{
    rp_shared *sh = arg;
    rp_thread t;
    trace_acc acc = {0};
    bool ok = trace_replay_thread_init(&t, &sh->s, sh->elf, sh->elf_len);
    if (sh->s.flags & TRACE_F_PREV_CLK) t.acc = &acc;
    if (ok && sh->ext) t.cpu.ext = sh->ext;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        while (!sh->stop && sh->next < sh->n && sh->next >= sh->consumed + sh->window)
            pthread_cond_wait(&sh->cv, &sh->mu);
        if (sh->stop || sh->next >= sh->n) {
            pthread_mutex_unlock(&sh->mu);
            break;
        }
        size_t k = sh->next++;
        pthread_mutex_unlock(&sh->mu);
        rp_result res;
        memset(&res, 0, sizeof res);
        if (ok)
            replay_chunk(sh, &t, k, &res);
        else
            bad(&res, "cannot set up the replay (out of memory)");
        res.ready = true;
        pthread_mutex_lock(&sh->mu);
        sh->slots[k % sh->window] = res;
        pthread_cond_broadcast(&sh->cv);
        pthread_mutex_unlock(&sh->mu);
    }
    trace_replay_thread_free(&t);
    free(acc.p);
    return NULL;
}

/* ---------------------------------------------------------------- in-order checks */

typedef struct rp_global {
    rv_mem *img; /* the program image (and the input when known), updated chunk by chunk */
    bool have_input;
    trace_wmap gm;        /* input-window words when the input is not known */
    uint64_t lo, hi;      /* the image region used last */
    uint8_t *host, known; /* its host pages; known = 0xff */
    trace_clk clk;        /* TRACE_F_PREV_CLK: the clock of every word's last access */
    bool on_linux;
    trace_gmem pages; /* Linux: the whole process memory */
    rp_threads thr;   /* Linux: the threads' states while they do not run */
} rp_global;

/* The word at addr in the memory the earlier chunks left, and which of its bytes are fixed:
   image words live in the image's own pages (every byte known); input-window words, when the
   input is not given, in the map (a byte becomes known when first read). */
static bool gaccess(rp_global *g, uint64_t addr, uint64_t **val, uint8_t **known)
{
    if (g->on_linux) {
        uint8_t *pg = trace_gmem_page(&g->pages, addr);
        if (!pg) return false;
        *val = (uint64_t *)(void *)(pg + (addr & 4095));
        g->known = 0xff;
        *known = &g->known;
        return true;
    }
    bool input = addr >= RV_ZKVM_INPUT_ADDR && addr < RV_ZKVM_INPUT_ADDR + RV_ZKVM_INPUT_MAX;
    if (!input || g->have_input) {
        if (addr < g->lo || addr + 8 > g->hi) {
            const rv_region *r = rv_mem_region(g->img, addr);
            if (r) {
                g->lo = r->start;
                g->hi = r->end;
                g->host = r->host;
            }
        }
        if (addr >= g->lo && addr + 8 <= g->hi) {
            *val = (uint64_t *)(void *)(g->host + (addr - g->lo));
            g->known = 0xff;
            *known = &g->known;
            return true;
        }
    }
    trace_went *e = trace_wmap_get(&g->gm, addr);
    if (!e) return false;
    *val = &e->val;
    *known = &e->known;
    return true;
}

/* Linux: the process memory at the start: the program image (every mapping the loader made but
   the stack, whose contents chunk 0's log supplies), zero elsewhere. */
static bool linux_pages(rp_global *g, const rv_cpu *init)
{
    const rv_mem *m = init->mem;
    for (size_t i = 0; i < m->nreg; i++) {
        const rv_region *r = &m->reg[i];
        if (init->h.x[2] >= r->start && init->h.x[2] < r->end) continue;
        for (uint64_t a = r->start; a < r->end; a += 4096) {
            uint8_t *pg = trace_gmem_page(&g->pages, a);
            if (!pg) return false;
            memcpy(pg, r->host + (a - r->start), 4096);
        }
    }
    return true;
}

/* Linux: the chunk's thread events after the previous chunk's; a chunk that continues the
   previous one (end flag 0) runs the same thread, one after a switch starts a resumed one. */
static bool check_threads(rp_global *g, const rp_result *prev, const rp_result *r, char *why,
                          size_t wn)
{
    size_t i = 0;
    if (prev && prev->end == TRACE_END_MORE) {
        if (r->ntev && r->tev[0].tid != prev->end_tid)
            return snprintf(why, wn, "continues on thread %llu, the previous chunk ran %llu",
                            (unsigned long long)r->tev[0].tid, (unsigned long long)prev->end_tid),
                   false;
        i = 1;
    } else if (prev) {
        rp_tev out = {.kind = RP_TEV_SLICE, .tid = prev->end_tid, .pc = prev->end_pc};
        memcpy(out.x, prev->end_regs, sizeof out.x);
        memcpy(out.f, prev->end_f, sizeof out.f);
        if (!trace_threads_apply(&g->thr, &out, why, wn)) return false;
    }
    for (; i < r->ntev; i++)
        if (!trace_threads_apply(&g->thr, &r->tev[i], why, wn)) return false;
    return true;
}

/* Checks chunk k (its replay result) against the state the earlier chunks left. */
static bool check_in_order(rp_global *g, const rv_cpu *init, const rp_result *prev,
                           const rp_result *r, size_t k, trace_replay_report *rep, bool on_linux)
{
    char *why = rep->why;
    size_t wn = sizeof rep->why;
    if (r->bad) return snprintf(why, wn, "%s", r->why), false;
    if (r->id != k)
        return snprintf(why, wn, "chunk id %llu out of order", (unsigned long long)r->id), false;
    uint64_t pstep = prev ? prev->end_step : 0, ppc = prev ? prev->end_pc : init->h.pc;
    const uint64_t *pregs = prev ? prev->end_regs : init->h.x + 1;
    /* Linux: after a switch the threads are checked (check_threads); argv and envp set the
       first stack pointer, which the initial-stack record must start at (replay_chunk) */
    bool chosen = on_linux && prev && prev->end == TRACE_END_SWITCH;
    if (chosen) ppc = r->start_pc;
    if (r->start_step != pstep || r->start_pc != ppc)
        return snprintf(why, wn,
                        "starts at step %llu pc 0x%llx, the previous state is step %llu pc 0x%llx",
                        (unsigned long long)r->start_step, (unsigned long long)r->start_pc,
                        (unsigned long long)pstep, (unsigned long long)ppc),
               false;
    for (int i = 0; i < TRACE_NREGS && !chosen; i++)
        if (r->start_regs[i] != pregs[i] && (prev || !on_linux || i != 1))
            return snprintf(why, wn, "starts with x%d = 0x%llx, the previous state has 0x%llx",
                            i + 1, (unsigned long long)r->start_regs[i],
                            (unsigned long long)pregs[i]),
                   false;
    uint64_t f0[TRACE_NFREGS];
    memcpy(f0, init->h.f, 32 * 8);
    f0[32] = init->h.fcsr;
    if (!chosen && (rep->flags & TRACE_F_FREGS) &&
        memcmp(r->start_f, prev ? prev->end_f : f0, sizeof r->start_f))
        return snprintf(why, wn, "float registers differ from the previous chunk's end state"),
               false;
    if (prev && prev->end != TRACE_END_MORE && prev->end != TRACE_END_SWITCH)
        return snprintf(why, wn, "follows a chunk that ended the run"), false;
    if (on_linux && !check_threads(g, prev, r, why, wn)) return false;
    for (size_t i = 0; i < r->nin; i++) {
        uint64_t *v;
        uint8_t *kn;
        if (!gaccess(g, r->ins[i].addr, &v, &kn)) return snprintf(why, wn, "out of memory"), false;
        uint64_t m = trace_mask64(r->ins[i].mask & *kn);
        if ((*v ^ r->ins[i].val) & m)
            return snprintf(why, wn, "read-log word for 0x%llx is 0x%llx, memory holds 0x%llx",
                            (unsigned long long)r->ins[i].addr, (unsigned long long)r->ins[i].val,
                            (unsigned long long)*v),
                   false;
        m = trace_mask64(r->ins[i].mask);
        *v = (*v & ~m) | (r->ins[i].val & m);
        *kn |= r->ins[i].mask;
    }
    for (size_t i = 0; i < r->nzr; i++)
        trace_gmem_zero(&g->pages, r->zr[i][0], r->zr[i][1]);
    for (size_t i = 0; i < r->nout; i++) {
        uint64_t *v;
        uint8_t *kn;
        if (!gaccess(g, r->outs[i].addr, &v, &kn)) return snprintf(why, wn, "out of memory"), false;
        uint64_t m = trace_mask64(r->outs[i].mask);
        *v = (*v & ~m) | (r->outs[i].val & m);
        *kn |= r->outs[i].mask;
    }
    trace_acc acc = {.p = r->acc, .n = r->nacc};
    if ((rep->flags & TRACE_F_PREV_CLK) && !trace_clk_check(&g->clk, &acc, r->ex, r->nex, why, wn))
        return false;
    return true;
}

rivet_status trace_replay(const uint8_t *trace, size_t len, const uint8_t *elf, size_t elf_len,
                          const trace_replay_opts *o, trace_replay_report *rep, rivet_diag *d)
{
    memset(rep, 0, sizeof *rep);
    rp_shared sh = {.trace = trace,
                    .elf = elf,
                    .elf_len = elf_len,
                    .stats = o->stats,
                    .memcheck = !o->no_memory_check,
                    .ext = o->ext};
    if (!trace_stream_header(trace, len, &sh.s, d)) return d->code;
    bool on_linux = sh.s.profile == TRACE_PROFILE_LINUX;
    rvs_linux *li = NULL;
    size_t *off = NULL;
    sh.n = trace_index(trace, len, &off, d);
    if (!sh.n) return d->code;
    sh.off = off;
    rep->xlen = sh.s.xlen;
    rep->chunk_log2 = sh.s.chunk_log2;
    rep->flags = sh.s.flags;

    rp_global g = {.have_input = o->have_input, .on_linux = on_linux};
    rv_zkvm zi;
    memset(&zi, 0, sizeof zi);
    zi.input = o->input;
    zi.input_len = o->input_len;
    zi.abi = (rv_zkvm_abi)trace_abi_of_profile(sh.s.profile);
    rv_cpu init;
    rivet_status st = RIVET_OK;
    if (!(g.img = rv_mem_new()) || !trace_wmap_init(&g.gm, 1 << 16) ||
        ((sh.s.flags & TRACE_F_PREV_CLK) && !trace_clk_init(&g.clk))) {
        st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        goto out;
    }
    rv_cpu_init(&init, g.img, sh.s.xlen, RV_EXT_GC);
    if (on_linux) {
        if (!linux_image(&li, &init, elf, elf_len, o, d) || !linux_pages(&g, &init)) {
            st = d->code ? d->code : rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
            goto out;
        }
        g.thr.sigret_pc = rvs_linux_sigreturn_pc(li);
        const rv_region *stk = rv_mem_region(init.mem, init.h.x[2]);
        if (o->linux_args && stk) {
            sh.stack = stk->host + (init.h.x[2] - stk->start);
            sh.stack_sp = init.h.x[2];
            sh.stack_len = stk->end - init.h.x[2];
        }
        g.thr.fregs = (sh.s.flags & TRACE_F_FREGS) != 0;
    } else if ((st = rv_zkvm_setup(&init, &zi, elf, elf_len, d)))
        goto out;

    unsigned nt = o->threads ? o->threads : 1;
    sh.window = 2 * (size_t)nt + 2;
    if (!(sh.slots = calloc(sh.window, sizeof *sh.slots)) ||
        (o->stats && !(rep->stats = calloc(sh.n, sizeof *rep->stats)))) {
        st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        goto out;
    }
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.cv, NULL);
    pthread_t *th = calloc(nt, sizeof *th);
    unsigned started = 0;
    for (; th && started < nt; started++)
        if (pthread_create(&th[started], NULL, worker, &sh)) break;
    if (!started) {
        st = rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "cannot start replay threads");
    } else {
        rp_result prev, cur;
        bool have_prev = false;
        rivet_buf outb = {0};
        rep->ok = true;
        for (size_t k = 0; k < sh.n && rep->ok; k++) {
            pthread_mutex_lock(&sh.mu);
            while (!sh.slots[k % sh.window].ready)
                pthread_cond_wait(&sh.cv, &sh.mu);
            cur = sh.slots[k % sh.window];
            memset(&sh.slots[k % sh.window], 0, sizeof cur);
            sh.consumed++;
            pthread_cond_broadcast(&sh.cv);
            pthread_mutex_unlock(&sh.mu);
            if (!check_in_order(&g, &init, have_prev ? &prev : NULL, &cur, k, rep, on_linux)) {
                rep->ok = false;
                rep->bad_chunk = k;
            } else {
                rep->steps += cur.end_step - cur.start_step;
                rep->reads += cur.nreads;
                rep->extras += cur.nex;
                rep->end = (trace_end)cur.end;
                rep->exit_code = (int64_t)cur.exit_code;
                if (rep->stats) rep->stats[k] = cur.st;
                if (cur.outlen && !st) st = buf_append(&outb, cur.out, cur.outlen);
            }
            if (have_prev) result_free(&prev);
            prev = cur;
            have_prev = true;
        }
        if (have_prev) result_free(&prev);
        if (rep->ok && (rep->end == TRACE_END_MORE || rep->end == TRACE_END_SWITCH)) {
            rep->ok = false;
            rep->bad_chunk = sh.n - 1;
            snprintf(rep->why, sizeof rep->why, "the trace ends without a final chunk");
        }
        if (st) st = rivet_fail(d, st, RIVET_NOPOS, "out of memory for the replayed output");
        rep->chunks = sh.n;
        rep->output = outb.p;
        rep->output_len = outb.n;
    }
    pthread_mutex_lock(&sh.mu);
    sh.stop = true;
    pthread_cond_broadcast(&sh.cv);
    pthread_mutex_unlock(&sh.mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    for (size_t i = 0; i < sh.window; i++)
        result_free(&sh.slots[i]);
    pthread_mutex_destroy(&sh.mu);
    pthread_cond_destroy(&sh.cv);
out:
    free(sh.slots);
    free(off);
    trace_wmap_free(&g.gm);
    trace_clk_free(&g.clk);
    trace_gmem_free(&g.pages);
    trace_threads_free(&g.thr);
    rv_zkvm_free(&zi);
    rvs_linux_free(li);
    rv_mem_free(g.img);
    return st;
}
