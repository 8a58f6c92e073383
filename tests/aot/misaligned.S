# Without the C extension a jump to an address that is 2 mod 4 traps at the jump (instruction
# address misaligned, tval = the target), which does not retire. Built for the sp1 profile
# (RV64IM): the translated run must trap exactly where the interpreter does.
  .text
  .globl _start
_start:
  li a0, 5
  li a1, 7
  add a2, a0, a1
  la t0, target
  addi t0, t0, 2
  jalr ra, 0(t0)
target:
  li a0, 0
  li a7, 93
  ecall
