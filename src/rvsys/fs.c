/* The guest's file namespace: stdin/stdout/stderr, /dev/null, /proc/self/exe, and host
   directories exposed explicitly (--dir HOST[:GUEST]). Nothing else of the host is visible.
   A file's contents are read once, on first open, into an inode shared by every open of the
   same guest path; writes change the inode only (the overlay), or also the host file when
   dir_rw is set. Directory listings are sorted, so they do not depend on the host's order. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rvsys/rvs_internal.h"

enum { AT_FDCWD_ = -100 };

/* ---------------------------------------------------------------- paths */

/* Joins base and path and removes ".", ".." and repeated slashes: "/a/b" or "/". */
bool rvs_canon(const char *base, const char *path, char *out, size_t cap)
{
    char tmp[PATH_MAX * 2];
    if (snprintf(tmp, sizeof tmp, "%s/%s", path[0] == '/' ? "" : base, path) >= (int)sizeof tmp)
        return false;
    size_t n = 0;
    for (char *s = tmp; *s;) {
        while (*s == '/')
            s++;
        char *e = s;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - s);
        if (len == 0 || (len == 1 && s[0] == '.')) {
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0) n--;
        } else {
            if (n + 1 + len + 1 > cap) return false;
            out[n++] = '/';
            memcpy(out + n, s, len);
            n += len;
        }
        s = e;
    }
    if (n == 0) out[n++] = '/';
    out[n] = 0;
    return true;
}

static bool under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n == 1) return true; /* "/" */
    return !strncmp(path, prefix, n) && (path[n] == 0 || path[n] == '/');
}

/* Host path of a guest path inside an exposed directory (longest match), checked to stay
   inside that directory after symlinks; false when outside every exposed directory. */
bool rvs_host_path(rvs_linux *L, const char *g, char *out, size_t cap)
{
    const rvs_dir *best = NULL;
    for (size_t i = 0; i < L->o.ndirs; i++)
        if (under(g, L->dirs[i].guest) && (!best || strlen(L->dirs[i].guest) > strlen(best->guest)))
            best = &L->dirs[i];
    if (!best) return false;
    const char *rest = g + (strlen(best->guest) == 1 ? 0 : strlen(best->guest));
    char joined[PATH_MAX], real[PATH_MAX];
    if (snprintf(joined, sizeof joined, "%s%s", best->host, rest) >= (int)sizeof joined)
        return false;
    if (!realpath(joined, real)) {
        /* not existing (yet): the parent must resolve inside the root */
        snprintf(out, cap, "%s", joined);
        char *slash = strrchr(joined, '/');
        if (!slash || slash == joined) return false;
        *slash = 0;
        if (!realpath(joined, real) || !under(real, best->host)) return false;
        return true;
    }
    if (!under(real, best->host)) return false;
    snprintf(out, cap, "%s", real);
    return true;
}

/* A directory that holds an exposed directory, e.g. "/" when only "/data" is exposed. */
static bool virtual_dir(rvs_linux *L, const char *g)
{
    for (size_t i = 0; i < L->o.ndirs; i++)
        if (under(L->dirs[i].guest, g)) return true;
    return false;
}

/* ---------------------------------------------------------------- inodes */

static uint64_t fnv(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return h;
}

rvs_inode *rvs_inode_add(rvs_linux *L, const char *g, const char *host, bool dir)
{
    for (size_t i = 0; i < L->ninodes; i++) {
        rvs_inode *n = L->inodes[i];
        if (!n->deleted || strcmp(n->path, g)) continue;
        free(n->host);
        n->host = host ? strdup(host) : NULL;
        n->dir = dir;
        n->deleted = false;
        n->loaded = dir || !host;
        n->len = 0;
        n->mode = dir ? 040755 : 0100644;
        return n;
    }
    rvs_inode **v = realloc(L->inodes, (L->ninodes + 1) * sizeof *v);
    if (!v) return NULL;
    L->inodes = v;
    rvs_inode *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->path = strdup(g);
    n->host = host ? strdup(host) : NULL;
    n->dir = dir;
    n->ino = fnv(g) >> 1;
    n->mode = dir ? 040755 : 0100644;
    n->loaded = dir || !host;
    v[L->ninodes++] = n;
    return n;
}

/* The inode of a guest path, or NULL (ENOENT). Contents are not loaded. */
rvs_inode *rvs_inode_lookup(rvs_linux *L, const char *g)
{
    for (size_t i = 0; i < L->ninodes; i++)
        if (!strcmp(L->inodes[i]->path, g)) return L->inodes[i]->deleted ? NULL : L->inodes[i];
    if (!strcmp(g, "/proc/self/exe")) {
        rvs_inode *n = rvs_inode_add(L, g, NULL, false);
        if (!n || !(n->data = malloc(L->exe_len + 1))) return NULL;
        memcpy(n->data, L->exe, L->exe_len);
        n->len = n->cap = L->exe_len;
        n->mode = 0100755;
        return n;
    }
    char hp[PATH_MAX];
    struct stat st;
    if (rvs_host_path(L, g, hp, sizeof hp) && stat(hp, &st) == 0 &&
        (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
        rvs_inode *n = rvs_inode_add(L, g, hp, S_ISDIR(st.st_mode));
        if (n) {
            n->mode = (st.st_mode & S_IFMT) | (st.st_mode & 0777);
            n->len = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
        }
        return n;
    }
    if (virtual_dir(L, g)) return rvs_inode_add(L, g, NULL, true);
    return NULL;
}

bool rvs_inode_load(rvs_inode *n)
{
    if (n->loaded) return true;
    FILE *fp = fopen(n->host, "rb");
    if (!fp) return false;
    size_t cap = n->len + 1, len = 0;
    uint8_t *d = malloc(cap);
    size_t got;
    while (d && (got = fread(d + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap) {
            uint8_t *nd = realloc(d, cap *= 2);
            if (!nd) free(d);
            d = nd;
        }
    }
    fclose(fp);
    if (!d) return false;
    n->data = d;
    n->len = len;
    n->cap = cap;
    n->loaded = true;
    return true;
}

/* ---------------------------------------------------------------- fds */

rvs_file *rvs_file_new(rvs_ftype t)
{
    rvs_file *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->type = t;
    f->refs = 1;
    f->host_fd = -1;
    return f;
}

void rvs_file_unref(rvs_file *f)
{
    if (!f || --f->refs > 0) return;
    if (f->type == RVS_F_REG && f->host_fd >= 0) close(f->host_fd);
    if (f->type == RVS_F_PIPE) rvs_pipe_drop(f->pipe, !f->write_end);
    if (f->type == RVS_F_SOCK) rvs_sock_release(f);
    for (size_t i = 0; i < f->nnames; i++)
        free(f->names[i]);
    free(f->names);
    free(f->types);
    free(f->items);
    free(f);
}

rvs_file *rvs_fd_get(rvs_linux *L, int64_t fd)
{
    return fd >= 0 && fd < RVS_MAX_FDS ? L->fd[fd] : NULL;
}

int rvs_fd_install(rvs_linux *L, rvs_file *f, int lowest)
{
    for (int i = lowest < 0 ? 0 : lowest; i < RVS_MAX_FDS; i++)
        if (!L->fd[i]) {
            L->fd[i] = f;
            L->cloexec[i] = false;
            return i;
        }
    return -EMFILE;
}

void rvs_fs_init(rvs_linux *L)
{
    if (!L->o.cwd || !rvs_canon("/", L->o.cwd, L->cwd, sizeof L->cwd)) strcpy(L->cwd, "/");
    for (int i = 0; i < 3; i++) {
        rvs_file *f = rvs_file_new(RVS_F_STDIO);
        f->host_fd = i == 0 ? L->o.in_fd : i == 1 ? L->o.out_fd : L->o.err_fd;
        f->flags = i == 0 ? 0 : 1;
        L->fd[i] = f;
    }
}

void rvs_fs_free(rvs_linux *L)
{
    for (int i = 0; i < RVS_MAX_FDS; i++)
        rvs_file_unref(L->fd[i]);
    for (size_t i = 0; i < L->ninodes; i++) {
        free(L->inodes[i]->path);
        free(L->inodes[i]->host);
        free(L->inodes[i]->data);
        free(L->inodes[i]);
    }
    free(L->inodes);
}

/* Resolves (dirfd, path) to a canonical guest path. Returns 0 or -errno. */
int rvs_resolve(rvs_linux *L, int64_t dirfd, uint64_t upath, char *g, size_t cap)
{
    char path[PATH_MAX];
    if (!rvs_get_str(L, upath, path, sizeof path)) return -EFAULT;
    const char *base = L->cwd;
    if (path[0] != '/' && (int)dirfd != AT_FDCWD_) {
        rvs_file *d = rvs_fd_get(L, dirfd);
        if (!d) return -EBADF;
        if (d->type != RVS_F_DIR) return -ENOTDIR;
        base = d->inode->path;
    }
    if (path[0] == 0) return -ENOENT;
    return rvs_canon(base, path, g, cap) ? 0 : -ENAMETOOLONG;
}

/* ---------------------------------------------------------------- directories */

static void add_name(rvs_file *f, const char *name, unsigned char type)
{
    for (size_t i = 0; i < f->nnames; i++)
        if (!strcmp(f->names[i], name)) return;
    char **n = realloc(f->names, (f->nnames + 1) * sizeof *n);
    unsigned char *t = realloc(f->types, f->nnames + 1);
    if (n) f->names = n;
    if (t) f->types = t;
    if (!n || !t) return;
    n[f->nnames] = strdup(name);
    t[f->nnames++] = type;
}

/* The child name of path directly inside dir, or NULL. */
static const char *child_of(const char *dir, const char *path)
{
    size_t n = strlen(dir) == 1 ? 0 : strlen(dir);
    if (strncmp(path, dir, n) || path[n] != '/' || !path[n + 1]) return NULL;
    return strchr(path + n + 1, '/') ? NULL : path + n + 1;
}

/* Was dir/name deleted in the overlay? */
static bool whiteout(rvs_linux *L, const char *dir, const char *name)
{
    for (size_t i = 0; i < L->ninodes; i++) {
        const char *c = L->inodes[i]->deleted ? child_of(dir, L->inodes[i]->path) : NULL;
        if (c && !strcmp(c, name)) return true;
    }
    return false;
}

void rvs_list_dir(rvs_linux *L, rvs_file *f)
{
    rvs_inode *d = f->inode;
    add_name(f, ".", DT_DIR);
    add_name(f, "..", DT_DIR);
    DIR *dp = d->host ? opendir(d->host) : NULL;
    for (struct dirent *e; dp && (e = readdir(dp));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (whiteout(L, d->path, e->d_name)) continue;
        unsigned char t = e->d_type == DT_DIR ? DT_DIR : DT_REG;
        if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
            char p[PATH_MAX];
            struct stat st;
            snprintf(p, sizeof p, "%s/%s", d->host, e->d_name);
            if (stat(p, &st) != 0) continue;
            t = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
        }
        add_name(f, e->d_name, t);
    }
    if (dp) closedir(dp);
    for (size_t i = 0; i < L->ninodes; i++) {
        const char *c = child_of(d->path, L->inodes[i]->path);
        if (c && !L->inodes[i]->deleted) add_name(f, c, L->inodes[i]->dir ? DT_DIR : DT_REG);
    }
    for (size_t i = 0; i < L->o.ndirs; i++) {
        const char *c = child_of(d->path, L->dirs[i].guest);
        if (c) add_name(f, c, DT_DIR);
    }
    /* sort names (types follow) */
    for (size_t i = 1; i < f->nnames; i++)
        for (size_t j = i; j > 0 && strcmp(f->names[j - 1], f->names[j]) > 0; j--) {
            char *tn = f->names[j];
            f->names[j] = f->names[j - 1];
            f->names[j - 1] = tn;
            unsigned char tt = f->types[j];
            f->types[j] = f->types[j - 1];
            f->types[j - 1] = tt;
        }
}

int64_t sys_getdents64(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_file *f = rvs_fd_get(L, (int64_t)a[0]);
    if (!f) return -EBADF;
    if (f->type != RVS_F_DIR) return -ENOTDIR;
    uint64_t pos = 0;
    uint8_t rec[8 + 8 + 2 + 1 + 256 + 8];
    while (f->off < f->nnames) {
        const char *name = f->names[f->off];
        size_t nl = strlen(name), reclen = (19 + nl + 1 + 7) & ~(size_t)7;
        if (pos + reclen > a[2]) {
            if (pos == 0) return -EINVAL;
            break;
        }
        memset(rec, 0, reclen);
        uint64_t ino = fnv(name) >> 1, off = f->off + 1;
        uint16_t rl = (uint16_t)reclen;
        memcpy(rec, &ino, 8);
        memcpy(rec + 8, &off, 8);
        memcpy(rec + 16, &rl, 2);
        rec[18] = f->types[f->off];
        memcpy(rec + 19, name, nl);
        if (!rvs_put(L, a[1] + pos, rec, reclen)) return -EFAULT;
        pos += reclen;
        f->off++;
    }
    return (int64_t)pos;
}
