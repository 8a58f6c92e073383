#!/usr/bin/env python3
"""ctest driver (guest.hybrid): blocks of a hybrid chain made by rivet node
(guest/stateless/hybrid/*.json: the demo's ERC20 blocks, written by `tests/node/demo.mjs --keep
DIR`, and RISC-V calls that fault, revert, run out of gas, hit the memory limit and create
contracts, written by hybrid/make.mjs) through the validator guest with the hybrid layer. For
each block:
  - `rivet stateless --hybrid --network Prague FILE --guest-input IN` on the host, whose IN is
    ["H", ["G", block, witness, chain id, "Prague"]] (checked here),
  - the zkVM flavour on IN under `rivet exec --abi zkvm` and the static glibc flavour under
    qemu-riscv64: byte-identical 105-byte outputs, valid, and block hash, state root, receipts
    root and gas used equal to the host's,
  - the state root, receipts root and gas used equal to the block header's (read from the
    block RLP here, not by rivet),
  - the inner input without "H" (mainnet rules: a 0xef52 container is refused, and calling one
    spends all the call's gas): the guest's verdict equals `rivet stateless` without --hybrid
    and the one hybrid/expect.json gives (reasoned from the gas each call used).
Ends with "N passed, N failed". Exit 77 (ctest skip) without the guests or qemu-riscv64.

  hybrid_check.py RIVET LINUX_ELF ZKVM_ELF WORKDIR"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))


def rlp_item(b, i):
    """(payload, next offset, is_list) of the RLP item at b[i]."""
    t = b[i]
    if t < 0x80:
        return b[i:i + 1], i + 1, False
    if t < 0xb8:
        return b[i + 1:i + 1 + t - 0x80], i + 1 + t - 0x80, False
    if t < 0xc0:
        n = int.from_bytes(b[i + 1:i + 1 + t - 0xb7], "big")
        s = i + 1 + t - 0xb7
        return b[s:s + n], s + n, False
    if t < 0xf8:
        return b[i + 1:i + 1 + t - 0xc0], i + 1 + t - 0xc0, True
    n = int.from_bytes(b[i + 1:i + 1 + t - 0xf7], "big")
    s = i + 1 + t - 0xf7
    return b[s:s + n], s + n, True


def rlp_list(payload):
    out, i = [], 0
    while i < len(payload):
        p, i, is_list = rlp_item(payload, i)
        out.append((p, is_list))
    return out


def header_fields(block_rlp_hex):
    """state root, receipts root and gas used from the header of a block's RLP."""
    block, _, _ = rlp_item(bytes.fromhex(block_rlp_hex[2:]), 0)
    header = rlp_list(rlp_list(block)[0][0])
    return (header[3][0].hex(), header[5][0].hex(), int.from_bytes(header[10][0], "big"))


def guest_out(out):
    if len(out) != 105:
        return None
    return {"valid": out[0] == 1, "block_hash": out[1:33].hex(), "state_root": out[33:65].hex(),
            "receipts_root": out[65:97].hex(), "gas_used": int.from_bytes(out[97:105], "little")}


def host(rivet, path, hybrid, guest_input=None):
    cmd = [rivet, "stateless"] + (["--hybrid"] if hybrid else []) + ["--network", "Prague", path]
    if guest_input:
        cmd += ["--guest-input", guest_input]
    r = subprocess.run(cmd, capture_output=True)
    try:
        h = json.loads(r.stdout)
    except ValueError:
        return None
    return {k: (v[2:] if isinstance(v, str) and v.startswith("0x") else v) for k, v in h.items()}


def guests(rivet, linux_elf, zkvm_elf, qemu, path):
    """(zkVM output, instructions, problems) of both flavours on the input file."""
    zk = subprocess.run([rivet, "exec", "--abi", "zkvm", "--stats", "--input", path, zkvm_elf],
                        capture_output=True)
    with open(path, "rb") as f:
        lin = subprocess.run([qemu, linux_elf], stdin=f, capture_output=True)
    m = re.search(r"instructions: (\d+)", zk.stderr.decode(errors="replace"))
    problems = []
    if zk.returncode != 0 or lin.returncode != 0:
        problems.append("exit %d (rivet exec) / %d (qemu-riscv64): %s" %
                        (zk.returncode, lin.returncode, zk.stderr.decode()[-300:]))
    elif zk.stdout != lin.stdout:
        problems.append("rivet exec and qemu-riscv64 outputs differ")
    return guest_out(zk.stdout), int(m.group(1)) if m else 0, problems


def main():
    rivet, linux_elf, zkvm_elf, work = sys.argv[1:5]
    qemu = shutil.which("qemu-riscv64")
    for path in (linux_elf, zkvm_elf):
        if not os.path.exists(path):
            print("skip: %s not built (no riscv64 cross compiler?)" % path)
            return SKIP
    if not qemu:
        print("skip: qemu-riscv64 not found")
        return SKIP
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(HERE, "hybrid", "expect.json")) as f:
        expect = json.load(f)
    files = sorted(f for f in glob.glob(os.path.join(HERE, "hybrid", "*.json"))
                   if os.path.basename(f) != "expect.json")
    passed = failed = 0
    for path in files:
        name = os.path.basename(path)
        with open(path) as f:
            blk = json.load(f)
        mainnet_valid = expect.get(name)
        problems = []
        g = os.path.join(work, name + ".in")
        h = host(rivet, path, True, g)
        top, _, _ = rlp_item(open(g, "rb").read(), 0) if os.path.exists(g) else (b"", 0, 0)
        frame = rlp_list(top)
        if h is None or len(frame) != 2 or frame[0][0] != b"H":
            problems.append("host: no verdict or no [\"H\", input] guest input")
        else:
            out, insns, p = guests(rivet, linux_elf, zkvm_elf, qemu, g)
            problems += p
            want = header_fields(blk["blockRlp"])
            if out is None:
                problems.append("guest: no 105-byte output")
            else:
                for k in ("valid", "block_hash", "state_root", "receipts_root", "gas_used"):
                    if out[k] != h.get(k):
                        problems.append("%s: guest %s, host %s" % (k, out[k], h.get(k)))
                got = (out["state_root"], out["receipts_root"], out["gas_used"])
                if not out["valid"] or got != want:
                    problems.append("guest %s %s, the header's %s" % (out["valid"], got, want))
            # the inner input alone: mainnet rules
            inner = os.path.join(work, name + ".mainnet.in")
            with open(inner, "wb") as f:
                f.write(frame[1][0])
            plain, _, p = guests(rivet, linux_elf, zkvm_elf, qemu, inner)
            problems += p
            hp = host(rivet, path, False)
            if plain is None or hp is None or plain["valid"] != hp.get("valid"):
                problems.append("without the hybrid layer: guest %s, host %s" %
                                (plain and plain["valid"], hp and hp.get("valid")))
            elif mainnet_valid not in ("valid", "invalid"):
                problems.append("no mainnet verdict for it in hybrid/expect.json")
            elif plain["valid"] != (mainnet_valid == "valid"):
                problems.append("without the hybrid layer the block is %s, expected %s" %
                                ("valid" if plain["valid"] else "invalid", mainnet_valid))
            if out is not None and out["gas_used"]:
                print("%-28s %9d gas %10d guest instructions %6.2f per gas" %
                      (name, out["gas_used"], insns, insns / out["gas_used"]))
        if problems:
            failed += 1
            print("FAIL %s: %s" % (name, "; ".join(problems)))
        else:
            passed += 1
    if not files:
        print("no blocks under %s" % os.path.join(HERE, "hybrid"))
        return 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
