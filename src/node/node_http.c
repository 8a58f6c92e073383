/* HTTP transport on libevent's evhttp: POST bodies are JSON-RPC (node_rpc_handle), a GET with
   Upgrade: websocket becomes a WebSocket (node_ws.c), OPTIONS is a CORS preflight, bodies
   above 32 MiB are refused by evhttp (413). Worker threads (--threads, one event loop and one
   evhttp each) accept from the same listening socket and do the HTTP work side by side; the
   chain is touched under one lock (node_lock): every JSON-RPC method call (parsing a request
   and writing its reply are outside it), WebSocket message and the interval mining tick (a 10 ms
   timer on worker 0, the main thread, which also takes the signals). */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "node_impl.h"

#define MAX_BODY    (32u << 20)
#define MAX_THREADS 16

typedef struct server server;

typedef struct worker {
    server *sv;
    struct event_base *base;
    struct evhttp *http;
    pthread_t th;
    struct evhttp_bound_socket *bound; /* worker 0: the listening socket */
    rivet_buf out;                     /* the reply, reused */
    time_t date_at;                    /* the second `date` was written for */
    char date[40];
} worker;

struct server {
    node_chain *c;
    uint64_t next_mine_ms;
    unsigned n;
    worker w[MAX_THREADS];
};

/* recursive: a WebSocket message is answered (node_rpc_handle) under the lock its connection's
   state needs */
static pthread_mutex_t chain_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void node_lock(void)
{
    pthread_mutex_lock(&chain_lock);
}

void node_unlock(void)
{
    pthread_mutex_unlock(&chain_lock);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The Date header, formatted once a second (evhttp formats it for every reply it lacks it). */
static const char *http_date(worker *w)
{
    time_t now = time(NULL);
    if (now != w->date_at) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(w->date, sizeof w->date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        w->date_at = now;
    }
    return w->date;
}

/* CORS: a request from a page (it has an Origin) is allowed from any origin; the preflight
   (OPTIONS) also lists methods and headers. Clients that are not browsers send no Origin and
   get no CORS headers (as geth). */
static void cors(struct evhttp_request *rq, bool preflight)
{
    if (!preflight && !evhttp_find_header(evhttp_request_get_input_headers(rq), "Origin")) return;
    struct evkeyvalq *h = evhttp_request_get_output_headers(rq);
    evhttp_add_header(h, "Access-Control-Allow-Origin", "*");
    if (!preflight) return;
    evhttp_add_header(h, "Access-Control-Allow-Methods", "POST, GET, OPTIONS");
    evhttp_add_header(h, "Access-Control-Allow-Headers", "*");
    evhttp_add_header(h, "Access-Control-Max-Age", "86400");
}

static void on_request(struct evhttp_request *rq, void *arg)
{
    worker *w = arg;
    enum evhttp_cmd_type m = evhttp_request_get_command(rq);
    if (m == EVHTTP_REQ_GET) {
        node_lock();
        bool ws = node_ws_upgrade(w->sv->c, rq, w->base);
        node_unlock();
        if (ws) return; /* now a WebSocket */
    }
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
    w->out.n = 0;
    rivet_status st = node_rpc_handle(w->sv->c, body ? body : "", body ? len : 0, &w->out, &empty);
    if (st != RIVET_OK) {
        evhttp_send_error(rq, 500, "out of memory");
        return;
    }
    struct evkeyvalq *h = evhttp_request_get_output_headers(rq);
    evhttp_add_header(h, "Content-Type", "application/json");
    evhttp_add_header(h, "Date", http_date(w));
    if (!empty && evbuffer_add(reply, w->out.p, w->out.n) != 0) {
        evhttp_send_error(rq, 500, "out of memory");
        return;
    }
    evhttp_send_reply(rq, 200, "OK", NULL);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    server *sv = arg;
    node_chain *c = sv->c;
    node_lock();
    uint64_t now = now_ms(), due = sv->next_mine_ms;
    if (!c->interval_ms) {
        sv->next_mine_ms = 0;
    } else if (!due) {
        sv->next_mine_ms = now + c->interval_ms;
    } else if (now >= due) {
        sv->next_mine_ms = now + c->interval_ms;
        rivet_diag d;
        rivet_diag_clear(&d);
        if (node_mine(c, 0, 0, &d) != RIVET_OK) fprintf(stderr, "rivet node: mining: %s\n", d.msg);
    }
    node_unlock();
}

static void on_signal(evutil_socket_t fd, short what, void *arg)
{
    server *sv = arg;
    for (unsigned i = 0; i < sv->n; i++)
        event_base_loopbreak(sv->w[i].base);
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    event_base_dispatch(w->base);
    return NULL;
}

/* Worker i's loop and evhttp; worker 0 binds the socket, the others accept from a copy of it. */
static rivet_status worker_open(server *sv, unsigned i, const char *host, unsigned port,
                                rivet_diag *d)
{
    worker *w = &sv->w[i];
    w->sv = sv;
    w->base = event_base_new();
    w->http = w->base ? evhttp_new(w->base) : NULL;
    if (!w->http) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "evhttp_new failed");
    evhttp_set_max_body_size(w->http, MAX_BODY);
    evhttp_set_max_headers_size(w->http, 64 << 10);
    evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_OPTIONS);
    evhttp_set_timeout(w->http, 120);
    evhttp_set_gencb(w->http, on_request, w);
    if (i > 0) {
        int fd = dup(evhttp_bound_socket_get_fd(sv->w[0].bound));
        if (fd < 0 || evhttp_accept_socket(w->http, fd) != 0)
            return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "worker %u cannot accept", i);
        return RIVET_OK;
    }
    w->bound = evhttp_bind_socket_with_handle(w->http, host, (ev_uint16_t)port);
    if (!w->bound)
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot listen on %s:%u", host, port);
    /* accepted sockets inherit TCP_NODELAY (Linux): a reply's header and body writes must not
       wait for the client's delayed ACK */
    int one = 1;
    setsockopt(evhttp_bound_socket_get_fd(w->bound), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return RIVET_OK;
}

static void worker_close(worker *w)
{
    if (w->http) evhttp_free(w->http);
    if (w->base) event_base_free(w->base);
    buf_free(&w->out);
}

rivet_status node_serve(node_chain *c, const char *host, unsigned port, unsigned threads,
                        rivet_diag *d)
{
    server sv = {.c = c};
    sv.n = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    if (evthread_use_pthreads() != 0)
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "libevent has no pthreads support");
    signal(SIGPIPE, SIG_IGN);
    rivet_status st = RIVET_OK;
    unsigned started = 0;
    for (unsigned i = 0; i < sv.n && st == RIVET_OK; i++)
        st = worker_open(&sv, i, host, port, d);
    if (st != RIVET_OK) goto out;
    struct event_base *main = sv.w[0].base;
    struct timeval tick = {0, 10000};
    struct event *timer = event_new(main, -1, EV_PERSIST, on_tick, &sv);
    struct event *sint = evsignal_new(main, SIGINT, on_signal, &sv);
    struct event *sterm = evsignal_new(main, SIGTERM, on_signal, &sv);
    if (timer) event_add(timer, &tick);
    if (sint) event_add(sint, NULL);
    if (sterm) event_add(sterm, NULL);
    for (started = 1; started < sv.n; started++)
        if (pthread_create(&sv.w[started].th, NULL, run_worker, &sv.w[started]) != 0) break;
    fprintf(stderr, "Listening on %s:%u\n", host, port);
    event_base_dispatch(main);
    for (unsigned i = 1; i < started; i++) {
        event_base_loopbreak(sv.w[i].base);
        pthread_join(sv.w[i].th, NULL);
    }
    if (timer) event_free(timer);
    if (sint) event_free(sint);
    if (sterm) event_free(sterm);
out:
    for (unsigned i = sv.n; i-- > 0;)
        worker_close(&sv.w[i]);
    return st;
}
