#!/usr/bin/env python3
"""ctest driver for geth's stateless validator as a riscv64 Linux guest (ctest geth.*;
docs/geth-guest.md). Every block runs through
  - `rivet exec --abi linux ELF [--chain hoodi | --network FORK] BLOCK WITNESS`, twice: the two
    runs must be byte-identical (--json with the guest's output, instruction count, instruction
    mix and syscall census);
  - the same ELF under qemu-riscv64 (the oracle): the same stdout and exit status;
  - `rivet stateless` on the host: the same verdict, block hash, state root, receipts root and
    gas used;
and the fixture's own values (the Hoodi roots geth's keeper checks; the blockchain-test block
header's state root, receipts root and gas used).

  check.py hoodi  RIVET ELF FIXTURES WORKDIR
      the Hoodi block (geth keeper's block.rlp + witness.rlp, --chain hoodi), plus keeper's own
      input form: the RLP payload [chainID, block, witness] on stdin (chain from its id)
  check.py blocks RIVET ELF FIXTURES WORKDIR [--sample N] [--shard I/M] [--all]
      blockchain-test blocks (ethereum-tests, every valid block, as bench/stateless_guest --scan
      lists them) whose witness `rivet witness` writes, under the test's fork config (geth's
      tests.Forks); --sample N (default 60) takes N of them spread evenly over the sorted list,
      --all takes every one, --shard I/M the I-th of M interleaved parts of the selection

The last line is 'N passed, N failed'. Exit 77 (ctest skip) when the guest was not built
(no Go >= go.mod's), qemu-riscv64 is missing or the fixtures are absent."""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "stateless"))
import inputs  # noqa: E402

SKIP = 77
FIELDS = ("valid", "block_hash", "state_root", "receipts_root", "gas_used")


class Block:
    def __init__(self, name, work, block, witness, sel, host_args, expect):
        self.name, self.work, self.block, self.witness = name, work, block, witness
        self.sel = sel  # ["--chain", "hoodi"] or ["--network", FORK]
        self.host_args, self.expect = host_args, expect


def rivet_run(rivet, elf, b, extra=(), stdin=None):
    """The guest under rivet with the block's folder as /w; returns (json, raw stdout)."""
    cmd = [rivet, "exec", "--abi", "linux", "--json", "--stats", "--syscalls", "--dir",
           b.work + ":/w"] + list(extra) + [elf] + b.sel
    cmd += ["/w/" + os.path.basename(b.block), "/w/" + os.path.basename(b.witness)] if stdin is None \
        else []
    r = subprocess.run(cmd, capture_output=True, input=stdin)
    try:
        return json.loads(r.stdout), r.stdout
    except ValueError:
        return None, r.stdout + r.stderr


def check(rivet, elf, qemu, b, problems):
    j1, raw1 = rivet_run(rivet, elf, b)
    j2, raw2 = rivet_run(rivet, elf, b)
    if j1 is None:
        problems.append("rivet exec: %r" % raw1[-300:])
        return None
    if raw1 != raw2:
        problems.append("two rivet runs differ")
    if j1.get("census", {}).get("unsupported"):
        problems.append("unsupported syscalls %s" % j1["census"]["unsupported"])
    rc = j1.get("exit_code", -1) if j1["stop"] == "exit" else -1
    q = subprocess.run(["taskset", "-c", "0", qemu, elf] + b.sel + [b.block, b.witness],
                       capture_output=True)
    if q.stdout.decode(errors="replace") != j1["output"] or q.returncode != rc:
        problems.append("qemu-riscv64 differs: %r rc %d vs %r rc %d" % (
            q.stdout[:200], q.returncode, j1["output"][:200], rc))
    try:
        got = json.loads(j1["output"])
    except ValueError:
        problems.append("guest output %r" % j1["output"][:200])
        return None
    h = subprocess.run([rivet, "stateless"] + b.host_args, capture_output=True)
    try:
        host = json.loads(h.stdout)
    except ValueError:
        problems.append("rivet stateless: %r" % h.stdout[:200])
        return got
    for k in FIELDS:
        if got.get(k) != host.get(k):
            problems.append("%s: geth %s, rivet stateless %s" % (k, got.get(k), host.get(k)))
    for k, v in b.expect.items():
        if got.get(k) != v:
            problems.append("%s: geth %s, fixture %s" % (k, got.get(k), v))
    if (rc == 0) != bool(got.get("valid")):
        problems.append("exit status %d with valid=%s" % (rc, got.get("valid")))
    got["instret"] = j1["instret"]
    return got


def hoodi_block(fixtures):
    d = os.path.join(fixtures, "stateless", "geth-keeper-hoodi-1151683")
    if not os.path.isdir(d):
        return None
    exp = json.load(open(os.path.join(d, "block_and_witness.json")))["expected"]
    bf, wf = os.path.join(d, "block.rlp"), os.path.join(d, "witness.rlp")
    return Block("hoodi-1151683", d, bf, wf, ["--chain", "hoodi"], ["--chain", "hoodi", bf, wf],
                 {"state_root": exp["stateRoot"], "receipts_root": exp["receiptsRoot"],
                  "valid": True})


def test_blocks(fixtures, work, rivet, sample, shard, everything):
    specs = inputs.scan_specs(fixtures, 0)
    if not everything and sample < len(specs):
        specs = [specs[i * len(specs) // sample] for i in range(sample)]
    i, m = shard
    specs = specs[i::m]
    blocks = []
    for c in inputs.blocktests(fixtures, work, rivet, specs):
        net, bf, wf = c.host_args[1], c.host_args[2], c.host_args[3]
        blocks.append(Block(c.name, work, bf, wf, ["--network", net], c.host_args,
                            {"state_root": "0x" + c.expect["state_root"].hex(),
                             "receipts_root": "0x" + c.expect["receipts_root"].hex(),
                             "gas_used": c.expect["gas_used"], "valid": True}))
    return blocks, len(specs)


def main():
    if len(sys.argv) < 6 or sys.argv[1] not in ("hoodi", "blocks"):
        sys.exit(__doc__)
    mode, rivet, elf, fixtures, work = sys.argv[1:6]
    opts = sys.argv[6:]
    sample = int(opts[opts.index("--sample") + 1]) if "--sample" in opts else 60
    shard = (0, 1)
    if "--shard" in opts:
        i, m = opts[opts.index("--shard") + 1].split("/")
        shard = (int(i), int(m))
    qemu = shutil.which("qemu-riscv64")
    if not os.path.exists(elf):
        print("skip: %s not built (no Go >= go.mod's; see cmake/guest_geth.cmake)" % elf)
        return SKIP
    if not qemu:
        print("skip: qemu-riscv64 not found")
        return SKIP
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    passed = failed = 0
    if mode == "hoodi":
        b = hoodi_block(fixtures)
        if not b:
            print("skip: no Hoodi fixture under %s" % fixtures)
            return SKIP
        blocks, wanted = [b], 1
    else:
        if not os.path.isdir(os.path.join(fixtures, "ethereum-tests")):
            print("skip: no ethereum-tests fixtures under %s" % fixtures)
            return SKIP
        blocks, wanted = test_blocks(fixtures, work, rivet, sample, shard, "--all" in opts)
        if len(blocks) < wanted:
            print("FAIL: rivet witness wrote %d of %d witnesses" % (len(blocks), wanted))
            failed += wanted - len(blocks)
    gas = instret = 0
    for b in blocks:
        problems = []
        got = check(rivet, elf, qemu, b, problems)
        if problems:
            failed += 1
            print("FAIL %s: %s" % (b.name, "; ".join(problems)))
        else:
            passed += 1
            gas += got["gas_used"]
            instret += got["instret"]
            print("ok %s: %s state %s, %d gas, %d instructions" % (
                b.name, "valid" if got["valid"] else "INVALID", got["state_root"][:18],
                got["gas_used"], got["instret"]))
    if mode == "hoodi" and blocks:
        # keeper's input: RLP [chainID, block, witness] on stdin, the chain from its id
        b = blocks[0]
        payload = inputs.rlp_list([inputs.rlp_uint(560048), open(b.block, "rb").read(),
                                   open(b.witness, "rb").read()])
        j, raw = rivet_run(rivet, elf, Block(b.name, b.work, b.block, b.witness, [], [], {}),
                           stdin=payload)
        first, _ = rivet_run(rivet, elf, b)
        if j is None or first is None or j["output"] != first["output"]:
            failed += 1
            print("FAIL keeper payload on stdin: %r" % (j["output"] if j else raw[-200:]))
        else:
            passed += 1
            print("ok keeper payload on stdin: same output")
    print("%d blocks checked, %d gas, %d guest instructions" % (len(blocks), gas, instret))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
