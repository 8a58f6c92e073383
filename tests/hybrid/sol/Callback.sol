// SPDX-License-Identifier: MIT
// A RISC-V contract calling a Solidity contract that calls back (examples/contracts/callback.c
// is Caller in C; this Caller is its EVM twin).
pragma solidity ^0.8.20;

interface ICaller {
    function pong(uint256 y) external returns (uint256);
}

contract Pinger {
    event Pinged(address indexed from, uint256 x);

    function ping(uint256 x) external returns (uint256) {
        emit Pinged(msg.sender, x);
        return ICaller(msg.sender).pong(x + 1) * 2;
    }
}

contract Caller {
    uint256 public result; // slot 0
    uint256 public seen;   // slot 1

    event Done(address indexed pinger, uint256 result);

    function start(address pinger, uint256 x) external returns (uint256) {
        result = Pinger(pinger).ping(x);
        emit Done(pinger, result);
        return result;
    }

    function pong(uint256 y) external returns (uint256) {
        seen = y;
        return y + 100;
    }
}
