#!/usr/bin/env python3
"""Generates docs/syscalls.md: the syscall census of the riscv64 Linux guests measured with
`rivet exec --abi linux --syscalls --stats --json`.

usage: scripts/syscall_census.py BUILD_DIR [--out docs/syscalls.md] [--no-gotest]
                                 [--fixtures DIR] [--json FILE]

BUILD_DIR is a configured build (build/dev) whose rivet_guests_linux target has been built;
the Go standard-library test binaries are built (go test -c) into BUILD_DIR/guests when
missing, and run in the package's source folder with -test.short -test.run '^Test'.
When BUILD_DIR/guests/geth-stateless (rivet_guest_geth, guest/geth) and the fixtures
(default ../shared/fixtures) exist, geth's stateless validator joins: the Hoodi block with GC
on and off, and the heaviest blockchain-test block (witness from `rivet witness`); with
BUILD_DIR/linux_guest_prof each of its syscalls is traced back to the Go code that issued it
(stack unwinding with the binary's own pclntab, scripts/gosym.py). --json FILE also writes the
raw results ({program: rivet exec JSON}, the tiers) for scripts/reports.py
(docs/reports/linux-abi.md).
"""
import argparse
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gosym  # noqa: E402

GOTEST_PKGS = ["sort", "strings", "strconv", "math/big", "encoding/json", "crypto/sha256"]
TIERS = [
    ("C, static glibc, one thread", ["c-hello", "c-fileio"]),
    ("C, static glibc, pthreads", ["c-hello", "c-fileio", "c-threads"]),
    ("Go programs (default settings)", ["go-hello", "go-crypto", "go-conc", "go-evmish"]),
    ("Go standard-library tests", ["gotest-" + p.replace("/", "_") for p in GOTEST_PKGS]),
    ("geth's stateless validator (go-ethereum v1.17.10, Go 1.26)",
     ["geth-hoodi", "geth-hoodi-gcoff", "geth-intrinsic"]),
]
# The geth runs: (name, fixture directory relative to the fixtures, args, extra --env).
HOODI = os.path.join("stateless", "geth-keeper-hoodi-1151683")
BT = ("legacy/BlockchainTests/ValidBlocks/bcEIP1559/intrinsic.json", "intrinsic_Cancun", 0)


def find_go():
    for g in ("/usr/lib/go-1.23/bin/go",):
        if os.access(g, os.X_OK):
            return g
    from shutil import which
    return which("go")


def run(rivet, elf, args, cwd, env=()):
    rel = os.path.relpath(elf, cwd)
    if not rel.startswith(".."):  # argv[0] (and so the counts) independent of the checkout's path
        elf = "./" + rel
    cmd = [rivet, "exec", "--abi", "linux", "--dir", ".", "--env", "HOME=/root"]
    for e in env:
        cmd += ["--env", e]
    cmd += ["--syscalls", "--stats", "--json", elf] + args
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    try:
        return json.loads(p.stdout.splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        sys.exit("census: %s produced no JSON:\n%s" % (elf, p.stderr[-2000:]))


def build_gotest(go, pkg, out, cache):
    b = os.path.join(out, "gotest-%s.test" % pkg.replace("/", "_"))
    if not os.path.exists(b):
        env = dict(os.environ, GOCACHE=cache, GOPROXY="off", GOTOOLCHAIN="local",
                   CGO_ENABLED="0", GOOS="linux", GOARCH="riscv64", GOFLAGS="-trimpath")
        subprocess.run([go, "test", "-c", "-o", b, pkg], env=env, check=True)
    return b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--out", default=None)
    ap.add_argument("--no-gotest", action="store_true")
    ap.add_argument("--json", default=None)
    ap.add_argument("--fixtures", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "..", "..", "shared", "fixtures"))
    a = ap.parse_args()
    rivet = os.path.abspath(os.path.join(a.build, "rivet"))
    g = os.path.abspath(os.path.join(a.build, "guests"))
    progs = []  # (name, elf, args, cwd[, env])
    for p in ("hello", "fileio", "threads"):
        progs.append(("c-" + p, os.path.join(g, p + ".linux.elf"),
                      ["data.txt"] if p == "fileio" else [], g))
    for p in ("hello", "crypto", "conc", "evmish"):
        progs.append(("go-" + p, os.path.join(g, "go-" + p), [], g))
    go = find_go()
    if go and not a.no_gotest:
        root = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True).stdout.strip()
        for pkg in GOTEST_PKGS:
            b = build_gotest(go, pkg, g, os.path.abspath(os.path.join(a.build, "gocache")))
            progs.append(("gotest-" + pkg.replace("/", "_"), b,
                          ["-test.short", "-test.run", "^Test"], os.path.join(root, "src", pkg)))
    geth = geth_programs(a.build, rivet, os.path.abspath(a.fixtures))
    progs += geth
    res = {}
    for name, elf, args, cwd, *env in progs:
        if not os.path.exists(elf):
            print("census: skipping %s (not built)" % name, file=sys.stderr)
            continue
        print("census: running %s" % name, file=sys.stderr)
        res[name] = run(rivet, elf, args, cwd, env[0] if env else ())
    paths = {}
    prof = os.path.abspath(os.path.join(a.build, "linux_guest_prof"))
    for name, elf, args, cwd, env in geth:
        if name in res and os.path.exists(prof) and name != "geth-hoodi-gcoff":
            print("census: unwinding the syscalls of %s" % name, file=sys.stderr)
            paths[name] = syscall_paths(prof, elf, args, cwd, env, res[name])
    md = render(res, paths, os.path.normpath(a.build))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"programs": res, "tiers": TIERS}, f, indent=1)
            f.write("\n")
    if a.out:
        with open(a.out, "w") as f:
            f.write(md)
    else:
        sys.stdout.write(md)


def geth_programs(build, rivet, fixtures):
    """The geth guest's census runs, when it was built and the fixtures exist."""
    elf = os.path.abspath(os.path.join(build, "guests", "geth-stateless"))
    hoodi = os.path.join(fixtures, HOODI)
    if not os.path.exists(elf) or not os.path.isdir(hoodi):
        return []
    args = ["--chain", "hoodi", "block.rlp", "witness.rlp"]
    out = [("geth-hoodi", elf, args, hoodi, ()), ("geth-hoodi-gcoff", elf, args, hoodi,
                                                    ("GOGC=off",))]
    work = os.path.abspath(os.path.join(build, "geth-runs", "census"))
    os.makedirs(work, exist_ok=True)
    path = os.path.join(fixtures, "ethereum-tests", BT[0])
    r = subprocess.run([rivet, "witness", "--test", BT[1], "--block", str(BT[2]), "-o",
                        os.path.join(work, "witness.rlp"), "--block-out",
                        os.path.join(work, "block.rlp"), path], capture_output=True)
    if r.returncode == 0:
        net = json.load(open(path))[BT[1]]["network"]
        out.append(("geth-intrinsic", elf, ["--network", net, "block.rlp", "witness.rlp"], work,
                    ()))
    return out


# Frames that only pass a syscall on (the generic wrappers): left out of the paths shown.
WRAPPERS = {"internal/runtime/syscall/linux.Syscall6", "syscall.RawSyscall6", "syscall.Syscall",
            "syscall.Syscall6", "syscall.RawSyscall", "internal/runtime/syscall/linux.EpollWait",
            "internal/runtime/syscall/linux.Open"}
# Clock readers between runtime.nanotime1/walltime and the code that wants the time: skipped too.
CLOCK = {"time.now", "time.Now", "time.Since", "time.runtimeNano", "time.runtimeNow",
         "runtime.nanotime", "time.Time.Sub"}


def syscall_paths(prof, elf, args, cwd, env, census):
    """{nr: Counter(path)}: each syscall of the run traced to the Go functions that issued it
    (linux_guest_prof --ecalls, unwound with the binary's pclntab). The run is the census's
    own (same options), so its syscall count must equal the census total."""
    rec = os.path.join(os.path.dirname(prof), "geth-runs", "census", "ecalls.bin")
    cmd = [prof, "-p", "1000000", "-o", os.devnull, "--ecalls", rec, "--dir", ".",
           "--env", "HOME=/root"]
    for e in env:
        cmd += ["--env", e]
    subprocess.run(cmd + [elf] + args, cwd=cwd, capture_output=True, check=True)
    syms = gosym.GoSyms(elf)
    recs = gosym.ecall_records(rec)
    os.unlink(rec)
    if len(recs) != census["census"]["total"]:
        sys.exit("census: %d syscalls unwound, %d counted" % (len(recs), census["census"]["total"]))
    out = {}
    for r in recs:
        frames = [f for f in syms.unwind_record(r, 12) if f not in WRAPPERS and f not in CLOCK]
        path = " ← ".join(frames[:4]) if frames else "(signal-return trampoline)"
        out.setdefault(r[0], collections.Counter())[path] += 1
    return out


def render(res, paths=None, build="build/dev"):
    paths = paths or {}
    names = list(res)
    L = []
    w = L.append
    w("# Syscall census of the riscv64 Linux guests\n")
    w("Generated by `scripts/syscall_census.py " + build + "` from `rivet exec --abi linux --syscalls "
      "--stats --json`; do not edit by hand. Every number is deterministic: the same binary gives "
      "the same counts on every run (virtual time, seeded randomness, one reported CPU, a fixed "
      "100,000-instruction scheduler quantum). Go runs with its default settings (no GOMAXPROCS "
      "or GODEBUG); the C programs are static glibc 2.36 (gcc 12), the Go ones Go 1.23.5 (geth's validator Go "
      "1.26.8, the version go-ethereum v1.17.10 needs). "
      "Programs are in `../shared/guests`; the Go tests are `go test -c` binaries run with "
      "`-test.short -test.run '^Test'` in the package's folder (`--dir .`).\n")
    w("## Programs\n")
    w("| program | result | instructions | syscalls | distinct | threads | unsupported |")
    w("|---|---|---:|---:|---:|---:|---|")
    for n in names:
        r = res[n]
        c = r.get("census", {})
        uns = ", ".join("%s×%d" % (u["name"], u["count"]) for u in c.get("unsupported", [])) or "—"
        result = "exit %s" % r.get("exit_code") if r["stop"] == "exit" else r["stop"]
        w("| %s | %s | %s | %d | %d | %d | %s |" % (
            n, result, format(r["instret"], ","), c.get("total", 0), len(c.get("syscalls", [])),
            c.get("threads", 0), uns))
    w("")
    allnr = {}
    for n in names:
        for s in res[n].get("census", {}).get("syscalls", []):
            allnr[s["nr"]] = s["name"]
    w("## Counts per syscall\n")
    short = [n.replace("gotest-", "t:").replace("geth-", "geth:") for n in names]
    w("| nr | syscall | " + " | ".join(short) + " |")
    w("|---:|---|" + "---:|" * len(names))
    for nr in sorted(allnr):
        row = []
        for n in names:
            cnt = {s["nr"]: s["count"] for s in res[n].get("census", {}).get("syscalls", [])}
            row.append(str(cnt.get(nr, "")))
        w("| %d | %s | %s |" % (nr, allnr[nr], " | ".join(row)))
    w("")
    w("## Argument patterns\n")
    w("Summed over all programs above.\n")
    w("| syscall | patterns (count) |")
    w("|---|---|")
    for nr in sorted(allnr):
        pats = {}
        for n in names:
            for s in res[n].get("census", {}).get("syscalls", []):
                if s["nr"] == nr:
                    for k, v in s.get("patterns", {}).items():
                        pats[k] = pats.get(k, 0) + v
        if pats:
            w("| %s | %s |" % (allnr[nr], "; ".join("`%s` %d" % (k, v) for k, v in sorted(pats.items()))))
    w("")
    w("## Minimal syscall set per tier (measured)\n")
    w("The union of the syscalls the programs of a tier issued under rivet. Each tier includes "
      "what its programs need to start (glibc or Go runtime start-up).\n")
    for title, members in TIERS:
        have = [m for m in members if m in res]
        if not have:
            continue
        s = {}
        for m in have:
            for x in res[m]["census"]["syscalls"]:
                s[x["nr"]] = x["name"]
        w("- **%s** (%s): %d syscalls: %s" % (title, ", ".join(have), len(s),
                                              ", ".join("%s(%d)" % (s[k], k) for k in sorted(s))))
    w("")
    render_geth(w, res, paths)
    w(NOTES)
    return "\n".join(L) + "\n"


def render_geth(w, res, paths):
    g = [n for n in ("geth-hoodi", "geth-hoodi-gcoff", "geth-intrinsic") if n in res]
    if not g:
        return
    w("## geth's stateless validator: each syscall, where it comes from, what a zkVM needs\n")
    w("`guest/geth` (docs/geth-guest.md): go-ethereum v1.17.10's `core.ExecuteStateless`, the "
      "code of geth's keeper, built with Go 1.26 (`GOOS=linux GOARCH=riscv64 CGO_ENABLED=0`) "
      "and run unmodified. Runs: **hoodi** = Hoodi block 1151683 (geth keeper's block and "
      "witness, 1 transaction, 21,000 gas) with Go's default GC; **gcoff** = the same with "
      "`GOGC=off`; **intrinsic** = blockchain test intrinsic_Cancun block 0 (61 transactions, "
      "2,618,528 gas; witness from `rivet witness`). \"Issued from\" is measured: every syscall "
      "of the hoodi and intrinsic runs is traced back through the Go stack "
      "(`bench/linux_guest_prof --ecalls`, unwound with the binary's own pclntab by "
      "`scripts/gosym.py`; generic wrappers such as `Syscall6` and `time.now` left out; the "
      "three most frequent paths, with their count over the hoodi and intrinsic runs). "
      "Argument patterns are summed over the three runs. \"zkVM\" says what a zkVM's Linux layer must implement for "
      "this program and what it may stub, and how.\n")
    w("| nr | syscall | hoodi | gcoff | intrinsic | arguments seen | issued from (Go) | zkVM |")
    w("|---:|---|---:|---:|---:|---|---|---|")
    allnr = {}
    for n in g:
        for s in res[n]["census"]["syscalls"]:
            allnr[s["nr"]] = s["name"]
    for nr in sorted(allnr):
        cnt, pats = [], {}
        for n in ("geth-hoodi", "geth-hoodi-gcoff", "geth-intrinsic"):
            c = {s["nr"]: s for s in res[n]["census"]["syscalls"]} if n in res else {}
            cnt.append(str(c[nr]["count"]) if nr in c else "")
            for k, v in (c[nr].get("patterns", {}) if nr in c else {}).items():
                pats[k] = pats.get(k, 0) + v
        merged = collections.Counter()
        for n in paths:
            merged.update(paths[n].get(nr, {}))
        src = "<br>".join("`%s` (%d)" % (p, k) for p, k in merged.most_common(3))
        if len(merged) > 3:
            src += "<br>+%d more" % (len(merged) - 3)
        w("| %d | %s | %s | %s | %s | %s |" % (
            nr, allnr[nr], " | ".join(cnt),
            "; ".join("`%s` %d" % (k, v) for k, v in sorted(pats.items())) or "",
            src or "", ZKVM.get(allnr[nr], "")))
    w("")
    tot = ["%s %s calls, %d distinct, %s instructions" % (
        n.replace("geth-", ""), format(res[n]["census"]["total"], ","),
        len(res[n]["census"]["syscalls"]), format(res[n]["instret"], ",")) for n in g]
    w("Totals: " + "; ".join(tot) + ".\n")
    w(GETH_NOTES)


# What a zkVM's Linux layer needs for each syscall geth's validator issues (from the paths
# measured above and the Go 1.26 runtime's handling of the result).
ZKVM = {
    "eventfd2": "stub-able: netpoll's wake-up fd (netpollBreak); any fd number works if "
                "epoll_pwait never reports it",
    "epoll_create1": "must succeed (netpollinit throws otherwise); one object",
    "epoll_ctl": "ADD eventfd → 0; ADD of a regular file → EPERM (os then reads it blocking)",
    "epoll_pwait": "must: report nothing (0) for timeout 0; a positive timeout may sleep "
                   "(virtual time) or return 0 at once (Go re-checks its timers)",
    "fcntl": "stub: F_GETFD 0 / F_GETFL flags / F_SETFL 0 for open fds (checkfds, "
             "os.newFile's SetNonblock)",
    "openat": "must: the input files (block, witness) from a committed file table; "
              "/proc/self/cgroup, hugepage size → ENOENT",
    "close": "must (bookkeeping of the file table)",
    "read": "must: the input bytes (committed)",
    "write": "must: fd 1 is the public output",
    "fstat": "stub-able: os.ReadFile only takes st_size as a buffer hint (statOrZero); "
             "an error costs extra reads",
    "exit_group": "must: ends the run, status = verdict",
    "futex": "must: WAIT/WAKE between the Go threads (a deterministic scheduler); spurious "
             "wake-ups allowed",
    "nanosleep": "must block the thread (sysmon's back-off); free in virtual time",
    "clock_gettime": "must: monotonic virtual clock (sysmon, GC pacing, time.Now in geth's "
                     "metrics and state timers); REALTIME a fixed epoch + that",
    "sched_getaffinity": "stub: one CPU (GOMAXPROCS=1)",
    "tgkill": "stub (0, signal dropped) with GODEBUG=asyncpreemptoff=1; else deliver SIGURG",
    "sigaltstack": "must return 0 (the runtime crashes on failure); per-thread record",
    "rt_sigaction": "must return 0 for signals 1-64 except 9/19 (initsig throws otherwise)",
    "rt_sigprocmask": "must return 0 (crash on failure); per-thread mask",
    "rt_sigreturn": "only with signal delivery (async preemption): restore the ucontext",
    "prctl": "stub: EINVAL (PR_SET_VMA naming of heap mappings; Go stops after the first)",
    "getpid": "stub: a fixed pid (only for tgkill)",
    "gettid": "must be distinct per thread when SIGURG is delivered (tgkill targets "
              "m.procid); else a stub",
    "clone": "must: real threads (flags 0x50f00; sysmon + idle Ms), child a0 = 0, sp = stack",
    "mmap": "must: anonymous, sparse (≈1 GiB PROT_NONE reservations), MAP_FIXED commits",
    "madvise": "stub: 0 (NOHUGEPAGE; DONTNEED from the scavenger may be a no-op)",
    "riscv_hwprobe": "stub: ENOSYS, or the base ISA with slow misaligned accesses",
    "prlimit64": "stub: NOFILE soft = hard (no raise attempted)",
    "getrlimit": "stub: NOFILE soft = hard",
    "munmap": "must succeed (the runtime crashes otherwise)",
    "sched_yield": "stub: 0 (or yield in the scheduler)",
}

GETH_NOTES = """What the geth runs add to the toy Go programs above:

- **No new kind of syscall but prctl**: Go 1.25+ names its heap mappings with
  `prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME)`; rivet answers EINVAL (a kernel without
  CONFIG_ANON_VMA_NAME), after which Go stops asking (it asked 28 times when it got ENOSYS).
  Go 1.25+ also opens `/proc/self/cgroup` at start-up (cgroup-aware GOMAXPROCS): ENOENT.
- **Files are the input**: `os.ReadFile` of the block and the witness (openat with
  O_CLOEXEC, fstat for the size, epoll_ctl ADD refused with EPERM, fcntl O_NONBLOCK, reads, close).
  Reading keeper's payload from stdin instead needs only `read(0)`.
- **clock_gettime is geth's, not only the runtime's**: about 300 of Hoodi's 631 are the 151
  `time.Now` calls (one REALTIME and one MONOTONIC read each) of `metrics.newMeter` during
  package initialisation (geth's metrics registry, built even though metrics are disabled);
  the state database times account, storage and code reads with `time.Now`/`time.Since`
  (a few per access); the rest are sysmon (142) and GC pacing.
- **Threads**: the runtime still starts sysmon plus one idle M (3 threads) with GOMAXPROCS=1;
  futex traffic is a handful of hand-offs between them (the same 7 with GOGC=off).
- **GC on vs off** (Hoodi): GOGC=off removes the GC cycles' start/stop-the-world netpolls
  (epoll_pwait 15 → 12), some heap growth (mmap 28 → 24) and GC pacing clock reads
  (clock_gettime 631 → 571); the set of syscalls is the same.
- **Async preemption**: sysmon preempts the long-running main goroutine with SIGURG a few
  times per 100 M instructions (getpid + tgkill + rt_sigreturn); `GODEBUG=asyncpreemptoff=1`
  removes all three.
"""


NOTES = """## What the emulator measured, next to the research (docs/research/linux-abi.md)

- **clock_gettime dominates Go** as predicted without a vDSO; under rivet it costs one ecall
  and the clock is the instruction count (1 ns per instruction) plus skipped sleep time.
- **Sleeping is free**: nanosleep, futex and epoll_pwait timeouts block the thread; when every
  thread waits, virtual time jumps to the earliest deadline, so sysmon's back-off loop does not
  burn instructions.
- **Async preemption**: with default settings Go's sysmon preempts long-running goroutines
  with `tgkill(SIGURG)`; rivet delivers it like Linux (an rt_sigframe on the thread's
  sigaltstack, the handler, then `rt_sigreturn` through a trampoline page, since riscv has no
  SA_RESTORER and rivet no vDSO). The census counts deliveries as patterns of rt_sigreturn.
  Faults become SIGSEGV/SIGBUS/SIGILL/SIGTRAP when the guest has a handler, so Go's
  nil-dereference panics are recoverable (tests/rvsys/gosig).
- **One CPU**: sched_getaffinity reports one CPU, so GOMAXPROCS=1 by default (qemu-riscv64 is
  pinned with `taskset -c 0` for the comparison tests). Go still starts 2-3 OS threads.
- **epoll/eventfd**: Go 1.23 registers one eventfd (netpollBreak) and polls with timeout 0
  from the scheduler; regular files are refused with EPERM and Go falls back to blocking reads.
- **Sockets**: encoding/json's TestHTTPDecoding starts an httptest server and connects to it;
  rivet serves AF_INET/AF_INET6 stream sockets as in-memory loopback pairs (socket, bind,
  listen, accept4, connect, get/setsockopt, getsockname/getpeername, shutdown). Nothing
  reaches the host network.
- **Files**: besides reading, the overlay supports mkdirat, unlinkat, renameat(2) (files),
  ftruncate, fchmod(at), utimensat; symlinks and hard links are not supported.
- **Unsupported** calls (none in the programs above) return -ENOSYS, are counted in the census
  and make `rivet exec` print a one-line notice.

## Semantics of `--abi linux` (src/rvsys)

| area | behaviour |
|---|---|
| loader | static ET_EXEC (or static-PIE) riscv64 ELF; stack of 8 MiB below 0x3ffffff000 with argc, argv, envp (only `--env`), auxv PHDR/PHENT/PHNUM/PAGESZ/BASE/FLAGS/ENTRY/UID/EUID/GID/EGID/HWCAP(0x112d)/CLKTCK/SECURE/RANDOM/EXECFN; AT_RANDOM from `--seed`; no vDSO |
| memory | brk after the highest segment (up to 64 GiB); mmap anonymous or private copies of files, from 0x2000000000 up, hints below 2^47 honoured when free; MAP_FIXED(_NOREPLACE); munmap, mprotect, mremap (grow in place or move), madvise(DONTNEED) zeroes |
| files | fds 0-2 are the host's stdin/stdout/stderr; `--dir HOST[:GUEST]` exposes a host directory read-only (symlinks may not leave it); `/dev/null`, `/proc/self/exe` (the ELF); everything else is ENOENT. Writes (O_CREAT, O_TRUNC, write) go to an in-memory overlay unless `--dir-rw`. Directory listings are sorted; stat times are the fixed epoch |
| threads | clone with CLONE_VM\|CLONE_THREAD (glibc and Go flag sets; SETTLS, PARENT_SETTID, CHILD_SETTID, CHILD_CLEARTID), exit, exit_group, set_tid_address, gettid; futex WAIT/WAKE (+PRIVATE), WAIT_BITSET/WAKE_BITSET (+CLOCK_REALTIME), REQUEUE, CMP_REQUEUE, WAKE_OP, with timeouts |
| scheduler | one hart; threads round-robin in creation order with a 100,000-instruction slice; a thread also yields when it blocks (futex, nanosleep, clock_nanosleep, epoll_pwait, sched_yield, reads of empty pipes/sockets, accept); deadlock (every thread waits with no deadline) stops the run |
| time | virtual: 1 ns per retired instruction plus the time skipped when all threads wait; CLOCK_REALTIME = 1700000000 s + that; CPU-time clocks = instructions |
| signals | rt_sigaction table, per-thread masks, pending sets and alternate stacks; kill/tkill/tgkill queue a signal, delivered when its thread is about to run (an rt_sigframe: siginfo + ucontext, on the sigaltstack for SA_ONSTACK; ra = a `li a7,139; ecall` trampoline); rt_sigreturn restores the (possibly edited) registers; faults go to SIGSEGV/SIGBUS/SIGILL/SIGTRAP handlers; a default action that terminates ends the run with status 128 + signal. Blocking calls are not interrupted (no EINTR) |
| other | getrandom from the seed; sched_getaffinity (`--cpus`, default 1); prlimit64/getrlimit (NOFILE 1024/1024, STACK 8 MiB); uname (Linux rivet 6.6.0 riscv64); riscv_hwprobe (IMA, FD, C, misaligned slow); prctl → EINVAL; ioctl → ENOTTY; eventfd2, pipe2, epoll_create1/ctl/pwait (level and edge triggered; regular files → EPERM) |
"""

if __name__ == "__main__":
    main()
