/* Pseudo-instructions, expanded as llvm-mc expands them. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/parse_internal.h"

/* ---------------------------------------------------------------- pseudo-instructions */

bool asm_want_ops(asm_ctx *c, const stmt *st, int n)
{
    if (st->nop < n) {
        ERR(st->nop ? asm_opcol(st, st->nop - 1) : st->mcol, "too few operands for instruction");
        return false;
    }
    if (st->nop > n) {
        ERR(asm_opcol(st, n), "invalid operand for instruction");
        return false;
    }
    return true;
}

int asm_need_reg(asm_ctx *c, const stmt *st, int i, bool fp)
{
    int r = asm_op_reg(st, i, fp);
    if (r < 0) ERR(asm_opcol(st, i), "invalid operand for instruction");
    return r;
}

asm_expr *asm_op_expr(asm_ctx *c, const stmt *st, int i)
{
    return asm_parse_expr_range(c, st->t, st->op[i].b, st->op[i].e);
}

/* A branch / jump target operand. */
static bool target_op(asm_ctx *c, const stmt *st, int i, asm_minst *m, symop *so, char letter)
{
    memset(so, 0, sizeof *so);
    asm_expr *e = asm_op_expr(c, st, i);
    if (!e) return false;
    return asm_take_imm(c, st, m, so, letter, false, e, MOD_NONE, i, asm_opcol(st, i));
}

void asm_emit_target(asm_ctx *c, stmt *st, unsigned row, int rd, int rs1, int rs2, int opi)
{
    asm_minst m;
    symop so;
    memset(&m, 0, sizeof m);
    m.row = (uint16_t)row;
    m.rd = (uint8_t)rd;
    m.rs1 = (uint8_t)rs1;
    m.rs2 = (uint8_t)rs2;
    if (!target_op(c, st, opi, &m, &so, row == RV_I_jal ? 'a' : 'p')) return;
    so.group = -1;
    if (so.expr)
        asm_emit_sym(c, st, m, &so, true);
    else
        asm_emit_const(c, st, m, true);
}

/* A pcrel pair: label: auipc rt, %pcrel_hi(sym); then row rd/rs2, %pcrel_lo(label)(rt). */
static void emit_pcrel_pair(asm_ctx *c, stmt *st, int symi, int rt, unsigned row, int rd, int rs2,
                            bool store)
{
    asm_expr *e = asm_op_expr(c, st, symi);
    if (!e) return;
    int64_t v;
    if (asm_const_now(c, e, &v)) {
        ERR(asm_opcol(st, symi), "operand must be a bare symbol name");
        return;
    }
    char name[40];
    snprintf(name, sizeof name, ".Lpcrel_hi%u", c->pcrel_n++);
    asm_sym *label = asm_here(c, name);
    if (!label) return;
    asm_minst m;
    memset(&m, 0, sizeof m);
    m.row = RV_I_auipc;
    m.rd = (uint8_t)rt;
    symop so = {e, F_PCREL_HI20, 'u', false, -1, asm_opcol(st, symi)};
    asm_emit_sym(c, st, m, &so, false);
    asm_expr *le = asm_alloc(c, sizeof *le);
    if (!le) return;
    le->op = E_SYM;
    le->sym = label;
    le->col = asm_opcol(st, symi);
    memset(&m, 0, sizeof m);
    m.row = (uint16_t)row;
    m.rd = (uint8_t)rd;
    m.rs1 = (uint8_t)rt;
    m.rs2 = (uint8_t)rs2;
    symop lo = {le,
                store ? F_PCREL_LO12_S : F_PCREL_LO12_I,
                store ? 'q' : 'o',
                false,
                -1,
                asm_opcol(st, symi)};
    asm_emit_sym(c, st, m, &lo, false);
}

static void emit_li(asm_ctx *c, stmt *st, int rd, asm_expr *e)
{
    int64_t v;
    if (asm_const_now(c, e, &v)) {
        if (c->o->xlen == 32 && !(v >= INT32_MIN && v <= (int64_t)UINT32_MAX)) {
            ERR(e->col, "immediate must be an integer in the range [-2147483648, 4294967295]");
            return;
        }
        asm_li_step seq[8];
        unsigned n = asm_li_seq(v, c->o->xlen, seq);
        for (unsigned i = 0; i < n; i++)
            asm_emit_row(c, st, seq[i].row, rd, seq[i].row == RV_I_lui ? 0 : (i ? rd : 0), 0,
                         seq[i].imm);
        return;
    }
    /* a value known after layout (a later .equ, a label difference) or an address */
    if (asm_cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)",
            asm_cur(c)->name);
        return;
    }
    asm_expr_register(c, e);
    asm_end_run(c);
    asm_item *it = asm_new_item(c, IT_LI);
    if (!it) return;
    it->expr = e;
    it->col = e->col;
    it->flags = IF_DEFERRED;
    it->u.li.rd = (uint8_t)rd;
    it->u.li.rvc = c->rvc;
    it->size = 0;
    asm_note_insn(c, c->rvc);
}

static void emit_call(asm_ctx *c, stmt *st, int symi, int rt, int jrd)
{
    asm_toks *t = st->t;
    opnd o = st->op[symi];
    bool plt = false;
    if (o.e >= o.b + 3 && asm_punct(&t->v[o.e - 2], '@') && asm_tok_is(&t->v[o.e - 1], "plt")) {
        plt = true;
        o.e -= 2;
    }
    asm_expr *e = asm_parse_expr_range(c, t, o.b, o.e);
    if (!e) return;
    if (e->op != E_SYM && !(e->op == E_ADD && e->a->op == E_SYM && e->b->op == E_NUM)) {
        ERR(asm_opcol(st, symi), "operand must be a bare symbol name");
        return;
    }
    if (asm_cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)",
            asm_cur(c)->name);
        return;
    }
    asm_expr_register(c, e);
    asm_item *it = asm_new_item(c, IT_INSN);
    if (!it) return;
    it->expr = e;
    it->col = asm_opcol(st, symi);
    it->fix = plt ? F_CALL_PLT : F_CALL;
    it->u.insn.m.row = RV_I_auipc;
    it->u.insn.m.rd = (uint8_t)rt;
    it->u.insn.jrd = (uint8_t)jrd;
    it->size = 8;
    asm_note_insn(c, c->rvc);
    asm_cur(c)->run_off += 8;
    asm_grow_total(c, 8, st->mcol);
}

bool asm_is(const stmt *st, const char *name)
{
    return strlen(name) == st->mnlen && !memcmp(st->mn, name, st->mnlen);
}

static int csr_op(asm_ctx *c, const stmt *st, int i)
{
    asm_tok *k = &st->t->v[st->op[i].b];
    if (k->kind == T_ID && st->op[i].e == st->op[i].b + 1) {
        int v = asm_csr_lookup(k->p, k->n, c->o->xlen);
        if (v == -2) {
            ERR(k->col, "system register use requires an option to be enabled");
            return -1;
        }
        if (v >= 0) return v;
    }
    asm_expr *e = asm_op_expr(c, st, i);
    int64_t v;
    if (!e) return -1;
    if (!asm_const_now(c, e, &v) || v < 0 || v > 4095) {
        ERR(k->col,
            "operand must be a valid system register name or an integer in the range [0, 4095]");
        return -1;
    }
    return (int)v;
}

/* A CSR instruction: rd, csr, then a register or (for the immediate forms) a uimm5. */
void asm_emit_csr(asm_ctx *c, stmt *st, unsigned rrow, unsigned irow, int rd, int csri, int srci,
                  bool imm_only)
{
    int csr = csr_op(c, st, csri);
    if (csr < 0) return;
    asm_minst m;
    memset(&m, 0, sizeof m);
    m.rd = (uint8_t)rd;
    m.csr = (uint16_t)csr;
    int rs = srci < 0 ? 0 : imm_only ? -1 : asm_op_reg(st, srci, false);
    if (rs >= 0) {
        m.row = (uint16_t)rrow;
        m.rs1 = (uint8_t)rs;
        asm_emit_const(c, st, m, true);
        return;
    }
    asm_expr *e = asm_op_expr(c, st, srci);
    int64_t v;
    if (!e) return;
    m.row = (uint16_t)irow;
    if (!asm_const_now(c, e, &v)) {
        symop so = {e, F_IMM, 'Z', false, 2, asm_opcol(st, srci)};
        asm_emit_sym(c, st, m, &so, false);
        return;
    }
    if (v < 0 || v > 31) {
        ERR(asm_opcol(st, srci), "immediate must be an integer in the range [0, 31]");
        return;
    }
    m.imm = v;
    asm_emit_const(c, st, m, true);
}

/* Loads / stores with a symbol ("lw a0, sym", "sw a0, sym, t0"). */
static const struct {
    const char *name;
    uint16_t row;
    bool store, fp;
} memops[] = {
    {"lb", RV_I_lb, 0, 0},   {"lh", RV_I_lh, 0, 0},   {"lw", RV_I_lw, 0, 0},
    {"ld", RV_I_ld, 0, 0},   {"lbu", RV_I_lbu, 0, 0}, {"lhu", RV_I_lhu, 0, 0},
    {"lwu", RV_I_lwu, 0, 0}, {"sb", RV_I_sb, 1, 0},   {"sh", RV_I_sh, 1, 0},
    {"sw", RV_I_sw, 1, 0},   {"sd", RV_I_sd, 1, 0},   {"flw", RV_I_flw, 0, 1},
    {"fld", RV_I_fld, 0, 1}, {"fsw", RV_I_fsw, 1, 1}, {"fsd", RV_I_fsd, 1, 1},
};

static bool has_paren(const stmt *st, int i)
{
    for (size_t k = st->op[i].b; k < st->op[i].e; k++)
        if (asm_punct(&st->t->v[k], '(')) return true;
    return false;
}

bool asm_row_ok(asm_ctx *c, const stmt *st, unsigned row)
{
    const rv_insn_desc *r = &rv_insn_table[row];
    if (((r->ext & RVE_X64) && c->o->xlen != 64) || ((r->ext & RVE_X32) && c->o->xlen != 32)) {
        ERR(st->mcol, "instruction requires the following: RV%dI Base Instruction Set",
            c->o->xlen == 32 ? 64 : 32);
        return false;
    }
    unsigned have = c->o->ext | RV_EXT_I | RV_EXT_ZICSR | RV_EXT_ZIFENCEI;
    if ((r->ext & 0xffff & have) != (r->ext & 0xffff)) {
        ERR(st->mcol, "instruction requires the following: %s",
            asm_ext_name((r->ext & 0xffff) & ~have));
        return false;
    }
    return true;
}

/* A memory operand "imm(reg)" or "(reg)" for jalr's offset (operand i). */
static bool mem_operand(asm_ctx *c, stmt *st, int i, asm_minst *m, symop *so)
{
    asm_toks *t = st->t;
    opnd o = st->op[i];
    memset(so, 0, sizeof *so);
    if (o.e - o.b < 3 || !asm_punct(&t->v[o.e - 1], ')') || !asm_punct(&t->v[o.e - 3], '(') ||
        asm_reg_of(&t->v[o.e - 2], false) < 0) {
        ERR(t->v[o.b].col, "invalid operand for instruction");
        return false;
    }
    m->rs1 = (uint8_t)asm_reg_of(&t->v[o.e - 2], false);
    if (o.e - 3 == o.b) return true;
    t->i = o.b;
    int mod;
    asm_expr *x = asm_parse_imm(c, t, o.e - 3, &mod);
    return x && asm_take_imm(c, st, m, so, 'o', false, x, mod, 1, t->v[o.b].col);
}

/* nop, li, la/lla, loads and stores of a symbol, call/tail/jump */
static bool pseudo_load_call(asm_ctx *c, stmt *st)
{
    int rd, rt;
    asm_expr *e;
    const int X0 = 0, RA = 1;
    if (asm_is(st, "nop")) {
        if (asm_want_ops(c, st, 0)) asm_emit_row(c, st, RV_I_addi, 0, 0, 0, 0);
        return true;
    }
    if (asm_is(st, "li")) {
        if (!asm_want_ops(c, st, 2) || (rd = asm_need_reg(c, st, 0, false)) < 0) return true;
        if ((e = asm_op_expr(c, st, 1))) emit_li(c, st, rd, e);
        return true;
    }
    if (asm_is(st, "la") || asm_is(st, "lla")) {
        if (!asm_want_ops(c, st, 2) || (rd = asm_need_reg(c, st, 0, false)) < 0) return true;
        emit_pcrel_pair(c, st, 1, rd, RV_I_addi, rd, 0, false);
        return true;
    }
    for (size_t i = 0; i < sizeof memops / sizeof memops[0]; i++) {
        if (!asm_is(st, memops[i].name)) continue;
        if (st->nop < 2 || has_paren(st, 1)) return false; /* the real instruction */
        if (!asm_row_ok(c, st, memops[i].row)) return true;
        bool three = memops[i].store || memops[i].fp;
        if (!asm_want_ops(c, st, three ? 3 : 2)) return true;
        if ((rd = asm_need_reg(c, st, 0, memops[i].fp)) < 0) return true;
        rt = three ? asm_need_reg(c, st, 2, false) : rd;
        if (rt < 0) return true;
        if (memops[i].store)
            emit_pcrel_pair(c, st, 1, rt, memops[i].row, 0, rd, true);
        else
            emit_pcrel_pair(c, st, 1, rt, memops[i].row, rd, 0, false);
        return true;
    }
    if (asm_is(st, "call") || asm_is(st, "tail") || asm_is(st, "jump")) {
        if (asm_is(st, "call")) {
            if (st->nop == 2) {
                if ((rd = asm_need_reg(c, st, 0, false)) < 0) return true;
                emit_call(c, st, 1, rd, rd);
            } else if (asm_want_ops(c, st, 1))
                emit_call(c, st, 0, RA, RA);
        } else if (asm_is(st, "tail")) {
            if (asm_want_ops(c, st, 1)) emit_call(c, st, 0, 6, X0);
        } else {
            if (!asm_want_ops(c, st, 2) || (rt = asm_need_reg(c, st, 1, false)) < 0) return true;
            emit_call(c, st, 0, rt, X0);
        }
        return true;
    }
    return false;
}

/* ret, j, jal with one operand, jr, the jalr shorthands */
static bool pseudo_jump(asm_ctx *c, stmt *st)
{
    int rd, rs;
    asm_expr *e;
    const int X0 = 0, RA = 1;
    if (asm_is(st, "ret")) {
        if (asm_want_ops(c, st, 0)) asm_emit_row(c, st, RV_I_jalr, X0, RA, 0, 0);
        return true;
    }
    if (asm_is(st, "j")) {
        if (asm_want_ops(c, st, 1)) asm_emit_target(c, st, RV_I_jal, X0, 0, 0, 0);
        return true;
    }
    if (asm_is(st, "jal") && st->nop == 1) {
        asm_emit_target(c, st, RV_I_jal, RA, 0, 0, 0);
        return true;
    }
    if (asm_is(st, "jr") ||
        (asm_is(st, "jalr") && st->nop <= 2 && !(st->nop == 2 && has_paren(st, 1)))) {
        int link = asm_is(st, "jr") ? X0 : RA;
        int regi = 0;
        if (asm_is(st, "jalr") && st->nop == 2) { /* jalr rd, rs */
            if ((link = asm_need_reg(c, st, 0, false)) < 0) return true;
            regi = 1;
        } else if (!asm_want_ops(c, st, 1))
            return true;
        if (asm_op_reg(st, regi, false) >= 0) {
            asm_emit_row(c, st, RV_I_jalr, link, asm_op_reg(st, regi, false), 0, 0);
            return true;
        }
        if (regi == 0 && has_paren(st, 0)) { /* jr off(rs), jalr off(rs) */
            asm_minst m;
            symop so;
            memset(&m, 0, sizeof m);
            m.row = RV_I_jalr;
            m.rd = (uint8_t)link;
            if (!mem_operand(c, st, 0, &m, &so)) return true;
            if (so.expr)
                asm_emit_sym(c, st, m, &so, true);
            else
                asm_emit_const(c, st, m, true);
            return true;
        }
        ERR(asm_opcol(st, regi), "invalid operand for instruction");
        return true;
    }
    if (asm_is(st, "jalr") && st->nop == 3 && !has_paren(st, 2)) { /* jalr rd, rs, imm */
        if ((rd = asm_need_reg(c, st, 0, false)) < 0 || (rs = asm_need_reg(c, st, 1, false)) < 0)
            return true;
        if (!(e = asm_op_expr(c, st, 2))) return true;
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.row = RV_I_jalr;
        m.rd = (uint8_t)rd;
        m.rs1 = (uint8_t)rs;
        symop so;
        memset(&so, 0, sizeof so);
        if (!asm_take_imm(c, st, &m, &so, 'o', false, e, MOD_NONE, 2, asm_opcol(st, 2)))
            return true;
        if (so.expr)
            asm_emit_sym(c, st, m, &so, true);
        else
            asm_emit_const(c, st, m, true);
        return true;
    }
    return false;
}

/* Returns true when the statement was a pseudo-instruction (handled, errors included). */
bool asm_pseudo(asm_ctx *c, stmt *st)
{
    return pseudo_load_call(c, st) || pseudo_jump(c, st) || asm_pseudo_alias(c, st) ||
           asm_pseudo_sys(c, st);
}
