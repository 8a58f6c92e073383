# Every directive rivet asm supports (as llvm-mc spells them): sections, alignment, data,
# strings, fills, symbols and their attributes, assignments, options; labels on the same line
# as an instruction; numeric local labels; comments of every kind.
# march: rv64imac rv64im rv32imac rv32im
        .file   "directives.s"
        .equ    ANSWER, 42
        .set    MASK, (1 << 12) - 1
        COUNT = 3
        .equ    NEG, -0x10
        .set    BITS, 0b1011
        .equ    OCT, 0777
        .equ    CH, 'z' - 'a'
        .set    REDEF, 1
        .globl  entry, helper
        .global other
        .weak   weak_fn
        .local  local_fn
        .type   entry, @function
        .type   helper, %function
        .type   table, @object
        .text
entry:  addi    a0, zero, ANSWER        # a comment
        addi    a1, zero, MASK & 0x7ff  // another comment
        addi    a2, zero, COUNT * 2 + 1 /* a block comment */
        addi    a3, zero, NEG ; addi a4, zero, BITS ; addi a5, zero, OCT - 0x100
        li      a6, CH
        li      a7, REDEF
        .set    REDEF, 2
        li      a7, REDEF
loop:   addi    t0, t0, 1; bnez t0, loop
1:      addi    t1, t1, -1
        bnez    t1, 1b
        beqz    t1, 2f
        nop
2:      /* a comment spanning
           two lines */ nop
helper: ret
        .size   helper, . - helper
local_fn: other: nop
        .size   entry, . - entry
        .align  2
        nop
        .p2align 3
        nop
        .balign 16
        .byte   1
        .p2align 3, 0x90
        nop
        .p2align 2, 0
        .balign 8, 0, 2
        .p2align 4,,7
        nop
        .p2align 2
        .option push
        .option norvc
        addi    a0, a0, 1
        .p2align 3
        .option pop
        addi    a0, a0, 1
        .option rvc
        addi    a0, a0, 1
        mv      a1, a2
        .option norvc
        mv      a1, a2
        .option rvc

        .section .rodata
        .p2align 2
table:  .word   entry, helper + 4, ANSWER
        .half   1, -1, 0xffff
        .short  2
        .2byte  3
        .byte   'a', '\n', '\'', '\\', 0x7f, -128, 255
        .long   1
        .int    2
        .4byte  -1
        .ascii  "abc"
        .ascii  "tab\t", "nl\n", "q\"", "oct\101\7", "hex\x41\x7e"
        .asciz  "zero-terminated"
        .string "also", "terminated"
        .size   table, . - table
        .zero   3
        .space  5
        .space  4, 0xaa
        .skip   2
        .skip   3, 7
        .fill   3, 2, 0x1234
        .fill   2, 4, -1
        .fill   5
        .word   . - table
        .word   table_end - table
        .byte   (table_end - table) & 0xff
table_end:

        .data
        .p2align 3
counter: .dword 0
        .word   1 + 2 * 3, (1 + 2) * 3, 7 / 2, -7 / 2, 7 % 3, -7 % 3
        .word   1 << 4, 0x80 >> 3, 6 & 3, 6 | 3, 6 ^ 3, ~5, -(3)
        .word   1 == 1, 1 != 1, 1 < 2, 2 <= 1, 3 > 2, 3 >= 4, 1 && 0, 1 || 0, !0, !5
        .word   1 + 2 & 3, 8 - 2 - 1, 2 * 3 << 1
        .word   -0x10, 0b101, 017, 'A', -'A'
        .word   counter, counter + 8, entry
        .dword  entry, table + 4, ext_sym, ext_sym - 8
        .word   table_end - entry
        .org    0x100
        .byte   0xee
        .org    0x110, 0x11
        .byte   0xff

        .bss
        .p2align 4
buffer: .zero   256
        .space  16
big:    .skip   0x10000
        .section .sbss,"aw",@nobits
        .zero   8
        .section .mysec,"aw",@progbits
        .byte   9
        .section .text.extra,"ax",@progbits
        nop
        ret
        .pushsection .data
        .word   0xdeadbeef
        .popsection
        nop
        .section .rodata
        .previous
        ret
        .text
        .end
        this is ignored: not an instruction
