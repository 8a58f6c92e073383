#!/usr/bin/env python3
"""scripts/reports.py: the tables and plots of the three reports (docs/reports/*.md).

  scripts/reports.py                      rewrite every generated table and SVG plot from the
                                          benchmarks' JSON (docs/reports/data/*.json)
  scripts/reports.py --check [--build B]  recompute the deterministic tables (instruction,
                                          syscall and vendor-call counts, sizes, gas) and fail if
                                          the committed ones differ; with --build, also re-run
                                          the cheap census programs and compare their counts
                                          with the committed JSON (ctest -L reports)
  scripts/reports.py --collect BUILD [NAME...]
                                          run the benchmarks (all, or the named data sets), write
                                          docs/reports/data/NAME.json, then regenerate

A table lives in a report between `<!-- table:NAME -->` and `<!-- /table:NAME -->`; the prose
around it is written by hand. Timing tables carry the machine and the date of their data and
are not checked. Each data file is {"meta": {command, date, machine, commit}, "data": ...}: the
command that produced it, verbatim. The per-binary zkVM table reads data/zkvm-binaries.json,
whose schema is SCHEMA below (docs/reports/zisk-generality.md, "Data")."""
import datetime
import difflib
import json
import os
import platform
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOCS = os.path.join(ROOT, "docs", "reports")
DATA = os.path.join(DOCS, "data")
sys.path.insert(0, HERE)
import reports_render as R  # noqa: E402  (the table and plot generators)
import reports_headline  # noqa: E402  (docs/headline.md)

R.TABLES = R.TABLES + reports_headline.TABLES

# name: (command with {build}, {root}, {tmp}; json comes from stdout unless the command writes
# {out}). Run from the repository root.
COLLECT = {
    "hybrid-kernels": "bench/hybrid/kernels.py {build}/rivet --json --callgrind",
    "hybrid-frame": "{build}/bench_hybrid_frame --json",
    "node": "node bench/node/bench.mjs {build}/rivet --quick --json",
    "census": "scripts/syscall_census.py {build} --out {tmp}/syscalls.md --json {out}",
    "geth-cost": "bench/geth_guest --build {build} --json",
    "trace-profiles": "bench/trace/profiles.py {build} --json",
    "trace-accel": "bench/trace/profiles.py {build} --accel --json",
    "headline": "bench/headline.py {build}",
    "vendor-binaries": "bench/vendor/run.py {build}/rivet ../shared/guests/vendor --json",
}

# data/zkvm-binaries.json: one row per guest binary and zkVM profile. Rows whose "source" is
# "bench/trace/profiles.py" are rewritten by --collect from trace-profiles and trace-accel; any
# other row (the vendors' own binaries) is kept as written by its producer.
SCHEMA = {
    "vendor": "zkVM the binary targets (zisk, sp1, risc0, openvm, airbender, rivet)",
    "binary": "guest name (a kernel, or the vendor's program)",
    "profile": "rivet profile it ran under (--profile, src/aot/profiles.def)",
    "source": "command that produced the row",
    "steps": "guest instructions retired (int)",
    "insns": "reachable instructions found by the translator's sweep (int)",
    "translated": "of those, with an x86 template (int); coverage = translated / insns",
    "stepped": "executed instructions run as interpreter steps (int)",
    "trace_bytes": "minimal trace file size (int)",
    "extra_bytes": "the vendor's extra trace records: SP1 prev-clk, RISC Zero page images (int)",
    "accel_calls": "{call name: count} of the vendor's accelerator ABI",
    "aot_steps_per_s": "translated run, no trace (float; timing)",
    "aot_trace_steps_per_s": "translated run producing the minimal trace in memory (float; timing)",
}


def machine():
    cpu = ""
    try:
        cpu = [ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo")
               if ln.startswith("model name")][0]
    except (OSError, IndexError):
        pass
    return "%s, %d CPUs, load average %.1f at start, %s" % (
        cpu or platform.machine(), os.cpu_count() or 0, os.getloadavg()[0], platform.system())


def commit():
    r = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                       text=True)
    return r.stdout.strip() or "unknown"


def load(name):
    path = os.path.join(DATA, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None


def save(name, obj):
    with open(os.path.join(DATA, name + ".json"), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def collect(build, names):
    tmp = os.path.join(build, "reports-tmp")  # relative to ROOT, as the commands run there
    os.makedirs(os.path.join(ROOT, tmp), exist_ok=True)
    for name in names or list(COLLECT):
        out = os.path.join(tmp, name + ".json")
        cmd = COLLECT[name].format(build=build, root=ROOT, tmp=tmp, out=out)
        meta = {"command": cmd, "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
                "machine": machine(), "commit": commit()}
        print("reports: %s: %s" % (name, cmd), file=sys.stderr)
        p = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True)
        if p.returncode not in (0,):
            print("reports: %s failed (%d):\n%s" % (name, p.returncode, p.stderr[-3000:]),
                  file=sys.stderr)
            continue
        if "{out}" in COLLECT[name]:
            data = json.load(open(os.path.join(ROOT, out)))
        else:  # one JSON value, or one object per line
            try:
                data = json.loads(p.stdout)
            except ValueError:
                data = [json.loads(ln) for ln in p.stdout.splitlines() if ln.strip()]
        save(name, {"meta": meta, "data": data})
    binaries()


def binaries():
    """data/zkvm-binaries.json: our own profile guests from trace-profiles and trace-accel, plus
    every row another producer wrote."""
    old = load("zkvm-binaries") or {}
    keep = [r for r in old.get("rows", []) if r.get("source") != "bench/trace/profiles.py"]
    rows = []
    tp, ta = load("trace-profiles"), load("trace-accel")
    for r in (tp or {}).get("data", []):
        rows.append({"vendor": r["profile"], "binary": "kernel " + r["kernel"],
                     "profile": r["profile"],
                     "source": "bench/trace/profiles.py", "steps": r["steps"],
                     "insns": r["insns"], "translated": r["translated"], "stepped": r["stepped"],
                     "trace_bytes": r["trace_bytes"], "extra_bytes": r["extra_bytes"],
                     "accel_calls": {}, "aot_steps_per_s": r.get("aot_steps_per_s"),
                     "aot_trace_steps_per_s": r["aot_trace_steps_per_s"]})
    for r in (ta or {}).get("data", []):
        rows.append({"vendor": r["profile"], "binary": "accel test (tests/rv/guest_profile_accel.c)",
                     "profile": r["profile"], "source": "bench/trace/profiles.py",
                     "steps": r["steps"], "insns": None, "translated": None, "stepped": None,
                     "trace_bytes": r["trace_bytes"], "extra_bytes": r.get("extra_bytes", 0),
                     "accel_calls": r["calls"], "aot_steps_per_s": None,
                     "aot_trace_steps_per_s": r["aot_trace_steps_per_s"]})
    keep = [r for r in keep if r.get("source") not in ("bench/vendor/run.py",
                                                        "bench/vendor/reth.py")]
    rows += vendor_rows()
    if rows or keep:
        save("zkvm-binaries", {"schema": SCHEMA, "rows": rows + keep})


VENDOR_OF = {"sp1": "sp1", "risc0": "risc0", "openvm": "openvm", "airbender": "airbender"}


def vendor_rows():
    """The vendors' own binaries: bench/vendor/run.py (SP1, RISC Zero, OpenVM, Airbender) and
    the ZisK reth guests of the headline data (bench/vendor/reth.py: steps and calls only)."""
    rows = []
    vb = load("vendor-binaries") or {}
    for r in vb.get("data", []):
        steps = r["steps"]
        tb = r.get("trace_bytes_per_step")
        rows.append({"vendor": VENDOR_OF.get(r["profile"], r["profile"]), "binary": r["binary"],
                     "profile": r["profile"], "source": "bench/vendor/run.py", "steps": steps,
                     "insns": None, "translated": None, "coverage": r.get("coverage"),
                     "stepped": None, "trace_bytes": round(tb * steps) if tb is not None else None,
                     "extra_bytes": None, "accel_calls": r.get("accel_calls") or {},
                     "aot_steps_per_s": r.get("aot_steps_per_s"),
                     "aot_trace_steps_per_s": r.get("trace_steps_per_s"),
                     "date": vb["meta"]["date"]})
    for r in ((load("headline") or {}).get("data") or {}).get("vendor_guests", []):
        rows.append({"vendor": "zisk", "binary": "%s on %s" % (r["binary"], r.get("input")),
                     "profile": r["profile"], "source": "bench/vendor/reth.py",
                     "steps": r["steps"], "insns": None, "translated": None, "coverage": None,
                     "stepped": None, "trace_bytes": None, "extra_bytes": None,
                     "accel_calls": r.get("accel_calls") or {}, "aot_steps_per_s": None,
                     "aot_trace_steps_per_s": None})
    return rows


def blocks(text):
    """{name: (start, end)} of the generated blocks of a report (the text between markers)."""
    out = {}
    for m in re.finditer(r"<!-- table:([\w-]+) -->\n(.*?)<!-- /table:\1 -->", text, re.S):
        out[m.group(1)] = (m.start(2), m.end(2))
    return out


def render_all(data, only_det):
    """{report: {table: text}} for every table whose data is present."""
    res = {}
    for report, table, det, fn in R.TABLES:
        if only_det and not det:
            continue
        txt = fn(data)
        if txt is not None:
            res.setdefault(report, {})[table] = txt.rstrip("\n") + "\n"
    return res


def all_data():
    return {n[:-5]: json.load(open(os.path.join(DATA, n))) for n in sorted(os.listdir(DATA))
            if n.endswith(".json")}


def write(data):
    for report, tables in render_all(data, False).items():
        path = os.path.join(DOCS, report)
        text = open(path).read()
        for name, body in sorted(tables.items(), key=lambda kv: -blocks(text).get(kv[0], (0,))[0]):
            b = blocks(text)
            if name not in b:
                print("reports: %s has no marker for table %s" % (report, name), file=sys.stderr)
                continue
            s, e = b[name]
            text = text[:s] + body + text[e:]
        open(path, "w").write(text)
    for name, svg in R.plots(data).items():
        open(os.path.join(DOCS, "img", name + ".svg"), "w").write(svg)


def check(data, build):
    ok = bad = 0
    for report, tables in render_all(data, True).items():
        text = open(os.path.join(DOCS, report)).read()
        b = blocks(text)
        for name, body in tables.items():
            have = text[b[name][0]:b[name][1]] if name in b else ""
            if have == body:
                ok += 1
                print("ok   %s: table %s" % (report, name))
                continue
            bad += 1
            print("FAIL %s: table %s differs from a fresh run (scripts/reports.py rewrites it):"
                  % (report, name))
            sys.stdout.writelines(difflib.unified_diff(
                have.splitlines(True), body.splitlines(True), "committed", "fresh", n=0))
    for msg in R.consistency(data, ROOT):
        bad += 1
        print("FAIL " + msg)
    for msg, good in (R.rerun_census(data, build) if build else []):
        ok, bad = ok + good, bad + (not good)
        print(("ok   " if good else "FAIL ") + msg)
    print("%d passed, %d failed" % (ok, bad))
    return 1 if bad or not ok else 0


def main():
    a = sys.argv[1:]
    if "--collect" in a:
        i = a.index("--collect")
        collect(os.path.relpath(os.path.abspath(a[i + 1]), ROOT), a[i + 2:])
        write(all_data())
        return 0
    if "--check" in a:
        build = a[a.index("--build") + 1] if "--build" in a else None
        return check(all_data(), build)
    if a:
        print(__doc__)
        return 2
    write(all_data())
    return 0


if __name__ == "__main__":
    sys.exit(main())
