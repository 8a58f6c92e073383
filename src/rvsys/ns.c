/* Changing the namespace: mkdirat, unlinkat, renameat(2). In the overlay (the default) the
   host is untouched: new directories and files live in memory and removed host files are
   hidden by whiteouts; with dir_rw the host directory is changed too. Renaming directories is
   not supported (EXDEV, which callers treat as "copy instead"). */
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rvsys/rvs_internal.h"

enum { AT_REMOVEDIR = 0x200 };

static bool parent_dir(rvs_linux *L, const char *g)
{
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", g);
    char *slash = strrchr(parent, '/');
    if (!slash) return false;
    if (slash == parent)
        slash[1] = 0;
    else
        *slash = 0;
    rvs_inode *p = rvs_inode_lookup(L, parent);
    return p && p->dir;
}

int64_t sys_mkdirat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    char g[PATH_MAX], hp[PATH_MAX];
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    if (r) return r;
    if (rvs_inode_lookup(L, g)) return -EEXIST;
    if (!parent_dir(L, g)) return -ENOENT;
    bool on_host = L->o.dir_rw && rvs_host_path(L, g, hp, sizeof hp);
    if (on_host && mkdir(hp, (mode_t)(a[2] & 0777)) != 0) return -EACCES;
    rvs_inode *n = rvs_inode_add(L, g, on_host ? hp : NULL, true);
    if (!n) return -ENOMEM;
    n->mode = 040000 | ((unsigned)a[2] & 0777);
    return 0;
}

static bool dir_empty(rvs_linux *L, rvs_inode *d)
{
    rvs_file *f = rvs_file_new(RVS_F_DIR);
    if (!f) return false;
    f->inode = d;
    rvs_list_dir(L, f);
    bool empty = f->nnames <= 2; /* "." and ".." */
    rvs_file_unref(f);
    return empty;
}

int64_t sys_unlinkat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    char g[PATH_MAX];
    rvs_note(L, RVS_NR_unlinkat, "%s", (a[2] & AT_REMOVEDIR) ? "REMOVEDIR" : "file");
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    if (r) return r;
    rvs_inode *n = rvs_inode_lookup(L, g);
    if (!n) return -ENOENT;
    if (a[2] & AT_REMOVEDIR) {
        if (!n->dir) return -ENOTDIR;
        if (!strcmp(g, "/")) return -EBUSY;
        if (!dir_empty(L, n)) return -ENOTEMPTY;
    } else if (n->dir) {
        return -EISDIR;
    }
    if (L->o.dir_rw && n->host && (n->dir ? rmdir(n->host) : unlink(n->host)) != 0) return -EACCES;
    n->deleted = true;
    return 0;
}

static int64_t rename_at(rvs_linux *L, int64_t ofd, uint64_t op, int64_t nfd, uint64_t np)
{
    char from[PATH_MAX], to[PATH_MAX], hp[PATH_MAX];
    int r = rvs_resolve(L, ofd, op, from, sizeof from);
    if (!r) r = rvs_resolve(L, nfd, np, to, sizeof to);
    if (r) return r;
    rvs_inode *src = rvs_inode_lookup(L, from);
    if (!src) return -ENOENT;
    if (!strcmp(from, to)) return 0;
    if (src->dir) return -EXDEV;
    rvs_inode *dst = rvs_inode_lookup(L, to);
    if (dst && dst->dir) return -EISDIR;
    if (!dst && !parent_dir(L, to)) return -ENOENT;
    if (!rvs_inode_load(src)) return -EIO;
    bool on_host = L->o.dir_rw && src->host && rvs_host_path(L, to, hp, sizeof hp);
    if (on_host && rename(src->host, hp) != 0) return -EACCES;
    if (!dst) dst = rvs_inode_add(L, to, NULL, false);
    if (!dst) return -ENOMEM;
    /* the destination takes the contents; the source becomes a whiteout */
    free(dst->data);
    free(dst->host);
    dst->host = on_host ? strdup(hp) : NULL;
    dst->data = src->data;
    dst->len = src->len;
    dst->cap = src->cap;
    dst->mode = src->mode;
    dst->loaded = true;
    src->data = NULL;
    src->len = src->cap = 0;
    src->deleted = true;
    return 0;
}

int64_t sys_renameat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    return rename_at(L, (int64_t)a[0], a[1], (int64_t)a[2], a[3]);
}

int64_t sys_renameat2(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (a[4]) return -EINVAL; /* RENAME_NOREPLACE, EXCHANGE, WHITEOUT */
    return rename_at(L, (int64_t)a[0], a[1], (int64_t)a[2], a[3]);
}

int64_t sys_fchdir(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (f->type != RVS_F_DIR) return -ENOTDIR;
    if (strlen(f->inode->path) >= sizeof L->cwd) return -ENAMETOOLONG;
    strcpy(L->cwd, f->inode->path);
    return 0;
}

int64_t sys_ftruncate(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (f->type != RVS_F_REG || !(f->flags & 3)) return -EINVAL;
    if ((int64_t)a[1] < 0 || a[1] > (1u << 30)) return -EINVAL;
    rvs_inode *n = f->inode;
    if (a[1] > n->cap) {
        uint8_t *d = realloc(n->data, a[1]);
        if (!d) return -ENOMEM;
        n->data = d;
        n->cap = a[1];
    }
    if (a[1] > n->len) memset(n->data + n->len, 0, a[1] - n->len);
    n->len = a[1];
    if (f->host_fd >= 0 && ftruncate(f->host_fd, (off_t)a[1]) != 0) return -EIO;
    return 0;
}

/* fsync, fdatasync: nothing is buffered. */
int64_t sys_fsync(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    return rvs_fd_get(L, (int64_t)a[0]) ? 0 : -EBADF;
}

int64_t sys_fchmod(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (f->inode) f->inode->mode = (f->inode->mode & ~07777u) | ((unsigned)a[1] & 07777);
    return 0;
}

/* fchmodat changes the mode the guest sees (the host file keeps its own). */
int64_t sys_fchmodat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    char g[PATH_MAX];
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    if (r) return r;
    rvs_inode *n = rvs_inode_lookup(L, g);
    if (!n) return -ENOENT;
    n->mode = (n->mode & ~07777u) | ((unsigned)a[2] & 07777);
    return 0;
}

/* utimensat: times are fixed (the epoch of the run); accepted when the file exists. */
int64_t sys_utimensat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (!a[1]) return rvs_fd_get(L, (int64_t)a[0]) ? 0 : -EBADF;
    char g[PATH_MAX];
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    if (r) return r;
    return rvs_inode_lookup(L, g) ? 0 : -ENOENT;
}
