/* eventfd, pipes and epoll, as far as Go's netpoller needs them: epoll watches eventfds and
   pipes (regular files are refused with EPERM, as Linux does), level- or edge-triggered;
   epoll_pwait blocks in virtual time. */
#include "rvsys/rvs_internal.h"

enum {
    EPOLLIN = 1,
    EPOLLOUT = 4,
    EPOLLERR = 8,
    EPOLLHUP = 0x10,
    EPOLLRDHUP = 0x2000,
    EPOLLET = 1u << 31,
    G_O_NONBLOCK = 0x800
};

uint32_t rvs_file_poll(const rvs_file *f)
{
    switch (f->type) {
    case RVS_F_EVENTFD: return (f->count ? EPOLLIN : 0) | EPOLLOUT;
    case RVS_F_PIPE:
        if (f->write_end) return f->pipe->readers ? EPOLLOUT : EPOLLERR;
        return (f->pipe->len ? EPOLLIN : 0) | (f->pipe->writers ? 0 : EPOLLHUP | EPOLLIN);
    case RVS_F_SOCK:
        if (f->listening) return f->npending ? EPOLLIN : 0;
        if (!f->rx) return EPOLLOUT;
        return (f->rx->len ? EPOLLIN : 0) |
               (f->rx->writers > 0 && !f->rx->shut ? 0 : EPOLLIN | EPOLLRDHUP) |
               (f->tx->readers > 0 ? EPOLLOUT : EPOLLERR | EPOLLHUP);
    default: return EPOLLIN | EPOLLOUT;
    }
}

uint64_t rvs_file_gen(const rvs_file *f)
{
    return f->gen + (f->pipe ? f->pipe->gen : 0) + (f->rx ? f->rx->gen : 0) +
           (f->tx ? f->tx->gen : 0);
}

int64_t sys_eventfd2(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_eventfd2, "flags 0x%llx", (unsigned long long)a[1]);
    rvs_file *f = rvs_file_new(RVS_F_EVENTFD);
    if (!f) return -ENOMEM;
    f->count = (uint32_t)a[0];
    f->semaphore = a[1] & 1;
    f->flags = 2 | ((unsigned)a[1] & G_O_NONBLOCK);
    int fd = rvs_fd_install(L, f, 0);
    if (fd < 0) rvs_file_unref(f);
    if (fd >= 0) L->cloexec[fd] = a[1] & 0x80000;
    return fd;
}

int64_t sys_pipe2(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_pipe2, "flags 0x%llx", (unsigned long long)a[1]);
    rvs_pipebuf *p = calloc(1, sizeof *p);
    rvs_file *r = rvs_file_new(RVS_F_PIPE), *w = rvs_file_new(RVS_F_PIPE);
    if (!p || !r || !w) {
        free(p);
        free(r);
        free(w);
        return -ENOMEM;
    }
    r->pipe = w->pipe = p;
    w->write_end = true;
    p->readers = p->writers = 1;
    r->flags = (unsigned)a[1] & G_O_NONBLOCK;
    w->flags = 1 | ((unsigned)a[1] & G_O_NONBLOCK);
    int fr = rvs_fd_install(L, r, 0);
    int fw = fr < 0 ? fr : rvs_fd_install(L, w, 0);
    if (fw < 0) {
        if (fr >= 0) L->fd[fr] = NULL;
        rvs_file_unref(r);
        rvs_file_unref(w);
        return -EMFILE;
    }
    int fds[2] = {fr, fw};
    if (!rvs_put(L, a[0], fds, sizeof fds)) {
        L->fd[fr] = L->fd[fw] = NULL;
        rvs_file_unref(r);
        rvs_file_unref(w);
        return -EFAULT;
    }
    L->cloexec[fr] = L->cloexec[fw] = a[1] & 0x80000;
    return 0;
}

int64_t sys_epoll_create1(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (a[0] & ~0x80000ull) return -EINVAL;
    rvs_file *f = rvs_file_new(RVS_F_EPOLL);
    if (!f) return -ENOMEM;
    f->flags = 2;
    int fd = rvs_fd_install(L, f, 0);
    if (fd < 0) rvs_file_unref(f);
    if (fd >= 0) L->cloexec[fd] = a[0] & 0x80000;
    return fd;
}

int64_t sys_epoll_ctl(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    static const char *const ops[4] = {"?", "ADD", "DEL", "MOD"};
    rvs_file *ep = rvs_fd_get(L, (int64_t)a[0]), *f = rvs_fd_get(L, (int64_t)a[2]);
    rvs_note(L, RVS_NR_epoll_ctl, "%s %s", a[1] < 4 ? ops[a[1]] : "?",
             rvs_file_kind(f, (int64_t)a[2]));
    if (!ep || !f) return -EBADF;
    if (ep->type != RVS_F_EPOLL || ep == f) return -EINVAL;
    if (f->type != RVS_F_EVENTFD && f->type != RVS_F_PIPE && f->type != RVS_F_SOCK) return -EPERM;
    uint32_t ev[4] = {0};
    if (a[1] != 2 && !rvs_get(L, a[3], ev, 16)) return -EFAULT;
    uint64_t data = ev[2] | (uint64_t)ev[3] << 32;
    size_t i = 0;
    while (i < ep->nitems && ep->items[i].fd != (int)a[2])
        i++;
    switch (a[1]) {
    case 1: {
        if (i < ep->nitems) return -EEXIST;
        rvs_epitem *it = realloc(ep->items, (ep->nitems + 1) * sizeof *it);
        if (!it) return -ENOMEM;
        ep->items = it;
        it[ep->nitems++] = (rvs_epitem){(int)a[2], ev[0], data, UINT64_MAX, f};
        return 0;
    }
    case 2:
        if (i == ep->nitems) return -ENOENT;
        memmove(&ep->items[i], &ep->items[i + 1], (ep->nitems - i - 1) * sizeof *ep->items);
        ep->nitems--;
        return 0;
    case 3:
        if (i == ep->nitems) return -ENOENT;
        ep->items[i].events = ev[0];
        ep->items[i].data = data;
        ep->items[i].seen_gen = UINT64_MAX;
        return 0;
    }
    return -EINVAL;
}

/* Writes up to max ready events of the epoll fd to guest memory; returns the count. Items
   whose fd was closed are dropped. */
static int collect(rvs_linux *L, int epfd, uint64_t events, int max)
{
    rvs_file *ep = rvs_fd_get(L, epfd);
    if (!ep || ep->type != RVS_F_EPOLL) return -EBADF;
    int n = 0;
    for (size_t i = 0; i < ep->nitems && n < max; i++) {
        rvs_epitem *it = &ep->items[i];
        if (rvs_fd_get(L, it->fd) != it->file) {
            memmove(it, it + 1, (ep->nitems - i - 1) * sizeof *it);
            ep->nitems--;
            i--;
            continue;
        }
        uint32_t r = rvs_file_poll(it->file) & (it->events | EPOLLERR | EPOLLHUP);
        if (!r) continue;
        if (it->events & EPOLLET) {
            if (it->seen_gen == rvs_file_gen(it->file)) continue;
            it->seen_gen = rvs_file_gen(it->file);
        }
        uint32_t ev[4] = {r, 0, (uint32_t)it->data, (uint32_t)(it->data >> 32)};
        if (!rvs_put(L, events + 16 * (uint64_t)n, ev, 16)) return n ? n : -EFAULT;
        n++;
    }
    return n;
}

int rvs_epoll_collect(rvs_linux *L, rvs_thread *t)
{
    return collect(L, t->ep_fd, t->ep_events, t->ep_max);
}

int64_t sys_epoll_pwait(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t timeout = (int32_t)a[3];
    rvs_note(L, RVS_NR_epoll_pwait, "%s",
             timeout == 0  ? "poll"
             : timeout < 0 ? "block"
                           : "timeout");
    if ((int)a[2] <= 0) return -EINVAL;
    int n = collect(L, (int)a[0], a[1], (int)a[2]);
    if (n != 0 || timeout == 0) return n;
    rvs_thread *t = rvs_cur(L);
    t->state = RVS_T_EPOLL;
    t->ep_fd = (int)a[0];
    t->ep_events = a[1];
    t->ep_max = (int)a[2];
    t->deadline = timeout < 0 ? UINT64_MAX : rvs_now(L, cpu) + (uint64_t)timeout * 1000000;
    return rvs_block(L, cpu);
}

/* ppoll(fds, nfds, timeout, sigmask, size): readiness of each pollfd now. With nothing ready
   it waits in virtual time: until the timeout (then 0), or, without a timeout, in 1 ms steps
   that re-run the call. */
int64_t sys_ppoll(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_ppoll, "%s", !a[2] ? "block" : "timeout");
    if (a[1] > RVS_MAX_FDS) return -EINVAL;
    int64_t n = 0;
    for (uint64_t i = 0; i < a[1]; i++) {
        int32_t fd;
        uint16_t ev[2];
        if (!rvs_get(L, a[0] + 8 * i, &fd, 4) || !rvs_get(L, a[0] + 8 * i + 4, ev, 4))
            return -EFAULT;
        rvs_file *f = rvs_fd_get(L, fd);
        uint32_t r = fd < 0 ? 0 : !f ? 0x20 : rvs_file_poll(f) & (ev[0] | EPOLLERR | EPOLLHUP);
        ev[1] = (uint16_t)r;
        if (!rvs_put(L, a[0] + 8 * i + 6, &ev[1], 2)) return -EFAULT;
        n += r != 0;
    }
    if (n) return n;
    rvs_thread *t = rvs_cur(L);
    t->state = RVS_T_SLEEP;
    if (a[2]) {
        int64_t ts[2];
        if (!rvs_get(L, a[2], ts, 16) || ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
            return -EINVAL;
        if (!ts[0] && !ts[1]) {
            t->state = RVS_T_RUN;
            return 0;
        }
        cpu->h.x[10] = 0;
        t->deadline = rvs_now(L, cpu) + (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
    } else {
        cpu->h.pc -= 4;
        t->restart = true;
        t->deadline = rvs_now(L, cpu) + 1000000;
    }
    return rvs_block(L, cpu);
}
