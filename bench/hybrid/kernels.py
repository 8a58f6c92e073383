#!/usr/bin/env python3
"""bench/hybrid/kernels.py RIVET [--json] [--callgrind]: compute kernels as RISC-V contracts (C in
bench/hybrid/kernels, built with the SDK) against EVM twins of the same logic, on the same
inputs. Checks the outputs are equal, then prints gas, wall time per call (`rivet evm
--repeat --time`, both measured in this run), with --callgrind the x86 instructions of each
(net of a run with n = 0; deterministic), and code size, with the ratios."""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "hybrid"))
from make import build, evm, word  # noqa: E402

KERNELS = [
    # name, EVM twin, input, repeats
    ("fib", evm("0 CALLDATALOAD 0 1 :loop DUP3 ISZERO @end JUMPI DUP1 DUP3 ADD SWAP2 POP SWAP1 "
                "SWAP2 1 SWAP1 SUB SWAP2 @loop JUMP :end POP 0 MSTORE 32 0 RETURN"),
     "0x" + word(5000), 200),
    ("factorial", evm("0 CALLDATALOAD 1 :loop DUP2 ISZERO @end JUMPI DUP2 MUL SWAP1 1 SWAP1 SUB "
                      "SWAP1 @loop JUMP :end 0 MSTORE 32 0 RETURN"),
     "0x" + word(5000), 200),
    ("hashes", evm("32 CALLDATALOAD 0 MSTORE 0 CALLDATALOAD :loop DUP1 ISZERO @end JUMPI "
                   "32 0 KECCAK256 0 MSTORE 1 SWAP1 SUB @loop JUMP :end 32 0 RETURN"),
     "0x" + word(5000) + word(0x1234), 200),
]


def run(rivet, code, inp, reps, hybrid):
    args = [rivet, "evm", "--code", code, "--input", inp, "--repeat", str(reps), "--time",
            "--json", "--gas", "100000000"] + (["--hybrid"] if hybrid else [])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def callgrind(rivet, code, inp, hybrid):
    """x86 instructions of one `rivet evm` run (valgrind --tool=callgrind), deterministic."""
    out = tempfile.mktemp()
    args = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, rivet, "evm",
            "--code", code, "--input", inp, "--gas", "100000000"] + (["--hybrid"] if hybrid else [])
    err = subprocess.run(args, capture_output=True, text=True).stderr
    os.unlink(out)
    return int([l for l in err.splitlines() if "refs:" in l][0].split()[-1].replace(",", ""))


def main():
    rivet = sys.argv[1]
    tmp = tempfile.mkdtemp()
    rows = []
    for name, twin, inp, reps in KERNELS:
        rv = build(rivet, name, tmp, os.path.join(HERE, "kernels"))
        e, r = run(rivet, twin, inp, reps, False), run(rivet, rv, inp, reps, True)
        if e["output"] != r["output"] or e["status"] != "success" or r["status"] != "success":
            print("%s: outputs differ: EVM %s, RISC-V %s" % (name, e, r))
            return 1
        row = {}
        if "--callgrind" in sys.argv:  # net of a run with n = 0 (process and state set-up)
            zero = "0x" + word(0) + inp[66:]
            row["x86_evm"] = callgrind(rivet, twin, inp, False) - callgrind(rivet, twin, zero, False)
            row["x86_riscv"] = callgrind(rivet, rv, inp, True) - callgrind(rivet, rv, zero, True)
        rows.append({**row, "kernel": name, "input": inp[:18] + "..", "output_equal": True,
                     "gas_evm": e["gas_used"], "gas_riscv": r["gas_used"],
                     "gas_ratio": e["gas_used"] / r["gas_used"],
                     "us_evm": e["time_us"], "us_riscv": r["time_us"],
                     "speedup": e["time_us"] / r["time_us"],
                     "bytes_evm": len(twin) // 2 - 1, "bytes_riscv": len(rv) // 2 - 1})
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
        return 0
    cg = "--callgrind" in sys.argv
    print("| kernel | gas EVM | gas RISC-V | gas ratio | µs EVM | µs RISC-V | speed-up | "
          + ("x86 instr. EVM | x86 instr. RISC-V | ratio | " if cg else "")
          + "code EVM / RISC-V (bytes) |\n|---|---:|---:|---:|---:|---:|---:|"
          + ("---:|---:|---:|" if cg else "") + "---:|")
    for x in rows:
        extra = ("%.2f M | %.2f M | %.2f× | " % (x["x86_evm"] / 1e6, x["x86_riscv"] / 1e6,
                                                 x["x86_evm"] / x["x86_riscv"]) if cg else "")
        print("| %s | %d | %d | %.1f× | %.1f | %.1f | %.1f× | %s%d / %d |" % (
            x["kernel"], x["gas_evm"], x["gas_riscv"], x["gas_ratio"], x["us_evm"],
            x["us_riscv"], x["speedup"], extra, x["bytes_evm"], x["bytes_riscv"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
