/* Solidity-style ABI declarations of a C contract: the human-readable signatures a contract
   declares with RIVET_METHOD / RIVET_EVENT / RIVET_ERROR / RIVET_CONSTRUCTOR (guest/sdk/rivet.h)
   parsed into items, their selectors and topics (keccak-256 of the canonical signature), the
   ABI JSON ethers, viem and cast read, and the header the contract includes. */
#ifndef RIVET_HY_ABI_H
#define RIVET_HY_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rivet/status.h"

enum { HY_ABI_MAX_PARAMS = 16, HY_ABI_NAME = 64 };

typedef enum { HY_ABI_FUNCTION, HY_ABI_EVENT, HY_ABI_ERROR, HY_ABI_CONSTRUCTOR } hy_abi_kind;

typedef struct hy_abi_param {
    char type[32]; /* canonical: uint256, address, bytes32, string, uint256[] ... */
    char name[HY_ABI_NAME];
    int indexed; /* events */
} hy_abi_param;

typedef struct hy_abi_item {
    hy_abi_kind kind;
    char name[HY_ABI_NAME];
    char mutability[12]; /* functions: nonpayable, view, pure, payable */
    hy_abi_param in[HY_ABI_MAX_PARAMS], out[HY_ABI_MAX_PARAMS];
    int nin, nout;
    char canonical[512]; /* name(type,type) */
    uint8_t hash[32];    /* keccak-256 of canonical: selector = hash[0..4), topic = hash */
    int external;        /* another contract's function the contract calls (RIVET_CALLS): in
                            the header, not in the contract's ABI JSON */
} hy_abi_item;

/* Parses one signature such as "function transfer(address to, uint256 value) returns (bool)",
   "event Transfer(address indexed from, address indexed to, uint256 value)",
   "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)" or
   "constructor(uint256 supply)". d names the column of a bad token. */
RIVET_MUST_USE rivet_status hy_abi_parse(const char *sig, size_t len, hy_abi_item *it,
                                         rivet_diag *d);

/* Writes the ABI JSON array of n items. */
void hy_abi_json(FILE *out, const hy_abi_item *items, size_t n);
/* Writes the C header with RIVET_SEL_<name> (uint32_t selectors of functions and errors) and
   RIVET_TOPIC_<name> (32-byte initialisers of event topics). */
void hy_abi_header(FILE *out, const hy_abi_item *items, size_t n, const char *guard);

#endif
