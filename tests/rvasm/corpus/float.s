# F and D: loads, stores, arithmetic with and without a rounding mode, conversions, moves,
# compares, the float pseudo-instructions, compressed float loads and stores (c.fld, c.fsd,
# c.flw on RV32, the sp-relative forms) and float loads / stores of a symbol.
# march: rv64gc rv64imafd rv32imafdc rv32imafd
        .text
        flw     fa0, 0(a0)
        flw     ft0, 124(s0)
        flw     fs1, 8(sp)
        flw     fa5, -4(a1)
        fsw     fa0, 0(a0)
        fsw     fs1, 252(sp)
        fld     fa1, 8(a0)
        fld     ft3, 248(s1)
        fld     fs0, 504(sp)
        fsd     fa1, 16(a5)
        fsd     fs0, 8(sp)
        fadd.s  fa0, fa1, fa2
        fadd.s  fa0, fa1, fa2, rtz
        fsub.d  ft0, ft1, ft2, rne
        fmul.d  fs0, fs1, fs2, dyn
        fdiv.s  fa0, fa0, fa0, rup
        fsqrt.d fa0, fa1
        fsqrt.s fa0, fa1, rdn
        fmadd.s fa0, fa1, fa2, fa3
        fmsub.d fa0, fa1, fa2, fa3, rmm
        fnmadd.d ft0, ft1, ft2, ft3
        fnmsub.s fs0, fs1, fs2, fs3, rtz
        fsgnj.s fa0, fa1, fa2
        fsgnjn.d fa0, fa1, fa2
        fsgnjx.s fa0, fa1, fa2
        fmin.d  fa0, fa1, fa2
        fmax.s  fa0, fa1, fa2
        fcvt.w.s a0, fa0, rtz
        fcvt.wu.d a0, fa0
        fcvt.s.w fa0, a0
        fcvt.d.w fa0, a0
        fcvt.d.wu fa0, a0
        fcvt.s.d fa0, fa1
        fcvt.d.s fa0, fa1
        fmv.x.w a0, fa0
        fmv.w.x fa0, a0
        fclass.s a0, fa0
        fclass.d a0, fa0
        feq.s   a0, fa0, fa1
        flt.d   a0, fa0, fa1
        fle.s   a0, fa0, fa1
        fmv.s   fa0, fa1
        fabs.s  fa0, fa1
        fneg.s  fa0, fa1
        fmv.d   ft0, ft1
        fabs.d  ft0, ft1
        fneg.d  ft0, ft1
        fmv.x.s a0, fa0
        fmv.s.x fa0, a0
        fgt.s   a0, fa0, fa1
        fge.s   a0, fa0, fa1
        fgt.d   a0, fa0, fa1
        fge.d   a0, fa0, fa1
        flw     fa0, fdata, t0
        fld     fa1, fdata, t1
        fsw     fa0, fdata, t2
        fsd     fa1, fdata, t3
        csrr    a0, fcsr
        csrw    frm, a1
        frcsr   a0
        fscsr   a1
        fscsr   a0, a1
        frrm    a2
        fsrm    a3
        fsrm    a0, a3
        fsrmi   2
        fsrmi   a0, 3
        frflags a4
        fsflags a5
        fsflags a0, a5
        fsflagsi 1
        fsflagsi a0, 31
        .data
        .p2align 3
fdata:  .dword  0x3ff0000000000000
