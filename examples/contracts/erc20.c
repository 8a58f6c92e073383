/* An ERC20 with OpenZeppelin 5's behaviour and storage layout (balances at slot 0, allowances
   at slot 1, total supply at slot 2, name and symbol at 3 and 4): the same events, custom
   errors, infinite allowances and return values. Its twin is OpenZeppelin's own ERC20
   (tests/hybrid/sol/RivetToken.sol) compiled by solc; tests/hybrid holds both. */
#include "erc20.abi.h"
#include "rivet.h"

RIVET_CONSTRUCTOR("constructor(uint256 initialSupply)")
RIVET_METHOD("function name() view returns (string)")
RIVET_METHOD("function symbol() view returns (string)")
RIVET_METHOD("function decimals() view returns (uint8)")
RIVET_METHOD("function totalSupply() view returns (uint256)")
RIVET_METHOD("function balanceOf(address account) view returns (uint256)")
RIVET_METHOD("function allowance(address owner, address spender) view returns (uint256)")
RIVET_METHOD("function transfer(address to, uint256 value) returns (bool)")
RIVET_METHOD("function approve(address spender, uint256 value) returns (bool)")
RIVET_METHOD("function transferFrom(address from, address to, uint256 value) returns (bool)")
RIVET_METHOD("function mint(address to, uint256 value)")
RIVET_EVENT("event Transfer(address indexed from, address indexed to, uint256 value)")
RIVET_EVENT("event Approval(address indexed owner, address indexed spender, uint256 value)")
RIVET_ERROR("error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)")
RIVET_ERROR("error ERC20InvalidSender(address sender)")
RIVET_ERROR("error ERC20InvalidReceiver(address receiver)")
RIVET_ERROR("error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)")
RIVET_ERROR("error ERC20InvalidApprover(address approver)")
RIVET_ERROR("error ERC20InvalidSpender(address spender)")

static const char NAME[] = "Rivet Token", SYMBOL[] = "RVT";

static rv_word balance_slot(const rv_addr *a)
{
    rv_word base = rv_u64(0), k = rv_addr_word(a);
    return rv_map_slot(&base, &k);
}

static rv_word allowance_slot(const rv_addr *owner, const rv_addr *spender)
{
    rv_word base = rv_u64(1), o = rv_addr_word(owner), s = rv_addr_word(spender);
    rv_word inner = rv_map_slot(&base, &o);
    return rv_map_slot(&inner, &s);
}

__attribute__((noreturn)) static void fail_addr(uint32_t sel, const rv_addr *a)
{
    rv_word w = rv_addr_word(a);
    rv_revert_error(sel, &w, 1);
}

/* OpenZeppelin's _update: moves value (from zero: mint; to zero: burn), emits Transfer. */
static void update(const rv_addr *from, const rv_addr *to, const rv_word *value)
{
    rv_word total_slot = rv_u64(2), v;
    if (rv_addr_is_zero(from)) {
        v = rv_load(&total_slot);
        if (rv_add(&v, &v, value)) { /* Solidity's checked arithmetic: Panic(0x11) */
            rv_word code = rv_u64(0x11);
            rv_revert_error(0x4e487b71u, &code, 1);
        }
        rv_store(&total_slot, &v);
    } else {
        rv_word fs = balance_slot(from), fb = rv_load(&fs);
        if (rv_lt(&fb, value)) {
            rv_word args[3] = {rv_addr_word(from), fb, *value};
            rv_revert_error(RIVET_SEL_ERC20InsufficientBalance, args, 3);
        }
        rv_sub(&fb, &fb, value);
        rv_store(&fs, &fb);
    }
    if (rv_addr_is_zero(to)) {
        v = rv_load(&total_slot);
        rv_sub(&v, &v, value);
        rv_store(&total_slot, &v);
    } else {
        rv_word ts = balance_slot(to), tb = rv_load(&ts);
        rv_add(&tb, &tb, value); /* cannot overflow: bounded by the total supply */
        rv_store(&ts, &tb);
    }
    rv_word topic = RIVET_TOPIC_Transfer, idx[2] = {rv_addr_word(from), rv_addr_word(to)};
    rv_emit(&topic, idx, 2, value, 1);
}

static void transfer(const rv_addr *from, const rv_addr *to, const rv_word *value)
{
    if (rv_addr_is_zero(from)) fail_addr(RIVET_SEL_ERC20InvalidSender, from);
    if (rv_addr_is_zero(to)) fail_addr(RIVET_SEL_ERC20InvalidReceiver, to);
    update(from, to, value);
}

static void approve(const rv_addr *owner, const rv_addr *spender, const rv_word *value, int emit)
{
    if (rv_addr_is_zero(owner)) fail_addr(RIVET_SEL_ERC20InvalidApprover, owner);
    if (rv_addr_is_zero(spender)) fail_addr(RIVET_SEL_ERC20InvalidSpender, spender);
    rv_word s = allowance_slot(owner, spender);
    rv_store(&s, value);
    if (emit) {
        rv_word topic = RIVET_TOPIC_Approval, idx[2] = {rv_addr_word(owner), rv_addr_word(spender)};
        rv_emit(&topic, idx, 2, value, 1);
    }
}

static void spend_allowance(const rv_addr *owner, const rv_addr *spender, const rv_word *value)
{
    rv_word s = allowance_slot(owner, spender), cur = rv_load(&s), max;
    memset(&max, 0xff, 32);
    if (rv_eq(&cur, &max)) return;
    if (rv_lt(&cur, value)) {
        rv_word args[3] = {rv_addr_word(spender), cur, *value};
        rv_revert_error(RIVET_SEL_ERC20InsufficientAllowance, args, 3);
    }
    rv_sub(&cur, &cur, value);
    approve(owner, spender, &cur, 0);
}

void rivet_constructor(void)
{
    rv_word s3 = rv_u64(3), s4 = rv_u64(4), n = rv_short_string(NAME, sizeof NAME - 1),
            y = rv_short_string(SYMBOL, sizeof SYMBOL - 1), supply;
    rv_store(&s3, &n);
    rv_store(&s4, &y);
    rv_calldataload(0, &supply);
    rv_addr me, zero = {{0}};
    rv_caller(&me);
    if (rv_addr_is_zero(&me)) fail_addr(RIVET_SEL_ERC20InvalidReceiver, &me);
    update(&zero, &me, &supply);
}

void rivet_main(void)
{
    rv_addr caller;
    rv_caller(&caller);
    rv_nonpayable();
    uint32_t sel = rv_selector();
    rv_word one = rv_u64(1);
    switch (sel) {
    case RIVET_SEL_name: rv_return_string(NAME, sizeof NAME - 1);
    case RIVET_SEL_symbol: rv_return_string(SYMBOL, sizeof SYMBOL - 1);
    case RIVET_SEL_decimals: rv_return_u64(18);
    case RIVET_SEL_totalSupply: {
        rv_word s = rv_u64(2), v = rv_load(&s);
        rv_return_word(&v);
    }
    case RIVET_SEL_balanceOf: {
        rv_addr a = rv_arg_addr(0);
        rv_word s = balance_slot(&a), v = rv_load(&s);
        rv_return_word(&v);
    }
    case RIVET_SEL_allowance: {
        rv_addr o = rv_arg_addr(0), sp = rv_arg_addr(1);
        rv_word s = allowance_slot(&o, &sp), v = rv_load(&s);
        rv_return_word(&v);
    }
    case RIVET_SEL_transfer: {
        rv_addr to = rv_arg_addr(0);
        rv_word v = rv_arg(1);
        transfer(&caller, &to, &v);
        rv_return_word(&one);
    }
    case RIVET_SEL_approve: {
        rv_addr sp = rv_arg_addr(0);
        rv_word v = rv_arg(1);
        approve(&caller, &sp, &v, 1);
        rv_return_word(&one);
    }
    case RIVET_SEL_transferFrom: {
        rv_addr from = rv_arg_addr(0), to = rv_arg_addr(1);
        rv_word v = rv_arg(2);
        spend_allowance(&from, &caller, &v);
        transfer(&from, &to, &v);
        rv_return_word(&one);
    }
    case RIVET_SEL_mint: {
        rv_addr to = rv_arg_addr(0), zero = {{0}};
        rv_word v = rv_arg(1);
        if (rv_addr_is_zero(&to)) fail_addr(RIVET_SEL_ERC20InvalidReceiver, &to);
        update(&zero, &to, &v);
        rv_return("", 0);
    }
    }
    rv_revert("", 0);
}
