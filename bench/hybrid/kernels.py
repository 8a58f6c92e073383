#!/usr/bin/env python3
"""bench/hybrid/kernels.py RIVET [--json] [--callgrind] [--runs N]

EVM against RISC-V on the hybrid prototype's workloads (hybrid.md §3), done with identical
semantics on both sides: Solidity (bench/hybrid/Kernels.sol, OpenZeppelin's ERC20) compiled by
npm solc, and C (bench/hybrid/kernels/kernels.c, examples/contracts/erc20.c) built by
`rivet build`, called with the same selectors and inputs through `rivet evm` (RISC-V with
--hybrid). For each: the outputs must be equal; then gas, wall time per call (both in this
run), with --callgrind the x86 instructions of a call (net of the same call with n = 0;
deterministic), and code size."""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "hybrid"))
from make import solidity, word  # noqa: E402

HOLDER = "00" * 19 + "bb"
WORKLOADS = [  # name, contract, signature, args (n first), calls per timing
    ("Fibonacci(1000)", "kernels", "fibonacci(uint256)", [1000], 50),
    ("Factorial(1000)", "kernels", "factorial(uint256)", [1000], 50),
    ("ManyHashes(1000)", "kernels", "manyHashes(uint256,bytes32)", [1000, 0x1234], 50),
    ("BubbleSort(100)", "kernels", "bubbleSort(uint256)", [100], 20),
    ("Fibonacci recursive(12), external calls", "kernels", "fibRecursive(uint256)", [12], 20),
    ("ERC20 mint (cold)", "erc20", "mint(address,uint256)", [int(HOLDER, 16), 1000], 200),
]


def rivet_evm(rivet, code, inp, reps, hybrid):
    args = [rivet, "evm", "--code", code, "--input", inp, "--repeat", str(reps), "--time",
            "--json", "--gas", "1000000000"] + (["--hybrid"] if hybrid else [])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def callgrind(rivet, code, inp, hybrid):
    out = tempfile.mktemp()
    args = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, rivet, "evm",
            "--code", code, "--input", inp, "--gas", "1000000000"] + (["--hybrid"] if hybrid else [])
    err = subprocess.run(args, capture_output=True, text=True).stderr
    if os.path.exists(out): os.unlink(out)
    return int([l for l in err.splitlines() if "refs:" in l][0].split()[-1].replace(",", ""))


def main():
    rivet = sys.argv[1]
    tmp = tempfile.mkdtemp()
    sol = solidity(os.path.join(HERE, "Kernels.sol"), [])
    tok = solidity(os.path.join(ROOT, "tests", "hybrid", "sol", "RivetToken.sol"), [])
    evm_code = {"kernels": sol["Kernels"], "erc20": tok["RivetToken"]}
    rv_code = {}
    for name, src in (("kernels", os.path.join(HERE, "kernels", "kernels.c")),
                      ("erc20", os.path.join(ROOT, "examples", "contracts", "erc20.c"))):
        out = json.loads(subprocess.run([rivet, "build", "-o", tmp, src], capture_output=True,
                                        text=True, check=True).stdout)
        rv_code[name] = open(out["container"]).read().strip()
    rows = []
    for label, contract, sig, args, reps in WORKLOADS:
        e_code, r_code = evm_code[contract]["runtime"], rv_code[contract]
        inp = "0x" + evm_code[contract]["methods"][sig] + "".join(word(a) for a in args)
        e, r = rivet_evm(rivet, e_code, inp, reps, False), rivet_evm(rivet, r_code, inp, reps, True)
        if e["output"] != r["output"] or e["status"] != r["status"] or e["status"] != "success":
            print("%s: results differ: EVM %s, RISC-V %s" % (label, e, r))
            return 1
        row = {"workload": label, "output": e["output"][:18] + "..", "gas_evm": e["gas_used"],
               "gas_riscv": r["gas_used"], "us_evm": e["time_us"], "us_riscv": r["time_us"],
               "bytes_evm": len(e_code) // 2 - 1, "bytes_riscv": len(r_code) // 2 - 1}
        if "--callgrind" in sys.argv:
            zero = "0x" + evm_code[contract]["methods"][sig] + "".join(word(0 if i == 0 and
                                                                          contract == "kernels"
                                                                          else a) for i, a in
                                                                 enumerate(args))
            row["x86_evm"] = callgrind(rivet, e_code, inp, False) - callgrind(rivet, e_code, zero, False)
            row["x86_riscv"] = callgrind(rivet, r_code, inp, True) - callgrind(rivet, r_code, zero, True)
        rows.append(row)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
        return 0
    cg = "--callgrind" in sys.argv
    print("| workload | gas EVM | gas RISC-V | gas EVM/RV | µs EVM | µs RISC-V | time EVM/RV | "
          + ("x86 instr. EVM | x86 instr. RV | EVM/RV | " if cg else "")
          + "code bytes EVM / RV |\n|---|---:|---:|---:|---:|---:|---:|"
          + ("---:|---:|---:|" if cg else "") + "---:|")
    for x in rows:
        extra = ("%.2f M | %.2f M | %.2f× | " % (x["x86_evm"] / 1e6, x["x86_riscv"] / 1e6,
                                                 x["x86_evm"] / max(1, x["x86_riscv"]))
                 if cg else "")
        print("| %s | %d | %d | %.2f× | %.1f | %.1f | %.2f× | %s%d / %d |" % (
            x["workload"], x["gas_evm"], x["gas_riscv"], x["gas_evm"] / x["gas_riscv"],
            x["us_evm"], x["us_riscv"], x["us_evm"] / x["us_riscv"], extra, x["bytes_evm"],
            x["bytes_riscv"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
