#!/usr/bin/env python3
"""The target zkVMs' accelerator ABIs (docs/zkvm-abi.md, "Profiles") on the guest
tests/rv/guest_profile_accel.c built once per profile: under its own profile each build prints
the SHA3-256 and SHA-256 digests Python's hashlib computes (the expected values come from
hashlib, never from rivet) and makes vendor calls; under another profile of the same XLEN (and,
for RISC Zero's RV32 build, under rivet's default ABI) the first accelerator call is rejected
with a trap (illegal instruction for a CSR port, environment call for an ecall).

usage: profile_accel.py RIVET DIR   (DIR/profile_accel.PROFILE.elf; exit 77 when none is built)"""
import hashlib, json, os, subprocess, sys

PROFILES = {"rivet": 64, "zisk": 64, "sp1": 64, "risc0": 32}
ROUNDS = 400  # guest_profile_accel.c


def expected():
    lines = ["sha3_256()=" + hashlib.sha3_256(b"").hexdigest(),
             "sha3_256(abc)=" + hashlib.sha3_256(b"abc").hexdigest(),
             "sha256()=" + hashlib.sha256(b"").hexdigest(),
             "sha256(abc)=" + hashlib.sha256(b"abc").hexdigest()]
    acc = bytes(32)
    for r in range(ROUNDS):
        n = (37 * r) % 311
        msg = bytes((acc[j % 32] ^ (13 * j + r)) & 0xff for j in range(n))
        d3, d2 = hashlib.sha3_256(msg).digest(), hashlib.sha256(msg).digest()
        acc = bytes(a ^ b for a, b in zip(d3, d2))
    lines.append("chain=" + acc.hex())
    return "\n".join(lines) + "\n"


def run(rivet, elf, profile):
    if profile and profile != "rivet":
        profile += "-like"  # rivet's map with that vendor's calls (RV_ZKVM_PROFILE_LIST)
    cmd = [rivet, "exec", "--json"] + (["--profile", profile] if profile else []) + [elf]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return json.loads(p.stdout) if p.stdout.strip() else {"stop": "error: " + p.stderr.strip()}


def main():
    rivet, d = sys.argv[1], sys.argv[2]
    elfs = {p: os.path.join(d, "profile_accel.%s.elf" % p) for p in PROFILES}
    elfs = {p: e for p, e in elfs.items() if os.path.exists(e)}
    if not elfs:
        print("no profile_accel guests built: skipped")
        return 77
    want, fails = expected(), 0
    for prof, elf in elfs.items():
        r = run(rivet, elf, prof)
        calls = sum(r.get("vcalls", {}).values())
        ok = r.get("stop") == "exit" and r.get("exit_code") == 0 and r.get("output") == want
        ok = ok and (prof == "rivet" or calls > 0)
        fails += not ok
        print("%-6s under %-6s steps %-8s vendor calls %-5d %s" % (
            prof, prof, r.get("instret"), calls, "digests = hashlib" if ok else "FAILED: %r" % r))
        others = [q for q in PROFILES if q != prof and PROFILES[q] == PROFILES[prof]]
        if PROFILES[prof] == 32:
            others.append(None)  # rivet's ABI without --profile
        for other in others:
            r = run(rivet, elf, other)
            ok = r.get("stop") == "trap" and r.get("cause") in (
                "illegal instruction", "environment call (no handler)")
            fails += not ok
            print("%-6s under %-6s %s" % (prof, other or "(none)", "rejected: %s at pc 0x%x" % (
                r.get("cause"), r.get("pc", 0)) if ok else "NOT REJECTED: %r" % r))
    print("%d failures" % fails)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
