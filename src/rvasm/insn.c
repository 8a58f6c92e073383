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

/* Parses the operands of row from the statement's operand list into m / so. */
static bool parse_row_ops(asm_ctx *c, stmt *st, unsigned row, asm_minst *m, symop *so)
{
    const rv_insn_desc *r = &rv_insn_table[row];
    asm_toks *t = st->t;
    memset(m, 0, sizeof *m);
    memset(so, 0, sizeof *so);
    m->row = (uint16_t)row;
    m->rm = 7; /* dyn */
    /* operand groups of the row, skipping the implicit "Cr" */
    const char *groups[MAX_OPS];
    size_t glen[MAX_OPS];
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
    int need = ng;
    bool opt_rm = ng > 0 && glen[ng - 1] == 1 && groups[ng - 1][0] == 'm';
    if (opt_rm && st->nop == ng - 1) need = ng - 1;
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
        size_t b = st->op[g].b, e = st->op[g].e;
        t->i = b;
        const char *p = groups[g], *end = groups[g] + glen[g];
        while (p < end) {
            bool cl = *p == 'C';
            char ch = cl ? p[1] : *p;
            p += cl ? 2 : 1;
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
                continue;
            }
            bool isreg =
                cl ? strchr("dwestkTD123456xy", ch) != NULL : strchr("dstDSTR", ch) != NULL;
            if (isreg) {
                bool fp = cl ? (ch == 'T' || ch == 'D' || ch == '5' || ch == '6')
                             : (ch >= 'A' && ch <= 'Z');
                int v = asm_reg_of(k, fp);
                if (v < 0) {
                    ERR(k->col, "invalid operand for instruction");
                    return false;
                }
                t->i++;
                if (!cl) {
                    if (ch == 'd' || ch == 'D')
                        m->rd = (uint8_t)v;
                    else if (ch == 's' || ch == 'S')
                        m->rs1 = (uint8_t)v;
                    else if (ch == 't' || ch == 'T')
                        m->rs2 = (uint8_t)v;
                    else
                        m->rs3 = (uint8_t)v;
                } else {
                    switch (ch) {
                    case 'd':
                    case 'w':
                    case 'D':
                    case '1':
                    case '5': m->rd = (uint8_t)v; break;
                    case 'e':
                    case '4':
                    case 'y': m->rd = m->rs1 = (uint8_t)v; break;
                    case 's':
                    case '2':
                    case 'x': m->rs1 = (uint8_t)v; break;
                    default: m->rs2 = (uint8_t)v; break;
                    }
                }
                continue;
            }
            if (!cl && ch == 'E') {
                int v =
                    k->kind == T_ID && t->i + 1 == e ? asm_csr_lookup(k->p, k->n, c->o->xlen) : -1;
                if (v == -2) {
                    ERR(k->col, "system register use requires an option to be enabled");
                    return false;
                }
                if (v < 0) {
                    asm_expr *x = asm_parse_expr_range(c, t, t->i, e);
                    int64_t cv;
                    if (!x) return false;
                    if (!asm_const_now(c, x, &cv) || cv < 0 || cv > 4095) {
                        ERR(k->col, "operand must be a valid system register name or an integer in "
                                    "the range [0, 4095]");
                        return false;
                    }
                    v = (int)cv;
                } else
                    t->i++;
                m->csr = (uint16_t)v;
                continue;
            }
            if (!cl && ch == 'm') {
                int v = rm_of(k);
                if (v < 0 || t->i + 1 != e) {
                    ERR(k->col, "operand must be a valid floating point rounding mode mnemonic");
                    return false;
                }
                m->rm = (uint8_t)v;
                t->i++;
                continue;
            }
            if (!cl && (ch == 'P' || ch == 'Q')) {
                int v = fence_set(k);
                if (v < 0 || t->i + 1 != e) {
                    ERR(k->col, "operand must be formed of letters selected in-order from 'iorw'");
                    return false;
                }
                m->rm = (uint8_t)(ch == 'P' ? (m->rm & 0x0f) | v << 4 : (m->rm & 0xf0) | v);
                if (ch == 'P') m->rm &= 0xf0;
                t->i++;
                continue;
            }
            if (imm_letter(ch, cl)) {
                /* memory operand with the offset left out: "(reg)" */
                if (p < end && *p == '(' && asm_punct(k, '(')) {
                    m->imm = 0;
                    continue;
                }
                size_t stop = e;
                if (p < end && *p == '(') { /* offset ends at the '(' of "(reg)" */
                    int depth = 0;
                    size_t q = e;
                    while (q > t->i) {
                        q--;
                        if (asm_punct(&t->v[q], ')')) depth++;
                        if (asm_punct(&t->v[q], '(')) {
                            depth--;
                            if (depth == 0) break;
                        }
                    }
                    stop = q;
                    if (stop <= t->i) {
                        ERR(k->col, "expected '(' register ')'");
                        return false;
                    }
                }
                int mod;
                uint32_t col = k->col;
                asm_expr *x = asm_parse_imm(c, t, stop, &mod);
                if (!x) return false;
                if (!asm_take_imm(c, st, m, so, ch, cl, x, mod, g, col)) return false;
                continue;
            }
            ERR(k->col, "invalid operand for instruction");
            return false;
        }
        /* the AMO forms "(s)" also take an explicit zero offset: "0(a0)" */
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
