/* Translating, assembling (GNU as), linking (ld -shared), loading (dlopen) the translation, and
   moving the guest memory to its guest addresses in the host. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aot/aot_internal.h"

extern char **environ;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Maps every region of m at its own guest address in the host (the pages move, no copy), with
   host protections following the guest's (read-only unless writable). */
RIVET_MUST_USE static rivet_status move_memory(rv_mem *m, rivet_diag *d)
{
    for (size_t i = 0; i < m->nreg; i++) {
        rv_region *r = &m->reg[i];
        size_t len = (size_t)(r->end - r->start);
        void *want = (void *)(uintptr_t)r->start;
        if (r->host == want) continue;
        void *res = mmap(want, len, PROT_NONE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (res != want) {
            if (res != MAP_FAILED) munmap(res, len);
            return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS,
                              "host addresses 0x%llx..0x%llx are in use: cannot place guest memory",
                              (unsigned long long)r->start, (unsigned long long)r->end);
        }
        if (mremap(r->host, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, want) == MAP_FAILED) {
            munmap(want, len);
            return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "mremap failed: %s", strerror(errno));
        }
        r->host = want;
        int prot = (r->prot & RV_PROT_W) ? PROT_READ | PROT_WRITE : r->prot ? PROT_READ : PROT_NONE;
        mprotect(want, len, prot);
    }
    m->fixed = true; /* later mappings (mmap, brk of a Linux guest) go there too */
    rv_mem_flush_tlb(m);
    return RIVET_OK;
}

rivet_status aot_translate(aot_program **out, const rv_cpu *cpu, const aot_opts *o, rivet_diag *d)
{
    *out = NULL;
    aot_program *p = calloc(1, sizeof *p);
    if (!p) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    if (o) p->opts = *o;
    p->xlen = cpu->xlen;
    p->ext = cpu->ext;
    double t0 = now();
    rivet_status st = aot_scan(p, cpu, d);
    if (!st) {
        st = aot_emit(p);
        if (st) st = rivet_fail(d, st, RIVET_NOPOS, "aot: out of memory for the assembly");
    }
    if (!st) {
        p->info.asm_bytes = p->text.n;
        st = move_memory(cpu->mem, d);
    }
    p->info.t_translate = now() - t0;
    if (st) {
        aot_free(p);
        return st;
    }
    *out = p;
    return RIVET_OK;
}

static int run(const char *const argv[])
{
    pid_t pid;
    if (posix_spawnp(&pid, argv[0], NULL, NULL, (char *const *)argv, environ)) return -1;
    int ws;
    if (waitpid(pid, &ws, 0) < 0) return -1;
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static int by_addr(const void *a, const void *b)
{
    uint64_t x = ((const aot_fault *)a)->addr, y = ((const aot_fault *)b)->addr;
    return x < y ? -1 : x > y;
}

static bool write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

rivet_status aot_load(aot_program *p, rivet_diag *d)
{
    double t0 = now();
    const char *tmp = getenv("TMPDIR");
    snprintf(p->dir, sizeof p->dir, "%s/rivet-aot-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(p->dir)) {
        p->dir[0] = 0;
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot create a temporary directory");
    }
    char s[96], o[96], so[96];
    snprintf(s, sizeof s, "%s/prog.s", p->dir);
    snprintf(o, sizeof o, "%s/prog.o", p->dir);
    snprintf(so, sizeof so, "%s/prog.so", p->dir);
    if (!write_file(s, p->text.p, p->text.n) ||
        (p->opts.keep_asm && !write_file(p->opts.keep_asm, p->text.p, p->text.n)))
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot write the assembly");
    const char *as_argv[] = {"as", "--64", "-o", o, s, NULL};
    const char *ld_argv[] = {"ld", "-shared", "-z", "noexecstack", "-o", so, o, NULL};
    if (run(as_argv)) return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "as failed on %s", s);
    if (run(ld_argv)) return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "ld failed on %s", o);
    p->info.t_assemble = now() - t0;
    t0 = now();
    p->dl = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (!p->dl) return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "dlopen: %s", dlerror());
    *(void **)&p->enter = dlsym(p->dl, "aot_enter");
    const aot_fault *ft = dlsym(p->dl, "aot_faults");
    const uint64_t *nft = dlsym(p->dl, "aot_nfaults");
    if (!p->enter || !ft || !nft)
        return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "aot symbols missing");
    if (!(p->faults = malloc(*nft * sizeof *p->faults)))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    memcpy(p->faults, ft, *nft * sizeof *p->faults);
    p->nfault = *nft;
    qsort(p->faults, p->nfault, sizeof *p->faults, by_addr);
    unlink(s);
    unlink(o);
    unlink(so);
    rmdir(p->dir);
    p->dir[0] = 0;
    p->info.t_load = now() - t0;
    return RIVET_OK;
}

const aot_info *aot_program_info(const aot_program *p)
{
    return &p->info;
}

void aot_free(aot_program *p)
{
    if (!p) return;
    if (p->dl) dlclose(p->dl);
    if (p->dir[0]) {
        char f[96];
        static const char *const names[] = {"prog.s", "prog.o", "prog.so"};
        for (int i = 0; i < 3; i++) {
            snprintf(f, sizeof f, "%s/%s", p->dir, names[i]);
            unlink(f);
        }
        rmdir(p->dir);
    }
    buf_free(&p->text);
    buf_free(&p->cold);
    buf_free(&p->ftab);
    free(p->faults);
    free(p->v);
    free(p);
}
