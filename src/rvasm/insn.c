/* Real instructions: the mnemonic is looked up in the instruction table (src/rv/isa.def) and
   the operands are parsed by walking the row's operand letters, the same letters that drive
   the decoder, the disassembler and the encoder. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/parse_internal.h"

/* ---------------------------------------------------------------- table-driven operands */

static const uint16_t *sorted_rows;
static size_t nsorted;

static int row_cmp(const void *a, const void *b)
{
    const rv_insn_desc *x = &rv_insn_table[*(const uint16_t *)a];
    const rv_insn_desc *y = &rv_insn_table[*(const uint16_t *)b];
    int r = strcmp(x->name, y->name);
    return r ? r : (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

static void build_rows(void)
{
    static uint16_t rows[RV_I_COUNT];
    size_t n = 0;
    for (unsigned i = 1; i < RV_I_COUNT; i++)
        rows[n++] = (uint16_t)i;
    qsort(rows, n, sizeof rows[0], row_cmp);
    sorted_rows = rows;
    nsorted = n;
}

#include <pthread.h>
static pthread_once_t rows_once = PTHREAD_ONCE_INIT;

const char *asm_ext_name(unsigned ext)
{
    if (ext & RV_EXT_C) return "'C' (Compressed Instructions)";
    if (ext & RV_EXT_D) return "'D' (Double-Precision Floating-Point)";
    if (ext & RV_EXT_F) return "'F' (Single-Precision Floating-Point)";
    if (ext & RV_EXT_A) return "'A' (Atomic Instructions)";
    if (ext & RV_EXT_M) return "'M' (Integer Multiplication and Division)";
    return "an extension";
}

/* Row for a mnemonic under the current xlen: 0 when unknown; *missing gets the extension bits
   a known row needs but -march lacks. */
static unsigned find_row(asm_ctx *c, const char *mn, size_t n, unsigned *missing)
{
    pthread_once(&rows_once, build_rows);
    size_t lo = 0, hi = nsorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *name = rv_insn_table[sorted_rows[mid]].name;
        int r = strncmp(name, mn, n);
        if (r == 0 && name[n]) r = 1;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *missing = 0;
    unsigned need = 0;
    for (size_t i = lo; i < nsorted; i++) {
        const rv_insn_desc *r = &rv_insn_table[sorted_rows[i]];
        if (strncmp(r->name, mn, n) || r->name[n]) break;
        if ((r->ext & RVE_X64) && c->o->xlen != 64) continue;
        if ((r->ext & RVE_X32) && c->o->xlen != 32) continue;
        unsigned have =
            c->o->ext | RV_EXT_I | RV_EXT_ZICSR | RV_EXT_ZIFENCEI | (c->rvc ? RV_EXT_C : 0);
        if ((r->ext & 0xffff & have) != (r->ext & 0xffff)) {
            need = (r->ext & 0xffff) & ~have;
            continue;
        }
        return sorted_rows[i];
    }
    *missing = need;
    return 0;
}

static bool known_mnemonic_other_xlen(const char *mn, size_t n)
{
    for (size_t i = 0; i < nsorted; i++) {
        const rv_insn_desc *r = &rv_insn_table[sorted_rows[i]];
        if (!strncmp(r->name, mn, n) && !r->name[n]) return true;
    }
    return false;
}

static int fence_set(const asm_tok *t)
{
    if (t->kind != T_ID) return -1;
    static const char order[] = "iorw";
    int v = 0;
    size_t pos = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        const char *p = memchr(order + pos, t->p[i], 4 - pos);
        if (!p) return -1;
        pos = (size_t)(p - order) + 1;
        v |= 8 >> (p - order);
    }
    return v;
}

static int rm_of(const asm_tok *t)
{
    static const char *const names[8] = {"rne", "rtz", "rdn", "rup", "rmm", NULL, NULL, "dyn"};
    for (int i = 0; i < 8; i++)
        if (names[i] && asm_tok_is(t, names[i])) return i;
    return -1;
}

/* Immediate letters that take a value (not a register, CSR, rounding mode or fence set). */
static bool imm_letter(char ch, bool cl)
{
    if (cl) return strchr("ju>lmLMSNKIpa", ch) != NULL && ch;
    return strchr("joqu><Zpa", ch) != NULL && ch;
}

static bool target_letter(char ch)
{
    return ch == 'p' || ch == 'a';
}

/* Resolves an immediate operand into m (constant) or so (symbolic). */
bool asm_take_imm(asm_ctx *c, const stmt *st, asm_minst *m, symop *so, char ch, bool cl,
                  asm_expr *e, int mod, int group, uint32_t col)
{
    int64_t v;
    if (mod != MOD_NONE) {
        bool lui = m->row == RV_I_lui, auipc = m->row == RV_I_auipc;
        bool lo_ok = !cl && (ch == 'j' || ch == 'o' || ch == 'q');
        bool ok = (mod == MOD_HI && lui) || (mod == MOD_PCREL_HI && auipc) ||
                  ((mod == MOD_LO || mod == MOD_PCREL_LO) && lo_ok);
        if (!ok) {
            if (lui)
                ERR(col, "operand must be a symbol with %%hi/%%tprel_hi modifier or an integer in "
                         "the range [0, 1048575]");
            else if (auipc)
                ERR(col, "operand must be a symbol with a "
                         "%%pcrel_hi/%%got_pcrel_hi/%%tls_ie_pcrel_hi/%%tls_gd_pcrel_hi modifier "
                         "or an integer in the range [0, 1048575]");
            else
                ERR(col, "invalid operand modifier for this operand");
            return false;
        }
        if ((mod == MOD_HI || mod == MOD_LO) && asm_const_now(c, e, &v)) {
            m->imm = mod == MOD_HI ? (int64_t)((((uint64_t)v + 0x800) >> 12) & 0xfffff)
                                   : (int64_t)((uint64_t)v << 52) >> 52;
            return true;
        }
        so->expr = e;
        so->col = col;
        so->group = group;
        so->letter = ch;
        switch (mod) {
        case MOD_HI: so->fix = F_HI20; break;
        case MOD_PCREL_HI: so->fix = F_PCREL_HI20; break;
        case MOD_LO: so->fix = ch == 'q' ? F_LO12_S : F_LO12_I; break;
        default: so->fix = ch == 'q' ? F_PCREL_LO12_S : F_PCREL_LO12_I; break;
        }
        return true;
    }
    if (asm_const_now(c, e, &v)) {
        m->imm = v;
        return true;
    }
    if (m->row == RV_I_lui && e->op == E_SYM && e->sym->kind == SK_LABEL) {
        ERR(col, "operand must be a symbol with %%hi/%%tprel_hi modifier or an integer in the "
                 "range [0, 1048575]");
        return false;
    }
    if (m->row == RV_I_auipc && e->op == E_SYM && e->sym->kind == SK_LABEL) {
        ERR(col, "operand must be a symbol with a %%pcrel_hi modifier or an integer in the range "
                 "[0, 1048575] (auipc rd, label: write auipc rd, %%pcrel_hi(label))");
        return false;
    }
    so->expr = e;
    so->col = col;
    so->group = group;
    so->letter = ch;
    so->cletter = cl;
    if (target_letter(ch))
        so->fix = cl ? (ch == 'p' ? F_RVC_BRANCH : F_RVC_JUMP) : (ch == 'p' ? F_BRANCH : F_JAL);
    else
        so->fix = F_IMM;
    return true;
}

/* The operand groups (comma-separated letter strings) of a row, leaving out the implicit "Cr"
   (which sets rd = ra). Returns their number. */
static int row_groups(const rv_insn_desc *r, const char **groups, size_t *glen, asm_minst *m)
{
    int ng = 0;
    for (const char *p = r->operands; *p;) {
        const char *q = strchr(p, ',');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (!(n == 2 && p[0] == 'C' && p[1] == 'r')) {
            groups[ng] = p;
            glen[ng] = n;
            ng++;
        } else
            m->rd = 1;
        p += n + (q ? 1 : 0);
    }
    return ng;
}

static void set_reg(asm_minst *m, char ch, bool cl, int v)
{
    uint8_t r = (uint8_t)v;
    if (!cl) {
        if (ch == 'd' || ch == 'D')
            m->rd = r;
        else if (ch == 's' || ch == 'S')
            m->rs1 = r;
        else if (ch == 't' || ch == 'T')
            m->rs2 = r;
        else
            m->rs3 = r;
        return;
    }
    if (strchr("dwD15", ch))
        m->rd = r;
    else if (strchr("e4y", ch))
        m->rd = m->rs1 = r;
    else if (strchr("s2x", ch))
        m->rs1 = r;
    else
        m->rs2 = r;
}

/* A CSR operand (name or number) spanning tokens up to e. */
static bool parse_csr(asm_ctx *c, asm_toks *t, size_t e, asm_minst *m)
{
    asm_tok *k = &t->v[t->i];
    int v = k->kind == T_ID && t->i + 1 == e ? asm_csr_lookup(k->p, k->n, c->o->xlen) : -1;
    if (v == -2) {
        ERR(k->col, "system register use requires an option to be enabled");
        return false;
    }
    if (v >= 0) {
        t->i++;
        m->csr = (uint16_t)v;
        return true;
    }
    asm_expr *x = asm_parse_expr_range(c, t, t->i, e);
    int64_t cv;
    if (!x) return false;
    if (!asm_const_now(c, x, &cv) || cv < 0 || cv > 4095) {
        ERR(k->col, "operand must be a valid system register name or an integer in the range "
                    "[0, 4095]");
        return false;
    }
    m->csr = (uint16_t)cv;
    return true;
}

/* Where the offset of "offset(reg)" ends: the '(' matching the group's last ')'. */
static size_t offset_end(asm_toks *t, size_t e)
{
    int depth = 0;
    size_t q = e;
    while (q > t->i) {
        q--;
        if (asm_punct(&t->v[q], ')')) depth++;
        if (asm_punct(&t->v[q], '(') && --depth == 0) break;
    }
    return q;
}

/* An immediate letter ch of group g; next is the rest of the group's letters. */
static bool parse_imm_letter(asm_ctx *c, stmt *st, size_t e, const char *next, char ch, bool cl,
                             int g, asm_minst *m, symop *so)
{
    asm_toks *t = st->t;
    asm_tok *k = &t->v[t->i];
    bool mem = *next == '(';
    if (mem && asm_punct(k, '(')) { /* memory operand with the offset left out: "(reg)" */
        m->imm = 0;
        return true;
    }
    size_t stop = mem ? offset_end(t, e) : e;
    if (stop <= t->i) {
        ERR(k->col, "expected '(' register ')'");
        return false;
    }
    int mod;
    asm_expr *x = asm_parse_imm(c, t, stop, &mod);
    return x && asm_take_imm(c, st, m, so, ch, cl, x, mod, g, k->col);
}

/* One operand letter of group g (tokens up to e). */
static bool parse_letter(asm_ctx *c, stmt *st, size_t e, const char *next, char ch, bool cl, int g,
                         asm_minst *m, symop *so)
{
    asm_toks *t = st->t;
    asm_tok *k = &t->v[t->i];
    if (t->i >= e && ch != ')' && ch != '(') {
        ERR(k->col, "too few operands for instruction");
        return false;
    }
    if (ch == '(' || ch == ')') {
        if (!asm_punct(k, ch) || t->i >= e) {
            ERR(k->col, "expected '%c'", ch);
            return false;
        }
        t->i++;
        return true;
    }
    if (cl ? strchr("dwestkTD123456xy", ch) != NULL : strchr("dstDSTR", ch) != NULL) {
        bool fp = cl ? strchr("TD56", ch) != NULL : (ch >= 'A' && ch <= 'Z');
        int v = asm_reg_of(k, fp);
        if (v < 0) {
            ERR(k->col, "invalid operand for instruction");
            return false;
        }
        t->i++;
        set_reg(m, ch, cl, v);
        return true;
    }
    if (!cl && ch == 'E') return parse_csr(c, t, e, m);
    if (!cl && (ch == 'm' || ch == 'P' || ch == 'Q')) {
        int v = ch == 'm' ? rm_of(k) : fence_set(k);
        if (v < 0 || t->i + 1 != e) {
            ERR(k->col, ch == 'm' ? "operand must be a valid floating point rounding mode mnemonic"
                                  : "operand must be formed of letters selected in-order from "
                                    "'iorw'");
            return false;
        }
        if (ch == 'm')
            m->rm = (uint8_t)v;
        else
            m->rm = (uint8_t)(ch == 'P' ? v << 4 : (m->rm & 0xf0) | v);
        t->i++;
        return true;
    }
    if (imm_letter(ch, cl)) return parse_imm_letter(c, st, e, next, ch, cl, g, m, so);
    ERR(k->col, "invalid operand for instruction");
    return false;
}

/* Parses the operands of row from the statement's operand list into m / so. */
static bool parse_row_ops(asm_ctx *c, stmt *st, unsigned row, asm_minst *m, symop *so)
{
    const rv_insn_desc *r = &rv_insn_table[row];
    asm_toks *t = st->t;
    memset(m, 0, sizeof *m);
    memset(so, 0, sizeof *so);
    m->row = (uint16_t)row;
    m->rm = 7; /* dyn */
    const char *groups[MAX_OPS];
    size_t glen[MAX_OPS];
    int ng = row_groups(r, groups, glen, m);
    int need = ng;
    if (ng > 0 && glen[ng - 1] == 1 && groups[ng - 1][0] == 'm' && st->nop == ng - 1)
        need = ng - 1; /* the rounding mode is optional */
    if (st->nop < need) {
        ERR(st->nop ? t->v[st->op[st->nop - 1].e].col : st->mcol,
            "too few operands for instruction");
        return false;
    }
    if (st->nop > ng) {
        ERR(asm_opcol(st, ng), "invalid operand for instruction");
        return false;
    }
    for (int g = 0; g < need; g++) {
        size_t e = st->op[g].e;
        char letters[16];
        size_t n = glen[g] < sizeof letters - 1 ? glen[g] : sizeof letters - 1;
        memcpy(letters, groups[g], n);
        letters[n] = 0;
        t->i = st->op[g].b;
        for (const char *p = letters; *p;) {
            bool cl = *p == 'C';
            char ch = cl ? p[1] : *p;
            p += cl ? 2 : 1;
            if (!parse_letter(c, st, e, p, ch, cl, g, m, so)) return false;
        }
        if (t->i != e) {
            ERR(t->v[t->i].col, "invalid operand for instruction");
            return false;
        }
    }
    return true;
}

/* AMO / LR / SC address operand written as "0(reg)": drop the zero. */
static bool amo_zero_offset(asm_ctx *c, stmt *st, unsigned row)
{
    const rv_insn_desc *r = &rv_insn_table[row];
    if (!(r->ext & RV_EXT_A) || st->nop < 1) return true;
    opnd *o = &st->op[st->nop - 1];
    asm_toks *t = st->t;
    if (asm_punct(&t->v[o->b], '(')) return true;
    size_t q = o->b;
    while (q < o->e && !asm_punct(&t->v[q], '('))
        q++;
    if (q == o->e) return true;
    asm_expr *x = asm_parse_expr_range(c, t, o->b, q);
    int64_t v;
    if (!x) return false;
    if (!asm_const_now(c, x, &v) || v != 0) {
        ERR(t->v[o->b].col, "optional integer offset must be 0");
        return false;
    }
    o->b = q;
    return true;
}

static void assemble_row(asm_ctx *c, stmt *st, unsigned row, uint8_t aqrl)
{
    asm_minst m;
    symop so;
    if (!amo_zero_offset(c, st, row)) return;
    if (!parse_row_ops(c, st, row, &m, &so)) return;
    m.aqrl = aqrl;
    bool compress = asm_row_len(row) == 4;
    if (so.expr)
        asm_emit_sym(c, st, m, &so, compress);
    else
        asm_emit_const(c, st, m, compress);
}

void asm_instruction(asm_ctx *c, stmt *st)
{
    if (!asm_split_ops(c, st)) return;
    if (asm_pseudo(c, st)) return;
    unsigned missing = 0;
    unsigned row = find_row(c, st->mn, st->mnlen, &missing);
    uint8_t aqrl = 0;
    if (!row && !missing) {
        static const struct {
            const char *suffix;
            uint8_t bits;
        } sfx[] = {{".aqrl", 3}, {".aq", 2}, {".rl", 1}};
        for (size_t i = 0; i < 3 && !row; i++) {
            size_t k = strlen(sfx[i].suffix);
            if (st->mnlen > k && !memcmp(st->mn + st->mnlen - k, sfx[i].suffix, k)) {
                unsigned r = find_row(c, st->mn, st->mnlen - k, &missing);
                if (r && (rv_insn_table[r].ext & RV_EXT_A)) {
                    row = r;
                    aqrl = sfx[i].bits;
                } else if (missing & RV_EXT_A)
                    break;
                else
                    missing = 0;
            }
        }
    }
    if (!row) {
        if (missing)
            ERR(st->mcol, "instruction requires the following: %s", asm_ext_name(missing));
        else if (known_mnemonic_other_xlen(st->mn, st->mnlen))
            ERR(st->mcol, "instruction requires the following: RV%dI Base Instruction Set",
                c->o->xlen == 32 ? 64 : 32);
        else
            ERR(st->mcol, "unrecognized instruction mnemonic");
        return;
    }
    if (row == RV_I_illegal) {
        ERR(st->mcol, "unrecognized instruction mnemonic");
        return;
    }
    assemble_row(c, st, row, aqrl);
}
