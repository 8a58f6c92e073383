# Calls, the stack, loops, M, numeric labels, far branches (relaxed), bss, jump tables.
# Prints fib(20) in decimal and exits with sum(1..100) % 256 = 5050 % 256 = 186.
# march: rv64imac rv64im rv32imac rv32im
# output: 6765\n
# exit: 186
        .globl  _start
        .text
_start:
        li      sp, 0xc0000000 - 16 # (the profile sets sp; keep it aligned anyway)
        li      a0, 20
        call    fib
        call    print_dec
        # sum 1..100 through a jump table of two handlers
        li      s0, 0                   # sum
        li      s1, 1                   # i
1:      andi    t0, s1, 1
        slli    t0, t0, 2               # 4-byte entries
        la      t1, table
        add     t1, t1, t0
        lw      t1, 0(t1)               # entry - table: ADD32/SUB32 relocations, linked
        la      t3, table
        add     t1, t1, t3
        jalr    t1
        addi    s1, s1, 1
        li      t2, 101
        blt     s1, t2, 1b
        mv      a0, s0
        andi    a0, a0, 0xff
        li      a7, 93
        ecall

even:   add     s0, s0, s1
        ret
odd:    add     s0, s0, s1
        j       far_return              # a jump past 2 KiB: relaxed from c.j

fib:    li      t0, 0                   # iterative: t0 = fib(i), t1 = fib(i + 1)
        li      t1, 1
        beqz    a0, 2f
1:      add     t2, t0, t1
        mv      t0, t1
        mv      t1, t2
        addi    a0, a0, -1
        bnez    a0, 1b
2:      mv      a0, t0
        ret

print_dec:                              # a0 >= 0 -> decimal + newline on fd 1
        la      t0, buf_end
        li      t1, '\n'
        addi    t0, t0, -1
        sb      t1, 0(t0)
        li      t2, 10
1:      remu    t1, a0, t2
        divu    a0, a0, t2
        addi    t1, t1, '0'
        addi    t0, t0, -1
        sb      t1, 0(t0)
        bnez    a0, 1b
        mv      a1, t0
        la      a2, buf_end
        sub     a2, a2, a1
        li      a0, 1
        li      a7, 64
        ecall
        ret

        .zero   3000                    # forces the relaxation of the jumps across it
far_return:
        ret

        .section .rodata
        .p2align 2
table:  .word   even - table, odd - table

        .bss
buf:    .zero   32
buf_end:
