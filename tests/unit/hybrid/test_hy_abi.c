/* The contract header `rivet build` writes (hy_abi_header): selectors of overloaded functions
   under names with their parameter types, typed calls for RIVET_CALLS declarations (STATICCALL
   for view functions, a value for payable ones, buffers for dynamic arguments and results,
   the clean-value checks of decoded results), and no helper for types it cannot pass. The
   selectors are solc 0.8.30's methodIdentifiers (npm solc, OpenZeppelin's ERC721 and
   IERC721Receiver), written here by hand. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "rivet/hy_abi.h"

static hy_abi_item items[8];

static void parse(size_t i, const char *sig, int external)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_equal(hy_abi_parse(sig, strlen(sig), &items[i], &d), RIVET_OK);
    items[i].external = external;
}

static char *header(size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    hy_abi_header(f, items, n, "T_H");
    fclose(f);
    return text;
}

static void overloads_get_their_types(void **st)
{
    (void)st;
    parse(0, "function safeTransferFrom(address from, address to, uint256 tokenId)", 0);
    parse(1, "function safeTransferFrom(address from, address to, uint256 tokenId, bytes data)", 0);
    parse(2, "function transferFrom(address from, address to, uint256 tokenId)", 0);
    char *h = header(3);
    assert_non_null(
        strstr(h, "#define RIVET_SEL_safeTransferFrom_address_address_uint256 0x42842e0eu"));
    assert_non_null(
        strstr(h, "#define RIVET_SEL_safeTransferFrom_address_address_uint256_bytes 0xb88d4fdeu"));
    assert_non_null(strstr(h, "#define RIVET_SEL_transferFrom 0x23b872ddu"));
    assert_null(strstr(h, "RIVET_SEL_safeTransferFrom ")); /* no ambiguous plain name */
    assert_null(strstr(h, "rivet_call_"));                 /* own methods: no typed calls */
    free(h);
}

static void typed_calls(void **st)
{
    (void)st;
    parse(0,
          "function onERC721Received(address operator, address from, uint256 tokenId, "
          "bytes data) returns (bytes4)",
          1);
    parse(1, "function ownersOf(uint256[] ids) view returns (address[] owners)", 1);
    parse(2, "function deposit(bytes32 tag) payable returns (bool ok, uint8 code)", 1);
    parse(3, "function grid(uint256[2][] cells) returns (uint256)", 1);
    char *h = header(4);
    assert_non_null(strstr(h, "#define RIVET_SEL_onERC721Received 0x150b7a02u"));
    assert_non_null(strstr(h, "#include \"rivet.h\""));
    /* bytes argument: pointer and length; bytes4 result checked clean (bytes 4..32 zero) */
    assert_non_null(strstr(h, "static inline int rivet_call_onERC721Received(const rv_addr "
                              "*addr, const rv_addr *p_operator, const rv_addr *p_from, const "
                              "rv_word *p_tokenId, const void *p_data, uint64_t n_data, "
                              "rv_word *r_0)"));
    assert_non_null(strstr(h, "rv_enc_bytes(&e, p_data, n_data);"));
    assert_non_null(strstr(h, "rv_dec_word(&d, 0, r_0) && rv_zero_range(r_0, 4, 32)"));
    assert_non_null(strstr(h, "rv_call_enc(addr, 0, 0, &e, &d)"));
    /* view: STATICCALL; dynamic result with a capacity and a length */
    assert_non_null(strstr(h, "const rv_word *p_ids, uint64_t n_ids, rv_addr *r_owners, "
                              "uint64_t cap_owners, uint64_t *n_owners)"));
    assert_non_null(strstr(h, "rv_call_enc(addr, 1, 0, &e, &d)"));
    assert_non_null(strstr(h, "rv_dec_addrs(&d, 0, r_owners, cap_owners, n_owners)"));
    /* payable: a value; bool and uint8 results checked clean */
    assert_non_null(strstr(h, "rivet_call_deposit(const rv_addr *addr, const rv_word *value, "
                              "const rv_word *p_tag, rv_word *r_ok, rv_word *r_code)"));
    assert_non_null(strstr(h, "rv_call_enc(addr, 0, value, &e, &d)"));
    assert_non_null(strstr(h, "rv_zero_range(r_ok, 0, 31) && r_ok->b[31] <= 1"));
    assert_non_null(strstr(h, "rv_zero_range(r_code, 0, 31)"));
    /* fixed-size inner arrays: no helper, a comment */
    assert_non_null(strstr(h, "/* grid(uint256[2][]): no typed call"));
    assert_null(strstr(h, "rivet_call_grid"));
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overloads_get_their_types),
        cmocka_unit_test(typed_calls),
    };
    return test_main(tests);
}
