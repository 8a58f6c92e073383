/* The translator's back end: the assembly file. Per guest instruction a label I_<pc> and its
   template; at the end of each counting segment `sub r14, n` (and at control transfers
   `jle` to a cold stub that cuts the trace chunk, or stops at the limit, then continues); the
   entry, exit, dispatch and trampolines into the runtime; the jump table (one entry per guest
   halfword) and the mid-segment entry stubs E_<pc> that pre-compensate the step count. */
#include <stdio.h>

#include "aot/aot_internal.h"

/* Appends to b; the first failure sticks in p->emit_st, which aot_emit returns. */
static void put(aot_program *p, rivet_buf *b, const void *data, size_t n)
{
    rivet_status st = buf_append(b, data, n);
    if (st && !p->emit_st) p->emit_st = st;
}

static void vout(aot_program *p, rivet_buf *b, const char *fmt, va_list ap)
{
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n > 0) put(p, b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void aot_out(aot_program *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vout(p, &p->text, fmt, ap);
    va_end(ap);
}

void aot_cold(aot_program *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vout(p, &p->cold, fmt, ap);
    va_end(ap);
}

typedef unsigned long long ull;

void aot_fault_point(aot_program *p, const char *label, bool store)
{
    char l[32];
    if (!label) snprintf(l, sizeof l, "I_%llx", (ull)p->cur_pc);
    char tmp[96];
    int n = snprintf(tmp, sizeof tmp, "  .quad %s, %llu, %llu\n", label ? label : l, (ull)p->cur_pc,
                     (ull)p->cur_idx | (ull)store << 32);
    put(p, &p->ftab, tmp, (size_t)n);
    p->nfault++;
}

/* A jump to guest pc: direct when translated, else through the dispatcher. */
static void jump_to(aot_program *p, bool cold, uint64_t pc)
{
    void (*o)(aot_program *, const char *, ...) = cold ? aot_cold : aot_out;
    if (aot_find(p, pc) && !(pc & 1))
        o(p, "  jmp I_%llx\n", (ull)pc);
    else
        o(p, "  mov rax, %llu\n  jmp aot_dispatch\n", (ull)pc);
}

/* Cold path of a block end: cut at pc, then go there. */
static void cut_then(aot_program *p, uint64_t pc)
{
    aot_cold(p, "  mov rax, %llu\n  mov qword ptr [rbp+%d], rax\n  call aot_cut_tramp\n", (ull)pc,
             AOT_OFF_PC);
    jump_to(p, true, pc);
}

static const char *jcc(unsigned op)
{
    switch (op) {
    case RV_OP_BEQ: return "je";
    case RV_OP_BNE: return "jne";
    case RV_OP_BLT: return "jl";
    case RV_OP_BGE: return "jge";
    case RV_OP_BLTU: return "jb";
    default: return "jae";
    }
}

static void compare(aot_program *p, bool cold, const rv_insn *in)
{
    void (*o)(aot_program *, const char *, ...) = cold ? aot_cold : aot_out;
    if (in->rs1 && p->host_of[in->rs1] >= 0) {
        o(p, "  cmp %s, %s\n", p->rname[in->rs1], p->rname[in->rs2]);
    } else {
        o(p, "  mov rax, %s\n  cmp rax, %s\n", p->rname[in->rs1], p->rname[in->rs2]);
    }
}

static void control(aot_program *p, const aot_insn *i)
{
    const rv_insn *in = &i->in;
    uint64_t next = i->pc + in->len, target = aot_target(p, i);
    /* the link value: sign-extended on RV32 */
    uint64_t link = p->xlen == 32 ? (uint64_t)(int64_t)(int32_t)next : next;
    unsigned l = p->nlab++;
    if (in->op == RV_OP_JAL || in->op == RV_OP_JAL32) {
        if (in->rd < 32) {
            aot_out(p, "  mov rax, %llu\n  mov %s, rax\n", (ull)link, p->rname[in->rd]);
        }
        aot_out(p, "  sub r14, %u\n  jle C%u\n", i->nseg, l);
        jump_to(p, false, target);
        aot_cold(p, "C%u:\n", l);
        cut_then(p, target);
        return;
    }
    if (in->op == RV_OP_JALR || in->op == RV_OP_JALR32) {
        if (p->xlen == 32)
            aot_out(p, "  mov rax, %s\n  add eax, %d\n  and eax, -2\n", p->rname[in->rs1], in->imm);
        else
            aot_out(p, "  mov rax, %s\n  add rax, %d\n  and rax, -2\n", p->rname[in->rs1], in->imm);
        if (!(p->ext & RV_EXT_C)) { /* a 2-mod-4 target traps at the jalr: an interpreter step */
            unsigned m = p->nlab++;
            aot_out(p, "  test al, 2\n  jnz M%u\n", m);
            aot_cold(p, "M%u:\n", m);
            if (i->nseg > 1) aot_cold(p, "  sub r14, %u\n", i->nseg - 1);
            aot_cold(p,
                     "  mov rax, %llu\n  mov qword ptr [rbp+%d], rax\n  mov rax, %llu\n"
                     "  mov qword ptr [rbp+%d], rax\n  call aot_step_tramp\n"
                     "  mov rax, qword ptr [rbp+%d]\n  jmp aot_dispatch\n",
                     (ull)i->pc, AOT_OFF_PC, (ull)next, AOT_OFF_NEXT, AOT_OFF_PC);
        }
        if (in->rd < 32)
            aot_out(p, "  mov rcx, %llu\n  mov %s, rcx\n", (ull)link, p->rname[in->rd]);
        aot_out(p, "  sub r14, %u\n  jle C%u\n  jmp aot_dispatch\n", i->nseg, l);
        aot_cold(p,
                 "C%u:\n  mov qword ptr [rbp+%d], rax\n  call aot_cut_tramp\n"
                 "  mov rax, qword ptr [rbp+%d]\n  jmp aot_dispatch\n",
                 l, AOT_OFF_PC, AOT_OFF_PC);
        return;
    }
    /* conditional branch */
    aot_out(p, "  sub r14, %u\n  jle C%u\n", i->nseg, l);
    compare(p, false, in);
    if (aot_find(p, target) && !(target & 1)) {
        aot_out(p, "  %s I_%llx\n", jcc(in->op), (ull)target);
    } else {
        unsigned t = p->nlab++;
        aot_out(p, "  %s T%u\n", jcc(in->op), t);
        aot_cold(p, "T%u:\n", t);
        jump_to(p, true, target);
    }
    aot_cold(p, "C%u:\n", l);
    compare(p, true, in);
    unsigned tk = p->nlab++;
    aot_cold(p, "  %s C%u\n", jcc(in->op), tk);
    cut_then(p, next);
    aot_cold(p, "C%u:\n", tk);
    cut_then(p, target);
}

static void spill(aot_program *p, bool reload)
{
    for (int r = 1; r < 32; r++)
        if (p->host_of[r] >= 0) {
            if (reload)
                aot_out(p, "  mov %s, qword ptr [rbp+%d]\n", p->rname[r], 8 * r);
            else
                aot_out(p, "  mov qword ptr [rbp+%d], %s\n", 8 * r, p->rname[r]);
        }
    if (reload) {
        aot_out(p, "  mov r14, qword ptr [rbp+%d]\n", AOT_OFF_LEFT);
        if (p->opts.trace) aot_out(p, "  mov r15, qword ptr [rbp+%d]\n", AOT_OFF_TP);
    } else {
        aot_out(p, "  mov qword ptr [rbp+%d], r14\n", AOT_OFF_LEFT);
        if (p->opts.trace) aot_out(p, "  mov qword ptr [rbp+%d], r15\n", AOT_OFF_TP);
    }
}

/* Trampoline into a runtime function: 0 returns to the caller, 1 dispatches to ctx->pc,
   anything else leaves the translated code. */
static void tramp(aot_program *p, const char *name, int off)
{
    aot_out(p, "%s:\n", name);
    spill(p, false);
    aot_out(p, "  sub rsp, 8\n  mov rdi, rbp\n  call qword ptr [rbp+%d]\n  add rsp, 8\n", off);
    spill(p, true);
    aot_out(p,
            "  test eax, eax\n  jnz 1f\n  ret\n1:\n  cmp eax, 1\n  jne aot_exit\n  add rsp, 8\n"
            "  mov rax, qword ptr [rbp+%d]\n  jmp aot_dispatch\n",
            AOT_OFF_PC);
}

static void runtime(aot_program *p)
{
    aot_out(p,
            "  .globl aot_enter\n  .type aot_enter, @function\naot_enter:\n"
            "  push rbx\n  push rbp\n  push r12\n  push r13\n  push r14\n  push r15\n"
            "  sub rsp, 8\n  mov rbp, rdi\n  mov qword ptr [rbp+%d], rsp\n",
            AOT_OFF_RSP);
    spill(p, true);
    aot_out(p, "  mov rax, qword ptr [rbp+%d]\n  jmp aot_dispatch\n", AOT_OFF_PC);
    aot_out(p,
            "aot_exit:\n  mov rsp, qword ptr [rbp+%d]\n  add rsp, 8\n"
            "  pop r15\n  pop r14\n  pop r13\n  pop r12\n  pop rbp\n  pop rbx\n  ret\n",
            AOT_OFF_RSP);
    aot_out(p,
            "aot_dispatch:\n  test al, 1\n  jnz aot_badslot\n  mov rdx, rax\n  mov rcx, %llu\n"
            "  sub rdx, rcx\n  mov rcx, %llu\n  cmp rdx, rcx\n  jae aot_badslot\n"
            "  lea rcx, [rip+aot_jtab]\n  jmp qword ptr [rcx+rdx*4]\n"
            "aot_badslot:\n  mov qword ptr [rbp+%d], rax\n  call aot_bad_tramp\n",
            (ull)p->lo, (ull)(p->hi - p->lo), AOT_OFF_PC);
    tramp(p, "aot_step_tramp", AOT_OFF_STEP);
    tramp(p, "aot_cut_tramp", AOT_OFF_CUT);
    tramp(p, "aot_bad_tramp", AOT_OFF_BAD);
}

static void table(aot_program *p)
{
    aot_out(p, "  .section .data.rel.ro,\"aw\"\n  .balign 8\naot_jtab:\n");
    size_t k = 0;
    for (uint64_t a = p->lo; a < p->hi; a += 2) {
        while (k < p->n && p->v[k].pc < a)
            k++;
        const aot_insn *i = k < p->n && p->v[k].pc == a ? &p->v[k] : NULL;
        if (!i)
            aot_out(p, "  .quad aot_badslot\n");
        else if (i->kind == AOT_K_NATIVE && i->idx)
            aot_out(p, "  .quad E_%llx\n", (ull)a);
        else
            aot_out(p, "  .quad I_%llx\n", (ull)a);
    }
}

rivet_status aot_emit(aot_program *p)
{
    aot_out(p, "  .intel_syntax noprefix\n  .text\n");
    runtime(p);
    for (size_t k = 0; k < p->n; k++) {
        const aot_insn *i = &p->v[k];
        uint64_t next = i->pc + i->in.len;
        aot_out(p, "I_%llx:\n", (ull)i->pc);
        p->cur_pc = i->pc;
        p->cur_idx = i->idx;
        if (i->kind == AOT_K_STEP) {
            aot_out(p,
                    "  mov rax, %llu\n  mov qword ptr [rbp+%d], rax\n  mov rax, %llu\n"
                    "  mov qword ptr [rbp+%d], rax\n  call aot_step_tramp\n",
                    (ull)i->pc, AOT_OFF_PC, (ull)next, AOT_OFF_NEXT);
        } else {
            if (i->idx)
                aot_cold(p, "E_%llx:\n  add r14, %u\n  jmp I_%llx\n", (ull)i->pc, i->idx,
                         (ull)i->pc);
            if (i->ends) {
                control(p, i);
            } else {
                aot_emit_insn(p, i);
                if (i->nseg) aot_out(p, "  sub r14, %u\n", i->nseg);
            }
        }
        if (!i->ends && (k + 1 == p->n || p->v[k + 1].pc != next)) jump_to(p, false, next);
    }
    put(p, &p->text, p->cold.p, p->cold.n);
    aot_out(p, "aot_text_end:\n");
    table(p);
    aot_out(p, "  .globl aot_faults\naot_faults:\n");
    put(p, &p->text, p->ftab.p, p->ftab.n);
    aot_out(p, "  .quad aot_text_end, 0, 0\n  .globl aot_nfaults\naot_nfaults:\n  .quad %llu\n",
            (ull)p->nfault + 1);
    aot_out(p, "  .section .note.GNU-stack,\"\",@progbits\n");
    return p->emit_st;
}
