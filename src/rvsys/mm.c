/* Memory syscalls: brk, mmap (anonymous, and private copies of files), munmap, mprotect,
   madvise, mremap. Guest memory is sparse, so large PROT_NONE reservations are cheap. */
#include "rvsys/rvs_internal.h"

enum { PG = RV_PAGE_SIZE };
#define PAGE_UP(x) (((x) + PG - 1) & ~(uint64_t)(PG - 1))

enum {
    MAP_SHARED = 1,
    MAP_PRIVATE = 2,
    MAP_FIXED = 0x10,
    MAP_ANONYMOUS = 0x20,
    MAP_NORESERVE = 0x4000,
    MAP_FIXED_NOREPLACE = 0x100000,
};

int64_t sys_brk(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t want = a[0];
    rvs_note(L, RVS_NR_brk, "%s", want ? "set" : "query");
    if (want < L->brk_base || want > L->brk_max) return (int64_t)L->brk_cur;
    uint64_t old_end = PAGE_UP(L->brk_cur), new_end = PAGE_UP(want);
    if (new_end > old_end) {
        uint64_t at;
        if (!rv_mem_find_free(L->mem, old_end, new_end, new_end - old_end, &at) || at != old_end)
            return (int64_t)L->brk_cur;
        if (rv_mem_map(L->mem, old_end, new_end - old_end, RV_PROT_R | RV_PROT_W, NULL))
            return (int64_t)L->brk_cur;
    } else if (new_end < old_end) {
        if (rv_mem_unmap(L->mem, new_end, old_end - new_end, NULL)) return (int64_t)L->brk_cur;
    }
    L->brk_cur = want;
    return (int64_t)want;
}

static bool range_free(rvs_linux *L, uint64_t addr, uint64_t len)
{
    uint64_t at;
    return rv_mem_find_free(L->mem, addr, addr + len, len, &at) && at == addr;
}

/* Picks where a new mapping goes: the hint when free, else the first free range above the
   mmap base. */
static bool place(rvs_linux *L, uint64_t hint, uint64_t len, uint64_t *at)
{
    if (hint && !(hint & (PG - 1)) && hint >= L->mmap_base && hint + len <= (1ull << 47) &&
        range_free(L, hint, len)) {
        *at = hint;
        return true;
    }
    return rv_mem_find_free(L->mem, L->mmap_base, L->mmap_limit, len, at);
}

static void note_mmap(rvs_linux *L, const uint64_t a[6])
{
    char f[96] = "";
    uint64_t fl = a[3];
    snprintf(f, sizeof f, "%s%s%s%s%s prot=%s%s%s%s", (fl & MAP_SHARED) ? "SHARED" : "PRIVATE",
             (fl & MAP_ANONYMOUS) ? "|ANON" : "|FILE", (fl & MAP_FIXED) ? "|FIXED" : "",
             (fl & MAP_FIXED_NOREPLACE) ? "|FIXED_NOREPLACE" : "",
             (fl & MAP_NORESERVE) ? "|NORESERVE" : "", a[2] ? "" : "NONE", (a[2] & 1) ? "R" : "",
             (a[2] & 2) ? "W" : "", (a[2] & 4) ? "X" : "");
    rvs_note(L, RVS_NR_mmap, "%s", f);
}

int64_t sys_mmap(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t addr = a[0], len = PAGE_UP(a[1]), prot = a[2], flags = a[3], off = a[5];
    note_mmap(L, a);
    if (!a[1] || len < a[1] || len > (1ull << 40)) return -EINVAL;
    if ((flags & MAP_FIXED) && (addr & (PG - 1))) return -EINVAL;
    if (off & (PG - 1)) return -EINVAL;
    rvs_file *f = NULL;
    if (!(flags & MAP_ANONYMOUS)) {
        f = rvs_fd_get(L, (int64_t)a[4]);
        if (!f) return -EBADF;
        if (f->type != RVS_F_REG) return -ENODEV;
        if (flags & MAP_SHARED) return -EACCES; /* no shared file mappings */
    }
    uint64_t at;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if ((flags & MAP_FIXED_NOREPLACE) && !range_free(L, addr, len)) return -EEXIST;
        at = addr;
    } else if (!place(L, addr, len, &at)) {
        return -ENOMEM;
    }
    if (at + len < at || at + len > (1ull << 47)) return -ENOMEM;
    if (rv_mem_map(L->mem, at, len, (unsigned)prot & 7, NULL)) return -ENOMEM;
    if (f) {
        rvs_inode *ino = f->inode;
        if (off < ino->len) {
            size_t n = ino->len - off < a[1] ? ino->len - off : a[1];
            if (!rv_mem_write(L->mem, at, ino->data + off, n)) return -ENOMEM;
        }
    }
    return (int64_t)at;
}

int64_t sys_munmap(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if ((a[0] & (PG - 1)) || !a[1]) return -EINVAL;
    return rv_mem_unmap(L->mem, a[0], PAGE_UP(a[1]), NULL) ? -EINVAL : 0;
}

int64_t sys_mprotect(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_mprotect, "prot=%s%s%s%s", a[2] ? "" : "NONE", (a[2] & 1) ? "R" : "",
             (a[2] & 2) ? "W" : "", (a[2] & 4) ? "X" : "");
    if (a[0] & (PG - 1)) return -EINVAL;
    if (!a[1]) return 0;
    return rv_mem_protect(L->mem, a[0], PAGE_UP(a[1]), (unsigned)a[2] & 7, NULL) ? -ENOMEM : 0;
}

/* Replaces [addr, addr+len) by fresh zero pages with the same protections, run by run. */
/* Remaps the mapped pages of [addr, addr + len) as fresh zero pages: false when out of memory. */
static bool zero_range(rvs_linux *L, uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    while (addr < end) {
        unsigned prot = rv_mem_prot(L->mem, addr);
        bool mapped = prot || rv_mem_ptr(L->mem, addr, 1, 0);
        uint64_t run = addr + PG;
        while (run < end && rv_mem_prot(L->mem, run) == prot &&
               (prot || rv_mem_ptr(L->mem, run, 1, 0)) == mapped)
            run += PG;
        if (mapped && rv_mem_map(L->mem, addr, run - addr, prot, NULL)) return false;
        addr = run;
    }
    return true;
}

int64_t sys_madvise(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    static const char *const names[] = {"NORMAL", "RANDOM", "SEQUENTIAL", "WILLNEED", "DONTNEED"};
    uint64_t adv = a[2];
    if (adv < 5)
        rvs_note(L, RVS_NR_madvise, "%s", names[adv]);
    else if (adv == 8)
        rvs_note(L, RVS_NR_madvise, "FREE");
    else if (adv == 14 || adv == 15)
        rvs_note(L, RVS_NR_madvise, "%s", adv == 14 ? "HUGEPAGE" : "NOHUGEPAGE");
    else
        rvs_note(L, RVS_NR_madvise, "%llu", (unsigned long long)adv);
    if (a[0] & (PG - 1)) return -EINVAL;
    if (adv == 4 && a[1] && !zero_range(L, a[0], PAGE_UP(a[1]))) return -ENOMEM;
    return 0;
}

int64_t sys_mremap(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t old = a[0], olen = PAGE_UP(a[1]), nlen = PAGE_UP(a[2]), flags = a[3];
    rvs_note(L, RVS_NR_mremap, "flags 0x%llx", (unsigned long long)flags);
    if ((old & (PG - 1)) || !nlen || (flags & ~3ull)) return -EINVAL;
    unsigned prot = rv_mem_prot(L->mem, old);
    if (!rv_mem_ptr(L->mem, old, 1, 0)) return -EFAULT;
    if (nlen <= olen) {
        if (nlen < olen && rv_mem_unmap(L->mem, old + nlen, olen - nlen, NULL)) return -ENOMEM;
        return (int64_t)old;
    }
    if (range_free(L, old + olen, nlen - olen)) {
        if (rv_mem_map(L->mem, old + olen, nlen - olen, prot, NULL)) return -ENOMEM;
        return (int64_t)old;
    }
    if (!(flags & 1)) return -ENOMEM; /* MREMAP_MAYMOVE */
    uint64_t at;
    if (!place(L, 0, nlen, &at) || rv_mem_map(L->mem, at, nlen, prot, NULL)) return -ENOMEM;
    uint8_t buf[4096];
    for (uint64_t o = 0; o < olen; o += sizeof buf) {
        if (!rv_mem_read(L->mem, old + o, buf, sizeof buf)) break;
        if (!rv_mem_write(L->mem, at + o, buf, sizeof buf)) return -ENOMEM;
    }
    if (rv_mem_unmap(L->mem, old, olen, NULL)) return -ENOMEM;
    return (int64_t)at;
}

int64_t sys_mincore(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (a[0] & (PG - 1)) return -EINVAL;
    uint64_t pages = PAGE_UP(a[1]) / PG;
    for (uint64_t i = 0; i < pages; i++) {
        uint8_t one = 1;
        if (!rv_mem_ptr(L->mem, a[0] + i * PG, 1, 0)) return -ENOMEM;
        if (!rvs_put(L, a[2] + i, &one, 1)) return -EFAULT;
    }
    return 0;
}

/* One hart: every barrier is already satisfied. QUERY reports PRIVATE_EXPEDITED and its
   registration. */
int64_t sys_membarrier(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_membarrier, "cmd %llu", (unsigned long long)a[0]);
    if (a[0] == 0) return 8 | 16;
    return a[0] == 8 || a[0] == 16 ? 0 : -EINVAL;
}
