/* Tokens, symbols and expressions: GNU-as (llvm-mc) literals and operator precedence, values
   of the form constant + symbol - symbol, evaluated at parse time (constants and label
   differences inside a fixed-size run) or after layout. */
#include <stdio.h>
#include <stdlib.h>

#include "rvasm/rvasm_internal.h"

void *asm_alloc(asm_ctx *c, size_t n)
{
    void *p = arena_calloc(&c->ar, n ? n : 1, 8);
    if (!p) c->oom = true;
    return p;
}

char *asm_strdup(asm_ctx *c, const char *s, size_t n)
{
    char *p = arena_alloc(&c->ar, n + 1, 1);
    if (!p) {
        c->oom = true;
        return NULL;
    }
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* ---------------------------------------------------------------- tokenizer */

static bool ident_start(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.' ||
           ch == '$';
}

static bool ident_char(int ch)
{
    return ident_start(ch) || (ch >= '0' && ch <= '9');
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static bool push_tok(asm_ctx *c, asm_toks *t, asm_tok tok)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        asm_tok *v = realloc(t->v, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return false;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = tok;
    return true;
}

/* One escape sequence after a backslash at s[*i] (s[*i] is the character after '\').
   Returns the byte, or -1 with *msg set. */
static int escape(const char *s, size_t n, size_t *i, const char **msg)
{
    char ch = s[*i];
    switch (ch) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    case 'a': return '\a';
    case 'e': return 27;
    case '"': return '"';
    case '\'': return '\'';
    case '\\': return '\\';
    case 'x':
    case 'X': {
        if (*i + 1 >= n || hexval((unsigned char)s[*i + 1]) < 0) {
            *msg = "invalid hexadecimal escape sequence";
            return -1;
        }
        unsigned v = 0;
        while (*i + 1 < n && hexval((unsigned char)s[*i + 1]) >= 0)
            v = v * 16 + (unsigned)hexval((unsigned char)s[++*i]);
        return (int)(v & 0xff);
    }
    default:
        if (ch >= '0' && ch <= '7') {
            unsigned v = (unsigned)(ch - '0');
            for (int k = 0; k < 2 && *i + 1 < n && s[*i + 1] >= '0' && s[*i + 1] <= '7'; k++)
                v = v * 8 + (unsigned)(s[++*i] - '0');
            if (v > 255) {
                *msg = "invalid octal escape sequence (out of range)";
                return -1;
            }
            return (int)v;
        }
        *msg = "invalid escape sequence (unrecognized character)";
        return -1;
    }
}

/* Parses an integer literal at s[*i]; sets *tok. */
static bool lex_number(asm_ctx *c, const char *s, size_t n, size_t *i, uint32_t col0, asm_tok *tok)
{
    size_t st = *i, j = st;
    uint64_t v = 0;
    bool overflow = false;
    int base = 10;
    if (s[j] == '0' && j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X')) {
        base = 16;
        j += 2;
    } else if (s[j] == '0' && j + 1 < n && (s[j + 1] == 'b' || s[j + 1] == 'B') && j + 2 < n &&
               (s[j + 2] == '0' || s[j + 2] == '1')) {
        base = 2;
        j += 2;
    } else if (s[j] == '0' && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9') {
        base = 8;
        j += 1;
    }
    size_t digits = j;
    /* local label reference: decimal digits then 'b' or 'f' */
    if (base == 10 || base == 8) {
        size_t k = st;
        while (k < n && s[k] >= '0' && s[k] <= '9')
            k++;
        if (k < n && (s[k] == 'b' || s[k] == 'f') &&
            (k + 1 >= n || !ident_char((unsigned char)s[k + 1]))) {
            uint64_t lv = 0;
            for (size_t q = st; q < k; q++) {
                if (lv > (UINT64_MAX - 9) / 10) overflow = true;
                lv = lv * 10 + (uint64_t)(s[q] - '0');
            }
            if (overflow) {
                asm_error_at(c, c->line, col0 + (uint32_t)st, "local label number too large");
                return false;
            }
            tok->kind = T_LREF;
            tok->num = lv;
            tok->dir = (uint8_t)s[k];
            tok->p = s + st;
            tok->n = (uint32_t)(k + 1 - st);
            *i = k + 1;
            return true;
        }
    }
    while (j < n) {
        int d = hexval((unsigned char)s[j]);
        if (d < 0 || d >= base) break;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) overflow = true;
        v = v * (uint64_t)base + (uint64_t)d;
        j++;
    }
    if (j == digits && base == 16) {
        asm_error_at(c, c->line, col0 + (uint32_t)st, "invalid hexadecimal number");
        return false;
    }
    if (j < n && ident_char((unsigned char)s[j])) {
        asm_error_at(c, c->line, col0 + (uint32_t)st, "invalid %s number",
                     base == 16  ? "hexadecimal"
                     : base == 2 ? "binary"
                     : base == 8 ? "octal"
                                 : "decimal");
        return false;
    }
    if (overflow) {
        asm_error_at(c, c->line, col0 + (uint32_t)st,
                     "integer literal too large (more than 64 bits)");
        return false;
    }
    tok->kind = T_NUM;
    tok->num = v;
    tok->p = s + st;
    tok->n = (uint32_t)(j - st);
    *i = j;
    return true;
}

/* A character literal at s[*i] ('a', '\n'): a T_NUM. */
static bool lex_char(asm_ctx *c, const char *s, size_t n, size_t *i, asm_tok *tok)
{
    size_t j = *i + 1;
    int v = -1;
    const char *msg = "unterminated character literal";
    if (j < n && s[j] == '\\') {
        j++;
        if (j < n) v = escape(s, n, &j, &msg);
    } else if (j < n)
        v = (unsigned char)s[j];
    if (v >= 0 && (++j >= n || s[j] != '\'')) {
        msg = "character literal must be one character between single quotes";
        v = -1;
    }
    if (v < 0) {
        asm_error_at(c, c->line, tok->col, "%s", msg);
        return false;
    }
    tok->kind = T_NUM;
    tok->num = (uint64_t)v;
    tok->p = s + *i;
    tok->n = (uint32_t)(j + 1 - *i);
    *i = j + 1;
    return true;
}

/* A string literal at s[*i]: a T_STR of its raw contents (escapes decoded by asm_string). */
static bool lex_string(asm_ctx *c, const char *s, size_t n, size_t *i, asm_tok *tok)
{
    size_t j = *i + 1;
    while (j < n && s[j] != '"') {
        if (s[j] == '\\') j++;
        j++;
    }
    if (j >= n) {
        asm_error_at(c, c->line, tok->col, "unterminated string");
        return false;
    }
    tok->kind = T_STR;
    tok->p = s + *i + 1;
    tok->n = (uint32_t)(j - *i - 1);
    *i = j + 1;
    return true;
}

/* An operator or punctuation at s[*i] (two-character operators first). */
static bool lex_punct(asm_ctx *c, const char *s, size_t n, size_t *i, asm_tok *tok)
{
    static const struct {
        char a, b, code;
    } two[] = {{'<', '<', P_SHL},  {'>', '>', P_SHR}, {'=', '=', P_EQ},
               {'!', '=', P_NE},   {'<', '=', P_LE},  {'>', '=', P_GE},
               {'&', '&', P_LAND}, {'|', '|', P_LOR}, {'<', '>', P_NE}};
    unsigned char ch = (unsigned char)s[*i];
    tok->kind = T_PUNCT;
    tok->p = s + *i;
    tok->n = 1;
    tok->punct = (char)ch;
    for (size_t k = 0; k < sizeof two / sizeof two[0] && *i + 1 < n; k++)
        if (s[*i] == two[k].a && s[*i + 1] == two[k].b) {
            tok->punct = two[k].code;
            tok->n = 2;
            *i += 2;
            return true;
        }
    if (!ch || !strchr("+-*/%&|^~!(),:=@<>[]{}", ch)) {
        if (ch >= 0x20 && ch < 0x7f)
            asm_error_at(c, c->line, tok->col, "invalid character '%c'", ch);
        else
            asm_error_at(c, c->line, tok->col, "invalid character (byte 0x%02x)", ch);
        return false;
    }
    *i += 1;
    return true;
}

bool asm_tokenize(asm_ctx *c, const char *s, size_t n, uint32_t col0, asm_toks *t)
{
    t->n = 0;
    t->i = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
            i++;
            continue;
        }
        asm_tok tok;
        memset(&tok, 0, sizeof tok);
        tok.col = col0 + (uint32_t)i;
        bool ok = true;
        if (ident_start(ch)) {
            size_t j = i + 1;
            while (j < n && ident_char((unsigned char)s[j]))
                j++;
            tok.kind = T_ID;
            tok.p = s + i;
            tok.n = (uint32_t)(j - i);
            i = j;
        } else if (ch >= '0' && ch <= '9')
            ok = lex_number(c, s, n, &i, col0, &tok);
        else if (ch == '\'')
            ok = lex_char(c, s, n, &i, &tok);
        else if (ch == '"')
            ok = lex_string(c, s, n, &i, &tok);
        else
            ok = lex_punct(c, s, n, &i, &tok);
        if (!ok || !push_tok(c, t, tok)) return false;
    }
    asm_tok end;
    memset(&end, 0, sizeof end);
    end.kind = T_END;
    end.col = col0 + (uint32_t)n;
    return push_tok(c, t, end);
}

bool asm_string(asm_ctx *c, const asm_tok *t, rivet_buf *out)
{
    const char *s = t->p;
    size_t n = t->n;
    for (size_t i = 0; i < n; i++) {
        int ch = (unsigned char)s[i];
        if (ch == '\\') {
            size_t at = i;
            i++;
            const char *msg = NULL;
            ch = i < n ? escape(s, n, &i, &msg) : -1;
            if (ch < 0) {
                asm_error_at(c, c->line, t->col + 1 + (uint32_t)at, "%s",
                             msg ? msg : "invalid escape sequence");
                return false;
            }
        }
        if (buf_push(out, (uint8_t)ch)) {
            c->oom = true;
            return false;
        }
    }
    return true;
}
