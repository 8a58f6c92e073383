/* Statements: labels, directives, instructions and pseudo-instructions, in GNU-as syntax as
   llvm-mc accepts it. Real instructions are parsed by walking their row's operand letters in
   the instruction table (src/rv/isa.def): the same letters that drive the decoder and the
   disassembler drive the parser and the encoder. Pseudo-instructions expand to rows as llvm-mc
   expands them. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/rvasm_internal.h"

/* ---------------------------------------------------------------- diagnostics */

static void diag(asm_ctx *c, bool err, uint32_t line, uint32_t col, const char *fmt, va_list ap)
{
    if (err) c->stmt_err = true;
    if (c->too_many) return;
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char *text;
    size_t need = strlen(c->file) + strlen(msg) + 64;
    text = malloc(need);
    if (!text) {
        c->oom = true;
        return;
    }
    snprintf(text, need, "%s:%u:%u: %s: %s", c->file, line, col, err ? "error" : "warning", msg);
    /* no duplicates: the same message at the same place is reported once */
    for (size_t i = c->ndiag; i-- > 0 && c->ndiag - i <= 64;)
        if (!strcmp(c->diags[i].text, text)) {
            free(text);
            return;
        }
    if (c->ndiag == c->capdiag) {
        size_t cap = c->capdiag ? c->capdiag * 2 : 16;
        asm_diag_rec *v = realloc(c->diags, cap * sizeof *v);
        if (!v) {
            free(text);
            c->oom = true;
            return;
        }
        c->diags = v;
        c->capdiag = cap;
    }
    c->diags[c->ndiag] = (asm_diag_rec){line, col, (uint32_t)c->ndiag, text};
    c->ndiag++;
    if (err) {
        c->nerr++;
        unsigned max = c->o->max_errors ? c->o->max_errors : 50;
        if (c->nerr >= max) c->too_many = true;
    }
}

void asm_error_at(asm_ctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag(c, true, line, col, fmt, ap);
    va_end(ap);
}

void asm_warn_at(asm_ctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag(c, false, line, col, fmt, ap);
    va_end(ap);
}

#define ERR(col, ...) asm_error_at(c, c->line, (col), __VA_ARGS__)

/* ---------------------------------------------------------------- sections and items */

static asm_sect *cur(asm_ctx *c)
{
    return &c->secs[c->cur];
}

static size_t find_section(asm_ctx *c, const char *name, size_t n)
{
    for (size_t i = 0; i < c->nsec; i++)
        if (strlen(c->secs[i].name) == n && !memcmp(c->secs[i].name, name, n)) return i;
    return (size_t)-1;
}

static bool prefix(const char *name, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && !memcmp(name, p, k) && (n == k || name[k] == '.');
}

/* Creates a section with the flags llvm-mc gives its name (unless flags are explicit). */
static size_t new_section(asm_ctx *c, const char *name, size_t n, bool explicit_flags,
                          uint64_t flags, uint32_t type, uint32_t col)
{
    if (c->nsec >= ASM_MAX_SECTIONS) {
        ERR(col, "too many sections (at most %d)", ASM_MAX_SECTIONS);
        return (size_t)-1;
    }
    if (c->nsec == c->capsec) {
        size_t cap = c->capsec ? c->capsec * 2 : 8;
        asm_sect *v = realloc(c->secs, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return (size_t)-1;
        }
        c->secs = v;
        c->capsec = cap;
    }
    asm_sect *s = &c->secs[c->nsec];
    memset(s, 0, sizeof *s);
    s->name = asm_strdup(c, name, n);
    if (!explicit_flags) {
        type = ASM_SHT_PROGBITS;
        flags = 0;
        if (prefix(name, n, ".text"))
            flags = ASM_SHF_ALLOC | ASM_SHF_EXECINSTR;
        else if (prefix(name, n, ".data") || prefix(name, n, ".sdata") ||
                 prefix(name, n, ".data.rel.ro"))
            flags = ASM_SHF_ALLOC | ASM_SHF_WRITE;
        else if (prefix(name, n, ".bss") || prefix(name, n, ".sbss")) {
            flags = ASM_SHF_ALLOC | ASM_SHF_WRITE;
            type = ASM_SHT_NOBITS;
        } else if (prefix(name, n, ".rodata") || prefix(name, n, ".srodata"))
            flags = ASM_SHF_ALLOC;
    }
    s->flags = flags;
    s->type = type;
    s->align = 1;
    return c->nsec++;
}

static void switch_section(asm_ctx *c, size_t i)
{
    if (i == (size_t)-1) return;
    if (i != c->cur) c->prev = c->cur;
    c->cur = i;
}

/* Appends a new item to the current section (sealing open bytes). NULL when out of memory. */
static asm_item *new_item(asm_ctx *c, uint8_t kind)
{
    asm_sect *s = cur(c);
    if (s->nitems == s->capitems) {
        size_t cap = s->capitems ? s->capitems * 2 : 16;
        asm_item *v = realloc(s->items, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return NULL;
        }
        s->items = v;
        s->capitems = cap;
    }
    asm_item *it = &s->items[s->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->line = c->line;
    s->open = false;
    return it;
}

/* A variable-size item ends the current fixed-size run. */
static void end_run(asm_ctx *c)
{
    cur(c)->run++;
    cur(c)->run_off = 0;
}

static bool grow_total(asm_ctx *c, uint64_t n, uint32_t col)
{
    asm_sect *s = cur(c);
    uint64_t lim = s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS;
    if (n > lim || s->total > lim - n) {
        ERR(col, "section '%s' would exceed %llu MiB", s->name,
            (unsigned long long)(lim >> 20));
        return false;
    }
    s->total += n;
    return true;
}

static void emit_bytes(asm_ctx *c, const void *p, size_t n, uint32_t col)
{
    asm_sect *s = cur(c);
    if (s->type == ASM_SHT_NOBITS) {
        for (size_t i = 0; i < n; i++)
            if (((const uint8_t *)p)[i]) {
                ERR(col, "cannot emit non-zero data in a section without contents (%s)", s->name);
                return;
            }
    }
    if (!grow_total(c, n, col)) return;
    if (!s->open) {
        asm_item *it = new_item(c, IT_BYTES);
        if (!it) return;
        it->u.bytes.start = s->blob.n;
        s->open = true;
    }
    if (buf_append(&s->blob, p, n)) {
        c->oom = true;
        return;
    }
    s->items[s->nitems - 1].size += n;
    s->run_off += n;
}

static void emit_le(asm_ctx *c, uint64_t v, unsigned n, uint32_t col)
{
    uint8_t b[8];
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    emit_bytes(c, b, n, col);
}

static void note_insn(asm_ctx *c, bool rvc)
{
    asm_sect *s = cur(c);
    s->has_insn = true;
    uint64_t a = rvc ? 2 : 4;
    if (s->align < a) s->align = a;
}

static void define_label(asm_ctx *c, asm_sym *s, uint32_t col)
{
    if (!s) return;
    if (s->kind == SK_LABEL || (s->kind == SK_EQU)) {
        ERR(col, "symbol '%s' is already defined", s->name);
        return;
    }
    asm_sect *sec = cur(c);
    sec->open = false;
    s->kind = SK_LABEL;
    s->sec = (uint32_t)c->cur;
    s->item = (uint32_t)sec->nitems;
    s->run = sec->run;
    s->run_off = sec->run_off;
    s->line = c->line;
    s->col = col;
    asm_sym_register(c, s);
}

asm_sym *asm_here(asm_ctx *c, const char *name)
{
    asm_sym *s = asm_alloc(c, sizeof *s);
    if (!s) return NULL;
    s->name = name ? asm_strdup(c, name, strlen(name)) : "";
    s->temp = true;
    define_label(c, s, 0);
    return s;
}

/* ---------------------------------------------------------------- operands */

static const char *const gpr_abi[32] = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
                                        "s0",   "s1", "a0", "a1", "a2", "a3", "a4", "a5",
                                        "a6",   "a7", "s2", "s3", "s4", "s5", "s6", "s7",
                                        "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
static const char *const fpr_abi[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                        "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                        "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                        "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

static bool tok_is(const asm_tok *t, const char *s)
{
    return t->kind == T_ID && strlen(s) == t->n && !memcmp(t->p, s, t->n);
}

static bool punct(const asm_tok *t, char p)
{
    return t->kind == T_PUNCT && t->punct == p;
}

/* Register number of a token (fp: float register), or -1. */
static int reg_of(const asm_tok *t, bool fp)
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

/* One comma-separated operand: tokens [b, e) of the statement. */
typedef struct opnd {
    size_t b, e;
} opnd;

enum { MAX_OPS = 8 };

typedef struct stmt {
    asm_toks *t;
    opnd op[MAX_OPS];
    int nop;
    uint32_t mcol; /* column of the mnemonic */
    const char *mn;
    size_t mnlen;
} stmt;

static uint32_t opcol(const stmt *st, int i)
{
    return st->t->v[st->op[i].b].col;
}

/* Splits tokens from t->i into top-level comma-separated operands. */
static bool split_ops(asm_ctx *c, stmt *st)
{
    asm_toks *t = st->t;
    st->nop = 0;
    if (t->v[t->i].kind == T_END) return true;
    int depth = 0;
    size_t b = t->i;
    for (size_t i = t->i;; i++) {
        asm_tok *k = &t->v[i];
        if (punct(k, '(')) depth++;
        if (punct(k, ')')) depth--;
        if (k->kind == T_END || (depth == 0 && punct(k, ','))) {
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

static int op_reg(const stmt *st, int i, bool fp)
{
    if (i >= st->nop || st->op[i].e != st->op[i].b + 1) return -1;
    return reg_of(&st->t->v[st->op[i].b], fp);
}

/* An operand expression spanning the whole operand i (or the range [b, e)). */
static asm_expr *parse_expr_range(asm_ctx *c, asm_toks *t, size_t b, size_t e)
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

enum { MOD_NONE, MOD_HI, MOD_LO, MOD_PCREL_HI, MOD_PCREL_LO };

/* An immediate operand: optional %modifier(expr), or expr. Parses from t->i up to (not
   including) stop; sets *mod. */
static asm_expr *parse_imm(asm_ctx *c, asm_toks *t, size_t stop, int *mod)
{
    *mod = MOD_NONE;
    asm_tok *k = &t->v[t->i];
    if (punct(k, '%') && t->v[t->i + 1].kind == T_ID) {
        asm_tok *name = &t->v[t->i + 1];
        static const struct {
            const char *n;
            int m;
        } mods[] = {{"hi", MOD_HI}, {"lo", MOD_LO}, {"pcrel_hi", MOD_PCREL_HI}, {"pcrel_lo", MOD_PCREL_LO}};
        for (size_t i = 0; i < 4; i++)
            if (tok_is(name, mods[i].n)) *mod = mods[i].m;
        if (*mod == MOD_NONE) {
            static const char *const known[] = {"tprel_hi", "tprel_lo", "tprel_add", "got_pcrel_hi",
                                                "tls_ie_pcrel_hi", "tls_gd_pcrel_hi"};
            for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (tok_is(name, known[i])) {
                    ERR(k->col, "%%%s is not supported (no TLS or GOT relocations)", known[i]);
                    return NULL;
                }
            ERR(name->col, "unrecognized operand modifier");
            return NULL;
        }
        if (!punct(&t->v[t->i + 2], '(')) {
            ERR(t->v[t->i + 2].col, "expected '(' after %%%.*s", (int)name->n, name->p);
            return NULL;
        }
        t->i += 3;
        asm_expr *e = asm_parse_expr(c, t);
        if (!e) return NULL;
        if (!punct(&t->v[t->i], ')')) {
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
static bool const_now(asm_ctx *c, const asm_expr *e, int64_t *v)
{
    asm_val x;
    const char *err;
    uint32_t col;
    if (!asm_eval(c, e, false, &x, &err, &col) || !asm_val_const(c, &x, false)) return false;
    *v = x.k;
    return true;
}

/* A parse-time constant, or an error. */
static bool need_const(asm_ctx *c, const asm_expr *e, int64_t *v, const char *what)
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

/* A symbolic operand of an instruction being assembled. */
typedef struct symop {
    asm_expr *expr;
    uint8_t fix;
    char letter;
    bool cletter;
    int group;
    uint32_t col;
} symop;

static uint32_t group_col(const stmt *st, int g)
{
    return g < st->nop ? opcol(st, g) : st->mcol;
}

/* Encodes and appends an instruction whose operands are all known, compressing it when the
   current options allow. */
static void emit_const(asm_ctx *c, const stmt *st, asm_minst m, bool compress)
{
    if (cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)", cur(c)->name);
        return;
    }
    asm_minst cm;
    if (compress && c->rvc && asm_row_len(m.row) == 4 && asm_compress(&m, c->o->xlen, c->o->ext | RV_EXT_C, false, &cm))
        m = cm;
    uint32_t bits;
    int bad = 0;
    const char *e = asm_encode(&m, c->o->xlen, &bits, &bad);
    if (e) {
        ERR(group_col(st, bad), "%s", e);
        return;
    }
    note_insn(c, c->rvc);
    emit_le(c, bits, asm_row_len(m.row), st->mcol);
}

/* Appends an instruction with a symbolic operand as an item. */
static void emit_sym(asm_ctx *c, const stmt *st, asm_minst m, const symop *so, bool compress)
{
    if (cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)", cur(c)->name);
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
    if (relax) end_run(c);
    asm_item *it = new_item(c, IT_INSN);
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
    note_insn(c, c->rvc);
    if (!relax) cur(c)->run_off += it->size;
    grow_total(c, it->size, st->mcol);
}

/* Emits row with operands rd/rs1/rs2/imm (a pseudo-instruction's expansion). */
static void emit_row(asm_ctx *c, const stmt *st, unsigned row, int rd, int rs1, int rs2, int64_t imm)
{
    asm_minst m;
    memset(&m, 0, sizeof m);
    m.row = (uint16_t)row;
    m.rd = (uint8_t)rd;
    m.rs1 = (uint8_t)rs1;
    m.rs2 = (uint8_t)rs2;
    m.imm = imm;
    emit_const(c, st, m, true);
}

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

static const char *ext_name(unsigned ext)
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
        unsigned have = c->o->ext | RV_EXT_I | RV_EXT_ZICSR | RV_EXT_ZIFENCEI | (c->rvc ? RV_EXT_C : 0);
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
        if (names[i] && tok_is(t, names[i])) return i;
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
static bool take_imm(asm_ctx *c, const stmt *st, asm_minst *m, symop *so, char ch, bool cl,
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
                ERR(col, "operand must be a symbol with %%hi/%%tprel_hi modifier or an integer in the range [0, 1048575]");
            else if (auipc)
                ERR(col, "operand must be a symbol with a %%pcrel_hi/%%got_pcrel_hi/%%tls_ie_pcrel_hi/%%tls_gd_pcrel_hi modifier or an integer in the range [0, 1048575]");
            else
                ERR(col, "invalid operand modifier for this operand");
            return false;
        }
        if ((mod == MOD_HI || mod == MOD_LO) && const_now(c, e, &v)) {
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
    if (const_now(c, e, &v)) {
        m->imm = v;
        return true;
    }
    if (m->row == RV_I_lui && e->op == E_SYM && e->sym->kind == SK_LABEL) {
        ERR(col, "operand must be a symbol with %%hi/%%tprel_hi modifier or an integer in the range [0, 1048575]");
        return false;
    }
    if (m->row == RV_I_auipc && e->op == E_SYM && e->sym->kind == SK_LABEL) {
        ERR(col, "operand must be a symbol with a %%pcrel_hi modifier or an integer in the range [0, 1048575] (auipc rd, label: write auipc rd, %%pcrel_hi(label))");
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
        ERR(st->nop ? t->v[st->op[st->nop - 1].e].col : st->mcol, "too few operands for instruction");
        return false;
    }
    if (st->nop > ng) {
        ERR(opcol(st, ng), "invalid operand for instruction");
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
                if (!punct(k, ch) || t->i >= e) {
                    ERR(k->col, "expected '%c'", ch);
                    return false;
                }
                t->i++;
                continue;
            }
            bool isreg = cl ? strchr("dwestkTD123456xy", ch) != NULL : strchr("dstDSTR", ch) != NULL;
            if (isreg) {
                bool fp = cl ? (ch == 'T' || ch == 'D' || ch == '5' || ch == '6') : (ch >= 'A' && ch <= 'Z');
                int v = reg_of(k, fp);
                if (v < 0) {
                    ERR(k->col, "invalid operand for instruction");
                    return false;
                }
                t->i++;
                if (!cl) {
                    if (ch == 'd' || ch == 'D') m->rd = (uint8_t)v;
                    else if (ch == 's' || ch == 'S') m->rs1 = (uint8_t)v;
                    else if (ch == 't' || ch == 'T') m->rs2 = (uint8_t)v;
                    else m->rs3 = (uint8_t)v;
                } else {
                    switch (ch) {
                    case 'd': case 'w': case 'D': case '1': case '5': m->rd = (uint8_t)v; break;
                    case 'e': case '4': case 'y': m->rd = m->rs1 = (uint8_t)v; break;
                    case 's': case '2': case 'x': m->rs1 = (uint8_t)v; break;
                    default: m->rs2 = (uint8_t)v; break;
                    }
                }
                continue;
            }
            if (!cl && ch == 'E') {
                int v = k->kind == T_ID && t->i + 1 == e ? asm_csr_lookup(k->p, k->n, c->o->xlen) : -1;
                if (v == -2) {
                    ERR(k->col, "system register use requires an option to be enabled");
                    return false;
                }
                if (v < 0) {
                    asm_expr *x = parse_expr_range(c, t, t->i, e);
                    int64_t cv;
                    if (!x) return false;
                    if (!const_now(c, x, &cv) || cv < 0 || cv > 4095) {
                        ERR(k->col, "operand must be a valid system register name or an integer in the range [0, 4095]");
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
                if (p < end && *p == '(' && punct(k, '(')) {
                    m->imm = 0;
                    continue;
                }
                size_t stop = e;
                if (p < end && *p == '(') { /* offset ends at the '(' of "(reg)" */
                    int depth = 0;
                    size_t q = e;
                    while (q > t->i) {
                        q--;
                        if (punct(&t->v[q], ')')) depth++;
                        if (punct(&t->v[q], '(')) {
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
                asm_expr *x = parse_imm(c, t, stop, &mod);
                if (!x) return false;
                if (!take_imm(c, st, m, so, ch, cl, x, mod, g, col)) return false;
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
    if (punct(&t->v[o->b], '(')) return true;
    size_t q = o->b;
    while (q < o->e && !punct(&t->v[q], '('))
        q++;
    if (q == o->e) return true;
    asm_expr *x = parse_expr_range(c, t, o->b, q);
    int64_t v;
    if (!x) return false;
    if (!const_now(c, x, &v) || v != 0) {
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
        emit_sym(c, st, m, &so, compress);
    else
        emit_const(c, st, m, compress);
}

/* ---------------------------------------------------------------- pseudo-instructions */

static bool want_ops(asm_ctx *c, const stmt *st, int n)
{
    if (st->nop < n) {
        ERR(st->nop ? opcol(st, st->nop - 1) : st->mcol, "too few operands for instruction");
        return false;
    }
    if (st->nop > n) {
        ERR(opcol(st, n), "invalid operand for instruction");
        return false;
    }
    return true;
}

static int need_reg(asm_ctx *c, const stmt *st, int i, bool fp)
{
    int r = op_reg(st, i, fp);
    if (r < 0) ERR(opcol(st, i), "invalid operand for instruction");
    return r;
}

static asm_expr *op_expr(asm_ctx *c, const stmt *st, int i)
{
    return parse_expr_range(c, st->t, st->op[i].b, st->op[i].e);
}

/* A branch / jump target operand. */
static bool target_op(asm_ctx *c, const stmt *st, int i, asm_minst *m, symop *so, char letter)
{
    memset(so, 0, sizeof *so);
    asm_expr *e = op_expr(c, st, i);
    if (!e) return false;
    return take_imm(c, st, m, so, letter, false, e, MOD_NONE, i, opcol(st, i));
}

static void emit_target(asm_ctx *c, stmt *st, unsigned row, int rd, int rs1, int rs2, int opi)
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
        emit_sym(c, st, m, &so, true);
    else
        emit_const(c, st, m, true);
}

/* A pcrel pair: label: auipc rt, %pcrel_hi(sym); then row rd/rs2, %pcrel_lo(label)(rt). */
static void emit_pcrel_pair(asm_ctx *c, stmt *st, int symi, int rt, unsigned row, int rd, int rs2,
                            bool store)
{
    asm_expr *e = op_expr(c, st, symi);
    if (!e) return;
    int64_t v;
    if (const_now(c, e, &v)) {
        ERR(opcol(st, symi), "operand must be a bare symbol name");
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
    symop so = {e, F_PCREL_HI20, 'u', false, -1, opcol(st, symi)};
    emit_sym(c, st, m, &so, false);
    asm_expr *le = asm_alloc(c, sizeof *le);
    if (!le) return;
    le->op = E_SYM;
    le->sym = label;
    le->col = opcol(st, symi);
    memset(&m, 0, sizeof m);
    m.row = (uint16_t)row;
    m.rd = (uint8_t)rd;
    m.rs1 = (uint8_t)rt;
    m.rs2 = (uint8_t)rs2;
    symop lo = {le, store ? F_PCREL_LO12_S : F_PCREL_LO12_I, store ? 'q' : 'o', false, -1,
                opcol(st, symi)};
    emit_sym(c, st, m, &lo, false);
}

static void emit_li(asm_ctx *c, stmt *st, int rd, asm_expr *e)
{
    int64_t v;
    if (const_now(c, e, &v)) {
        if (c->o->xlen == 32 && !(v >= INT32_MIN && v <= (int64_t)UINT32_MAX)) {
            ERR(e->col, "immediate must be an integer in the range [-2147483648, 4294967295]");
            return;
        }
        asm_li_step seq[8];
        unsigned n = asm_li_seq(v, c->o->xlen, seq);
        for (unsigned i = 0; i < n; i++)
            emit_row(c, st, seq[i].row, rd, seq[i].row == RV_I_lui ? 0 : (i ? rd : 0), 0, seq[i].imm);
        return;
    }
    /* a value known after layout (a later .equ, a label difference) or an address */
    if (cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)", cur(c)->name);
        return;
    }
    asm_expr_register(c, e);
    end_run(c);
    asm_item *it = new_item(c, IT_LI);
    if (!it) return;
    it->expr = e;
    it->col = e->col;
    it->flags = IF_DEFERRED;
    it->u.li.rd = (uint8_t)rd;
    it->u.li.rvc = c->rvc;
    it->size = 0;
    note_insn(c, c->rvc);
}

static void emit_call(asm_ctx *c, stmt *st, int symi, int rt, int jrd)
{
    asm_toks *t = st->t;
    opnd o = st->op[symi];
    bool plt = false;
    if (o.e >= o.b + 3 && punct(&t->v[o.e - 2], '@') && tok_is(&t->v[o.e - 1], "plt")) {
        plt = true;
        o.e -= 2;
    }
    asm_expr *e = parse_expr_range(c, t, o.b, o.e);
    if (!e) return;
    if (e->op != E_SYM && !(e->op == E_ADD && e->a->op == E_SYM && e->b->op == E_NUM)) {
        ERR(opcol(st, symi), "operand must be a bare symbol name");
        return;
    }
    if (cur(c)->type == ASM_SHT_NOBITS) {
        ERR(st->mcol, "cannot emit instructions in a section without contents (%s)", cur(c)->name);
        return;
    }
    asm_expr_register(c, e);
    asm_item *it = new_item(c, IT_INSN);
    if (!it) return;
    it->expr = e;
    it->col = opcol(st, symi);
    it->fix = plt ? F_CALL_PLT : F_CALL;
    it->u.insn.m.row = RV_I_auipc;
    it->u.insn.m.rd = (uint8_t)rt;
    it->u.insn.jrd = (uint8_t)jrd;
    it->size = 8;
    note_insn(c, c->rvc);
    cur(c)->run_off += 8;
    grow_total(c, 8, st->mcol);
}

static bool is(const stmt *st, const char *name)
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
    asm_expr *e = op_expr(c, st, i);
    int64_t v;
    if (!e) return -1;
    if (!const_now(c, e, &v) || v < 0 || v > 4095) {
        ERR(k->col, "operand must be a valid system register name or an integer in the range [0, 4095]");
        return -1;
    }
    return (int)v;
}

/* A CSR instruction: rd, csr, then a register or (for the immediate forms) a uimm5. */
static void emit_csr(asm_ctx *c, stmt *st, unsigned rrow, unsigned irow, int rd, int csri, int srci,
                     bool imm_only)
{
    int csr = csr_op(c, st, csri);
    if (csr < 0) return;
    asm_minst m;
    memset(&m, 0, sizeof m);
    m.rd = (uint8_t)rd;
    m.csr = (uint16_t)csr;
    int rs = srci < 0 ? 0 : imm_only ? -1 : op_reg(st, srci, false);
    if (rs >= 0) {
        m.row = (uint16_t)rrow;
        m.rs1 = (uint8_t)rs;
        emit_const(c, st, m, true);
        return;
    }
    asm_expr *e = op_expr(c, st, srci);
    int64_t v;
    if (!e) return;
    m.row = (uint16_t)irow;
    if (!const_now(c, e, &v)) {
        symop so = {e, F_IMM, 'Z', false, 2, opcol(st, srci)};
        emit_sym(c, st, m, &so, false);
        return;
    }
    if (v < 0 || v > 31) {
        ERR(opcol(st, srci), "immediate must be an integer in the range [0, 31]");
        return;
    }
    m.imm = v;
    emit_const(c, st, m, true);
}

/* Loads / stores with a symbol ("lw a0, sym", "sw a0, sym, t0"). */
static const struct {
    const char *name;
    uint16_t row;
    bool store, fp;
} memops[] = {
    {"lb", RV_I_lb, 0, 0},   {"lh", RV_I_lh, 0, 0},   {"lw", RV_I_lw, 0, 0},   {"ld", RV_I_ld, 0, 0},
    {"lbu", RV_I_lbu, 0, 0}, {"lhu", RV_I_lhu, 0, 0}, {"lwu", RV_I_lwu, 0, 0}, {"sb", RV_I_sb, 1, 0},
    {"sh", RV_I_sh, 1, 0},   {"sw", RV_I_sw, 1, 0},   {"sd", RV_I_sd, 1, 0},   {"flw", RV_I_flw, 0, 1},
    {"fld", RV_I_fld, 0, 1}, {"fsw", RV_I_fsw, 1, 1}, {"fsd", RV_I_fsd, 1, 1},
};

static bool has_paren(const stmt *st, int i)
{
    for (size_t k = st->op[i].b; k < st->op[i].e; k++)
        if (punct(&st->t->v[k], '(')) return true;
    return false;
}

static bool row_ok(asm_ctx *c, const stmt *st, unsigned row)
{
    const rv_insn_desc *r = &rv_insn_table[row];
    if (((r->ext & RVE_X64) && c->o->xlen != 64) || ((r->ext & RVE_X32) && c->o->xlen != 32)) {
        ERR(st->mcol, "instruction requires the following: RV%dI Base Instruction Set",
            c->o->xlen == 32 ? 64 : 32);
        return false;
    }
    unsigned have = c->o->ext | RV_EXT_I | RV_EXT_ZICSR | RV_EXT_ZIFENCEI;
    if ((r->ext & 0xffff & have) != (r->ext & 0xffff)) {
        ERR(st->mcol, "instruction requires the following: %s", ext_name((r->ext & 0xffff) & ~have));
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
    if (o.e - o.b < 3 || !punct(&t->v[o.e - 1], ')') || !punct(&t->v[o.e - 3], '(') ||
        reg_of(&t->v[o.e - 2], false) < 0) {
        ERR(t->v[o.b].col, "invalid operand for instruction");
        return false;
    }
    m->rs1 = (uint8_t)reg_of(&t->v[o.e - 2], false);
    if (o.e - 3 == o.b) return true;
    t->i = o.b;
    int mod;
    asm_expr *x = parse_imm(c, t, o.e - 3, &mod);
    return x && take_imm(c, st, m, so, 'o', false, x, mod, 1, t->v[o.b].col);
}

/* Returns true when the statement was a pseudo-instruction (handled, errors included). */
static bool pseudo(asm_ctx *c, stmt *st)
{
    int rd, rs, rt;
    asm_expr *e;
    const int X0 = 0, RA = 1;
    if (is(st, "nop")) {
        if (want_ops(c, st, 0)) emit_row(c, st, RV_I_addi, 0, 0, 0, 0);
        return true;
    }
    if (is(st, "li")) {
        if (!want_ops(c, st, 2) || (rd = need_reg(c, st, 0, false)) < 0) return true;
        if ((e = op_expr(c, st, 1))) emit_li(c, st, rd, e);
        return true;
    }
    if (is(st, "la") || is(st, "lla")) {
        if (!want_ops(c, st, 2) || (rd = need_reg(c, st, 0, false)) < 0) return true;
        emit_pcrel_pair(c, st, 1, rd, RV_I_addi, rd, 0, false);
        return true;
    }
    for (size_t i = 0; i < sizeof memops / sizeof memops[0]; i++) {
        if (!is(st, memops[i].name)) continue;
        if (st->nop < 2 || has_paren(st, 1)) return false; /* the real instruction */
        if (!row_ok(c, st, memops[i].row)) return true;
        bool three = memops[i].store || memops[i].fp;
        if (!want_ops(c, st, three ? 3 : 2)) return true;
        if ((rd = need_reg(c, st, 0, memops[i].fp)) < 0) return true;
        rt = three ? need_reg(c, st, 2, false) : rd;
        if (rt < 0) return true;
        if (memops[i].store)
            emit_pcrel_pair(c, st, 1, rt, memops[i].row, 0, rd, true);
        else
            emit_pcrel_pair(c, st, 1, rt, memops[i].row, rd, 0, false);
        return true;
    }
    if (is(st, "call") || is(st, "tail") || is(st, "jump")) {
        if (is(st, "call")) {
            if (st->nop == 2) {
                if ((rd = need_reg(c, st, 0, false)) < 0) return true;
                emit_call(c, st, 1, rd, rd);
            } else if (want_ops(c, st, 1))
                emit_call(c, st, 0, RA, RA);
        } else if (is(st, "tail")) {
            if (want_ops(c, st, 1)) emit_call(c, st, 0, 6, X0);
        } else {
            if (!want_ops(c, st, 2) || (rt = need_reg(c, st, 1, false)) < 0) return true;
            emit_call(c, st, 0, rt, X0);
        }
        return true;
    }
    if (is(st, "ret")) {
        if (want_ops(c, st, 0)) emit_row(c, st, RV_I_jalr, X0, RA, 0, 0);
        return true;
    }
    if (is(st, "j")) {
        if (want_ops(c, st, 1)) emit_target(c, st, RV_I_jal, X0, 0, 0, 0);
        return true;
    }
    if (is(st, "jal") && st->nop == 1) {
        emit_target(c, st, RV_I_jal, RA, 0, 0, 0);
        return true;
    }
    if (is(st, "jr") || (is(st, "jalr") && st->nop <= 2 && !(st->nop == 2 && has_paren(st, 1)))) {
        int link = is(st, "jr") ? X0 : RA;
        int regi = 0;
        if (is(st, "jalr") && st->nop == 2) { /* jalr rd, rs */
            if ((link = need_reg(c, st, 0, false)) < 0) return true;
            regi = 1;
        } else if (!want_ops(c, st, 1))
            return true;
        if (op_reg(st, regi, false) >= 0) {
            emit_row(c, st, RV_I_jalr, link, op_reg(st, regi, false), 0, 0);
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
                emit_sym(c, st, m, &so, true);
            else
                emit_const(c, st, m, true);
            return true;
        }
        ERR(opcol(st, regi), "invalid operand for instruction");
        return true;
    }
    if (is(st, "jalr") && st->nop == 3 && !has_paren(st, 2)) { /* jalr rd, rs, imm */
        if ((rd = need_reg(c, st, 0, false)) < 0 || (rs = need_reg(c, st, 1, false)) < 0) return true;
        if (!(e = op_expr(c, st, 2))) return true;
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.row = RV_I_jalr;
        m.rd = (uint8_t)rd;
        m.rs1 = (uint8_t)rs;
        symop so;
        memset(&so, 0, sizeof so);
        if (!take_imm(c, st, &m, &so, 'o', false, e, MOD_NONE, 2, opcol(st, 2))) return true;
        if (so.expr)
            emit_sym(c, st, m, &so, true);
        else
            emit_const(c, st, m, true);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t row;
        int8_t form; /* 0: rd, rs, imm; 1: rd, x0, rs; 2: rd, rs, x0; 3: rd, rs, rs (float) */
        int16_t imm;
    } alias2[] = {
        {"mv", RV_I_addi, 0, 0},      {"not", RV_I_xori, 0, -1},     {"neg", RV_I_sub, 1, 0},
        {"negw", RV_I_subw, 1, 0},    {"sext.w", RV_I_addiw, 0, 0},  {"zext.b", RV_I_andi, 0, 255},
        {"seqz", RV_I_sltiu, 0, 1},   {"snez", RV_I_sltu, 1, 0},     {"sltz", RV_I_slt, 2, 0},
        {"sgtz", RV_I_slt, 1, 0},     {"fmv.s", RV_I_fsgnj_s, 3, 0}, {"fabs.s", RV_I_fsgnjx_s, 3, 0},
        {"fneg.s", RV_I_fsgnjn_s, 3, 0}, {"fmv.d", RV_I_fsgnj_d, 3, 0}, {"fabs.d", RV_I_fsgnjx_d, 3, 0},
        {"fneg.d", RV_I_fsgnjn_d, 3, 0},
    };
    for (size_t i = 0; i < sizeof alias2 / sizeof alias2[0]; i++) {
        if (!is(st, alias2[i].name)) continue;
        if (!row_ok(c, st, alias2[i].row) || !want_ops(c, st, 2)) return true;
        bool fp = alias2[i].form == 3;
        if ((rd = need_reg(c, st, 0, fp)) < 0 || (rs = need_reg(c, st, 1, fp)) < 0) return true;
        switch (alias2[i].form) {
        case 0: emit_row(c, st, alias2[i].row, rd, rs, 0, alias2[i].imm); break;
        case 1: emit_row(c, st, alias2[i].row, rd, 0, rs, 0); break;
        case 2: emit_row(c, st, alias2[i].row, rd, rs, 0, 0); break;
        default: emit_row(c, st, alias2[i].row, rd, rs, rs, 0); break;
        }
        return true;
    }
    static const struct {
        const char *name;
        uint16_t row;
        bool swap;
    } alias_fcmp[] = {{"fgt.s", RV_I_flt_s, 1}, {"fge.s", RV_I_fle_s, 1}, {"fgt.d", RV_I_flt_d, 1},
                      {"fge.d", RV_I_fle_d, 1}};
    for (size_t i = 0; i < sizeof alias_fcmp / sizeof alias_fcmp[0]; i++) {
        if (!is(st, alias_fcmp[i].name)) continue;
        if (!row_ok(c, st, alias_fcmp[i].row) || !want_ops(c, st, 3)) return true;
        if ((rd = need_reg(c, st, 0, false)) < 0 || (rs = need_reg(c, st, 1, true)) < 0 ||
            (rt = need_reg(c, st, 2, true)) < 0)
            return true;
        emit_row(c, st, alias_fcmp[i].row, rd, rt, rs, 0);
        return true;
    }
    if (is(st, "fmv.x.s") || is(st, "fmv.s.x")) {
        bool tox = is(st, "fmv.x.s");
        unsigned row = tox ? RV_I_fmv_x_w : RV_I_fmv_w_x;
        if (!row_ok(c, st, row) || !want_ops(c, st, 2)) return true;
        if ((rd = need_reg(c, st, 0, !tox)) < 0 || (rs = need_reg(c, st, 1, tox)) < 0) return true;
        emit_row(c, st, row, rd, rs, 0, 0);
        return true;
    }
    /* branches against zero and with swapped operands */
    static const struct {
        const char *name;
        uint16_t row;
        int8_t form; /* 0: rs, x0; 1: x0, rs; 2: rt, rs (swapped) */
    } br[] = {{"beqz", RV_I_beq, 0}, {"bnez", RV_I_bne, 0}, {"blez", RV_I_bge, 1},
              {"bgez", RV_I_bge, 0}, {"bltz", RV_I_blt, 0}, {"bgtz", RV_I_blt, 1},
              {"bgt", RV_I_blt, 2},  {"ble", RV_I_bge, 2},  {"bgtu", RV_I_bltu, 2},
              {"bleu", RV_I_bgeu, 2}};
    for (size_t i = 0; i < sizeof br / sizeof br[0]; i++) {
        if (!is(st, br[i].name)) continue;
        int n = br[i].form == 2 ? 3 : 2;
        if (!want_ops(c, st, n) || (rs = need_reg(c, st, 0, false)) < 0) return true;
        if (br[i].form == 2) {
            if ((rt = need_reg(c, st, 1, false)) < 0) return true;
            emit_target(c, st, br[i].row, 0, rt, rs, 2);
        } else if (br[i].form == 0)
            emit_target(c, st, br[i].row, 0, rs, X0, 1);
        else
            emit_target(c, st, br[i].row, 0, X0, rs, 1);
        return true;
    }
    if (is(st, "fence") && st->nop == 0) {
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.row = RV_I_fence;
        m.rm = 0xff;
        emit_const(c, st, m, false);
        return true;
    }
    if (is(st, "fence.tso")) {
        if (!want_ops(c, st, 0)) return true;
        note_insn(c, c->rvc);
        emit_le(c, 0x8330000fu, 4, st->mcol);
        return true;
    }
    if (is(st, "unimp")) {
        if (!want_ops(c, st, 0)) return true;
        if (cur(c)->type == ASM_SHT_NOBITS) {
            ERR(st->mcol, "cannot emit instructions in a section without contents (%s)", cur(c)->name);
            return true;
        }
        note_insn(c, c->rvc);
        if (c->rvc)
            emit_le(c, 0, 2, st->mcol);
        else
            emit_le(c, 0xc0001073u, 4, st->mcol);
        return true;
    }
    if (is(st, "scall") || is(st, "sbreak")) {
        if (want_ops(c, st, 0)) emit_row(c, st, is(st, "scall") ? RV_I_ecall : RV_I_ebreak, 0, 0, 0, 0);
        return true;
    }
    /* CSR aliases */
    if (is(st, "csrr")) {
        if (!want_ops(c, st, 2) || (rd = need_reg(c, st, 0, false)) < 0) return true;
        emit_csr(c, st, RV_I_csrrs, RV_I_csrrs, rd, 1, -1, false);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t rrow, irow;
        bool imm_only;
    } csrw[] = {{"csrw", RV_I_csrrw, RV_I_csrrwi, 0},  {"csrs", RV_I_csrrs, RV_I_csrrsi, 0},
                {"csrc", RV_I_csrrc, RV_I_csrrci, 0},  {"csrwi", RV_I_csrrwi, RV_I_csrrwi, 1},
                {"csrsi", RV_I_csrrsi, RV_I_csrrsi, 1}, {"csrci", RV_I_csrrci, RV_I_csrrci, 1}};
    for (size_t i = 0; i < sizeof csrw / sizeof csrw[0]; i++) {
        if (!is(st, csrw[i].name)) continue;
        if (want_ops(c, st, 2)) emit_csr(c, st, csrw[i].rrow, csrw[i].irow, X0, 0, 1, csrw[i].imm_only);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t rrow, irow;
    } csrrx[] = {{"csrrw", RV_I_csrrw, RV_I_csrrwi}, {"csrrs", RV_I_csrrs, RV_I_csrrsi},
                 {"csrrc", RV_I_csrrc, RV_I_csrrci}};
    for (size_t i = 0; i < sizeof csrrx / sizeof csrrx[0]; i++) {
        if (!is(st, csrrx[i].name) || st->nop != 3 || op_reg(st, 2, false) >= 0) continue;
        if ((rd = need_reg(c, st, 0, false)) < 0) return true;
        emit_csr(c, st, csrrx[i].rrow, csrrx[i].irow, rd, 1, 2, true);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t csr;
        bool rv32;
    } rdc[] = {{"rdcycle", 0xc00, 0},  {"rdtime", 0xc01, 0},  {"rdinstret", 0xc02, 0},
               {"rdcycleh", 0xc80, 1}, {"rdtimeh", 0xc81, 1}, {"rdinstreth", 0xc82, 1}};
    for (size_t i = 0; i < sizeof rdc / sizeof rdc[0]; i++) {
        if (!is(st, rdc[i].name)) continue;
        if (rdc[i].rv32 && c->o->xlen != 32) {
            ERR(st->mcol, "instruction requires the following: RV32I Base Instruction Set");
            return true;
        }
        if (!want_ops(c, st, 1) || (rd = need_reg(c, st, 0, false)) < 0) return true;
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.row = RV_I_csrrs;
        m.rd = (uint8_t)rd;
        m.csr = rdc[i].csr;
        emit_const(c, st, m, false);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t csr;
        int8_t kind; /* 0 read, 1 write (rs or rd, rs), 2 write immediate */
    } fcsr[] = {{"frcsr", 3, 0},  {"fscsr", 3, 1},  {"frrm", 2, 0},   {"fsrm", 2, 1},
                {"fsrmi", 2, 2},  {"frflags", 1, 0}, {"fsflags", 1, 1}, {"fsflagsi", 1, 2}};
    for (size_t i = 0; i < sizeof fcsr / sizeof fcsr[0]; i++) {
        if (!is(st, fcsr[i].name)) continue;
        if (!(c->o->ext & RV_EXT_F)) {
            ERR(st->mcol, "instruction requires the following: %s", ext_name(RV_EXT_F));
            return true;
        }
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.csr = fcsr[i].csr;
        if (fcsr[i].kind == 0) {
            if (!want_ops(c, st, 1) || (rd = need_reg(c, st, 0, false)) < 0) return true;
            m.row = RV_I_csrrs;
            m.rd = (uint8_t)rd;
            emit_const(c, st, m, false);
            return true;
        }
        int src = st->nop - 1;
        if (st->nop == 2) {
            if ((rd = need_reg(c, st, 0, false)) < 0) return true;
            m.rd = (uint8_t)rd;
        } else if (!want_ops(c, st, 1))
            return true;
        if (fcsr[i].kind == 1) {
            if ((rs = need_reg(c, st, src, false)) < 0) return true;
            m.row = RV_I_csrrw;
            m.rs1 = (uint8_t)rs;
        } else {
            int64_t v;
            if (!(e = op_expr(c, st, src))) return true;
            if (!need_const(c, e, &v, "the immediate")) return true;
            if (v < 0 || v > 31) {
                ERR(opcol(st, src), "immediate must be an integer in the range [0, 31]");
                return true;
            }
            m.row = RV_I_csrrwi;
            m.imm = v;
        }
        emit_const(c, st, m, false);
        return true;
    }
    return false;
}

/* ---------------------------------------------------------------- directives */

/* Operands of a directive, empty ones allowed (".p2align 4,,2"). */
static bool split_dir(asm_ctx *c, stmt *st)
{
    asm_toks *t = st->t;
    st->nop = 0;
    if (t->v[t->i].kind == T_END) return true;
    int depth = 0;
    size_t b = t->i;
    for (size_t i = t->i;; i++) {
        asm_tok *k = &t->v[i];
        if (punct(k, '(')) depth++;
        if (punct(k, ')')) depth--;
        if (k->kind == T_END || (depth == 0 && punct(k, ','))) {
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

static bool empty_op(const stmt *st, int i)
{
    return i >= st->nop || st->op[i].b == st->op[i].e;
}

static asm_sym *op_symbol(asm_ctx *c, const stmt *st, int i)
{
    if (empty_op(st, i) || st->op[i].e != st->op[i].b + 1 || st->t->v[st->op[i].b].kind != T_ID) {
        ERR(empty_op(st, i) ? st->mcol : opcol(st, i), "expected a symbol name");
        return NULL;
    }
    asm_tok *k = &st->t->v[st->op[i].b];
    return asm_sym_get(c, k->p, k->n);
}

static bool const_op(asm_ctx *c, const stmt *st, int i, int64_t *v, const char *what)
{
    asm_expr *e = op_expr(c, st, i);
    return e && need_const(c, e, v, what);
}

static void dir_align(asm_ctx *c, stmt *st, bool bytes)
{
    if (empty_op(st, 0)) {
        ERR(st->mcol, "expected an alignment");
        return;
    }
    int64_t a, fill = 0, max = 0;
    bool has_fill = !empty_op(st, 1);
    if (st->nop > 3) {
        ERR(opcol(st, 3), "too many operands");
        return;
    }
    if (!const_op(c, st, 0, &a, "the alignment")) return;
    if (has_fill && !const_op(c, st, 1, &fill, "the fill value")) return;
    if (!empty_op(st, 2) && !const_op(c, st, 2, &max, "the maximum")) return;
    uint64_t align;
    if (bytes) {
        if (a < 1 || (a & (a - 1)) || a > (1 << 28)) {
            ERR(opcol(st, 0), "alignment must be a power of 2 between 1 and 2^28");
            return;
        }
        align = (uint64_t)a;
    } else {
        if (a < 0 || a > 28) {
            ERR(opcol(st, 0), "alignment exponent must be between 0 and 28");
            return;
        }
        align = 1ull << a;
    }
    if (fill < -128 || fill > 255) {
        ERR(opcol(st, 1), "fill value must fit in a byte");
        return;
    }
    if (max < 0) max = 0;
    asm_sect *s = cur(c);
    if (s->align < align) s->align = align;
    if (align == 1) return;
    if (s->type == ASM_SHT_NOBITS && fill) {
        ERR(opcol(st, 1), "cannot emit non-zero data in a section without contents (%s)", s->name);
        return;
    }
    if (!grow_total(c, align - 1, st->mcol)) return;
    end_run(c);
    asm_item *it = new_item(c, IT_ALIGN);
    if (!it) return;
    it->col = st->mcol;
    it->u.align.align = align;
    it->u.align.max = (uint64_t)max;
    it->u.align.fill = (uint8_t)fill;
    it->u.align.nop = (s->flags & ASM_SHF_EXECINSTR) && fill == 0 && s->type != ASM_SHT_NOBITS;
    it->u.align.rvc = c->rvc;
}

/* Calls fn for each comma-separated operand [b, e) of a directive (any number of them). */
static bool each_operand(asm_ctx *c, stmt *st, void (*fn)(asm_ctx *, stmt *, size_t, size_t, void *),
                         void *arg)
{
    asm_toks *t = st->t;
    size_t b = t->i;
    if (t->v[b].kind == T_END) {
        ERR(t->v[b].col, "expected an operand");
        return false;
    }
    int depth = 0;
    for (size_t i = b;; i++) {
        asm_tok *k = &t->v[i];
        if (punct(k, '(')) depth++;
        if (punct(k, ')')) depth--;
        if (k->kind == T_END || (depth == 0 && punct(k, ','))) {
            if (i == b) {
                ERR(k->col, "expected an operand");
                return false;
            }
            fn(c, st, b, i, arg);
            if (c->stmt_err) return false;
            if (k->kind == T_END) return true;
            b = i + 1;
        }
    }
}

static void data_one(asm_ctx *c, stmt *st, size_t b, size_t e, void *arg)
{
    unsigned size = *(unsigned *)arg;
    uint32_t col = st->t->v[b].col;
    asm_expr *x = parse_expr_range(c, st->t, b, e);
    if (!x) return;
    int64_t v;
    /* llvm-mc (RISCVELFStreamer::requiresFixups): a difference A - B of symbols where either
       is undefined yet or lies in a section holding instructions becomes an ADD/SUB pair of
       relocations, never folded */
    asm_val sv;
    const char *err;
    uint32_t ecol;
    bool addsub = false;
    if (x->op != E_SYM && x->op != E_NUM && asm_eval(c, x, EV_NOFOLD, &sv, &err, &ecol) && sv.add && sv.sub) {
        asm_sym *ab[2] = {sv.add, sv.sub};
        for (int i = 0; i < 2; i++)
            if (ab[i]->kind == SK_LABEL ? c->secs[ab[i]->sec].has_insn : ab[i]->name[0] != 0) addsub = true;
    }
    if (!addsub && const_now(c, x, &v)) {
        if (size < 8) {
            int64_t lo = -(INT64_C(1) << (size * 8 - 1));
            uint64_t hi = (UINT64_C(1) << (size * 8)) - 1;
            if (v < lo || (v > 0 && (uint64_t)v > hi)) {
                ERR(col, "out of range literal value");
                return;
            }
        }
        emit_le(c, (uint64_t)v, size, col);
        return;
    }
    if (cur(c)->type == ASM_SHT_NOBITS) {
        ERR(col, "cannot emit non-zero data in a section without contents (%s)", cur(c)->name);
        return;
    }
    asm_expr_register(c, x);
    asm_item *it = new_item(c, IT_DATA);
    if (!it) return;
    it->expr = x;
    it->col = col;
    it->fix = F_DATA;
    it->flags = addsub ? IF_ADDSUB : 0;
    it->dsize = (uint8_t)size;
    it->size = size;
    cur(c)->run_off += size;
    grow_total(c, size, col);
}

static void dir_data(asm_ctx *c, stmt *st, unsigned size)
{
    each_operand(c, st, data_one, &size);
}

static void ascii_one(asm_ctx *c, stmt *st, size_t b, size_t e, void *arg)
{
    bool zero = *(bool *)arg;
    asm_tok *k = &st->t->v[b];
    if (k->kind != T_STR || e != b + 1) {
        ERR(k->col, "expected string");
        return;
    }
    rivet_buf buf = {0};
    if (asm_string(c, k, &buf)) {
        if (zero && buf_push(&buf, 0)) c->oom = true;
        if (buf.n) emit_bytes(c, buf.p, buf.n, k->col);
    }
    buf_free(&buf);
}

static void dir_ascii(asm_ctx *c, stmt *st, bool zero)
{
    each_operand(c, st, ascii_one, &zero);
}

/* .zero/.space/.skip N[, fill], .fill N[, size[, value]]: a fill item, never materialised here. */
static void emit_fill(asm_ctx *c, const stmt *st, asm_expr *count, int64_t value, unsigned vsize)
{
    asm_sect *s = cur(c);
    int64_t n;
    bool known = const_now(c, count, &n);
    if (known) {
        if (n < 0) {
            ERR(count->col, "'%.*s' with a negative size", (int)st->mnlen, st->mn);
            return;
        }
        if ((uint64_t)n > (s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS) / vsize) {
            ERR(count->col, "size %llu is too large (section '%s' is limited to %llu MiB)",
                (unsigned long long)n, s->name,
                (unsigned long long)((s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS) >> 20));
            return;
        }
        if (!grow_total(c, (uint64_t)n * vsize, count->col)) return;
        if (n == 0) return;
    }
    if (s->type == ASM_SHT_NOBITS && value) {
        ERR(st->mcol, "cannot emit non-zero data in a section without contents (%s)", s->name);
        return;
    }
    if (!known) {
        asm_expr_register(c, count);
        end_run(c);
    }
    asm_item *it = new_item(c, IT_FILL);
    if (!it) return;
    it->expr = count;
    it->col = count->col;
    it->flags = known ? 0 : IF_DEFERRED;
    it->u.fill.value = value;
    it->u.fill.vsize = (uint8_t)vsize;
    it->size = known ? (uint64_t)n * vsize : 0;
    if (known) s->run_off += it->size;
}

static void dir_space(asm_ctx *c, stmt *st)
{
    if (!split_dir(c, st)) return;
    if (empty_op(st, 0) || st->nop > 2) {
        ERR(st->mcol, "expected a size and an optional fill value");
        return;
    }
    int64_t fill = 0;
    if (!empty_op(st, 1) && !const_op(c, st, 1, &fill, "the fill value")) return;
    asm_expr *n = op_expr(c, st, 0);
    if (n) emit_fill(c, st, n, fill & 0xff, 1);
}

static void dir_fill(asm_ctx *c, stmt *st)
{
    if (!split_dir(c, st)) return;
    if (empty_op(st, 0) || st->nop > 3) {
        ERR(st->mcol, "expected a count, an optional size and an optional value");
        return;
    }
    int64_t size = 1, value = 0;
    if (!empty_op(st, 1) && !const_op(c, st, 1, &size, "the size")) return;
    if (!empty_op(st, 2) && !const_op(c, st, 2, &value, "the value")) return;
    if (size < 0 || size > 8) {
        ERR(opcol(st, 1), "fill size must be between 0 and 8");
        return;
    }
    if (size == 0) return;
    asm_expr *n = op_expr(c, st, 0);
    if (n) emit_fill(c, st, n, value, (unsigned)size);
}

static void dir_org(asm_ctx *c, stmt *st)
{
    if (!split_dir(c, st)) return;
    if (empty_op(st, 0) || st->nop > 2) {
        ERR(st->mcol, "expected an offset and an optional fill value");
        return;
    }
    int64_t fill = 0;
    if (!empty_op(st, 1) && !const_op(c, st, 1, &fill, "the fill value")) return;
    asm_expr *e = op_expr(c, st, 0);
    if (!e) return;
    asm_sect *s = cur(c);
    int64_t v;
    uint64_t lim = s->type == ASM_SHT_NOBITS ? ASM_MAX_NOBITS : ASM_MAX_PROGBITS;
    if (const_now(c, e, &v)) {
        if (v < 0) {
            ERR(e->col, ".org to a negative offset");
            return;
        }
        if ((uint64_t)v > lim) {
            ERR(e->col, ".org offset 0x%llx is beyond the %llu MiB a section may hold",
                (unsigned long long)v, (unsigned long long)(lim >> 20));
            return;
        }
        if ((uint64_t)v > s->total && !grow_total(c, (uint64_t)v - s->total, e->col)) return;
    }
    if (s->type == ASM_SHT_NOBITS && (fill & 0xff)) {
        ERR(st->mcol, "cannot emit non-zero data in a section without contents (%s)", s->name);
        return;
    }
    asm_expr_register(c, e);
    end_run(c);
    asm_item *it = new_item(c, IT_ORG);
    if (!it) return;
    it->expr = e;
    it->col = e->col;
    it->u.fill.value = fill & 0xff;
}

static void dir_section(asm_ctx *c, stmt *st, bool push)
{
    asm_toks *t = st->t;
    if (!split_dir(c, st)) return;
    if (empty_op(st, 0)) {
        ERR(st->mcol, "expected a section name");
        return;
    }
    asm_tok *k = &t->v[st->op[0].b];
    const char *name = k->p;
    size_t n = k->n;
    if (k->kind == T_STR && st->op[0].e == st->op[0].b + 1) {
        /* "name" */
    } else {
        /* names may contain characters the lexer splits ("-"): join the raw text */
        for (size_t i = st->op[0].b; i < st->op[0].e; i++)
            if (t->v[i].kind == T_STR || (t->v[i].kind == T_PUNCT && !strchr("-+", t->v[i].punct))) {
                ERR(t->v[i].col, "expected a section name");
                return;
            }
        asm_tok *last = &t->v[st->op[0].e - 1];
        n = (size_t)(last->p + last->n - name);
    }
    bool explicit_flags = false;
    uint64_t flags = 0;
    uint32_t type = ASM_SHT_PROGBITS;
    if (st->nop >= 2) {
        asm_tok *f = &t->v[st->op[1].b];
        if (f->kind != T_STR || st->op[1].e != st->op[1].b + 1) {
            ERR(f->col, "expected a string of section flags");
            return;
        }
        explicit_flags = true;
        for (uint32_t i = 0; i < f->n; i++) {
            switch (f->p[i]) {
            case 'a': flags |= ASM_SHF_ALLOC; break;
            case 'w': flags |= ASM_SHF_WRITE; break;
            case 'x': flags |= ASM_SHF_EXECINSTR; break;
            case 'M': case 'S': case 'G': case 'T': case 'o': case 'R': case 'e': case 'd': break;
            default:
                ERR(f->col + 1 + i, "unknown section flag '%c'", f->p[i]);
                return;
            }
        }
        if (st->nop >= 3 && !empty_op(st, 2)) {
            opnd o = st->op[2];
            asm_tok *ty = &t->v[o.b];
            const char *tn = NULL;
            size_t tl = 0;
            if ((punct(ty, '@') || punct(ty, '%')) && o.e == o.b + 2 && t->v[o.b + 1].kind == T_ID) {
                tn = t->v[o.b + 1].p;
                tl = t->v[o.b + 1].n;
            } else if (ty->kind == T_STR && o.e == o.b + 1) {
                tn = ty->p;
                tl = ty->n;
            }
            if (!tn) {
                ERR(ty->col, "expected @progbits or @nobits");
                return;
            }
            if (tl == 6 && !memcmp(tn, "nobits", 6)) type = ASM_SHT_NOBITS;
        }
    }
    size_t i = find_section(c, name, n);
    if (i == (size_t)-1) {
        i = new_section(c, name, n, explicit_flags, flags, type, k->col);
        if (i == (size_t)-1) return;
    }
    if (push) {
        if (c->nsecstack == ASM_MAX_NESTING) {
            ERR(st->mcol, ".pushsection nested too deeply");
            return;
        }
        c->secstack[c->nsecstack][0] = c->cur;
        c->secstack[c->nsecstack][1] = c->prev;
        c->nsecstack++;
    }
    switch_section(c, i);
}

static void simple_section(asm_ctx *c, const char *name, size_t n)
{
    size_t i = find_section(c, name, n);
    if (i == (size_t)-1) i = new_section(c, name, n, false, 0, 0, 0);
    switch_section(c, i);
}

static void dir_equ(asm_ctx *c, asm_toks *t, size_t namei, size_t valb, uint32_t col, bool equiv)
{
    asm_tok *k = &t->v[namei];
    asm_sym *s = asm_sym_get(c, k->p, k->n);
    if (!s) return;
    if (s->kind == SK_LABEL || (equiv && s->kind == SK_EQU)) {
        ERR(k->col, "redefinition of '%s'", s->name);
        return;
    }
    size_t e = valb;
    while (t->v[e].kind != T_END)
        e++;
    if (valb == e) {
        ERR(col, "expected an expression");
        return;
    }
    asm_expr *x = parse_expr_range(c, t, valb, e);
    if (!x) return;
    int64_t v;
    if (const_now(c, x, &v)) x = asm_expr_num(c, v, x->col);
    if (!x) return;
    s->kind = SK_EQU;
    s->equ = x;
    s->line = c->line;
    s->col = k->col;
    asm_sym_register(c, s);
}

static void dir_option(asm_ctx *c, stmt *st)
{
    asm_tok *k = &st->t->v[st->t->i];
    if (k->kind != T_ID || st->t->v[st->t->i + 1].kind != T_END) {
        ERR(k->col, "unknown option, expected 'push', 'pop', 'rvc', 'norvc', 'relax' or 'norelax'");
        return;
    }
    if (tok_is(k, "rvc"))
        c->rvc = true;
    else if (tok_is(k, "norvc"))
        c->rvc = false;
    else if (tok_is(k, "push")) {
        if (c->noptstack == ASM_MAX_NESTING) {
            ERR(k->col, ".option push nested too deeply");
            return;
        }
        c->optstack[c->noptstack++] = c->rvc;
    } else if (tok_is(k, "pop")) {
        if (!c->noptstack) {
            ERR(k->col, ".option pop with no .option push");
            return;
        }
        c->rvc = c->optstack[--c->noptstack];
    } else if (tok_is(k, "norelax") || tok_is(k, "nopic")) {
    } else if (tok_is(k, "relax") || tok_is(k, "pic")) {
        asm_warn_at(c, c->line, k->col, ".option %.*s is ignored (rivet asm does not emit linker-relaxation or PIC code)",
                    (int)k->n, k->p);
    } else
        ERR(k->col, "unknown option, expected 'push', 'pop', 'rvc', 'norvc', 'relax' or 'norelax'");
}

static void symbol_one(asm_ctx *c, stmt *st, size_t b, size_t e, void *arg)
{
    int bind = *(int *)arg;
    asm_tok *k = &st->t->v[b];
    if (e != b + 1 || k->kind != T_ID) {
        ERR(k->col, "expected a symbol name");
        return;
    }
    asm_sym *s = asm_sym_get(c, k->p, k->n);
    if (!s) return;
    s->bind = (uint8_t)bind;
    s->global_ref = bind != ASM_STB_LOCAL;
    asm_sym_register(c, s);
}

static void dir_symbols(asm_ctx *c, stmt *st, int bind)
{
    each_operand(c, st, symbol_one, &bind);
}

static void dir_type(asm_ctx *c, stmt *st)
{
    if (!split_dir(c, st)) return;
    if (st->nop != 2) {
        ERR(st->mcol, "expected a symbol and a type");
        return;
    }
    asm_sym *s = op_symbol(c, st, 0);
    if (!s) return;
    opnd o = st->op[1];
    asm_toks *t = st->t;
    asm_tok *k = &t->v[o.b];
    const asm_tok *name = k;
    if ((punct(k, '@') || punct(k, '%')) && o.e == o.b + 2) name = &t->v[o.b + 1];
    else if (o.e != o.b + 1) name = NULL;
    int type = -1;
    if (name && (name->kind == T_ID || name->kind == T_STR)) {
        if (tok_is(name, "function") || tok_is(name, "STT_FUNC") || (name->kind == T_STR && name->n == 8 && !memcmp(name->p, "function", 8)))
            type = ASM_STT_FUNC;
        else if (tok_is(name, "object") || tok_is(name, "STT_OBJECT") || (name->kind == T_STR && name->n == 6 && !memcmp(name->p, "object", 6)))
            type = ASM_STT_OBJECT;
        else if (tok_is(name, "notype") || tok_is(name, "STT_NOTYPE"))
            type = ASM_STT_NOTYPE;
        else if (tok_is(name, "tls_object") || tok_is(name, "common") || tok_is(name, "gnu_unique_object") || tok_is(name, "gnu_indirect_function")) {
            ERR(name->col, "symbol type '%.*s' is not supported", (int)name->n, name->p);
            return;
        }
    }
    if (type < 0) {
        ERR(k->col, "unsupported attribute in '.type' directive");
        return;
    }
    s->type = (uint8_t)type;
    asm_sym_register(c, s);
}

static void dir_size(asm_ctx *c, stmt *st)
{
    if (!split_dir(c, st)) return;
    if (st->nop != 2 || empty_op(st, 1)) {
        ERR(st->mcol, "expected a symbol and a size");
        return;
    }
    asm_sym *s = op_symbol(c, st, 0);
    if (!s) return;
    asm_expr *e = op_expr(c, st, 1);
    if (!e) return;
    int64_t v;
    if (const_now(c, e, &v)) e = asm_expr_num(c, v, e->col);
    s->size = e;
    asm_sym_register(c, s);
}

static bool ignored_directive(const stmt *st)
{
    static const char *const names[] = {".file", ".ident", ".attribute", ".addrsig", ".addrsig_sym",
                                        ".loc", ".hidden", ".protected", ".internal", ".section_info",
                                        ".variant_cc", ".cfi_sections"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (is(st, names[i])) return true;
    return st->mnlen > 5 && !memcmp(st->mn, ".cfi_", 5);
}

static void directive(asm_ctx *c, stmt *st)
{
    asm_toks *t = st->t;
    if (is(st, ".text") || is(st, ".data") || is(st, ".bss") || is(st, ".rodata")) {
        if (t->v[t->i].kind != T_END) { /* optional subsection number */
            asm_expr *e = parse_expr_range(c, t, t->i, t->n - 1);
            int64_t v;
            if (!e || !need_const(c, e, &v, "the subsection")) return;
        }
        simple_section(c, st->mn, st->mnlen);
        return;
    }
    if (is(st, ".section")) return dir_section(c, st, false);
    if (is(st, ".pushsection")) return dir_section(c, st, true);
    if (is(st, ".popsection")) {
        if (!c->nsecstack) {
            ERR(st->mcol, ".popsection without a corresponding .pushsection");
            return;
        }
        c->nsecstack--;
        c->cur = c->secstack[c->nsecstack][0];
        c->prev = c->secstack[c->nsecstack][1];
        return;
    }
    if (is(st, ".previous")) {
        size_t x = c->cur;
        c->cur = c->prev;
        c->prev = x;
        return;
    }
    if (is(st, ".align") || is(st, ".p2align") || is(st, ".balign")) {
        if (!split_dir(c, st)) return;
        return dir_align(c, st, is(st, ".balign"));
    }
    static const struct {
        const char *name;
        unsigned size;
    } data[] = {{".byte", 1},  {".half", 2},  {".short", 2}, {".2byte", 2}, {".word", 4},
                {".long", 4},  {".int", 4},   {".4byte", 4}, {".dword", 8}, {".quad", 8},
                {".8byte", 8}};
    for (size_t i = 0; i < sizeof data / sizeof data[0]; i++)
        if (is(st, data[i].name)) return dir_data(c, st, data[i].size);
    if (is(st, ".ascii")) return dir_ascii(c, st, false);
    if (is(st, ".asciz") || is(st, ".string")) return dir_ascii(c, st, true);
    if (is(st, ".zero") || is(st, ".space") || is(st, ".skip")) return dir_space(c, st);
    if (is(st, ".fill")) return dir_fill(c, st);
    if (is(st, ".org")) return dir_org(c, st);
    if (is(st, ".equ") || is(st, ".set") || is(st, ".equiv")) {
        if (t->v[t->i].kind != T_ID || !punct(&t->v[t->i + 1], ',')) {
            ERR(t->v[t->i].col, "expected a symbol name, a comma and a value");
            return;
        }
        return dir_equ(c, t, t->i, t->i + 2, t->v[t->i + 1].col, is(st, ".equiv"));
    }
    if (is(st, ".globl") || is(st, ".global")) return dir_symbols(c, st, ASM_STB_GLOBAL);
    if (is(st, ".weak")) return dir_symbols(c, st, ASM_STB_WEAK);
    if (is(st, ".local")) return dir_symbols(c, st, ASM_STB_LOCAL);
    if (is(st, ".type")) return dir_type(c, st);
    if (is(st, ".size")) return dir_size(c, st);
    if (is(st, ".option")) return dir_option(c, st);
    if (is(st, ".end")) {
        c->ended = true;
        return;
    }
    if (is(st, ".file") && t->v[t->i].kind == T_STR && t->v[t->i + 1].kind == T_END) {
        rivet_buf b = {0};
        if (!asm_string(c, &t->v[t->i], &b)) return;
        char *name = asm_strdup(c, (const char *)b.p, b.n);
        buf_free(&b);
        const char **v = name ? realloc(c->files, (c->nfiles + 1) * sizeof *v) : NULL;
        if (!v) {
            c->oom = true;
            return;
        }
        c->files = v;
        c->files[c->nfiles++] = name;
        return;
    }
    if (ignored_directive(st)) return;
    static const char *const unsupported[] = {".macro", ".endm", ".rept", ".endr", ".irp", ".if",
                                              ".ifdef", ".ifndef", ".else", ".endif", ".include",
                                              ".incbin", ".insn", ".comm", ".lcomm", ".uleb128",
                                              ".sleb128", ".float", ".double"};
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++)
        if (is(st, unsupported[i])) {
            ERR(st->mcol, "directive '%s' is not supported by rivet asm", unsupported[i]);
            return;
        }
    ERR(st->mcol, "unknown directive");
}

/* ---------------------------------------------------------------- statements */

static void instruction(asm_ctx *c, stmt *st)
{
    if (!split_ops(c, st)) return;
    if (pseudo(c, st)) return;
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
            ERR(st->mcol, "instruction requires the following: %s", ext_name(missing));
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

static void mark(const asm_ctx *c, uint32_t *i, uint64_t *d)
{
    const asm_sect *s = &c->secs[c->cur];
    if (s->open && s->nitems) {
        *i = (uint32_t)(s->nitems - 1);
        *d = s->items[s->nitems - 1].size;
    } else {
        *i = (uint32_t)s->nitems;
        *d = 0;
    }
}

static void statement(asm_ctx *c, const char *s, size_t n, uint32_t col0)
{
    asm_toks *t = c->toks;
    c->stmt_err = false;
    if (!asm_tokenize(c, s, n, col0, t)) return;
    size_t i = 0;
    for (;;) { /* labels */
        asm_tok *k = &t->v[i];
        if (!punct(&t->v[i + (k->kind != T_END)], ':')) break;
        if (k->kind == T_ID) {
            define_label(c, asm_sym_get(c, k->p, k->n), k->col);
        } else if (k->kind == T_NUM && k->p[0] >= '0' && k->p[0] <= '9') {
            bool digits = true;
            for (uint32_t q = 0; q < k->n; q++)
                if (k->p[q] < '0' || k->p[q] > '9') digits = false;
            if (!digits) {
                ERR(k->col, "a local label must be a decimal number");
                return;
            }
            define_label(c, asm_numlab_ref(c, k->num, 0, k->col), k->col);
        } else
            break;
        i += 2;
        if (c->stmt_err) return;
    }
    asm_tok *k = &t->v[i];
    if (k->kind == T_END) return;
    if (k->kind == T_ID && punct(&t->v[i + 1], '=')) {
        dir_equ(c, t, i, i + 2, t->v[i + 1].col, false);
        return;
    }
    if (k->kind != T_ID) {
        ERR(k->col, "unexpected token at start of statement");
        return;
    }
    stmt st;
    memset(&st, 0, sizeof st);
    st.t = t;
    st.mn = k->p;
    st.mnlen = k->n;
    st.mcol = k->col;
    t->i = i + 1;
    size_t sec0 = c->cur;
    uint32_t i0;
    uint64_t d0;
    mark(c, &i0, &d0);
    if (k->p[0] == '.' && !(k->n > 1 && k->p[1] == 'L' && 0))
        directive(c, &st);
    else
        instruction(c, &st);
    if (c->o->listing && c->cur == sec0 && !c->stmt_err) {
        uint32_t i1;
        uint64_t d1;
        mark(c, &i1, &d1);
        if (i1 != i0 || d1 != d0) {
            if (c->nmarks == c->capmarks) {
                size_t cap = c->capmarks ? c->capmarks * 2 : 64;
                struct asm_mark *v = realloc(c->marks, cap * sizeof *v);
                if (!v) {
                    c->oom = true;
                    return;
                }
                c->marks = v;
                c->capmarks = cap;
            }
            c->marks[c->nmarks++] = (struct asm_mark){c->line, (uint32_t)sec0, i0, i1, d0, d1};
        }
    }
}

/* Splits the text into lines and statements (';'), blanking comments ('#', '//', block
   comments across lines) but not inside strings and character literals. */
static void run_source(asm_ctx *c)
{
    const char *p = c->src, *end = c->src + c->len;
    bool in_block = false;
    char *clean = NULL;
    size_t cap = 0;
    size_t *cuts = NULL, ncut, capcut = 0;
    uint32_t line = 0;
    while (p < end && !c->ended && !c->too_many && !c->oom) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        c->line = line;
        if (ll + 1 > cap) {
            char *v = realloc(clean, ll + 1);
            if (!v) {
                c->oom = true;
                break;
            }
            clean = v;
            cap = ll + 1;
        }
        ncut = 0;
        bool in_str = false;
        for (size_t j = 0; j < ll; j++) {
            char ch = p[j];
            if (in_block) {
                clean[j] = ' ';
                if (ch == '*' && j + 1 < ll && p[j + 1] == '/') {
                    clean[++j] = ' ';
                    in_block = false;
                }
                continue;
            }
            clean[j] = ch;
            if (in_str) {
                if (ch == '\\' && j + 1 < ll)
                    clean[j + 1] = p[j + 1], j++;
                else if (ch == '"')
                    in_str = false;
                continue;
            }
            if (ch == '"') {
                in_str = true;
            } else if (ch == '\'') {
                size_t k = j + 1;
                if (k < ll && p[k] == '\\') k++;
                if (k < ll) k++;
                if (k < ll && p[k] == '\'') k++;
                for (size_t q = j + 1; q < k; q++)
                    clean[q] = p[q];
                j = k - 1;
            } else if (ch == '#' || (ch == '/' && j + 1 < ll && p[j + 1] == '/')) {
                memset(clean + j, ' ', ll - j);
                break;
            } else if (ch == '/' && j + 1 < ll && p[j + 1] == '*') {
                clean[j] = clean[j + 1] = ' ';
                j++;
                in_block = true;
            } else if (ch == ';') {
                clean[j] = ' ';
                if (ncut == capcut) {
                    size_t nc = capcut ? capcut * 2 : 8;
                    size_t *v = realloc(cuts, nc * sizeof *v);
                    if (!v) {
                        c->oom = true;
                        break;
                    }
                    cuts = v;
                    capcut = nc;
                }
                cuts[ncut++] = j;
            }
        }
        size_t a = 0;
        for (size_t q = 0; q <= ncut && !c->ended && !c->too_many && !c->oom; q++) {
            size_t b = q < ncut ? cuts[q] : ll;
            statement(c, clean + a, b - a, (uint32_t)a + 1);
            a = b + 1;
        }
        p = nl ? nl + 1 : end;
    }
    free(clean);
    free(cuts);
}

static int diag_cmp(const void *a, const void *b)
{
    const asm_diag_rec *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void ctx_free(asm_ctx *c)
{
    for (size_t i = 0; i < c->nsec; i++) {
        free(c->secs[i].items);
        buf_free(&c->secs[i].blob);
    }
    free(c->secs);
    free(c->htab);
    free(c->reg);
    for (size_t i = 0; i < c->ndiag; i++)
        free(c->diags[i].text);
    free(c->diags);
    free(c->marks);
    free(c->files);
    if (c->toks) free(c->toks->v);
    arena_free(&c->ar);
}

asm_unit *asm_assemble(const char *file, const char *src, size_t len, const asm_opts *o,
                       asm_msgs *msgs)
{
    asm_ctx ctx, *c = &ctx;
    memset(c, 0, sizeof *c);
    asm_toks toks = {0};
    c->toks = &toks;
    c->o = o;
    c->file = file ? file : "<input>";
    c->src = src;
    c->len = len;
    c->rvc = (o->ext & RV_EXT_C) != 0;
    arena_init(&c->ar, 0);
    c->line = 1;
    new_section(c, ".text", 5, false, 0, 0, 0);
    c->cur = c->prev = 0;
    asm_unit *u = NULL;
    if (o->xlen != 32 && o->xlen != 64) {
        asm_error_at(c, 0, 0, "xlen must be 32 or 64");
    } else {
        run_source(c);
        if (c->too_many) {
            c->too_many = false;
            asm_error_at(c, c->line, 1, "too many errors, stopping");
            c->too_many = true;
        }
        /* forward references to numeric labels that never came */
        for (size_t h = 0; h < 256; h++)
            for (asm_numlab *l = c->numlab[h]; l; l = l->hnext)
                if (l->next && l->next->kind != SK_LABEL)
                    asm_error_at(c, l->next->line, l->next->col ? l->next->col : 1,
                                 "directional label %llub... %lluf: no later '%llu:' label",
                                 (unsigned long long)l->num, (unsigned long long)l->num,
                                 (unsigned long long)l->num);
        if (!c->nerr && !c->oom && asm_layout(c)) u = asm_build_unit(c);
        if (c->oom) {
            asm_error_at(c, c->line, 1, "out of memory");
            asm_unit_free(u);
            u = NULL;
        }
        if (c->nerr) {
            asm_unit_free(u);
            u = NULL;
        }
    }
    if (c->ndiag) qsort(c->diags, c->ndiag, sizeof c->diags[0], diag_cmp);
    if (msgs) {
        for (size_t i = 0; i < c->ndiag; i++) {
            if (msgs->n == msgs->cap) {
                size_t cap = msgs->cap ? msgs->cap * 2 : 16;
                char **v = realloc(msgs->v, cap * sizeof *v);
                if (!v) break;
                msgs->v = v;
                msgs->cap = cap;
            }
            bool err = strstr(c->diags[i].text, ": error: ") != NULL;
            msgs->v[msgs->n++] = c->diags[i].text;
            c->diags[i].text = NULL;
            if (err)
                msgs->errors++;
            else
                msgs->warnings++;
        }
    }
    ctx_free(c);
    return u;
}

void asm_msgs_free(asm_msgs *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i]);
    free(m->v);
    memset(m, 0, sizeof *m);
}
