/* The hybrid runtime: the program cache, the frame pool, and the code runner the execution
   host calls (claims / run / check_deploy). A frame starts from a cached program and a clean
   pooled frame: no image copy, no memory zeroing, no decoding. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

/* gas held in sixteenths up to this; the rest waits in excess */
#define HY_GAS_CAP ((int64_t)1 << 58)

void hy_set_gas(hy_frame *f, int64_t gas)
{
    int64_t frac = f->g16 & 15;
    f->excess = gas > HY_GAS_CAP ? gas - HY_GAS_CAP : 0;
    f->g16 = (gas - f->excess) * 16 + frac;
}

/* Bucket of a container: its length, header and last bytes (cheap, and the same wherever the
   bytes live); a hit is confirmed byte for byte. */
static uint64_t mix64(uint64_t h, const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    h = (h ^ v) * 0x9e3779b97f4a7c15u;
    return h ^ h >> 29;
}

/* Bucket of a container: a few words of it (sizes, entries, the last word) and its length;
   the same wherever the bytes live. A hit is confirmed byte for byte. */
static size_t bucket(const uint8_t *code, size_t len)
{
    uint64_t h = len;
    if (len >= HY_HEADER_SIZE) /* sizes and entries, and the last word */
        h = mix64(mix64(mix64(mix64(h, code + 4), code + 12), code + 20), code + len - 8);
    return (size_t)(h ^ h >> 32) & 255;
}

/* The cached program of deployed code (validated and decoded on first use), or NULL when the
   code is not a valid container. */
static const hy_prog *prog_get(hy_vm *vm, const uint8_t *code, size_t len)
{
    size_t b = bucket(code, len);
    for (hy_prog *p = vm->cache[b]; p; p = p->next)
        if (p->len == len && !memcmp(p->bytes, code, len)) {
            vm->st.cache_hits++;
            return p;
        }
    hy_prog *p = hy_prog_new(code, len, true, NULL);
    if (!p) return NULL;
    vm->st.programs_decoded++;
    p->next = vm->cache[b];
    vm->cache[b] = p;
    return p;
}

static hy_frame *frame_take(hy_vm *vm)
{
    hy_frame *f = vm->free_frames;
    if (f) {
        vm->free_frames = f->next_free;
        return f;
    }
    return calloc(1, sizeof *f);
}

static void frame_give(hy_vm *vm, hy_frame *f)
{
    hy_mem_release(f);
    free(f->ret);
    f->ret = NULL;
    f->ret_len = 0;
    f->next_free = vm->free_frames;
    vm->free_frames = f;
}

static void fail(evm_result *r, const evm_message *m, evm_status st)
{
    memset(r, 0, sizeof *r);
    r->status = st;
    r->state_gas_left = m->state_gas;
}

static void vm_run(void *ctx, evm_host *h, const evm_message *m, const uint8_t *code, size_t len,
                   evm_result *r)
{
    hy_vm *vm = ctx;
    bool create = m->kind == EVM_CREATE || m->kind == EVM_CREATE2;
    hy_prog *own = NULL;
    const hy_prog *p =
        create ? (own = hy_prog_new(code, len, false, NULL)) : prog_get(vm, code, len);
    if (!p || (create && p->c.ctor_entry == HY_NO_ENTRY)) {
        hy_prog_free(own);
        fail(r, m, EVM_INVALID);
        return;
    }
    hy_frame *f = frame_take(vm);
    if (!f) {
        hy_prog_free(own);
        fail(r, m, EVM_HOST_ERROR);
        return;
    }
    vm->st.frames++;
    f->vm = vm;
    f->p = p;
    f->mt = (evm_meter){0, m->state_gas, 0};
    f->ctx = (evm_ctx){h, m, &f->mt};
    f->g16 = 0;
    hy_set_gas(f, m->gas);
    f->code = code;
    f->code_len = len;
    f->calldata = create ? code + p->c.size : m->input;
    f->calldata_len = create ? len - p->c.size : m->input_size;
    f->out = NULL;
    f->out_len = 0;
    f->insns = 0;
    f->tl = NULL;
    memset(f->x, 0, sizeof f->x);
    f->x[2] = HY_MEM_SIZE;      /* sp */
    f->x[10] = f->calldata_len; /* a0 */
    uint64_t entry = HY_CODE_BASE + (create ? p->c.ctor_entry : p->c.entry);
    evm_status st = hy_interp(f, entry);

    memset(r, 0, sizeof *r);
    r->status = st;
    r->state_gas_left = f->mt.state_left;
    r->state_gas_used = f->mt.state_used;
    if (st == EVM_SUCCESS || st == EVM_REVERT) {
        r->gas_left = hy_gas(f);
        r->output = f->out;
        r->output_size = f->out_len;
        r->gas_refund = st == EVM_SUCCESS ? f->mt.refund : 0;
    } else {
        free(f->out);
    }
    f->out = NULL;
    frame_give(vm, f);
    hy_prog_free(own);
}

static bool vm_claims(void *ctx, const uint8_t *code, size_t len)
{
    (void)ctx;
    return hy_is_container(code, len);
}

static evm_status vm_check_deploy(void *ctx, const uint8_t *code, size_t len)
{
    hy_vm *vm = ctx;
    return prog_get(vm, code, len) ? EVM_SUCCESS : EVM_CODE_PREFIX;
}

hy_vm *hy_vm_new(const hy_options *o)
{
    hy_vm *vm = calloc(1, sizeof *vm);
    if (!vm) return NULL;
    if (o) vm->opt = *o;
    vm->runner = (exec_vm){vm, vm_claims, vm_run, vm_check_deploy};
    return vm;
}

void hy_vm_free(hy_vm *vm)
{
    if (!vm) return;
    for (size_t i = 0; i < 256; i++)
        for (hy_prog *p = vm->cache[i], *n; p; p = n) {
            n = p->next;
            hy_prog_free(p);
        }
    for (hy_frame *f = vm->free_frames, *n; f; f = n) {
        n = f->next_free;
        free(f);
    }
    for (size_t i = 0; i < vm->nfree_pages; i++)
        free(vm->free_pages[i]);
    free(vm->free_pages);
    free(vm);
}

const exec_vm *hy_vm_runner(hy_vm *vm)
{
    return &vm->runner;
}

hy_stats hy_vm_stats(const hy_vm *vm)
{
    return vm->st;
}
