/* libFuzzer harness for zisk's bincode input (wit_input_bincode, WIT_FMT_ZISK): decode, then
   validate (fuzz_input.h). Seeds: the .bin files of ../shared/guests/vendor/reth/. */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wit_input in;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (wit_input_bincode(&in, data, size, WIT_FMT_ZISK, &d) != RIVET_OK) return 0;
    fuzz_validate(&in);
    wit_input_free(&in);
    return 0;
}
