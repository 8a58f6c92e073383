#!/usr/bin/env python3
"""The universal-translator measurements (docs/universal-translator.md): the four kernels built
per target zkVM profile (RV_ZKVM_PROFILE_LIST, include/rivet/rv_zkvm.h) — ISA and memory map of that zkVM — then, per
profile and kernel: interpreter vs translated run (output, exit, steps, trace bytes), the static
and dynamic fraction of instructions with an x86 template, trace bytes per step (minimal, and
with the profile's extras: SP1's previous-access clocks measured in the file the sp1 profile
writes, RISC Zero's page images modeled from the replay's page counts), speed of the translated run with
the trace and of the replay, and the profile's cost model.

With --accel, instead: tests/rv/guest_profile_accel.c built per profile, reaching keccak-f and
SHA-256 through that zkVM's accelerator ABI (docs/zkvm-abi.md, "Profiles"): vendor calls per
run, steps, trace bytes per step, interpreter vs translation mismatches, replay.

With --json, one JSON list of rows (the same figures, unrounded) instead of the markdown table
(scripts/reports.py reads it: docs/reports/zisk-generality.md).

usage: profiles.py BUILD_DIR [--tmp DIR] [--only PROFILE] [--accel] [--json]"""
import json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILES = {  # name: (clang target, -march, -mabi, linker script)
    "rivet": ("riscv64-unknown-elf", "rv64im", "lp64", None),
    "zisk": ("riscv64-unknown-elf", "rv64ima", "lp64", None),
    "sp1": ("riscv64-unknown-elf", "rv64im", "lp64", os.path.join(HERE, "profiles/low.ld")),
    "risc0": ("riscv32-unknown-elf", "rv32im", "ilp32", os.path.join(HERE, "profiles/low.ld")),
}
def pname(prof):
    """The --profile name: rivet's map with that vendor's calls (RV_ZKVM_PROFILE_LIST)."""
    return prof if prof == "rivet" else prof + "-like"


COST = {"rivet": 1, "zisk": 1, "sp1": 8, "risc0": 1}
JSON = "--json" in sys.argv

def sh(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def accel(build, tmp):
    rivet = os.path.join(build, "rivet")
    kdir = os.environ.get("RIVET_GUESTS", os.path.join(HERE, "../../../shared/guests")) + "/kernels"
    src = os.path.join(HERE, "../../tests/rv/guest_profile_accel.c")
    out = tempfile.mkdtemp(dir=tmp)
    rows = []
    if not JSON:
        print("| profile | vendor calls per run | steps | chunks (2^18) | trace B/step | AOT+trace G steps/s | replay | mismatches |")
        print("|---|---|---:|---:|---:|---:|---|---:|")
    for prof, (target, march, mabi, ld) in PROFILES.items():
        elf = os.path.join(out, "accel.%s.elf" % prof)
        rc, _, err = sh(["clang-14", "--target=" + target, "-march=" + march, "-mabi=" + mabi,
                         "-mcmodel=medany", "-mno-relax", "-ffreestanding", "-nostdlib",
                         "-fuse-ld=lld", "-T", ld or os.path.join(kdir, "zkvm.ld"), "-O2",
                         "-DPROFILE_" + prof.upper(), "-o", elf, src])
        if rc:
            print("build failed", prof, err, file=sys.stderr)
            continue
        ti, ta = os.path.join(out, "i.tr"), os.path.join(out, "a.tr")
        _, o1, _ = sh([rivet, "exec", "--profile", pname(prof), "--json", "--trace", ti, elf])
        _, o2, _ = sh([rivet, "exec", "--profile", pname(prof), "--json", "--aot", "--trace", ta, elf])
        _, o3, _ = sh([rivet, "aot", "--profile", pname(prof), "--json", "--trace", "/dev/null", elf])
        _, o4, _ = sh([rivet, "exec", "--profile", pname(prof), "--json", "--stats", elf])
        i, a, j = json.loads(o1), json.loads(o2), json.loads(o3)
        mism = sum(i.get(f) != a.get(f) for f in ("stop", "exit_code", "instret", "output", "vcalls"))
        mism += sh(["cmp", "-s", ti, ta])[0] != 0
        rc, _, er = sh([rivet, "replay", "--threads", "2", ta, elf])
        m = re.search(r"ok: (\d+) chunks", er)
        mism += rc != 0
        calls = i.get("vcalls") or json.loads(o4)["stats"]["ecalls"]
        steps = i["instret"]
        mx = re.search(r"prev-clk extras ok: (\d+)", er)  # sp1: the file carries them
        extra = 8 * (int(mx.group(1)) + int(m.group(1))) if mx and m else 0
        rows.append({"profile": prof, "calls": calls, "steps": steps,
                     "chunks": int(m.group(1)) if m else None,
                     "trace_bytes": os.path.getsize(ta) - extra, "extra_bytes": extra,
                     "aot_trace_steps_per_s": steps / j["t_run"], "replay_ok": rc == 0,
                     "mismatches": mism})
        if not JSON:
            print("| %s | %s | %d | %s | %.2f | %.2f | %s | %d |" % (
                prof, ", ".join("%s %d" % (k, v) for k, v in calls.items()),
                steps, m.group(1) if m else "?", os.path.getsize(ta) / steps,
                steps / j["t_run"] / 1e9, "ok" if rc == 0 else "REJECTED", mism))
        for f in (ti, ta, elf):
            os.unlink(f)
    os.rmdir(out)
    if JSON:
        print(json.dumps(rows, indent=1))


def main():
    build = sys.argv[1]
    tmp = sys.argv[sys.argv.index("--tmp") + 1] if "--tmp" in sys.argv else "/dev/shm"
    if "--accel" in sys.argv:
        return accel(build, tmp)
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    rivet = os.path.join(build, "rivet")
    kdir = os.environ.get("RIVET_GUESTS", os.path.join(HERE, "../../../shared/guests")) + "/kernels"
    out = tempfile.mkdtemp(dir=tmp)
    elfdir = tempfile.mkdtemp(dir="/tmp")
    rows = []
    if not JSON:
        print("| profile | kernel | steps | static templated | dynamic templated | min. trace B/step | with profile extras B/step | AOT+trace G steps/s | replay G steps/s | cost model | mismatches |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for prof, (target, march, mabi, ld) in PROFILES.items():
        if only and prof != only:
            continue
        for k in ["sha256", "sieve", "bigmul", "keccak"]:
            elf = os.path.join(elfdir, "%s.%s.elf" % (k, prof))
            rc, _, err = sh(["clang-14", "--target=" + target, "-march=" + march, "-mabi=" + mabi,
                             "-mcmodel=medany", "-ffreestanding", "-nostdlib", "-fuse-ld=lld",
                             "-T", ld or os.path.join(kdir, "zkvm.ld"), "-DFREESTANDING", "-O2",
                             "-o", elf, os.path.join(kdir, "bench_%s.c" % k)])
            if rc:
                print("build failed", prof, k, err, file=sys.stderr)
                continue
            ti, ta = os.path.join(out, "i.tr"), os.path.join(out, "a.tr")
            _, o1, _ = sh([rivet, "exec", "--profile", pname(prof), "--json", "--trace", ti, elf])
            _, o2, _ = sh([rivet, "exec", "--profile", pname(prof), "--json", "--aot", "--trace", ta, elf])
            # speed: the trace produced in memory (sink /dev/null), as in bench/trace/run.py
            _, o3, e3 = sh([rivet, "aot", "--profile", pname(prof), "--json", "--trace", "/dev/null", elf])
            i, a, j = json.loads(o1), json.loads(o2), json.loads(o3)
            plain = json.loads(sh([rivet, "aot", "--profile", prof, "--json", elf])[1]) if JSON else j
            mism = sum(i.get(f) != a.get(f) for f in ("stop", "exit_code", "instret", "output"))
            mism += sh(["cmp", "-s", ti, ta])[0] != 0
            mism += j["steps"] != i["instret"]
            rc, st, er = sh([rivet, "replay", "--stats", "--no-memory-check", "--threads", "2", ta, elf])
            m = re.search(r"\(([\d.]+) M steps/s", er)
            tot = [l for l in st.splitlines() if l.startswith("total")]
            f = [int(x) for x in tot[0].split()[2:]] if tot else [0] * 12
            steps, load, store, pages = i["instret"], f[5], f[6], f[11]
            mism += rc != 0
            tb = os.path.getsize(ta)
            extra = 0
            mx = re.search(r"prev-clk extras ok: (\d+)", er)
            mc = re.search(r"replay ok: (\d+) chunks", er)
            if prof == "sp1" and mx and mc:
                # measured: the file carries them (count + words per chunk); the minimal part
                # is the rest
                extra = 8 * (int(mx.group(1)) + int(mc.group(1)))
                tb -= extra
            if prof == "risc0":
                extra = 1024 * pages  # page images of the pages each segment touches
            cost = "%d steps" % steps if COST[prof] == 1 else "%d clk" % (COST[prof] * steps)
            if prof == "risc0":
                cost = "%d rows + %d page-ins" % (steps, pages)
            rows.append({"profile": prof, "kernel": k, "steps": steps,
                         "insns": j["insns"], "translated": j["translated"],
                         "stepped": j["stepped"], "trace_bytes": tb, "extra_bytes": extra,
                         "aot_trace_steps_per_s": steps / j["t_run"],
                         "aot_steps_per_s": steps / plain["t_run"],
                         "replay_steps_per_s": float(m.group(1)) * 1e6 if m else 0,
                         "cost": cost, "loads": load, "stores": store, "pages": pages,
                         "mismatches": mism})
            if not JSON:
                print("| %s | %s | %d | %.1f%% | %.4f%% | %.2f | %.2f | %.2f | %.2f | %s | %d |" % (
                    prof, k, steps, 100.0 * j["translated"] / j["insns"],
                    100.0 * (1 - j["stepped"] / steps), tb / steps, (tb + extra) / steps,
                    steps / j["t_run"] / 1e9, float(m.group(1)) / 1e3 if m else 0, cost, mism))
            sys.stdout.flush()
            for t in (ti, ta):
                os.unlink(t)
            os.unlink(elf)
    os.rmdir(out)
    os.rmdir(elfdir)
    if JSON:
        print(json.dumps(rows, indent=1))

if __name__ == "__main__":
    main()
