/* libFuzzer harness for the Linux ABI: the input fills guest memory and then drives up to 64
   syscalls with arguments that are small numbers, pointers into that memory or raw words.
   Every call must return (a value, a thread switch, an exit or a deadlock), never crash. No
   host directory is exposed, and the standard streams are /dev/null. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rivet/rvsys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t calls[] = {
    17,  19,  20,  21,  22,  23,  24,  25,  29,  34,  35,  38,  46,  48,  49,  50,
    52,  53,  56,  57,  59,  61,  62,  63,  64,  65,  66,  67,  68,  73,  78,  79,
    80,  82,  88,  93,  96,  98,  101, 113, 115, 123, 124, 129, 131, 132, 134, 135,
    139, 160, 163, 169, 178, 179, 198, 200, 201, 203, 204, 205, 208, 209, 210, 214,
    215, 216, 220, 222, 226, 232, 233, 242, 258, 261, 276, 278, 283, 291, 999,
};

/* One-segment ELF at 0x10000 whose code is `ecall; j -4`. */
static size_t tiny_elf(uint8_t *e)
{
    static const uint32_t code[2] = {0x00000073, 0xffdff06f};
    memset(e, 0, 0x1008);
    const uint8_t ident[8] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    memcpy(e, ident, 8);
    const uint16_t type_machine[2] = {2, 243};
    const uint32_t version = 1;
    const uint64_t entry = 0x11000, phoff = 64;
    const uint16_t sizes[6] = {64, 56, 1, 64, 0, 0};
    const uint32_t pt[2] = {1, 5};
    const uint64_t ph[6] = {0, 0x10000, 0x10000, 0x1008, 0x1008, 0x1000};
    memcpy(e + 16, type_machine, 4);
    memcpy(e + 20, &version, 4);
    memcpy(e + 24, &entry, 8);
    memcpy(e + 32, &phoff, 8);
    memcpy(e + 52, sizes, sizeof sizes);
    memcpy(e + 64, pt, 8);
    memcpy(e + 72, ph, sizeof ph);
    memcpy(e + 0x1000, code, sizeof code);
    return 0x1008;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int devnull = -1;
    if (devnull < 0) devnull = open("/dev/null", O_RDWR);
    uint8_t elf[0x1008];
    size_t elf_len = tiny_elf(elf);
    rvs_opts o = {.fds_set = true, .in_fd = devnull, .out_fd = devnull, .err_fd = devnull};
    rv_mem *mem = rv_mem_new();
    rvs_linux *L = rvs_linux_new(&o);
    rv_cpu cpu;
    rv_cpu_init(&cpu, mem, 64, RV_EXT_GC);
    char *argv[] = {"/fuzz", NULL}, *envp[] = {NULL};
    rivet_diag d;
    rivet_diag_clear(&d);
    if (!mem || !L || rvs_linux_load(L, mem, &cpu, elf, elf_len, 1, argv, 0, envp, &d)) abort();
    /* the first half of the input (up to 4 KiB) is the guest's scratch memory */
    const uint64_t scratch = cpu.h.x[2] - 0x2000;
    size_t mlen = size / 2 < 4096 ? size / 2 : 4096;
    RIVET_IGNORE(rv_mem_write(mem, scratch, data, mlen));
    const uint8_t *p = data + mlen, *end = data + size;
    for (int n = 0; n < 64 && end - p >= 7; n++) {
        uint64_t nr = calls[*p++ % (sizeof calls / sizeof calls[0])];
        uint64_t a[6];
        for (int i = 0; i < 6; i++) {
            uint8_t k = p < end ? *p++ : 0;
            if ((k & 3) == 0)
                a[i] = k >> 2; /* small number */
            else if ((k & 3) == 1)
                a[i] = scratch + (uint64_t)(k >> 2) * 64; /* pointer into the input */
            else if ((k & 3) == 2)
                a[i] = (uint64_t) - (int64_t)(k >> 2); /* small negative (AT_FDCWD, -1) */
            else if (end - p >= 8) {
                memcpy(&a[i], p, 8);
                p += 8;
            } else {
                a[i] = 0;
            }
        }
        cpu.h.x[17] = nr;
        for (int i = 0; i < 6; i++)
            cpu.h.x[10 + i] = a[i];
        rv_env_action act = cpu.env->ecall(&cpu);
        if (act == RV_ENV_EXIT || act == RV_ENV_TRAP) break;
    }
    rvs_linux_free(L);
    rv_mem_free(mem);
    return 0;
}
