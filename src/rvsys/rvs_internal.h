/* Internals of the Linux ABI: process, threads, files, census. */
#ifndef RIVET_RVS_INTERNAL_H
#define RIVET_RVS_INTERNAL_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/rvsys.h"

/* ---------------------------------------------------------------- syscall table */

typedef struct rvs_thread rvs_thread;
typedef int64_t (*rvs_sys_fn)(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6]);

/* The syscall table: sys.def lists S(nr, name, handler) for implemented calls and U(nr, name)
   for known but unsupported ones (they return -ENOSYS and are reported). */
#define S(nr, name, fn) RVS_NR_##name = nr,
#define U(nr, name)     RVS_NR_##name = nr,
enum {
#include "rvsys/sys.def"
};
#undef S
#undef U

/* A handler's special result: the calling thread blocked (or exited) and another was switched
   in; a0 is not written. */
#define RVS_SWITCHED INT64_MIN

/* ---------------------------------------------------------------- files */

typedef enum {
    RVS_F_STDIO,
    RVS_F_REG,
    RVS_F_DIR,
    RVS_F_EVENTFD,
    RVS_F_PIPE,
    RVS_F_EPOLL,
    RVS_F_NULL,
    RVS_F_SOCK,
} rvs_ftype;

/* A file's contents, shared by every open description of one guest path. */
typedef struct rvs_inode {
    char *path; /* canonical guest path */
    char *host; /* host path, NULL for files that exist only in memory */
    bool dir, loaded;
    bool deleted; /* removed (a whiteout over the host file in the overlay) */
    uint8_t *data;
    size_t len, cap;
    uint64_t ino;
    unsigned mode;
} rvs_inode;

typedef struct rvs_pipebuf {
    uint8_t *data;
    size_t len, cap;
    int readers, writers;
    uint64_t gen; /* bumped on every read, write and close */
    bool shut;    /* writing side shut down (shutdown(SHUT_WR)) */
} rvs_pipebuf;

typedef struct rvs_epitem {
    int fd;
    uint32_t events;
    uint64_t data;
    uint64_t seen_gen; /* edge-triggered: state generation at the last report */
    struct rvs_file *file;
} rvs_epitem;

/* An open file description (shared by dup'ed fds). */
typedef struct rvs_file {
    rvs_ftype type;
    int refs;
    int host_fd;      /* STDIO, REG with dir_rw */
    unsigned flags;   /* O_* as the guest gave them (status flags) */
    uint64_t off;     /* REG: file offset; DIR: entry index */
    uint64_t gen;     /* bumped on each readiness change */
    rvs_inode *inode; /* REG, DIR */
    char **names;     /* DIR: sorted entry names (incl. "." and "..") */
    unsigned char *types;
    size_t nnames;
    uint64_t count;    /* EVENTFD */
    bool semaphore;    /* EVENTFD: EFD_SEMAPHORE */
    rvs_pipebuf *pipe; /* PIPE */
    bool write_end;
    rvs_epitem *items; /* EPOLL */
    size_t nitems;
    /* SOCK: loopback TCP. Connected: rx is read, tx written (the peer's rx). Listening:
       pending connections (server ends) wait for accept. */
    rvs_pipebuf *rx, *tx;
    bool listening;
    struct rvs_file **pending;
    size_t npending;
    uint8_t name[28], peer[28];
    uint32_t namelen, peerlen;
} rvs_file;

enum { RVS_MAX_FDS = 1024 };

/* ---------------------------------------------------------------- threads */

typedef enum {
    RVS_T_RUN,
    RVS_T_FUTEX,
    RVS_T_SLEEP,
    RVS_T_EPOLL,
    RVS_T_READ,
    RVS_T_DEAD
} rvs_tstate;

struct rvs_thread {
    int tid;
    rvs_tstate state;
    rv_hart h;           /* saved registers while not running */
    uint64_t deadline;   /* virtual ns; UINT64_MAX = none */
    uint64_t futex_addr; /* RVS_T_FUTEX */
    uint32_t futex_bits;
    uint64_t wait_seq;  /* FIFO order of futex waiters */
    uint64_t clear_tid; /* CLONE_CHILD_CLEARTID / set_tid_address */
    uint64_t sigmask;
    uint64_t pending; /* queued signals (bit sig-1) */
    uint64_t alt_sp, alt_size;
    int alt_flags;
    int ep_fd; /* RVS_T_EPOLL */
    uint64_t ep_events;
    int ep_max;
    int read_fd;  /* RVS_T_READ: re-run the read when readable */
    bool restart; /* RVS_T_SLEEP: re-run the ecall at the deadline (a0 kept) */
};

/* ---------------------------------------------------------------- census */

typedef struct rvs_pattern {
    char key[56];
    uint64_t count;
} rvs_pattern;

typedef struct rvs_sysstat {
    uint64_t count;
    rvs_pattern *pat;
    size_t npat;
} rvs_sysstat;

enum { RVS_NSYS = 512 };

/* ---------------------------------------------------------------- process */

typedef struct rvs_sigact {
    uint64_t handler, flags, mask;
} rvs_sigact;

struct rvs_linux {
    rvs_opts o;
    rvs_dir *dirs; /* copies with canonical guest paths */
    rv_mem *mem;
    rv_cpu *cpu;
    uint8_t *exe;
    size_t exe_len;
    char exe_path[256];
    char cwd[256];
    /* memory */
    uint64_t brk_base, brk_cur, brk_max;
    uint64_t mmap_base, mmap_limit;
    /* threads */
    rvs_thread **th;
    size_t nth, cur;
    int next_tid;
    uint64_t wait_seq;
    uint64_t skip_ns; /* virtual time skipped while every thread waited */
    uint64_t slice_end;
    bool deadlock;
    bool exited;
    int64_t exit_code;
    /* files */
    rvs_file *fd[RVS_MAX_FDS];
    bool cloexec[RVS_MAX_FDS];
    rvs_inode **inodes;
    size_t ninodes;
    /* signals */
    rvs_sigact sig[65];
    uint64_t sigreturn_pc; /* the trampoline page: li a7, 139; ecall */
    uint64_t rlim[16][2];
    /* randomness */
    uint64_t rng;
    /* census */
    rvs_sysstat sys[RVS_NSYS];
    uint64_t unknown_high; /* calls with numbers >= RVS_NSYS */
    uint64_t total;
    int max_threads;
    int next_port;        /* loopback ephemeral ports */
    rvs_engine_fn engine; /* NULL: rv_run */
    void *engine_ctx;
};

/* sys.c */
const char *rvs_sys_name(uint64_t nr);
void rvs_note(rvs_linux *L, uint64_t nr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
uint64_t rvs_rand64(rvs_linux *L);

/* sched.c */
static inline rvs_thread *rvs_cur(rvs_linux *L)
{
    return L->th[L->cur];
}
uint64_t rvs_now(const rvs_linux *L, const rv_cpu *cpu);
/* Blocks the current thread (its state already set) and switches to the next runnable one,
   jumping virtual time when all wait. Returns RVS_SWITCHED. */
int64_t rvs_block(rvs_linux *L, rv_cpu *cpu);
/* Moves the current thread to the back of the run queue (sched_yield, end of slice). */
void rvs_yield(rvs_linux *L, rv_cpu *cpu);
/* Wakes up to n futex waiters on addr whose bitset intersects bits; returns the number. */
int rvs_futex_wake(rvs_linux *L, uint64_t addr, int n, uint32_t bits);
rvs_thread *rvs_thread_new(rvs_linux *L);

/* signal.c: queue a signal for t (false: the default action ended the process); deliver a
   pending unblocked signal to the running thread; turn a fault into a signal (false: no
   handler, the fault ends the run). */
RIVET_MUST_USE bool rvs_signal_send(rvs_linux *L, rv_cpu *cpu, rvs_thread *t, int sig);
void rvs_signal_deliver(rvs_linux *L, rv_cpu *cpu);
RIVET_MUST_USE bool rvs_signal_fault(rvs_linux *L, rv_cpu *cpu, const rv_result *r);

/* fs.c */
rvs_file *rvs_fd_get(rvs_linux *L, int64_t fd);
int rvs_fd_install(rvs_linux *L, rvs_file *f, int lowest);
rvs_file *rvs_file_new(rvs_ftype t);
void rvs_file_unref(rvs_file *f);
void rvs_fs_init(rvs_linux *L);
void rvs_fs_free(rvs_linux *L);
/* Namespace (fs.c): canonical guest path of (dirfd, user path); inode of a guest path (NULL:
   absent); a new inode (or a revived deleted one); host path inside an exposed directory;
   contents loaded; the sorted listing of a directory file. */
int rvs_resolve(rvs_linux *L, int64_t dirfd, uint64_t upath, char *g, size_t cap);
/* Joins base and path, removing ".", ".." and repeated slashes: "/a/b" or "/". */
RIVET_MUST_USE bool rvs_canon(const char *base, const char *path, char *out, size_t cap);
rvs_inode *rvs_inode_lookup(rvs_linux *L, const char *g);
rvs_inode *rvs_inode_add(rvs_linux *L, const char *g, const char *host, bool dir);
RIVET_MUST_USE bool rvs_host_path(rvs_linux *L, const char *g, char *out, size_t cap);
RIVET_MUST_USE bool rvs_inode_load(rvs_inode *n);
void rvs_list_dir(rvs_linux *L, rvs_file *f);

/* Readiness (EPOLLIN/EPOLLOUT/EPOLLHUP bits) of a file, and a counter that changes whenever
   the readiness may have changed (for edge-triggered epoll). */
uint32_t rvs_file_poll(const rvs_file *f);
uint64_t rvs_file_gen(const rvs_file *f);
/* "stdin", "file", "socket", ... for the census. */
const char *rvs_file_kind(const rvs_file *f, int64_t fd);
/* Pipe-style byte queue: read (-EAGAIN when empty with writers left; 0 at EOF), write. */
int64_t rvs_pipe_read(rvs_linux *L, rvs_pipebuf *p, uint64_t buf, uint64_t n);
int64_t rvs_pipe_write(rvs_linux *L, rvs_pipebuf *p, uint64_t buf, uint64_t n);
void rvs_pipe_drop(rvs_pipebuf *p, bool reader);
/* sock.c: closes a socket's ends. */
void rvs_sock_release(rvs_file *f);
/* poll.c: writes the ready events of an epoll-waiting thread to guest memory; the count. */
int rvs_epoll_collect(rvs_linux *L, rvs_thread *t);

/* Guest memory helpers: false when the range is not accessible. */
static inline bool rvs_get(rvs_linux *L, uint64_t addr, void *dst, size_t n)
{
    return rv_mem_read_guest(L->mem, addr, dst, n);
}
static inline bool rvs_put(rvs_linux *L, uint64_t addr, const void *src, size_t n)
{
    return rv_mem_write_guest(L->mem, addr, src, n);
}
/* Reads a NUL-terminated guest string of at most cap-1 bytes; false on fault or overflow. */
RIVET_MUST_USE bool rvs_get_str(rvs_linux *L, uint64_t addr, char *dst, size_t cap);

#define S(nr, name, fn) int64_t fn(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6]);
#define U(nr, name)
#include "rvsys/sys.def"
#undef S
#undef U

#endif
