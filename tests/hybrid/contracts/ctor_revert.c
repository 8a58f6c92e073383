/* A constructor that reverts with "oops". EVM twin: "ctor_revert" initcode. */
#include "u256.h"

void rivet_constructor(void)
{
    rv_revert("oops", 4);
}

void rivet_main(void)
{
}
