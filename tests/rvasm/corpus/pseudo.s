# Every standard pseudo-instruction that exists on RV32 and RV64 (llvm-mc's expansions),
# with and without C (compression of the expansions included).
# march: rv64imac rv64im rv32imac rv32im
        .text
        .globl  _start
_start: 1:
        nop
        li      a0, 0
        li      a0, 1
        li      a1, -1
        li      a2, 2047
        li      a3, -2048
        li      a4, 2048
        li      a5, 0x12345
        li      t0, 0x12345678
        li      t1, -0x80000000
        li      t2, 0x7fffffff
        li      s0, 0xfffff000
        li      s1, 0x800
        li      a6, 0x1000
        li      a7, 'A'
        li      t3, 0b1010
        li      t4, 017
        li      t5, -0x10
        li      t6, ~0
        mv      a0, a1
        mv      s0, sp
        mv      t0, t1
        not     a0, a1
        not     t0, t0
        neg     a0, a1
        neg     t2, t3
        seqz    a0, a1
        snez    a0, a1
        sltz    a0, a1
        sgtz    a0, a1
        zext.b  a0, a1
        beqz    a0, 1f
        bnez    a1, 1f
        blez    a2, 1f
        bgez    a3, 1f
        bltz    a4, 1f
        bgtz    a5, 1f
        bgt     a0, a1, 1f
        ble     a0, a1, 1f
        bgtu    a0, a1, 1f
        bleu    a0, a1, 1f
        beqz    t0, 1f
        bnez    t1, 1b
1:      j       1f
        j       1b
        jal     1f
        jal     ra, 1f
        jal     t0, 1b
1:      jr      a0
        jr      t0
        jalr    a1
        jalr    t1
        jalr    t0, a0
        jalr    t0, a0, 8
        jalr    ra, 12(a0)
        jr      4(a0)
        jalr    4(a1)
        ret
        call    func
        call    ext_func
        call    ext_func@plt
        tail    func
        tail    ext_func
        call    t0, func
        jump    func, t1
        jump    ext_func, t2
        la      a0, data_word
        lla     a1, data_word
        la      a2, ext_data
        lla     a3, func
        lb      a0, data_word
        lbu     a1, data_word
        lh      a2, data_word
        lhu     a3, data_word
        lw      a4, data_word
        lw      a5, ext_data
        sb      a0, data_word, t0
        sh      a1, data_word, t1
        sw      a2, data_word, t2
        sw      a3, ext_data, t3
        fence
        fence   rw, rw
        fence   r, w
        fence   iorw, o
        fence.i
        fence.tso
        ecall
        ebreak
        scall
        sbreak
        unimp
        csrr    a0, cycle
        csrw    mscratch, a1
        csrs    mstatus, a2
        csrc    mstatus, a3
        csrwi   mscratch, 5
        csrsi   mstatus, 8
        csrci   mstatus, 31
        csrw    mscratch, 7
        csrs    0x340, 1
        csrrw   a0, mscratch, 9
        csrrs   a0, mscratch, 3
        csrrc   a0, mscratch, 2
        rdcycle a0
        rdtime  a1
        rdinstret a2
func:   addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .data
data_word:
        .word   0x11223344
