/* The trace writer: stream header, chunk records (optionally zstd-compressed), ecall logging. */
#include <stdlib.h>

#include "trace/trace_internal.h"

static void *writer_thread(void *arg);

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

rivet_status trace_writer_open(trace_writer **out, const char *path, int xlen, const trace_opts *o,
                               rivet_diag *d)
{
    *out = NULL;
    unsigned log2 = o && o->chunk_log2 ? o->chunk_log2 : TRACE_CHUNK_LOG2_DEFAULT;
    if (log2 < 4 || log2 > 30)
        return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "chunk size 2^%u outside 2^4..2^30", log2);
    trace_writer *tw = calloc(1, sizeof *tw);
    if (!tw) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    tw->xlen = xlen;
    tw->chunk_log2 = log2;
    tw->threshold = (uint64_t)1 << log2;
    tw->flags = (o && o->zstd ? TRACE_F_ZSTD : 0) | (o && o->fregs ? TRACE_F_FREGS : 0);
    tw->profile = o && o->profile ? o->profile : TRACE_PROFILE_ZKVM;
    if (o && o->prev_clk) {
        if (tw->profile == TRACE_PROFILE_LINUX) {
            free(tw);
            return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS,
                              "prev-clk trace extras are for the zkVM profile only");
        }
        tw->flags |= TRACE_F_PREV_CLK;
        trace_stream s = {
            .xlen = xlen, .chunk_log2 = log2, .flags = tw->flags, .profile = tw->profile};
        if (trace_extra_new(&tw->xt, &s, o->elf, o->elf_len, d)) {
            free(tw);
            return d->code;
        }
    }
    tw->zlevel = o && o->zstd_level ? o->zstd_level : 1;
    rivet_diag_clear(&tw->err);
    size_t cap = 2 * (size_t)tw->threshold + 4096;
    tw->log = malloc(cap * sizeof *tw->log);
    if (!tw->log) {
        trace_extra_free(tw->xt);
        free(tw);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }
    tw->cur = tw->log;
    tw->end = tw->log + cap;
    if ((tw->flags & TRACE_F_ZSTD) && !(tw->zc = ZSTD_createCCtx())) {
        trace_writer_free(tw);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    }
    tw->f = fopen(path, "wb");
    if (!tw->f) {
        trace_writer_free(tw);
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot create %s", path);
    }
    uint8_t h[TRACE_HEADER_SIZE] = {'R', 'V', 'M', 'T'};
    put16(h + 4, TRACE_VERSION);
    h[6] = (uint8_t)xlen;
    h[7] = (uint8_t)log2;
    put16(h + 8, (uint16_t)tw->profile);
    put16(h + 10, tw->flags);
    if (fwrite(h, 1, sizeof h, tw->f) != sizeof h) {
        trace_writer_free(tw);
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot write %s", path);
    }
    tw->bytes = sizeof h;
    tw->spare = malloc(cap * sizeof *tw->spare);
    tw->spare_cap = cap;
    if (tw->spare) {
        pthread_mutex_init(&tw->mu, NULL);
        pthread_cond_init(&tw->cv, NULL);
        tw->threaded = pthread_create(&tw->th, NULL, writer_thread, tw) == 0;
        if (!tw->threaded) {
            pthread_mutex_destroy(&tw->mu);
            pthread_cond_destroy(&tw->cv);
        }
    }
    *out = tw;
    return RIVET_OK;
}

void trace_writer_free(trace_writer *tw)
{
    if (!tw) return;
    if (tw->threaded) {
        pthread_mutex_lock(&tw->mu);
        tw->quit = true;
        pthread_cond_broadcast(&tw->cv);
        pthread_mutex_unlock(&tw->mu);
        pthread_join(tw->th, NULL); /* writes a record still pending, then stops */
        pthread_mutex_destroy(&tw->mu);
        pthread_cond_destroy(&tw->cv);
    }
    trace_linux_end(tw);
    free(tw->spare);
    trace_extra_free(tw->xt);
    if (tw->f) fclose(tw->f);
    ZSTD_freeCCtx(tw->zc);
    free(tw->zbuf);
    free(tw->log);
    free(tw);
}

uint64_t trace_writer_bytes(const trace_writer *tw)
{
    return tw->bytes;
}
uint64_t trace_writer_words(const trace_writer *tw)
{
    return tw->words;
}
uint64_t trace_writer_threshold(const trace_writer *tw)
{
    return tw->threshold;
}
uint64_t trace_writer_next_cut(const trace_writer *tw)
{
    return tw->next_cut;
}

void trace_writer_grow(trace_writer *tw, size_t need)
{
    size_t used = (size_t)(tw->cur - tw->log), cap = (size_t)(tw->end - tw->log);
    if (used + need <= cap) return;
    while (cap < used + need)
        cap *= 2;
    uint64_t *l = realloc(tw->log, cap * sizeof *l);
    if (!l) abort(); /* the log of one chunk: no way to continue without it */
    tw->log = l;
    tw->cur = l + used;
    tw->end = l + cap;
}

uint64_t **trace_writer_cursor(trace_writer *tw, size_t need)
{
    trace_writer_grow(tw, need);
    return &tw->cur;
}

static void start_chunk(trace_writer *tw, const rv_cpu *cpu, uint64_t step, uint64_t pc)
{
    tw->start_step = step;
    tw->start_pc = pc;
    memcpy(tw->regs, cpu->h.x + 1, sizeof tw->regs);
    if (tw->flags & TRACE_F_FREGS) {
        memcpy(tw->fregs, cpu->h.f, 32 * sizeof(uint64_t));
        tw->fregs[32] = cpu->h.fcsr;
    }
    tw->next_cut = step + tw->threshold;
    tw->cur = tw->log;
    if (tw->profile == TRACE_PROFILE_LINUX) { /* the running thread, kernel writes before it */
        trace_linux_tid(tw, cpu);
        trace_linux_flush(tw);
    }
}

void trace_writer_begin(trace_writer *tw, const rv_cpu *cpu)
{
    tw->id = 0;
    if (tw->xt) trace_extra_set_ext(tw->xt, cpu->ext);
    if (tw->profile == TRACE_PROFILE_LINUX) trace_linux_begin(tw, cpu);
    start_chunk(tw, cpu, cpu->instret, cpu->h.pc);
}

bool trace_writer_kernel_pending(const trace_writer *tw)
{
    return tw->kwrecs != 0;
}

static bool out(trace_writer *tw, const void *p, size_t n)
{
    if (tw->err.code) return false;
    if (fwrite(p, 1, n, tw->f) != n) {
        rivet_fail(&tw->err, RIVET_EIO, RIVET_NOPOS, "trace write failed");
        return false;
    }
    tw->bytes += n;
    return true;
}

/* Compresses the parts of one record into zbuf and writes (length, frame). */
static bool out_zstd(trace_writer *tw, const ZSTD_inBuffer *parts, int nparts)
{
    size_t total = 0;
    for (int i = 0; i < nparts; i++)
        total += parts[i].size;
    size_t bound = ZSTD_compressBound(total);
    if (tw->zcap < bound) {
        uint8_t *z = realloc(tw->zbuf, bound);
        if (!z) return rivet_fail(&tw->err, RIVET_ENOMEM, RIVET_NOPOS, "out of memory"), false;
        tw->zbuf = z;
        tw->zcap = bound;
    }
    ZSTD_CCtx_reset(tw->zc, ZSTD_reset_session_only);
    ZSTD_CCtx_setParameter(tw->zc, ZSTD_c_compressionLevel, tw->zlevel);
    ZSTD_CCtx_setPledgedSrcSize(tw->zc, total);
    ZSTD_outBuffer ob = {tw->zbuf, tw->zcap, 0};
    for (int i = 0; i < nparts; i++) {
        ZSTD_inBuffer ib = parts[i];
        ZSTD_EndDirective e = i + 1 == nparts ? ZSTD_e_end : ZSTD_e_continue;
        size_t r;
        do {
            r = ZSTD_compressStream2(tw->zc, &ob, &ib, e);
            if (ZSTD_isError(r))
                return rivet_fail(&tw->err, RIVET_EIO, RIVET_NOPOS, "zstd: %s",
                                  ZSTD_getErrorName(r)),
                       false;
        } while (e == ZSTD_e_end ? r != 0 : ib.pos < ib.size);
    }
    uint64_t len = ob.pos;
    return out(tw, &len, 8) && out(tw, tw->zbuf, ob.pos);
}

/* The prev-clk extras of the record (head, log, tail): the chunk replayed by trace_extra. */
static bool record_extras(trace_writer *tw, const uint64_t *head, size_t nhead, const uint64_t *log,
                          const uint64_t *tail, const uint64_t **ex, uint64_t *nex)
{
    trace_chunk c = {.id = head[0],
                     .start_step = head[1],
                     .start_pc = head[2],
                     .regs = head + 3,
                     .fregs = (tw->flags & TRACE_F_FREGS) ? head + 3 + TRACE_NREGS : NULL,
                     .steps = head[nhead - 2],
                     .nreads = head[nhead - 1],
                     .reads = log,
                     .end = tail[0],
                     .exit_code = tail[1]};
    if (tw->err.code) return false;
    return trace_extra_chunk(tw->xt, &c, ex, nex, &tw->err);
}

/* Writes one record: header words, read log, [extras,] tail (the writer thread, or the caller). */
static bool write_record(trace_writer *tw, const uint64_t *head, size_t nhead, const uint64_t *log,
                         uint64_t nreads, const uint64_t *tail)
{
    const uint64_t *ex = NULL;
    uint64_t nex = 0;
    if (tw->xt && !record_extras(tw, head, nhead, log, tail, &ex, &nex)) return false;
    if (tw->flags & TRACE_F_ZSTD) {
        ZSTD_inBuffer parts[5] = {{head, nhead * 8, 0},
                                  {log, nreads * 8, 0},
                                  {&nex, tw->xt ? 8 : 0, 0},
                                  {ex, nex * 8, 0},
                                  {tail, 16, 0}};
        return out_zstd(tw, parts, 5);
    }
    return out(tw, head, nhead * 8) && out(tw, log, nreads * 8) &&
           (!tw->xt || (out(tw, &nex, 8) && out(tw, ex, nex * 8))) && out(tw, tail, 16);
}

static void *writer_thread(void *arg)
{
    trace_writer *tw = arg;
    pthread_mutex_lock(&tw->mu);
    for (;;) {
        while (!tw->busy && !tw->quit)
            pthread_cond_wait(&tw->cv, &tw->mu);
        if (!tw->busy) break;
        pthread_mutex_unlock(&tw->mu);
        write_record(tw, tw->job_head, tw->job_nhead, tw->job_log, tw->job_nreads, tw->job_tail);
        pthread_mutex_lock(&tw->mu);
        tw->spare = tw->job_log;
        tw->spare_cap = tw->job_cap;
        tw->busy = false;
        pthread_cond_broadcast(&tw->cv);
    }
    pthread_mutex_unlock(&tw->mu);
    return NULL;
}

/* Waits until the writer thread has written the record it holds. */
static void drain(trace_writer *tw)
{
    if (!tw->threaded) return;
    pthread_mutex_lock(&tw->mu);
    while (tw->busy)
        pthread_cond_wait(&tw->cv, &tw->mu);
    pthread_mutex_unlock(&tw->mu);
}

/* Emits the current chunk with n_steps = step - start_step: hands its log buffer to the writer
   thread and continues in the spare one (or writes it here, without a thread). */
static bool emit(trace_writer *tw, uint64_t step, trace_end end, uint64_t code)
{
    uint64_t *head = tw->job_head;
    size_t n = 0;
    drain(tw);
    head[n++] = tw->id;
    head[n++] = tw->start_step;
    head[n++] = tw->start_pc;
    memcpy(head + n, tw->regs, sizeof tw->regs);
    n += TRACE_NREGS;
    if (tw->flags & TRACE_F_FREGS) {
        memcpy(head + n, tw->fregs, sizeof tw->fregs);
        n += TRACE_NFREGS;
    }
    uint64_t nreads = (uint64_t)(tw->cur - tw->log);
    head[n++] = step - tw->start_step;
    head[n++] = nreads;
    tw->words += nreads;
    tw->job_nhead = n;
    tw->job_tail[0] = end;
    tw->job_tail[1] = code;
    if (!tw->threaded || !tw->spare)
        return write_record(tw, head, n, tw->log, nreads, tw->job_tail);
    pthread_mutex_lock(&tw->mu);
    tw->job_log = tw->log;
    tw->job_cap = (size_t)(tw->end - tw->log);
    tw->job_nreads = nreads;
    tw->log = tw->cur = tw->spare;
    tw->end = tw->spare + tw->spare_cap;
    tw->spare = NULL;
    tw->busy = true;
    pthread_cond_broadcast(&tw->cv);
    pthread_mutex_unlock(&tw->mu);
    return true; /* a write error surfaces in trace_writer_finish */
}

bool trace_writer_switch(trace_writer *tw, const rv_cpu *cpu)
{
    bool ok = emit(tw, cpu->instret, TRACE_END_SWITCH, 0);
    tw->id++;
    start_chunk(tw, cpu, cpu->instret, cpu->h.pc);
    return ok;
}

bool trace_writer_cut(trace_writer *tw, const rv_cpu *cpu, uint64_t step, uint64_t pc)
{
    bool ok = emit(tw, step, TRACE_END_MORE, 0);
    tw->id++;
    start_chunk(tw, cpu, step, pc);
    return ok;
}

rivet_status trace_writer_finish(trace_writer *tw, const rv_result *r, rivet_diag *d)
{
    trace_end end = TRACE_END_STOP;
    uint64_t code = 0;
    if (r->stop == RV_STOP_EXIT) {
        end = TRACE_END_EXIT;
        code = (uint64_t)r->exit_code;
    } else if (r->stop == RV_STOP_TRAP) {
        end = TRACE_END_TRAP;
        code = r->cause;
    }
    emit(tw, r->instret, end, code);
    drain(tw);
    if (!tw->err.code && fflush(tw->f))
        rivet_fail(&tw->err, RIVET_EIO, RIVET_NOPOS, "trace write failed");
    if (tw->err.code) return rivet_fail(d, tw->err.code, RIVET_NOPOS, "%s", tw->err.msg);
    return RIVET_OK;
}

/* ---------------------------------------------------------------- ecalls */

void trace_writer_ecall_pre(trace_writer *tw, rv_cpu *cpu)
{
    if (tw->profile == TRACE_PROFILE_LINUX) { /* the effect is logged after the call */
        trace_linux_pre(tw, cpu);
        return;
    }
    trace_range r[TRACE_MAX_RANGES];
    unsigned n = trace_ecall_inputs(cpu, r);
    for (unsigned i = 0; i < n; i++) {
        if (!r[i].n) continue;
        uint64_t last = trace_w0(r[i].a + r[i].n - 1), v;
        for (uint64_t w = trace_w0(r[i].a); trace_peek(cpu->mem, w, &v); w += 8) {
            if (tw->cur + 1 > tw->end) trace_writer_grow(tw, 1);
            *tw->cur++ = v;
            if (w == last) break;
        }
        n = trace_ecall_inputs(cpu, r); /* later ranges may be pointers held by this one */
    }
    tw->host_read = trace_ecall_host_read(cpu);
    tw->host_addr = cpu->xlen == 32 ? (uint32_t)cpu->h.x[11] : cpu->h.x[11];
    rv_zkvm *z = cpu->env_ctx;
    tw->vendor_host = z && trace_ecall_vendor_host(cpu);
    if (tw->vendor_host) {
        z->host_rec = true;
        z->host_log.n = 0;
    }
}

void trace_writer_ecall_post(trace_writer *tw, rv_cpu *cpu, rv_env_action act)
{
    if (tw->profile == TRACE_PROFILE_LINUX) {
        size_t n = trace_linux_effect(cpu, act, tw->flags, NULL);
        trace_writer_grow(tw, n);
        tw->cur += trace_linux_effect(cpu, act, tw->flags, tw->cur);
        if (act == RV_ENV_STOP) trace_linux_tid(tw, cpu); /* the thread switched to */
        if (act == RV_ENV_CONTINUE || act == RV_ENV_STOP)
            trace_linux_flush(tw);
        else
            tw->kwn = tw->kwrecs = 0; /* the run ends: nothing reads it */
        return;
    }
    if (tw->vendor_host) { /* logged whatever the call's outcome: the replay takes them */
        rv_zkvm *z = cpu->env_ctx;
        uint64_t k = z->host_log.n, nw = (k + 7) / 8;
        tw->vendor_host = z->host_rec = false;
        trace_writer_grow(tw, 1 + nw);
        *tw->cur++ = k;
        memset(tw->cur, 0, nw * 8);
        if (k) memcpy(tw->cur, z->host_log.p, k);
        tw->cur += nw;
        return;
    }
    if (!tw->host_read || act != RV_ENV_CONTINUE) return;
    tw->host_read = false;
    uint64_t k = cpu->xlen == 32 ? (uint32_t)cpu->h.x[10] : cpu->h.x[10]; /* bytes delivered */
    uint64_t nw = (k + 7) / 8;
    trace_writer_grow(tw, 1 + nw);
    *tw->cur++ = k;
    memset(tw->cur, 0, nw * 8);
    if (!rv_mem_read(cpu->mem, tw->host_addr, tw->cur, k))
        rivet_fail(&tw->err, RIVET_EIO, RIVET_NOPOS, "trace: the bytes read are unmapped");
    tw->cur += nw;
}
