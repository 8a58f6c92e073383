// SPDX-License-Identifier: MIT
// The EVM side of bench/hybrid: the hybrid prototype's workloads (hybrid.md §3) with the
// semantics of bench/hybrid/kernels/kernels.c (256-bit words, wrapping arithmetic).
pragma solidity ^0.8.20;

contract Kernels {
    function fibonacci(uint256 n) external pure returns (uint256 a) {
        uint256 b = 1;
        unchecked {
            for (; n > 0; n--) (a, b) = (b, a + b);
        }
    }

    function factorial(uint256 n) external pure returns (uint256 r) {
        r = 1;
        unchecked {
            for (; n > 0; n--) r *= n;
        }
    }

    // the same as factorial; the RISC-V side uses the MUL ecall
    function factorialAcc(uint256 n) external pure returns (uint256 r) {
        r = 1;
        unchecked {
            for (; n > 0; n--) r *= n;
        }
    }

    function manyHashes(uint256 n, bytes32 h) external pure returns (bytes32) {
        for (; n > 0; n--) h = keccak256(abi.encodePacked(h));
        return h;
    }

    function bubbleSort(uint256 n) external pure returns (bytes32) {
        uint256[] memory a = new uint256[](n);
        uint256 x = 1;
        unchecked {
            for (uint256 i = 0; i < n; i++) {
                x = x * 6364136223846793005 + 1442695040888963407;
                a[i] = x;
            }
            for (uint256 i = 0; i < n; i++)
                for (uint256 j = 0; j + 1 < n - i; j++)
                    if (a[j] > a[j + 1]) (a[j], a[j + 1]) = (a[j + 1], a[j]);
        }
        return keccak256(abi.encodePacked(a));
    }

    function fibRecursive(uint256 n) external view returns (uint256) {
        if (n < 2) return n;
        unchecked {
            return this.fibRecursive(n - 1) + this.fibRecursive(n - 2);
        }
    }
}
