# RV64-only pseudo-instructions and li of 64-bit constants (llvm-mc's materialisation).
# march: rv64imac rv64im rv64gc
        .text
start:  negw    a0, a1
        sext.w  a0, a1
        sext.w  t0, t0
        ld      a0, dword
        lwu     a1, dword
        sd      a2, dword, t0
        ld      a3, ext_dword
        sd      a4, ext_dword, t1
        li      a0, 0x100000000
        li      a0, 0xffffffff
        li      a0, 0x7fffffffffffffff
        li      a0, -0x8000000000000000
        li      a0, 0xffffffffffffffff
        li      a0, 0x123456789abcdef0
        li      a0, 0xfedcba9876543210
        li      a0, 0x8000000000000000
        li      a0, 0x00ff00ff00ff00ff
        li      a0, 0x0000ffff0000ffff
        li      a0, 0x1000000000001
        li      a0, 0x7fffffff80000000
        li      a0, 0xfffffffffffff800
        li      a0, 0x80000000
        li      a0, -0x80000001
        li      a0, 0x3ff0000000000000
        li      a1, 1 << 40
        li      a2, (1 << 63) >> 3
        li      t3, 0x5555555555555555
        li      s11, 0xaaaaaaaa
        rdcycle a0
        .section .rodata
        .p2align 3
dword:  .dword  0x1122334455667788
        .quad   -1
        .8byte  start
