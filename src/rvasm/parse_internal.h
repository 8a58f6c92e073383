/* Internals of the statement parser, shared by sect.c, operand.c, insn.c, pseudo.c, data.c,
   directive.c and parse.c. */
#ifndef RIVET_RVASM_PARSE_INTERNAL_H
#define RIVET_RVASM_PARSE_INTERNAL_H

#include "rvasm/rvasm_internal.h"

#define ERR(col, ...) asm_error_at(c, c->line, (col), __VA_ARGS__)

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

enum { MOD_NONE, MOD_HI, MOD_LO, MOD_PCREL_HI, MOD_PCREL_LO };

/* A symbolic operand of an instruction being assembled. */
typedef struct symop {
    asm_expr *expr;
    uint8_t fix;
    char letter;
    bool cletter;
    int group;
    uint32_t col;
} symop;

asm_sect *asm_cur(asm_ctx *c);
size_t asm_find_section(asm_ctx *c, const char *name, size_t n);
size_t asm_new_section(asm_ctx *c, const char *name, size_t n, bool explicit_flags, uint64_t flags,
                       uint32_t type, uint32_t col);
void asm_switch_section(asm_ctx *c, size_t i);
asm_item *asm_new_item(asm_ctx *c, uint8_t kind);
void asm_end_run(asm_ctx *c);
bool asm_grow_total(asm_ctx *c, uint64_t n, uint32_t col);
void asm_emit_bytes(asm_ctx *c, const void *p, size_t n, uint32_t col);
void asm_emit_le(asm_ctx *c, uint64_t v, unsigned n, uint32_t col);
void asm_note_insn(asm_ctx *c, bool rvc);
void asm_define_label(asm_ctx *c, asm_sym *s, uint32_t col);
bool asm_tok_is(const asm_tok *t, const char *s);
bool asm_punct(const asm_tok *t, char p);
int asm_reg_of(const asm_tok *t, bool fp);
uint32_t asm_opcol(const stmt *st, int i);
bool asm_split_ops(asm_ctx *c, stmt *st);
int asm_op_reg(const stmt *st, int i, bool fp);
asm_expr *asm_parse_expr_range(asm_ctx *c, asm_toks *t, size_t b, size_t e);
asm_expr *asm_parse_imm(asm_ctx *c, asm_toks *t, size_t stop, int *mod);
bool asm_const_now(asm_ctx *c, const asm_expr *e, int64_t *v);
bool asm_need_const(asm_ctx *c, const asm_expr *e, int64_t *v, const char *what);
void asm_emit_const(asm_ctx *c, const stmt *st, asm_minst m, bool compress);
void asm_emit_sym(asm_ctx *c, const stmt *st, asm_minst m, const symop *so, bool compress);
void asm_emit_row(asm_ctx *c, const stmt *st, unsigned row, int rd, int rs1, int rs2, int64_t imm);
const char *asm_ext_name(unsigned ext);
bool asm_take_imm(asm_ctx *c, const stmt *st, asm_minst *m, symop *so, char ch, bool cl,
                  asm_expr *e, int mod, int group, uint32_t col);
void asm_instruction(asm_ctx *c, stmt *st);
asm_expr *asm_op_expr(asm_ctx *c, const stmt *st, int i);
bool asm_is(const stmt *st, const char *name);
bool asm_pseudo(asm_ctx *c, stmt *st);
bool asm_split_dir(asm_ctx *c, stmt *st);
bool asm_empty_op(const stmt *st, int i);
asm_sym *asm_op_symbol(asm_ctx *c, const stmt *st, int i);
void asm_dir_align(asm_ctx *c, stmt *st, bool bytes);
void asm_dir_data(asm_ctx *c, stmt *st, unsigned size);
void asm_dir_ascii(asm_ctx *c, stmt *st, bool zero);
void asm_dir_space(asm_ctx *c, stmt *st);
void asm_dir_fill(asm_ctx *c, stmt *st);
void asm_dir_org(asm_ctx *c, stmt *st);
void asm_dir_equ(asm_ctx *c, asm_toks *t, size_t namei, size_t valb, uint32_t col, bool equiv);
void asm_directive(asm_ctx *c, stmt *st);
void asm_dir_include(asm_ctx *c, stmt *st); /* include.c */
/* Calls fn for each comma-separated operand [b, e) of a directive (any number of them). */
bool asm_each_operand(asm_ctx *c, stmt *st, void (*fn)(asm_ctx *, stmt *, size_t, size_t, void *),
                      void *arg);
bool asm_pseudo_alias(asm_ctx *c, stmt *st);
bool asm_pseudo_sys(asm_ctx *c, stmt *st);
/* Helpers of pseudo.c used by pseudo_sys.c */
int asm_need_reg(asm_ctx *c, const stmt *st, int i, bool fp);
bool asm_want_ops(asm_ctx *c, const stmt *st, int n);
bool asm_row_ok(asm_ctx *c, const stmt *st, unsigned row);
void asm_emit_target(asm_ctx *c, stmt *st, unsigned row, int rd, int rs1, int rs2, int opi);
void asm_emit_csr(asm_ctx *c, stmt *st, unsigned rrow, unsigned irow, int rd, int csri, int srci,
                  bool imm_only);

#endif
