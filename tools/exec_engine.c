/* rivet exec's engines: interpreter, interpreter + trace, AOT translation (+ trace). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec_engine.h"

#include <jansson.h>
#include "rivet/aot.h"
#include "rivet/rv_zisk.h"
#include "rivet/rvsys.h"
#include "rivet/trace.h"

bool exec_engine_option(exec_engine *e, int c, const char *arg)
{
    switch (c) {
    case 'T': e->trace_path = arg; return true;
    case 'C': e->chunk_log2 = (unsigned)strtoul(arg, NULL, 10); return true;
    case 'Z': e->zstd = true; return true;
    case 'A': e->aot = true; return true;
    case 'P': e->profile = arg; return true;
    default: return false;
    }
}

/* The float-ABI bits of e_flags: a program built with hard float uses f0..f31. */
bool exec_elf_uses_float(const uint8_t *elf, size_t len)
{
    size_t off = len > 4 && elf[4] == 1 ? 0x24 : 0x30;
    if (len < off + 4) return false;
    return (elf[off] & 6) != 0;
}

bool exec_engine_profile(exec_engine *e, rv_cpu *cpu)
{
    if (!e->profile) return true;
    const aot_profile *p = aot_profile_find(e->profile);
    if (!p) {
        fprintf(stderr, "rivet: unknown profile '%s' (", e->profile);
        for (unsigned i = 0; aot_profile_at(i); i++) /* the names of RV_ZKVM_PROFILE_LIST */
            fprintf(stderr, "%s%s", i ? ", " : "", aot_profile_at(i)->name);
        fprintf(stderr, ")\n");
        return false;
    }
    if (p->xlen && p->xlen != cpu->xlen) {
        fprintf(stderr, "rivet: profile %s is RV%d, the program is RV%d\n", p->name, p->xlen,
                cpu->xlen);
        return false;
    }
    cpu->ext = p->ext | RV_EXT_I;
    return true;
}

rv_zkvm_abi exec_engine_abi(const exec_engine *e)
{
    const aot_profile *p = e->profile ? aot_profile_find(e->profile) : NULL;
    return p ? p->abi : RV_ZKVM_ABI_RIVET;
}

void exec_engine_trace_extras(const exec_engine *e, trace_opts *o, const uint8_t *elf, size_t len)
{
    const aot_profile *p = e->profile ? aot_profile_find(e->profile) : NULL;
    if (p && p->extra == AOT_EXTRA_PREV_CLK) {
        o->prev_clk = true;
        o->elf = elf;
        o->elf_len = len;
    }
}

rv_result exec_engine_run(exec_engine *e, rv_cpu *cpu, const uint8_t *elf, size_t elf_len)
{
    rv_result r = {.stop = RV_STOP_TRAP, .cause = RV_CAUSE_ILLEGAL};
    trace_writer *tw = NULL;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (!exec_engine_profile(e, cpu)) {
        e->failed = true;
        return r;
    }
    rv_zkvm *z = cpu->env_ctx; /* the zkVM profile's: its accelerator ABI is the profile's */
    z->abi = exec_engine_abi(e);
    if (e->trace_path) {
        trace_opts o = {.chunk_log2 = e->chunk_log2,
                        .zstd = e->zstd,
                        .fregs = exec_elf_uses_float(elf, elf_len),
                        .profile = trace_profile_of_abi(z->abi)};
        exec_engine_trace_extras(e, &o, elf, elf_len);
        if (trace_writer_open(&tw, e->trace_path, cpu->xlen, &o, &d)) {
            fprintf(stderr, "rivet exec: %s\n", d.msg);
            e->failed = true;
            return r;
        }
        trace_writer_begin(tw, cpu);
    }
    if (e->aot) {
        aot_program *p = NULL;
        aot_opts ao = {.trace = tw != NULL};
        if (aot_translate(&p, cpu, &ao, &d) || aot_load(p, &d)) {
            fprintf(stderr, "rivet exec: aot: %s\n", d.msg);
            aot_free(p);
            trace_writer_free(tw);
            e->failed = true;
            return r;
        }
        if (!rv_zisk_arm(cpu)) { /* a device page (ZisK's UART) read-only to translated code */
            fprintf(stderr, "rivet exec: aot: cannot protect the device page\n");
            aot_free(p);
            trace_writer_free(tw);
            e->failed = true;
            return r;
        }
        r = exec_aot_devices(p, cpu, tw);
        aot_free(p);
    } else {
        r = tw ? trace_run(cpu, tw) : rv_run(cpu);
    }
    if (tw) {
        if (trace_writer_finish(tw, &r, &d)) {
            fprintf(stderr, "rivet exec: %s\n", d.msg);
            e->failed = true;
        }
        trace_writer_free(tw);
    }
    return r;
}

/* What the Linux scheduler drives: the interpreter or the translation, with or without the
   trace. A state change between two runs (a time slice ended, a signal was delivered) ends the
   trace chunk with a switch record. */
typedef struct linux_run {
    aot_program *p;
    trace_writer *tw;
    rv_hart last; /* the state the previous run left */
} linux_run;

static bool same_state(const rv_hart *a, const rv_hart *b)
{
    return a->pc == b->pc && !memcmp(a->x + 1, b->x + 1, 31 * sizeof a->x[0]) &&
           !memcmp(a->f, b->f, sizeof a->f) && a->fcsr == b->fcsr &&
           a->resv_valid == b->resv_valid && (!a->resv_valid || a->resv_addr == b->resv_addr);
}

static rv_result linux_engine(rv_cpu *cpu, void *v)
{
    linux_run *x = v;
    if (x->tw && (!same_state(&x->last, &cpu->h) || trace_writer_kernel_pending(x->tw)))
        trace_writer_switch(x->tw, cpu);
    rv_result r = x->p ? aot_run(x->p, cpu, x->tw) : x->tw ? trace_run(cpu, x->tw) : rv_run(cpu);
    x->last = cpu->h;
    return r;
}

rv_result exec_engine_run_linux(exec_engine *e, rv_cpu *cpu, rvs_linux *L, const uint8_t *elf,
                                size_t elf_len)
{
    rv_result r = {.stop = RV_STOP_TRAP, .cause = RV_CAUSE_ILLEGAL};
    /* the profile's ISA (decoder mask) and xlen apply to the Linux guest as to a zkVM one: an
       instruction outside it traps (illegal instruction), a result */
    if (!exec_engine_profile(e, cpu)) {
        e->failed = true;
        return r;
    }
    rivet_diag d;
    rivet_diag_clear(&d);
    linux_run x = {0};
    if (e->trace_path) {
        trace_opts o = {.chunk_log2 = e->chunk_log2,
                        .zstd = e->zstd,
                        .fregs = exec_elf_uses_float(elf, elf_len),
                        .profile = TRACE_PROFILE_LINUX};
        if (trace_writer_open(&x.tw, e->trace_path, cpu->xlen, &o, &d)) {
            fprintf(stderr, "rivet exec: %s\n", d.msg);
            e->failed = true;
            return r;
        }
        trace_writer_begin(x.tw, cpu);
    }
    if (e->aot) {
        aot_opts ao = {.trace = x.tw != NULL};
        if (aot_translate(&x.p, cpu, &ao, &d) || aot_load(x.p, &d)) {
            fprintf(stderr, "rivet exec: aot: %s\n", d.msg);
            aot_free(x.p);
            trace_writer_free(x.tw);
            e->failed = true;
            return r;
        }
    }
    x.last = cpu->h;
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    rvs_linux_set_engine(L, linux_engine, &x);
    r = rvs_linux_run(L, cpu);
    rvs_linux_set_engine(L, NULL, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    if (x.p) {
        const aot_info *in = aot_program_info(x.p);
        e->have_aot_info = true;
        e->aot_info = (struct aot_info_copy){
            in->insns,
            in->translated,
            in->asm_bytes,
            in->t_translate,
            in->t_assemble,
            in->t_load,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
            (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) * 1e-9};
    }
    aot_free(x.p);
    if (x.tw) {
        if (trace_writer_finish(x.tw, &r, &d)) {
            fprintf(stderr, "rivet exec: %s\n", d.msg);
            e->failed = true;
        }
        trace_writer_free(x.tw);
    }
    return r;
}

json_t *exec_aot_json(const exec_engine *e, uint64_t steps, FILE *text)
{
    if (!e->have_aot_info) return NULL;
    const struct aot_info_copy *a = &e->aot_info;
    if (text)
        fprintf(text,
                "aot: %llu instructions (%llu with a template), %.1f MB of assembly; translate "
                "%.2f s, as+ld %.2f s, load %.2f s; run %.2f s (CPU %.2f s: %.3f G steps/s)\n",
                (unsigned long long)a->insns, (unsigned long long)a->translated,
                (double)a->asm_bytes / 1e6, a->t_translate, a->t_assemble, a->t_load, a->t_run,
                a->t_run_cpu, a->t_run_cpu > 0 ? (double)steps / a->t_run_cpu / 1e9 : 0.0);
    json_t *j = json_object();
    json_object_set_new(j, "instructions", json_integer((json_int_t)a->insns));
    json_object_set_new(j, "translated", json_integer((json_int_t)a->translated));
    json_object_set_new(j, "asm_bytes", json_integer((json_int_t)a->asm_bytes));
    json_object_set_new(j, "translate_s", json_real(a->t_translate));
    json_object_set_new(j, "assemble_s", json_real(a->t_assemble));
    json_object_set_new(j, "load_s", json_real(a->t_load));
    json_object_set_new(j, "run_s", json_real(a->t_run));
    json_object_set_new(j, "run_cpu_s", json_real(a->t_run_cpu));
    return j;
}

json_t *exec_cost_json(const exec_engine *e, uint64_t steps, FILE *text)
{
    const aot_profile *p = e->profile ? aot_profile_find(e->profile) : NULL;
    if (!p) return NULL;
    uint64_t cycles = (uint64_t)p->cost * steps;
    if (text)
        fprintf(text, "cost model (%s): %u per instruction, %llu prover cycles\n", p->name, p->cost,
                (unsigned long long)cycles);
    return json_pack("{s:s,s:i,s:I}", "profile", p->name, "per_instruction", (int)p->cost, "cycles",
                     (json_int_t)cycles);
}

struct mix_row {
    const char *name;
    uint64_t n;
};

static int by_count(const void *a, const void *b)
{
    const struct mix_row *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? 1 : -1;
    return strcmp(x->name, y->name);
}

json_t *exec_mix_json(const uint64_t *mix, FILE *text, uint64_t total)
{
    struct mix_row *rows = malloc(RV_INSN_COUNT * sizeof *rows);
    size_t n = 0;
    for (unsigned i = 0; rows && i < RV_INSN_COUNT; i++)
        if (mix[i]) rows[n++] = (struct mix_row){rv_insn_name(i), mix[i]};
    if (rows) qsort(rows, n, sizeof *rows, by_count);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(arr, json_pack("[s,I]", rows[i].name, (json_int_t)rows[i].n));
        if (text)
            fprintf(text, "  %-12s %14llu %6.2f%%\n", rows[i].name, (unsigned long long)rows[i].n,
                    total ? 100.0 * (double)rows[i].n / (double)total : 0.0);
    }
    free(rows);
    return arr;
}

rv_result exec_aot_devices(aot_program *p, rv_cpu *cpu, trace_writer *tw)
{
    rv_result r;
    for (;;) { /* the translation already logged what the store logs */
        r = aot_run(p, cpu, tw);
        if (!rv_zisk_device_fault(cpu, &r)) break;
        uint64_t limit = cpu->limit;
        cpu->limit = cpu->instret + 1;
        r = rv_run(cpu);
        cpu->limit = limit;
        if (r.stop != RV_STOP_LIMIT || cpu->instret >= limit) break;
    }
    return r;
}

void exec_result_json(json_t *o, const rv_result *r)
{
    static const char *const stops[] = {"exit", "trap", "limit", "stop"};
    json_object_set_new(o, "stop", json_string(r->stop <= RV_STOP_ECALL ? stops[r->stop] : "?"));
    if (r->stop == RV_STOP_EXIT) json_object_set_new(o, "exit_code", json_integer(r->exit_code));
    if (r->stop == RV_STOP_TRAP) {
        json_object_set_new(o, "cause", json_string(rv_cause_str(r->cause)));
        json_object_set_new(o, "pc", json_integer((json_int_t)r->pc));
        json_object_set_new(o, "tval", json_integer((json_int_t)r->tval));
    }
    json_object_set_new(o, "instret", json_integer((json_int_t)r->instret));
}
