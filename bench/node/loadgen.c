/* bench_node_loadgen: a lean JSON-RPC load generator for bench/node (the same client for rivet
   and anvil). Requests are read and HTTP-encoded before the clock starts; C keep-alive
   connections each keep one request in flight; a reply must be HTTP 200 with a "result"
   member. With --lanes each line starts with a connection number and that connection sends
   its lines in order (one sender per connection); without, any free connection takes the next
   line. --until BODY (repeatable) then polls BODY until its result is not null (a receipt),
   1 ms apart, within --deadline seconds. Prints one JSON line: requests, seconds (first send
   to the last --until answered), the client's own CPU per request, stalled waits. */
#define _GNU_SOURCE /* memmem */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 64

typedef struct {
    char *p;
    size_t n;
} req;

typedef struct {
    int fd;
    const req *cur; /* the request in flight, or NULL */
    size_t sent;
    char *in;
    size_t in_n, in_cap;
    size_t next; /* lanes: index into this lane's list */
} conn;

static void die(const char *what)
{
    fprintf(stderr, "loadgen: %s\n", what);
    exit(1);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static req encode(const char *body, size_t n)
{
    req r;
    r.p = malloc(n + 160);
    if (!r.p) die("out of memory");
    int h = snprintf(r.p, 160,
                     "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n",
                     n);
    memcpy(r.p + h, body, n);
    r.n = (size_t)h + n;
    return r;
}

static int dial(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(0x7f000001);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) die("cannot connect");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* A whole reply in c->in: its body (and length), consumed from the buffer; NULL if incomplete. */
static const char *reply(conn *c, size_t *body_n, size_t *used)
{
    char *e = memmem(c->in, c->in_n, "\r\n\r\n", 4);
    if (!e) return NULL;
    size_t hn = (size_t)(e - c->in) + 4, len = 0;
    bool have = false;
    for (char *l = memchr(c->in, '\n', hn); l && l < e; l = memchr(l + 1, '\n', (size_t)(e - l))) {
        if (strncasecmp(l + 1, "content-length:", 15) == 0) {
            len = strtoul(l + 16, NULL, 10);
            have = true;
        }
    }
    if (!have) die("a reply without Content-Length");
    if (c->in_n < hn + len) return NULL;
    if (strncmp(c->in, "HTTP/1.1 200", 12) != 0) die("a reply that is not HTTP 200");
    *body_n = len;
    *used = hn + len;
    return c->in + hn;
}

static void take(conn *c, size_t used)
{
    memmove(c->in, c->in + used, c->in_n - used);
    c->in_n -= used;
    c->cur = NULL;
}

/* Reads what the socket has; true once the request in flight has its whole reply (checked). */
static bool pump(conn *c, bool *null_result)
{
    if (c->in_cap - c->in_n < 65536) {
        c->in_cap = c->in_cap * 2 + 65536;
        c->in = realloc(c->in, c->in_cap);
        if (!c->in) die("out of memory");
    }
    ssize_t k = read(c->fd, c->in + c->in_n, c->in_cap - c->in_n);
    if (k == 0) die("the node closed a connection");
    if (k < 0) die("read failed");
    c->in_n += (size_t)k;
    size_t bn, used;
    const char *b = reply(c, &bn, &used);
    if (!b) return false;
    if (!memmem(b, bn, "\"result\"", 8)) {
        fprintf(stderr, "loadgen: request failed: %.*s\n", (int)bn, b);
        exit(1);
    }
    if (null_result) *null_result = memmem(b, bn, "\"result\":null", 13) != NULL;
    take(c, used);
    return true;
}

static void send_on(conn *c, const req *r)
{
    c->cur = r;
    c->sent = 0;
    while (c->sent < r->n) {
        ssize_t k = write(c->fd, r->p + c->sent, r->n - c->sent);
        if (k < 0) die("write failed");
        c->sent += (size_t)k;
    }
}

/* One request, then wait for its reply (the --until polls). */
static bool roundtrip(conn *c, const req *r)
{
    bool null_result = false;
    send_on(c, r);
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    while (c->cur)
        if (poll(&p, 1, -1) > 0) pump(c, &null_result);
    return !null_result;
}

/* The next request for connection i (lanes: its own lines in order; else the shared queue). */
static const req *next_for(int i, req *rq, const int *lane, size_t n, size_t *next,
                           size_t *lane_pos)
{
    if (!lane) return *next < n ? &rq[(*next)++] : NULL;
    while (lane_pos[i] < n && lane[lane_pos[i]] != i)
        lane_pos[i]++;
    return lane_pos[i] < n ? &rq[lane_pos[i]++] : NULL;
}

static void run(conn *cs, int nc, req *rq, const int *lane, size_t n)
{
    size_t next = 0, done = 0;
    size_t *lane_pos = calloc((size_t)nc, sizeof *lane_pos);
    int ep = epoll_create1(0);
    if (!lane_pos || ep < 0) die("epoll_create1 failed");
    for (int i = 0; i < nc; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev) != 0) die("epoll_ctl failed");
        const req *r = next_for(i, rq, lane, n, &next, lane_pos);
        if (r) send_on(&cs[i], r);
    }
    struct epoll_event evs[MAX_CONNS];
    while (done < n) {
        int k = epoll_wait(ep, evs, MAX_CONNS, -1);
        if (k < 0) die("epoll_wait failed");
        for (int e = 0; e < k; e++) {
            conn *c = &cs[evs[e].data.u32];
            if (!c->cur || !pump(c, NULL)) continue;
            done++;
            const req *r = next_for((int)evs[e].data.u32, rq, lane, n, &next, lane_pos);
            if (r) send_on(c, r);
        }
    }
    close(ep);
    free(lane_pos);
}

int main(int argc, char **argv)
{
    int port = 0, nc = 1;
    bool lanes = false;
    double deadline = 60;
    const char *file = NULL, *until[64];
    int nu = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--port") && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--conns") && i + 1 < argc)
            nc = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--lanes"))
            lanes = true;
        else if (!strcmp(argv[i], "--deadline") && i + 1 < argc)
            deadline = atof(argv[++i]);
        else if (!strcmp(argv[i], "--until") && i + 1 < argc && nu < 64)
            until[nu++] = argv[++i];
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else {
            fprintf(stderr, "usage: bench_node_loadgen --port P [--conns C] [--lanes] "
                            "[--until BODY]... [--deadline S] FILE\n");
            return 2;
        }
    }
    if (!port || !file || nc < 1 || nc > MAX_CONNS) die("need --port, a FILE and 1..64 --conns");
    FILE *f = fopen(file, "r");
    if (!f) die("cannot open the request file");
    req *rq = NULL;
    int *lane = NULL;
    size_t n = 0, cap = 0, ln = 0;
    char *line = NULL;
    ssize_t k;
    while ((k = getline(&line, &ln, f)) > 0) {
        while (k > 0 && (line[k - 1] == '\n' || line[k - 1] == '\r'))
            k--;
        if (!k) continue;
        if (n == cap) {
            cap = cap * 2 + 64;
            rq = realloc(rq, cap * sizeof *rq);
            lane = realloc(lane, cap * sizeof *lane);
            if (!rq || !lane) die("out of memory");
        }
        char *b = line;
        if (lanes) {
            lane[n] = (int)strtol(line, &b, 10);
            if (lane[n] < 0 || lane[n] >= nc || *b != ' ') die("a line without a lane < --conns");
            b++;
        }
        rq[n++] = encode(b, (size_t)(line + k - b));
    }
    fclose(f);
    req ur[64];
    for (int i = 0; i < nu; i++)
        ur[i] = encode(until[i], strlen(until[i]));
    conn cs[MAX_CONNS] = {{0}};
    for (int i = 0; i < nc; i++)
        cs[i].fd = dial(port);

    double c0 = cpu_s(), t0 = now_s();
    run(cs, nc, rq, lanes ? lane : NULL, n);
    int stalled = 0;
    for (int i = 0; i < nu; i++) {
        while (!roundtrip(&cs[0], &ur[i])) {
            if (now_s() - t0 > deadline) {
                stalled++;
                break;
            }
            nanosleep(&(struct timespec){0, 1000000}, NULL);
        }
    }
    double t = now_s() - t0, c = cpu_s() - c0;
    printf("{\"requests\":%zu,\"seconds\":%.6f,\"client_cpu_us\":%.3f,\"stalled\":%d}\n", n, t,
           n ? c * 1e6 / (double)n : 0.0, stalled);
    return 0;
}
