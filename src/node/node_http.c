/* HTTP transport on libevent's evhttp: POST bodies are JSON-RPC (node_rpc_handle), a GET with
   Upgrade: websocket becomes a WebSocket (node_ws.c), OPTIONS is a CORS preflight, bodies
   above 32 MiB are refused by evhttp (413). Worker threads (--threads, one event loop and one
   evhttp each, the loops not shared: libevent runs without its locks) listen on the port with
   SO_REUSEPORT and do the HTTP work side by side; the chain is touched under one lock
   (node_lock): every JSON-RPC method call (parsing a request and writing its reply are outside
   it), WebSocket message and the interval mining tick (a 10 ms timer on worker 0, the main
   thread, which also takes the signals). A loop is woken from another thread through its
   eventfd (node_loop_wake): WebSocket frames queued for its connections, or stop. */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netdb.h>
#include <errno.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/eventfd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "node_impl.h"

#define MAX_BODY    (32u << 20)
#define MAX_THREADS 16

typedef struct server server;

typedef struct node_loop {
    server *sv;
    int wake_fd;        /* an eventfd: node_loop_wake */
    struct event *wake; /* reads it: WebSocket frames to move, or stop */
    struct event_base *base;
    struct evhttp *http;
    pthread_t th;
    rivet_buf out;  /* the reply, reused */
    time_t date_at; /* the second `date` was written for */
    char date[40];
} node_loop;

struct server {
    node_chain *c;
    atomic_bool stopping;
    uint64_t next_mine_ms;
    unsigned n;
    node_loop w[MAX_THREADS];
};

/* Readers (a plain eth_call at the head) share it; everything else holds it alone. Writers go
   first, so a stream of calls does not hold mining back. */
static pthread_rwlock_t chain_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static _Thread_local bool shared_now;

void node_lock(void)
{
    pthread_rwlock_wrlock(&chain_lock);
}

void node_lock_shared(void)
{
    pthread_rwlock_rdlock(&chain_lock);
    shared_now = true;
}

void node_unlock(void)
{
    shared_now = false;
    pthread_rwlock_unlock(&chain_lock);
}

bool node_lock_is_shared(void)
{
    return shared_now;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The Date header, formatted once a second (evhttp formats it for every reply it lacks it). */
static const char *http_date(node_loop *w)
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

void node_loop_wake(node_loop *l)
{
    uint64_t one = 1;
    ssize_t n = write(l->wake_fd, &one, sizeof one); /* fails only with a wake pending anyway */
    (void)n;
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
    node_loop *w = arg;
    uint64_t n;
    if (read(fd, &n, sizeof n) < 0) return;
    if (atomic_load(&w->sv->stopping)) {
        event_base_loopbreak(w->base);
        return;
    }
    node_lock();
    node_ws_flush(w);
    node_unlock();
}

static void on_request(struct evhttp_request *rq, void *arg)
{
    node_loop *w = arg;
    enum evhttp_cmd_type m = evhttp_request_get_command(rq);
    if (m == EVHTTP_REQ_GET) {
        node_lock();
        bool ws = node_ws_upgrade(w->sv->c, rq, w);
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

/* Ends the main loop; node_serve then stops the other workers. */
static void on_signal(evutil_socket_t fd, short what, void *arg)
{
    server *sv = arg;
    event_base_loopbreak(sv->w[0].base);
}

static void *run_worker(void *arg)
{
    node_loop *w = arg;
    event_base_dispatch(w->base);
    node_call_thread_end();
    return NULL;
}

/* A listening socket on ai; with `shared`, SO_REUSEPORT: each worker listens on its own and the
   kernel spreads the connections over them (one shared socket would let the first loop to
   wake accept them all). Accepted sockets inherit TCP_NODELAY (Linux): a reply's header and
   body writes must not wait for the client's delayed ACK. -1 on failure (errno). */
static int listen_on(const struct addrinfo *ai, bool shared, bool do_listen)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    int one = 1;
    if (fd < 0) return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (shared) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || (do_listen && listen(fd, 511) != 0)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* The workers' listening sockets on host:port. A plain bind first: it fails when anything
   listens there already (a SO_REUSEPORT listener too), so two nodes never share a port. */
static rivet_status listen_all(server *sv, const char *host, unsigned *port, int *fds,
                               rivet_diag *d)
{
    struct addrinfo hints = {.ai_flags = AI_PASSIVE | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM},
                    *ai = NULL;
    char ps[8];
    snprintf(ps, sizeof ps, "%u", *port);
    int e = getaddrinfo(host, ps, &hints, &ai);
    if (e != 0)
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot listen on %s: %s", host,
                          gai_strerror(e));
    rivet_status st = RIVET_OK;
    int probe = listen_on(ai, false, false);
    if (probe < 0) {
        st = rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot listen on %s:%u: %s", host, *port,
                        strerror(errno));
        goto out;
    }
    struct sockaddr_storage sa;
    socklen_t sl = sizeof sa;
    if (getsockname(probe, (struct sockaddr *)&sa, &sl) == 0) { /* port 0: the one given */
        *port = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                               : ((struct sockaddr_in *)&sa)->sin_port);
        memcpy(ai->ai_addr, &sa, ai->ai_addrlen < sl ? ai->ai_addrlen : sl);
    }
    close(probe);
    for (unsigned i = 0; i < sv->n && st == RIVET_OK; i++)
        if ((fds[i] = listen_on(ai, sv->n > 1, true)) < 0)
            st = rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot listen on %s:%u: %s", host, *port,
                            strerror(errno));
out:
    freeaddrinfo(ai);
    return st;
}

/* Worker i's loop and evhttp, accepting on fd (closed on failure). */
static rivet_status worker_open(server *sv, unsigned i, int fd, rivet_diag *d)
{
    node_loop *w = &sv->w[i];
    w->sv = sv;
    w->base = event_base_new();
    w->http = w->base ? evhttp_new(w->base) : NULL;
    w->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    w->wake = w->http && w->wake_fd >= 0
                  ? event_new(w->base, w->wake_fd, EV_READ | EV_PERSIST, on_wake, w)
                  : NULL;
    if (!w->wake || event_add(w->wake, NULL) != 0) {
        close(fd);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "cannot make worker %u's loop", i);
    }
    evhttp_set_max_body_size(w->http, MAX_BODY);
    evhttp_set_max_headers_size(w->http, 64 << 10);
    evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_OPTIONS);
    evhttp_set_timeout(w->http, 120);
    evhttp_set_gencb(w->http, on_request, w);
    if (!evhttp_accept_socket_with_handle(w->http, fd)) {
        close(fd);
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "worker %u cannot accept", i);
    }
    return RIVET_OK;
}

static void worker_close(node_loop *w)
{
    if (w->wake) event_free(w->wake);
    if (w->wake_fd >= 0) close(w->wake_fd);
    if (w->http) evhttp_free(w->http);
    if (w->base) event_base_free(w->base);
    buf_free(&w->out);
}

rivet_status node_serve(node_chain *c, const char *host, unsigned port, unsigned threads,
                        rivet_diag *d)
{
    server sv = {.c = c};
    for (unsigned i = 0; i < MAX_THREADS; i++)
        sv.w[i].wake_fd = -1;
    sv.n = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    signal(SIGPIPE, SIG_IGN);
    unsigned started = 0;
    int fds[MAX_THREADS];
    for (unsigned i = 0; i < MAX_THREADS; i++)
        fds[i] = -1;
    rivet_status st = listen_all(&sv, host, &port, fds, d);
    for (unsigned i = 0; i < sv.n && st == RIVET_OK; i++) {
        st = worker_open(&sv, i, fds[i], d); /* takes the socket, whatever it returns */
        fds[i] = -1;
    }
    for (unsigned i = 0; i < sv.n; i++)
        if (fds[i] >= 0) close(fds[i]);
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
    atomic_store(&sv.stopping, true);
    for (unsigned i = 1; i < started; i++) {
        node_loop_wake(&sv.w[i]);
        pthread_join(sv.w[i].th, NULL);
    }
    node_call_thread_end();
    if (timer) event_free(timer);
    if (sint) event_free(sint);
    if (sterm) event_free(sterm);
out:
    for (unsigned i = sv.n; i-- > 0;)
        worker_close(&sv.w[i]);
    return st;
}
