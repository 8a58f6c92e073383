/* HTTP transport on libevent's evhttp: POST bodies are JSON-RPC (node_rpc_handle), a GET with
   Upgrade: websocket becomes a WebSocket (node_ws.c), OPTIONS is a
   CORS preflight, bodies above 32 MiB are refused by evhttp (413). One event loop: requests,
   interval mining (a 10 ms tick) and signals. */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "node_impl.h"

#define MAX_BODY (32u << 20)

typedef struct server {
    node_chain *c;
    struct event_base *base;
    uint64_t next_mine_ms;
    rivet_buf out;
    time_t date_at; /* the second `date` was written for */
    char date[40];
} server;

/* The Date header, formatted once a second (evhttp formats it for every reply it lacks it). */
static const char *http_date(server *sv)
{
    time_t now = time(NULL);
    if (now != sv->date_at) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(sv->date, sizeof sv->date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        sv->date_at = now;
    }
    return sv->date;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* CORS: every reply allows any origin; the preflight (OPTIONS) also lists methods and headers. */
static void cors(struct evhttp_request *rq, bool preflight)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(rq);
    evhttp_add_header(h, "Access-Control-Allow-Origin", "*");
    if (!preflight) return;
    evhttp_add_header(h, "Access-Control-Allow-Methods", "POST, GET, OPTIONS");
    evhttp_add_header(h, "Access-Control-Allow-Headers", "*");
    evhttp_add_header(h, "Access-Control-Max-Age", "86400");
}

static void on_request(struct evhttp_request *rq, void *arg)
{
    server *sv = arg;
    enum evhttp_cmd_type m = evhttp_request_get_command(rq);
    if (m == EVHTTP_REQ_GET && node_ws_upgrade(sv->c, rq)) return; /* now a WebSocket */
    cors(rq, m == EVHTTP_REQ_OPTIONS);
    if (m == EVHTTP_REQ_OPTIONS) {
        evhttp_send_reply(rq, 200, "OK", NULL);
        return;
    }
    /* the reply goes straight into the request's output buffer (no buffer per request) */
    struct evbuffer *reply = evhttp_request_get_output_buffer(rq);
    if (m != EVHTTP_REQ_POST) {
        evbuffer_add_printf(reply, "rivet node: JSON-RPC 2.0 over HTTP POST\n");
        evhttp_send_reply(rq, 200, "OK", NULL);
        return;
    }
    struct evbuffer *in = evhttp_request_get_input_buffer(rq);
    size_t len = evbuffer_get_length(in);
    const char *body = (const char *)evbuffer_pullup(in, (ev_ssize_t)len);
    bool empty = false;
    sv->out.n = 0;
    if (node_rpc_handle(sv->c, body ? body : "", body ? len : 0, &sv->out, &empty) != RIVET_OK) {
        evhttp_send_error(rq, 500, "out of memory");
        return;
    }
    struct evkeyvalq *h = evhttp_request_get_output_headers(rq);
    evhttp_add_header(h, "Content-Type", "application/json");
    evhttp_add_header(h, "Date", http_date(sv));
    if (!empty && evbuffer_add(reply, sv->out.p, sv->out.n) != 0) {
        evhttp_send_error(rq, 500, "out of memory");
        return;
    }
    evhttp_send_reply(rq, 200, "OK", NULL);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    server *sv = arg;
    node_chain *c = sv->c;
    if (!c->interval_ms) {
        sv->next_mine_ms = 0;
        return;
    }
    uint64_t now = now_ms();
    if (!sv->next_mine_ms) sv->next_mine_ms = now + c->interval_ms;
    if (now < sv->next_mine_ms) return;
    sv->next_mine_ms = now + c->interval_ms;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (node_mine(c, 0, 0, &d) != RIVET_OK) fprintf(stderr, "rivet node: mining: %s\n", d.msg);
}

static void on_signal(evutil_socket_t fd, short what, void *arg)
{
    server *sv = arg;
    event_base_loopbreak(sv->base);
}

rivet_status node_serve(node_chain *c, const char *host, unsigned port, rivet_diag *d)
{
    server sv = {c, event_base_new(), 0, {0}, 0, ""};
    if (!sv.base) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "event_base_new failed");
    struct evhttp *http = evhttp_new(sv.base);
    rivet_status st = RIVET_OK;
    if (!http) {
        event_base_free(sv.base);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "evhttp_new failed");
    }
    evhttp_set_max_body_size(http, MAX_BODY);
    evhttp_set_max_headers_size(http, 64 << 10);
    evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_OPTIONS);
    evhttp_set_timeout(http, 120);
    evhttp_set_gencb(http, on_request, &sv);
    struct evhttp_bound_socket *bs = evhttp_bind_socket_with_handle(http, host, (ev_uint16_t)port);
    if (!bs) {
        st = rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot listen on %s:%u", host, port);
        goto out;
    }
    /* accepted sockets inherit TCP_NODELAY (Linux): a reply's header and body writes must not
       wait for the client's delayed ACK */
    int one = 1;
    setsockopt(evhttp_bound_socket_get_fd(bs), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tick = {0, 10000};
    struct event *timer = event_new(sv.base, -1, EV_PERSIST, on_tick, &sv);
    struct event *sint = evsignal_new(sv.base, SIGINT, on_signal, &sv);
    struct event *sterm = evsignal_new(sv.base, SIGTERM, on_signal, &sv);
    if (timer) event_add(timer, &tick);
    if (sint) event_add(sint, NULL);
    if (sterm) event_add(sterm, NULL);
    signal(SIGPIPE, SIG_IGN);
    fprintf(stderr, "Listening on %s:%u\n", host, port);
    event_base_dispatch(sv.base);
    if (timer) event_free(timer);
    if (sint) event_free(sint);
    if (sterm) event_free(sterm);
out:
    evhttp_free(http);
    event_base_free(sv.base);
    buf_free(&sv.out);
    return st;
}
