/* The JSON-RPC 2.0 envelope: one request or a batch, `id` echoed, errors -32700 (parse),
   -32600 (invalid request), -32601 (unknown method), -32602 (bad params), -32603 (internal),
   3 (revert, with data). Dispatch goes through the method table (node_methods.def). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "node_impl.h"

static const struct method {
    const char *name;
    node_method_fn fn;
    const char *doc;
} methods[] = {
#define X(name, fn, doc) {#name, fn, doc},
#include "node_methods.def"
#undef X
};
#define NMETHODS  (sizeof methods / sizeof methods[0])
#define MAX_BATCH 1000

size_t node_method_count(void)
{
    return NMETHODS;
}

const char *node_method_name(size_t i)
{
    return i < NMETHODS ? methods[i].name : NULL;
}

const char *node_method_doc(size_t i);
const char *node_method_doc(size_t i)
{
    return i < NMETHODS ? methods[i].doc : NULL;
}

json_t *node_fail(node_err *e, int code, const char *fmt, ...)
{
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return NULL;
}

/* Error(string) = 0x08c379a0: the reason is appended to the message as geth and anvil do. */
json_t *node_revert(node_err *e, const uint8_t *out, size_t len)
{
    e->code = 3;
    snprintf(e->msg, sizeof e->msg, "execution reverted");
    if (len >= 68 && out[0] == 0x08 && out[1] == 0xc3 && out[2] == 0x79 && out[3] == 0xa0) {
        u256 off = u256_from_be(out + 4, 32), n = u256_from_be(out + 36, 32);
        if (u256_fits64(n) && u256_eq(off, u256_from_u64(32)) && n.w[0] <= len - 68 && n.w[0] < 200)
            snprintf(e->msg, sizeof e->msg, "execution reverted: %.*s", (int)n.w[0],
                     (const char *)out + 68);
    }
    e->data = node_hexb(out, len);
    return NULL;
}

json_t *node_rpc_modules(node_chain *c, json_t *params, node_err *e)
{
    json_t *o = json_object();
    for (size_t i = 0; i < NMETHODS; i++) {
        const char *n = methods[i].name, *u = strchr(n, '_');
        char ns[32];
        snprintf(ns, sizeof ns, "%.*s", (int)(u - n), n);
        json_object_set_new(o, ns, json_string("1.0"));
    }
    return o;
}

static json_t *error_obj(json_t *id, int code, const char *msg, json_t *data)
{
    json_t *o = json_object(), *er = json_object();
    json_object_set_new(o, "jsonrpc", json_string("2.0"));
    json_object_set(o, "id", id ? id : json_null());
    json_object_set_new(er, "code", json_integer(code));
    json_object_set_new(er, "message", json_string(msg));
    if (data) json_object_set_new(er, "data", data);
    json_object_set_new(o, "error", er);
    return o;
}

/* One request object -> its reply (NULL for a notification). */
static json_t *one(node_chain *c, json_t *rq)
{
    if (!json_is_object(rq)) return error_obj(NULL, -32600, "Invalid Request", NULL);
    json_t *id = json_object_get(rq, "id"), *ver = json_object_get(rq, "jsonrpc"),
           *m = json_object_get(rq, "method"), *params = json_object_get(rq, "params");
    if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id) && !json_is_real(id))
        return error_obj(NULL, -32600, "Invalid Request: bad id", NULL);
    if (!ver || !json_is_string(ver) || strcmp(json_string_value(ver), "2.0") != 0)
        return error_obj(id, -32600, "Invalid Request: jsonrpc must be \"2.0\"", NULL);
    if (!json_is_string(m)) return error_obj(id, -32600, "Invalid Request: no method", NULL);
    if (params && !json_is_array(params) && !json_is_null(params))
        return error_obj(id, -32602, "Invalid params: expected an array", NULL);
    const char *name = json_string_value(m);
    const struct method *me = NULL;
    for (size_t i = 0; i < NMETHODS && !me; i++)
        if (!strcmp(methods[i].name, name)) me = &methods[i];
    json_t *reply;
    if (!me) {
        char msg[160];
        snprintf(msg, sizeof msg, "Method not found: %.100s", name);
        reply = error_obj(id, -32601, msg, NULL);
    } else {
        json_t *args = params && json_is_array(params) ? json_incref(params) : json_array();
        node_err e = {0, "", NULL};
        json_t *r = me->fn(c, args, &e);
        json_decref(args);
        if (r) {
            reply = json_object();
            json_object_set_new(reply, "jsonrpc", json_string("2.0"));
            json_object_set(reply, "id", id ? id : json_null());
            json_object_set_new(reply, "result", r);
        } else {
            reply = error_obj(id, e.code ? e.code : -32603, e.msg[0] ? e.msg : "internal error",
                              e.data);
        }
        if (!c->cfg.quiet) node_log_line(c, "%s%s", name, r ? "" : " -> error");
    }
    if (!id) { /* a notification: no reply */
        json_decref(reply);
        return NULL;
    }
    return reply;
}

static int dump_to_buf(const char *p, size_t n, void *ctx)
{
    return buf_append(ctx, p, n) == RIVET_OK ? 0 : -1;
}

/* The common reply, {"jsonrpc":"2.0","id":INTEGER,"result":"PLAIN STRING"}, written directly
   (what jansson would write: the same member order, no escapes needed); anything else is
   RIVET_EINVALID, for jansson. */
static rivet_status plain_reply(json_t *reply, rivet_buf *out)
{
    json_t *id = json_object_get(reply, "id"), *r = json_object_get(reply, "result");
    if (json_object_size(reply) != 3 || !json_is_integer(id) || !json_is_string(r))
        return RIVET_EINVALID;
    const char *v = json_string_value(r);
    size_t n = json_string_length(r);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch < 0x20 || ch == '"' || ch == '\\' || ch >= 0x7f) return RIVET_EINVALID;
    }
    char head[64];
    int k = snprintf(head, sizeof head,
                     "{\"jsonrpc\":\"2.0\",\"id\":%" JSON_INTEGER_FORMAT ",\"result\":\"",
                     json_integer_value(id));
    if (buf_append(out, head, (size_t)k) != RIVET_OK || buf_append(out, v, n) != RIVET_OK ||
        buf_append(out, "\"}", 2) != RIVET_OK)
        return RIVET_ENOMEM;
    return RIVET_OK;
}

/* Raw transactions' senders recovered before the lock (node_sender.c). */
static void precompute_senders(node_chain *c, json_t *rq)
{
    size_t n = json_is_array(rq) ? json_array_size(rq) : 1;
    for (size_t i = 0; i < n && i < MAX_BATCH; i++) {
        json_t *o = json_is_array(rq) ? json_array_get(rq, i) : rq;
        const char *m = json_string_value(json_object_get(o, "method"));
        json_t *raw = json_array_get(json_object_get(o, "params"), 0);
        if (m && json_is_string(raw) && !strcmp(m, "eth_sendRawTransaction"))
            node_sender_precompute(c, json_string_value(raw), json_string_length(raw));
    }
}

/* A request that only reads the chain's state at its head and may share the lock with others
   like it (node_lock_shared): one eth_call without a block or at "latest", no overrides. */
static bool reads_head_only(json_t *rq)
{
    const char *m = json_string_value(json_object_get(rq, "method"));
    json_t *p = json_object_get(rq, "params"), *tag = json_array_get(p, 1);
    return m && !strcmp(m, "eth_call") && json_is_array(p) && json_array_size(p) <= 2 &&
           json_is_object(json_array_get(p, 0)) &&
           (!tag || (json_is_string(tag) && !strcmp(json_string_value(tag), "latest")));
}

static rivet_status handle(node_chain *c, const char *body, size_t len, rivet_buf *out, bool *empty,
                           bool lock)
{
    *empty = false;
    json_error_t je;
    json_t *rq = node_json_parse_fast(body, len);
    if (!rq) rq = json_loadb(body, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    json_t *reply = NULL;
    if (rq && lock) precompute_senders(c, rq); /* outside the lock, or not worth it */
    /* parsing and writing the reply need no lock, the methods do */
    if (lock && rq && json_is_object(rq) && reads_head_only(rq))
        node_lock_shared();
    else if (lock)
        node_lock();
    if (!rq) {
        char msg[200];
        snprintf(msg, sizeof msg, "Parse error: %s at byte %d", je.text, je.position);
        reply = error_obj(NULL, -32700, msg, NULL);
    } else if (json_is_array(rq)) {
        if (json_array_size(rq) == 0 || json_array_size(rq) > MAX_BATCH) {
            reply = error_obj(NULL, -32600,
                              json_array_size(rq) ? "Invalid Request: batch too large"
                                                  : "Invalid Request: empty batch",
                              NULL);
        } else {
            reply = json_array();
            for (size_t i = 0; i < json_array_size(rq); i++) {
                json_t *r = one(c, json_array_get(rq, i));
                if (r) json_array_append_new(reply, r);
            }
            if (json_array_size(reply) == 0) {
                json_decref(reply);
                reply = NULL;
            }
        }
    } else {
        reply = one(c, rq);
    }
    if (lock) node_unlock();
    json_decref(rq);
    if (!reply) {
        *empty = true;
        return RIVET_OK;
    }
    /* one pass, into a buffer the transport reuses (no reallocation once it is large enough) */
    rivet_status st = plain_reply(reply, out);
    if (st == RIVET_EINVALID)
        st = json_dump_callback(reply, dump_to_buf, out, JSON_COMPACT) ? RIVET_ENOMEM : RIVET_OK;
    json_decref(reply);
    return st;
}

rivet_status node_rpc_handle(node_chain *c, const char *body, size_t len, rivet_buf *out,
                             bool *empty)
{
    return handle(c, body, len, out, empty, true);
}

rivet_status node_rpc_handle_locked(node_chain *c, const char *body, size_t len, rivet_buf *out,
                                    bool *empty)
{
    return handle(c, body, len, out, empty, false);
}
