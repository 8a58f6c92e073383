"""The generators behind scripts/reports.py: one function per table of docs/reports/*.md (TABLES),
the SVG plots (plots), the checks that need the sources (consistency) and the cheap re-runs
(rerun_census). Each generator takes {data set name: {"meta", "data"}} and returns the markdown
between the table's markers, or None when its data set is absent."""
import math
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def n(x):
    return format(x, ",")


def ratio(a, b, digits=2):
    return ("%." + str(digits) + "f×") % (a / b) if b else "-"


def table(head, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(head) - 1)
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(out)


def measured(meta):
    return ("Measured %s on %s (commit %s) by `%s`; wall-clock figures, not checked by CI.\n\n"
            % (meta["date"], meta["machine"], meta["commit"], meta["command"]))


def sysdef():
    """{name: (nr, "S"|"U")} from src/rvsys/sys.def."""
    out = {}
    for m in re.finditer(r"^([SU])\((\d+), (\w+)", open(os.path.join(ROOT, "src/rvsys/sys.def")).read(),
                         re.M):
        out[m.group(3)] = (int(m.group(2)), m.group(1))
    return out


# ---- hybrid.md ----

def t_kernels(d):
    k = d.get("hybrid-kernels")
    if not k:
        return None
    rows = []
    for x in k["data"]:
        # kernels.py nets a call against the same call with n = 0: no such call for the ERC20
        xe, xr = x.get("x86_evm") or 0, x.get("x86_riscv") or 0
        rows.append([x["workload"], n(x["gas_evm"]), n(x["gas_riscv"]),
                     ratio(x["gas_evm"], x["gas_riscv"]),
                     "%.2f M" % (xe / 1e6) if xe else "-", "%.2f M" % (xr / 1e6) if xr else "-",
                     ratio(xe, xr) if xe and xr else "-",
                     n(x["bytes_evm"]), n(x["bytes_riscv"])])
    return table(["workload", "gas EVM", "gas RISC-V", "EVM/RV gas", "x86 instr. EVM",
                  "x86 instr. RISC-V", "EVM/RV x86", "code bytes EVM", "code bytes RISC-V"], rows)


def t_kernels_time(d):
    k = d.get("hybrid-kernels")
    if not k:
        return None
    rows = [[x["workload"], "%.1f" % x["us_evm"], "%.1f" % x["us_riscv"],
             ratio(x["us_evm"], x["us_riscv"])] for x in k["data"]]
    return measured(k["meta"]) + table(["workload", "µs EVM", "µs RISC-V", "EVM/RV time"], rows)


PROTOTYPE_FRAME_NS = 80e6  # /work/shared/docs/research/hybrid.md: ~80 ms per frame start-up


def t_frame(d):
    f = d.get("hybrid-frame")
    if not f:
        return None
    rows = [[x["what"], "%.1f" % x["ns"], "%s" % n(int(PROTOTYPE_FRAME_NS / x["ns"]))]
            for x in f["data"]["rows"]]
    return measured(f["meta"]) + table(
        ["what (median of %d × %d calls)" % (f["data"]["runs"], f["data"]["calls"]),
         "ns per call", "prototype's ~80 ms / this"], rows)


def t_node(d):
    f = d.get("node")
    if not f:
        return None

    def v(x):
        return "stalled" if x is None else "%.1f" % x
    rows = [[r["label"], v(r["rivet"]), v(r["anvil"]),
             "%.2f" % (r["rivet"] / r["anvil"]) if r["rivet"] and r["anvil"] else "-"]
            for r in f["data"]["rows"]]
    return measured(f["meta"]) + table(["workload", "rivet node", "anvil", "rivet/anvil"], rows)


# ---- zisk-generality.md ----

def bps(x, steps):
    return "%.2f" % (x / steps) if steps and x is not None else "-"


def t_profiles(d):
    p = d.get("trace-profiles")
    if not p:
        return None
    rows = []
    for x in p["data"]:
        rows.append([x["profile"], x["kernel"], n(x["steps"]),
                     "%.1f%%" % (100.0 * x["translated"] / x["insns"]),
                     "%.4f%%" % (100.0 * (1 - x["stepped"] / x["steps"])),
                     bps(x["trace_bytes"], x["steps"]),
                     bps(x["trace_bytes"] + x["extra_bytes"], x["steps"]),
                     x["cost"], x["mismatches"]])
    return table(["profile", "kernel", "steps", "static templated", "dynamic templated",
                  "min. trace B/step", "with the vendor's extras B/step", "cost model",
                  "mismatches"], rows, ["---", "---"] + ["---:"] * 5 + ["---", "---:"])


def t_profiles_speed(d):
    p = d.get("trace-profiles")
    if not p:
        return None
    rows = [[x["profile"], x["kernel"],
             "%.2f" % (x["aot_steps_per_s"] / 1e9) if x.get("aot_steps_per_s") else "-",
             "%.2f" % (x["aot_trace_steps_per_s"] / 1e9), "%.2f" % (x["replay_steps_per_s"] / 1e9)]
            for x in p["data"]]
    return measured(p["meta"]) + table(
        ["profile", "kernel", "AOT G steps/s", "AOT + minimal trace G steps/s",
         "replay (2 threads) G steps/s"], rows, ["---", "---", "---:", "---:", "---:"])


def calls(c):
    return ", ".join("%s %d" % (k, v) for k, v in c.items()) or "—"


def t_accel(d):
    p = d.get("trace-accel")
    if not p:
        return None
    rows = [[x["profile"], calls(x["calls"]), n(x["steps"]), x["chunks"],
             bps(x["trace_bytes"], x["steps"]),
             bps(x["trace_bytes"] + x.get("extra_bytes", 0), x["steps"]),
             "ok" if x["replay_ok"] else "REJECTED", x["mismatches"]] for x in p["data"]]
    return table(["profile", "vendor calls per run", "steps", "chunks (2^18)",
                  "min. trace B/step", "with the vendor's extras B/step", "replay", "mismatches"],
                 rows, ["---", "---"] + ["---:"] * 4 + ["---", "---:"])


def t_binaries(d):
    b = d.get("zkvm-binaries")
    if not b:
        return None
    rows = []
    for x in b["rows"]:
        cov = ("%.1f%%" % (100.0 * x["translated"] / x["insns"])) if x.get("insns") else (
            "%.1f%%" % (100.0 * x["coverage"]) if x.get("coverage") is not None else "-")
        rows.append([x["vendor"], x["binary"], x["profile"], n(x["steps"]), cov,
                     bps(x["trace_bytes"], x["steps"]),
                     "-" if x.get("extra_bytes", 0) is None
                     else bps(x["extra_bytes"], x["steps"]) if x.get("extra_bytes") else "0",
                     calls(x.get("accel_calls") or {}), "`%s`" % x["source"]])
    return table(["vendor", "binary", "profile", "steps", "translation coverage",
                  "min. trace B/step", "extra B/step", "accelerator calls", "source"], rows,
                 ["---", "---", "---"] + ["---:"] * 4 + ["---", "---"])


def t_binaries_speed(d):
    b = d.get("zkvm-binaries")
    if not b:
        return None
    meta = (d.get("trace-profiles") or {}).get("meta")
    rows = []
    for x in b["rows"]:
        g = (lambda k: "%.2f" % (x[k] / 1e9) if x.get(k) else "-")
        when = x.get("date") or (meta["date"] if meta else "")
        rows.append([x["vendor"], x["binary"], g("aot_steps_per_s"), g("aot_trace_steps_per_s"),
                     when])
    return ("Wall clock of one run each, not checked by CI; rows from `bench/trace/profiles.py` "
            "were measured on %s.\n\n" % (meta["machine"] if meta else "?")) + table(
        ["vendor", "binary", "AOT G steps/s", "AOT + trace G steps/s", "date"], rows,
        ["---", "---", "---:", "---:", "---"])


# ---- linux-abi.md ----

def tier_of(name, tiers):
    for title, members in tiers:
        if name in members and not (title.startswith("C, static glibc, pthreads") and
                                    name != "c-threads"):
            return title
    return "-"


def t_programs(d):
    c = d.get("census")
    if not c:
        return None
    rows = []
    for name, r in c["data"]["programs"].items():
        cs = r.get("census", {})
        uns = ", ".join("%s×%d" % (u["name"], u["count"]) for u in cs.get("unsupported", []))
        rows.append([name, tier_of(name, c["data"]["tiers"]),
                     "exit %s" % r.get("exit_code") if r["stop"] == "exit" else r["stop"],
                     n(r["instret"]), n(cs.get("total", 0)), len(cs.get("syscalls", [])),
                     cs.get("threads", 0), uns or "—"])
    return table(["program", "tier", "result", "instructions", "syscalls", "distinct", "threads",
                  "unsupported"], rows, ["---", "---", "---"] + ["---:"] * 4 + ["---"])


def tier_sets(c):
    progs = c["data"]["programs"]
    out = []
    for title, members in c["data"]["tiers"]:
        have = [m for m in members if m in progs]
        s = {x["name"] for m in have for x in progs[m]["census"]["syscalls"]}
        out.append((title, have, s))
    return out


def t_tiers(d):
    c = d.get("census")
    if not c:
        return None
    rows, seen = [], set()
    for title, have, s in tier_sets(c):
        new = sorted(s - seen)
        rows.append([title, ", ".join(have), len(s), ", ".join(new) or "—"])
        seen |= s
    return table(["tier", "programs", "distinct syscalls", "not needed by any tier above"], rows,
                 ["---", "---", "---:", "---"])


def t_minimal(d):
    c = d.get("census")
    if not c:
        return None
    import syscall_census
    sd = sysdef()
    ts = tier_sets(c)
    groups = [("C", [1]), ("Go", [2]), ("Go tests", [3]), ("geth", [4])]
    hoodi = {x["name"]: x["count"] for x in
             c["data"]["programs"].get("geth-hoodi", {}).get("census", {}).get("syscalls", [])}
    names = sorted({x for _, _, s in ts for x in s}, key=lambda x: sd.get(x, (999,))[0])
    rows = []
    for name in names:
        marks = ["x" if any(name in ts[i][2] for i in idx if i < len(ts)) else "" for _, idx in groups]
        nr, kind = sd.get(name, (None, None))
        rows.append([nr if nr is not None else "?", name] + marks +
                    [hoodi.get(name, ""), {"S": "implemented", "U": "ENOSYS"}.get(kind, "missing"),
                     syscall_census.ZKVM.get(name, "not issued by geth")])
    return table(["nr", "syscall", "C (glibc)", "Go", "Go tests", "geth", "geth calls (Hoodi)",
                  "rivet", "what a zkVM must do for geth (syscall_census.ZKVM)"], rows,
                 ["---:", "---", "---", "---", "---", "---", "---:", "---", "---"])


def t_linux_vs_bare(d):
    g = d.get("geth-cost")
    if not g:
        return None
    rows, tot = [], {"gas": 0, "geth": 0, "geth_gcoff": 0, "c_zkvm": 0, "c_linux": 0}
    for b in g["data"]["blocks"]:
        rows.append([b["block"], n(b["gas"]), n(b["geth"]), n(b["geth_gcoff"]), n(b["c_linux"]),
                     n(b["c_zkvm"]), ratio(b["c_linux"], b["c_zkvm"], 1),
                     ratio(b["geth"], b["c_linux"], 1), "yes" if b["agree"] else "NO"])
        for k in tot:
            tot[k] += b[k]
    rows.append(["**all %d**" % len(g["data"]["blocks"]), n(tot["gas"]), n(tot["geth"]),
                 n(tot["geth_gcoff"]), n(tot["c_linux"]), n(tot["c_zkvm"]),
                 ratio(tot["c_linux"], tot["c_zkvm"], 1), ratio(tot["geth"], tot["c_linux"], 1), ""])
    return table(["block", "gas", "geth, Linux ABI", "geth, GOGC=off", "C guest, Linux ABI",
                  "C guest, bare metal (zkVM ABI)", "C: Linux / bare metal",
                  "geth / C (both Linux)", "verdicts agree"], rows,
                 ["---"] + ["---:"] * 7 + ["---"]) + (
        "\n\nGo runtime and package initialisation alone (`geth-stateless --help`): %s "
        "instructions." % n(g["data"]["init"]))


def state(sd, name):
    nr, kind = sd.get(name, (None, None))
    return "(%d)" % nr if kind == "S" else "(ENOSYS)" if kind == "U" else "(missing)"


def t_dotnet(d):
    x = d.get("dotnet-runtime")
    if not x:
        return None
    sd = sysdef()
    rows = []
    for r in x["data"]["rows"] if "data" in x else x["rows"]:
        sc = ", ".join("`%s` %s" % (s, state(sd, s)) for s in r["syscalls"]) or "—"
        rows.append([r["feature"], r["dotnet"], "<br>".join("`%s`" % f for f in r["files"]), sc,
                     "**%s**" % r["verdict"], r["rivet"]])
    return table(["feature", "what the .NET runtime does", "where (dotnet/runtime)",
                  "syscalls (rivet's nr)", "rivet", "rivet today / what it takes"], rows,
                 ["---"] * 6)


def dotnet_rows(d):
    x = d.get("dotnet-runtime")
    return (x.get("data", x)["rows"]) if x else []


def t_dotnet_beyond(d):
    c, rows = d.get("census"), dotnet_rows(d)
    if not c or not rows:
        return None
    sd = sysdef()
    geth = {x["name"] for m in ("geth-hoodi", "geth-intrinsic")
            for x in c["data"]["programs"].get(m, {}).get("census", {}).get("syscalls", [])}
    need = {}
    for r in rows:
        for s in r["syscalls"]:
            need.setdefault(s, []).append(r["feature"])
    out = []
    for s in sorted(need, key=lambda s: sd.get(s, (999,))[0]):
        if s in geth:
            continue
        nr, kind = sd.get(s, (None, None))
        nr = nr if nr is not None else d["dotnet-runtime"].get("numbers", {}).get(s, "?")
        out.append([nr, s, {"S": "implemented", "U": "ENOSYS"}.get(
            kind, "missing"), "; ".join(need[s])])
    return table(["nr", "syscall", "rivet", "needed for"], out, ["---:", "---", "---", "---"])


TABLES = [
    ("hybrid.md", "kernels", True, t_kernels),
    ("hybrid.md", "kernels-time", False, t_kernels_time),
    ("hybrid.md", "frame", False, t_frame),
    ("hybrid.md", "node", False, t_node),
    ("zisk-generality.md", "profiles", True, t_profiles),
    ("zisk-generality.md", "profiles-speed", False, t_profiles_speed),
    ("zisk-generality.md", "accel", True, t_accel),
    ("zisk-generality.md", "binaries", True, t_binaries),
    ("zisk-generality.md", "binaries-speed", False, t_binaries_speed),
    ("linux-abi.md", "programs", True, t_programs),
    ("linux-abi.md", "tiers", True, t_tiers),
    ("linux-abi.md", "minimal-abi", True, t_minimal),
    ("linux-abi.md", "linux-vs-bare", True, t_linux_vs_bare),
    ("linux-abi.md", "dotnet", True, t_dotnet),
    ("linux-abi.md", "dotnet-beyond", True, t_dotnet_beyond),
]


# ---- checks ----

def consistency(d, root):
    """Claims that must agree with the sources: a 'present' .NET row needs every syscall it
    lists implemented in sys.def; zkvm-binaries rows carry the schema's required keys."""
    msgs, sd = [], sysdef()
    for r in dotnet_rows(d):
        miss = [s for s in r["syscalls"] if sd.get(s, (0, ""))[1] != "S"]
        if r["verdict"] == "present" and miss:
            msgs.append("dotnet-runtime.json: '%s' is marked present but %s not implemented in "
                        "src/rvsys/sys.def" % (r["feature"], ", ".join(miss)))
        if r["verdict"] not in ("present", "easy", "hard"):
            msgs.append("dotnet-runtime.json: '%s': verdict %r" % (r["feature"], r["verdict"]))
    for r in (d.get("zkvm-binaries") or {}).get("rows", []):
        need = ("vendor", "binary", "profile", "source", "steps")
        for k in need + (("trace_bytes",) if r.get("source") != "bench/vendor/reth.py" else ()):
            if r.get(k) is None:
                msgs.append("zkvm-binaries.json: row %s/%s lacks %s" % (
                    r.get("vendor"), r.get("binary"), k))
    return msgs


CHEAP = {"c-hello": ("hello.linux.elf", []), "c-fileio": ("fileio.linux.elf", ["data.txt"]),
         "c-threads": ("threads.linux.elf", []), "go-hello": ("go-hello", []),
         "go-crypto": ("go-crypto", [])}


def rerun_census(d, build):
    """Re-runs the census's cheap programs (under 2 M instructions each) exactly as
    scripts/syscall_census.py does and compares instructions and syscall counts."""
    import syscall_census
    c = (d.get("census") or {}).get("data", {}).get("programs", {})
    rivet = os.path.abspath(os.path.join(build, "rivet"))
    g = os.path.abspath(os.path.join(build, "guests"))
    out = []
    for name, (elf, args) in CHEAP.items():
        if name not in c or not os.path.exists(os.path.join(g, elf)):
            out.append(("census %s: skipped (not built or not in the data)" % name, True))
            continue
        r = syscall_census.run(rivet, os.path.join(g, elf), args, g)
        want = c[name]
        same = (r["instret"] == want["instret"] and
                r["census"]["syscalls"] == want["census"]["syscalls"])
        out.append(("census %s: %s instructions, %d syscalls%s" % (
            name, n(r["instret"]), r["census"]["total"],
            "" if same else " (committed: %s, %d)" % (n(want["instret"]),
                                                      want["census"]["total"])), same))
    return out


# ---- plots (SVG written directly) ----

def bars(title, labels, series, log=False, unit=""):
    """Horizontal grouped bars: labels down the side, one bar per series value."""
    colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"]
    bh, gap, left, width = 12, 10, 260, 420
    vals = [v for s in series.values() for v in s if v]
    hi = max(vals) if vals else 1
    lo = min(vals) if vals else 1
    if log:
        lo10, hi10 = math.floor(math.log10(lo) - 0.5), math.ceil(math.log10(hi))
        scale = (lambda v: width * (math.log10(v) - lo10) / max(1, hi10 - lo10) if v else 0)
    else:
        scale = (lambda v: width * v / hi if v else 0)
    gh = bh * len(series) + gap
    h = 40 + gh * len(labels) + 20 * len(series) + 20
    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
         'font-size="11">' % (left + width + 90, h),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="10" y="20" font-size="13" font-weight="bold">%s</text>' % esc(title)]
    for i, lab in enumerate(labels):
        y = 35 + i * gh
        o.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 6, y + gh / 2, esc(lab)))
        for j, (name, vs) in enumerate(series.items()):
            v = vs[i]
            w = scale(v) if v else 0
            o.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (
                left, y + j * bh, w, bh - 2, colors[j % len(colors)]))
            o.append('<text x="%.1f" y="%d">%s</text>' % (
                left + w + 3, y + j * bh + bh - 3, fmtv(v) + unit if v else "-"))
    y = 35 + len(labels) * gh + 5
    for j, name in enumerate(series):
        o.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>' % (
            left, y + 20 * j, colors[j % len(colors)]))
        o.append('<text x="%d" y="%d">%s</text>' % (left + 15, y + 20 * j + 9, esc(name)))
    if log:
        o.append('<text x="%d" y="%d" fill="#666">log scale</text>' % (left + width - 50, h - 5))
    o.append("</svg>")
    return "\n".join(o) + "\n"


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fmtv(v):
    return ("%.3g" % v) if v < 1000 else n(int(round(v)))


def plots(d):
    out = {}
    k = d.get("hybrid-kernels")
    if k:
        out["hybrid-gas"] = bars("Gas per call: EVM (solc) vs RISC-V (C), same semantics",
                                 [x["workload"] for x in k["data"]],
                                 {"EVM": [x["gas_evm"] for x in k["data"]],
                                  "RISC-V": [x["gas_riscv"] for x in k["data"]]}, log=True)
    p = d.get("trace-profiles")
    if p:
        labs = ["%s %s" % (x["profile"], x["kernel"]) for x in p["data"]]
        out["zisk-speed"] = bars(
            "AOT steps per second by kernel and profile (%s)" % p["meta"]["date"], labs,
            {"AOT": [(x.get("aot_steps_per_s") or 0) / 1e9 for x in p["data"]],
             "AOT + minimal trace": [x["aot_trace_steps_per_s"] / 1e9 for x in p["data"]]},
            unit=" G")
        out["zisk-bytes"] = bars(
            "Trace bytes per step: minimal vs with the vendor's extras", labs,
            {"minimal": [x["trace_bytes"] / x["steps"] for x in p["data"]],
             "with extras": [(x["trace_bytes"] + x["extra_bytes"]) / x["steps"]
                             for x in p["data"]]})
    g = d.get("geth-cost")
    if g:
        bl = g["data"]["blocks"]
        out["linux-ipg"] = bars(
            "Guest instructions per gas, by block", ["%s (%s gas)" % (b["block"][-28:], n(b["gas"]))
                                                     for b in bl],
            {"geth, Linux ABI": [b["geth"] / b["gas"] for b in bl],
             "C, Linux ABI": [b["c_linux"] / b["gas"] for b in bl],
             "C, bare metal": [b["c_zkvm"] / b["gas"] for b in bl]}, log=True)
    return out
