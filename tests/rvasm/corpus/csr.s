# Zicsr: every CSR instruction with registers, immediates, names and numbers.
# march: rv64imac rv32im
        csrrw   a0, mstatus, a1
        csrrs   a0, mie, zero
        csrrc   t0, mip, t1
        csrrwi  a0, mscratch, 0
        csrrsi  a0, mscratch, 31
        csrrci  zero, 0x7c0, 5
        csrrw   zero, 0x800, a0
        csrrs   a0, 0xfff, zero
        csrrw   a0, fflags, a1
        csrrs   a0, frm, zero
        csrrs   a0, fcsr, zero
        csrr    a0, cycle
        csrr    a0, time
        csrr    a0, instret
        csrr    a0, hpmcounter3
        csrr    a0, mhartid
        csrr    a0, mvendorid
        csrr    a0, marchid
        csrr    a0, mimpid
        csrw    mtvec, a0
        csrw    mepc, a0
        csrw    satp, a0
        csrw    pmpcfg0, a0
        csrw    pmpaddr0, a0
        csrw    sstatus, a0
        csrw    stvec, a0
        csrw    sepc, a0
        csrr    a0, scause
        csrr    a0, stval
        csrr    a0, mcause
        csrr    a0, mtval
        csrs    sie, a0
        csrc    sip, a0
        csrw    medeleg, a0
        csrw    mideleg, a0
        csrw    mcounteren, a0
        csrw    scounteren, a0
        csrr    a0, mcycle
        csrr    a0, minstret
        csrw    mhpmevent3, a0
        csrw    tselect, a0
        csrr    a0, dcsr
        csrr    a0, dpc
        csrw    dscratch0, a0
        csrwi   0x800, 1
        csrsi   0x801, 2
        csrci   0x802, 3
