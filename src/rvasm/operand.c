/* Operands: registers, immediates with operand modifiers, parse-time values, and the
   emission of instructions (encoded at once, or as items when an operand is symbolic). */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/parse_internal.h"

/* ---------------------------------------------------------------- operands */

static const char *const gpr_abi[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                        "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                        "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                        "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
static const char *const fpr_abi[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                        "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                        "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                        "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

bool asm_tok_is(const asm_tok *t, const char *s)
{
    return t->kind == T_ID && strlen(s) == t->n && !memcmp(t->p, s, t->n);
}

bool asm_punct(const asm_tok *t, char p)
{
    return t->kind == T_PUNCT && t->punct == p;
}

/* Register number of a token (fp: float register), or -1. */
int asm_reg_of(const asm_tok *t, bool fp)
{
    if (t->kind != T_ID || t->n < 2 || t->n > 4) return -1;
    const char *const *names = fp ? fpr_abi : gpr_abi;
    for (int i = 0; i < 32; i++)
        if (strlen(names[i]) == t->n && !memcmp(names[i], t->p, t->n)) return i;
    if (!fp && t->n == 2 && !memcmp(t->p, "fp", 2)) return 8;
    if (t->p[0] == (fp ? 'f' : 'x')) {
        int v = 0;
        for (uint32_t i = 1; i < t->n; i++) {
            if (t->p[i] < '0' || t->p[i] > '9') return -1;
            v = v * 10 + (t->p[i] - '0');
        }
        if ((t->n == 3 && t->p[1] == '0') || v > 31) return -1;
        return v;
    }
    return -1;
}

uint32_t asm_opcol(const stmt *st, int i)
{
    return st->t->v[st->op[i].b].col;
}

/* Splits tokens from t->i into top-level comma-separated operands. */
bool asm_split_ops(asm_ctx *c, stmt *st)
{
    asm_toks *t = st->t;
    st->nop = 0;
    if (t->v[t->i].kind == T_END) return true;
    int depth = 0;
    size_t b = t->i;
    for (size_t i = t->i;; i++) {
        asm_tok *k = &t->v[i];
        if (asm_punct(k, '(')) depth++;
        if (asm_punct(k, ')')) depth--;
        if (k->kind == T_END || (depth == 0 && asm_punct(k, ','))) {
            if (i == b) {
                ERR(k->col, "expected an operand");
                return false;
            }
            if (st->nop == MAX_OPS) {
                ERR(t->v[b].col, "too many operands");
                return false;
            }
            st->op[st->nop++] = (opnd){b, i};
            if (k->kind == T_END) break;
            b = i + 1;
        }
    }
    return true;
}

int asm_op_reg(const stmt *st, int i, bool fp)
{
    if (i >= st->nop || st->op[i].e != st->op[i].b + 1) return -1;
    return asm_reg_of(&st->t->v[st->op[i].b], fp);
}

/* An operand expression spanning the whole operand i (or the range [b, e)). */
asm_expr *asm_parse_expr_range(asm_ctx *c, asm_toks *t, size_t b, size_t e)
{
    t->i = b;
    asm_expr *x = asm_parse_expr(c, t);
    if (!x) return NULL;
    if (t->i != e) {
        ERR(t->v[t->i].col, "unexpected token in operand");
        return NULL;
    }
    return x;
}

/* An immediate operand: optional %modifier(expr), or expr. Parses from t->i up to (not
   including) stop; sets *mod. */
asm_expr *asm_parse_imm(asm_ctx *c, asm_toks *t, size_t stop, int *mod)
{
    *mod = MOD_NONE;
    asm_tok *k = &t->v[t->i];
    if (asm_punct(k, '%') && t->v[t->i + 1].kind == T_ID) {
        asm_tok *name = &t->v[t->i + 1];
        static const struct {
            const char *n;
            int m;
        } mods[] = {
            {"hi", MOD_HI}, {"lo", MOD_LO}, {"pcrel_hi", MOD_PCREL_HI}, {"pcrel_lo", MOD_PCREL_LO}};
        for (size_t i = 0; i < 4; i++)
            if (asm_tok_is(name, mods[i].n)) *mod = mods[i].m;
        if (*mod == MOD_NONE) {
            static const char *const known[] = {"tprel_hi",        "tprel_lo",
                                                "tprel_add",       "got_pcrel_hi",
                                                "tls_ie_pcrel_hi", "tls_gd_pcrel_hi"};
            for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (asm_tok_is(name, known[i])) {
                    ERR(k->col, "%%%s is not supported (no TLS or GOT relocations)", known[i]);
                    return NULL;
                }
            ERR(name->col, "unrecognized operand modifier");
            return NULL;
        }
        if (!asm_punct(&t->v[t->i + 2], '(')) {
            ERR(t->v[t->i + 2].col, "expected '(' after %%%.*s", (int)name->n, name->p);
            return NULL;
        }
        t->i += 3;
        asm_expr *e = asm_parse_expr(c, t);
        if (!e) return NULL;
        if (!asm_punct(&t->v[t->i], ')')) {
            ERR(t->v[t->i].col, "expected ')'");
            return NULL;
        }
        t->i++;
        if (t->i != stop) {
            ERR(t->v[t->i].col, "unexpected token after the operand modifier");
            return NULL;
        }
        return e;
    }
    asm_expr *e = asm_parse_expr(c, t);
    if (!e) return NULL;
    if (t->i != stop) {
        ERR(t->v[t->i].col, "unexpected token in operand");
        return NULL;
    }
    return e;
}

/* Parse-time value of e: true when constant (*v set). */
bool asm_const_now(asm_ctx *c, const asm_expr *e, int64_t *v)
{
    asm_val x;
    const char *err;
    uint32_t col;
    if (!asm_eval(c, e, false, &x, &err, &col) || !asm_val_const(c, &x, false)) return false;
    *v = x.k;
    return true;
}

/* A parse-time constant, or an error. */
bool asm_need_const(asm_ctx *c, const asm_expr *e, int64_t *v, const char *what)
{
    asm_val x;
    const char *err = NULL;
    uint32_t col = e->col;
    if (!asm_eval(c, e, false, &x, &err, &col)) {
        ERR(col, "%s", err);
        return false;
    }
    if (!asm_val_const(c, &x, false)) {
        ERR(e->col, "%s must be a constant known at this point", what);
        return false;
    }
    *v = x.k;
    return true;
}

/* ---------------------------------------------------------------- instruction emission */

static uint32_t group_col(const stmt *st, int g)
{
    return g < st->nop ? asm_opcol(st, g) : st->mcol;
}

/* Encodes and appends an instruction whose operands are all known, compressing it when the
   current options allow. */
void asm_emit_const(asm_ctx *c, const stmt *st, asm_minst m, bool compress)
{
    if (asm_cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)",
            asm_cur(c)->name);
        return;
    }
    asm_minst cm;
    if (compress && c->rvc && asm_row_len(m.row) == 4 &&
        asm_compress(&m, c->o->xlen, c->o->ext | RV_EXT_C, false, &cm))
        m = cm;
    uint32_t bits;
    int bad = 0;
    const char *e = asm_encode(&m, c->o->xlen, &bits, &bad);
    if (e) {
        ERR(group_col(st, bad), "%s", e);
        return;
    }
    asm_note_insn(c, c->rvc);
    asm_emit_le(c, bits, asm_row_len(m.row), st->mcol);
}

/* Appends an instruction with a symbolic operand as an item. */
void asm_emit_sym(asm_ctx *c, const stmt *st, asm_minst m, const symop *so, bool compress)
{
    if (asm_cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)",
            asm_cur(c)->name);
        return;
    }
    uint16_t crow = 0;
    uint8_t fix = so->fix;
    if (asm_row_len(m.row) == 2) { /* an explicit compressed instruction */
        crow = m.row;
        switch (crow) { /* its 32-bit form, should it need relaxing */
        case RV_I_c_j: m.row = RV_I_jal, m.rd = 0; break;
        case RV_I_c_jal: m.row = RV_I_jal, m.rd = 1; break;
        case RV_I_c_beqz: m.row = RV_I_beq, m.rs2 = 0; break;
        case RV_I_c_bnez: m.row = RV_I_bne, m.rs2 = 0; break;
        default: break;
        }
    } else if (compress && c->rvc && (fix == F_BRANCH || fix == F_JAL)) {
        asm_minst cm;
        if (asm_compress(&m, c->o->xlen, c->o->ext | RV_EXT_C, true, &cm)) {
            crow = cm.row;
            fix = fix == F_BRANCH ? F_RVC_BRANCH : F_RVC_JUMP;
        }
    }
    /* check the other operands now (registers, register classes) */
    uint32_t bits;
    int bad = 0;
    asm_minst t = m;
    t.row = crow ? crow : m.row;
    t.imm = 0;
    const char *e = asm_encode_skip(&t, c->o->xlen, &bits, &bad, so->fix == F_IMM ? so->group : -1);
    if (e) {
        ERR(group_col(st, bad), "%s", e);
        return;
    }
    asm_expr_register(c, so->expr);
    bool relax = fix == F_RVC_BRANCH || fix == F_RVC_JUMP;
    if (relax) asm_end_run(c);
    asm_item *it = asm_new_item(c, IT_INSN);
    if (!it) return;
    it->expr = so->expr;
    it->col = so->col;
    it->fix = fix;
    it->flags = relax ? IF_RELAXABLE : 0;
    it->u.insn.m = m;
    it->u.insn.crow = crow;
    it->u.insn.letter = so->letter;
    it->u.insn.cletter = so->cletter;
    it->size = crow ? 2 : 4;
    asm_note_insn(c, c->rvc);
    if (!relax) asm_cur(c)->run_off += it->size;
    asm_grow_total(c, it->size, st->mcol);
}

/* Emits row with operands rd/rs1/rs2/imm (a pseudo-instruction's expansion). */
void asm_emit_row(asm_ctx *c, const stmt *st, unsigned row, int rd, int rs1, int rs2, int64_t imm)
{
    asm_minst m;
    memset(&m, 0, sizeof m);
    m.row = (uint16_t)row;
    m.rd = (uint8_t)rd;
    m.rs1 = (uint8_t)rs1;
    m.rs2 = (uint8_t)rs2;
    m.imm = imm;
    asm_emit_const(c, st, m, true);
}
