# The smallest program: write a string to the public output, exit with a computed status.
# march: rv64imac rv64im rv32imac rv32im
# output: hello from rivet asm\n
# exit: 42
        .globl  _start
        .text
_start:
        li      a0, 1                   # fd 1: the public output
        la      a1, msg
        li      a2, msg_len             # defined below: sized after layout
        li      a7, 64                  # write
        ecall
        lw      t0, counter             # a load of a symbol (auipc + lw)
        addi    t0, t0, 1
        sw      t0, counter, t1         # a store to a symbol (auipc + sw, t1 scratch)
        lw      a0, counter
        li      a7, 93                  # exit
        ecall

        .section .rodata
msg:    .ascii  "hello from rivet asm\n"
        .equ    msg_len, . - msg

        .data
counter: .word  41
