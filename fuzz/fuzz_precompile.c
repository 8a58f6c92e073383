/* libFuzzer harness for the precompiles: byte 0 picks the precompile, byte 1 the fork, the
   rest is the call's input. Checks the contract of precompile_run: no crash, failures consume
   exactly the limit and return nothing, successes cost precompile_gas (within the limit), and
   the same call twice gives the same status, gas and output. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/precompile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int index = data[0] % PRECOMPILE_COUNT;
    rivet_fork fork = (rivet_fork)(data[1] % FORK_COUNT);
    if (fork < precompile_since(index)) fork = precompile_since(index);
    const uint8_t *in = data + 2;
    size_t len = size - 2;
    const uint64_t limit = 10000000; /* bounds the work modexp may be paid for */
    rivet_buf a = {0}, b = {0};
    uint64_t ga = 0, gb = 0;
    rivet_status sa = precompile_run(index, in, len, fork, limit, &ga, &a, NULL);
    rivet_status sb = precompile_run(index, in, len, fork, limit, &gb, &b, NULL);
    if (sa != sb || ga != gb || a.n != b.n || (a.n && memcmp(a.p, b.p, a.n) != 0)) abort();
    if (sa == RIVET_OK && (ga > limit || ga != precompile_gas(index, in, len, fork))) abort();
    if (sa == RIVET_EINVALID && (ga != limit || a.n != 0)) abort();
    buf_free(&a);
    buf_free(&b);
    return 0;
}
