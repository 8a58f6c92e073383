#!/usr/bin/env python3
"""Inputs for the stateless guest (guest/stateless/main.c) and the lines it must print.

  mkinput.py FIXTURES PROFILE OUT.bin OUT.expect

PROFILE: vectors (every precompile vector of the go-ethereum fixtures whose expected output is
known, plus hashes of NIST/standard messages), or one piece of the representative run:
ecrecover (10 calls), keccak (1 MiB), trie (10k keys), pairing (one 2-pair bn254 check), or
bench (all four); witness (the EEST zkEVM StatelessInputs); p256, modexp and ripemd time the portable pieces; none is an empty job list. OUT.expect lists the lines whose value is known independently of rivet
(fixture outputs, published digests); the trie root has no such oracle and is compared between
the two guest flavours only."""
import hashlib
import json
import os
import random
import sys


def rlp(x):
    if isinstance(x, (bytes, bytearray)):
        if len(x) == 1 and x[0] < 0x80:
            return bytes(x)
        return rlp_len(len(x), 0x80) + bytes(x)
    body = b"".join(rlp(i) for i in x)
    return rlp_len(len(body), 0xC0) + body


def rlp_len(n, base):
    if n < 56:
        return bytes([base + n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([base + 55 + len(b)]) + b


FILES = {  # fixture file -> (address, precompile name as the guest prints it)
    "ecRecover.json": (0x01, "ecrecover"),
    "modexp_eip7883.json": (0x05, "modexp"),
    "bn256Add.json": (0x06, "bn254_add"),
    "bn256ScalarMul.json": (0x07, "bn254_mul"),
    "bn256Pairing.json": (0x08, "bn254_pairing"),
    "blake2F.json": (0x09, "blake2f"),
    "pointEvaluation.json": (0x0A, "point_evaluation"),
    "blsG1Add.json": (0x0B, "bls12_g1add"),
    "blsG1MultiExp.json": (0x0C, "bls12_g1msm"),
    "blsG2Add.json": (0x0D, "bls12_g2add"),
    "blsPairing.json": (0x0F, "bls12_pairing_check"),
    "blsMapG1.json": (0x10, "bls12_map_fp_to_g1"),
    "blsMapG2.json": (0x11, "bls12_map_fp2_to_g2"),
    "p256Verify.json": (0x100, "p256verify"),
}


def vectors(fixtures, name, limit=None):
    path = os.path.join(fixtures, "precompiles", "geth", name)
    with open(path) as f:
        vs = json.load(f)
    return vs[:limit] if limit else vs


def pjob(addr, inp):
    return [b"P", addr.to_bytes(2, "big").lstrip(b"\0") or b"\0", inp]


def witness_jobs(fixtures, expect):
    """W jobs: every EEST zkEVM block's statelessInputBytes; the expected new-payload root is the
    first 32 bytes of its statelessOutputBytes."""
    jobs = []
    root = os.path.join(fixtures, "stateless", "eest-zkevm-v0.3.3-amsterdam")
    for dirpath, _, names in sorted(os.walk(root)):
        for name in sorted(n for n in names if n.endswith(".json")):
            with open(os.path.join(dirpath, name)) as f:
                tests = json.load(f)
            for test in tests.values():
                for b in test.get("blocks", []):
                    if "statelessInputBytes" in b:
                        jobs.append([b"W", bytes.fromhex(b["statelessInputBytes"][2:])])
                        expect.append("W root=" + b["statelessOutputBytes"][2:66])
    return jobs


def pline(name, expected):
    return "P %s %s" % (name, expected if expected else "")


def main():
    fixtures, profile, out_bin, out_expect = sys.argv[1:5]
    rng = random.Random(1)
    jobs, expect = [], []
    if profile == "vectors":
        for fname, (addr, name) in FILES.items():
            limit = 8 if fname.startswith(("bls", "p256")) else None  # keep the run short
            for v in vectors(fixtures, fname, limit):
                jobs.append(pjob(addr, bytes.fromhex(v["Input"])))
                expect.append(pline(name, v["Expected"]))
        for msg in (b"", b"abc", bytes(range(256)) * 5):
            jobs += [[b"K", msg], [b"S", msg], [b"R", msg]]
            expect.append("K keccak256=" + keccak256_known(msg))
            expect.append("S sha256=" + hashlib.sha256(msg).hexdigest())
            expect.append("R ripemd160=" + ripemd160_known(msg))
        jobs += witness_jobs(fixtures, expect)
        for i in range(200):
            jobs.append([b"T", rng.randbytes(1 + i % 40), rng.randbytes(1 + i % 70)])
    if profile == "witness":
        jobs += witness_jobs(fixtures, expect)
    if profile in ("ecrecover", "bench"):
        valid = [v for v in vectors(fixtures, "ecRecover.json") if v["Expected"]]
        for i in range(10):
            v = valid[i % len(valid)]
            jobs.append(pjob(0x01, bytes.fromhex(v["Input"])))
            expect.append(pline("ecrecover", v["Expected"]))
    if profile in ("keccak", "bench"):
        data = rng.randbytes(1 << 20)
        jobs.append([b"K", data])
        expect.append("K keccak256=" + keccak256_known(data))
    if profile in ("trie", "bench"):
        for _ in range(10000):
            jobs.append([b"T", rng.randbytes(32), rng.randbytes(rng.randint(1, 100))])
    if profile in ("pairing", "bench"):
        v = [v for v in vectors(fixtures, "bn256Pairing.json") if len(v["Input"]) == 768][0]
        jobs.append(pjob(0x08, bytes.fromhex(v["Input"])))
        expect.append(pline("bn254_pairing", v["Expected"]))
    if profile == "p256":  # the portable pieces, per call: 8 valid P-256 signatures
        valid = [v for v in vectors(fixtures, "p256Verify.json") if v["Expected"]][:8]
        for v in valid:
            jobs.append(pjob(0x100, bytes.fromhex(v["Input"])))
            expect.append(pline("p256verify", v["Expected"]))
    if profile == "modexp":  # ... and the EIP-7883 modexp vectors
        for v in vectors(fixtures, "modexp_eip7883.json"):
            jobs.append(pjob(0x05, bytes.fromhex(v["Input"])))
            expect.append(pline("modexp", v["Expected"]))
    if profile == "ripemd":  # ... and ripemd160 of 64 KiB
        data = rng.randbytes(1 << 16)
        jobs.append([b"R", data])
        expect.append("R ripemd160=" + ripemd160_known(data))
    with open(out_bin, "wb") as f:
        f.write(rlp(jobs))
    with open(out_expect, "w") as f:
        f.write("".join(line + "\n" for line in expect))


KECCAK_PUBLISHED = {  # Ethereum's keccak-256 of well-known messages
    b"": "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    b"abc": "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
}


def keccak256_known(msg):
    """Python's hashlib has no Ethereum keccak: published values only, '?' otherwise (those
    lines are checked by comparing the two flavours: accelerator vs portable keccak-f)."""
    return KECCAK_PUBLISHED.get(msg, "?")


def ripemd160_known(msg):
    try:
        return hashlib.new("ripemd160", msg).hexdigest()
    except ValueError:
        return "?"


if __name__ == "__main__":
    main()
