// SPDX-License-Identifier: MIT
// Dynamic arrays across calls: Batch.run passes uint256[], bytes32[], address[] and bytes to
// Arrays (a Solidity contract in both variants) and stores and returns what comes back.
// examples/contracts/batch.c is Batch in C (typed calls from RIVET_CALLS); this is its twin.
pragma solidity ^0.8.20;

interface IArrays {
    function sum(uint256[] calldata xs) external pure returns (uint256);
    function hashes(bytes32[] calldata xs) external pure returns (bytes32[] memory);
    function reverse(address[] calldata xs) external pure returns (address[] memory);
    function echo(bytes calldata b) external pure returns (bytes memory);
}

contract Arrays is IArrays {
    function sum(uint256[] calldata xs) external pure returns (uint256 s) {
        for (uint256 i = 0; i < xs.length; i++) s += xs[i];
    }

    function hashes(bytes32[] calldata xs) external pure returns (bytes32[] memory h) {
        h = new bytes32[](xs.length);
        for (uint256 i = 0; i < xs.length; i++) h[i] = keccak256(abi.encode(xs[i]));
    }

    function reverse(address[] calldata xs) external pure returns (address[] memory r) {
        r = new address[](xs.length);
        for (uint256 i = 0; i < xs.length; i++) r[i] = xs[xs.length - 1 - i];
    }

    function echo(bytes calldata b) external pure returns (bytes memory) {
        return bytes.concat(b, "!");
    }
}

contract Batch {
    bytes32 public last; // slot 0: keccak256 of the encoded results

    event Ran(address indexed lib, uint256 total);

    function run(address lib, uint256[] calldata xs, bytes32[] calldata hs, address[] calldata as_,
                 bytes calldata b)
        external returns (uint256 total, bytes32[] memory h, address[] memory r, bytes memory e)
    {
        total = IArrays(lib).sum(xs);
        h = IArrays(lib).hashes(hs);
        r = IArrays(lib).reverse(as_);
        e = IArrays(lib).echo(b);
        last = keccak256(abi.encode(total, h, r, e));
        emit Ran(lib, total);
    }
}
