/* The header `rivet build` writes for a C contract: selectors (RIVET_SEL_*), event topics
   (RIVET_TOPIC_*) and, for each function of another contract declared with RIVET_CALLS, a
   typed call rivet_call_<name>(address, arguments..., results...) over the SDK's encoder and
   decoder (guest/sdk/rivet_codec.h). Overloaded names get their parameter types appended:
   RIVET_SEL_safeTransferFrom_address_address_uint256_bytes. */
#include <stdbool.h>
#include <string.h>

#include "rivet/hy_abi.h"

/* How a type crosses into C. WORD: one 32-byte word (uintN, intN, bool, bytesN); ADDR: an
   address; BYTES: bytes and string; WORDS / ADDRS: arrays of 32-byte words or addresses. */
typedef enum { CT_WORD, CT_ADDR, CT_BYTES, CT_WORDS, CT_ADDRS, CT_NONE } ctype;

static ctype c_type(const char *t)
{
    size_t n = strlen(t);
    bool arr = n > 2 && !strcmp(t + n - 2, "[]");
    char base[32];
    snprintf(base, sizeof base, "%.*s", (int)(arr ? n - 2 : n), t);
    if (strchr(base, '[')) return CT_NONE; /* fixed or nested arrays */
    bool dyn = !strcmp(base, "bytes") || !strcmp(base, "string");
    if (arr) return dyn ? CT_NONE : !strcmp(base, "address") ? CT_ADDRS : CT_WORDS;
    return dyn ? CT_BYTES : !strcmp(base, "address") ? CT_ADDR : CT_WORD;
}

/* The byte range [*lo, *hi) of a clean word of a WORD type that must be zero, and whether it
   is a bool (last byte 0 or 1). intN is not checked (its clean form is a sign extension). */
static bool clean_range(const char *t, unsigned *lo, unsigned *hi)
{
    unsigned bits = 0;
    *lo = *hi = 0;
    if (!strcmp(t, "bool"))
        *hi = 31;
    else if (sscanf(t, "uint%u", &bits) == 1)
        *hi = 32 - bits / 8;
    else if (sscanf(t, "bytes%u", &bits) == 1)
        *lo = bits, *hi = 32;
    return !strcmp(t, "bool");
}

static bool overloaded(const hy_abi_item *items, size_t n, size_t i)
{
    for (size_t j = 0; j < n; j++)
        if (j != i && items[j].kind != HY_ABI_EVENT && items[j].kind != HY_ABI_CONSTRUCTOR &&
            !strcmp(items[j].name, items[i].name))
            return true;
    return false;
}

/* The C name of item i: its name, with its parameter types when the name is overloaded. */
static void c_name(const hy_abi_item *items, size_t n, size_t i, char *out, size_t cap)
{
    const hy_abi_item *it = &items[i];
    size_t k = (size_t)snprintf(out, cap, "%s", it->name);
    for (int p = 0; overloaded(items, n, i) && p < it->nin && k < cap; p++)
        k += (size_t)snprintf(out + k, cap - k, "_%s", it->in[p].type);
    for (char *c = out; *c; c++)
        if (*c == '[' || *c == ']') *c = '_';
}

static void param_name(FILE *o, const char *prefix, const hy_abi_param *p, int i)
{
    if (p->name[0])
        fprintf(o, "%s%s", prefix, p->name);
    else
        fprintf(o, "%s%d", prefix, i);
}

static bool callable(const hy_abi_item *it)
{
    for (int i = 0; i < it->nin; i++)
        if (c_type(it->in[i].type) == CT_NONE) return false;
    for (int i = 0; i < it->nout; i++)
        if (c_type(it->out[i].type) == CT_NONE) return false;
    return true;
}

static void call_signature(FILE *o, const hy_abi_item *it, const char *cname, bool payable)
{
    static const char *const in_decl[] = {"const rv_word *", "const rv_addr *", "const void *",
                                          "const rv_word *", "const rv_addr *"};
    static const char *const out_decl[] = {"rv_word *", "rv_addr *", "void *", "rv_word *",
                                           "rv_addr *"};
    fprintf(o, "static inline int rivet_call_%s(const rv_addr *addr%s", cname,
            payable ? ", const rv_word *value" : "");
    for (int i = 0; i < it->nin; i++) {
        ctype c = c_type(it->in[i].type);
        fprintf(o, ", %s", in_decl[c]);
        param_name(o, "p_", &it->in[i], i);
        if (c >= CT_BYTES) {
            fputs(", uint64_t ", o);
            param_name(o, "n_", &it->in[i], i);
        }
    }
    for (int i = 0; i < it->nout; i++) {
        ctype c = c_type(it->out[i].type);
        fprintf(o, ", %s", out_decl[c]);
        param_name(o, "r_", &it->out[i], i);
        if (c >= CT_BYTES) {
            fputs(", uint64_t ", o);
            param_name(o, "cap_", &it->out[i], i);
            fputs(", uint64_t *", o);
            param_name(o, "n_", &it->out[i], i);
        }
    }
    fputs(")\n", o);
}

static void call_body(FILE *o, const hy_abi_item *it, const char *cname, bool payable)
{
    static const char *const enc[] = {"word", "addr", "bytes", "words", "addrs"};
    static const char *const dec[] = {"word", "addr", "bytes", "words", "addrs"};
    bool is_static = !strcmp(it->mutability, "view") || !strcmp(it->mutability, "pure");
    int ndyn = 0;
    fputs("{\n    uint8_t *mark = rv_heap_mark();\n    uint64_t size = rv_enc_size(", o);
    fprintf(o, "%d, 0", it->nin);
    for (int i = 0; i < it->nin; i++) {
        ctype c = c_type(it->in[i].type);
        if (c < CT_BYTES) continue;
        ndyn++;
        fputs(c == CT_BYTES ? " + " : " + 32 * ", o);
        param_name(o, "n_", &it->in[i], i);
    }
    fprintf(o,
            ", %d);\n    rv_enc e;\n    rv_dec d;\n"
            "    rv_enc_init(&e, rv_alloc(size), size, 1, RIVET_SEL_%s, %d);\n",
            ndyn, cname, it->nin);
    for (int i = 0; i < it->nin; i++) {
        ctype c = c_type(it->in[i].type);
        fprintf(o, "    rv_enc_%s(&e, ", enc[c]);
        param_name(o, "p_", &it->in[i], i);
        if (c >= CT_BYTES) {
            fputs(", ", o);
            param_name(o, "n_", &it->in[i], i);
        }
        fputs(");\n", o);
    }
    fprintf(o, "    int ok = rv_call_enc(addr, %d, %s, &e, &d);\n    if (ok && !(1", is_static,
            payable ? "value" : "0");
    for (int i = 0; i < it->nout; i++) {
        ctype c = c_type(it->out[i].type);
        fprintf(o, " &&\n          rv_dec_%s(&d, %d, ", dec[c], i);
        param_name(o, "r_", &it->out[i], i);
        if (c >= CT_BYTES) {
            fputs(", ", o);
            param_name(o, "cap_", &it->out[i], i);
            fputs(", ", o);
            param_name(o, "n_", &it->out[i], i);
        }
        fputc(')', o);
        unsigned lo, hi;
        bool is_bool = c == CT_WORD && clean_range(it->out[i].type, &lo, &hi);
        if (c == CT_WORD && hi > lo) {
            fputs(" && rv_zero_range(", o);
            param_name(o, "r_", &it->out[i], i);
            fprintf(o, ", %u, %u)", lo, hi);
        }
        if (is_bool) {
            fputs(" && ", o);
            param_name(o, "r_", &it->out[i], i);
            fputs("->b[31] <= 1", o);
        }
    }
    fputs("))\n        ok = -1;\n    rv_heap_release(mark);\n    return ok;\n}\n", o);
}

void hy_abi_header(FILE *o, const hy_abi_item *items, size_t n, const char *guard)
{
    fprintf(o,
            "/* Generated by `rivet build` from the contract's RIVET_METHOD/EVENT/ERROR/CALLS\n"
            "   declarations: selectors, event topics and typed calls. Do not edit. */\n"
            "#ifndef %s\n#define %s\n\n#include \"rivet.h\"\n\n",
            guard, guard);
    char cname[HY_ABI_NAME + 16 * 34];
    for (size_t i = 0; i < n; i++) {
        const hy_abi_item *it = &items[i];
        const uint8_t *h = it->hash;
        c_name(items, n, i, cname, sizeof cname);
        if (it->kind == HY_ABI_FUNCTION || it->kind == HY_ABI_ERROR)
            fprintf(o, "#define RIVET_SEL_%s 0x%02x%02x%02x%02xu /* %s */\n", cname, h[0], h[1],
                    h[2], h[3], it->canonical);
        else if (it->kind == HY_ABI_EVENT) {
            fprintf(o, "#define RIVET_TOPIC_%s {{", cname);
            for (int k = 0; k < 32; k++)
                fprintf(o, "%s0x%02x", k ? "," : "", h[k]);
            fprintf(o, "}} /* %s */\n", it->canonical);
        }
    }
    for (size_t i = 0; i < n; i++) {
        const hy_abi_item *it = &items[i];
        if (!it->external || it->kind != HY_ABI_FUNCTION) continue;
        c_name(items, n, i, cname, sizeof cname);
        if (!callable(it)) {
            fprintf(o, "\n/* %s: no typed call (fixed-size or nested arrays) */\n", it->canonical);
            continue;
        }
        bool payable = !strcmp(it->mutability, "payable");
        fprintf(o,
                "\n/* %s: 1 success (results decoded), 0 the call failed or reverted (its\n"
                "   return data are the last call's), -1 results that do not decode */\n",
                it->canonical);
        call_signature(o, it, cname, payable);
        call_body(o, it, cname, payable);
    }
    fprintf(o, "\n#endif\n");
}
