"""Inputs of the validator guest (guest/stateless/main.c; framing in docs/guest.md) built from the
fixtures, with what `rivet stateless` needs to validate the same block on the host and what the
fixture itself expects. Used by check.py (ctest guest.stateless) and bench/stateless_guest."""
import glob
import json
import os
import subprocess


def rlp_bytes(b):
    if len(b) == 1 and b[0] < 0x80:
        return b
    return _rlp_len(len(b), 0x80) + b


def rlp_list(items):
    body = b"".join(items)
    return _rlp_len(len(body), 0xc0) + body


def rlp_uint(v):
    return rlp_bytes(v.to_bytes((v.bit_length() + 7) // 8, "big") if v else b"")


def _rlp_len(n, base):
    if n < 56:
        return bytes([base + n])
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([base + 55 + len(ln)]) + ln


class Case:
    """One block. kind "geth": output = valid | block hash | state root | receipts root | gas
    (105 bytes); kind "ssz": output = the 41-byte StatelessOutput."""

    def __init__(self, name, kind, guest_input, host_args, expect):
        self.name, self.kind, self.guest_input = name, kind, guest_input
        self.host_args = host_args  # argv after `rivet stateless`
        self.expect = expect  # fixture values: {"output": bytes} or {"state_root", ...}


def hoodi(fixtures, work):
    d = os.path.join(fixtures, "stateless", "geth-keeper-hoodi-1151683")
    if not os.path.isdir(d):
        return []
    block = open(os.path.join(d, "block.rlp"), "rb").read()
    witness = open(os.path.join(d, "witness.rlp"), "rb").read()
    exp = json.load(open(os.path.join(d, "block_and_witness.json")))["expected"]
    return [Case("hoodi-1151683", "geth", rlp_list([rlp_bytes(b"G"), rlp_bytes(block),
                                                      rlp_bytes(witness)]),
                 [os.path.join(d, "block.rlp"), os.path.join(d, "witness.rlp")],
                 {"state_root": bytes.fromhex(exp["stateRoot"][2:]),
                  "receipts_root": bytes.fromhex(exp["receiptsRoot"][2:])})]


def zkevm(fixtures, work):
    """Every block of the EEST zkEVM fixtures with a statelessInputBytes, framed as
    ["S", input, network, blobs] (the fixtures run on test networks, not on the chain of their
    chain id)."""
    root = os.path.join(fixtures, "stateless", "eest-zkevm-v0.3.3-amsterdam")
    cases = []
    os.makedirs(work, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(root, "**", "*.json"), recursive=True)):
        for tname, t in sorted(json.load(open(path)).items()):
            net = t["network"]
            blobs = rlp_list([rlp_list([rlp_bytes(k.encode()), rlp_uint(int(v["target"], 16)),
                                        rlp_uint(int(v["max"], 16)),
                                        rlp_uint(int(v["baseFeeUpdateFraction"], 16))])
                              for k, v in sorted(t["config"].get("blobSchedule", {}).items())])
            for i, b in enumerate(t["blocks"]):
                if "statelessInputBytes" not in b:
                    continue
                ssz = bytes.fromhex(b["statelessInputBytes"][2:])
                short = tname.split("::")[-1].split("[")[0]
                name = "%s#%d" % (short, i)
                f = os.path.join(work, "%s-%d.ssz" % (os.path.basename(path)[:-5], len(cases)))
                with open(f, "wb") as fh:
                    fh.write(ssz)
                cases.append(Case(name, "ssz", rlp_list([rlp_bytes(b"S"), rlp_bytes(ssz),
                                                         rlp_bytes(net.encode()), blobs]),
                                  ["--ssz", "--network", net, f],
                                  {"output": bytes.fromhex(b["statelessOutputBytes"][2:])}))
    return cases


# Blocks of blockchain tests with the most transactions / gas (ethereum-tests fixtures); their
# witnesses come from `rivet witness` (full-state execution recording what was touched).
BLOCKTESTS = [
    ("legacy/BlockchainTests/ValidBlocks/bcEIP1559/intrinsic.json", "intrinsic_Cancun", 0),
    ("legacy/BlockchainTests/ValidBlocks/bcStateTests/logRevert.json", "logRevert_Cancun", 0),
    ("legacy/BlockchainTests/ValidBlocks/bcValidBlockTest/eip2930.json", "eip2930_Cancun", 0),
    ("legacy/BlockchainTests/ValidBlocks/bcStateTests/refundReset.json", "refundReset_Cancun", 0),
    ("legacy/BlockchainTests/ValidBlocks/bcEIP1153-transientStorage/transStorageBlockchain.json",
     "transStorageBlockchain_Cancun", 4),
]


def blocktests(fixtures, work, rivet, specs=None):
    """Blockchain-test blocks (BLOCKTESTS, or specs: (path under ethereum-tests, test, block
    index)) as ["G", block, witness, 0, network]; the fixture's header gives the expected roots
    and gas. With specs, a block whose witness cannot be made is left out."""
    cases = []
    os.makedirs(work, exist_ok=True)
    for rel, test, idx in specs or BLOCKTESTS:
        path = os.path.join(fixtures, "ethereum-tests", rel)
        if not os.path.exists(path):
            continue
        t = json.load(open(path))[test]
        stem = "%d-%d" % (len(cases), idx)
        bf, wf = os.path.join(work, stem + ".block"), os.path.join(work, stem + ".witness")
        r = subprocess.run([rivet, "witness", "--test", test, "--block", str(idx), "-o", wf,
                            "--block-out", bf, path], capture_output=True)
        if r.returncode != 0:
            if specs:
                continue
            raise RuntimeError("rivet witness %s: %s" % (test, r.stderr.decode()))
        h = t["blocks"][idx]["blockHeader"]
        net = t["network"]
        cases.append(Case("%s#%d" % (test, idx), "geth",
                          rlp_list([rlp_bytes(b"G"), rlp_bytes(open(bf, "rb").read()),
                                    rlp_bytes(open(wf, "rb").read()), rlp_uint(0),
                                    rlp_bytes(net.encode())]),
                          ["--network", net, bf, wf],
                          {"state_root": bytes.fromhex(h["stateRoot"][2:]),
                           "receipts_root": bytes.fromhex(h["receiptTrie"][2:]),
                           "gas_used": int(h["gasUsed"], 16)}))
    return cases


def scan_specs(fixtures, min_gas):
    """Every valid block (no expectException) of the ethereum-tests blockchain tests using at
    least min_gas gas, as blocktests() specs."""
    root = os.path.join(fixtures, "ethereum-tests")
    specs = []
    for path in sorted(glob.glob(os.path.join(root, "**", "*.json"), recursive=True)):
        if "lockchain" not in path:
            continue
        try:
            d = json.load(open(path))
        except ValueError:
            continue
        for test, t in sorted(d.items()) if isinstance(d, dict) else []:
            for i, b in enumerate(t.get("blocks", []) if isinstance(t, dict) else []):
                h = b.get("blockHeader")
                if h and "expectException" not in b and int(h["gasUsed"], 16) >= min_gas:
                    specs.append((os.path.relpath(path, root), test, i))
    return specs


# The reth guests' vendor inputs (../shared/guests/vendor/reth/README.md): file, block hash and
# gas used as the README documents them.
VENDOR = [  # (name, file, block hash, gas used)
    ("mainnet-24628607 zisk", "zec-reth-v0.8.0.mainnet_24628607_66_7.bin",
     "d6edeb114882eb19af618789a4ebd5f84984e7d340d54459d1b2d9d7c1ed99a9", 7372614),
    ("mainnet-24628608 zisk", "zec-reth-v0.8.0.mainnet_24628608_146_12.bin",
     "2fd7407d232b8b7fde2a8372b5e77fd65f815847b70d9cf25134b123f4a69e03", 12907474),
    ("mainnet-21740136 rsp", "rsp-input.21740136.bin",
     "d42ec18b0b56fed31aa3976057fae903251f7d409651335780ead557502d0413", 5524782),
    ("mainnet-20852412 rsp", "zec-rsp-zisk0.13.20852412_38_3_rsp.bin",
     "ffca2eff6f36447e04fe40b5e92e8c0277180e1bdcc54284ea166c70bf0b137f", 3000029),
]


def is_bincode(data):
    """rsp's ClientExecutorInput or zisk-eth-client's two records (as wit_detect_bincode)."""
    u64 = lambda off: int.from_bytes(data[off:off + 8], "little")
    if len(data) >= 16:
        a = u64(0)
        if 40 <= a <= len(data) - 8 and u64(8) == 32:
            off = (8 + a + 7) // 8 * 8
            if off <= len(data) - 8:
                b = u64(off)
                if b <= len(data) - off - 8 and len(data) - off - 8 - b <= 7:
                    return True
    return len(data) >= 40 and u64(0) == 32


def bincode_case(path, name=None, expect=None):
    """A bincode input file as the guest's ["B", input]; the host reads the file itself."""
    data = open(path, "rb").read()
    return Case(name or os.path.basename(path), "geth",
                rlp_list([rlp_bytes(b"B"), rlp_bytes(data)]), [path], expect or {})


def vendor(shared):
    """The mainnet blocks of ../shared/guests/vendor/reth (expected: the README's hash, gas)."""
    d = os.path.join(shared, "guests", "vendor", "reth")
    return [bincode_case(os.path.join(d, f), name,
                         {"block_hash": bytes.fromhex(h), "gas_used": g})
            for name, f, h, g in VENDOR if os.path.exists(os.path.join(d, f))]


def parse_output(kind, out):
    """The guest's output as the fields `rivet stateless` prints (hex without 0x)."""
    if kind == "ssz":
        if len(out) != 41:
            return None
        return {"stateless_output": out.hex(), "valid": out[32] == 1}
    if len(out) != 105:
        return None
    return {"valid": out[0] == 1, "block_hash": out[1:33].hex(), "state_root": out[33:65].hex(),
            "receipts_root": out[65:97].hex(), "gas_used": int.from_bytes(out[97:105], "little")}
