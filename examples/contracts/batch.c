/* Dynamic arrays across calls, with the SDK's typed calls: run(lib, xs, hs, as, b) passes a
   uint256[], a bytes32[], an address[] and bytes to the Solidity contract Arrays
   (tests/hybrid/sol/Batch.sol) through the rivet_call_* functions `rivet build` generates from
   the RIVET_CALLS lines, then stores keccak256 of the ABI-encoded results, logs and returns
   them. Same storage, logs, return data and reverts as the Solidity Batch there. */
#include "batch.abi.h"
#include "rivet.h"

RIVET_METHOD("function run(address lib, uint256[] xs, bytes32[] hs, address[] as, bytes b) "
             "returns (uint256 total, bytes32[] h, address[] r, bytes e)")
RIVET_METHOD("function last() view returns (bytes32)")
RIVET_CALLS("function sum(uint256[] xs) pure returns (uint256)")
RIVET_CALLS("function hashes(bytes32[] xs) pure returns (bytes32[])")
RIVET_CALLS("function reverse(address[] xs) pure returns (address[])")
RIVET_CALLS("function echo(bytes b) pure returns (bytes)")
RIVET_EVENT("event Ran(address indexed lib, uint256 total)")

/* A typed call's result as Solidity treats it: a revert bubbles up, results that do not
   decode revert with empty data. */
static void check(int ok)
{
    if (ok == 0) rv_bubble();
    if (ok < 0) rv_revert("", 0);
}

__attribute__((noreturn)) static void run(void)
{
    rv_addr lib = rv_arg_address(0);
    uint64_t f, nx = rv_arg_dyn(1, 32, &f), nh = rv_arg_dyn(2, 32, &f), na = rv_arg_dyn(3, 32, &f);
    rv_word *xs = rv_alloc(32 * nx), *hs = rv_alloc(32 * nh), *h = rv_alloc(32 * nh), total;
    rv_addr *as = rv_alloc(20 * na), *r = rv_alloc(20 * na);
    rv_arg_words(1, xs, nx);
    rv_arg_words(2, hs, nh);
    rv_arg_addrs(3, as, na);
    uint64_t nb, hn, rn, en;
    uint8_t *b = rv_arg_heap_bytes(4, &nb), *e = rv_alloc(nb + 32);
    check(rivet_call_sum(&lib, xs, nx, &total));
    check(rivet_call_hashes(&lib, hs, nh, h, nh, &hn));
    check(rivet_call_reverse(&lib, as, na, r, na, &rn));
    check(rivet_call_echo(&lib, b, nb, e, nb + 32, &en));
    if (hn > nh || rn > na || en > nb + 32) rv_revert("", 0); /* more than Arrays returns */
    uint64_t size = rv_enc_size(4, 32 * hn + 32 * rn + en, 3);
    rv_enc out;
    rv_enc_init(&out, rv_alloc(size), size, 0, 0, 4);
    rv_enc_word(&out, &total);
    rv_enc_words(&out, h, hn);
    rv_enc_addrs(&out, r, rn);
    rv_enc_bytes(&out, e, en);
    rv_word slot = rv_u64(0), hash, topic = RIVET_TOPIC_Ran, who = rv_addr_word(&lib);
    rv_keccak(out.buf, rv_enc_len(&out), &hash);
    rv_store(&slot, &hash);
    rv_emit(&topic, &who, 1, &total, 1);
    rv_return_enc(&out);
}

void rivet_main(void)
{
    rv_nonpayable();
    switch (rv_selector()) {
    case RIVET_SEL_run: run();
    case RIVET_SEL_last: {
        rv_word slot = rv_u64(0), v = rv_load(&slot);
        rv_return_word(&v);
    }
    }
    rv_revert("", 0);
}
