// SPDX-License-Identifier: MIT
// The EVM twin of examples/contracts/erc721.c: OpenZeppelin's own ERC721 (with burn), a base
// URI, mint entry points, and two batch functions over dynamic arrays. Receiver is the
// IERC721Receiver the safe transfers call; its mode (slot 0) picks how it answers.
pragma solidity ^0.8.20;

import "@openzeppelin/contracts/token/ERC721/extensions/ERC721Burnable.sol";
import "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

contract RivetNFT is ERC721Burnable {
    constructor() ERC721("Rivet NFT", "RNFT") {}

    function _baseURI() internal pure override returns (string memory) {
        return "https://rivet.example/nft/";
    }

    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }

    function safeMint(address to, uint256 tokenId, bytes calldata data) external {
        _safeMint(to, tokenId, data);
    }

    function mintBatch(address[] calldata to, uint256[] calldata tokenIds) external {
        require(to.length == tokenIds.length, "length mismatch");
        for (uint256 i = 0; i < to.length; i++) _mint(to[i], tokenIds[i]);
    }

    function ownersOf(uint256[] calldata tokenIds) external view returns (address[] memory owners) {
        owners = new address[](tokenIds.length);
        for (uint256 i = 0; i < tokenIds.length; i++) owners[i] = _ownerOf(tokenIds[i]);
    }
}

contract Receiver is IERC721Receiver {
    uint256 public mode; // 0 accept, 1 wrong answer, 2 revert with a reason, 3 revert empty

    event Received(address operator, address from, uint256 tokenId, bytes data);

    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data)
        external returns (bytes4)
    {
        if (mode == 1) return 0x12345678;
        if (mode == 2) revert("Receiver: no thanks");
        if (mode == 3) revert();
        emit Received(operator, from, tokenId, data);
        return IERC721Receiver.onERC721Received.selector;
    }
}
