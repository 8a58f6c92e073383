/* Contract start-up: the call entry (_start) and the constructor entry (_ctor). The host sets
   sp; no memory is zeroed here (pages start zeroed). */
    .section .text.entry, "ax"
    .globl _start
    .globl _ctor
_start:
    call rivet_main
    li a0, 0
    li a1, 0
    li a7, 0x00          /* STOP */
    ecall
_ctor:
    call rivet_constructor
    call rivet_deploy    /* returns the runtime container (sdk.c) */
