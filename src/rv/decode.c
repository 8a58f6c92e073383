/* Decoder: the instruction table (isa.def) is indexed by major opcode once; operands are
   extracted by walking each row's operand letters, the same letters the disassembler prints.
   The candidate table is built once: under pthread_once, or with a flag in a build without
   threads (RIVET_RV_NO_THREADS, the riscv64 guests). */
#ifndef RIVET_RV_NO_THREADS
#include <pthread.h>
#endif

#include "rv/rv_internal.h"

const rv_insn_desc rv_insn_table[RV_I_COUNT] = {
#define X(id, mn, op, match, mask, ext, operands) {mn, operands, match, mask, ext, RV_OP_##op},
    RV_INSN_LIST(X)
#undef X
};

const unsigned RV_INSN_COUNT = RV_I_COUNT;

const uint8_t rv_op_has_c[RV_OP_COUNT] = {
#define X(name, c, rv32) c,
    RV_OP_LIST(X)
#undef X
};

const char *rv_insn_name(unsigned id)
{
    return id < RV_I_COUNT ? rv_insn_table[id].name : "?";
}

/* Candidate rows per bucket: 128 major opcodes of 32-bit forms, then 32 compressed buckets
   (quadrant | funct3 << 2). */
enum { NBUCKET = 128 + 32, MAXCAND = 64 };
static uint16_t cand[NBUCKET][MAXCAND];
static uint8_t ncand[NBUCKET];

static unsigned bucket_of(uint32_t bits)
{
    if ((bits & 3) != 3) return 128 + ((bits & 3) | ((bits >> 13) & 7) << 2);
    return bits & 0x7f;
}

static void build_buckets(void)
{
    for (unsigned i = 1; i < RV_I_COUNT; i++) {
        unsigned b = bucket_of(rv_insn_table[i].match);
        if (ncand[b] < MAXCAND) cand[b][ncand[b]++] = (uint16_t)i;
    }
}

#ifdef RIVET_RV_NO_THREADS
static bool built;
static void buckets_once(void)
{
    if (!built) build_buckets();
    built = true;
}
#else
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void buckets_once(void)
{
    pthread_once(&once, build_buckets);
}
#endif

static int32_t sext(uint32_t v, int bits)
{
    return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

static uint32_t bit(uint32_t b, int from, int n)
{
    return (b >> from) & ((1u << n) - 1);
}

/* Extracts the operands named by ops. Returns false for reserved encodings. */
static bool extract(const char *ops, uint32_t b, int xlen, rv_insn *in, bool *rd_fp)
{
    for (const char *p = ops; *p; p++) {
        char c = *p;
        if (c != 'C') {
            switch (c) {
            case 'd': in->rd = (uint8_t)bit(b, 7, 5); break;
            case 'D':
                in->rd = (uint8_t)bit(b, 7, 5);
                *rd_fp = true;
                break;
            case 's':
            case 'S': in->rs1 = (uint8_t)bit(b, 15, 5); break;
            case 't':
            case 'T': in->rs2 = (uint8_t)bit(b, 20, 5); break;
            case 'R': in->rs3 = (uint8_t)bit(b, 27, 5); break;
            case 'j':
            case 'o': in->imm = (int32_t)b >> 20; break;
            case 'q': in->imm = ((int32_t)b >> 25) * 32 + (int32_t)bit(b, 7, 5); break;
            case 'u': in->imm = (int32_t)(b & 0xfffff000u); break;
            case 'p':
                in->imm = sext(bit(b, 31, 1) << 12 | bit(b, 7, 1) << 11 | bit(b, 25, 6) << 5 |
                                   bit(b, 8, 4) << 1,
                               13);
                break;
            case 'a':
                in->imm = sext(bit(b, 31, 1) << 20 | bit(b, 12, 8) << 12 | bit(b, 20, 1) << 11 |
                                   bit(b, 21, 10) << 1,
                               21);
                break;
            case '>': in->imm = (int32_t)bit(b, 20, 6); break;
            case '<': in->imm = (int32_t)bit(b, 20, 5); break;
            case 'E': in->csr = (uint16_t)bit(b, 20, 12); break;
            case 'Z': in->imm = (int32_t)bit(b, 15, 5); break;
            case 'm': in->rm = (uint8_t)bit(b, 12, 3); break;
            case 'P': in->rm = (uint8_t)bit(b, 20, 8); break;
            default: break;
            }
            continue;
        }
        c = *++p;
        uint32_t v;
        switch (c) {
        case 'd': in->rd = (uint8_t)bit(b, 7, 5); break;
        case 'w':
            in->rd = (uint8_t)bit(b, 7, 5);
            if (!in->rd) return false;
            break;
        case 'e': in->rd = in->rs1 = (uint8_t)bit(b, 7, 5); break;
        case 's':
            in->rs1 = (uint8_t)bit(b, 7, 5);
            if (!in->rs1) return false;
            break;
        case 't':
        case 'T': in->rs2 = (uint8_t)bit(b, 2, 5); break;
        case 'k':
            in->rs2 = (uint8_t)bit(b, 2, 5);
            if (!in->rs2) return false;
            break;
        case 'D':
            in->rd = (uint8_t)bit(b, 7, 5);
            *rd_fp = true;
            break;
        case '1': in->rd = (uint8_t)(bit(b, 2, 3) + 8); break;
        case '2': in->rs1 = (uint8_t)(bit(b, 7, 3) + 8); break;
        case '3':
        case '6': in->rs2 = (uint8_t)(bit(b, 2, 3) + 8); break;
        case '4': in->rd = in->rs1 = (uint8_t)(bit(b, 7, 3) + 8); break;
        case '5':
            in->rd = (uint8_t)(bit(b, 2, 3) + 8);
            *rd_fp = true;
            break;
        case 'j': in->imm = sext(bit(b, 12, 1) << 5 | bit(b, 2, 5), 6); break;
        case 'u':
            in->imm = (int32_t)((uint32_t)sext(bit(b, 12, 1) << 5 | bit(b, 2, 5), 6) << 12);
            if (!in->imm) return false;
            break;
        case '>':
            in->imm = (int32_t)(bit(b, 12, 1) << 5 | bit(b, 2, 5));
            if (xlen == 32 && in->imm >= 32) return false;
            break;
        case 'l':
            in->imm = (int32_t)(bit(b, 10, 3) << 3 | bit(b, 6, 1) << 2 | bit(b, 5, 1) << 6);
            break;
        case 'm': in->imm = (int32_t)(bit(b, 10, 3) << 3 | bit(b, 5, 2) << 6); break;
        case 'L':
            in->imm = (int32_t)(bit(b, 12, 1) << 5 | bit(b, 4, 3) << 2 | bit(b, 2, 2) << 6);
            break;
        case 'M':
            in->imm = (int32_t)(bit(b, 12, 1) << 5 | bit(b, 5, 2) << 3 | bit(b, 2, 3) << 6);
            break;
        case 'S': in->imm = (int32_t)(bit(b, 9, 4) << 2 | bit(b, 7, 2) << 6); break;
        case 'N': in->imm = (int32_t)(bit(b, 10, 3) << 3 | bit(b, 7, 3) << 6); break;
        case 'K':
            v = bit(b, 11, 2) << 4 | bit(b, 7, 4) << 6 | bit(b, 6, 1) << 2 | bit(b, 5, 1) << 3;
            if (!v) return false;
            in->imm = (int32_t)v;
            break;
        case 'I':
            v = bit(b, 12, 1) << 9 | bit(b, 6, 1) << 4 | bit(b, 5, 1) << 6 | bit(b, 3, 2) << 7 |
                bit(b, 2, 1) << 5;
            if (!v) return false;
            in->imm = sext(v, 10);
            break;
        case 'p':
            in->imm = sext(bit(b, 12, 1) << 8 | bit(b, 10, 2) << 3 | bit(b, 5, 2) << 6 |
                               bit(b, 3, 2) << 1 | bit(b, 2, 1) << 5,
                           9);
            break;
        case 'a':
            in->imm = sext(bit(b, 12, 1) << 11 | bit(b, 11, 1) << 4 | bit(b, 9, 2) << 8 |
                               bit(b, 8, 1) << 10 | bit(b, 7, 1) << 6 | bit(b, 6, 1) << 7 |
                               bit(b, 3, 3) << 1 | bit(b, 2, 1) << 5,
                           12);
            break;
        case 'x': in->rs1 = 2; break;
        case 'y': in->rd = in->rs1 = 2; break;
        case 'r': in->rd = 1; break;
        default: break;
        }
    }
    return true;
}

/* RV32 executes some rows with 32-bit variants of their operation: RV_OP_LIST's third column. */
static const uint16_t rv_op_rv32[RV_OP_COUNT] = {
#define X(name, c, rv32) RV_OP_##rv32,
    RV_OP_LIST(X)
#undef X
};

bool rv_decode(uint32_t bits, int xlen, unsigned ext, rv_insn *in)
{
    buckets_once();
    memset(in, 0, sizeof *in);
    in->op = RV_OP_ILLEGAL;
    in->id = RV_INSN_ILLEGAL;
    bool compressed = (bits & 3) != 3;
    in->len = compressed ? 2 : 4;
    if (compressed) bits &= 0xffff;
    in->imm = (int32_t)bits; /* tval of an illegal instruction */
    if ((compressed && !(ext & RV_EXT_C)) || (!compressed && (bits & 0x1c) == 0x1c)) return false;
    unsigned b = bucket_of(bits);
    uint32_t xbit = xlen == 32 ? RVE_X64 : RVE_X32;
    for (unsigned k = 0; k < ncand[b]; k++) {
        const rv_insn_desc *r = &rv_insn_table[cand[b][k]];
        if ((bits & r->mask) != r->match || (r->ext & xbit) ||
            (r->ext & ext & 0xffff) != (r->ext & 0xffff))
            continue;
        rv_insn t;
        memset(&t, 0, sizeof t);
        t.len = in->len;
        bool rd_fp = false;
        if (!extract(r->operands, bits, xlen, &t, &rd_fp))
            return false; /* reserved encoding of the first matching row */
        if (r->ext & RV_EXT_A) t.rm = (uint8_t)bit(bits, 25, 2);
        if (!rd_fp && t.rd == 0) t.rd = 32;
        t.id = (uint16_t)cand[b][k];
        t.op = xlen == 32 ? rv_op_rv32[r->op] : r->op;
        *in = t;
        return true;
    }
    return false;
}

bool rv_decode_at(rv_cpu *cpu, uint64_t pc, rv_insn *in, rv_cause *cause, uint64_t *tval)
{
    uint16_t lo, hi = 0;
    if (!rv_mem_fetch16(cpu->mem, pc, &lo)) {
        *cause = RV_CAUSE_INSN_FAULT;
        *tval = pc;
        return false;
    }
    if ((lo & 3) == 3) {
        uint64_t pc2 = pc + 2;
        if (cpu->xlen == 32) pc2 = (uint32_t)pc2;
        if (!rv_mem_fetch16(cpu->mem, pc2, &hi)) {
            *cause = RV_CAUSE_INSN_FAULT;
            *tval = pc2;
            return false;
        }
    }
    rv_decode((uint32_t)hi << 16 | lo, cpu->xlen, cpu->ext, in);
    return true;
}
