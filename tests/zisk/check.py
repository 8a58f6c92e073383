#!/usr/bin/env python3
"""One case of the ZisK vendor suite (tests/zisk/zisk.cmake): runs a guest built by ZisK's own
toolchain with `rivet exec --profile zisk --json [--aot]` and checks what the vendors document
(../shared/guests/vendor/README.md, reth/README.md): the diagnostic's UART lines and exit, the
block hash each reth guest commits in its OUTPUT words. With --trace DIR it also writes the
minimal trace under the interpreter and under --aot, requires them byte-identical (the run
under --aot is then the one checked) and `rivet replay` to accept it. Prints
`1 passed, 0 failed` or the failure; exit 77 (skipped) when the vendor files are absent.
usage: check.py RIVET VENDOR_DIR CASE [--aot] [--trace DIR]"""
import filecmp
import json
import os
import subprocess
import sys

H607 = "d6edeb114882eb19af618789a4ebd5f84984e7d340d54459d1b2d9d7c1ed99a9"
H608 = "2fd7407d232b8b7fde2a8372b5e77fd65f815847b70d9cf25134b123f4a69e03"
H412 = "ffca2eff6f36447e04fe40b5e92e8c0277180e1bdcc54284ea166c70bf0b137f"
# case: (elf, [inputs], expected public_values prefix or None, check of stdout)
BINCODE_HASH = "2000000000000000"  # bincode-1: u64 length 32, then the 32 bytes
CASES = {
    "diagnostic": ("zisk/diagnostic.elf", [], None),
    "reth-np-24628607": ("reth/zec-reth-no-precompiles-0.17dev.elf",
                         ["reth/zec-reth-v0.8.0.mainnet_24628607_66_7.bin"], BINCODE_HASH + H607),
    "reth-np-24628608": ("reth/zec-reth-no-precompiles-0.17dev.elf",
                         ["reth/zec-reth-v0.8.0.mainnet_24628608_146_12.bin"], BINCODE_HASH + H608),
    "reth-24628607": ("reth/zec-reth-v0.8.0.elf",
                      ["reth/zec-reth-v0.8.0.mainnet_24628607_66_7.bin"], BINCODE_HASH + H607),
    "reth-24628608": ("reth/zec-reth-v0.8.0.elf",
                      ["reth/zec-reth-v0.8.0.mainnet_24628608_146_12.bin"], BINCODE_HASH + H608),
    "rsp-20852412": ("reth/zec-rsp-zisk0.13.elf",
                     ["reth/zec-rsp-zisk0.13.20852412_38_3_rsp.bin"], H412),
}


def main():
    rivet, vendor, case = sys.argv[1:4]
    aot = "--aot" in sys.argv[4:]
    tdir = sys.argv[sys.argv.index("--trace") + 1] if "--trace" in sys.argv else None
    elf, inputs, want = CASES[case]
    files = [os.path.join(vendor, f) for f in [elf] + inputs]
    if not all(os.path.exists(f) for f in files):
        print(f"{case}: vendor files absent: suite skipped, not passed")
        return 77
    cmd = [rivet, "exec", "--profile", "zisk", "--json"] + (["--aot"] if aot else [])
    for f in files[1:]:
        cmd += ["--input", f]
    cmd.append(files[0])
    why = None
    if tdir:
        os.makedirs(tdir, exist_ok=True)
        ti, ta = (os.path.join(tdir, f"{case}.{e}.trace") for e in ("interp", "aot"))
        base = [c for c in cmd if c != "--aot"]
        pi = subprocess.run(base[:4] + ["--trace", ti] + base[4:], capture_output=True, text=True)
        cmd = base[:4] + ["--aot", "--trace", ta] + base[4:]
        if pi.returncode != 0:
            why = f"interpreter run with --trace failed: {pi.stderr.strip()[-200:]}"
    p = subprocess.run(cmd, capture_output=True, text=True)
    if tdir and not why:
        if not filecmp.cmp(ti, ta, shallow=False):
            why = "the interpreter's and the translation's traces differ"
        else:
            rp = subprocess.run([rivet, "replay"] + sum((["--input", f] for f in files[1:]), []) +
                                [ti, files[0]], capture_output=True, text=True)
            if rp.returncode != 0:
                why = f"replay: {(rp.stdout + rp.stderr).strip()[-200:]}"
            else:
                print(rp.stdout.strip() or rp.stderr.strip())
        for t in (ti, ta):
            if os.path.exists(t):
                os.remove(t)
    try:
        o = json.loads(p.stdout)
    except ValueError:
        o, why = {}, f"no JSON (exit {p.returncode}): {p.stderr.strip()[-300:]}"
    if not why and (o.get("stop") != "exit" or o.get("exit_code") != 0):
        why = f"stopped with {o.get('stop')} {o.get('cause', '')} at pc {o.get('pc')}"
    if not why and want is None:
        out = o.get("stdout", "")
        if "diagnostic_riscv_ima() success" not in out or not out.endswith("Success\n"):
            why = f"UART output {out[-120:]!r}"
    if not why and want is not None and not o.get("public_values", "").startswith(want):
        why = f"public values {o.get('public_values', '')[:96]}, want {want}"
    name = case + (" (aot)" if aot else "") + (" (traces)" if tdir else "")
    if why:
        print(f"FAIL {name}: {why}")
        print("0 passed, 1 failed")
        return 1
    print(f"{name}: {o['instret']} instructions, calls {o.get('accel_calls')}")
    print("1 passed, 0 failed")
    return 0


sys.exit(main())
