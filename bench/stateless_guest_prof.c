/* stateless_guest_prof: a pc profile of a zkVM-profile guest run (bench/stateless_guest).
   Runs ELF on INPUT like `rivet exec --abi zkvm`, stopping every PERIOD instructions
   (cpu->limit; rv_run resumes) to record the pc about to run and the return address register,
   and prints "instret N" then one line "pc_hex ra_hex samples" per (pc, ra). In a leaf function
   (memcpy and friends) ra names the caller. PERIOD 1 gives exact per-instruction counts. The caller
   maps pcs to functions with the ELF's symbols. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/bytes.h"
#include "rivet/rv_zkvm.h"

typedef struct pc_count {
    uint64_t pc, ra, n;
} pc_count;

/* Open-addressing table of (pc, ra) -> samples. */
typedef struct pc_table {
    pc_count *e;
    size_t cap, used;
} pc_table;

static size_t slot(uint64_t pc, uint64_t ra, size_t cap)
{
    return (size_t)((pc ^ ra * 31) * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1);
}

static int table_add(pc_table *t, uint64_t pc, uint64_t ra)
{
    if (2 * (t->used + 1) > t->cap) {
        pc_table g = {calloc(t->cap ? 2 * t->cap : 4096, sizeof(pc_count)),
                      t->cap ? 2 * t->cap : 4096, 0};
        if (!g.e) return -1;
        for (size_t i = 0; i < t->cap; i++)
            if (t->e[i].n) {
                size_t j = slot(t->e[i].pc, t->e[i].ra, g.cap);
                while (g.e[j].n)
                    j = (j + 1) & (g.cap - 1);
                g.e[j] = t->e[i];
                g.used++;
            }
        free(t->e);
        *t = g;
    }
    size_t j = slot(pc, ra, t->cap);
    while (t->e[j].n && (t->e[j].pc != pc || t->e[j].ra != ra))
        j = (j + 1) & (t->cap - 1);
    if (!t->e[j].n) t->e[j].pc = pc, t->e[j].ra = ra, t->used++;
    t->e[j].n++;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: stateless_guest_prof ELF INPUT [PERIOD]\n");
        return 2;
    }
    uint64_t period = argc > 3 ? strtoull(argv[3], NULL, 0) : 1;
    if (!period) period = 1;
    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *elf = NULL, *input = NULL;
    size_t elf_len = 0, input_len = 0;
    if (file_read_all(argv[1], &elf, &elf_len, &d) ||
        file_read_all(argv[2], &input, &input_len, &d)) {
        fprintf(stderr, "stateless_guest_prof: %s\n", d.msg);
        return 1;
    }
    rv_mem *mem = rv_mem_new();
    rv_cpu cpu;
    rv_zkvm z;
    memset(&z, 0, sizeof z);
    z.input = input;
    z.input_len = input_len;
    rv_cpu_init(&cpu, mem, 64, RV_EXT_GC);
    int rc = 1;
    pc_table t = {0};
    if (!mem || rv_zkvm_setup(&cpu, &z, elf, elf_len, &d)) {
        fprintf(stderr, "stateless_guest_prof: %s\n", mem ? d.msg : "out of memory");
        goto done;
    }
    rv_result r;
    for (;;) { /* the pc about to run, then PERIOD instructions */
        if (table_add(&t, cpu.h.pc, cpu.h.x[1])) goto done;
        cpu.limit = cpu.instret + period;
        r = rv_run(&cpu);
        if (r.stop != RV_STOP_LIMIT) break;
    }
    if (r.stop != RV_STOP_EXIT || r.exit_code) {
        fprintf(stderr, "stateless_guest_prof: the guest stopped with %d (exit %lld)\n",
                (int)r.stop, (long long)r.exit_code);
        goto done;
    }
    printf("instret %llu\n", (unsigned long long)cpu.instret);
    for (size_t i = 0; i < t.cap; i++)
        if (t.e[i].n)
            printf("%llx %llx %llu\n", (unsigned long long)t.e[i].pc, (unsigned long long)t.e[i].ra,
                   (unsigned long long)t.e[i].n);
    rc = 0;
done:
    free(t.e);
    rv_zkvm_free(&z);
    rv_mem_free(mem);
    free(elf);
    free(input);
    return rc;
}
