/* Programs: a validated container decoded once into slots, with the gas of each basic block
   suffix and a page-aligned image of its segments. */
#include <stdlib.h>
#include <string.h>

#include "hy_internal.h"

int hy_op_cost(unsigned op)
{
    switch (op) {
#define X(name, cls)                                                                               \
    case RV_OP_##name: return HY_COST_##cls;
        HY_OPS(X)
#undef X
    case RV_OP_EBREAK: return HY_COST_ECALL;
    default: return -1;
    }
}

/* Instructions after which a new basic block starts. */
static bool ends_block(unsigned op)
{
    return (op >= RV_OP_JAL && op <= RV_OP_BGEU) || op == RV_OP_ECALL || op == RV_OP_EBREAK;
}

bool hy_decode(const hy_container *c, size_t pos, rv_insn *in)
{
    if (pos + 2 > c->code_size) return false;
    uint32_t bits = (uint32_t)c->code[pos] | (uint32_t)c->code[pos + 1] << 8;
    bool rvc = c->flags & HY_FLAG_C;
    if ((bits & 3) == 3) {
        if (pos + 4 > c->code_size) return false;
        bits |= ((uint32_t)c->code[pos + 2] | (uint32_t)c->code[pos + 3] << 8) << 16;
    } else if (!rvc) {
        return false;
    }
    unsigned ext = RV_EXT_I | RV_EXT_M | (rvc ? RV_EXT_C : 0);
    if (!rv_decode(bits, 64, ext, in)) return false;
    return hy_op_cost(in->op) >= 0;
}

void hy_prog_free(hy_prog *p)
{
    if (!p) return;
    free(p->bytes);
    free(p->insn);
    free(p->cost);
    free(p->ninsn);
    free(p->image);
    free(p);
}

/* Validates the code and decodes it into slots in one pass. */
static rivet_status prog_decode(hy_prog *p, rivet_diag *d)
{
    const hy_container *c = &p->c;
    p->nslots = c->code_size / 2;
    p->insn = calloc(p->nslots + 1, sizeof *p->insn);
    p->cost = calloc(p->nslots + 1, sizeof *p->cost);
    p->ninsn = calloc(p->nslots + 1, sizeof *p->ninsn);
    if (!p->insn || !p->cost || !p->ninsn) return RIVET_ENOMEM;
    for (uint32_t i = 0; i <= p->nslots; i++)
        p->insn[i].op = RV_OP_ILLEGAL; /* slots inside instructions, and the end */
    rivet_status st = hy_code_check(c, p->insn, d);
    if (st != RIVET_OK) return st;
    /* static targets: inside the code and at an instruction, or marked */
    for (uint32_t i = 0; i < p->nslots; i++) {
        rv_insn *in = &p->insn[i];
        if (in->op != RV_OP_JAL && (in->op < RV_OP_BEQ || in->op > RV_OP_BGEU)) continue;
        int64_t t = 2 * (int64_t)i + in->imm;
        in->rm =
            t < 0 || t >= (int64_t)c->code_size || (t & 1) || p->insn[t / 2].op == RV_OP_ILLEGAL;
    }
    /* suffix costs, backwards: a block ends at a branch, jump or ecall */
    uint32_t next = 0, next_n = 0;
    for (uint32_t i = p->nslots; i-- > 0;) {
        const rv_insn *in = &p->insn[i];
        if (in->op == RV_OP_ILLEGAL) continue;
        bool end = ends_block(in->op);
        p->cost[i] = (uint32_t)hy_op_cost(in->op) + (end ? 0 : next);
        p->ninsn[i] = 1 + (end ? 0 : next_n);
        next = p->cost[i];
        next_n = p->ninsn[i];
    }
    return RIVET_OK;
}

static bool prog_image(hy_prog *p)
{
    const hy_container *c = &p->c;
    uint64_t end = (c->data_addr + c->data_size + HY_PAGE - 1) & ~(uint64_t)(HY_PAGE - 1);
    p->image_end = end;
    p->image = aligned_alloc(HY_PAGE, end - HY_CODE_BASE);
    if (!p->image) return false;
    memset(p->image, 0, end - HY_CODE_BASE);
    memcpy(p->image, c->code, c->code_size);
    if (c->rodata_size)
        memcpy(p->image + (c->rodata_addr - HY_CODE_BASE), c->rodata, c->rodata_size);
    if (c->data_size) memcpy(p->image + (c->data_addr - HY_CODE_BASE), c->data, c->data_size);
    return true;
}

hy_prog *hy_prog_new(const uint8_t *code, size_t len, bool exact, rivet_diag *d)
{
    hy_container c;
    if (hy_container_parse(code, len, exact, &c, d) != RIVET_OK) return NULL;
    hy_prog *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->len = c.size;
    p->bytes = malloc(c.size);
    if (!p->bytes) goto fail;
    memcpy(p->bytes, code, c.size);
    if (hy_container_parse(p->bytes, p->len, true, &p->c, d) != RIVET_OK) goto fail;
    if (prog_decode(p, d) != RIVET_OK || !prog_image(p)) goto fail;
    return p;
fail:
    hy_prog_free(p);
    return NULL;
}
