// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/* The client suite's contract (and the bench's ERC20-like token): events, a require with a
   reason, a custom error, storage, a view. */
contract Counter {
    uint256 public count;
    mapping(address => uint256) public balanceOf;

    event Incremented(address indexed by, uint256 value);
    event Transfer(address indexed from, address indexed to, uint256 value);

    error TooBig(uint256 got, uint256 max);

    constructor() {
        balanceOf[msg.sender] = 1e24;
    }

    function increment(uint256 by) external {
        require(by > 0, "by must be positive");
        if (by > 100) revert TooBig(by, 100);
        count += by;
        emit Incremented(msg.sender, count);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        require(balanceOf[msg.sender] >= amount, "insufficient balance");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }

    function blockInfo() external view returns (uint256, uint256, uint256) {
        return (block.number, block.timestamp, block.chainid);
    }
}
