/* Loopback TCP in memory: enough for a program that serves and connects to itself (Go's
   net/http/httptest). AF_INET and AF_INET6 stream sockets only; any address is local; connect
   completes at once by queueing a server end on the listener with the same port. Nothing
   reaches the host network. */
#include "rvsys/rvs_internal.h"

enum { AF_INET_ = 2, AF_INET6_ = 10, SOCK_STREAM_ = 1, G_NONBLOCK = 0x800, G_CLOEXEC = 0x80000 };

void rvs_sock_release(rvs_file *f)
{
    rvs_pipe_drop(f->rx, true);
    rvs_pipe_drop(f->tx, false);
    for (size_t i = 0; i < f->npending; i++)
        rvs_file_unref(f->pending[i]);
    free(f->pending);
}

static uint16_t addr_port(const uint8_t *sa)
{
    return (uint16_t)(sa[2] << 8 | sa[3]);
}

static void set_port(uint8_t *sa, uint16_t port)
{
    sa[2] = (uint8_t)(port >> 8);
    sa[3] = (uint8_t)port;
}

static rvs_file *sock_get(rvs_linux *L, uint64_t fd, int64_t *err)
{
    rvs_file *f = rvs_fd_get(L, (int64_t)fd);
    *err = !f ? -EBADF : f->type != RVS_F_SOCK ? -ENOTSOCK : 0;
    return *err ? NULL : f;
}

/* The local address a socket gets when unbound: the family's loopback and a new port. */
static void autobind(rvs_linux *L, rvs_file *f)
{
    if (f->namelen && addr_port(f->name)) return;
    uint16_t fam = (uint16_t)f->name[0] | (uint16_t)(f->name[1] << 8);
    if (!f->namelen) {
        memset(f->name, 0, sizeof f->name);
        f->name[0] = (uint8_t)fam;
        if (fam == AF_INET_) {
            f->name[4] = 127;
            f->name[7] = 1;
        } else {
            f->name[23] = 1; /* ::1 */
        }
        f->namelen = fam == AF_INET_ ? 16 : 28;
    }
    set_port(f->name, (uint16_t)L->next_port++);
}

int64_t sys_socket(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_socket, "domain %llu type %llu", (unsigned long long)a[0],
             (unsigned long long)(a[1] & 0xf));
    if (a[0] != AF_INET_ && a[0] != AF_INET6_) return -EAFNOSUPPORT;
    if ((a[1] & 0xf) != SOCK_STREAM_) return -EPROTONOSUPPORT;
    rvs_file *f = rvs_file_new(RVS_F_SOCK);
    if (!f) return -ENOMEM;
    f->flags = 2 | ((unsigned)a[1] & G_NONBLOCK);
    f->name[0] = (uint8_t)a[0]; /* family, until bound */
    int fd = rvs_fd_install(L, f, 0);
    if (fd < 0) rvs_file_unref(f);
    if (fd >= 0) L->cloexec[fd] = a[1] & G_CLOEXEC;
    return fd;
}

int64_t sys_bind(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_file *f = sock_get(L, a[0], &e);
    if (!f) return e;
    if (a[2] < 16 || a[2] > 28) return -EINVAL;
    uint8_t sa[28] = {0};
    if (!rvs_get(L, a[1], sa, a[2])) return -EFAULT;
    memcpy(f->name, sa, sizeof sa);
    f->namelen = (uint32_t)a[2];
    if (!addr_port(sa)) set_port(f->name, (uint16_t)L->next_port++);
    return 0;
}

int64_t sys_listen(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_file *f = sock_get(L, a[0], &e);
    if (!f) return e;
    autobind(L, f);
    f->listening = true;
    return 0;
}

static rvs_file *find_listener(rvs_linux *L, uint16_t port)
{
    for (int i = 0; i < RVS_MAX_FDS; i++) {
        rvs_file *f = L->fd[i];
        if (f && f->type == RVS_F_SOCK && f->listening && addr_port(f->name) == port) return f;
    }
    return NULL;
}

int64_t sys_connect(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_file *f = sock_get(L, a[0], &e);
    if (!f) return e;
    if (f->rx) return -EISCONN;
    if (a[2] < 16 || a[2] > 28) return -EINVAL;
    uint8_t sa[28] = {0};
    if (!rvs_get(L, a[1], sa, a[2])) return -EFAULT;
    rvs_file *lst = find_listener(L, addr_port(sa));
    if (!lst) return -ECONNREFUSED;
    rvs_pipebuf *up = calloc(1, sizeof *up), *down = calloc(1, sizeof *down);
    rvs_file *srv = rvs_file_new(RVS_F_SOCK);
    rvs_file **q = realloc(lst->pending, (lst->npending + 1) * sizeof *q);
    if (q) lst->pending = q;
    if (!up || !down || !srv || !q) {
        free(up);
        free(down);
        free(srv);
        return -ENOMEM;
    }
    up->readers = up->writers = down->readers = down->writers = 1;
    autobind(L, f);
    memcpy(f->peer, sa, sizeof sa);
    f->peerlen = (uint32_t)a[2];
    f->tx = up;
    f->rx = down;
    f->gen++;
    srv->rx = up;
    srv->tx = down;
    srv->flags = 2;
    memcpy(srv->name, lst->name, sizeof srv->name);
    srv->namelen = lst->namelen;
    memcpy(srv->peer, f->name, sizeof srv->peer);
    srv->peerlen = f->namelen;
    q[lst->npending++] = srv;
    lst->gen++;
    return 0;
}

int64_t sys_accept4(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_file *f = sock_get(L, a[0], &e);
    if (!f) return e;
    if (!f->listening) return -EINVAL;
    if (!f->npending) {
        if (f->flags & G_NONBLOCK) return -EAGAIN;
        rvs_thread *t = rvs_cur(L);
        t->state = RVS_T_READ;
        t->read_fd = (int)a[0];
        cpu->h.pc -= 4; /* accept again once a connection is queued */
        return rvs_block(L, cpu);
    }
    rvs_file *c = f->pending[0];
    int fd = rvs_fd_install(L, c, 0);
    if (fd < 0) return fd;
    memmove(f->pending, f->pending + 1, --f->npending * sizeof *f->pending);
    f->gen++;
    c->flags = 2 | ((unsigned)a[3] & G_NONBLOCK);
    L->cloexec[fd] = a[3] & G_CLOEXEC;
    if (a[1] && a[2]) {
        uint32_t len;
        if (rvs_get(L, a[2], &len, 4)) {
            rvs_put(L, a[1], c->peer, len < c->peerlen ? len : c->peerlen);
            rvs_put(L, a[2], &c->peerlen, 4);
        }
    }
    return fd;
}

static int64_t put_name(rvs_linux *L, const uint8_t *sa, uint32_t salen, uint64_t addr,
                        uint64_t lenp)
{
    uint32_t len;
    if (!rvs_get(L, lenp, &len, 4)) return -EFAULT;
    if (!rvs_put(L, addr, sa, len < salen ? len : salen) || !rvs_put(L, lenp, &salen, 4))
        return -EFAULT;
    return 0;
}

int64_t sys_getsockname(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_file *f = sock_get(L, a[0], &e);
    if (!f) return e;
    if (!f->namelen) f->namelen = f->name[0] == AF_INET_ ? 16 : 28;
    return put_name(L, f->name, f->namelen, a[1], a[2]);
}

int64_t sys_getpeername(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_file *f = sock_get(L, a[0], &e);
    if (!f) return e;
    if (!f->peerlen) return -ENOTCONN;
    return put_name(L, f->peer, f->peerlen, a[1], a[2]);
}

int64_t sys_setsockopt(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_note(L, RVS_NR_setsockopt, "level %llu opt %llu", (unsigned long long)a[1],
             (unsigned long long)a[2]);
    return sock_get(L, a[0], &e) ? 0 : e;
}

int64_t sys_getsockopt(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_note(L, RVS_NR_getsockopt, "level %llu opt %llu", (unsigned long long)a[1],
             (unsigned long long)a[2]);
    if (!sock_get(L, a[0], &e)) return e;
    int32_t zero = 0;
    uint32_t four = 4;
    return rvs_put(L, a[3], &zero, 4) && rvs_put(L, a[4], &four, 4) ? 0 : -EFAULT;
}

int64_t sys_shutdown(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t e;
    rvs_file *f = sock_get(L, a[0], &e);
    if (!f) return e;
    if (!f->tx) return -ENOTCONN;
    if (a[1] >= 1) { /* SHUT_WR, SHUT_RDWR: the peer reads EOF */
        f->tx->shut = true;
        f->tx->gen++;
    }
    return 0;
}
