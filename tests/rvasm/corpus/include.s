# .include: nested files, each path relative to the including file (llvm-mc is given -I for
# every folder), the contract ABI's ecall numbers (guest/sdk/rivet_ecalls.s), symbols, numeric
# labels and sections across files, an empty file, a statement after .include on one line.
# march: rv64imac rv64im rv32imac rv32im
        .include "../../../guest/sdk/rivet_ecalls.s"
        .text
        .include "include/defs.inc"
start:  li a7, RIVET_EC_SSTORE
        ecall
        li a7, RIVET_EC_RETURN
        ecall
        li a0, RIVET_CODE_BASE
        .include "include/code.inc" ; nop
        j 1f
        .include "include/empty.inc"
1:      call helper
        la a1, msg
