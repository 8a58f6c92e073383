/* Pseudo-instructions that are aliases of one instruction: moves, branch and float aliases,
   fences, CSR and counter shorthands. */
#include "rvasm/parse_internal.h"

/* register moves and negations, float moves and compares, branch aliases */
bool asm_pseudo_alias(asm_ctx *c, stmt *st)
{
    int rd, rs, rt;
    const int X0 = 0;
    static const struct {
        const char *name;
        uint16_t row;
        int8_t form; /* 0: rd, rs, imm; 1: rd, x0, rs; 2: rd, rs, x0; 3: rd, rs, rs (float) */
        int16_t imm;
    } alias2[] = {
        {"mv", RV_I_addi, 0, 0},         {"not", RV_I_xori, 0, -1},
        {"neg", RV_I_sub, 1, 0},         {"negw", RV_I_subw, 1, 0},
        {"sext.w", RV_I_addiw, 0, 0},    {"zext.b", RV_I_andi, 0, 255},
        {"seqz", RV_I_sltiu, 0, 1},      {"snez", RV_I_sltu, 1, 0},
        {"sltz", RV_I_slt, 2, 0},        {"sgtz", RV_I_slt, 1, 0},
        {"fmv.s", RV_I_fsgnj_s, 3, 0},   {"fabs.s", RV_I_fsgnjx_s, 3, 0},
        {"fneg.s", RV_I_fsgnjn_s, 3, 0}, {"fmv.d", RV_I_fsgnj_d, 3, 0},
        {"fabs.d", RV_I_fsgnjx_d, 3, 0}, {"fneg.d", RV_I_fsgnjn_d, 3, 0},
    };
    for (size_t i = 0; i < sizeof alias2 / sizeof alias2[0]; i++) {
        if (!asm_is(st, alias2[i].name)) continue;
        if (!asm_row_ok(c, st, alias2[i].row) || !asm_want_ops(c, st, 2)) return true;
        bool fp = alias2[i].form == 3;
        if ((rd = asm_need_reg(c, st, 0, fp)) < 0 || (rs = asm_need_reg(c, st, 1, fp)) < 0)
            return true;
        switch (alias2[i].form) {
        case 0: asm_emit_row(c, st, alias2[i].row, rd, rs, 0, alias2[i].imm); break;
        case 1: asm_emit_row(c, st, alias2[i].row, rd, 0, rs, 0); break;
        case 2: asm_emit_row(c, st, alias2[i].row, rd, rs, 0, 0); break;
        default: asm_emit_row(c, st, alias2[i].row, rd, rs, rs, 0); break;
        }
        return true;
    }
    static const struct {
        const char *name;
        uint16_t row;
        bool swap;
    } alias_fcmp[] = {{"fgt.s", RV_I_flt_s, 1},
                      {"fge.s", RV_I_fle_s, 1},
                      {"fgt.d", RV_I_flt_d, 1},
                      {"fge.d", RV_I_fle_d, 1}};
    for (size_t i = 0; i < sizeof alias_fcmp / sizeof alias_fcmp[0]; i++) {
        if (!asm_is(st, alias_fcmp[i].name)) continue;
        if (!asm_row_ok(c, st, alias_fcmp[i].row) || !asm_want_ops(c, st, 3)) return true;
        if ((rd = asm_need_reg(c, st, 0, false)) < 0 || (rs = asm_need_reg(c, st, 1, true)) < 0 ||
            (rt = asm_need_reg(c, st, 2, true)) < 0)
            return true;
        asm_emit_row(c, st, alias_fcmp[i].row, rd, rt, rs, 0);
        return true;
    }
    if (asm_is(st, "fmv.x.s") || asm_is(st, "fmv.s.x")) {
        bool tox = asm_is(st, "fmv.x.s");
        unsigned row = tox ? RV_I_fmv_x_w : RV_I_fmv_w_x;
        if (!asm_row_ok(c, st, row) || !asm_want_ops(c, st, 2)) return true;
        if ((rd = asm_need_reg(c, st, 0, !tox)) < 0 || (rs = asm_need_reg(c, st, 1, tox)) < 0)
            return true;
        asm_emit_row(c, st, row, rd, rs, 0, 0);
        return true;
    }
    /* branches against zero and with swapped operands */
    static const struct {
        const char *name;
        uint16_t row;
        int8_t form; /* 0: rs, x0; 1: x0, rs; 2: rt, rs (swapped) */
    } br[] = {{"beqz", RV_I_beq, 0}, {"bnez", RV_I_bne, 0}, {"blez", RV_I_bge, 1},
              {"bgez", RV_I_bge, 0}, {"bltz", RV_I_blt, 0}, {"bgtz", RV_I_blt, 1},
              {"bgt", RV_I_blt, 2},  {"ble", RV_I_bge, 2},  {"bgtu", RV_I_bltu, 2},
              {"bleu", RV_I_bgeu, 2}};
    for (size_t i = 0; i < sizeof br / sizeof br[0]; i++) {
        if (!asm_is(st, br[i].name)) continue;
        int n = br[i].form == 2 ? 3 : 2;
        if (!asm_want_ops(c, st, n) || (rs = asm_need_reg(c, st, 0, false)) < 0) return true;
        if (br[i].form == 2) {
            if ((rt = asm_need_reg(c, st, 1, false)) < 0) return true;
            asm_emit_target(c, st, br[i].row, 0, rt, rs, 2);
        } else if (br[i].form == 0)
            asm_emit_target(c, st, br[i].row, 0, rs, X0, 1);
        else
            asm_emit_target(c, st, br[i].row, 0, X0, rs, 1);
        return true;
    }
    return false;
}

/* fence, fence.tso, unimp, scall/sbreak, CSR aliases, counters, float CSRs */
/* CSR shorthands: csrw/csrs/csrc and their immediate forms, csrrw/csrrs/csrrc with an
   immediate, the counters, the float CSRs. */
static bool pseudo_csr(asm_ctx *c, stmt *st)
{
    int rd, rs;
    asm_expr *e;
    const int X0 = 0;
    static const struct {
        const char *name;
        uint16_t rrow, irow;
        bool imm_only;
    } csrw[] = {{"csrw", RV_I_csrrw, RV_I_csrrwi, 0},   {"csrs", RV_I_csrrs, RV_I_csrrsi, 0},
                {"csrc", RV_I_csrrc, RV_I_csrrci, 0},   {"csrwi", RV_I_csrrwi, RV_I_csrrwi, 1},
                {"csrsi", RV_I_csrrsi, RV_I_csrrsi, 1}, {"csrci", RV_I_csrrci, RV_I_csrrci, 1}};
    for (size_t i = 0; i < sizeof csrw / sizeof csrw[0]; i++) {
        if (!asm_is(st, csrw[i].name)) continue;
        if (asm_want_ops(c, st, 2))
            asm_emit_csr(c, st, csrw[i].rrow, csrw[i].irow, X0, 0, 1, csrw[i].imm_only);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t rrow, irow;
    } csrrx[] = {{"csrrw", RV_I_csrrw, RV_I_csrrwi},
                 {"csrrs", RV_I_csrrs, RV_I_csrrsi},
                 {"csrrc", RV_I_csrrc, RV_I_csrrci}};
    for (size_t i = 0; i < sizeof csrrx / sizeof csrrx[0]; i++) {
        if (!asm_is(st, csrrx[i].name) || st->nop != 3 || asm_op_reg(st, 2, false) >= 0) continue;
        if ((rd = asm_need_reg(c, st, 0, false)) < 0) return true;
        asm_emit_csr(c, st, csrrx[i].rrow, csrrx[i].irow, rd, 1, 2, true);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t csr;
        bool rv32;
    } rdc[] = {{"rdcycle", 0xc00, 0},  {"rdtime", 0xc01, 0},  {"rdinstret", 0xc02, 0},
               {"rdcycleh", 0xc80, 1}, {"rdtimeh", 0xc81, 1}, {"rdinstreth", 0xc82, 1}};
    for (size_t i = 0; i < sizeof rdc / sizeof rdc[0]; i++) {
        if (!asm_is(st, rdc[i].name)) continue;
        if (rdc[i].rv32 && c->o->xlen != 32) {
            ERR(st->mcol, "instruction requires the following: RV32I Base Instruction Set");
            return true;
        }
        if (!asm_want_ops(c, st, 1) || (rd = asm_need_reg(c, st, 0, false)) < 0) return true;
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.row = RV_I_csrrs;
        m.rd = (uint8_t)rd;
        m.csr = rdc[i].csr;
        asm_emit_const(c, st, m, false);
        return true;
    }
    static const struct {
        const char *name;
        uint16_t csr;
        int8_t kind; /* 0 read, 1 write (rs or rd, rs), 2 write immediate */
    } fcsr[] = {{"frcsr", 3, 0}, {"fscsr", 3, 1},   {"frrm", 2, 0},    {"fsrm", 2, 1},
                {"fsrmi", 2, 2}, {"frflags", 1, 0}, {"fsflags", 1, 1}, {"fsflagsi", 1, 2}};
    for (size_t i = 0; i < sizeof fcsr / sizeof fcsr[0]; i++) {
        if (!asm_is(st, fcsr[i].name)) continue;
        if (!(c->o->ext & RV_EXT_F)) {
            ERR(st->mcol, "instruction requires the following: %s", asm_ext_name(RV_EXT_F));
            return true;
        }
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.csr = fcsr[i].csr;
        if (fcsr[i].kind == 0) {
            if (!asm_want_ops(c, st, 1) || (rd = asm_need_reg(c, st, 0, false)) < 0) return true;
            m.row = RV_I_csrrs;
            m.rd = (uint8_t)rd;
            asm_emit_const(c, st, m, false);
            return true;
        }
        int src = st->nop - 1;
        if (st->nop == 2) {
            if ((rd = asm_need_reg(c, st, 0, false)) < 0) return true;
            m.rd = (uint8_t)rd;
        } else if (!asm_want_ops(c, st, 1))
            return true;
        if (fcsr[i].kind == 1) {
            if ((rs = asm_need_reg(c, st, src, false)) < 0) return true;
            m.row = RV_I_csrrw;
            m.rs1 = (uint8_t)rs;
        } else {
            int64_t v;
            if (!(e = asm_op_expr(c, st, src))) return true;
            if (!asm_need_const(c, e, &v, "the immediate")) return true;
            if (v < 0 || v > 31) {
                ERR(asm_opcol(st, src), "immediate must be an integer in the range [0, 31]");
                return true;
            }
            m.row = RV_I_csrrwi;
            m.imm = v;
        }
        asm_emit_const(c, st, m, false);
        return true;
    }
    return false;
}

/* fence, fence.tso, unimp, scall/sbreak, csrr, and the CSR shorthands. */
bool asm_pseudo_sys(asm_ctx *c, stmt *st)
{
    int rd;
    if (asm_is(st, "fence") && st->nop == 0) {
        asm_minst m;
        memset(&m, 0, sizeof m);
        m.row = RV_I_fence;
        m.rm = 0xff;
        asm_emit_const(c, st, m, false);
        return true;
    }
    if (asm_is(st, "fence.tso")) {
        if (!asm_want_ops(c, st, 0)) return true;
        asm_note_insn(c, c->rvc);
        asm_emit_le(c, 0x8330000fu, 4, st->mcol);
        return true;
    }
    if (asm_is(st, "unimp")) {
        if (!asm_want_ops(c, st, 0)) return true;
        if (asm_cur(c)->type == ASM_SHT_NOBITS) {
            ERR(st->mcol, "cannot emit instructions in a section without contents (%s)",
                asm_cur(c)->name);
            return true;
        }
        asm_note_insn(c, c->rvc);
        if (c->rvc)
            asm_emit_le(c, 0, 2, st->mcol);
        else
            asm_emit_le(c, 0xc0001073u, 4, st->mcol);
        return true;
    }
    if (asm_is(st, "scall") || asm_is(st, "sbreak")) {
        if (asm_want_ops(c, st, 0))
            asm_emit_row(c, st, asm_is(st, "scall") ? RV_I_ecall : RV_I_ebreak, 0, 0, 0, 0);
        return true;
    }
    /* CSR aliases */
    if (asm_is(st, "csrr")) {
        if (!asm_want_ops(c, st, 2) || (rd = asm_need_reg(c, st, 0, false)) < 0) return true;
        asm_emit_csr(c, st, RV_I_csrrs, RV_I_csrrs, rd, 1, -1, false);
        return true;
    }
    return pseudo_csr(c, st);
}
