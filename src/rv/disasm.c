/* Disassembler: prints a decoded instruction by walking its row's operand letters, in
   llvm-objdump's no-aliases syntax (ABI register names, decimal immediates, absolute targets). */
#include <stdarg.h>
#include <stdio.h>

#include "rv/rv_internal.h"

static const char *const xname[33] = {"zero", "ra", "sp", "gp", "tp", "t0",  "t1", "t2", "s0",
                                      "s1",   "a0", "a1", "a2", "a3", "a4",  "a5", "a6", "a7",
                                      "s2",   "s3", "s4", "s5", "s6", "s7",  "s8", "s9", "s10",
                                      "s11",  "t3", "t4", "t5", "t6", "zero"};
static const char *const fname[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                      "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                      "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                      "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
static const char *const rmname[8] = {"rne", "rtz", "rdn", "rup", "rmm", "frm5", "frm6", "dyn"};

static const char *csr_name(unsigned csr)
{
    switch (csr) {
    case 0x001: return "fflags";
    case 0x002: return "frm";
    case 0x003: return "fcsr";
    case 0xc00: return "cycle";
    case 0xc01: return "time";
    case 0xc02: return "instret";
    case 0xc80: return "cycleh";
    case 0xc81: return "timeh";
    case 0xc82: return "instreth";
    default: return NULL;
    }
}

struct out {
    char *p;
    size_t cap, n;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k =
        vsnprintf(o->n < o->cap ? o->p + o->n : NULL, o->n < o->cap ? o->cap - o->n : 0, fmt, ap);
    va_end(ap);
    if (k > 0) o->n += (size_t)k;
}

static void fence_set(struct out *o, unsigned s)
{
    if (!s) {
        put(o, "0");
        return;
    }
    static const char letters[] = "iorw";
    for (int i = 0; i < 4; i++)
        if (s & (8u >> i)) put(o, "%c", letters[i]);
}

static uint64_t target(const rv_insn *in, uint64_t pc)
{
    return pc + (uint64_t)(int64_t)in->imm;
}

size_t rv_disasm(const rv_insn *in, uint64_t pc, char *out, size_t cap)
{
    struct out o = {out, cap, 0};
    if (cap) out[0] = 0;
    if (in->id == RV_INSN_ILLEGAL || in->id >= RV_I_COUNT) {
        put(&o, "<unknown>");
        return o.n < cap ? o.n : cap ? cap - 1 : 0;
    }
    const rv_insn_desc *r = &rv_insn_table[in->id];
    put(&o, "%s", r->name);
    if (r->ext & RV_EXT_A) put(&o, "%s", (const char *[]){"", ".rl", ".aq", ".aqrl"}[in->rm & 3]);
    unsigned rd = in->rd == 32 ? 0 : in->rd;
    bool first = true;
    for (const char *p = r->operands; *p;) {
        /* one comma-separated token */
        size_t before = o.n;
        if (first)
            put(&o, " ");
        else
            put(&o, ", ");
        size_t mark = o.n;
        for (; *p && *p != ','; p++) {
            char c = *p;
            if (c == 'C') {
                c = *++p;
                switch (c) {
                case 'd':
                case 'w':
                case 'e':
                case '1':
                case '4':
                case 'y': put(&o, "%s", xname[rd]); break;
                case 's':
                case '2':
                case 'x': put(&o, "%s", xname[in->rs1]); break;
                case 't':
                case 'k':
                case '3': put(&o, "%s", xname[in->rs2]); break;
                case 'T':
                case '6': put(&o, "%s", fname[in->rs2]); break;
                case 'D':
                case '5': put(&o, "%s", fname[in->rd]); break;
                case 'u': put(&o, "%u", ((uint32_t)in->imm >> 12) & 0xfffff); break;
                case 'p':
                case 'a': put(&o, "0x%llx", (unsigned long long)target(in, pc)); break;
                case 'r': break;
                default: put(&o, "%d", in->imm); break;
                }
                continue;
            }
            switch (c) {
            case 'd': put(&o, "%s", xname[rd]); break;
            case 's': put(&o, "%s", xname[in->rs1]); break;
            case 't': put(&o, "%s", xname[in->rs2]); break;
            case 'D': put(&o, "%s", fname[in->rd]); break;
            case 'S': put(&o, "%s", fname[in->rs1]); break;
            case 'T': put(&o, "%s", fname[in->rs2]); break;
            case 'R': put(&o, "%s", fname[in->rs3]); break;
            case 'u': put(&o, "%u", ((uint32_t)in->imm >> 12) & 0xfffff); break;
            case 'p':
            case 'a': put(&o, "0x%llx", (unsigned long long)target(in, pc)); break;
            case 'E': {
                const char *n = csr_name(in->csr);
                if (n)
                    put(&o, "%s", n);
                else
                    put(&o, "%u", in->csr);
                break;
            }
            case 'm': put(&o, "%s", rmname[in->rm & 7]); break;
            case 'P': fence_set(&o, in->rm >> 4); break;
            case 'Q': fence_set(&o, in->rm & 15); break;
            case 'j':
            case 'o':
            case 'q':
            case '>':
            case '<':
            case 'Z': put(&o, "%d", in->imm); break;
            default: put(&o, "%c", c); break;
            }
        }
        if (o.n == mark) /* token printed nothing (implicit operand): drop its separator */
            o.n = before;
        else
            first = false;
        if (*p == ',') p++;
        if (o.n < cap) out[o.n] = 0;
    }
    if (o.n >= cap && cap) out[cap - 1] = 0;
    return o.n < cap ? o.n : cap ? cap - 1 : 0;
}
