// SPDX-License-Identifier: MIT
// The EVM twin of examples/contracts/erc20.c: OpenZeppelin's own ERC20.
pragma solidity ^0.8.20;

import "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract RivetToken is ERC20 {
    constructor(uint256 initialSupply) ERC20("Rivet Token", "RVT") {
        _mint(msg.sender, initialSupply);
    }

    function mint(address to, uint256 value) external {
        _mint(to, value);
    }
}
