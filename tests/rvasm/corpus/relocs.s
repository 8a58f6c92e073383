# References the assembler cannot resolve: external and global symbols, cross-section
# references, %hi/%lo, %pcrel_hi/%pcrel_lo (named and numeric labels), call/tail (with @plt),
# data words and differences (R_RISCV_32/64, ADD/SUB pairs); and those it resolves: local
# labels of the same section, constants under %hi/%lo.
# march: rv64imac rv64im rv32imac rv32im
        .text
        .globl  gfunc
start:  lui     a0, %hi(ext_var)
        addi    a0, a0, %lo(ext_var)
        lw      a1, %lo(ext_var)(a0)
        sw      a1, %lo(ext_var+4)(a0)
        lui     a2, %hi(local_data)
        addi    a2, a2, %lo(local_data + 12)
        lui     a3, %hi(0x12345678)
        addi    a3, a3, %lo(0x12345678)
        lui     a4, %hi(-1)
        addi    a4, a4, %lo(0x800)
        lw      a5, %lo(0x7ff)(a4)
1:      auipc   t0, %pcrel_hi(local_data)
        addi    t0, t0, %pcrel_lo(1b)
2:      auipc   t1, %pcrel_hi(ext_var + 16)
        lw      t1, %pcrel_lo(2b)(t1)
here:   auipc   t2, %pcrel_hi(start)
        addi    t2, t2, %pcrel_lo(here)
there:  auipc   t3, %pcrel_hi(later)
        sw      a0, %pcrel_lo(there)(t3)
        call    gfunc
        call    lfunc
        call    ext_fn
        call    ext_fn@plt
        tail    ext_fn
        tail    lfunc
        j       gfunc
        jal     gfunc
        beqz    a0, gfunc
        bnez    s0, lfunc
        beq     t0, t1, ext_fn
        jal     ext_fn
        j       ext_fn
        la      a0, ext_var
        la      a1, local_data
        lla     a2, lfunc
        lw      a3, local_data
later:  nop
gfunc:  ret
lfunc:  ret
        .word   lfunc - start
        .word   . - start
        .half   lfunc - gfunc
        .byte   lfunc - gfunc

        .data
local_data:
        .word   start, gfunc, ext_var, ext_var + 4, local_data, local_data + 8
        .word   . - start, start - ., lfunc - start, ext_var - local_data
        .half   lfunc - start
        .byte   lfunc - start
        .word   .Lend - local_data
        .word   local_data2 - local_data
        .p2align 3
        .dword  start, ext_var, ext_var - 8, lfunc - start, . - gfunc
local_data2:
.Lend:
        .section .rodata
        .word   local_data, local_data2 - local_data
        .dword  .Lend
