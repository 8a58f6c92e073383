/* geth's callTracer over the EVM's EIP-3155 lines (with memory): one frame per CALL, CALLCODE,
   DELEGATECALL, STATICCALL, CREATE and CREATE2, nested as executed, each {from, gas, gasUsed, to,
   input, output, error, revertReason, logs, calls, value, type}. A frame's input is the
   caller's memory at the call, its output the callee's memory at its RETURN or REVERT, its
   success the word the caller finds on its stack after the return (a CREATE's is the new
   address). A callee with code starts with `gas` and gives back what it had at its STOP, RETURN or
   REVERT; a call into a precompile or an account without code has no steps of its own: its gas
   is estimated from the caller's (63/64 of what was left), a precompile's gasUsed from the gas
   the caller kept (less the warm access, 100). */
#include <stdlib.h>
#include <string.h>

#include "node_trace.h"

static uint64_t word64(json_t *v)
{
    const char *s = json_string_value(v);
    if (!s || strlen(s) > 18) return UINT64_MAX; /* "0x" + 16 digits */
    return strtoull(s, NULL, 16);
}

/* memory[off, off + size) of a step (zeros past its end), as 0x-hex. */
static json_t *mem_slice(json_t *step, uint64_t off, uint64_t size)
{
    const char *m = json_string_value(json_object_get(step, "memory"));
    size_t have = m && strlen(m) > 2 ? (strlen(m) - 2) / 2 : 0;
    if (size > (16u << 20) || off > UINT64_MAX - size) size = 0;
    char *h = malloc(2 * size + 3);
    if (!h) return json_string("0x");
    memcpy(h, "0x", 2);
    for (uint64_t i = 0; i < size; i++) {
        uint64_t at = off + i;
        h[2 + 2 * i] = at < have ? m[2 + 2 * at] : '0';
        h[3 + 2 * i] = at < have ? m[3 + 2 * at] : '0';
    }
    h[2 + 2 * size] = 0;
    json_t *r = json_string(h);
    free(h);
    return r;
}

/* A stack word as an address (its low 20 bytes). */
static json_t *stack_addr(json_t *v)
{
    const char *s = json_string_value(v);
    size_t n = s && strlen(s) > 2 ? strlen(s) - 2 : 0;
    char a[43] = "0x";
    memset(a + 2, '0', 40);
    a[42] = 0;
    if (n > 40) s += n - 40, n = 40;
    if (n) memcpy(a + 42 - n, s + 2, n);
    return json_string(a);
}

static json_t *qty(uint64_t v)
{
    return node_qty(v);
}

/* Error(string)'s text, when out is one. */
static void revert_reason(json_t *f, const uint8_t *out, size_t len)
{
    if (len < 68 || out[0] != 0x08 || out[1] != 0xc3 || out[2] != 0x79 || out[3] != 0xa0) return;
    u256 n = u256_from_be(out + 36, 32);
    if (!u256_fits64(n) || n.w[0] > len - 68) return;
    json_object_set_new(f, "revertReason", json_stringn((const char *)out + 68, n.w[0]));
}

static void add_child(json_t *parent, const char *key, json_t *child)
{
    json_t *a = json_object_get(parent, key);
    if (!a) json_object_set_new(parent, key, a = json_array());
    json_array_append_new(a, child);
}

static const char *call_type(uint8_t op)
{
    switch (op) {
    case 0xf0: return "CREATE";
    case 0xf1: return "CALL";
    case 0xf2: return "CALLCODE";
    case 0xf4: return "DELEGATECALL";
    case 0xf5: return "CREATE2";
    case 0xfa: return "STATICCALL";
    default: return NULL;
    }
}

/* The output of a frame's last step (RETURN or REVERT): from the EVM's memory, or the data a
   RISC-V frame's line carries. */
static json_t *step_output(const tstep *last)
{
    if (last->rv) {
        json_t *o = json_object_get(last->j, "output");
        return o ? json_incref(o) : json_string("0x");
    }
    return mem_slice(last->j, word64(node_stack_at(last->j, 0)), word64(node_stack_at(last->j, 1)));
}

static uint64_t hexq(json_t *v)
{
    const char *s = json_string_value(v);
    return s ? strtoull(s, NULL, 16) : 0;
}

/* The frame of a RISC-V frame's call or create ecall: its line gives the gas it forwarded and
   the input, the line written when the child returned (ret) the outcome (gasUsed, output or
   the created address, error). */
static json_t *rv_child_frame(const tstep *st, json_t *from)
{
    json_t *j = st->j, *r = st->ret, *f = json_object();
    uint8_t op = st->op;
    bool create = op == 0xf0 || op == 0xf5, value = op == 0xf1 || op == 0xf2;
    bool ok = r && json_integer_value(json_object_get(r, "ok")) == 1;
    uint64_t gas = hexq(json_object_get(j, "callGas"));
    json_object_set(f, "from", from);
    json_object_set_new(f, "gas", qty(gas));
    json_object_set_new(f, "gasUsed", qty(r ? hexq(json_object_get(r, "gasUsed")) : gas));
    if (!create)
        json_object_set_new(f, "to", stack_addr(node_stack_at(j, 1)));
    else if (ok && json_object_get(r, "address"))
        json_object_set(f, "to", json_object_get(r, "address"));
    json_t *in = json_object_get(j, "input");
    json_object_set_new(f, "input", in ? json_incref(in) : json_string("0x"));
    json_t *out = r ? json_object_get(r, "output") : NULL;
    if (out && strlen(json_string_value(out)) > 2) {
        json_object_set(f, "output", out);
        uint8_t *b;
        size_t bl;
        if (!ok && node_get_bytes(out, &b, &bl)) {
            revert_reason(f, b, bl);
            free(b);
        }
    }
    if (!ok) {
        json_t *err = r ? json_object_get(r, "error") : NULL;
        json_object_set_new(f, "error", err ? json_incref(err) : json_string("out of gas"));
    }
    if (create || value) json_object_set(f, "value", node_stack_at(j, create ? 0 : 2));
    json_object_set_new(f, "type", json_string(call_type(op)));
    return f;
}

/* The frame of a call step i at depth d; k: the caller's next step (n: none). */
static json_t *child_frame(const tstep *s, size_t n, size_t i, size_t k, json_t *from)
{
    json_t *j = s[i].j, *f = json_object();
    uint8_t op = s[i].op;
    bool create = op == 0xf0 || op == 0xf5, value = op == 0xf1 || op == 0xf2;
    size_t a0 = create ? 1 : value ? 3 : 2; /* the args offset's place on the stack */
    json_object_set(f, "from", from);
    bool has_steps = i + 1 < n && s[i + 1].depth > s[i].depth;
    uint64_t gas = has_steps ? s[i + 1].gas : s[i].gas - s[i].gas / 64;
    uint64_t asked = create ? UINT64_MAX : word64(node_stack_at(j, 0));
    if (!has_steps && asked < gas) gas = asked;
    bool ok = k < n && s[k].depth == s[i].depth && node_stack_at(s[k].j, 0) &&
              strcmp(json_string_value(node_stack_at(s[k].j, 0)), "0x0") != 0;
    json_t *to = create ? (ok ? stack_addr(node_stack_at(s[k].j, 0)) : NULL)
                        : stack_addr(node_stack_at(j, 1));
    uint64_t used = gas;
    const tstep *last = has_steps ? &s[k - 1] : NULL;
    bool clean = last && (last->op == 0x00 || last->op == 0xf3 || last->op == 0xfd);
    uint64_t left = clean ? last->gas - (last->rv ? last->cost : 0) : 0;
    if (clean) used = gas - (left < gas ? left : gas);
    if (!has_steps) {
        uint64_t kept = k < n ? s[i].gas - s[k].gas : 0, w = word64(node_stack_at(j, 1));
        used = w >= 1 && w <= 0x11 && kept > 100 ? kept - 100 : 0;
    }
    json_object_set_new(f, "gas", qty(gas));
    json_object_set_new(f, "gasUsed", qty(used));
    if (to) json_object_set_new(f, "to", to);
    json_object_set_new(
        f, "input", mem_slice(j, word64(node_stack_at(j, a0)), word64(node_stack_at(j, a0 + 1))));
    if (last && (last->op == 0xf3 || last->op == 0xfd)) {
        json_t *out = step_output(last);
        if (strlen(json_string_value(out)) > 2) {
            uint8_t *b;
            size_t bl;
            if (last->op == 0xfd && node_get_bytes(out, &b, &bl)) {
                revert_reason(f, b, bl);
                free(b);
            }
            json_object_set_new(f, "output", out);
        } else
            json_decref(out);
    } else if (!has_steps && ok && !create) {
        uint64_t rl = word64(node_stack_at(j, a0 + 3));
        if (rl && k < n)
            json_object_set_new(f, "output",
                                mem_slice(s[k].j, word64(node_stack_at(j, a0 + 2)), rl));
    }
    if (!ok)
        json_object_set_new(f, "error",
                            json_string(last && last->op == 0xfd   ? "execution reverted"
                                        : last && last->op == 0xfe ? "invalid opcode: INVALID"
                                                                   : "out of gas"));
    if (create || value) json_object_set(f, "value", node_stack_at(j, create ? 0 : 2));
    json_object_set_new(f, "type", json_string(call_type(op)));
    return f;
}

json_t *node_call_frames(const tstep *s, size_t n, const node_topcall *top, const exec_result *er,
                         bool only_top, bool with_log)
{
    json_t *f = json_object();
    json_object_set_new(f, "from", node_addr(&top->from));
    /* a RISC-V top frame's first line comes after some of its instructions: the limit less
       the intrinsic gas instead */
    uint64_t g0 = n && !s[0].rv ? s[0].gas
                  : top->intrinsic && top->intrinsic <= top->gas_limit
                      ? top->gas_limit - top->intrinsic
                  : n ? s[0].gas
                      : top->gas_limit - er->gas_used;
    json_object_set_new(f, "gas", qty(g0));
    json_object_set_new(f, "gasUsed", qty(er->gas_used));
    json_object_set_new(f, "to", node_addr(top->create ? &er->create_address : &top->to));
    json_object_set_new(f, "input", node_hexb(top->input, top->input_len));
    if (er->output_size) json_object_set_new(f, "output", node_hexb(er->output, er->output_size));
    if (er->status == EVM_REVERT) {
        json_object_set_new(f, "error", json_string("execution reverted"));
        revert_reason(f, er->output, er->output_size);
    } else if (er->status != EVM_SUCCESS)
        json_object_set_new(f, "error", json_string(evm_status_str(er->status)));
    json_object_set_new(f, "value", node_qty256(top->value));
    json_object_set_new(f, "type", json_string(top->create ? "CREATE" : "CALL"));
    enum { MAXD = 1026 };
    json_t **frames = calloc(MAXD, sizeof *frames), **addr = calloc(MAXD, sizeof *addr);
    if (!frames || !addr || only_top) {
        free(frames);
        free(addr);
        return f;
    }
    frames[1] = f;
    addr[1] = json_object_get(f, "to");
    for (size_t i = 0; i < n; i++) {
        int d = s[i].depth;
        if (d < 1 || d + 1 >= MAXD || !frames[d]) continue;
        uint8_t op = s[i].op;
        if (with_log && op >= 0xa0 && op <= 0xa4) {
            json_t *l = json_object(), *t = json_array();
            for (size_t k = 0; k < (size_t)(op - 0xa0); k++) {
                json_t *w = node_stack_at(s[i].j, 2 + k);
                const char *ws = json_string_value(w);
                char b[67] = "0x";
                size_t wl = ws && strlen(ws) > 2 ? strlen(ws) - 2 : 0;
                memset(b + 2, '0', 64);
                if (wl <= 64 && wl) memcpy(b + 66 - wl, ws + 2, wl);
                b[66] = 0;
                json_array_append_new(t, json_string(b));
            }
            json_object_set(l, "address", addr[d]);
            json_object_set_new(l, "topics", t);
            json_t *data = json_object_get(s[i].j, "data");
            json_object_set_new(l, "data",
                                s[i].rv ? (data ? json_incref(data) : json_string("0x"))
                                        : mem_slice(s[i].j, word64(node_stack_at(s[i].j, 0)),
                                                    word64(node_stack_at(s[i].j, 1))));
            json_object_set_new(l, "position",
                                qty(json_array_size(json_object_get(frames[d], "calls"))));
            add_child(frames[d], "logs", l);
        }
        if (!call_type(op)) continue;
        size_t k = i + 1;
        while (k < n && s[k].depth > d)
            k++;
        json_t *c = s[i].rv ? rv_child_frame(&s[i], addr[d]) : child_frame(s, n, i, k, addr[d]);
        add_child(frames[d], "calls", c);
        if (i + 1 < n && s[i + 1].depth == d + 1) {
            frames[d + 1] = c;
            addr[d + 1] = op == 0xf2 || op == 0xf4 ? addr[d] : json_object_get(c, "to");
        }
    }
    free(frames);
    free(addr);
    return f;
}
