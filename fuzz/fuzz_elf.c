/* libFuzzer harness for the ELF loader: any input must load or fail with a diagnostic, never
   crash or leak. Loaded images are also run for a few thousand instructions under the zkVM
   profile, which exercises decoding of arbitrary bytes. */
#include <stdlib.h>
#include <string.h>

#include "rivet/rv.h"
#include "rivet/rv_zkvm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rv_mem *mem = rv_mem_new();
    if (!mem) return 0;
    rv_cpu cpu;
    rv_cpu_init(&cpu, mem, size > 4 && data[4] == 1 ? 32 : 64, RV_EXT_GC);
    rv_zkvm z;
    memset(&z, 0, sizeof z);
    rivet_diag d;
    rivet_diag_clear(&d);
    if (rv_zkvm_setup(&cpu, &z, data, size, &d) == RIVET_OK) {
        cpu.limit = 4096;
        rv_run(&cpu);
    } else if (!d.msg[0]) {
        abort(); /* a failure must say why */
    }
    rv_zkvm_free(&z);
    rv_mem_free(mem);
    return 0;
}
