/* Reading and writing through file descriptors, plus the fd-level calls (close, dup, fcntl,
   lseek, ioctl). Host I/O happens only on the three standard streams and, with dir_rw, on the
   exposed files. */
#include <fcntl.h>
#include <unistd.h>

#include "rvsys/rvs_internal.h"

enum { CHUNK = 65536, G_O_APPEND = 0x400, G_O_NONBLOCK = 0x800 };

/* Transfers between guest memory and a host fd in chunks. */
static int64_t host_write(rvs_linux *L, int hfd, uint64_t buf, uint64_t n)
{
    static uint8_t tmp[CHUNK];
    uint64_t done = 0;
    while (done < n) {
        size_t k = n - done < CHUNK ? n - done : CHUNK;
        if (!rvs_get(L, buf + done, tmp, k)) return done ? (int64_t)done : -EFAULT;
        for (size_t w = 0; w < k;) {
            ssize_t r = write(hfd, tmp + w, k - w);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) return done + w ? (int64_t)(done + w) : -EIO;
            w += (size_t)r;
        }
        done += k;
    }
    return (int64_t)done;
}

static int64_t host_read(rvs_linux *L, int hfd, uint64_t buf, uint64_t n)
{
    static uint8_t tmp[CHUNK];
    size_t k = n < CHUNK ? n : CHUNK;
    ssize_t r;
    do
        r = read(hfd, tmp, k);
    while (r < 0 && errno == EINTR);
    if (r < 0) return -EIO;
    return rvs_put(L, buf, tmp, (size_t)r) ? r : -EFAULT;
}

static bool grow(rvs_inode *n, size_t need)
{
    if (need <= n->cap) return true;
    size_t cap = n->cap ? n->cap : 256;
    while (cap < need)
        cap *= 2;
    uint8_t *d = realloc(n->data, cap);
    if (!d) return false;
    n->data = d;
    n->cap = cap;
    return true;
}

int64_t rvs_pipe_read(rvs_linux *L, rvs_pipebuf *p, uint64_t buf, uint64_t n)
{
    if (!p->len) return p->writers > 0 && !p->shut ? -EAGAIN : 0;
    uint64_t k = p->len < n ? p->len : n;
    if (!rvs_put(L, buf, p->data, k)) return -EFAULT;
    memmove(p->data, p->data + k, p->len - k);
    p->len -= k;
    p->gen++;
    return (int64_t)k;
}

int64_t rvs_pipe_write(rvs_linux *L, rvs_pipebuf *p, uint64_t buf, uint64_t n)
{
    if (p->readers <= 0 || p->shut) return -EPIPE;
    if (!n) return 0;
    if (n > (1u << 24)) n = 1u << 24;
    if (p->len + n > p->cap) {
        size_t cap = p->cap ? p->cap : 4096;
        while (cap < p->len + n)
            cap *= 2;
        uint8_t *d = realloc(p->data, cap);
        if (!d) return -ENOMEM;
        p->data = d;
        p->cap = cap;
    }
    if (!rvs_get(L, buf, p->data + p->len, n)) return -EFAULT;
    p->len += n;
    p->gen++;
    return (int64_t)n;
}

void rvs_pipe_drop(rvs_pipebuf *p, bool reader)
{
    if (!p) return;
    if (reader)
        p->readers--;
    else
        p->writers--;
    p->gen++;
    if (p->readers <= 0 && p->writers <= 0) {
        free(p->data);
        free(p);
    }
}

/* Reads at off (a file offset; pipes and counters ignore it). Returns bytes or -errno; for an
   empty pipe without O_NONBLOCK, blocks by re-running the ecall once data arrives. */
static int64_t do_read(rvs_linux *L, rv_cpu *cpu, int64_t fd, uint64_t buf, uint64_t n,
                       uint64_t *off, bool may_block)
{
    rvs_file *f = rvs_fd_get(L, fd);
    if (!f) return -EBADF;
    switch (f->type) {
    case RVS_F_STDIO: return host_read(L, f->host_fd, buf, n);
    case RVS_F_NULL: return 0;
    case RVS_F_DIR: return -EISDIR;
    case RVS_F_EPOLL: return -EINVAL;
    case RVS_F_REG: {
        if ((f->flags & 3) == 1) return -EBADF;
        rvs_inode *ino = f->inode;
        if (*off >= ino->len) return 0;
        uint64_t k = ino->len - *off < n ? ino->len - *off : n;
        if (!rvs_put(L, buf, ino->data + *off, k)) return -EFAULT;
        *off += k;
        return (int64_t)k;
    }
    case RVS_F_EVENTFD: {
        if (n < 8) return -EINVAL;
        if (!f->count) break;
        uint64_t v = f->semaphore ? 1 : f->count;
        if (!rvs_put(L, buf, &v, 8)) return -EFAULT;
        f->count -= v;
        f->gen++;
        return 8;
    }
    case RVS_F_PIPE:
    case RVS_F_SOCK: {
        if (f->type == RVS_F_PIPE && f->write_end) return -EBADF;
        if (f->type == RVS_F_SOCK && !f->rx) return -ENOTCONN;
        int64_t r = rvs_pipe_read(L, f->type == RVS_F_PIPE ? f->pipe : f->rx, buf, n);
        if (r != -EAGAIN) return r;
        break;
    }
    }
    /* nothing to read */
    if ((f->flags & G_O_NONBLOCK) || !may_block) return -EAGAIN;
    rvs_thread *t = rvs_cur(L);
    t->state = RVS_T_READ;
    t->read_fd = (int)fd;
    cpu->h.pc -= 4; /* re-run the ecall when woken */
    return rvs_block(L, cpu);
}

static int64_t do_write(rvs_linux *L, int64_t fd, uint64_t buf, uint64_t n, uint64_t *off,
                        bool positional)
{
    rvs_file *f = rvs_fd_get(L, fd);
    if (!f) return -EBADF;
    switch (f->type) {
    case RVS_F_STDIO: return host_write(L, f->host_fd, buf, n);
    case RVS_F_NULL: return (int64_t)n;
    case RVS_F_DIR: return -EISDIR;
    case RVS_F_EPOLL: return -EINVAL;
    case RVS_F_REG: {
        if ((f->flags & 3) == 0) return -EBADF;
        if (!n) return 0;
        rvs_inode *ino = f->inode;
        if ((f->flags & G_O_APPEND) && !positional) *off = ino->len;
        if (n > (1u << 30) || !grow(ino, *off + n)) return -ENOSPC;
        if (*off > ino->len) memset(ino->data + ino->len, 0, *off - ino->len);
        if (!rvs_get(L, buf, ino->data + *off, n)) return -EFAULT;
        if (f->host_fd >= 0 && pwrite(f->host_fd, ino->data + *off, n, (off_t)*off) != (ssize_t)n)
            return -EIO;
        *off += n;
        if (*off > ino->len) ino->len = *off;
        return (int64_t)n;
    }
    case RVS_F_EVENTFD: {
        uint64_t v;
        if (n < 8) return -EINVAL;
        if (!rvs_get(L, buf, &v, 8)) return -EFAULT;
        if (v == UINT64_MAX) return -EINVAL;
        if (f->count + v >= UINT64_MAX - 1) return -EAGAIN;
        f->count += v;
        f->gen++;
        return 8;
    }
    case RVS_F_PIPE:
        if (!f->write_end) return -EBADF;
        return rvs_pipe_write(L, f->pipe, buf, n);
    case RVS_F_SOCK:
        if (!f->tx) return -ENOTCONN;
        return rvs_pipe_write(L, f->tx, buf, n);
    }
    return -EINVAL;
}

const char *rvs_file_kind(const rvs_file *f, int64_t fd)
{
    static const char *const t[] = {"stdio", "file",  "dir",  "eventfd",
                                    "pipe",  "epoll", "null", "socket"};
    if (!f) return "badfd";
    if (f->type == RVS_F_STDIO) return fd == 0 ? "stdin" : fd == 1 ? "stdout" : "stderr";
    return t[f->type];
}

static void note_fd(rvs_linux *L, uint64_t nr, int64_t fd)
{
    rvs_note(L, nr, "%s", rvs_file_kind(rvs_fd_get(L, fd), fd));
}

int64_t sys_read(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    note_fd(L, RVS_NR_read, (int64_t)a[0]);
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    uint64_t dummy = 0;
    return do_read(L, cpu, (int64_t)a[0], a[1], a[2], f ? &f->off : &dummy, true);
}

int64_t sys_write(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    note_fd(L, RVS_NR_write, (int64_t)a[0]);
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    uint64_t dummy = 0;
    return do_write(L, (int64_t)a[0], a[1], a[2], f ? &f->off : &dummy, false);
}

int64_t sys_pread64(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (f->type != RVS_F_REG) return -ESPIPE;
    uint64_t off = a[3];
    return do_read(L, cpu, (int64_t)a[0], a[1], a[2], &off, false);
}

int64_t sys_pwrite64(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (f->type != RVS_F_REG) return -ESPIPE;
    uint64_t off = a[3];
    return do_write(L, (int64_t)a[0], a[1], a[2], &off, true);
}

/* readv / writev: one iovec at a time, stopping at the first short transfer. */
static int64_t vec_io(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6], bool wr)
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (a[2] > 1024) return -EINVAL;
    int64_t total = 0;
    for (uint64_t i = 0; i < a[2]; i++) {
        uint64_t iov[2];
        if (!rvs_get(L, a[1] + 16 * i, iov, 16)) return total ? total : -EFAULT;
        if (!iov[1]) continue;
        int64_t r =
            wr ? do_write(L, (int64_t)a[0], iov[0], iov[1], &f->off, false)
               : do_read(L, cpu, (int64_t)a[0], iov[0], iov[1], &f->off, total == 0 && i == 0);
        if (r == RVS_SWITCHED) return r;
        if (r < 0) return total ? total : r;
        total += r;
        if ((uint64_t)r < iov[1]) break;
    }
    return total;
}

int64_t sys_readv(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    note_fd(L, RVS_NR_readv, (int64_t)a[0]);
    return vec_io(L, cpu, a, false);
}

int64_t sys_writev(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    note_fd(L, RVS_NR_writev, (int64_t)a[0]);
    return vec_io(L, cpu, a, true);
}

int64_t sys_lseek(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (f->type == RVS_F_DIR) {
        if (a[1] || a[2]) return -EINVAL;
        f->off = 0;
        return 0;
    }
    if (f->type == RVS_F_NULL) return 0;
    if (f->type != RVS_F_REG) return -ESPIPE;
    int64_t base = a[2] == 0   ? 0
                   : a[2] == 1 ? (int64_t)f->off
                   : a[2] == 2 ? (int64_t)f->inode->len
                               : -1;
    if (base < 0) return -EINVAL;
    int64_t pos = base + (int64_t)a[1];
    if (pos < 0) return -EINVAL;
    f->off = (uint64_t)pos;
    return pos;
}

int64_t sys_close(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    L->fd[a[0]] = NULL;
    rvs_file_unref(f);
    return 0;
}

static int64_t dup_to(rvs_linux *L, int64_t old, int64_t nfd, bool cloexec)
{
    rvs_file *f = rvs_fd_get(L, old);
    if (!f) return -EBADF;
    if (nfd < 0 || nfd >= RVS_MAX_FDS) return -EBADF;
    if (L->fd[nfd]) rvs_file_unref(L->fd[nfd]);
    f->refs++;
    L->fd[nfd] = f;
    L->cloexec[nfd] = cloexec;
    return nfd;
}

int64_t sys_dup(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    int fd = rvs_fd_install(L, f, 0);
    if (fd >= 0) f->refs++;
    return fd;
}

int64_t sys_dup3(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (a[0] == a[1]) return -EINVAL;
    return dup_to(L, (int64_t)a[0], (int64_t)a[1], a[2] & 0x80000);
}

int64_t sys_fcntl(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    static const char *const names[5] = {"DUPFD", "GETFD", "SETFD", "GETFL", "SETFL"};
    uint64_t cmd = a[1];
    if (cmd < 5)
        rvs_note(L, RVS_NR_fcntl, "%s", names[cmd]);
    else
        rvs_note(L, RVS_NR_fcntl, "%s", cmd == 1030 ? "DUPFD_CLOEXEC" : "other");
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    switch (cmd) {
    case 0:
    case 1030: {
        int fd = rvs_fd_install(L, f, (int)a[2]);
        if (fd >= 0) {
            f->refs++;
            L->cloexec[fd] = cmd == 1030;
        }
        return fd;
    }
    case 1: return L->cloexec[a[0]] ? 1 : 0;
    case 2: L->cloexec[a[0]] = a[2] & 1; return 0;
    case 3: return f->flags;
    case 4:
        f->flags = (f->flags & ~(unsigned)(G_O_APPEND | G_O_NONBLOCK)) |
                   ((unsigned)a[2] & (G_O_APPEND | G_O_NONBLOCK));
        return 0;
    }
    return -EINVAL;
}

int64_t sys_ioctl(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_ioctl, "0x%llx", (unsigned long long)a[1]);
    return rvs_fd_get(L, (int64_t)a[0]) ? -ENOTTY : -EBADF;
}
