# Explicit compressed instructions and compression of ordinary ones: every RVC form, the
# register classes (x8-x15), the sp-relative loads and stores, the limits of each immediate,
# and instructions just outside a compressed form's reach (kept 4 bytes).
# march: rv64imafdc rv64gc
        c.addi4spn a0, sp, 4
        c.addi4spn s1, sp, 1020
        c.lw    a0, 0(a1)
        c.lw    s0, 124(a5)
        c.ld    a0, 248(a1)
        c.sw    a0, 4(a1)
        c.sd    a0, 8(a1)
        c.fld   fa0, 8(a1)
        c.fsd   fs0, 248(a5)
        c.nop
        c.addi  a0, 1
        c.addi  a0, -32
        c.addiw a0, 31
        c.li    a0, -32
        c.addi16sp sp, -512
        c.addi16sp sp, 496
        c.lui   a0, 1
        c.lui   a0, 0xfffff
        c.srli  a0, 63
        c.srai  s1, 1
        c.andi  a0, -1
        c.sub   a0, a1
        c.xor   s0, s1
        c.or    a4, a5
        c.and   a0, a0
        c.subw  a0, a1
        c.addw  a0, a1
        c.slli  a0, 1
        c.slli  t6, 63
        c.fldsp fa0, 504(sp)
        c.lwsp  a0, 252(sp)
        c.ldsp  ra, 504(sp)
        c.jr    ra
        c.mv    a0, t6
        c.ebreak
        c.jalr  t0
        c.add   a0, t6
        c.fsdsp fa0, 0(sp)
        c.swsp  ra, 252(sp)
        c.sdsp  s0, 504(sp)
        c.unimp
        addi    a0, sp, 1024
        addi    a0, sp, 2
        addi    sp, sp, 512
        addi    sp, sp, -528
        addi    a0, a0, 32
        addi    a0, zero, 32
        lui     a0, 32
        lui     sp, 1
        lw      a0, 128(a1)
        lw      a0, 2(a1)
        lw      a0, 256(sp)
        ld      a0, 4(a1)
        ld      a0, 512(sp)
        sw      a0, 128(a1)
        sd      a0, 256(a1)
        andi    a0, a0, 32
        andi    t0, t0, 1
        srli    t0, t0, 1
        slli    zero, zero, 1
        add     zero, a0, a1
        add     a0, zero, zero
        sub     a0, a1, a0
        and     a0, a1, a2
        xor     a0, a1, a0
        addw    a0, a1, a0
        subw    a0, a1, a0
        jalr    zero, 4(a0)
        jalr    ra, 0(zero)
        jalr    t0, 0(a0)
        addiw   a0, a0, 32
        addiw   a0, zero, -1
        addiw   zero, zero, 1
        ebreak
        unimp
