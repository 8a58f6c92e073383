/* Memory: call-data word 0 picks a store: 0 a word 64 KiB below the 8 MiB limit (fine, one
   page), 1 the first byte past it (a fault), 2 a store to the code (a fault), 3 256 pages
   (1 MiB, charged). Slot 0 records that it got past. EVM twin: "memlimit". */
#include "u256.h"

void rivet_main(void)
{
    rv_word w, k = rv_u64(0), one = rv_u64(1);
    rv_calldataload(0, &w);
    uint64_t op = rv_low64(&w);
    if (op == 0) *(volatile uint64_t *)(RIVET_MEM_SIZE - 0x10000) = 1;
    if (op == 1) *(volatile uint8_t *)RIVET_MEM_SIZE = 1;
    if (op == 2) *(volatile uint32_t *)RIVET_CODE_BASE = 0;
    if (op == 3)
        for (uint64_t a = RIVET_MEM_SIZE - 0x200000; a < RIVET_MEM_SIZE - 0x100000; a += 4096)
            *(volatile uint8_t *)a = 1;
    rv_sstore(&k, &one);
}
