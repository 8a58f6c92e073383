/* Human-readable ABI signatures: parsing, canonical forms, selectors, JSON and the header. */
#include <ctype.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/hy_abi.h"

typedef struct lex {
    const char *s;
    size_t n, i;
} lex;

static void skip_ws(lex *l)
{
    while (l->i < l->n && isspace((unsigned char)l->s[l->i]))
        l->i++;
}

/* Reads an identifier-like word (letters, digits, _, $, and [] for array types). */
static size_t word(lex *l, char *out, size_t cap)
{
    skip_ws(l);
    size_t k = 0;
    while (l->i < l->n) {
        char c = l->s[l->i];
        if (!(isalnum((unsigned char)c) || c == '_' || c == '$' || c == '[' || c == ']')) break;
        if (k + 1 >= cap) return 0;
        out[k++] = c;
        l->i++;
    }
    out[k] = 0;
    return k;
}

static int eat(lex *l, char c)
{
    skip_ws(l);
    if (l->i < l->n && l->s[l->i] == c) {
        l->i++;
        return 1;
    }
    return 0;
}

static rivet_status fail_at(const lex *l, rivet_diag *d, const char *what)
{
    return rivet_fail(d, RIVET_EINVALID, l->i, "abi: %s at column %zu", what, l->i + 1);
}

/* The canonical spelling of a type: uint -> uint256, int -> int256, byte -> bytes1. */
static int canon_type(const char *t, char *out, size_t cap)
{
    const char *base_end = t;
    while (*base_end && *base_end != '[')
        base_end++;
    char base[32];
    size_t bl = (size_t)(base_end - t);
    if (bl == 0 || bl >= sizeof base) return 0;
    memcpy(base, t, bl);
    base[bl] = 0;
    const char *fixed = !strcmp(base, "uint")   ? "uint256"
                        : !strcmp(base, "int")  ? "int256"
                        : !strcmp(base, "byte") ? "bytes1"
                                                : NULL;
    if (!fixed) {
        static const char *known[] = {"address", "bool", "string", "bytes"};
        int ok = 0;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            ok |= !strcmp(base, known[i]);
        unsigned bits = 0;
        char tail = 0;
        if (sscanf(base, "uint%u%c", &bits, &tail) == 1 ||
            sscanf(base, "int%u%c", &bits, &tail) == 1)
            ok = bits >= 8 && bits <= 256 && bits % 8 == 0;
        else if (sscanf(base, "bytes%u%c", &bits, &tail) == 1)
            ok = bits >= 1 && bits <= 32;
        if (!ok) return 0;
        fixed = base;
    }
    int n = snprintf(out, cap, "%s%s", fixed, base_end);
    for (const char *p = base_end; *p; p++) /* only [] or [N] suffixes */
        if (*p != '[' && *p != ']' && !isdigit((unsigned char)*p)) return 0;
    return n > 0 && (size_t)n < cap;
}

static rivet_status params(lex *l, hy_abi_param *ps, int *np, int allow_indexed, rivet_diag *d)
{
    *np = 0;
    if (!eat(l, '(')) return fail_at(l, d, "expected '('");
    if (eat(l, ')')) return RIVET_OK;
    for (;;) {
        if (*np == HY_ABI_MAX_PARAMS) return fail_at(l, d, "too many parameters");
        hy_abi_param *p = &ps[(*np)++];
        memset(p, 0, sizeof *p);
        char t[32], w[HY_ABI_NAME];
        if (!word(l, t, sizeof t) || !canon_type(t, p->type, sizeof p->type))
            return fail_at(l, d, "unknown type");
        size_t save = l->i;
        if (word(l, w, sizeof w)) {
            if (!strcmp(w, "indexed") && allow_indexed) {
                p->indexed = 1;
                if (!word(l, w, sizeof w)) w[0] = 0;
            } else if (!strcmp(w, "memory") || !strcmp(w, "calldata")) {
                if (!word(l, w, sizeof w)) w[0] = 0;
            }
            snprintf(p->name, sizeof p->name, "%s", w);
        } else {
            l->i = save;
        }
        if (eat(l, ')')) return RIVET_OK;
        if (!eat(l, ',')) return fail_at(l, d, "expected ',' or ')'");
    }
}

rivet_status hy_abi_parse(const char *sig, size_t len, hy_abi_item *it, rivet_diag *d)
{
    memset(it, 0, sizeof *it);
    lex l = {sig, len, 0};
    char w[HY_ABI_NAME];
    if (!word(&l, w, sizeof w)) return fail_at(&l, d, "expected a keyword");
    if (!strcmp(w, "constructor")) {
        it->kind = HY_ABI_CONSTRUCTOR;
    } else {
        it->kind = !strcmp(w, "function") ? HY_ABI_FUNCTION
                   : !strcmp(w, "event")  ? HY_ABI_EVENT
                   : !strcmp(w, "error")  ? HY_ABI_ERROR
                                          : (hy_abi_kind)-1;
        if ((int)it->kind < 0)
            return fail_at(&l, d, "expected function, event, error or constructor");
        if (!word(&l, it->name, sizeof it->name) || isdigit((unsigned char)it->name[0]))
            return fail_at(&l, d, "expected a name");
    }
    rivet_status st = params(&l, it->in, &it->nin, it->kind == HY_ABI_EVENT, d);
    if (st != RIVET_OK) return st;
    snprintf(it->mutability, sizeof it->mutability, "nonpayable");
    for (;;) {
        size_t save = l.i;
        if (!word(&l, w, sizeof w)) {
            l.i = save;
            break;
        }
        if (!strcmp(w, "view") || !strcmp(w, "pure") || !strcmp(w, "payable") ||
            !strcmp(w, "nonpayable"))
            snprintf(it->mutability, sizeof it->mutability, "%.11s", w);
        else if (!strcmp(w, "external") || !strcmp(w, "public"))
            ;
        else if (!strcmp(w, "returns") && it->kind == HY_ABI_FUNCTION) {
            if ((st = params(&l, it->out, &it->nout, 0, d)) != RIVET_OK) return st;
        } else
            return fail_at(&l, d, "unexpected word");
    }
    skip_ws(&l);
    if (l.i != l.n) return fail_at(&l, d, "unexpected character");
    size_t k = (size_t)snprintf(it->canonical, sizeof it->canonical, "%s(",
                                it->kind == HY_ABI_CONSTRUCTOR ? "constructor" : it->name);
    for (int i = 0; i < it->nin && k < sizeof it->canonical; i++)
        k += (size_t)snprintf(it->canonical + k, sizeof it->canonical - k, "%s%s", i ? "," : "",
                              it->in[i].type);
    if (k + 2 > sizeof it->canonical) return fail_at(&l, d, "signature too long");
    it->canonical[k++] = ')';
    it->canonical[k] = 0;
    crypto_keccak256(it->hash, it->canonical, k);
    return RIVET_OK;
}

static const char *kind_name(hy_abi_kind k)
{
    return k == HY_ABI_FUNCTION ? "function"
           : k == HY_ABI_EVENT  ? "event"
           : k == HY_ABI_ERROR  ? "error"
                                : "constructor";
}

static void json_params(FILE *o, const hy_abi_param *ps, int n, int events)
{
    fputc('[', o);
    for (int i = 0; i < n; i++) {
        fprintf(o, "%s{\"name\":\"%s\",\"type\":\"%s\"", i ? "," : "", ps[i].name, ps[i].type);
        if (events) fprintf(o, ",\"indexed\":%s", ps[i].indexed ? "true" : "false");
        fputc('}', o);
    }
    fputc(']', o);
}

void hy_abi_json(FILE *o, const hy_abi_item *items, size_t n)
{
    fputs("[\n", o);
    size_t last = n;
    while (last > 0 && items[last - 1].external)
        last--;
    for (size_t i = 0; i < n; i++) {
        const hy_abi_item *it = &items[i];
        if (it->external) continue;
        fprintf(o, "  {\"type\":\"%s\"", kind_name(it->kind));
        if (it->kind != HY_ABI_CONSTRUCTOR) fprintf(o, ",\"name\":\"%s\"", it->name);
        fputs(",\"inputs\":", o);
        json_params(o, it->in, it->nin, it->kind == HY_ABI_EVENT);
        if (it->kind == HY_ABI_FUNCTION) {
            fputs(",\"outputs\":", o);
            json_params(o, it->out, it->nout, 0);
        }
        if (it->kind == HY_ABI_FUNCTION || it->kind == HY_ABI_CONSTRUCTOR)
            fprintf(o, ",\"stateMutability\":\"%s\"", it->mutability);
        if (it->kind == HY_ABI_EVENT) fputs(",\"anonymous\":false", o);
        fprintf(o, "}%s\n", i + 1 < last ? "," : "");
    }
    fputs("]\n", o);
}
