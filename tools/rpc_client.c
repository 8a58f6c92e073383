/* rpc_client.h: one TCP connection per call (Connection: close), the reply read to its end. */
#include "rpc_client.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_REPLY (64u << 20)

/* http://host[:port][/path] */
static int parse_url(const char *url, char *host, size_t hcap, char *port, size_t pcap,
                     const char **path)
{
    if (strncmp(url, "http://", 7)) return -1;
    const char *h = url + 7, *slash = strchr(h, '/');
    const char *end = slash ? slash : h + strlen(h);
    const char *colon = memchr(h, ':', (size_t)(end - h));
    size_t hl = (size_t)((colon ? colon : end) - h);
    if (!hl || hl >= hcap) return -1;
    memcpy(host, h, hl);
    host[hl] = 0;
    size_t pl = colon ? (size_t)(end - colon - 1) : 2;
    if (!pl || pl >= pcap) return -1;
    memcpy(port, colon ? colon + 1 : "80", pl);
    port[pl] = 0;
    *path = slash ? slash : "/";
    return 0;
}

static int connect_to(const char *host, const char *port)
{
    struct addrinfo hints = {0}, *res, *a;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res)) return -1;
    int fd = -1;
    for (a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen)) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The whole reply (NUL-terminated), or NULL. */
static char *recv_all(int fd, size_t *len)
{
    size_t cap = 1 << 14, n = 0;
    char *b = malloc(cap + 1);
    for (ssize_t k; b; n += (size_t)k) {
        if (n == cap) {
            char *g = cap < MAX_REPLY ? realloc(b, (cap *= 2) + 1) : NULL;
            if (!g) {
                free(b);
                return NULL;
            }
            b = g;
        }
        k = recv(fd, b + n, cap - n, 0);
        if (k < 0) {
            free(b);
            return NULL;
        }
        if (k == 0) break;
    }
    if (b) b[n] = 0;
    *len = n;
    return b;
}

/* An HTTP exchange: the body of a 200 reply (malloc'd) or NULL with err. */
static char *http_post(const char *url, const char *body, char *err, size_t cap)
{
    char host[256], port[16], *reply = NULL;
    const char *path;
    if (parse_url(url, host, sizeof host, port, sizeof port, &path)) {
        snprintf(err, cap, "%s: not an http://host:port URL", url);
        return NULL;
    }
    int fd = connect_to(host, port);
    if (fd < 0) {
        snprintf(err, cap, "cannot connect to %s (is a node running there?)", url);
        return NULL;
    }
    char head[600];
    int hn = snprintf(head, sizeof head,
                      "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                      path, host, port, strlen(body));
    size_t len = 0;
    if (hn > 0 && (size_t)hn < sizeof head && !send_all(fd, head, (size_t)hn) &&
        !send_all(fd, body, strlen(body)))
        reply = recv_all(fd, &len);
    close(fd);
    if (!reply) {
        snprintf(err, cap, "%s: no reply", url);
        return NULL;
    }
    char *sep = strstr(reply, "\r\n\r\n");
    int status = 0;
    if (!sep || sscanf(reply, "HTTP/1.%*d %d", &status) != 1 || status != 200) {
        snprintf(err, cap, "%s: HTTP status %d", url, status);
        free(reply);
        return NULL;
    }
    memmove(reply, sep + 4, len - (size_t)(sep + 4 - reply) + 1);
    return reply;
}

json_t *rpc_call(const char *url, const char *method, json_t *params, char *err, size_t cap)
{
    json_t *rq = json_pack("{s:s,s:i,s:s,s:o}", "jsonrpc", "2.0", "id", 1, "method", method,
                           "params", params ? params : json_array());
    char *body = rq ? json_dumps(rq, JSON_COMPACT) : NULL;
    json_decref(rq);
    if (!body) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    char *reply = http_post(url, body, err, cap);
    free(body);
    if (!reply) return NULL;
    json_error_t je;
    json_t *r = json_loads(reply, 0, &je), *res = NULL;
    free(reply);
    json_t *e = json_object_get(r, "error");
    if (!r)
        snprintf(err, cap, "%s: bad JSON reply at %d: %s", method, je.position, je.text);
    else if (e) {
        json_t *data = json_object_get(e, "data");
        snprintf(err, cap, "%s: %lld: %s%s%s", method,
                 (long long)json_integer_value(json_object_get(e, "code")),
                 json_is_string(json_object_get(e, "message"))
                     ? json_string_value(json_object_get(e, "message"))
                     : "?",
                 json_is_string(data) ? " " : "",
                 json_is_string(data) ? json_string_value(data) : "");
    } else if (!(res = json_object_get(r, "result")))
        snprintf(err, cap, "%s: reply without a result", method);
    else
        json_incref(res);
    json_decref(r);
    return res;
}
