/* ZisK's DMA markers and free-input calls, and the BLAKE2b round port.
   DMA (v0.16+, ziskos/entrypoint/src/dma.rs and the dma/ assembly): `csrs 0x813..0x816, rs` marks
   the operation; its other operands ride on the next instruction, which ZisK's transpiler folds
   into the operation and a RISC-V core must not run: MEMCPY   csrs 0x813, src;  add(i) x0, dst, n
   memmove(dst, src, n) MEMCMP   csrs 0x814, b;    add(i) rd, a, n         rd = first a[i] - b[i]
   (signed), or 0 INPUTCPY csrs 0x815, dst;  add(i) x0, dst, n       n bytes of free input (fcall
   results) MEMSET   csrs 0x816, dst;  addi x0, n, value       memset(dst, value, n) csrsi 0x816, 2;
   addi x0, dst, n; addi x0, dst, value fcall (ziskos/entrypoint/src/fcall.rs): `csrs 0x8F0+k, v`
   queues a parameter (k = 0: the value itself, else v points to 1, 2, 4, 8, 12, ... 256 words),
   `csrwi 0x8C0 + (id >> 5), id & 31` runs function id on them, `csrr rd, 0xFFE` reads the next
   result word. */
#include <string.h>

#include "rivet/crypto.h"
#include "rv/rv_internal.h"
#include "rv/zkvm_zisk_int.h"

const uint16_t rv_zisk_param_words[16] = {1,  2,  4,  8,  12, 16, 20,  24,
                                          28, 32, 48, 64, 80, 96, 128, 256};

/* The operand instruction at pc: add or addi (register or immediate count). */
static bool operand(rv_cpu *cpu, uint64_t pc, rv_insn *in)
{
    rv_cause cause;
    uint64_t tval;
    if (!rv_decode_at(cpu, pc, in, &cause, &tval)) return false;
    return in->op == RV_OP_ADD || in->op == RV_OP_ADDI;
}

static uint64_t count_of(const rv_cpu *cpu, const rv_insn *in)
{
    return in->op == RV_OP_ADD ? cpu->h.x[in->rs2] : (uint64_t)(int64_t)in->imm;
}

enum { DMA_CHUNK = 4096, DMA_MAX = 1u << 30 };

static rv_env_action dma_copy(rv_cpu *cpu, uint64_t dst, uint64_t src, uint64_t n)
{
    uint8_t tmp[DMA_CHUNK];
    bool back = dst > src && dst - src < n; /* overlapping, copy from the end */
    for (uint64_t done = 0; done < n;) {
        size_t k = n - done < DMA_CHUNK ? (size_t)(n - done) : DMA_CHUNK;
        uint64_t off = back ? n - done - k : done;
        if (!rv_mem_read_guest(cpu->mem, src + off, tmp, k))
            return rv_cpu_trap(cpu, RV_CAUSE_LOAD_FAULT, src + off);
        if (!rv_mem_write_guest(cpu->mem, dst + off, tmp, k))
            return rv_cpu_trap(cpu, RV_CAUSE_STORE_FAULT, dst + off);
        done += k;
    }
    return RV_ENV_CONTINUE;
}

static rv_env_action dma_cmp(rv_cpu *cpu, uint64_t a, uint64_t b, uint64_t n, uint64_t *res)
{
    uint8_t x[DMA_CHUNK], y[DMA_CHUNK];
    *res = 0;
    for (uint64_t done = 0; done < n;) {
        size_t k = n - done < DMA_CHUNK ? (size_t)(n - done) : DMA_CHUNK;
        if (!rv_mem_read_guest(cpu->mem, a + done, x, k))
            return rv_cpu_trap(cpu, RV_CAUSE_LOAD_FAULT, a + done);
        if (!rv_mem_read_guest(cpu->mem, b + done, y, k))
            return rv_cpu_trap(cpu, RV_CAUSE_LOAD_FAULT, b + done);
        for (size_t i = 0; i < k; i++)
            if (x[i] != y[i]) {
                *res = (uint64_t)((int64_t)x[i] - (int64_t)y[i]);
                return RV_ENV_CONTINUE;
            }
        done += k;
    }
    return RV_ENV_CONTINUE;
}

static rv_env_action dma_set(rv_cpu *cpu, uint64_t dst, uint8_t v, uint64_t n)
{
    uint8_t tmp[DMA_CHUNK];
    memset(tmp, v, sizeof tmp);
    for (uint64_t done = 0; done < n;) {
        size_t k = n - done < DMA_CHUNK ? (size_t)(n - done) : DMA_CHUNK;
        if (!rv_mem_write_guest(cpu->mem, dst + done, tmp, k))
            return rv_cpu_trap(cpu, RV_CAUSE_STORE_FAULT, dst + done);
        done += k;
    }
    return RV_ENV_CONTINUE;
}

/* n bytes of the free input (the pending fcall result words) to dst. */
static rv_env_action dma_input(rv_cpu *cpu, rv_zisk *z, uint64_t dst, uint64_t n)
{
    uint64_t words = (n + 7) / 8;
    if (words > z->nfres - z->fpos) return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
    const uint8_t *b = (const uint8_t *)(z->fres + z->fpos);
    if (z->host_bytes && !(b = z->host_bytes(z->host_ctx, b, (size_t)n)))
        return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
    if (!rv_mem_write_guest(cpu->mem, dst, b, (size_t)n))
        return rv_cpu_trap(cpu, RV_CAUSE_STORE_FAULT, dst);
    z->fpos += (size_t)words;
    return RV_ENV_CONTINUE;
}

rv_env_action rv_zisk_dma(rv_cpu *cpu, rv_zisk *z, unsigned port)
{
    rv_insn in, in2;
    uint64_t pc = cpu->h.pc, src = cpu->call_src, res = 0;
    z->port_calls[port]++;
    if (!operand(cpu, pc, &in)) return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
    uint64_t a = cpu->h.x[in.rs1], n = count_of(cpu, &in);
    rv_env_action act;
    uint64_t next = pc + in.len;
    if (n > DMA_MAX && port != RV_ZISK_P_DMA_MEMSET) return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
    switch (port) {
    case RV_ZISK_P_DMA_MEMCPY: act = dma_copy(cpu, a, src, n); break;
    case RV_ZISK_P_DMA_MEMCMP:
        act = dma_cmp(cpu, a, src, n, &res);
        if (act == RV_ENV_CONTINUE) cpu->h.x[in.rd] = res;
        break;
    case RV_ZISK_P_DMA_INPUTCPY: act = dma_input(cpu, z, a, n); break;
    default: { /* MEMSET */
        rv_insn csr;
        rv_cause cause;
        uint64_t tval;
        if (!rv_decode_at(cpu, pc - 4, &csr, &cause, &tval))
            return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
        if (csr.op != RV_OP_CSRRSI) {
            act = dma_set(cpu, src, (uint8_t)in.imm, a);
            break;
        }
        if (in.op != RV_OP_ADDI || !operand(cpu, next, &in2) || in2.op != RV_OP_ADDI)
            return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
        next += in2.len;
        act = dma_set(cpu, a, (uint8_t)in2.imm, (uint64_t)(int64_t)in.imm);
    }
    }
    if (act == RV_ENV_CONTINUE) cpu->h.pc = next;
    return act;
}

/* The free-input word a guest reads at the input address + 0: the next pending result. */
static void show_next(rv_cpu *cpu, rv_zisk *z)
{
    uint64_t w = z->fpos < z->nfres ? z->fres[z->fpos] : 0;
    uint64_t base = z->io == RV_ZISK_IO_V013 ? RV_ZISK_INPUT_ADDR_V013 : RV_ZISK_INPUT_ADDR;
    if (!rv_mem_write(cpu->mem, base, &w, 8)) return; /* no input region: nothing to show */
}

rv_env_action rv_zisk_fcall_csr(rv_cpu *cpu, rv_zisk *z, unsigned csr)
{
    uint64_t v = cpu->call_src;
    if (csr == 0xffe) {
        uint64_t w = z->fpos < z->nfres ? z->fres[z->fpos++] : 0;
        if (z->host_u64 && !z->host_u64(z->host_ctx, &w))
            return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
        cpu->call_ret = w;
        show_next(cpu, z);
        return RV_ENV_CONTINUE;
    }
    if (csr >= 0x8f0) { /* a parameter */
        unsigned k = csr - 0x8f0, n = rv_zisk_param_words[k];
        if (n > RV_ZISK_FCALL_MAX_PARAMS - z->nfparam) return rv_cpu_trap(cpu, RV_CAUSE_ILLEGAL, 0);
        if (k == 0)
            z->fparam[z->nfparam] = v;
        else if (!rv_mem_read_guest(cpu->mem, v, z->fparam + z->nfparam, 8 * (size_t)n))
            return rv_cpu_trap(cpu, RV_CAUSE_LOAD_FAULT, v);
        z->nfparam += n;
        return RV_ENV_CONTINUE;
    }
    unsigned id = (csr - 0x8c0) << 5 | (unsigned)(v & 31);
    z->fcalls[id]++;
    z->nfres = z->fpos = 0;
    if (!rv_zisk_fcall_run(z, id)) z->fcall_unknown++;
    z->nfparam = 0;
    show_next(cpu, z);
    return RV_ENV_CONTINUE;
}

/* ---------------------------------------------------------------- BLAKE2b round */

bool rv_zisk_blake2b_round(rv_cpu *cpu, uint64_t p, uint64_t *fa)
{
    uint64_t idx, va, ma, v[16], m[16];
    if (!rv_zisk_peek64(cpu, p, &idx) || !rv_zisk_peek64(cpu, p + 8, &va) ||
        !rv_zisk_peek64(cpu, p + 16, &ma))
        return *fa = p, false;
    if (!rv_mem_read_guest(cpu->mem, va, v, sizeof v)) return *fa = va, false;
    if (!rv_mem_read_guest(cpu->mem, ma, m, sizeof m)) return *fa = ma, false;
    crypto_blake2b_round(v, m, (uint32_t)(idx % 10));
    return rv_mem_write_guest(cpu->mem, va, v, sizeof v) ? true : (*fa = va, false);
}

void rv_zisk_dma_ranges(rv_cpu *cpu, unsigned csr, uint64_t src, uint64_t in[2][2], unsigned *nin,
                        uint64_t out[1][2], unsigned *nout)
{
    rv_insn op, op2, mark;
    rv_cause cause;
    uint64_t tval, pc = cpu->h.pc;
    *nin = *nout = 0;
    if (!operand(cpu, pc, &op)) return;
    uint64_t a = cpu->h.x[op.rs1], n = count_of(cpu, &op);
    switch (csr) {
    case 0x813: /* memcpy */
    case 0x815: /* inputcpy */
        if (n > DMA_MAX) return;
        if (csr == 0x813) {
            in[0][0] = src, in[0][1] = n;
            *nin = 1;
        }
        out[0][0] = a, out[0][1] = n;
        *nout = 1;
        return;
    case 0x814: /* memcmp */
        if (n > DMA_MAX) return;
        in[0][0] = a, in[0][1] = n;
        in[1][0] = src, in[1][1] = n;
        *nin = 2;
        return;
    default: /* memset */
        if (!rv_decode_at(cpu, pc - 4, &mark, &cause, &tval)) return;
        if (mark.op != RV_OP_CSRRSI) {
            out[0][0] = src, out[0][1] = a;
        } else {
            if (op.op != RV_OP_ADDI || !operand(cpu, pc + op.len, &op2)) return;
            out[0][0] = a, out[0][1] = (uint64_t)(int64_t)op.imm;
        }
        *nout = out[0][1] <= DMA_MAX;
    }
}
