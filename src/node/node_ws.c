/* WebSocket (RFC 6455) on the HTTP port, and eth_subscribe (newHeads, logs). libevent 2.1's
   evhttp has no WebSocket support: an upgrade request arrives as an ordinary request, and the
   node takes its connection's bufferevent over (its own callbacks, the 101 reply written
   directly); the connection is given back to evhttp_connection_free when it closes. Text
   frames carry JSON-RPC exactly as HTTP bodies do (node_rpc_handle). A connection belongs to the
   worker loop that accepted it and only that thread touches its bufferevent: frames (replies,
   and subscription notifications from a block mined on any worker) are queued under node_lock
   in `pending` and moved to the bufferevent on the owner's loop (node_loop_wake). */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "node_impl.h"

#define WS_MAX_MESSAGE (32u << 20)

typedef struct ws_conn {
    node_chain *c;
    struct evhttp_connection *evcon;
    struct bufferevent *bev;
    rivet_buf msg;     /* a fragmented message being assembled */
    rivet_buf pending; /* frames not yet in the bufferevent (under node_lock) */
    node_loop *loop;   /* the worker loop that owns the connection */
    struct ws_conn *next;
} ws_conn;

typedef struct ws_sub {
    uint64_t id;
    ws_conn *conn;
    bool logs;
    json_t *filter;
} ws_sub;

static ws_conn *conns;
static ws_sub *subs;
static size_t nsubs;
static uint64_t next_sub = 1;
static ws_conn *current; /* the connection whose message is being answered */

static void send_frame(ws_conn *w, int opcode, const void *p, size_t n)
{
    uint8_t h[10];
    size_t hl = 2;
    h[0] = (uint8_t)(0x80 | opcode);
    if (n < 126) {
        h[1] = (uint8_t)n;
    } else if (n < 65536) {
        h[1] = 126;
        h[2] = (uint8_t)(n >> 8);
        h[3] = (uint8_t)n;
        hl = 4;
    } else {
        h[1] = 127;
        be_store64(h + 2, n);
        hl = 10;
    }
    bool was_empty = w->pending.n == 0;
    if (buf_append(&w->pending, h, hl) != RIVET_OK || buf_append(&w->pending, p, n) != RIVET_OK)
        return; /* out of memory: the frame is lost, the connection stays */
    if (was_empty) node_loop_wake(w->loop);
}

/* On the owner's loop, under node_lock: the queued frames into the bufferevent. */
static void flush_pending(ws_conn *w)
{
    if (!w->pending.n) return;
    evbuffer_add(bufferevent_get_output(w->bev), w->pending.p, w->pending.n);
    w->pending.n = 0;
}

void node_ws_flush(const node_loop *loop)
{
    for (ws_conn *w = conns; w; w = w->next)
        if (w->loop == loop) flush_pending(w);
}

static void ws_close(ws_conn *w)
{
    for (size_t i = 0; i < nsubs; i++)
        if (subs[i].conn == w) {
            json_decref(subs[i].filter);
            subs[i--] = subs[--nsubs];
        }
    for (ws_conn **p = &conns; *p; p = &(*p)->next)
        if (*p == w) {
            *p = w->next;
            break;
        }
    buf_free(&w->msg);
    buf_free(&w->pending);
    /* its events leave the loop now, while the socket is open: the bufferevent itself is freed
       once the callback running on it returns, after evhttp has closed the socket */
    bufferevent_disable(w->bev, EV_READ | EV_WRITE);
    evhttp_connection_free(w->evcon); /* frees the bufferevent and the upgrade request */
    free(w);
}

static void on_message(ws_conn *w, const uint8_t *p, size_t n)
{
    rivet_buf out = {0};
    bool empty = false;
    current = w;
    rivet_status st = node_rpc_handle_locked(w->c, (const char *)p, n, &out, &empty);
    current = NULL;
    if (st == RIVET_OK && !empty) send_frame(w, 1, out.p, out.n);
    buf_free(&out);
}

/* Parses whole frames from the input; returns false when the connection must close. */
static bool read_frames(ws_conn *w)
{
    struct evbuffer *in = bufferevent_get_input(w->bev);
    for (;;) {
        size_t avail = evbuffer_get_length(in);
        if (avail < 2) return true;
        uint8_t h[14];
        evbuffer_copyout(in, h, avail < 14 ? avail : 14);
        bool fin = h[0] & 0x80, masked = h[1] & 0x80;
        int op = h[0] & 15;
        uint64_t len = h[1] & 127;
        size_t hl = 2;
        if (len == 126) {
            if (avail < 4) return true;
            len = (uint64_t)h[2] << 8 | h[3];
            hl = 4;
        } else if (len == 127) {
            if (avail < 10) return true;
            len = be_load64(h + 2);
            hl = 10;
        }
        if (!masked || len > WS_MAX_MESSAGE || w->msg.n + len > WS_MAX_MESSAGE) return false;
        if (avail < hl + 4 + len) return true;
        uint8_t mask[4];
        memcpy(mask, h + hl, 4);
        evbuffer_drain(in, hl + 4);
        uint8_t *p = malloc(len ? len : 1);
        if (!p) return false;
        evbuffer_remove(in, p, len);
        for (uint64_t i = 0; i < len; i++)
            p[i] ^= mask[i & 3];
        bool ok = true;
        if (op == 8) { /* close: echo it */
            send_frame(w, 8, p, len < 2 ? len : 2);
            ok = false;
        } else if (op == 9) {
            send_frame(w, 10, p, len);
        } else if (op == 0 || op == 1 || op == 2) {
            ok = buf_append(&w->msg, p, len) == RIVET_OK;
            if (ok && fin) {
                on_message(w, w->msg.p, w->msg.n);
                w->msg.n = 0;
            }
        }
        free(p);
        if (!ok) return false;
    }
}

static void on_read(struct bufferevent *bev, void *arg)
{
    ws_conn *w = arg;
    node_lock();
    bool open = read_frames(w);
    flush_pending(w); /* the replies; before a close, the close frame's echo */
    if (!open) ws_close(w);
    node_unlock();
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
    if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT))) return;
    node_lock();
    ws_close(arg);
    node_unlock();
}

bool node_ws_upgrade(node_chain *c, struct evhttp_request *rq, node_loop *loop)
{
    struct evkeyvalq *hs = evhttp_request_get_input_headers(rq);
    const char *up = evhttp_find_header(hs, "Upgrade"),
               *key = evhttp_find_header(hs, "Sec-WebSocket-Key");
    if (!up || strcasecmp(up, "websocket") != 0 || !key || strlen(key) > 64) return false;
    ws_conn *w = calloc(1, sizeof *w);
    if (!w) return false;
    w->c = c;
    w->loop = loop;
    w->evcon = evhttp_request_get_connection(rq);
    w->bev = evhttp_connection_get_bufferevent(w->evcon);
    char cat[128], acc[64];
    uint8_t sha[20];
    snprintf(cat, sizeof cat, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
    SHA1((const unsigned char *)cat, strlen(cat), sha);
    EVP_EncodeBlock((unsigned char *)acc, sha, 20);
    bufferevent_setcb(w->bev, on_read, NULL, on_event, w);
    bufferevent_set_timeouts(w->bev, NULL, NULL);
    evbuffer_add_printf(bufferevent_get_output(w->bev),
                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
                        acc);
    bufferevent_enable(w->bev, EV_READ | EV_WRITE);
    w->next = conns;
    conns = w;
    return true;
}

json_t *node_rpc_subscribe(node_chain *c, json_t *params, node_err *e)
{
    if (!current) return node_fail(e, -32601, "eth_subscribe needs a WebSocket connection");
    const char *kind = json_string_value(json_array_get(params, 0));
    if (!kind || (strcmp(kind, "newHeads") != 0 && strcmp(kind, "logs") != 0))
        return node_fail(e, -32602, "Invalid params: newHeads or logs");
    ws_sub *v = realloc(subs, (nsubs + 1) * sizeof *v);
    if (!v) return node_fail(e, -32603, "out of memory");
    subs = v;
    ws_sub *s = &subs[nsubs++];
    s->id = next_sub++;
    s->conn = current;
    s->logs = kind[0] == 'l';
    json_t *f = json_array_get(params, 1);
    s->filter = json_is_object(f) ? json_incref(f) : json_object();
    return node_qty(s->id);
}

json_t *node_rpc_unsubscribe(node_chain *c, json_t *params, node_err *e)
{
    uint64_t id;
    if (!node_get_qty(json_array_get(params, 0), &id))
        return node_fail(e, -32602, "Invalid params");
    for (size_t i = 0; i < nsubs; i++)
        if (subs[i].id == id && subs[i].conn == current) {
            json_decref(subs[i].filter);
            subs[i] = subs[--nsubs];
            return json_true();
        }
    return json_false();
}

static void notify(ws_sub *s, json_t *result)
{
    json_t *o = json_object(), *p = json_object();
    json_object_set_new(o, "jsonrpc", json_string("2.0"));
    json_object_set_new(o, "method", json_string("eth_subscription"));
    json_object_set_new(p, "subscription", node_qty(s->id));
    json_object_set_new(p, "result", result);
    json_object_set_new(o, "params", p);
    char *text = json_dumps(o, JSON_COMPACT);
    if (text) send_frame(s->conn, 1, text, strlen(text));
    free(text);
    json_decref(o);
}

/* Called for every mined block (node_mine). */
void node_ws_block(node_chain *c, uint64_t n)
{
    if (!nsubs || n >= c->nblocks) return;
    node_block *b = &c->blocks[n];
    for (size_t i = 0; i < nsubs; i++) {
        if (!subs[i].logs) {
            json_t *h = node_block_json(c, b, false);
            json_object_del(h, "transactions");
            notify(&subs[i], h);
            continue;
        }
        node_err e = {0, "", NULL};
        json_t *logs = node_logs_query(c, subs[i].filter, n, n, &e);
        for (size_t k = 0; logs && k < json_array_size(logs); k++)
            notify(&subs[i], json_incref(json_array_get(logs, k)));
        json_decref(logs);
    }
}
