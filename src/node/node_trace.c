/* debug_traceTransaction and debug_traceCall: geth's struct logger ({gas, failed, returnValue,
   structLogs}) made from the EVM's EIP-3155 lines (the same hook as `rivet evm --trace`), with
   geth's options disableStack, enableMemory, disableStorage. A mined transaction is replayed:
   the pre-state of its block, the block's system calls and the transactions before it
   (bexec_apply stopped by its phase hook), then the transaction with the tracer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"
#include "node_trace.h"

#define ARG(i)    json_array_get(params, i)
#define BAD(what) node_fail(e, -32602, "Invalid params: %s", what)

typedef struct topts {
    bool stack, memory, storage;
    bool calls, only_top, with_log; /* callTracer and its tracerConfig */
} topts;

static bool parse_opts(json_t *o, topts *t, node_err *e)
{
    memset(t, 0, sizeof *t);
    t->stack = t->storage = true;
    if (!o || json_is_null(o)) return true;
    if (!json_is_object(o)) return !BAD("trace options");
    json_t *tr = json_object_get(o, "tracer"), *cfg = json_object_get(o, "tracerConfig");
    const char *name = json_string_value(tr);
    if (tr && !(name && (!strcmp(name, "structLogger") || !strcmp(name, "callTracer"))))
        return !!node_fail(e, -32602, "tracer %s: the struct logger and callTracer only",
                           name ? name : "?");
    t->calls = name && !strcmp(name, "callTracer");
    t->only_top = json_is_true(json_object_get(cfg, "onlyTopCall"));
    t->with_log = json_is_true(json_object_get(cfg, "withLog"));
    t->stack = !json_is_true(json_object_get(o, "disableStack"));
    t->storage = !json_is_true(json_object_get(o, "disableStorage"));
    t->memory = json_is_true(json_object_get(o, "enableMemory"));
    return true;
}

static uint64_t hexq(json_t *v)
{
    const char *s = json_string_value(v);
    return s ? strtoull(s, NULL, 16) : 0;
}

json_t *node_stack_at(json_t *step, size_t back)
{
    json_t *s = json_object_get(step, "stack");
    size_t n = json_array_size(s);
    return back < n ? json_array_get(s, n - 1 - back) : NULL;
}
#define stack_at node_stack_at

/* A 32-byte word as geth's storage keys and values (0x + 64 hex). */
static json_t *word(json_t *v)
{
    const char *s = json_string_value(v);
    char buf[67] = "0x";
    size_t n = s && strlen(s) > 2 ? strlen(s) - 2 : 0;
    if (n > 64) n = 64;
    memset(buf + 2, '0', 64 - n);
    if (n) memcpy(buf + 66 - n, s + 2, n);
    buf[66] = 0;
    return json_string(buf);
}

/* Gas cost of step i: the gas it took from its frame. An op that entered a frame (CALL...,
   CREATE...) costs what the frame had before it minus what it had after the call returned,
   plus what the callee gave back (its gas at its last STOP/RETURN/REVERT): geth's figure. */
static uint64_t step_cost(const tstep *s, size_t n, size_t i)
{
    if (s[i].rv || i + 1 >= n || s[i + 1].depth < s[i].depth) return s[i].cost;
    if (s[i + 1].depth == s[i].depth) return s[i].gas - s[i + 1].gas;
    size_t k = i + 1;
    while (k < n && s[k].depth > s[i].depth)
        k++;
    if (k >= n) return s[i].cost;
    const tstep *last = &s[k - 1];
    uint64_t back =
        last->depth == s[i].depth + 1 && (last->op == 0x00 || last->op == 0xf3 || last->op == 0xfd)
            ? last->gas - (last->rv ? last->cost : 0)
            : 0;
    return s[i].gas - s[k].gas + back;
}

/* The storage a frame's contract showed so far, keyed by a frame key (its address, or the
   creating step for a CREATE). */
static json_t *frame_storage(json_t *all, const char *key)
{
    json_t *m = json_object_get(all, key);
    if (!m) json_object_set_new(all, key, m = json_object());
    return m;
}

static json_t *struct_log(const tstep *s, size_t n, size_t i, const topts *o, json_t *all,
                          char keys[][48])
{
    json_t *j = s[i].j, *l = json_object();
    json_object_set_new(l, "pc", json_integer(json_integer_value(json_object_get(j, "pc"))));
    json_object_set(l, "op", json_object_get(j, "opName"));
    json_object_set_new(l, "gas", json_integer((json_int_t)s[i].gas));
    json_object_set_new(l, "gasCost", json_integer((json_int_t)step_cost(s, n, i)));
    json_object_set_new(l, "depth", json_integer(s[i].depth));
    if (o->stack) json_object_set(l, "stack", json_object_get(j, "stack"));
    if (o->memory) {
        const char *m = json_string_value(json_object_get(j, "memory"));
        size_t mlen = m ? strlen(m) : 0;
        json_t *a = json_array();
        for (size_t k = 2; k + 64 <= mlen; k += 64) {
            char w[67] = "0x";
            memcpy(w + 2, m + k, 64);
            w[66] = 0;
            json_array_append_new(a, json_string(w));
        }
        json_object_set_new(l, "memory", a);
    }
    bool sload = s[i].op == 0x54, sstore = s[i].op == 0x55;
    if (o->storage && (sload || sstore) && stack_at(j, sstore ? 1 : 0)) {
        json_t *m = frame_storage(all, keys[s[i].depth]);
        json_t *v = sstore                                      ? stack_at(j, 1)
                    : s[i].rv                                   ? json_object_get(j, "result")
                    : i + 1 < n && s[i + 1].depth == s[i].depth ? stack_at(s[i + 1].j, 0)
                                                                : NULL;
        json_t *k = word(stack_at(j, 0));
        if (v) json_object_set_new(m, json_string_value(k), word(v));
        json_decref(k);
        json_object_set_new(l, "storage", json_deep_copy(m));
    }
    json_object_set_new(l, "refund",
                        json_integer(json_integer_value(json_object_get(j, "refund"))));
    if (s[i].rv) { /* a RISC-V frame's ecall: the instructions its frame ran so far */
        json_object_set(l, "insns", json_object_get(j, "insns"));
        if (json_object_get(j, "error")) json_object_set(l, "error", json_object_get(j, "error"));
    }
    return l;
}

/* The frame key a call step gives its callee. */
static void callee_key(const tstep *st, size_t i, char keys[][48])
{
    int d = st[i].depth;
    if (d + 1 >= 1025) return;
    uint8_t op = st[i].op;
    json_t *to = stack_at(st[i].j, 1);
    if ((op == 0xf1 || op == 0xfa) && to)
        snprintf(keys[d + 1], 48, "%s", json_string_value(to));
    else if (op == 0xf2 || op == 0xf4)
        memcpy(keys[d + 1], keys[d], 48);
    else
        snprintf(keys[d + 1], 48, "create@%zu", i);
}

tstep *node_steps_parse(const char *buf, size_t len, size_t *count)
{
    size_t n = 0, cap = 256;
    tstep *s = malloc(cap * sizeof *s);
    for (size_t p = 0; s && p < len;) {
        const char *nl = memchr(buf + p, '\n', len - p);
        size_t end = nl ? (size_t)(nl - buf) : len;
        json_t *j = json_loadb(buf + p, end - p, 0, NULL);
        p = end + 1;
        if (!j || !json_object_get(j, "pc")) {
            json_decref(j);
            continue;
        }
        bool rv = json_object_get(j, "vm") != NULL;
        int depth = (int)json_integer_value(json_object_get(j, "depth"));
        if (rv && json_is_true(json_object_get(j, "ret"))) { /* a call's outcome: to its step */
            size_t k = n;
            while (k > 0 && !(s[k - 1].rv && s[k - 1].depth == depth))
                k--;
            if (k > 0 && !s[k - 1].ret)
                s[k - 1].ret = j;
            else
                json_decref(j);
            continue;
        }
        if (n == cap) {
            tstep *g = realloc(s, (cap *= 2) * sizeof *s);
            if (!g) {
                json_decref(j);
                break;
            }
            s = g;
        }
        s[n] = (tstep){j,
                       hexq(json_object_get(j, "gas")),
                       hexq(json_object_get(j, "gasCost")),
                       depth,
                       (uint8_t)json_integer_value(json_object_get(j, "op")),
                       rv,
                       NULL};
        n++;
    }
    *count = n;
    return s;
}

void node_steps_free(tstep *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        json_decref(s[i].j);
        json_decref(s[i].ret);
    }
    free(s);
}

/* Struct logs of the steps. */
static json_t *struct_logs(const tstep *s, size_t n, const topts *o, const char *top)
{
    json_t *a = json_array(), *all = json_object();
    char(*keys)[48] = calloc(1026, 48);
    if (keys) snprintf(keys[1], 48, "%s", top);
    for (size_t i = 0; s && keys && i < n; i++) {
        if (i + 1 < n && s[i + 1].depth > s[i].depth) callee_key(s, i, keys);
        json_array_append_new(a, struct_log(s, n, i, o, all, keys));
    }
    free(keys);
    json_decref(all);
    return a;
}

/* Runs fn(ctx, tracer) with the tracer writing into memory, then builds geth's result. */
typedef rivet_status (*traced_fn)(void *ctx, evm_tracer *tr, exec_result *er, rivet_diag *d);

static json_t *run_traced(traced_fn fn, void *ctx, const topts *o, const node_topcall *top,
                          node_err *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return node_fail(e, -32603, "out of memory");
    evm_tracer tr = {.out = f, .memory = o->memory || o->calls};
    exec_result er;
    memset(&er, 0, sizeof er);
    rivet_diag d;
    rivet_diag_clear(&d);
    rivet_status st = fn(ctx, &tr, &er, &d);
    fclose(f);
    json_t *r = NULL;
    size_t n = 0;
    tstep *steps = st == RIVET_OK && er.error == TX_ERR_OK ? node_steps_parse(buf, len, &n) : NULL;
    if (st != RIVET_OK)
        node_fail(e, -32603, "%s", d.msg);
    else if (er.error != TX_ERR_OK)
        node_fail(e, -32000, "transaction rejected: %s", tx_error_name(er.error));
    else if (o->calls)
        r = node_call_frames(steps, n, top, &er, o->only_top, o->with_log);
    else {
        char key[48];
        json_t *hx = node_addr(&top->to);
        snprintf(key, sizeof key, "%s", top->create ? "create" : json_string_value(hx));
        json_decref(hx);
        r = json_object();
        json_object_set_new(r, "failed", json_boolean(er.status != EVM_SUCCESS));
        json_object_set_new(r, "gas", json_integer((json_int_t)er.gas_used));
        json_object_set_new(r, "returnValue", node_hexb(er.output, er.output_size));
        json_object_set_new(r, "structLogs", struct_logs(steps, n, o, key));
    }
    node_steps_free(steps, n);
    free(er.output);
    free(buf);
    return r;
}

/* ---- debug_traceCall ---------------------------------------------------------------------- */
static rivet_status call_fn(void *ctx, evm_tracer *tr, exec_result *er, rivet_diag *d)
{
    node_callreq *r = ((void **)ctx)[0];
    node_chain *c = ((void **)ctx)[1];
    r->tracer = tr;
    return node_call(c, r, r->has_gas ? r->gas : node_call_cap(c), er, d);
}

/* The intrinsic gas of a transaction (0 when the rules refuse it). */
static uint64_t intrinsic(const tx *t, rivet_fork fork)
{
    tx_gas g;
    return tx_intrinsic_gas(t, fork, &g) == RIVET_OK ? g.intrinsic : 0;
}

/* At the head (or without a block): the call runs as eth_call does, on the chain's state in the
   next block's environment. At an older block n: on the state after n (replayed), in block n's
   own environment (its number, time, base fee), as geth and anvil do. */
json_t *node_rpc_trace_call(node_chain *c, json_t *params, node_err *e)
{
    topts o;
    node_callreq r;
    rivet_diag d;
    rivet_diag_clear(&d);
    uint64_t n = c->nblocks - 1;
    if (ARG(1) && !json_is_null(ARG(1)) && !node_get_block(c, ARG(1), &n))
        return node_fail(e, -32000, "unknown block");
    if (!parse_opts(ARG(2), &o, e)) return NULL;
    if (node_callreq_parse(ARG(0), &r, &d) != RIVET_OK) return BAD(d.msg);
    state old;
    if (node_callreq_at(c, &r, n, &old, &d) != RIVET_OK) {
        node_callreq_free(&r);
        return node_fail(e, -32603, "state of block %llu: %s", (unsigned long long)n, d.msg);
    }
    tx t = {.type = TX_DYNAMIC_FEE, .create = r.create, .data = r.data, .data_len = r.data_len};
    node_topcall top = {r.from,
                        r.to,
                        r.create,
                        r.value,
                        r.data,
                        r.data_len,
                        r.has_gas ? r.gas : node_call_cap(c),
                        intrinsic(&t, node_fork(c))};
    void *ctx[2] = {&r, c};
    json_t *out = run_traced(call_fn, ctx, &o, &top, e);
    if (r.base) state_free(&old);
    node_callreq_free(&r);
    return out;
}

/* ---- debug_traceTransaction ------------------------------------------------------------------ */
typedef struct replay {
    node_chain *c;
    node_block *b;
    size_t index;
    bool stopped;
} replay;

static rivet_status stop_before(void *ctx, const state *s, uint32_t index, rivet_diag *d)
{
    (void)s;
    replay *r = ctx;
    if (index != r->index) return RIVET_OK;
    r->stopped = true;
    return rivet_fail(d, RIVET_ERANGE, RIVET_NOPOS, "stopped");
}

static bool given_sender(void *ctx, size_t i, evm_addr *sender)
{
    replay *r = ctx;
    if (i >= r->b->b.ntx || !r->b->rc[i].impersonated) return false;
    *sender = r->b->rc[i].from;
    return true;
}

static rivet_status tx_fn(void *ctx, evm_tracer *tr, exec_result *er, rivet_diag *d)
{
    replay *r = ctx;
    node_chain *c = r->c;
    const blk *b = &r->b->b;
    state s;
    rivet_status st = node_state_before(c, b->header.number, &s, d);
    if (st != RIVET_OK) return st;
    bexec_env env = {0};
    env.cfg = &c->cc;
    env.block_hash = node_block_hash;
    env.ctx = c;
    env.phase_end = stop_before;
    env.phase_ctx = r;
    env.sender = given_sender;
    env.tx_ctx = r;
    env.vm = c->vm;
    bexec_out bo;
    st = bexec_apply(&s, b, &env, &bo, d);
    if (r->stopped) {
        rivet_diag_clear(d);
        exec_block eb;
        node_block_env(c, &b->header, &eb);
        st = exec_transaction(&s, &eb, &b->txs[r->index], &r->b->rc[r->index].from, tr, er, d);
    } else if (st == RIVET_OK)
        st = rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "replay did not reach the transaction");
    state_free(&s);
    return st;
}

json_t *node_rpc_trace_tx(node_chain *c, json_t *params, node_err *e)
{
    uint8_t h[32];
    uint64_t loc;
    topts o;
    if (!node_get_hash(ARG(0), h)) return BAD("transaction hash");
    if (!parse_opts(ARG(1), &o, e)) return NULL;
    if (!node_map_get(&c->txidx, h, &loc)) return node_fail(e, -32000, "transaction not found");
    replay r = {c, &c->blocks[loc >> 32], loc & 0xffffffffu, false};
    const tx *t = &r.b->b.txs[r.index];
    const hdr *bh = &r.b->b.header;
    node_topcall top = {r.b->rc[r.index].from,
                        {{0}},
                        t->create,
                        t->value,
                        t->data,
                        t->data_len,
                        t->gas_limit,
                        intrinsic(t, chain_fork(&c->cc, bh->number, bh->timestamp))};
    memcpy(top.to.b, t->to, 20);
    return run_traced(tx_fn, &r, &o, &top, e);
}
