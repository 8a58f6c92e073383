# A counter contract in assembly (rivet asm --format container): adds call-data word 0 to slot 0
# and returns the new value (words below 2^56; see tests/hybrid/make.py "asm_counter").
# The ecall numbers come from the one table (rivet hybrid abi --asm > guest/sdk/rivet_ecalls.s).
    .include "../../guest/sdk/rivet_ecalls.s"
    .text
    .globl _start
_start:
    addi sp, sp, -96
    li a0, 0
    addi a1, sp, 0          # x = calldata[0..32] at sp
    li a7, RIVET_EC_CALLDATALOAD
    ecall
    addi a0, sp, 64         # key: zero word at sp+64
    sd zero, 0(a0)
    sd zero, 8(a0)
    sd zero, 16(a0)
    sd zero, 24(a0)
    addi a1, sp, 32         # old value at sp+32
    li a7, RIVET_EC_SLOAD
    ecall
    ld t0, 24(sp)           # low 8 bytes (big-endian) of x, old: add as bytes is overkill;
    ld t1, 56(sp)           # keep it simple: the words are < 2^56 in this example
    # big-endian low word: byte-swap both, add, swap back
    call bswap_t0
    mv t2, t0
    mv t0, t1
    call bswap_t0
    add t0, t0, t2
    call bswap_t0
    sd t0, 56(sp)
    addi a0, sp, 64
    addi a1, sp, 32
    li a7, RIVET_EC_SSTORE
    ecall
    addi a0, sp, 32
    li a1, 32
    li a7, RIVET_EC_RETURN
    ecall
bswap_t0:                   # t0 = bswap64(t0), clobbers t3..t5
    li t3, 0
    li t4, 8
1:  slli t3, t3, 8
    andi t5, t0, 0xff
    or t3, t3, t5
    srli t0, t0, 8
    addi t4, t4, -1
    bnez t4, 1b
    mv t0, t3
    ret
