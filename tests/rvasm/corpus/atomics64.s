# A, RV64 doubleword forms.
# march: rv64imac rv64gc
        lr.d    a0, (a1)
        sc.d.aq a0, a1, (a2)
        amoswap.d.aqrl a0, a1, (a2)
        amoadd.d a0, a1, (a2)
        amoxor.d a0, a1, (a2)
        amoand.d a0, a1, (a2)
        amoor.d a0, a1, (a2)
        amomin.d a0, a1, (a2)
        amomax.d a0, a1, (a2)
        amominu.d a0, a1, (a2)
        amomaxu.d a0, a1, (a2)
