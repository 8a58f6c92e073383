/* The interpreter: frame set-up (code analysis: code_cache.c) and the dispatch
   loop (interp_loop.h, instantiated once plain and once with an EIP-3155 tracer). */
#include <inttypes.h>
#include <stdlib.h>

#include "evm_internal.h"
#include "rivet/crypto.h"

static void evm_trace_step(evm_frame *f, size_t pc, uint8_t op, int64_t gas, const u256 *sp)
{
    FILE *o = f->h->tracer->out;
    evm_opinfo i = evm_opcode_info(op, f->fork);
    fprintf(o,
            "{\"pc\":%zu,\"op\":%u,\"gas\":\"0x%" PRIx64 "\",\"gasCost\":\"0x%" PRIx32
            "\",\"memSize\":%" PRIu64 ",",
            pc, op, (uint64_t)gas, (uint32_t)i.gas, f->msize);
    if (f->h->tracer->memory) {
        fputs("\"memory\":\"0x", o);
        for (uint64_t k = 0; k < f->msize; k++)
            fprintf(o, "%02x", f->mem[k]);
        fputs("\",", o);
    }
    fputs("\"stack\":[", o);
    for (const u256 *p = f->stack; p < sp; p++) {
        char hx[67];
        fprintf(o, "%s\"%s\"", p == f->stack ? "" : ",", u256_to_hex(hx, *p));
    }
    fprintf(o, "],\"depth\":%d,\"refund\":%" PRId64 ",\"opName\":\"%s\"}\n", f->m->depth + 1,
            f->mt.refund, i.name ? i.name : "UNDEFINED");
}

static void evm_trace_end(evm_frame *f, evm_status st, int64_t gas)
{
    if (f->m->depth != 0) return;
    FILE *o = f->h->tracer->out;
    fprintf(o, "{\"output\":\"");
    for (size_t i = 0; i < f->out_len; i++)
        fprintf(o, "%02x", f->out[i]);
    fprintf(o, "\",\"gasUsed\":\"0x%" PRIx64 "\"%s%s%s}\n",
            (uint64_t)(f->m->gas - (st == EVM_SUCCESS || st == EVM_REVERT ? gas : 0)),
            st == EVM_SUCCESS ? "" : ",\"error\":\"", st == EVM_SUCCESS ? "" : evm_status_str(st),
            st == EVM_SUCCESS ? "" : "\"");
}

#define LOOP_NAME  evm_loop
#define LOOP_TRACE 0
#include "interp_loop.h"
#undef LOOP_NAME
#undef LOOP_TRACE
#define LOOP_NAME  evm_loop_traced
#define LOOP_TRACE 1
#include "interp_loop.h"
#undef LOOP_NAME
#undef LOOP_TRACE

/* The stack, and the code's analysis: from the host's cache, or laid out after the stack in
   the same block. */
static bool evm_frame_setup(evm_frame *f, const uint8_t *code, size_t len)
{
    size_t stack_bytes = EVM_STACK_LIMIT * sizeof(u256);
    const evm_code *e = evm_code_get(f->h->code_cache, code, len);
    uint8_t *b = malloc(stack_bytes + (e ? 0 : evm_analysis_size(len)));
    if (!b) return false;
    f->block = b;
    f->stack = (u256 *)b;
    if (e) {
        f->code = e->code;
        f->jumpdests = e->jumpdests;
    } else {
        evm_analyse(b + stack_bytes, code, len, &f->code, &f->jumpdests);
    }
    f->code_len = len;
    return true;
}

bool evm_mem_grow(evm_frame *f, int64_t *gas, uint64_t end)
{
    uint64_t words = evm_words(end);
    *gas -= evm_memory_cost(words) - evm_memory_cost(f->msize / 32);
    if (*gas < 0) return false;
    uint64_t size = words * 32;
    if (size > f->mcap) {
        uint64_t cap = f->mcap ? f->mcap : 1024; /* malloc's per-thread cache size */
        while (cap < size)
            cap *= 2;
        uint8_t *m = realloc(f->mem, cap);
        if (!m) {
            *gas = -1;
            return false;
        }
        memset(m + f->mcap, 0, cap - f->mcap);
        f->mem = m;
        f->mcap = cap;
    }
    f->msize = size;
    return true;
}

void evm_execute(evm_host *h, const evm_message *m, const uint8_t *code, size_t code_len,
                 evm_result *r)
{
    evm_frame f = {0};
    f.h = h;
    f.m = m;
    f.fork = h->fork;
    memset(r, 0, sizeof *r);
    if (!evm_fork_supported(f.fork) || !evm_frame_setup(&f, code, code_len)) {
        r->status = EVM_HOST_ERROR;
        return;
    }
    int64_t gas = m->gas;
    f.mt.state_left = m->state_gas;
    f.ctx = (evm_ctx){h, m, &f.mt};
    f.sp = f.stack;
    f.pc = 0;
    evm_status st;
    for (;;) {
        st = h->tracer ? evm_loop_traced(&f, &gas) : evm_loop(&f, &gas);
        if (st != EVM_PENDING) break;
        evm_result cr;
        h->fn->call(h, &f.pend, &cr);
        if (cr.status == EVM_HOST_ERROR) {
            free(cr.output);
            st = EVM_HOST_ERROR;
            break;
        }
        evm_finish_call(&f, &cr, &gas);
    }
    r->status = st;
    r->state_gas_left = f.mt.state_left;
    r->state_gas_used = f.mt.state_used;
    if (st == EVM_SUCCESS || st == EVM_REVERT) {
        r->gas_left = gas;
        r->output = f.out;
        r->output_size = f.out_len;
        r->gas_refund = st == EVM_SUCCESS ? f.mt.refund : 0;
    } else {
        free(f.out);
    }
    free(f.ret);
    free(f.mem);
    free(f.block);
}
