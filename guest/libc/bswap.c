/* libgcc's byte swaps, replaced: RV64IM has no rev8 (Zbb), so every __builtin_bswap64 (the
   EVM's big-endian words) is a call, and libgcc's version takes 29 instructions. Three
   swap-halves steps with masks loaded from memory take 17. */
#include <stdint.h>

uint64_t __bswapdi2(uint64_t x);
uint32_t __bswapsi2(uint32_t x);

static const volatile uint64_t bswap_mask[2] = {0x00ff00ff00ff00ffull, 0x0000ffff0000ffffull};

uint64_t __bswapdi2(uint64_t x)
{
    uint64_t m8 = bswap_mask[0], m16 = bswap_mask[1];
    x = x >> 32 | x << 32;
    x = (x >> 16 & m16) | (x & m16) << 16;
    return (x >> 8 & m8) | (x & m8) << 8;
}

uint32_t __bswapsi2(uint32_t x)
{
    x = x >> 16 | x << 16;
    return (x >> 8 & 0x00ff00ffu) | (x & 0x00ff00ffu) << 8;
}
