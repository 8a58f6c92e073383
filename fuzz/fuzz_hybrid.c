/* libFuzzer harness for hybrid execution. The first byte picks the mode: even, the rest is a
   container to validate (and, when valid, to call); odd, the rest is RISC-V code packed into a
   container (C allowed when bit 1 is set) and called with the same bytes as call data, so
   random instruction streams issue ecalls with random arguments. Checks: no crash, gas within
   bounds, exceptional halts take all gas, and a second run on a fresh state agrees. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_call.h"
#include "rivet/exec.h"
#include "rivet/hybrid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_once(const uint8_t *code, size_t len, const uint8_t *in, size_t in_len,
                     evm_result *r)
{
    hy_vm *vm = hy_vm_new(NULL);
    fuzz_call(code, len, in, in_len, FORK_OSAKA, hy_vm_runner(vm), 300000, r);
    hy_vm_free(vm);
}

static void check(const uint8_t *code, size_t len, const uint8_t *in, size_t in_len)
{
    evm_result r1, r2;
    run_once(code, len, in, in_len, &r1);
    run_once(code, len, in, in_len, &r2);
    if (r1.gas_left < 0 || r1.gas_left > 300000) abort();
    if (r1.status != EVM_SUCCESS && r1.status != EVM_REVERT && r1.gas_left != 0) abort();
    if (r1.status == EVM_HOST_ERROR) abort();
    if (r1.status != r2.status || r1.gas_left != r2.gas_left || r1.output_size != r2.output_size ||
        (r1.output_size && memcmp(r1.output, r2.output, r1.output_size)))
        abort();
    free(r1.output);
    free(r2.output);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 8192) return 0;
    uint8_t mode = data[0];
    data++, size--;
    hy_container c;
    if (!(mode & 1)) {
        if (hy_container_validate(data, size, true, &c, NULL) == RIVET_OK)
            check(data, size, data, size < 96 ? size : 96);
        return 0;
    }
    hy_container p = {0};
    p.flags = mode & 2 ? HY_FLAG_C : 0;
    p.code = data;
    p.code_size = (uint32_t)(size & ~(size_t)(p.flags ? 1 : 3));
    p.ctor_entry = HY_NO_ENTRY;
    uint8_t *b;
    size_t n;
    if (!p.code_size || hy_container_build(&p, &b, &n) != RIVET_OK) return 0;
    if (hy_container_validate(b, n, true, &c, NULL) == RIVET_OK) check(b, n, data, size);
    free(b);
    return 0;
}
