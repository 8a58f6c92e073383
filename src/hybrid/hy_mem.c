/* A frame's guest memory: 4 KiB pages in a flat page table, mapped on first touch. Code and
   rodata pages point into the program's shared read-only image; data pages are copied from
   it; everything else (bss, heap, stack) starts zeroed. Writable pages cost HY_PAGE_GAS each
   when first touched; the address space (HY_MEM_SIZE) caps a frame's memory. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

static void *page_take(hy_vm *vm)
{
    if (vm->nfree_pages) return vm->free_pages[--vm->nfree_pages];
    return aligned_alloc(HY_PAGE, HY_PAGE);
}

static void page_give(hy_vm *vm, void *pg)
{
    if (vm->nfree_pages == vm->capfree_pages) {
        size_t cap = vm->capfree_pages ? 2 * vm->capfree_pages : 64;
        void **n = realloc(vm->free_pages, cap * sizeof *n);
        if (!n) {
            free(pg);
            return;
        }
        vm->free_pages = n;
        vm->capfree_pages = cap;
    }
    vm->free_pages[vm->nfree_pages++] = pg;
}

void hy_mem_release(hy_frame *f)
{
    for (uint32_t i = 0; i < f->ntouched; i++) {
        uintptr_t e = f->pt[f->touched[i]];
        if (e & HY_PT_W) page_give(f->vm, (void *)(e & ~(uintptr_t)HY_PT_W));
        f->pt[f->touched[i]] = 0;
    }
    f->ntouched = 0;
}

/* Maps the page holding a; false on a fault (or *oog when its gas cannot be paid). */
static bool touch(hy_frame *f, uint64_t a, bool write, bool *oog)
{
    const hy_prog *p = f->p;
    uint64_t pg = a & ~(uint64_t)(HY_PAGE - 1);
    size_t idx = (size_t)(a >> 12);
    if (a < HY_CODE_BASE || a >= HY_MEM_SIZE) return false;
    if (f->pt[idx]) return !write || (f->pt[idx] & HY_PT_W);
    if (pg < p->c.data_addr) { /* code and rodata: shared, read-only */
        if (write) return false;
        f->pt[idx] = (uintptr_t)(p->image + (pg - HY_CODE_BASE));
    } else {
        if (!f->vm->opt.unmetered && (f->g16 -= 16 * HY_PAGE_GAS) < 0) {
            *oog = true;
            return false;
        }
        uint8_t *h = page_take(f->vm);
        if (!h) return false;
        if (pg < p->image_end)
            memcpy(h, p->image + (pg - HY_CODE_BASE), HY_PAGE);
        else
            memset(h, 0, HY_PAGE);
        f->pt[idx] = (uintptr_t)h | HY_PT_W;
        f->vm->st.pages++;
    }
    f->touched[f->ntouched++] = (uint16_t)idx;
    return true;
}

uint8_t *hy_mem_slow(hy_frame *f, uint64_t a, unsigned size, bool write, bool *oog)
{
    if (a >= HY_MEM_SIZE || HY_PAGE - (a & (HY_PAGE - 1)) < size) return NULL;
    if (!touch(f, a, write, oog)) return NULL;
    return (uint8_t *)(f->pt[a >> 12] & ~(uintptr_t)HY_PT_W) + (a & (HY_PAGE - 1));
}

/* Walks [a, a+len) page by page, copying to or from buf. */
static evm_status copy(hy_frame *f, uint64_t a, uint8_t *buf, uint64_t len, bool write)
{
    if (!len) return EVM_SUCCESS;
    if (a >= HY_MEM_SIZE || len > HY_MEM_SIZE - a) return EVM_MEM_FAULT;
    while (len) {
        uint64_t in_page = HY_PAGE - (a & (HY_PAGE - 1));
        unsigned n = (unsigned)(len < in_page ? len : in_page);
        bool oog = false;
        uint8_t *h = hy_mem_slow(f, a, n, write, &oog);
        if (!h) return oog ? EVM_OUT_OF_GAS : EVM_MEM_FAULT;
        if (write)
            memcpy(h, buf, n);
        else
            memcpy(buf, h, n);
        a += n;
        buf += n;
        len -= n;
    }
    return EVM_SUCCESS;
}

evm_status hy_mem_read(hy_frame *f, uint64_t a, void *dst, uint64_t len)
{
    return copy(f, a, dst, len, false);
}

evm_status hy_mem_write(hy_frame *f, uint64_t a, const void *src, uint64_t len)
{
    return copy(f, a, (uint8_t *)src, len, true);
}
