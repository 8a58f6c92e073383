/* Guest memory: a sorted array of regions (page aligned, each with its protection and its host
   memory from mem_host.c: mmap with MAP_NORESERVE, or the allocator), software TLBs for the
   interpreter's fast path, and the table of pre-decoded code pages kept coherent with writes. */
#include <stdlib.h>

#include "rv/rv_internal.h"

#define PAGE_MASK ((uint64_t)RV_PAGE_SIZE - 1)

rv_mem *rv_mem_new(void)
{
    rv_mem *m = calloc(1, sizeof *m);
    if (m) rv_mem_flush_tlb(m);
    return m;
}

static void code_free_all(rv_mem *m)
{
    for (size_t b = 0; b < RV_CODE_BUCKETS; b++) {
        rv_cpage *p = m->code[b];
        while (p) {
            rv_cpage *n = p->next;
            free(p);
            p = n;
        }
        m->code[b] = NULL;
    }
    m->ncode = 0;
}

void rv_mem_free(rv_mem *m)
{
    if (!m) return;
    rv_mem_host_free_all(m);
    free(m->reg);
    code_free_all(m);
    free(m);
}

void rv_mem_flush_tlb(rv_mem *m)
{
    for (int i = 0; i < RV_TLB_SIZE; i++) {
        m->rtlb[i].tag = m->wtlb[i].tag = RV_TLB_INVALID;
        m->rtlb[i].off = m->wtlb[i].off = 0;
    }
    for (int i = 0; i < RV_CTLB_SIZE; i++) {
        m->ctlb[i].tag = RV_TLB_INVALID;
        m->ctlb[i].page = NULL;
    }
}

/* Index of the first region with end > addr. */
static size_t region_lower(const rv_mem *m, uint64_t addr)
{
    size_t lo = 0, hi = m->nreg;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->reg[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

rv_region *rv_mem_region(const rv_mem *m, uint64_t addr)
{
    size_t i = region_lower(m, addr);
    if (i < m->nreg && m->reg[i].start <= addr) return &m->reg[i];
    return NULL;
}

unsigned rv_mem_prot(const rv_mem *m, uint64_t addr)
{
    const rv_region *r = rv_mem_region(m, addr);
    return r ? r->prot : 0;
}

static bool reserve_regions(rv_mem *m, size_t extra)
{
    if (m->nreg + extra <= m->capreg) return true;
    size_t cap = m->capreg ? m->capreg * 2 : 16;
    while (cap < m->nreg + extra)
        cap *= 2;
    rv_region *r = realloc(m->reg, cap * sizeof *r);
    if (!r) return false;
    m->reg = r;
    m->capreg = cap;
    return true;
}

static bool range_ok(uint64_t addr, uint64_t len)
{
    return !(addr & PAGE_MASK) && !(len & PAGE_MASK) && len && addr + len > addr;
}

/* ---------------------------------------------------------------- decoded code pages */

static size_t code_bucket(uint64_t base)
{
    return (size_t)((base >> RV_PAGE_SHIFT) * 0x9e3779b97f4a7c15ull >> 54) & (RV_CODE_BUCKETS - 1);
}

static rv_cpage *code_find(const rv_mem *m, uint64_t base)
{
    for (rv_cpage *p = m->code[code_bucket(base)]; p; p = p->next)
        if (p->base == base) return p;
    return NULL;
}

static void cpage_reset(rv_cpage *p)
{
    for (int i = 0; i < RV_SLOTS; i++) {
        p->slot[i].op = RV_OP_DECODE;
        p->slot[i].id = RV_INSN_ILLEGAL;
    }
    for (int i = RV_SLOTS; i < RV_SLOTS + 2; i++) {
        memset(&p->slot[i], 0, sizeof p->slot[i]);
        p->slot[i].op = RV_OP_PAGEEND;
    }
}

rv_cpage *rv_mem_code_page(rv_mem *m, uint64_t addr)
{
    uint64_t base = addr & ~PAGE_MASK;
    rv_ctlb_ent *e = &m->ctlb[(base >> RV_PAGE_SHIFT) & (RV_CTLB_SIZE - 1)];
    if (e->tag == base) return e->page;
    rv_cpage *p = code_find(m, base);
    if (!p) {
        rv_region *r = rv_mem_region(m, base);
        if (!r || !(r->prot & RV_PROT_X)) return NULL;
        p = malloc(sizeof *p);
        if (!p) return NULL;
        p->base = base;
        cpage_reset(p);
        size_t b = code_bucket(base);
        p->next = m->code[b];
        m->code[b] = p;
        m->ncode++;
        /* Writes to this page must now go through the slow path. */
        rv_tlb_ent *w = &m->wtlb[(base >> RV_PAGE_SHIFT) & (RV_TLB_SIZE - 1)];
        if ((w->tag & ~PAGE_MASK) == base) w->tag = RV_TLB_INVALID;
    }
    e->tag = base;
    e->page = p;
    return p;
}

void rv_mem_code_invalidate(rv_mem *m, uint64_t addr, uint64_t len)
{
    if (!m->ncode || !len) return;
    /* An instruction may straddle into the range from the page before. */
    uint64_t first = (addr & ~PAGE_MASK) - (addr >= RV_PAGE_SIZE ? RV_PAGE_SIZE : 0);
    uint64_t last = (addr + len - 1) & ~PAGE_MASK;
    if ((last - first) / RV_PAGE_SIZE > m->ncode + 2) {
        for (size_t b = 0; b < RV_CODE_BUCKETS; b++)
            for (rv_cpage *p = m->code[b]; p; p = p->next)
                if (p->base + RV_PAGE_SIZE > first && p->base <= last) cpage_reset(p);
        return;
    }
    for (uint64_t base = first;; base += RV_PAGE_SIZE) {
        rv_cpage *p = code_find(m, base);
        if (p) cpage_reset(p);
        if (base == last) break;
    }
}

void rv_mem_code_flush(rv_mem *m)
{
    for (size_t b = 0; b < RV_CODE_BUCKETS; b++)
        for (rv_cpage *p = m->code[b]; p; p = p->next)
            cpage_reset(p);
}

/* Frees decoded pages in [addr, end) (unmap, protection change). */
static void code_drop(rv_mem *m, uint64_t addr, uint64_t end)
{
    if (!m->ncode) return;
    for (size_t b = 0; b < RV_CODE_BUCKETS; b++) {
        rv_cpage **pp = &m->code[b];
        while (*pp) {
            rv_cpage *p = *pp;
            if (p->base >= addr && p->base < end) {
                *pp = p->next;
                free(p);
                m->ncode--;
            } else {
                pp = &p->next;
            }
        }
    }
}

/* ---------------------------------------------------------------- mapping */

/* Cuts [addr, end) out of every region; with unmap_host the host pages are released. */
static bool carve(rv_mem *m, uint64_t addr, uint64_t end, bool unmap_host)
{
    if (!reserve_regions(m, 1)) return false;
    size_t i = region_lower(m, addr);
    while (i < m->nreg && m->reg[i].start < end) {
        rv_region *r = &m->reg[i];
        uint64_t cs = r->start > addr ? r->start : addr;
        uint64_t ce = r->end < end ? r->end : end;
        if (unmap_host) rv_mem_host_drop(m, r->host + (cs - r->start), ce - cs);
        if (cs > r->start && ce < r->end) { /* split in two */
            rv_region tail = *r;
            tail.host = r->host + (ce - r->start);
            tail.start = ce;
            r->end = cs;
            memmove(&m->reg[i + 2], &m->reg[i + 1], (m->nreg - i - 1) * sizeof *r);
            m->reg[i + 1] = tail;
            m->nreg++;
            return true;
        }
        if (cs > r->start) { /* keep the head */
            r->end = cs;
            i++;
        } else if (ce < r->end) { /* keep the tail */
            r->host += ce - r->start;
            r->start = ce;
            i++;
        } else { /* whole region */
            memmove(r, r + 1, (m->nreg - i - 1) * sizeof *r);
            m->nreg--;
        }
    }
    return true;
}

static void insert_region(rv_mem *m, rv_region r)
{
    size_t i = region_lower(m, r.start);
    memmove(&m->reg[i + 1], &m->reg[i], (m->nreg - i) * sizeof r);
    m->reg[i] = r;
    m->nreg++;
}

/* rv_mem_map when guest memory is at its guest addresses (m->fixed). */
RIVET_MUST_USE static rivet_status map_fixed(rv_mem *m, uint64_t addr, uint64_t len, unsigned prot,
                                             rivet_diag *d)
{
    if (!carve(m, addr, addr + len, true) || !reserve_regions(m, 1))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "rv_mem_map: out of memory");
    rv_mem_host_sweep(m);
    uint8_t *host = rv_mem_host_at(addr, len, prot);
    if (!host) {
        rv_mem_flush_tlb(m);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS,
                          "rv_mem_map: host addresses 0x%llx+0x%llx are in use",
                          (unsigned long long)addr, (unsigned long long)len);
    }
    code_drop(m, addr, addr + len);
    insert_region(m, (rv_region){addr, addr + len, prot & 7, host});
    rv_mem_flush_tlb(m);
    return RIVET_OK;
}

rivet_status rv_mem_map(rv_mem *m, uint64_t addr, uint64_t len, unsigned prot, rivet_diag *d)
{
    if (!range_ok(addr, len))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "rv_mem_map: range 0x%llx+0x%llx not page aligned",
                          (unsigned long long)addr, (unsigned long long)len);
    if (m->fixed) {
        rivet_status st = map_fixed(m, addr, len, prot, d);
        if (!st && m->watch) m->watch(m->watch_ctx, addr, len, NULL);
        return st;
    }
    uint8_t *host = rv_mem_host_new(m, len);
    if (!host)
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "rv_mem_map: cannot reserve 0x%llx bytes",
                          (unsigned long long)len);
    if (!carve(m, addr, addr + len, true) || !reserve_regions(m, 1)) {
        rv_mem_host_drop(m, host, len);
        rv_mem_host_sweep(m);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "rv_mem_map: out of memory");
    }
    code_drop(m, addr, addr + len);
    insert_region(m, (rv_region){addr, addr + len, prot & 7, host});
    rv_mem_host_sweep(m);
    rv_mem_flush_tlb(m);
    if (m->watch) m->watch(m->watch_ctx, addr, len, NULL);
    return RIVET_OK;
}

rivet_status rv_mem_unmap(rv_mem *m, uint64_t addr, uint64_t len, rivet_diag *d)
{
    if (!range_ok(addr, len))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "rv_mem_unmap: range not page aligned");
    if (!carve(m, addr, addr + len, true))
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "rv_mem_unmap: out of memory");
    rv_mem_host_sweep(m);
    code_drop(m, addr, addr + len);
    rv_mem_flush_tlb(m);
    if (m->watch) m->watch(m->watch_ctx, addr, len, NULL);
    return RIVET_OK;
}

rivet_status rv_mem_protect(rv_mem *m, uint64_t addr, uint64_t len, unsigned prot, rivet_diag *d)
{
    if (!range_ok(addr, len))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "rv_mem_protect: range not page aligned");
    uint64_t end = addr + len;
    for (uint64_t a = addr; a < end;) {
        rv_region *r = rv_mem_region(m, a);
        if (!r)
            return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                              "rv_mem_protect: 0x%llx is not mapped", (unsigned long long)a);
        a = r->end;
    }
    /* Split at both ends, then retag the pieces inside. */
    for (uint64_t a = addr; a < end;) {
        rv_region *r = rv_mem_region(m, a);
        rv_region piece = *r;
        uint64_t pe = r->end < end ? r->end : end;
        piece.host = r->host + (a - r->start);
        piece.start = a;
        piece.end = pe;
        piece.prot = prot & 7;
        if (!carve(m, a, pe, false) || !reserve_regions(m, 1))
            return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "rv_mem_protect: out of memory");
        insert_region(m, piece);
        if (m->fixed) rv_mem_host_protect(piece.host, pe - a, prot, false);
        a = pe;
    }
    code_drop(m, addr, end);
    rv_mem_flush_tlb(m);
    return RIVET_OK;
}

bool rv_mem_find_free(const rv_mem *m, uint64_t hint, uint64_t limit, uint64_t len, uint64_t *addr)
{
    uint64_t a = (hint + PAGE_MASK) & ~PAGE_MASK;
    len = (len + PAGE_MASK) & ~PAGE_MASK;
    for (size_t i = region_lower(m, a); a + len > a && a + len <= limit; i++) {
        if (i >= m->nreg || m->reg[i].start >= a + len) {
            *addr = a;
            return true;
        }
        if (m->reg[i].end > a) a = m->reg[i].end;
    }
    return false;
}

/* ---------------------------------------------------------------- byte access */

/* Copies between host buf and guest [addr, addr+len); need = required protection (0 = none). */
static bool access_range(rv_mem *m, uint64_t addr, void *buf, size_t len, unsigned need, bool write)
{
    if (addr + len < addr) return false;
    for (uint64_t a = addr, e = addr + len; a < e;) { /* check first: all or nothing */
        rv_region *r = rv_mem_region(m, a);
        if (!r || (r->prot & need) != need) return false;
        a = r->end;
    }
    uint8_t *b = buf;
    for (uint64_t a = addr, e = addr + len; a < e;) {
        rv_region *r = rv_mem_region(m, a);
        uint64_t n = (r->end < e ? r->end : e) - a;
        /* at guest addresses, host protections follow the guest's: open up for the copy */
        uint8_t *h = r->host + (a - r->start), *pg = (uint8_t *)((uintptr_t)h & ~(uintptr_t)4095);
        size_t span = (size_t)(h + n - pg + 4095) & ~(size_t)4095;
        bool open = m->fixed && (write ? !(r->prot & RV_PROT_W) : !r->prot);
        if (open) rv_mem_host_protect(pg, span, 0, true);
        if (write)
            memcpy(h, b, n);
        else
            memcpy(b, h, n);
        if (open) rv_mem_host_protect(pg, span, r->prot, false);
        b += n;
        a += n;
    }
    if (write) rv_mem_code_invalidate(m, addr, len);
    return true;
}

bool rv_mem_read(rv_mem *m, uint64_t addr, void *dst, size_t len)
{
    return access_range(m, addr, dst, len, 0, false);
}

static bool write_range(rv_mem *m, uint64_t addr, const void *src, size_t len, unsigned need)
{
    if (!access_range(m, addr, (void *)src, len, need, true)) return false;
    if (m->watch && len) m->watch(m->watch_ctx, addr, len, src);
    return true;
}

bool rv_mem_write(rv_mem *m, uint64_t addr, const void *src, size_t len)
{
    return write_range(m, addr, src, len, 0);
}

bool rv_mem_read_guest(rv_mem *m, uint64_t addr, void *dst, size_t len)
{
    return access_range(m, addr, dst, len, RV_PROT_R, false);
}

bool rv_mem_write_guest(rv_mem *m, uint64_t addr, const void *src, size_t len)
{
    return write_range(m, addr, src, len, RV_PROT_W);
}

long rv_mem_read_str(rv_mem *m, uint64_t addr, char *dst, size_t cap)
{
    for (size_t n = 0; n < cap; n++) {
        rv_region *r = rv_mem_region(m, addr + n);
        if (!r || !(r->prot & RV_PROT_R)) return -1;
        dst[n] = (char)r->host[addr + n - r->start];
        if (!dst[n]) return (long)n;
    }
    return -1;
}

void *rv_mem_ptr(rv_mem *m, uint64_t addr, size_t len, unsigned prot)
{
    rv_region *r = rv_mem_region(m, addr);
    if (!r || (r->prot & prot) != prot || addr + len < addr || addr + len > r->end) return NULL;
    return r->host + (addr - r->start);
}

bool rv_mem_fetch16(rv_mem *m, uint64_t addr, uint16_t *v)
{
    rv_region *r = rv_mem_region(m, addr);
    if (!r || !(r->prot & RV_PROT_X) || addr + 2 > r->end)
        return access_range(m, addr, v, 2, RV_PROT_X, false);
    memcpy(v, r->host + (addr - r->start), 2);
    return true;
}

static void tlb_fill(rv_tlb_ent *tlb, const rv_region *r, uint64_t addr)
{
    uint64_t base = addr & ~PAGE_MASK;
    rv_tlb_ent *e = &tlb[(base >> RV_PAGE_SHIFT) & (RV_TLB_SIZE - 1)];
    e->tag = base;
    e->off = (uintptr_t)(r->host + (base - r->start)) - (uintptr_t)base;
}

/* A TLB miss of an aligned access (always inside one page) refills the entry and accesses
   memory directly; misaligned and page-crossing accesses go byte-range by byte-range. */
bool rv_mem_load_slow(rv_mem *m, uint64_t addr, unsigned size, uint64_t *val)
{
    uint64_t v = 0;
    if (!(addr & (size - 1))) {
        rv_region *r = rv_mem_region(m, addr);
        if (!r || !(r->prot & RV_PROT_R)) return false;
        tlb_fill(m->rtlb, r, addr);
        memcpy(&v, r->host + (addr - r->start), size);
        *val = v;
        return true;
    }
    if (!access_range(m, addr, &v, size, RV_PROT_R, false)) return false;
    *val = v; /* little-endian host */
    return true;
}

bool rv_mem_store_slow(rv_mem *m, uint64_t addr, unsigned size, uint64_t val)
{
    if (!(addr & (size - 1))) {
        rv_region *r = rv_mem_region(m, addr);
        if (!r || !(r->prot & RV_PROT_W)) return false;
        if (m->mmio && (addr & ~PAGE_MASK) == m->mmio_page) { /* the device, not memory */
            m->mmio(m->mmio_ctx, addr, size, val);
            return true;
        }
        memcpy(r->host + (addr - r->start), &val, size);
        if (m->ncode && code_find(m, addr & ~PAGE_MASK))
            rv_mem_code_invalidate(m, addr, size);
        else
            tlb_fill(m->wtlb, r, addr);
        return true;
    }
    return access_range(m, addr, &val, size, RV_PROT_W, true);
}
