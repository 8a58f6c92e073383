/* A RISC-V contract that calls a Solidity contract which calls back: start(pinger, x) calls
   Pinger.ping(x) (tests/hybrid/sol/Callback.sol), which re-enters pong(x + 1); the result is
   stored and logged. Same storage, events and results as the Solidity Caller there. */
#include "callback.abi.h"
#include "rivet.h"

RIVET_METHOD("function start(address pinger, uint256 x) returns (uint256)")
RIVET_METHOD("function pong(uint256 y) returns (uint256)")
RIVET_METHOD("function result() view returns (uint256)")
RIVET_METHOD("function seen() view returns (uint256)")
RIVET_CALLS("function ping(uint256 x) returns (uint256)") /* -> rivet_call_ping() */
RIVET_EVENT("event Done(address indexed pinger, uint256 result)")

void rivet_main(void)
{
    rv_nonpayable();
    rv_word s0 = rv_u64(0), s1 = rv_u64(1);
    switch (rv_selector()) {
    case RIVET_SEL_start: {
        rv_addr pinger = rv_arg_addr(0);
        rv_word x = rv_arg(1), r;
        int ok = rivet_call_ping(&pinger, &x, &r); /* the typed call RIVET_CALLS declares */
        if (ok == 0) rv_bubble();                  /* the revert bubbles up, as in Solidity */
        if (ok < 0) rv_revert("", 0);              /* return data that do not decode */
        rv_store(&s0, &r);
        rv_word topic = RIVET_TOPIC_Done, who = rv_addr_word(&pinger);
        rv_emit(&topic, &who, 1, &r, 1);
        rv_return_word(&r);
    }
    case RIVET_SEL_pong: {
        rv_word y = rv_arg(0), hundred = rv_u64(100), r;
        rv_store(&s1, &y);
        if (rv_add(&r, &y, &hundred)) { /* Solidity's checked addition */
            rv_word code = rv_u64(0x11);
            rv_revert_error(0x4e487b71u, &code, 1);
        }
        rv_return_word(&r);
    }
    case RIVET_SEL_result: {
        rv_word v = rv_load(&s0);
        rv_return_word(&v);
    }
    case RIVET_SEL_seen: {
        rv_word v = rv_load(&s1);
        rv_return_word(&v);
    }
    }
    rv_revert("", 0);
}
