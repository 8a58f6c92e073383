# RV32 with C: jal ra, label compresses to c.jal (relaxed to jal when out of reach).
# march: rv32imac rv32im
        .text
start:  jal     near
        jal     ra, near
        jal     far
        .option push
        .option rvc
        c.jal   near
        c.jal   far
        .option pop
        jal     zero, near
near:   nop
        .zero   3000
far:    ret
