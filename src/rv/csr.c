/* User-level CSRs: the floating-point status (fflags, frm, fcsr) and the read-only counters,
   which are deterministic functions of the instruction count (cycle = time = instret). */
#include "rv/rv_internal.h"

enum { CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003 };
enum { CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02 };
enum { CSR_CYCLEH = 0xc80, CSR_TIMEH = 0xc81, CSR_INSTRETH = 0xc82 };

bool rv_csr_access(rv_cpu *cpu, const rv_insn *in, uint64_t src, uint64_t *old)
{
    bool fp = (cpu->ext & RV_EXT_F) != 0;
    bool writes = in->op == RV_OP_CSRRW || in->op == RV_OP_CSRRWI ||
                  (in->op >= RV_OP_CSRRWI ? in->imm != 0 : in->rs1 != 0);
    uint64_t v;
    switch (in->csr) {
    case CSR_FFLAGS: v = cpu->h.fcsr & 0x1f; break;
    case CSR_FRM: v = (cpu->h.fcsr >> 5) & 7; break;
    case CSR_FCSR: v = cpu->h.fcsr & 0xff; break;
    case CSR_CYCLE:
    case CSR_TIME:
    case CSR_INSTRET:
        v = cpu->instret;
        if (cpu->xlen == 32) v = (uint64_t)(int64_t)(int32_t)v;
        break;
    case CSR_CYCLEH:
    case CSR_TIMEH:
    case CSR_INSTRETH:
        if (cpu->xlen != 32) return false;
        v = (uint64_t)(int64_t)(int32_t)(cpu->instret >> 32);
        break;
    default: return false;
    }
    if (in->csr <= CSR_FCSR && !fp) return false;
    *old = v;
    if (!writes) return true;
    if (in->csr > CSR_FCSR) return false; /* read-only counters */
    uint64_t n = in->op == RV_OP_CSRRW || in->op == RV_OP_CSRRWI   ? src
                 : in->op == RV_OP_CSRRS || in->op == RV_OP_CSRRSI ? v | src
                                                                   : v & ~src;
    switch (in->csr) {
    case CSR_FFLAGS: cpu->h.fcsr = (cpu->h.fcsr & ~0x1fu) | (uint32_t)(n & 0x1f); break;
    case CSR_FRM: cpu->h.fcsr = (cpu->h.fcsr & 0x1fu) | (uint32_t)(n & 7) << 5; break;
    default: cpu->h.fcsr = (uint32_t)(n & 0xff); break;
    }
    return true;
}
