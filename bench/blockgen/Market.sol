// SPDX-License-Identifier: MIT
// The contracts of bench/blockgen's mainnet-shaped blocks: a token with OpenZeppelin's ERC20
// storage and events, and a constant-product pair in the manner of Uniswap v2 (0.3% fee,
// reserves in one slot, Swap and Sync events). Written for this benchmark; not audited code.
pragma solidity ^0.8.24;

contract Token {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;
    string public name;
    string public symbol;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    error InsufficientBalance(address from, uint256 have, uint256 want);
    error InsufficientAllowance(address spender, uint256 have, uint256 want);

    constructor(string memory n, string memory s, uint256 supply) {
        name = n;
        symbol = s;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function _move(address from, address to, uint256 v) internal {
        uint256 b = balanceOf[from];
        if (b < v) revert InsufficientBalance(from, b, v);
        unchecked {
            balanceOf[from] = b - v;
        }
        balanceOf[to] += v;
        emit Transfer(from, to, v);
    }

    function transfer(address to, uint256 v) external returns (bool) {
        _move(msg.sender, to, v);
        return true;
    }

    function approve(address spender, uint256 v) external returns (bool) {
        allowance[msg.sender][spender] = v;
        emit Approval(msg.sender, spender, v);
        return true;
    }

    function transferFrom(address from, address to, uint256 v) external returns (bool) {
        uint256 a = allowance[from][msg.sender];
        if (a != type(uint256).max) {
            if (a < v) revert InsufficientAllowance(msg.sender, a, v);
            unchecked {
                allowance[from][msg.sender] = a - v;
            }
        }
        _move(from, to, v);
        return true;
    }
}

interface IToken {
    function transfer(address to, uint256 v) external returns (bool);
    function transferFrom(address from, address to, uint256 v) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

contract Pair {
    address public immutable token0;
    address public immutable token1;
    uint112 private reserve0;
    uint112 private reserve1;
    uint32 private stamp;

    event Swap(address indexed sender, uint256 in0, uint256 in1, uint256 out0, uint256 out1,
               address indexed to);
    event Sync(uint112 reserve0, uint112 reserve1);

    error Slippage(uint256 out, uint256 min);

    constructor(address t0, address t1) {
        token0 = t0;
        token1 = t1;
    }

    function getReserves() external view returns (uint112, uint112, uint32) {
        return (reserve0, reserve1, stamp);
    }

    function _sync() internal {
        reserve0 = uint112(IToken(token0).balanceOf(address(this)));
        reserve1 = uint112(IToken(token1).balanceOf(address(this)));
        stamp = uint32(block.timestamp);
        emit Sync(reserve0, reserve1);
    }

    /// Called once after both tokens were sent to the pair.
    function sync() external {
        _sync();
    }

    /// Sells amountIn of one token for the other, at the constant product less 0.3%.
    function swap(bool zeroForOne, uint256 amountIn, uint256 minOut, address to)
        external returns (uint256 out)
    {
        (address tin, address tout) = zeroForOne ? (token0, token1) : (token1, token0);
        (uint256 rin, uint256 rout) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        IToken(tin).transferFrom(msg.sender, address(this), amountIn);
        uint256 inFee = amountIn * 997;
        out = (inFee * rout) / (rin * 1000 + inFee);
        if (out < minOut) revert Slippage(out, minOut);
        IToken(tout).transfer(to, out);
        _sync();
        if (zeroForOne) emit Swap(msg.sender, amountIn, 0, 0, out, to);
        else emit Swap(msg.sender, 0, amountIn, out, 0, to);
    }
}
