/* Traces of a RISC-V frame's ecalls (hy_options.trace_ecalls, with a tracer in the host): one
   JSON line per ecall in the EVM's EIP-3155 vocabulary, so that tools reading the EVM's lines
   (rivet evm --trace, the node's struct logs and callTracer) read these too:

     {"vm":"riscv","pc":P,"op":N,"gas":"0x..","gasCost":"0x..","insns":I,"stack":[..],
      "depth":D,"refund":R,"opName":"SSTORE"[,"result":"0x.."][,"data"|"input"|"output":"0x.."]
      [,"callGas":"0x.."][,"error":".."]}

   pc is the RISC-V pc of the ecall, gas what the frame had at it (its basic block charged),
   gasCost what the ecall took (for a call or create: up to the child's start, the gas it
   forwarded included, as geth counts it), insns the instructions the frame ran so far. The stack
   holds the operands the ecall read, as the EVM's stack would hold those of the opcode it mirrors
   (top last): the ABI's argument order is the EVM's operand order (HY_ECALL_LIST), 32-byte and
   20-byte arguments are read through their pointers, result pointers are left out, and memory
   arguments are (guest address, length). result: the value the ecall produced (a word, an
   address or a0). A call or create's line is written before the child runs and followed,
   after the child's lines, by {"vm":"riscv","ret":true,...,"ok":0|1,"gasUsed":..,"output":..,
   "address":..}. Guest memory is read here without mapping pages or charging gas. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

static const char *const ecall_args[256] = {
#define X(n, name, args) [n] = args,
    HY_ECALL_LIST(X)
#undef X
};

/* Guest [a, a+len) as it reads now, without touching it (an untouched page reads as the
   image or zeros); false outside the address space. */
static bool peek(const hy_frame *f, uint64_t a, uint8_t *dst, uint64_t len)
{
    if (a < HY_CODE_BASE || a >= HY_MEM_SIZE || len > HY_MEM_SIZE - a) return false;
    while (len) {
        uint64_t in = HY_PAGE - (a & (HY_PAGE - 1)), n = in < len ? in : len;
        uintptr_t e = f->pt[a >> 12];
        if (e)
            memcpy(dst, (const uint8_t *)(e & ~(uintptr_t)HY_PT_W) + (a & (HY_PAGE - 1)), n);
        else if (a + n <= f->p->image_end)
            memcpy(dst, f->p->image + (a - HY_CODE_BASE), n);
        else
            memset(dst, 0, n);
        a += n;
        dst += n;
        len -= n;
    }
    return true;
}

/* A big-endian number of n bytes as a minimal 0x-hex quantity (the EIP-3155 stack form). */
static int put_word(char *o, size_t cap, const uint8_t *b, size_t n)
{
    size_t i = 0;
    while (i + 1 < n && !b[i])
        i++;
    int k = snprintf(o, cap, "\"0x%x", b[i]);
    for (i++; i < n && k > 0 && (size_t)k < cap; i++)
        k += snprintf(o + k, cap - (size_t)k, "%02x", b[i]);
    if (k > 0 && (size_t)k < cap) k += snprintf(o + k, cap - (size_t)k, "\"");
    return k;
}

/* Appends item to the JSON array text in t->stack in front (the stack's top is last). */
static void push_front(hy_tline *t, const char *item)
{
    size_t have = strlen(t->stack), n = strlen(item);
    if (have + n + 2 >= sizeof t->stack) return;
    memmove(t->stack + n + (have ? 1 : 0), t->stack, have + 1);
    memcpy(t->stack, item, n);
    if (have) t->stack[n] = ',';
}

bool hy_trace_begin(hy_frame *f, hy_tline *t)
{
    uint64_t n = f->x[17];
    if (n > 0xff || !ecall_args[n] || !evm_opcode_info((uint8_t)n, f->ctx.h->fork).name)
        return false;
    t->op = (uint8_t)n;
    t->written = false;
    t->gas0 = hy_gas(f);
    t->stack[0] = 0;
    const char *p = ecall_args[n];
    for (unsigned i = 0; *p && *p != '-' && i < 6; i++) { /* up to "-> results" */
        size_t len = strcspn(p, ", ");
        char arg[32], item[80];
        snprintf(arg, sizeof arg, "%.*s", (int)len, p);
        p += len;
        p += strspn(p, ", ");
        if (!strncmp(arg, "out", 3)) continue;
        uint64_t a = f->x[10 + i];
        int words = !strncmp(arg, "topics32[", 9) ? atoi(arg + 9) : 1;
        size_t al = strlen(arg), size = al > 2 && !strcmp(arg + al - 2, "32")   ? 32
                                        : al > 2 && !strcmp(arg + al - 2, "20") ? 20
                                        : strchr(arg, '[')                      ? 32
                                                                                : 0;
        for (int w = 0; w < words && w < 4; w++) {
            uint8_t b[32];
            if (size && !peek(f, a + 32 * (uint64_t)w, b, size)) {
                snprintf(item, sizeof item, "\"fault\"");
            } else if (size) {
                put_word(item, sizeof item, b, size);
            } else {
                snprintf(item, sizeof item, "\"0x%" PRIx64 "\"", a);
            }
            push_front(t, item);
        }
    }
    return true;
}

static void hex_field(FILE *o, const char *name, const uint8_t *b, size_t n)
{
    fprintf(o, ",\"%s\":\"0x", name);
    for (size_t i = 0; i < n; i++)
        fprintf(o, "%02x", b[i]);
    fputc('"', o);
}

/* guest [a, a+len) as a hex field (empty when it cannot be read) */
static void guest_field(FILE *o, const hy_frame *f, const char *name, uint64_t a, uint64_t len)
{
    uint8_t *b = len && len <= HY_MEM_SIZE ? malloc(len) : NULL;
    bool ok = b && peek(f, a, b, len);
    hex_field(o, name, ok ? b : NULL, ok ? len : 0);
    free(b);
}

/* extra: gas taken later (a child's gas, which the frame pays when the child returns) */
static void line_head(hy_frame *f, hy_tline *t, FILE *o, int64_t extra)
{
    evm_opinfo oi = evm_opcode_info(t->op, f->ctx.h->fork);
    int64_t cost = t->gas0 - hy_gas(f) + extra;
    fprintf(o,
            "{\"vm\":\"riscv\",\"pc\":%" PRIu64 ",\"op\":%u,\"gas\":\"0x%" PRIx64
            "\",\"gasCost\":\"0x%" PRIx64 "\",\"insns\":%" PRIu64 ",\"stack\":[%s],\"depth\":%d,"
            "\"refund\":%" PRId64 ",\"opName\":\"%s\"",
            f->pc, t->op, (uint64_t)t->gas0, (uint64_t)(cost > 0 ? cost : 0), f->insns, t->stack,
            f->ctx.m->depth + 1, f->mt.refund, oi.name);
    t->written = true;
}

void hy_trace_call(hy_frame *f, hy_tline *t, const evm_message *m)
{
    FILE *o = f->ctx.h->tracer->out;
    line_head(f, t, o, m->gas);
    fprintf(o, ",\"callGas\":\"0x%" PRIx64 "\"", (uint64_t)m->gas);
    hex_field(o, "input", m->input, m->input_size);
    fputs("}\n", o);
}

void hy_trace_ret(hy_frame *f, const hy_tline *t, const evm_message *m, const evm_result *r)
{
    FILE *o = f->ctx.h->tracer->out;
    evm_opinfo oi = evm_opcode_info(t->op, f->ctx.h->fork);
    bool kept = r->status == EVM_SUCCESS || r->status == EVM_REVERT;
    fprintf(o,
            "{\"vm\":\"riscv\",\"ret\":true,\"pc\":%" PRIu64 ",\"op\":%u,\"gas\":\"0x%" PRIx64
            "\",\"depth\":%d,\"opName\":\"%s\",\"ok\":%d,\"gasUsed\":\"0x%" PRIx64 "\"",
            f->pc, t->op, (uint64_t)hy_gas(f), f->ctx.m->depth + 1, oi.name,
            r->status == EVM_SUCCESS, (uint64_t)(m->gas - (kept ? r->gas_left : 0)));
    if (r->status != EVM_SUCCESS) fprintf(o, ",\"error\":\"%s\"", evm_status_str(r->status));
    bool create = m->kind == EVM_CREATE || m->kind == EVM_CREATE2;
    if (create && r->status == EVM_SUCCESS)
        hex_field(o, "address", r->create_address.b, 20);
    else
        hex_field(o, "output", r->output, r->output ? r->output_size : 0);
    fputs("}\n", o);
}

void hy_trace_end(hy_frame *f, hy_tline *t, evm_status st)
{
    if (t->written) return;
    FILE *o = f->ctx.h->tracer->out;
    const uint64_t *a = f->x + 10;
    line_head(f, t, o, 0);
    const char *args = ecall_args[t->op];
    bool ok = st == HY_CONTINUE || st == EVM_SUCCESS || st == EVM_REVERT;
    if (st == HY_CONTINUE) {
        const char *res = strstr(args, "out");
        bool call = strstr(args, "-> ok") != NULL; /* one that did not run: no result */
        if (strstr(args, "->") && !call) {
            fprintf(o, ",\"result\":\"0x%" PRIx64 "\"", a[0]);
        } else if (res && !call) {
            /* the result pointer is the argument after as many commas as precede "out" */
            unsigned i = 0;
            for (const char *q = args; q < res; q++)
                i += *q == ',';
            uint8_t b[32];
            size_t size = !strncmp(res, "out20", 5) ? 20 : 32;
            char item[80];
            if (i < 6 && peek(f, f->x[10 + i], b, size) && put_word(item, sizeof item, b, size) > 0)
                fprintf(o, ",\"result\":%s", item);
        }
    }
    if (t->op >= EVM_OP_LOG0 && t->op <= EVM_OP_LOG4 && ok) guest_field(o, f, "data", a[0], a[1]);
    if ((t->op == EVM_OP_RETURN || t->op == EVM_OP_REVERT) && ok)
        hex_field(o, "output", f->out, f->out ? f->out_len : 0);
    if (!ok) fprintf(o, ",\"error\":\"%s\"", evm_status_str(st));
    fputs("}\n", o);
}
