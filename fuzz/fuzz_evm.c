/* libFuzzer harness: arbitrary bytecode runs as a call without crashing the host. The first
   byte picks the fork (London..Osaka); the code is installed at the called address and at
   0x..01 00 so that nested calls reach code too. Checks: gas stays within bounds, exceptional
   halts consume all gas, and a second run on a fresh state gives the same result. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_call.h"
#include "rivet/exec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_once(const uint8_t *code, size_t len, rivet_fork fork, evm_result *r)
{
    fuzz_call(code, len, code, len < 64 ? len : 64, fork, NULL, 200000, r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096) return 0;
    rivet_fork fork = (rivet_fork)(FORK_LONDON + data[0] % (FORK_OSAKA - FORK_LONDON + 1));
    evm_result r1, r2;
    run_once(data + 1, size - 1, fork, &r1);
    run_once(data + 1, size - 1, fork, &r2);
    if (r1.gas_left < 0 || r1.gas_left > 200000) abort();
    if (r1.status != EVM_SUCCESS && r1.status != EVM_REVERT && r1.gas_left != 0) abort();
    if (r1.status != r2.status || r1.gas_left != r2.gas_left || r1.output_size != r2.output_size ||
        (r1.output_size && memcmp(r1.output, r2.output, r1.output_size) != 0))
        abort();
    free(r1.output);
    free(r2.output);
    return 0;
}
