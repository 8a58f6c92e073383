# Branches and jumps: bare numbers are pc-relative offsets; compressed branches and jumps to
# labels are relaxed to 4-byte forms (llvm-mc's MC relaxation) when the label is out of their
# reach (256 B / 2 KiB), global, or in another section; local labels 1f/1b; far 4-byte
# branches up to 4 KiB and jumps up to 1 MiB.
# march: rv64imac rv64im rv32imac rv32im
        .text
        .globl  glob
start:  beqz    a0, near
        bnez    s1, near
        beqz    a0, mid
        beqz    a0, far
        bnez    a5, far
        j       near
        j       mid
        j       far
        j       veryfar
        jal     near
        jal     far
        beq     a0, a1, far
        bne     t0, t1, mid
        blt     a0, zero, near
        bge     a0, a1, far
        bltu    a0, a1, near
        bgeu    a0, a1, mid
        beq     a0, zero, 8
        beq     a0, zero, -8
        beq     t0, zero, 16
        bne     a0, a1, 4094
        blt     a0, a1, -4096
        jal     zero, 2046
        jal     zero, -2048
        jal     ra, 2048
        jal     t0, 1048574
        jal     a0, -1048576
        j       16
        .option push
        .option rvc
        c.j     -2
        c.beqz  a0, 254
        c.bnez  a1, -256
        c.j     near
        c.beqz  a0, near
        c.bnez  s0, far
        c.j     far
        .option pop
        j       glob
        beqz    a0, glob
        j       other
        beqz    a0, other
1:      beqz    a0, 1b
        beqz    a0, 1f
        j       1b
        j       1f
1:      nop
near:   nop
        .zero   200
mid:    nop
        .zero   1800
far:    nop
        beqz    a0, start
        j       start
        .zero   4000
glob:   nop
        .zero   100000
veryfar:
        ret
        .section .text.other, "ax", @progbits
other:  j       start
        beqz    a1, start
        ret
