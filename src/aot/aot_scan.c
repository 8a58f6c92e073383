/* The translator's front end: linear-sweep decoding of every executable region with the one
   decoder, counting segments (straight-line runs between leaders and control transfers) and the
   choice of guest registers pinned in host registers (static use counts, loops weighted). */
#include <stdio.h>
#include <stdlib.h>

#include "aot/aot_internal.h"

bool aot_has_template(const rv_insn *in)
{
    switch ((rv_op)in->op) {
    case RV_OP_LUI ... RV_OP_SD:
    case RV_OP_ADDI ... RV_OP_AND:
    case RV_OP_FENCE:
    case RV_OP_ADDIW ... RV_OP_REMUW:
    case RV_OP_AUIPC32 ... RV_OP_SW32: return true;
    default: return false;
    }
}

static bool is_branch(const rv_insn *in)
{
    return in->op >= RV_OP_BEQ && in->op <= RV_OP_BGEU;
}

static bool is_control(const rv_insn *in)
{
    return in->op == RV_OP_JAL || in->op == RV_OP_JALR || in->op == RV_OP_JAL32 ||
           in->op == RV_OP_JALR32 || is_branch(in);
}

uint64_t aot_target(const aot_program *p, const aot_insn *i)
{
    uint64_t t = i->pc + (uint64_t)(int64_t)i->in.imm;
    return p->xlen == 32 ? (uint32_t)t : t;
}

aot_insn *aot_find(aot_program *p, uint64_t pc)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->v[mid].pc < pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n && p->v[lo].pc == pc ? &p->v[lo] : NULL;
}

RIVET_MUST_USE static rivet_status sweep(aot_program *p, const rv_cpu *cpu, rivet_diag *d)
{
    rv_mem *m = cpu->mem;
    size_t cap = 0;
    p->lo = UINT64_MAX;
    p->hi = 0;
    for (size_t r = 0; r < m->nreg; r++) {
        const rv_region *g = &m->reg[r];
        if (!(g->prot & RV_PROT_X)) continue;
        /* far-away code (the Linux ABI's signal-return page) is left to the interpreter */
        if (p->hi && g->start > p->hi + AOT_FAR) continue;
        if (g->start < p->lo) p->lo = g->start;
        if (g->end > p->hi) p->hi = g->end;
        for (uint64_t pc = g->start; pc + 2 <= g->end;) {
            uint32_t bits = 0;
            memcpy(&bits, g->host + (pc - g->start), pc + 4 <= g->end ? 4 : 2);
            if (p->n == cap) {
                cap = cap ? cap * 2 : 4096;
                aot_insn *v = realloc(p->v, cap * sizeof *v);
                if (!v) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
                p->v = v;
            }
            aot_insn *i = &p->v[p->n++];
            memset(i, 0, sizeof *i);
            rv_decode(bits, cpu->xlen, cpu->ext, &i->in);
            if (i->in.len != 2 && i->in.len != 4) i->in.len = (bits & 3) == 3 ? 4 : 2;
            if (pc + i->in.len > g->end) i->in.len = 2;
            i->pc = pc;
            i->kind = aot_has_template(&i->in) ? AOT_K_NATIVE : AOT_K_STEP;
            /* without C a static jump to a 2-mod-4 address traps at the jump (instruction
               address misaligned, not retired): the interpreter step does exactly that */
            bool jump = is_branch(&i->in) || i->in.op == RV_OP_JAL || i->in.op == RV_OP_JAL32;
            if (!(cpu->ext & RV_EXT_C) && jump && (aot_target(p, i) & 2)) i->kind = AOT_K_STEP;
            pc += i->in.len;
        }
    }
    if (!p->n) return rivet_fail(d, RIVET_EINPUT, RIVET_NOPOS, "no executable code");
    return RIVET_OK;
}

static void segments(aot_program *p, uint64_t entry)
{
    aot_insn *e = aot_find(p, entry);
    if (e) e->leader = true;
    for (size_t k = 0; k < p->n; k++) {
        aot_insn *i = &p->v[k];
        if (i->kind == AOT_K_STEP) {
            i->leader = true;
            if (k + 1 < p->n) p->v[k + 1].leader = true;
        }
        if (is_control(&i->in)) {
            i->ends = true;
            if (k + 1 < p->n) p->v[k + 1].leader = true;
            if (i->in.op != RV_OP_JALR && i->in.op != RV_OP_JALR32) {
                aot_insn *t = aot_find(p, aot_target(p, i));
                if (t) t->leader = true;
            }
        }
        if (k + 1 < p->n && p->v[k + 1].pc != i->pc + i->in.len) p->v[k + 1].leader = true;
    }
    p->maxseg = 1;
    uint64_t run = 0;
    for (size_t k = 0; k < p->n; k++) {
        aot_insn *i = &p->v[k];
        if (i->kind == AOT_K_STEP) {
            run = 0;
            continue;
        }
        i->idx = (k && !i->leader && p->v[k - 1].kind == AOT_K_NATIVE && !p->v[k - 1].ends)
                     ? p->v[k - 1].idx + 1
                     : 0;
        bool last = i->ends || k + 1 == p->n || p->v[k + 1].leader;
        if (last) {
            i->nseg = i->idx + 1;
            p->info.segments++;
        }
        run = i->ends ? 0 : run + 1;
        if (run + 1 > p->maxseg) p->maxseg = run + 1;
    }
}

/* Static use counts, instructions inside short backward-branch spans weighted more. */
static void pin_registers(aot_program *p)
{
    uint64_t w[32] = {0};
    int *depth = calloc(p->n + 1, sizeof *depth);
    if (depth) {
        for (size_t k = 0; k < p->n; k++) {
            const aot_insn *i = &p->v[k];
            if (!is_branch(&i->in) && i->in.op != RV_OP_JAL && i->in.op != RV_OP_JAL32) continue;
            if (i->in.imm >= 0 || i->in.imm < -4096) continue;
            aot_insn *t = aot_find(p, aot_target(p, i));
            if (!t) continue;
            depth[t - p->v]++;
            depth[k + 1]--;
        }
    }
    int dep = 0;
    for (size_t k = 0; k < p->n; k++) {
        const rv_insn *in = &p->v[k].in;
        if (depth) dep += depth[k];
        uint64_t wt = 1 + 16 * (uint64_t)(dep > 3 ? 3 : dep);
        if (p->v[k].kind != AOT_K_NATIVE) continue;
        if (in->rd < 32) w[in->rd] += wt;
        w[in->rs1 & 31] += wt;
        w[in->rs2 & 31] += wt;
    }
    free(depth);
    w[0] = 0;
    for (int r = 0; r < 32; r++)
        p->host_of[r] = -1;
    int nhost = p->opts.trace ? 9 : 10;
    for (int h = 0; h < nhost; h++) {
        int best = -1;
        for (int r = 1; r < 32; r++)
            if (p->host_of[r] < 0 && w[r] && (best < 0 || w[r] > w[best])) best = r;
        if (best < 0) break;
        p->host_of[best] = h;
        p->info.pinned++;
    }
    static const char *const names[] = {
#define X(n) #n,
        AOT_HOST_REGS(X)
#undef X
    };
    for (int r = 0; r < 32; r++) {
        if (r && p->host_of[r] >= 0)
            snprintf(p->rname[r], sizeof p->rname[r], "%s", names[p->host_of[r]]);
        else
            snprintf(p->rname[r], sizeof p->rname[r], "qword ptr [rbp+%d]", 8 * r);
    }
}

/* Counts the instructions statically reachable from the entry (fall-through, branch and jal
   targets; a call's return address through the jal's fall-through): what the program's code
   is, as opposed to data that the linear sweep also decodes. */
static void count_reachable(aot_program *p, uint64_t entry)
{
    uint8_t *seen = calloc(p->n, 1);
    size_t *work = malloc(p->n * sizeof *work), top = 0;
    aot_insn *e = aot_find(p, entry);
    if (!seen || !work || !e) {
        free(seen);
        free(work);
        return;
    }
    work[top++] = (size_t)(e - p->v);
    seen[e - p->v] = 1;
    while (top) {
        size_t k = work[--top];
        const aot_insn *i = &p->v[k];
        if (i->in.id == RV_INSN_ILLEGAL) continue;
        p->info.insns++;
        p->info.translated += i->kind == AOT_K_NATIVE;
        aot_insn *next[2] = {NULL, NULL};
        bool jalr = i->in.op == RV_OP_JALR || i->in.op == RV_OP_JALR32;
        /* a jalr that links is a call: its return address is reached */
        if ((!jalr || i->in.rd < 32) && k + 1 < p->n) next[0] = &p->v[k + 1];
        if (is_branch(&i->in) || i->in.op == RV_OP_JAL || i->in.op == RV_OP_JAL32)
            next[1] = aot_find(p, aot_target(p, i));
        const aot_insn *prev = k ? &p->v[k - 1] : NULL;
        if (jalr && prev && (prev->in.op == RV_OP_AUIPC || prev->in.op == RV_OP_AUIPC32) &&
            prev->in.rd == i->in.rs1) /* auipc + jalr: a far call or jump with a static target */
            next[1] = aot_find(
                p, (prev->pc + (uint64_t)(int64_t)prev->in.imm + (uint64_t)(int64_t)i->in.imm) &
                       ~(uint64_t)1);
        for (int t = 0; t < 2; t++) {
            if (!next[t] || seen[next[t] - p->v]) continue;
            seen[next[t] - p->v] = 1;
            work[top++] = (size_t)(next[t] - p->v);
        }
    }
    free(seen);
    free(work);
}

rivet_status aot_scan(aot_program *p, const rv_cpu *cpu, rivet_diag *d)
{
    rivet_status st = sweep(p, cpu, d);
    if (st) return st;
    segments(p, cpu->h.pc);
    count_reachable(p, cpu->h.pc);
    pin_registers(p);
    return RIVET_OK;
}
