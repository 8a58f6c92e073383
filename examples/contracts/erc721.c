/* An ERC721 with OpenZeppelin 5's behaviour and storage layout (name at slot 0, symbol 1,
   _owners 2, _balances 3, _tokenApprovals 4, _operatorApprovals 5): the same events, custom
   errors, authorisation order, receiver check on safe transfers and mints, burn, tokenURI
   (base URI + decimal id) and ERC165. mintBatch and ownersOf take and return dynamic arrays.
   Its twin is OpenZeppelin's own ERC721Burnable (tests/hybrid/sol/RivetNFT.sol). */
#include "erc721.abi.h"
#include "rivet.h"

RIVET_METHOD("function name() view returns (string)")
RIVET_METHOD("function symbol() view returns (string)")
RIVET_METHOD("function tokenURI(uint256 tokenId) view returns (string)")
RIVET_METHOD("function supportsInterface(bytes4 interfaceId) view returns (bool)")
RIVET_METHOD("function balanceOf(address owner) view returns (uint256)")
RIVET_METHOD("function ownerOf(uint256 tokenId) view returns (address)")
RIVET_METHOD("function getApproved(uint256 tokenId) view returns (address)")
RIVET_METHOD("function isApprovedForAll(address owner, address operator) view returns (bool)")
RIVET_METHOD("function approve(address to, uint256 tokenId)")
RIVET_METHOD("function setApprovalForAll(address operator, bool approved)")
RIVET_METHOD("function transferFrom(address from, address to, uint256 tokenId)")
RIVET_METHOD("function safeTransferFrom(address from, address to, uint256 tokenId)")
RIVET_METHOD("function safeTransferFrom(address from, address to, uint256 tokenId, bytes data)")
RIVET_METHOD("function mint(address to, uint256 tokenId)")
RIVET_METHOD("function safeMint(address to, uint256 tokenId, bytes data)")
RIVET_METHOD("function burn(uint256 tokenId)")
RIVET_METHOD("function mintBatch(address[] to, uint256[] tokenIds)")
RIVET_METHOD("function ownersOf(uint256[] tokenIds) view returns (address[] owners)")
RIVET_CALLS("function onERC721Received(address operator, address from, uint256 tokenId, "
            "bytes data) returns (bytes4)")
RIVET_EVENT("event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)")
RIVET_EVENT("event Approval(address indexed owner, address indexed approved, "
            "uint256 indexed tokenId)")
RIVET_EVENT("event ApprovalForAll(address indexed owner, address indexed operator, bool approved)")
RIVET_ERROR("error ERC721InvalidOwner(address owner)")
RIVET_ERROR("error ERC721NonexistentToken(uint256 tokenId)")
RIVET_ERROR("error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)")
RIVET_ERROR("error ERC721InvalidSender(address sender)")
RIVET_ERROR("error ERC721InvalidReceiver(address receiver)")
RIVET_ERROR("error ERC721InsufficientApproval(address operator, uint256 tokenId)")
RIVET_ERROR("error ERC721InvalidApprover(address approver)")
RIVET_ERROR("error ERC721InvalidOperator(address operator)")

static const char NAME[] = "Rivet NFT", SYMBOL[] = "RNFT",
                  BASE_URI[] = "https://rivet.example/nft/";

static rv_word slot_of(uint64_t base, const rv_word *key)
{
    rv_word b = rv_u64(base);
    return rv_map_slot(&b, key);
}
static rv_addr load_addr(uint64_t base, const rv_word *key)
{
    rv_word s = slot_of(base, key), v = rv_load(&s);
    return rv_word_addr(&v);
}
static void store_addr(uint64_t base, const rv_word *key, const rv_addr *a)
{
    rv_word s = slot_of(base, key), v = rv_addr_word(a);
    rv_store(&s, &v);
}
static int addr_eq(const rv_addr *a, const rv_addr *b)
{
    return !memcmp(a, b, 20);
}

__attribute__((noreturn)) static void fail(uint32_t sel, const rv_word *args, unsigned n)
{
    rv_revert_error(sel, args, n);
}
__attribute__((noreturn)) static void fail_addr(uint32_t sel, const rv_addr *a)
{
    rv_word w = rv_addr_word(a);
    fail(sel, &w, 1);
}

static int approved_for_all(const rv_addr *owner, const rv_addr *op)
{
    rv_word o = rv_addr_word(owner), p = rv_addr_word(op), inner = slot_of(5, &o);
    rv_word s = rv_map_slot(&inner, &p), v = rv_load(&s);
    return !rv_is_zero(&v);
}

static rv_addr require_owned(const rv_word *id)
{
    rv_addr owner = load_addr(2, id);
    if (rv_addr_is_zero(&owner)) fail(RIVET_SEL_ERC721NonexistentToken, id, 1);
    return owner;
}

/* _balances[a] += delta (unchecked, as OpenZeppelin: +1 or -1) */
static void add_balance(const rv_addr *a, int delta)
{
    rv_word k = rv_addr_word(a), s = slot_of(3, &k), v = rv_load(&s), one = rv_u64(1);
    if (delta > 0)
        rv_add(&v, &v, &one);
    else
        rv_sub(&v, &v, &one);
    rv_store(&s, &v);
}

/* OpenZeppelin's _approve(to, tokenId, auth, emitEvent) */
static void approve(const rv_addr *to, const rv_word *id, const rv_addr *auth, int emit)
{
    if (emit || !rv_addr_is_zero(auth)) {
        rv_addr owner = require_owned(id);
        if (!rv_addr_is_zero(auth) && !addr_eq(&owner, auth) && !approved_for_all(&owner, auth))
            fail_addr(RIVET_SEL_ERC721InvalidApprover, auth);
        if (emit) {
            rv_word t = RIVET_TOPIC_Approval,
                    idx[3] = {rv_addr_word(&owner), rv_addr_word(to), *id};
            rv_emit(&t, idx, 3, 0, 0);
        }
    }
    store_addr(4, id, to);
}

/* OpenZeppelin's _update(to, tokenId, auth): returns the previous owner. */
static rv_addr update(const rv_addr *to, const rv_word *id, const rv_addr *auth)
{
    rv_addr from = load_addr(2, id), zero = {{0}};
    if (!rv_addr_is_zero(auth)) {
        rv_addr appr = load_addr(4, id);
        int ok = !addr_eq(&from, &zero) &&
                 (addr_eq(&from, auth) || approved_for_all(&from, auth) || addr_eq(&appr, auth));
        if (!ok && rv_addr_is_zero(&from)) fail(RIVET_SEL_ERC721NonexistentToken, id, 1);
        if (!ok) {
            rv_word args[2] = {rv_addr_word(auth), *id};
            fail(RIVET_SEL_ERC721InsufficientApproval, args, 2);
        }
    }
    if (!rv_addr_is_zero(&from)) {
        approve(&zero, id, &zero, 0);
        add_balance(&from, -1);
    }
    if (!rv_addr_is_zero(to)) add_balance(to, 1);
    store_addr(2, id, to);
    rv_word t = RIVET_TOPIC_Transfer, idx[3] = {rv_addr_word(&from), rv_addr_word(to), *id};
    rv_emit(&t, idx, 3, 0, 0);
    return from;
}

static void mint(const rv_addr *to, const rv_word *id)
{
    rv_addr zero = {{0}};
    if (rv_addr_is_zero(to)) fail_addr(RIVET_SEL_ERC721InvalidReceiver, to);
    rv_addr prev = update(to, id, &zero);
    if (!rv_addr_is_zero(&prev)) fail_addr(RIVET_SEL_ERC721InvalidSender, &zero);
}

static void transfer_from(const rv_addr *from, const rv_addr *to, const rv_word *id,
                          const rv_addr *caller)
{
    if (rv_addr_is_zero(to)) fail_addr(RIVET_SEL_ERC721InvalidReceiver, to);
    rv_addr prev = update(to, id, caller);
    if (!addr_eq(&prev, from)) {
        rv_word args[3] = {rv_addr_word(from), *id, rv_addr_word(&prev)};
        fail(RIVET_SEL_ERC721IncorrectOwner, args, 3);
    }
}

/* ERC721Utils.checkOnERC721Received: a contract receiver must answer with the selector; its
   revert reason bubbles up, an empty revert or a wrong answer is ERC721InvalidReceiver. */
static void check_received(const rv_addr *op, const rv_addr *from, const rv_addr *to,
                           const rv_word *id, const uint8_t *data, uint64_t n)
{
    if (!rv_extcodesize(to)) return;
    rv_word ret;
    int ok = rivet_call_onERC721Received(to, op, from, id, data, n, &ret);
    if (ok < 0) rv_revert("", 0); /* return data Solidity cannot decode: not caught */
    if (ok == 0 && rv_returndatasize()) rv_bubble();
    uint32_t sel =
        (uint32_t)ret.b[0] << 24 | (uint32_t)ret.b[1] << 16 | (uint32_t)ret.b[2] << 8 | ret.b[3];
    if (ok == 0 || sel != RIVET_SEL_onERC721Received)
        fail_addr(RIVET_SEL_ERC721InvalidReceiver, to);
}

/* tokenURI: the base URI and the id in decimal (long division of the 256-bit id by 10). */
__attribute__((noreturn)) static void token_uri(const rv_word *id)
{
    char buf[sizeof BASE_URI + 78], digits[78];
    rv_word v = *id;
    unsigned nd = 0;
    do {
        unsigned rem = 0;
        for (int i = 0; i < 32; i++) {
            unsigned cur = rem << 8 | v.b[i];
            v.b[i] = (uint8_t)(cur / 10);
            rem = cur % 10;
        }
        digits[nd++] = (char)('0' + rem);
    } while (!rv_is_zero(&v));
    memcpy(buf, BASE_URI, sizeof BASE_URI - 1);
    for (unsigned i = 0; i < nd; i++)
        buf[sizeof BASE_URI - 1 + i] = digits[nd - 1 - i];
    rv_return_string(buf, sizeof BASE_URI - 1 + nd);
}

__attribute__((noreturn)) static void owners_of(void)
{
    uint64_t first, n = rv_arg_dyn(0, 32, &first);
    uint64_t size = rv_enc_size(1, 32 * n, 1);
    rv_enc e;
    rv_enc_init(&e, rv_alloc(size), size, 0, 0, 1);
    uint8_t *t = rv_enc_tail(&e, n, 32 * n);
    for (uint64_t j = 0; j < n; j++) {
        rv_word id = rv_arg_at(first, j);
        rv_addr owner = load_addr(2, &id);
        memcpy(t + 32 * j + 12, owner.b, 20);
    }
    rv_return_enc(&e);
}

static void mint_batch(void)
{
    uint64_t f_to, f_ids, n = rv_arg_dyn(0, 32, &f_to);
    if (rv_arg_dyn(1, 32, &f_ids) != n) rv_revert_string("length mismatch", 15);
    for (uint64_t j = 0; j < n; j++) {
        rv_addr to = rv_arg_addr_at(f_to, j);
        rv_word id = rv_arg_at(f_ids, j);
        mint(&to, &id);
    }
}

void rivet_constructor(void)
{
    rv_word s0 = rv_u64(0), s1 = rv_u64(1), n = rv_short_string(NAME, sizeof NAME - 1),
            y = rv_short_string(SYMBOL, sizeof SYMBOL - 1);
    rv_store(&s0, &n);
    rv_store(&s1, &y);
}

void rivet_main(void)
{
    rv_addr caller, zero = {{0}};
    rv_caller(&caller);
    rv_nonpayable();
    switch (rv_selector()) {
    case RIVET_SEL_name: rv_return_string(NAME, sizeof NAME - 1);
    case RIVET_SEL_symbol: rv_return_string(SYMBOL, sizeof SYMBOL - 1);
    case RIVET_SEL_tokenURI: {
        rv_word id = rv_arg(0);
        require_owned(&id);
        token_uri(&id);
    }
    case RIVET_SEL_supportsInterface: {
        rv_word w = rv_arg(0);
        if (!rv_zero_range(&w, 4, 32)) rv_revert("", 0);
        uint32_t iid =
            (uint32_t)w.b[0] << 24 | (uint32_t)w.b[1] << 16 | (uint32_t)w.b[2] << 8 | w.b[3];
        rv_return_u64(iid == 0x80ac58cdu || iid == 0x5b5e139fu || iid == 0x01ffc9a7u);
    }
    case RIVET_SEL_balanceOf: {
        rv_addr a = rv_arg_address(0);
        if (rv_addr_is_zero(&a)) fail_addr(RIVET_SEL_ERC721InvalidOwner, &a);
        rv_word k = rv_addr_word(&a), s = slot_of(3, &k), v = rv_load(&s);
        rv_return_word(&v);
    }
    case RIVET_SEL_ownerOf: {
        rv_word id = rv_arg(0), w;
        rv_addr owner = require_owned(&id);
        w = rv_addr_word(&owner);
        rv_return_word(&w);
    }
    case RIVET_SEL_getApproved: {
        rv_word id = rv_arg(0), w;
        require_owned(&id);
        rv_addr a = load_addr(4, &id);
        w = rv_addr_word(&a);
        rv_return_word(&w);
    }
    case RIVET_SEL_isApprovedForAll: {
        rv_addr o = rv_arg_address(0), op = rv_arg_address(1);
        rv_return_u64((uint64_t)approved_for_all(&o, &op));
    }
    case RIVET_SEL_approve: {
        rv_addr to = rv_arg_address(0);
        rv_word id = rv_arg(1);
        approve(&to, &id, &caller, 1);
        rv_return("", 0);
    }
    case RIVET_SEL_setApprovalForAll: {
        rv_addr op = rv_arg_address(0);
        int on = rv_arg_bool(1);
        if (rv_addr_is_zero(&op)) fail_addr(RIVET_SEL_ERC721InvalidOperator, &op);
        rv_word o = rv_addr_word(&caller), p = rv_addr_word(&op), inner = slot_of(5, &o);
        rv_word s = rv_map_slot(&inner, &p), v = rv_u64((uint64_t)on);
        rv_store(&s, &v);
        rv_word t = RIVET_TOPIC_ApprovalForAll, idx[2] = {o, p};
        rv_emit(&t, idx, 2, &v, 1);
        rv_return("", 0);
    }
    case RIVET_SEL_transferFrom:
    case RIVET_SEL_safeTransferFrom_address_address_uint256:
    case RIVET_SEL_safeTransferFrom_address_address_uint256_bytes: {
        uint32_t sel = rv_selector();
        rv_addr from = rv_arg_address(0), to = rv_arg_address(1);
        rv_word id = rv_arg(2);
        uint64_t n = 0;
        const uint8_t *data = (const uint8_t *)"";
        if (sel == RIVET_SEL_safeTransferFrom_address_address_uint256_bytes)
            data = rv_arg_heap_bytes(3, &n);
        transfer_from(&from, &to, &id, &caller);
        if (sel != RIVET_SEL_transferFrom) check_received(&caller, &from, &to, &id, data, n);
        rv_return("", 0);
    }
    case RIVET_SEL_mint:
    case RIVET_SEL_safeMint: {
        rv_addr to = rv_arg_address(0);
        rv_word id = rv_arg(1);
        uint64_t n = 0;
        const uint8_t *data = 0;
        int safe = rv_selector() == RIVET_SEL_safeMint;
        if (safe) data = rv_arg_heap_bytes(2, &n);
        mint(&to, &id);
        if (safe) check_received(&caller, &zero, &to, &id, data, n);
        rv_return("", 0);
    }
    case RIVET_SEL_burn: {
        rv_word id = rv_arg(0);
        update(&zero, &id, &caller);
        rv_return("", 0);
    }
    case RIVET_SEL_mintBatch: mint_batch(); rv_return("", 0);
    case RIVET_SEL_ownersOf: owners_of();
    }
    rv_revert("", 0);
}
