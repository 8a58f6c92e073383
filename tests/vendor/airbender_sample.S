/* A flat Airbender-style guest (no vendor binary is available): loaded at 0, entry 0. It reads
   n and a seed through CSR 0x7c0 (zksync-airbender riscv_common: csrrw rd, 0x7c0, x0), keeps a
   table of Fibonacci numbers in RAM, and finishes with the result in x10..x17 and `j .`.
   Built with riscv64-linux-gnu-gcc -march=rv32im_zicsr -mabi=ilp32 -nostdlib -Ttext=0 + objcopy -O
   binary (tests/vendor/vendor.py); the expected words are computed by that script in Python.
     x10 = n, x11 = fib(n) mod 2^32, x12 = seed * 0x9e3779b9 mod 2^32, x13 = the word read past
     the input (0), x14 = sum of the table fib(0..n) mod 2^32, x15 = x11 ^ x12,
     x16 = x11 * x12 high 32 bits (mulhu), x17 = 0x600d */
    .text
    .globl _start
_start:
    csrrw a0, 0x7c0, x0
    csrrw a2, 0x7c0, x0
    csrrw a3, 0x7c0, x0
    lui sp, 0x40000          /* sp = 1 GiB: the top of RAM */
    lui t4, 0x100            /* the table at 0x100000 */
    li t0, 0
    li t1, 1
    li a4, 0
    mv t2, a0
    mv t5, t4
1:  sw t0, 0(t5)             /* table[i] = fib(i) */
    addi t5, t5, 4
    beqz t2, 2f
    add t3, t0, t1
    mv t0, t1
    mv t1, t3
    addi t2, t2, -1
    j 1b
2:  mv a1, t0
    mv t5, t4                /* sum the table back from memory */
    addi t2, a0, 1
3:  lw t3, 0(t5)
    add a4, a4, t3
    addi t5, t5, 4
    addi t2, t2, -1
    bnez t2, 3b
    li t3, 0x9e3779b9
    mul a2, a2, t3
    xor a5, a1, a2
    mulhu a6, a1, a2
    li a7, 0x600d
    j .
