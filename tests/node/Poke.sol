// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/* The client suite's caller for callTracer: a call, a static call, a caught revert, an event. */
interface ICounter {
    function increment(uint256 by) external;
    function count() external view returns (uint256);
}

contract Poke {
    event Poked(uint256 count);

    function poke(address c, uint256 by) external returns (uint256 n) {
        ICounter(c).increment(by);
        n = ICounter(c).count();
        try ICounter(c).increment(0) {} catch {}
        emit Poked(n);
    }
}
