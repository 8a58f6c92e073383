/* Counts slot 0 up forever (an infinite loop must stop: out of gas). EVM twin: "loop". */
#include "u256.h"

void rivet_main(void)
{
    volatile uint64_t i = 0;
    for (;;)
        i++;
}
