/* The RISC-V side of bench/hybrid: the prototype's workloads with the semantics of
   bench/hybrid/Kernels.sol (256-bit words, wrapping arithmetic), same selectors. */
#include "kernels.abi.h"
#include "u256.h"

RIVET_METHOD("function fibonacci(uint256 n) pure returns (uint256)")
RIVET_METHOD("function factorial(uint256 n) pure returns (uint256)")
RIVET_METHOD("function factorialAcc(uint256 n) pure returns (uint256)")
RIVET_METHOD("function manyHashes(uint256 n, bytes32 h) pure returns (bytes32)")
RIVET_METHOD("function bubbleSort(uint256 n) pure returns (bytes32)")
RIVET_METHOD("function fibRecursive(uint256 n) view returns (uint256)")

static int lt(const u256 *a, const u256 *b)
{
    for (int i = 3; i >= 0; i--)
        if (a->w[i] != b->w[i]) return a->w[i] < b->w[i];
    return 0;
}

static u256 fib_rec(uint64_t n)
{
    if (n < 2) return (u256){{n}};
    rv_addr self;
    rv_address(&self);
    u256 r = {{0}};
    for (uint64_t k = 1; k <= 2; k++) {
        struct {
            uint8_t sel[4];
            rv_word n;
        } __attribute__((packed)) in = {{0}, rv_u64(n - k)};
        uint32_t s = RIVET_SEL_fibRecursive;
        in.sel[0] = (uint8_t)(s >> 24), in.sel[1] = (uint8_t)(s >> 16);
        in.sel[2] = (uint8_t)(s >> 8), in.sel[3] = (uint8_t)s;
        uint64_t rl;
        if (!rv_staticcall(rv_gas(), &self, &in, 36, &rl) || rl < 32) rv_revert("", 0);
        rv_word w;
        rv_returndatacopy(&w, 0, 32);
        r = add(r, from_word(&w));
    }
    return r;
}

static uint64_t bswap64(uint64_t v)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++, v >>= 8)
        r = r << 8 | (v & 0xff);
    return r;
}

static u256 arr[4096];

void rivet_main(void)
{
    rv_nonpayable();
    rv_word a0 = rv_arg(0), out;
    uint64_t n = rv_low64(&a0);
    switch (rv_selector()) {
    case RIVET_SEL_fibonacci: {
        u256 a = {{0}}, b = {{1}};
        for (; n; n--) {
            u256 c = add(a, b);
            a = b, b = c;
        }
        out = to_word(a);
        break;
    }
    case RIVET_SEL_factorial: {
        u256 r = {{1}};
        for (; n; n--)
            r = mul(r, (u256){{n}});
        out = to_word(r);
        break;
    }
    case RIVET_SEL_factorialAcc: { /* the same on the MUL ecall (EVM MUL's gas) */
        rv_word k = rv_u64(0);
        uint64_t *lo = (uint64_t *)(void *)(k.b + 24); /* n, big-endian, in k's last 8 bytes */
        *lo = bswap64(n);
        out = rv_u64(1);
        for (; n; n--) {
            rv_mul(&out, &out, &k);
            if (n & 0xff) /* n - 1 only changes the last byte */
                *lo -= 1ull << 56;
            else
                *lo = bswap64(n - 1);
        }
        break;
    }
    case RIVET_SEL_manyHashes:
        out = rv_arg(1);
        for (; n; n--)
            rv_keccak(&out, 32, &out);
        break;
    case RIVET_SEL_bubbleSort: {
        if (n > 4096) rv_revert("", 0);
        u256 x = {{1}}, m = {{6364136223846793005u}}, c = {{1442695040888963407u}};
        for (uint64_t i = 0; i < n; i++)
            arr[i] = x = add(mul(x, m), c);
        for (uint64_t i = 0; i < n; i++)
            for (uint64_t j = 0; j + 1 < n - i; j++)
                if (lt(&arr[j + 1], &arr[j])) {
                    u256 t = arr[j];
                    arr[j] = arr[j + 1], arr[j + 1] = t;
                }
        static rv_word words[4096];
        for (uint64_t i = 0; i < n; i++)
            words[i] = to_word(arr[i]);
        rv_keccak(words, 32 * n, &out);
        break;
    }
    case RIVET_SEL_fibRecursive: out = to_word(fib_rec(n)); break;
    default: rv_revert("", 0);
    }
    rv_return_word(&out);
}
