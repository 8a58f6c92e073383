/* Internals of the assembler: the table-driven encoder and compressor (encode.c), the lexer and
   expressions (lex.c), statements, directives and instructions (parse.c), layout, relaxation
   and fixups (layout.c), and the ELF writers (elf_out.c). */
#ifndef RIVET_RVASM_INTERNAL_H
#define RIVET_RVASM_INTERNAL_H

#include <stdarg.h>

#include "rivet/arena.h"
#include "rivet/rvasm.h"
#include "rv/rv_internal.h"

/* ---------------------------------------------------------------- encoder (encode.c) */

/* One machine instruction: a row of the instruction table and its operand values. rd/rs1/rs2
   are 0..31 (x0 is 0); imm is the value written in the source for the row's immediate letter
   (a U immediate is the 20-bit field, a branch target the pc-relative offset). */
typedef struct asm_minst {
    uint16_t row;
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;   /* rounding mode; fence: pred << 4 | succ */
    uint8_t aqrl; /* atomics: aq << 1 | rl */
    uint16_t csr;
    int64_t imm;
} asm_minst;

/* Encodes m with its row's operand letters, checking every field. Returns NULL and the bits,
   or an error message and in *bad the 0-based operand group (comma-separated token of the row's
   operand string) at fault. */
const char *asm_encode(const asm_minst *m, int xlen, uint32_t *bits, int *bad);
/* The same, leaving out (not checking) operand group skip (-1: none). */
const char *asm_encode_skip(const asm_minst *m, int xlen, uint32_t *bits, int *bad, int skip);
/* Encodes one operand letter (c; cl true for a 'C'-prefixed letter) of value m into bits. */
const char *asm_encode_letter(char c, bool cl, const asm_minst *m, int xlen, uint32_t *bits);
/* Length (2 or 4) of a row's encoding. */
static inline unsigned asm_row_len(unsigned row)
{
    return (rv_insn_table[row].match & 3) == 3 ? 4u : 2u;
}
/* The compressed row llvm-mc would turn m into (its CompressPat list, in its order), or 0. The
   candidate is checked by decoding it back with rv_decode: it must be the same operation on the
   same operands as m. symbolic: m's target is a symbol (offset unknown, assumed in range). */
unsigned asm_compress(const asm_minst *m, int xlen, unsigned ext, bool symbolic, asm_minst *c);

/* One step of an integer materialisation: lui, addi, addiw, slli or srli with an immediate. */
typedef struct asm_li_step {
    uint16_t row;
    int64_t imm;
} asm_li_step;
/* llvm-mc's sequence for li (RISCVMatInt::generateInstSeq of LLVM 14, base ISA): at most 8
   steps. For RV32 the value is taken modulo 2^32. Returns the step count. */
unsigned asm_li_seq(int64_t value, int xlen, asm_li_step out[8]);

/* CSR names (csr.def) */
int asm_csr_lookup(const char *name, size_t len, int xlen);

/* ---------------------------------------------------------------- symbols and expressions */

typedef struct asm_sym asm_sym;
typedef struct asm_expr asm_expr;

enum {
    E_NUM,
    E_SYM,
    E_NEG,
    E_NOT,
    E_LNOT,
    E_ADD,
    E_SUB,
    E_MUL,
    E_DIV,
    E_MOD,
    E_SHL,
    E_SHR,
    E_AND,
    E_OR,
    E_XOR,
    E_ORNOT,
    E_LAND,
    E_LOR,
    E_EQ,
    E_NE,
    E_LT,
    E_LE,
    E_GT,
    E_GE
};

struct asm_expr {
    uint8_t op;
    uint32_t col;
    int64_t num;
    asm_sym *sym;
    asm_expr *a, *b;
};

enum { SK_UNDEF, SK_LABEL, SK_EQU };

struct asm_sym {
    const char *name;
    asm_sym *hnext;
    uint8_t kind, bind, type;
    bool temp;       /* .L names, numeric labels, '.', pcrel labels: written only if relocated */
    bool in_reloc;   /* a relocation names it */
    bool registered; /* has an order number (llvm-mc's symbol registration order) */
    bool busy;       /* evaluation guard for .equ cycles */
    bool global_ref; /* named by .globl / .weak */
    bool reported;   /* an undefined-symbol error was printed */
    uint32_t order;
    uint32_t sec, item; /* label: section, item index (the label is at that item's offset) */
    uint32_t run;       /* label: parse-time fixed-size run of its section, offset in it */
    uint64_t run_off;
    asm_expr *equ;  /* SK_EQU: the value (constants are folded to E_NUM) */
    asm_expr *size; /* .size */
    uint32_t line, col;
    uint32_t out; /* index in the unit's symbol table */
};

/* A value: k + add - sub, with add/sub labels or undefined symbols (NULL when absent). */
typedef struct asm_val {
    int64_t k;
    asm_sym *add, *sub;
} asm_val;

/* ---------------------------------------------------------------- items and sections */

enum { IT_BYTES, IT_INSN, IT_DATA, IT_ALIGN, IT_FILL, IT_ORG, IT_LI };

/* Fixups: how an item's expression goes into its bytes. */
enum {
    F_NONE,
    F_IMM,        /* a constant the row's letter takes, known only after parsing */
    F_BRANCH,     /* B-type target */
    F_JAL,        /* J-type target */
    F_RVC_BRANCH, /* c.beqz / c.bnez target (relaxable) */
    F_RVC_JUMP,   /* c.j / c.jal target (relaxable) */
    F_CALL,       /* auipc + jalr pair */
    F_CALL_PLT,
    F_PCREL_HI20,
    F_PCREL_LO12_I,
    F_PCREL_LO12_S,
    F_HI20,
    F_LO12_I,
    F_LO12_S,
    F_DATA, /* dsize bytes of data */
};

enum { IF_RELAXABLE = 1, IF_DEFERRED = 2, IF_ADDSUB = 4 };

typedef struct asm_item {
    uint64_t offset, size;
    asm_expr *expr;
    uint32_t line, col;
    uint8_t kind, fix, flags, dsize;
    union {
        struct {
            uint64_t start; /* in the section's blob */
        } bytes;
        struct {
            asm_minst m; /* row: the 32-bit form; crow: the compressed one in use, or 0 */
            uint16_t crow;
            char letter; /* F_IMM: the operand letter */
            bool cletter;
            uint8_t jrd; /* F_CALL: jalr's rd */
        } insn;
        struct {
            uint64_t align, max;
            uint8_t fill;
            bool nop, rvc;
        } align;
        struct {
            int64_t value;
            uint8_t vsize;
        } fill;
        struct {
            uint8_t rd;
            bool rvc;
        } li;
    } u;
} asm_item;

typedef struct asm_sect {
    const char *name;
    uint32_t type;
    uint64_t flags, align;
    asm_item *items;
    size_t nitems, capitems;
    rivet_buf blob;
    bool open;    /* the last item is IT_BYTES and may grow */
    uint32_t run; /* parse-time fixed-size run number and the offset in it */
    uint64_t run_off;
    uint64_t size;  /* after layout */
    uint64_t total; /* parse-time upper bound of the size (checks huge sizes early) */
    bool has_insn;  /* an instruction was emitted into it (so far) */
} asm_sect;

typedef struct asm_diag_rec {
    uint32_t line, col;
    uint32_t seq;
    char *text;
} asm_diag_rec;

/* Numeric local labels ("1:", "1b", "1f"). */
typedef struct asm_numlab {
    uint64_t num;
    asm_sym *cur, *next; /* last definition; pending forward instance */
    struct asm_numlab *hnext;
} asm_numlab;

enum { ASM_MAX_SECTIONS = 1024, ASM_MAX_NESTING = 64, ASM_MAX_INCLUDE = 16 };
/* Largest section with contents (bytes are materialised), and largest bss. */
#define ASM_MAX_PROGBITS (256ull << 20)
#define ASM_MAX_NOBITS   (1ull << 32)

typedef struct asm_ctx {
    const asm_opts *o;
    const char *file;
    const char *src;
    size_t len;
    arena ar;
    asm_sect *secs;
    size_t nsec, capsec;
    size_t cur, prev;
    size_t secstack[ASM_MAX_NESTING][2];
    size_t nsecstack;
    asm_sym **htab;
    size_t hcap, nsym;
    asm_sym **reg; /* registration order */
    size_t nreg, capreg;
    asm_numlab *numlab[256];
    bool rvc;
    bool optstack[ASM_MAX_NESTING];
    size_t noptstack;
    unsigned pcrel_n, tmp_n;
    /* diagnostics */
    asm_diag_rec *diags;
    size_t ndiag, capdiag;
    size_t nerr;
    bool too_many;
    bool oom;
    /* current statement */
    uint32_t line;
    const char *line_start;
    bool stmt_err;
    /* listing: per statement, the section and its positions before and after */
    struct asm_mark {
        uint32_t line, sec;
        uint32_t i0, i1;
        uint64_t d0, d1;
    } * marks;
    size_t nmarks, capmarks;
    bool ended;
    struct asm_toks *toks;
    const char **files; /* .file names: STT_FILE symbols */
    size_t nfiles;
    /* .include: statements are numbered by a virtual line across all the files read (line
       above); runs map it back, run k covering virtual lines from runs[k].vline on, which are
       lines runs[k].line... of runs[k].file. real_line is the line in the current file. */
    struct asm_run {
        uint32_t vline, line;
        const char *file;
    } * runs;
    size_t nruns, capruns;
    uint32_t vline, real_line;
    unsigned depth;
    const char *incstack[ASM_MAX_INCLUDE + 1]; /* the files being read, outermost first */
} asm_ctx;

/* Reads src[0..len) of file as statements (parse.c); .include calls it again. */
void asm_run_source(asm_ctx *c, const char *file, const char *src, size_t len);
/* The file and line of virtual line vline (sect.c). */
const char *asm_where(const asm_ctx *c, uint32_t vline, uint32_t *line);

/* diagnostics (parse.c) */
void asm_error_at(asm_ctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void asm_warn_at(asm_ctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* expressions (lex.c) */
/* Evaluates e. EV_FINAL: after layout (every label has its offset); otherwise label differences
   are constant only inside one fixed-size run. Returns false with *err set when the expression
   cannot be a value at all (division by zero, a non-constant operand of * etc.); *errcol is
   then the column at fault. */
enum { EV_PARSE = 0, EV_FINAL = 1, EV_NOFOLD = 2 };
/* mode EV_NOFOLD folds no label difference at all (llvm-mc's evaluateAsRelocatable without an
   assembler: the shape of a data expression, which decides ADD/SUB relocation pairs). */
bool asm_eval(asm_ctx *c, const asm_expr *e, int mode, asm_val *v, const char **err,
              uint32_t *errcol);
/* Offset of a label after layout. */
uint64_t asm_label_offset(const asm_ctx *c, const asm_sym *s);
/* add - sub folded to a constant where both are labels of one section (final) or one run. */
bool asm_val_const(const asm_ctx *c, asm_val *v, int mode);

/* ---------------------------------------------------------------- tokens (lex.c) */

enum { T_END, T_ID, T_NUM, T_LREF, T_STR, T_PUNCT };
/* Two-character operators, as T_PUNCT codes. */
enum {
    P_SHL = 'L',
    P_SHR = 'R',
    P_EQ = 'E',
    P_NE = 'N',
    P_LE = 'l',
    P_GE = 'g',
    P_LAND = 'A',
    P_LOR = 'O'
};

typedef struct asm_tok {
    uint8_t kind;
    char punct;  /* T_PUNCT */
    uint8_t dir; /* T_LREF: 'b' or 'f' */
    uint32_t col;
    const char *p; /* T_ID, T_STR (contents without quotes, escapes not decoded) */
    uint32_t n;
    uint64_t num; /* T_NUM (character literals too), T_LREF */
} asm_tok;

typedef struct asm_toks {
    asm_tok *v;
    size_t n, cap;
    size_t i; /* parse position */
} asm_toks;

/* Tokenizes one statement s[0..n) whose first byte is at column col0. Reports an error and
   returns false on a bad character, an unterminated string or a number too large. */
bool asm_tokenize(asm_ctx *c, const char *s, size_t n, uint32_t col0, asm_toks *t);
/* Parses an expression at t->i (GNU precedence); NULL after reporting an error. */
asm_expr *asm_parse_expr(asm_ctx *c, asm_toks *t);
/* The symbol named s[0..n), created (undefined) if new. */
asm_sym *asm_sym_get(asm_ctx *c, const char *s, size_t n);
/* Gives s its place in llvm-mc's registration order (the symbol table order) if it has none. */
void asm_sym_register(asm_ctx *c, asm_sym *s);
/* Registers every symbol an expression names, left to right. */
void asm_expr_register(asm_ctx *c, const asm_expr *e);
/* A temporary label at the current position of the current section ('.', .Lpcrel_hi). */
asm_sym *asm_here(asm_ctx *c, const char *name);
/* Decodes a string token's escapes into out (appended). Returns false with an error. */
bool asm_string(asm_ctx *c, const asm_tok *t, rivet_buf *out);
asm_expr *asm_expr_num(asm_ctx *c, int64_t v, uint32_t col);
/* A fresh numeric-label instance (.LtmpN). */
asm_sym *asm_numlab_new(asm_ctx *c);
/* The symbol for a reference "Nb" / "Nf" (dir 'b' / 'f'), or for a definition "N:" (dir 0). */
asm_sym *asm_numlab_ref(asm_ctx *c, uint64_t num, char dir, uint32_t col);

/* layout and output (layout.c) */
bool asm_layout(asm_ctx *c);
asm_unit *asm_build_unit(asm_ctx *c);

void *asm_alloc(asm_ctx *c, size_t n);
char *asm_strdup(asm_ctx *c, const char *s, size_t n);

#endif
