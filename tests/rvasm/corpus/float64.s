# RV64 F/D conversions and moves.
# march: rv64gc rv64imafd
        fcvt.l.s a0, fa0
        fcvt.lu.s a0, fa0, rtz
        fcvt.s.l fa0, a0
        fcvt.s.lu fa0, a0, rne
        fcvt.l.d a0, fa0
        fcvt.lu.d a0, fa0
        fcvt.d.l fa0, a0
        fcvt.d.lu fa0, a0, rup
        fmv.x.d a0, fa0
        fmv.d.x fa0, a0
