# RV32 compressed forms: c.jal, c.flw/c.fsw, c.flwsp/c.fswsp; shifts limited to 31.
# march: rv32imafdc
        c.jal   16
        c.flw   fa0, 4(a1)
        c.fsw   fs1, 124(a5)
        c.flwsp fa0, 252(sp)
        c.fswsp ft0, 0(sp)
        c.srli  a0, 31
        c.slli  a0, 31
        flw     fa0, 8(sp)
        fsw     fa0, 8(a0)
        slli    a0, a0, 31
        jal     ra, -2048
        jal     ra, 2048
