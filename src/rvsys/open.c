/* Opening and inspecting paths: openat (files, directories, /dev/null, O_CREAT in the
   overlay or, with dir_rw, on the host), fstat/newfstatat/statx, faccessat, readlinkat,
   getcwd, chdir. Metadata is deterministic: fixed times, inode numbers from the guest path. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "rvsys/rvs_internal.h"

enum {
    AT_FDCWD_ = -100,
    G_O_ACCMODE = 3,
    G_O_CREAT = 0x40,
    G_O_EXCL = 0x80,
    G_O_TRUNC = 0x200,
    G_O_DIRECTORY = 0x10000,
    G_O_CLOEXEC = 0x80000
};

/* ---------------------------------------------------------------- open, stat */

static void note_open(rvs_linux *L, uint64_t fl, int64_t r)
{
    static const char *const acc[4] = {"RDONLY", "WRONLY", "RDWR", "?"};
    rvs_note(L, RVS_NR_openat, "%s%s%s%s%s%s -> %s", acc[fl & 3], (fl & G_O_CREAT) ? "|CREAT" : "",
             (fl & G_O_EXCL) ? "|EXCL" : "", (fl & G_O_TRUNC) ? "|TRUNC" : "",
             (fl & G_O_DIRECTORY) ? "|DIRECTORY" : "", (fl & G_O_CLOEXEC) ? "|CLOEXEC" : "",
             r >= 0         ? "ok"
             : r == -ENOENT ? "ENOENT"
                            : "error");
}

static int64_t do_open(rvs_linux *L, const uint64_t a[6])
{
    char g[PATH_MAX];
    uint64_t fl = a[2];
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    if (r) return r;
    bool wr = (fl & G_O_ACCMODE) != 0;
    if (!strcmp(g, "/dev/null")) {
        rvs_file *f = rvs_file_new(RVS_F_NULL);
        if (!f) return -ENOMEM;
        f->flags = (unsigned)fl & ~(unsigned)(G_O_CLOEXEC | G_O_CREAT | G_O_TRUNC | G_O_EXCL);
        int fd = rvs_fd_install(L, f, 0);
        if (fd < 0) rvs_file_unref(f);
        if (fd >= 0) L->cloexec[fd] = fl & G_O_CLOEXEC;
        return fd;
    }
    rvs_inode *n = rvs_inode_lookup(L, g);
    if (n && (fl & G_O_CREAT) && (fl & G_O_EXCL)) return -EEXIST;
    if (!n) {
        if (!(fl & G_O_CREAT)) return -ENOENT;
        char parent[PATH_MAX];
        if (!rvs_canon(g, "..", parent, sizeof parent)) return -ENAMETOOLONG;
        rvs_inode *p = rvs_inode_lookup(L, parent);
        if (!p || !p->dir) return -ENOENT;
        char hp[PATH_MAX];
        bool on_host = L->o.dir_rw && rvs_host_path(L, g, hp, sizeof hp);
        if (on_host) {
            int hfd = open(hp, O_CREAT | O_WRONLY, (mode_t)(a[3] & 0777));
            if (hfd < 0) return -EACCES;
            close(hfd);
        }
        n = rvs_inode_add(L, g, on_host ? hp : NULL, false);
        if (!n) return -ENOMEM;
        n->mode = 0100000 | ((unsigned)a[3] & 0777);
    }
    if (n->dir && wr) return -EISDIR;
    if (!n->dir && (fl & G_O_DIRECTORY)) return -ENOTDIR;
    if (!n->dir && !rvs_inode_load(n)) return -EACCES;
    rvs_file *f = rvs_file_new(n->dir ? RVS_F_DIR : RVS_F_REG);
    if (!f) return -ENOMEM;
    f->inode = n;
    f->flags = (unsigned)fl & ~(unsigned)(G_O_CLOEXEC | G_O_CREAT | G_O_TRUNC | G_O_EXCL);
    if (n->dir) rvs_list_dir(L, f);
    if (wr && L->o.dir_rw && n->host) {
        f->host_fd = open(n->host, O_WRONLY);
        if (f->host_fd < 0) {
            rvs_file_unref(f);
            return -EACCES;
        }
    }
    if (wr && (fl & G_O_TRUNC)) {
        n->len = 0;
        if (f->host_fd >= 0 && ftruncate(f->host_fd, 0) != 0) {
            rvs_file_unref(f);
            return -EIO;
        }
    }
    int fd = rvs_fd_install(L, f, 0);
    if (fd < 0) {
        rvs_file_unref(f);
        return fd;
    }
    L->cloexec[fd] = fl & G_O_CLOEXEC;
    return fd;
}

int64_t sys_openat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    int64_t r = do_open(L, a);
    note_open(L, a[2], r);
    return r;
}

static void fill_stat(const rvs_linux *L, const rvs_file *f, const rvs_inode *n, uint8_t st[128])
{
    uint64_t dev = 1, ino = 0, rdev = 0, size = 0;
    uint32_t mode = 0600, nlink = 1, blksize = 4096;
    if (n) {
        ino = n->ino;
        mode = n->mode;
        size = n->dir ? 4096 : n->len;
        nlink = n->dir ? 2 : 1;
    } else if (f->type == RVS_F_STDIO) {
        mode = 020620;
        rdev = 0x8800;
        ino = 3;
        blksize = 1024;
    } else if (f->type == RVS_F_NULL) {
        mode = 020666;
        rdev = 0x103;
        ino = 4;
    } else if (f->type == RVS_F_PIPE) {
        mode = 010600;
        ino = 5;
    }
    memset(st, 0, 128);
    uint64_t blocks = (size + 511) / 512;
    int64_t t = (int64_t)L->o.epoch_s;
    memcpy(st + 0, &dev, 8);
    memcpy(st + 8, &ino, 8);
    memcpy(st + 16, &mode, 4);
    memcpy(st + 20, &nlink, 4);
    memcpy(st + 32, &rdev, 8);
    memcpy(st + 48, &size, 8);
    memcpy(st + 56, &blksize, 4);
    memcpy(st + 64, &blocks, 8);
    memcpy(st + 72, &t, 8);
    memcpy(st + 88, &t, 8);
    memcpy(st + 104, &t, 8);
}

int64_t sys_fstat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    uint8_t st[128];
    fill_stat(L, f, f->inode, st);
    return rvs_put(L, a[1], st, sizeof st) ? 0 : -EFAULT;
}

/* stat of (dirfd, path, flags) into st (struct stat layout); 0 or -errno. */
static int stat_at(rvs_linux *L, uint64_t nr, const uint64_t a[6], uint8_t st[128])
{
    char path[8];
    if ((a[2] & 0x1000) && rvs_get_str(L, a[1], path, sizeof path) && !path[0]) {
        rvs_note(L, nr, "EMPTY_PATH");
        rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
        if (!f) return -EBADF;
        fill_stat(L, f, f->inode, st);
        return 0;
    }
    char g[PATH_MAX];
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    rvs_inode *n = r ? NULL : rvs_inode_lookup(L, g);
    rvs_note(L, nr, "path -> %s", n ? "ok" : "ENOENT");
    if (r) return r;
    if (!strcmp(g, "/dev/null")) {
        rvs_file nf = {.type = RVS_F_NULL};
        fill_stat(L, &nf, NULL, st);
    } else if (!n) {
        return -ENOENT;
    } else {
        fill_stat(L, NULL, n, st);
    }
    return 0;
}

int64_t sys_newfstatat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint8_t st[128];
    const uint64_t sa[6] = {a[0], a[1], a[3]};
    int r = stat_at(L, RVS_NR_newfstatat, sa, st);
    if (r) return r;
    return rvs_put(L, a[2], st, sizeof st) ? 0 : -EFAULT;
}

/* statx(dirfd, path, flags, mask, buf): the struct stat fields in struct statx's layout. */
int64_t sys_statx(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint8_t st[128], sx[256];
    int r = stat_at(L, RVS_NR_statx, a, st);
    if (r) return r;
    memset(sx, 0, sizeof sx);
    uint32_t mask = 0x7ff; /* STATX_BASIC_STATS */
    uint64_t dev, rdev;
    memcpy(sx + 0, &mask, 4);
    memcpy(sx + 4, st + 56, 4);   /* blksize */
    memcpy(sx + 16, st + 20, 4);  /* nlink */
    memcpy(sx + 20, st + 24, 8);  /* uid, gid */
    memcpy(sx + 28, st + 16, 2);  /* mode */
    memcpy(sx + 32, st + 8, 8);   /* ino */
    memcpy(sx + 40, st + 48, 8);  /* size */
    memcpy(sx + 48, st + 64, 8);  /* blocks */
    memcpy(sx + 64, st + 72, 8);  /* atime */
    memcpy(sx + 96, st + 104, 8); /* ctime */
    memcpy(sx + 112, st + 88, 8); /* mtime */
    memcpy(&dev, st, 8);
    memcpy(&rdev, st + 32, 8);
    uint32_t mm[4] = {(uint32_t)(rdev >> 8), (uint32_t)(rdev & 0xff), (uint32_t)(dev >> 8),
                      (uint32_t)(dev & 0xff)};
    memcpy(sx + 128, mm, sizeof mm);
    return rvs_put(L, a[4], sx, sizeof sx) ? 0 : -EFAULT;
}

int64_t sys_faccessat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    char g[PATH_MAX];
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    if (r) return r;
    return !strcmp(g, "/dev/null") || rvs_inode_lookup(L, g) ? 0 : -ENOENT;
}

int64_t sys_readlinkat(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    char g[PATH_MAX];
    int r = rvs_resolve(L, (int64_t)a[0], a[1], g, sizeof g);
    if (r) return r;
    if (strcmp(g, "/proc/self/exe")) return rvs_inode_lookup(L, g) ? -EINVAL : -ENOENT;
    size_t n = strlen(L->exe_path);
    if (n > a[3]) n = a[3];
    return rvs_put(L, a[2], L->exe_path, n) ? (int64_t)n : -EFAULT;
}

int64_t sys_getcwd(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    size_t n = strlen(L->cwd) + 1;
    if (a[1] < n) return -ERANGE;
    return rvs_put(L, a[0], L->cwd, n) ? (int64_t)n : -EFAULT;
}

int64_t sys_chdir(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    char g[PATH_MAX];
    int r = rvs_resolve(L, AT_FDCWD_, a[0], g, sizeof g);
    if (r) return r;
    rvs_inode *n = rvs_inode_lookup(L, g);
    if (!n) return -ENOENT;
    if (!n->dir) return -ENOTDIR;
    if (strlen(g) >= sizeof L->cwd) return -ENAMETOOLONG;
    strcpy(L->cwd, g);
    return 0;
}
