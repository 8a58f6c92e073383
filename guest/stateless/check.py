#!/usr/bin/env python3
"""ctest driver for the validator guest (ctest guest.stateless): every block of the stateless
fixtures (the Hoodi block with geth's witness, the EEST zkEVM StatelessInputs) and a few
blockchain-test blocks with witnesses from `rivet witness` (inputs.BLOCKTESTS) through
  - the zkVM flavour under `rivet exec --abi zkvm`,
  - the static glibc flavour under qemu-riscv64 (byte-identical output required),
  - `rivet stateless` on the host (same verdict, roots, gas used and StatelessOutput required),
and the fixtures' own values: the Hoodi and blockchain-test roots (and gas) must match; zkEVM outputs equal to the fixture's
statelessOutputBytes are counted (the host's known differences are the guest's too). Exit 77
(ctest skip) when the guests, qemu or the fixtures are missing.

  check.py RIVET LINUX_ELF ZKVM_ELF FIXTURES WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

import inputs

SKIP = 77


def run_guest(rivet, zkvm_elf, path):
    r = subprocess.run([rivet, "exec", "--abi", "zkvm", "--input", path, zkvm_elf],
                       capture_output=True)
    info = {}
    for line in r.stderr.decode(errors="replace").splitlines():
        if line.startswith("valid="):
            for kv in line.split(" ", 2):
                k, v = kv.split("=", 1)
                info[k] = v
    return r, info


def main():
    rivet, linux_elf, zkvm_elf, fixtures, work = sys.argv[1:6]
    qemu = shutil.which("qemu-riscv64")
    for what, path in (("linux guest", linux_elf), ("zkvm guest", zkvm_elf)):
        if not os.path.exists(path):
            print("skip: %s %s not built (no riscv64 cross compiler?)" % (what, path))
            return SKIP
    if not qemu:
        print("skip: qemu-riscv64 not found")
        return SKIP
    cases = (inputs.hoodi(fixtures, work) + inputs.blocktests(fixtures, work, rivet) +
             inputs.zkevm(fixtures, work) +
             inputs.vendor(os.path.join(fixtures, os.pardir)))
    if not cases:
        print("skip: no stateless fixtures under %s" % fixtures)
        return SKIP
    bad = exact = ssz = 0
    for i, c in enumerate(cases):
        path = os.path.join(work, "in-%d.bin" % i)
        with open(path, "wb") as f:
            f.write(c.guest_input)
        zk, info = run_guest(rivet, zkvm_elf, path)
        with open(path, "rb") as f:
            lin = subprocess.run([qemu, linux_elf], stdin=f, capture_output=True)
        host = subprocess.run([rivet, "stateless"] + c.host_args, capture_output=True)
        problems = []
        if zk.returncode != 0 or lin.returncode != 0:
            problems.append("exit %d (rivet exec) / %d (qemu): %s" %
                            (zk.returncode, lin.returncode, zk.stderr.decode()[-300:]))
        elif zk.stdout != lin.stdout:
            problems.append("qemu-riscv64 and rivet exec outputs differ")
        got = inputs.parse_output(c.kind, zk.stdout)
        try:
            h = json.loads(host.stdout)
        except ValueError:
            h = None
        if got is None or h is None:
            problems.append("no output (guest %d bytes, host %r)" % (len(zk.stdout), host.stdout[:80]))
        else:
            fields = ["valid"] + (["stateless_output"] if c.kind == "ssz" else
                                  ["block_hash", "state_root", "receipts_root", "gas_used"])
            for k in fields:
                hv = h.get(k)
                hv = hv[2:] if isinstance(hv, str) else hv
                if got[k] != hv:
                    problems.append("%s: guest %s, host %s" % (k, got[k], hv))
            if info.get("gas_used") != str(h.get("gas_used")):
                problems.append("gas used: guest %s, host %s" % (info.get("gas_used"),
                                                                 h.get("gas_used")))
            if c.kind == "ssz":
                ssz += 1
                exact += bytes.fromhex(got["stateless_output"]) == c.expect["output"]
            else:
                for k in ("state_root", "receipts_root", "block_hash"):
                    if k in c.expect and got[k] != c.expect[k].hex():
                        problems.append("%s differs from the fixture's" % k)
                if "gas_used" in c.expect and got["gas_used"] != c.expect["gas_used"]:
                    problems.append("gas used differs from the fixture's")
        if problems:
            bad += 1
            print("FAIL %s: %s" % (c.name, "; ".join(problems)))
    print("%d blocks: %d agree (guest = host = qemu-riscv64); zkEVM StatelessOutputs equal to "
          "the fixture: %d of %d" % (len(cases), len(cases) - bad, exact, ssz))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
