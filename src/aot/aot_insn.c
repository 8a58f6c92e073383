/* The x86-64 templates, one per RISC-V operation (Intel syntax for GNU as). Scratch registers
   are rax, rcx, rdx; guest registers are host registers or [rbp+8*r] (x0 reads its slot, which
   stays 0; writes to x0, rd = 32 after decoding, are dropped). */
#include "aot/aot_internal.h"

#define R(r) (p->rname[(r)&31])

static bool isreg(const aot_program *p, unsigned r)
{
    return r && r < 32 && p->host_of[r] >= 0;
}

/* rd = constant. */
static void emit_const(aot_program *p, unsigned rd, uint64_t v)
{
    if (rd >= 32) return;
    if ((int64_t)v == (int32_t)v) {
        aot_out(p, "  mov %s, %lld\n", R(rd), (long long)(int64_t)v);
    } else {
        aot_out(p, "  mov rax, %llu\n", (unsigned long long)v);
        aot_out(p, "  mov %s, rax\n", R(rd));
    }
}

static void store_rax(aot_program *p, unsigned rd)
{
    if (rd < 32) aot_out(p, "  mov %s, rax\n", R(rd));
}

/* rd = rs1 op src2 for two-operand x86 ops (add, sub, and, or, xor, imul). */
static void bin(aot_program *p, const char *op, unsigned rd, unsigned rs1, const char *src2,
                int rs2)
{
    if (rd >= 32) return;
    if (isreg(p, rd) && (int)rd != rs2) {
        if (rd != rs1) aot_out(p, "  mov %s, %s\n", R(rd), R(rs1));
        aot_out(p, "  %s %s, %s\n", op, R(rd), src2);
        return;
    }
    aot_out(p, "  mov rax, %s\n  %s rax, %s\n", R(rs1), op, src2);
    store_rax(p, rd);
}

static void shift_imm(aot_program *p, const char *op, unsigned rd, unsigned rs1, int sh, bool w)
{
    if (rd >= 32) return;
    if (!w && isreg(p, rd)) {
        if (rd != rs1) aot_out(p, "  mov %s, %s\n", R(rd), R(rs1));
        aot_out(p, "  %s %s, %d\n", op, R(rd), sh);
        return;
    }
    aot_out(p, "  mov rax, %s\n", R(rs1));
    if (w)
        aot_out(p, "  %s eax, %d\n  movsxd rax, eax\n", op, sh);
    else
        aot_out(p, "  %s rax, %d\n", op, sh);
    store_rax(p, rd);
}

static void shift_reg(aot_program *p, const char *op, const rv_insn *in, bool w)
{
    if (in->rd >= 32) return;
    aot_out(p, "  mov rcx, %s\n  mov rax, %s\n", R(in->rs2), R(in->rs1));
    if (w)
        aot_out(p, "  %s eax, cl\n  movsxd rax, eax\n", op);
    else
        aot_out(p, "  %s rax, cl\n", op);
    store_rax(p, in->rd);
}

static void setcc(aot_program *p, const char *cc, const rv_insn *in, const char *src2)
{
    if (in->rd >= 32) return;
    aot_out(p, "  mov rcx, %s\n  xor eax, eax\n  cmp rcx, %s\n  set%s al\n", R(in->rs1), src2, cc);
    store_rax(p, in->rd);
}

/* 32-bit op then sign extension: rd = sext32(rs1 op rs2). */
static void word_op(aot_program *p, const char *op, const rv_insn *in)
{
    if (in->rd >= 32) return;
    aot_out(p, "  mov rax, %s\n  mov rcx, %s\n  %s eax, ecx\n  movsxd rax, eax\n", R(in->rs1),
            R(in->rs2), op);
    store_rax(p, in->rd);
}

/* Division with the RISC-V results for a zero divisor and signed overflow. */
static void divide(aot_program *p, const rv_insn *in)
{
    if (in->rd >= 32) return;
    bool w = in->op >= RV_OP_DIVW;
    bool sign =
        in->op == RV_OP_DIV || in->op == RV_OP_REM || in->op == RV_OP_DIVW || in->op == RV_OP_REMW;
    bool rem = in->op == RV_OP_REM || in->op == RV_OP_REMU || in->op == RV_OP_REMW ||
               in->op == RV_OP_REMUW;
    const char *a = w ? "eax" : "rax", *b = w ? "ecx" : "rcx", *dd = w ? "edx" : "rdx";
    aot_out(p, "  mov rax, %s\n  mov rcx, %s\n  test %s, %s\n  jz 1f\n", R(in->rs1), R(in->rs2), b,
            b);
    if (sign) {
        aot_out(p, "  cmp %s, -1\n  jne 2f\n", b);
        if (rem)
            aot_out(p, "  xor eax, eax\n  jmp 3f\n");
        else
            aot_out(p, "  neg %s\n  jmp 3f\n", a);
        aot_out(p, "2:\n  %s\n  idiv %s\n", w ? "cdq" : "cqo", b);
    } else {
        aot_out(p, "  xor edx, edx\n  div %s\n", b);
    }
    if (rem) aot_out(p, "  mov %s, %s\n", a, dd);
    aot_out(p, "  jmp 3f\n1:\n");
    if (!rem) aot_out(p, "  mov rax, -1\n");
    aot_out(p, "3:\n");
    if (w) aot_out(p, "  movsxd rax, eax\n");
    store_rax(p, in->rd);
}

/* Puts the guest address rs1 + imm into rcx (trace mode) or returns a memory operand base. */
static void address(aot_program *p, const rv_insn *in, char *m, size_t cap)
{
    const char *base = "rcx";
    if (isreg(p, in->rs1))
        base = R(in->rs1);
    else
        aot_out(p, "  mov rcx, %s\n", R(in->rs1));
    if (p->xlen == 32) { /* addresses wrap at 4 GiB */
        aot_out(p, "  lea ecx, [%s%+d]\n", base, in->imm);
        snprintf(m, cap, "[rcx]");
    } else if (p->opts.trace) {
        aot_out(p, "  lea rcx, [%s%+d]\n", base, in->imm);
        snprintf(m, cap, "[rcx]");
    } else {
        snprintf(m, cap, "[%s%+d]", base, in->imm);
    }
}

/* Logs the aligned word(s) under [rcx, rcx+size): the read-log hook. */
static void log_access(aot_program *p, unsigned size, bool store)
{
    aot_out(p, "  mov rdx, rcx\n  and rdx, -8\n  mov rdx, qword ptr [rdx]\n"
               "  mov qword ptr [r15], rdx\n  add r15, 8\n");
    if (size == 1) return;
    unsigned l = p->nlab++;
    aot_out(p, "  lea edx, [rcx+%u]\n  xor edx, ecx\n  test dl, 8\n  jnz C%u\nR%u:\n", size - 1, l,
            l);
    char lab[16];
    snprintf(lab, sizeof lab, "C%u", l);
    aot_fault_point(p, lab, store);
    aot_cold(p,
             "C%u:\n  mov rdx, rcx\n  and rdx, -8\n  mov rdx, qword ptr [rdx+8]\n"
             "  mov qword ptr [r15], rdx\n  add r15, 8\n  jmp R%u\n",
             l, l);
}

/* The RV64 operation an RV32 memory operation performs (the address differs, not the access). */
static unsigned base_op(unsigned op)
{
    switch (op) {
    case RV_OP_LB32: return RV_OP_LB;
    case RV_OP_LH32: return RV_OP_LH;
    case RV_OP_LW32: return RV_OP_LW;
    case RV_OP_LBU32: return RV_OP_LBU;
    case RV_OP_LHU32: return RV_OP_LHU;
    case RV_OP_SB32: return RV_OP_SB;
    case RV_OP_SH32: return RV_OP_SH;
    case RV_OP_SW32: return RV_OP_SW;
    default: return op;
    }
}

static void load(aot_program *p, const rv_insn *in0)
{
    rv_insn in1 = *in0;
    const rv_insn *in = &in1;
    in1.op = (uint16_t)base_op(in0->op);
    char m[64];
    aot_fault_point(p, NULL, false);
    address(p, in, m, sizeof m);
    const char *t = isreg(p, in->rd) ? R(in->rd) : "rax";
    switch ((rv_op)in->op) {
    case RV_OP_LB: aot_out(p, "  movsx %s, byte ptr %s\n", t, m); break;
    case RV_OP_LH: aot_out(p, "  movsx %s, word ptr %s\n", t, m); break;
    case RV_OP_LW: aot_out(p, "  movsxd %s, dword ptr %s\n", t, m); break;
    case RV_OP_LBU: aot_out(p, "  movzx %s, byte ptr %s\n", t, m); break;
    case RV_OP_LHU: aot_out(p, "  movzx %s, word ptr %s\n", t, m); break;
    case RV_OP_LWU:
        t = "rax";
        aot_out(p, "  mov eax, dword ptr %s\n", m);
        break;
    default:
        t = "rax";
        aot_out(p, "  mov rax, qword ptr %s\n", m);
        break;
    }
    if (p->opts.trace) {
        if (in->op == RV_OP_LD) { /* an aligned 8-byte load reads exactly its logged word */
            unsigned l = p->nlab++;
            aot_out(p, "  test cl, 7\n  jnz C%u\n  mov qword ptr [r15], rax\n  add r15, 8\nR%u:\n",
                    l, l);
            char lab[16];
            snprintf(lab, sizeof lab, "C%u", l);
            aot_fault_point(p, lab, false);
            aot_cold(p,
                     "C%u:\n  mov rdx, rcx\n  and rdx, -8\n  mov rdx, qword ptr [rdx]\n"
                     "  mov qword ptr [r15], rdx\n  mov rdx, rcx\n  and rdx, -8\n"
                     "  mov rdx, qword ptr [rdx+8]\n  mov qword ptr [r15+8], rdx\n"
                     "  add r15, 16\n  jmp R%u\n",
                     l, l);
        } else {
            unsigned size = in->op == RV_OP_LB || in->op == RV_OP_LBU   ? 1
                            : in->op == RV_OP_LH || in->op == RV_OP_LHU ? 2
                                                                        : 4;
            log_access(p, size, false);
        }
    }
    if (!strcmp(t, "rax")) store_rax(p, in->rd);
}

static void store(aot_program *p, const rv_insn *in0)
{
    rv_insn in1 = *in0;
    const rv_insn *in = &in1;
    in1.op = (uint16_t)base_op(in0->op);
    char m[64];
    aot_fault_point(p, NULL, true);
    address(p, in, m, sizeof m);
    unsigned size = in->op == RV_OP_SB ? 1 : in->op == RV_OP_SH ? 2 : in->op == RV_OP_SW ? 4 : 8;
    if (p->opts.trace) {
        if (size < 8) {
            log_access(p, size, true);
        } else {
            unsigned l = p->nlab++;
            aot_out(p, "  test cl, 7\n  jnz C%u\nR%u:\n", l, l);
            char lab[16];
            snprintf(lab, sizeof lab, "C%u", l);
            aot_fault_point(p, lab, true);
            aot_cold(p,
                     "C%u:\n  mov rdx, rcx\n  and rdx, -8\n  mov rax, qword ptr [rdx]\n"
                     "  mov qword ptr [r15], rax\n  mov rax, qword ptr [rdx+8]\n"
                     "  mov qword ptr [r15+8], rax\n  add r15, 16\n  jmp R%u\n",
                     l, l);
        }
    }
    if (size == 8 && isreg(p, in->rs2)) {
        aot_out(p, "  mov qword ptr %s, %s\n", m, R(in->rs2));
        return;
    }
    aot_out(p, "  mov rdx, %s\n", R(in->rs2));
    if (size == 8)
        aot_out(p, "  mov qword ptr %s, rdx\n", m);
    else if (size == 4)
        aot_out(p, "  mov dword ptr %s, edx\n", m);
    else if (size == 2)
        aot_out(p, "  mov word ptr %s, dx\n", m);
    else
        aot_out(p, "  mov byte ptr %s, dl\n", m);
}

void aot_emit_insn(aot_program *p, const aot_insn *i)
{
    const rv_insn *in = &i->in;
    char s2[64];
    snprintf(s2, sizeof s2, "%d", in->imm);
    switch ((rv_op)in->op) {
    case RV_OP_LUI: emit_const(p, in->rd, (uint64_t)(int64_t)in->imm); break;
    case RV_OP_AUIPC: emit_const(p, in->rd, i->pc + (uint64_t)(int64_t)in->imm); break;
    case RV_OP_LB ... RV_OP_LWU:
    case RV_OP_LB32 ... RV_OP_LHU32: load(p, in); break;
    case RV_OP_SB ... RV_OP_SD:
    case RV_OP_SB32 ... RV_OP_SW32: store(p, in); break;
    case RV_OP_AUIPC32:
        emit_const(p, in->rd, (uint64_t)(int64_t)(int32_t)(i->pc + (uint64_t)(int64_t)in->imm));
        break;
    case RV_OP_MULH32:
    case RV_OP_MULHSU32:
    case RV_OP_MULHU32:
        if (in->rd < 32) {
            bool su = in->op == RV_OP_MULHU32;
            aot_out(p, "  mov rax, %s\n  mov rcx, %s\n", R(in->rs1), R(in->rs2));
            if (su) aot_out(p, "  mov eax, eax\n");
            if (in->op != RV_OP_MULH32) aot_out(p, "  mov ecx, ecx\n");
            aot_out(p, "  imul rax, rcx\n  %s rax, 32\n  movsxd rax, eax\n", su ? "shr" : "sar");
            store_rax(p, in->rd);
        }
        break;
    case RV_OP_ADDI:
        if (isreg(p, in->rd) && isreg(p, in->rs1))
            aot_out(p, "  lea %s, [%s%+d]\n", R(in->rd), R(in->rs1), in->imm);
        else
            bin(p, "add", in->rd, in->rs1, s2, -1);
        break;
    case RV_OP_SLTI: setcc(p, "l", in, s2); break;
    case RV_OP_SLTIU: setcc(p, "b", in, s2); break;
    case RV_OP_XORI: bin(p, "xor", in->rd, in->rs1, s2, -1); break;
    case RV_OP_ORI: bin(p, "or", in->rd, in->rs1, s2, -1); break;
    case RV_OP_ANDI: bin(p, "and", in->rd, in->rs1, s2, -1); break;
    case RV_OP_SLLI: shift_imm(p, "shl", in->rd, in->rs1, in->imm & 63, false); break;
    case RV_OP_SRLI: shift_imm(p, "shr", in->rd, in->rs1, in->imm & 63, false); break;
    case RV_OP_SRAI: shift_imm(p, "sar", in->rd, in->rs1, in->imm & 63, false); break;
    case RV_OP_ADD: bin(p, "add", in->rd, in->rs1, R(in->rs2), in->rs2); break;
    case RV_OP_SUB: bin(p, "sub", in->rd, in->rs1, R(in->rs2), in->rs2); break;
    case RV_OP_XOR: bin(p, "xor", in->rd, in->rs1, R(in->rs2), in->rs2); break;
    case RV_OP_OR: bin(p, "or", in->rd, in->rs1, R(in->rs2), in->rs2); break;
    case RV_OP_AND: bin(p, "and", in->rd, in->rs1, R(in->rs2), in->rs2); break;
    case RV_OP_SLT: setcc(p, "l", in, R(in->rs2)); break;
    case RV_OP_SLTU: setcc(p, "b", in, R(in->rs2)); break;
    case RV_OP_SLL: shift_reg(p, "shl", in, false); break;
    case RV_OP_SRL: shift_reg(p, "shr", in, false); break;
    case RV_OP_SRA: shift_reg(p, "sar", in, false); break;
    case RV_OP_FENCE: break;
    case RV_OP_ADDIW:
        if (in->rd < 32) {
            aot_out(p, "  mov rax, %s\n  add eax, %d\n  movsxd rax, eax\n", R(in->rs1), in->imm);
            store_rax(p, in->rd);
        }
        break;
    case RV_OP_SLLIW: shift_imm(p, "shl", in->rd, in->rs1, in->imm & 31, true); break;
    case RV_OP_SRLIW: shift_imm(p, "shr", in->rd, in->rs1, in->imm & 31, true); break;
    case RV_OP_SRAIW: shift_imm(p, "sar", in->rd, in->rs1, in->imm & 31, true); break;
    case RV_OP_ADDW: word_op(p, "add", in); break;
    case RV_OP_SUBW: word_op(p, "sub", in); break;
    case RV_OP_MULW: word_op(p, "imul", in); break;
    case RV_OP_SLLW: shift_reg(p, "shl", in, true); break;
    case RV_OP_SRLW: shift_reg(p, "shr", in, true); break;
    case RV_OP_SRAW: shift_reg(p, "sar", in, true); break;
    case RV_OP_MUL: bin(p, "imul", in->rd, in->rs1, R(in->rs2), in->rs2); break;
    case RV_OP_MULH:
    case RV_OP_MULHU:
        if (in->rd < 32) {
            aot_out(p, "  mov rax, %s\n  %s %s\n  mov %s, rdx\n", R(in->rs1),
                    in->op == RV_OP_MULH ? "imul" : "mul", R(in->rs2), R(in->rd));
        }
        break;
    case RV_OP_MULHSU:
        if (in->rd < 32) {
            aot_out(p,
                    "  mov rax, %s\n  mov rcx, rax\n  sar rcx, 63\n  and rcx, %s\n  mul %s\n"
                    "  sub rdx, rcx\n  mov %s, rdx\n",
                    R(in->rs1), R(in->rs2), R(in->rs2), R(in->rd));
        }
        break;
    case RV_OP_DIV ... RV_OP_REMU:
    case RV_OP_DIVW ... RV_OP_REMUW: divide(p, in); break;
    default: break; /* control transfers are emitted by aot_emit */
    }
}
