#!/usr/bin/env python3
"""bench/trace: the four kernels (zkVM profile, rv64im), in one run:
AOT translation with the minimal trace (produced in memory, sink /dev/null; and written to a
file), plain AOT translation, the interpreter with the trace, the interpreter alone, native
x86-64 of the same C; trace bytes per step, replay speed, translation times (each kernel and
the largest guest ELF).

usage: run.py BUILD_DIR [--reps N] [--tmp DIR]     (BUILD_DIR holds rivet and guests/)
Speeds are guest steps (RISC-V instructions) per second of the run itself; AOT runs exclude the
translation (reported separately); best of N repetitions."""
import json, os, re, subprocess, sys, time

def wall(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - t, p

def best(fn, reps):
    return min(fn() for _ in range(reps))

def main():
    build = sys.argv[1]
    reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 3
    tmp = sys.argv[sys.argv.index("--tmp") + 1] if "--tmp" in sys.argv else "/dev/shm"
    rivet, g = os.path.join(build, "rivet"), os.path.join(build, "guests")
    rows = []
    for k in ["sha256", "sieve", "bigmul", "keccak"]:
        elf = os.path.join(g, k + ".zkvm.rv64.elf")
        def aot(*extra):
            p = subprocess.run([rivet, "aot", "--json", *extra, elf], capture_output=True, text=True)
            return json.loads(p.stdout)
        plain = aot()
        steps = plain["steps"]
        r = {"kernel": k, "steps": steps,
             "translate": plain["t_translate"] + plain["t_assemble"] + plain["t_load"]}
        r["aot"] = best(lambda: aot()["t_run"], reps)
        r["aot_trace"] = best(lambda: aot("--trace", "/dev/null")["t_run"], reps)
        tf = os.path.join(tmp, "bench-%s.tr" % k)
        t_file = []
        def to_file():
            j = aot("--trace", tf)
            t_file.append(j)
            return j["t_run"]
        r["aot_trace_file"] = best(to_file, reps)
        r["bytes_per_step"] = t_file[-1]["trace_bytes"] / steps
        t, p = wall([rivet, "replay", "--threads", "2", tf, elf])
        m = re.search(r"\(([\d.]+) M steps/s", p.stderr)
        r["replay"] = float(m.group(1)) * 1e6 if m and p.returncode == 0 else 0
        os.unlink(tf)
        r["interp_trace"] = best(lambda: wall([rivet, "exec", "--trace", "/dev/null", elf])[0], 1)
        r["interp"] = best(lambda: wall([rivet, "exec", elf])[0], 1)
        r["native"] = best(lambda: wall([os.path.join(g, k + ".native")])[0], reps)
        rows.append(r)
        print(k, "done", file=sys.stderr)
    G = lambda s, t: "%.2f" % (s / t / 1e9)
    print("| kernel | steps | AOT + trace (memory) | AOT + trace (file) | AOT plain | interp + trace | interp | native (same C) | trace B/step | replay, 2 threads | translate+as+ld |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        s = r["steps"]
        print("| %s | %d | %s | %s | %s | %s | %s | %.3f s (%s) | %.2f | %.3f | %.3f s |" % (
            r["kernel"], s, G(s, r["aot_trace"]), G(s, r["aot_trace_file"]), G(s, r["aot"]),
            G(s, r["interp_trace"]), G(s, r["interp"]), r["native"], G(s, r["native"]),
            r["bytes_per_step"], r["replay"] / 1e9, r["translate"]))
    avg = lambda key: sum(r["steps"] / r[key] for r in rows) / len(rows) / 1e9
    print("\naverage G steps/s: AOT + trace (memory) %.2f, AOT + trace (file) %.2f, AOT plain %.2f, "
          "interpreter + trace %.3f, interpreter %.3f" % (avg("aot_trace"), avg("aot_trace_file"),
                                                       avg("aot"), avg("interp_trace"), avg("interp")))
    elfs = sorted((os.path.getsize(os.path.join(g, f)), f) for f in os.listdir(g) if f.endswith(".elf"))
    size, big = elfs[-1]
    p = subprocess.run([rivet, "aot", "--no-run", "--json", os.path.join(g, big)],
                       capture_output=True, text=True)
    j = json.loads(p.stdout)
    print("largest guest %s (%d bytes, %d instructions, %.1f%% with a template): translate %.3f s, "
          "as+ld %.3f s, load %.3f s, %.1f MB of assembly" % (
              big, size, j["insns"], 100.0 * j["translated"] / j["insns"], j["t_translate"],
              j["t_assemble"], j["t_load"], j["asm_bytes"] / 1e6))

if __name__ == "__main__":
    main()
