#!/usr/bin/env python3
"""bench/hybrid/kernels.py RIVET [--json] [--callgrind]

EVM against RISC-V on the hybrid prototype's workloads (hybrid.md §3), done with identical
semantics on both sides: Solidity (bench/hybrid/Kernels.sol, OpenZeppelin's ERC20) compiled by
npm solc, and C (bench/hybrid/kernels/kernels.c, examples/contracts/erc20.c) built by
`rivet build`, called with the same selectors and inputs through `rivet evm` (RISC-V with
--hybrid). For each: the outputs must be equal; then gas, wall time per call (both in this
run), with --callgrind the x86 instructions of a call (net of the same call with n = 0;
deterministic), and code size. The ERC20 transfer, approve and transferFrom rows need a
pre-state (balances, an allowance): they run in bench_hybrid_calls (bench/hybrid/calls.c), which
puts the state back after every call, so every call is as cold as the first."""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "hybrid"))
import make  # noqa: E402
from make import solidity, word  # noqa: E402

HOLDER = "00" * 19 + "bb"
WORKLOADS = [  # name, contract, signature, args (n first), calls per timing
    ("Fibonacci(1000)", "kernels", "fibonacci(uint256)", [1000], 50),
    ("Factorial(1000)", "kernels", "factorial(uint256)", [1000], 50),
    ("Factorial(1000), RISC-V on the MUL ecall", "kernels", "factorialAcc(uint256)", [1000], 50),
    ("ManyHashes(1000)", "kernels", "manyHashes(uint256,bytes32)", [1000, 0x1234], 50),
    ("BubbleSort(100)", "kernels", "bubbleSort(uint256)", [100], 20),
    ("Fibonacci recursive(12), external calls", "kernels", "fibRecursive(uint256)", [12], 20),
    ("ERC20 mint (cold)", "erc20", "mint(address,uint256)", [int(HOLDER, 16), 1000], 200),
]


def rivet_evm(rivet, code, inp, reps, hybrid):
    args = [rivet, "evm", "--code", code, "--input", inp, "--repeat", str(reps), "--time",
            "--json", "--gas", "1000000000"] + (["--hybrid"] if hybrid else [])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def callgrind(rivet, code, inp, hybrid, repeat=1):
    out = tempfile.mktemp()
    args = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, rivet, "evm",
            "--code", code, "--input", inp, "--gas", "1000000000", "--repeat", str(repeat)] + \
        (["--hybrid"] if hybrid else [])
    err = subprocess.run(args, capture_output=True, text=True).stderr
    if os.path.exists(out): os.unlink(out)
    return int([l for l in err.splitlines() if "refs:" in l][0].split()[-1].replace(",", ""))


CALLER = "0x10" + "00" * 19  # the sender of rivet evm and bench_hybrid_calls
ERC20_TXS = [  # label, signature, args: the sender holds 1000, HOLDER_A allows it 300
    ("ERC20 transfer (balance set)", "transfer(address,uint256)", [make.HOLDER_B, 100]),
    ("ERC20 approve", "approve(address,uint256)", [make.HOLDER_C, 77]),
    ("ERC20 transferFrom (allowance set)", "transferFrom(address,address,uint256)",
     [make.HOLDER_A, make.HOLDER_B, 200]),
]


def calls_bench(rivet, code, inp, slots, hybrid, n=2000, runs=7):
    """bench_hybrid_calls (bench/hybrid/calls.c): one call on a pre-state, in-process."""
    exe = os.path.join(os.path.dirname(rivet), "bench_hybrid_calls")
    args = [exe, "--code", code, "--input", inp, "--calls", str(n), "--runs", str(runs)] + \
        sum((["--slot", "%s=%s" % kv] for kv in slots.items()), []) + (["--hybrid"] if hybrid else [])
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout), args


def calls_callgrind(args):
    """x86 instructions of one call: (11 calls - 1 call) / 10."""
    def count(n):
        a = list(args)
        a[a.index("--calls") + 1], a[a.index("--runs") + 1] = str(n), "1"
        out = tempfile.mktemp()
        err = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + a,
                             capture_output=True, text=True).stderr
        if os.path.exists(out): os.unlink(out)
        return int([l for l in err.splitlines() if "refs:" in l][0].split()[-1].replace(",", ""))
    return (count(11) - count(1)) // 10


def erc20_rows(rivet, tok, rv_code, cg):
    keys = [["0x00", CALLER], ["0x00", make.HOLDER_A], ["0x01", make.HOLDER_A, CALLER]]
    sl = solidity(os.path.join(ROOT, "tests", "hybrid", "sol", "RivetToken.sol"), keys)["slots"]
    slots = {sl[0]: "0x03e8", sl[1]: "0x01f4", sl[2]: "0x012c", "0x02": "0x05dc"}
    rows = []
    for label, sig, args in ERC20_TXS:
        inp = "0x" + tok["methods"][sig] + "".join(word(int(a, 16) if isinstance(a, str) else a)
                                                  for a in args)
        e, ea = calls_bench(rivet, tok["runtime"], inp, slots, False)
        r, ra = calls_bench(rivet, rv_code, inp, slots, True)
        if e["output"] != r["output"] or e["status"] != r["status"] or e["status"] != "success":
            raise SystemExit("%s: results differ: EVM %s, RISC-V %s" % (label, e, r))
        row = {"workload": label, "output": e["output"][:18] + "..",
               "gas_evm": e["gas_used"], "gas_riscv": r["gas_used"], "us_evm": e["ns"] / 1e3,
               "us_riscv": r["ns"] / 1e3, "bytes_evm": len(tok["runtime"]) // 2 - 1,
               "bytes_riscv": len(rv_code) // 2 - 1, "rv_instructions": r["riscv_instructions"]}
        if cg:
            row["x86_evm"], row["x86_riscv"] = calls_callgrind(ea), calls_callgrind(ra)
        rows.append(row)
    return rows


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
               "bytes_evm": len(e_code) // 2 - 1, "bytes_riscv": len(r_code) // 2 - 1,
               "rv_instructions": r["riscv"]["instructions"]}  # of one call
        if "--callgrind" in sys.argv and contract == "kernels":  # net of the call with n = 0
            zero = "0x" + evm_code[contract]["methods"][sig] + "".join(
                word(0 if i == 0 else a) for i, a in enumerate(args))
            row["x86_evm"] = callgrind(rivet, e_code, inp, False) - callgrind(rivet, e_code, zero, False)
            row["x86_riscv"] = callgrind(rivet, r_code, inp, True) - callgrind(rivet, r_code, zero, True)
        elif "--callgrind" in sys.argv:  # one call: (11 runs - 1 run) / 10, fresh state each
            row["x86_evm"] = (callgrind(rivet, e_code, inp, False, 11) -
                              callgrind(rivet, e_code, inp, False)) // 10
            row["x86_riscv"] = (callgrind(rivet, r_code, inp, True, 11) -
                                callgrind(rivet, r_code, inp, True)) // 10
        rows.append(row)
    rows += erc20_rows(rivet, tok["RivetToken"], rv_code["erc20"], "--callgrind" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
        return 0
    cg = "--callgrind" in sys.argv
    print("| workload | gas EVM | gas RISC-V | gas EVM/RV | RV instr. | µs EVM | µs RISC-V | "
          "time EVM/RV | " + ("x86 instr. EVM | x86 instr. RV | EVM/RV | " if cg else "")
          + "code bytes EVM / RV |\n|---|---:|---:|---:|---:|---:|---:|---:|"
          + ("---:|---:|---:|" if cg else "") + "---:|")
    for x in rows:
        extra = ("%.0f k | %.0f k | %.2f× | " % (x["x86_evm"] / 1e3, x["x86_riscv"] / 1e3,
                                                 x["x86_evm"] / max(1, x["x86_riscv"]))
                 if cg else "")
        print("| %s | %d | %d | %.2f× | %d | %.1f | %.1f | %.2f× | %s%d / %d |" % (
            x["workload"], x["gas_evm"], x["gas_riscv"], x["gas_evm"] / x["gas_riscv"],
            x["rv_instructions"], x["us_evm"], x["us_riscv"], x["us_evm"] / x["us_riscv"], extra,
            x["bytes_evm"], x["bytes_riscv"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
