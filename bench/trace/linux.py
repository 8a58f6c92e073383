#!/usr/bin/env python3
"""bench/trace/linux.py: Linux-ABI guests (static glibc and Go) on every engine of `rivet exec
--abi linux`: interpreter, interpreter + minimal trace (Linux profile), AOT, AOT + trace, and
`rivet replay` of the trace; trace bytes per step. Also checks that both engines agree (JSON
result, byte-identical traces) and that the replay accepts the trace.

usage: linux.py BUILD_DIR [--zstd] [--tmp DIR] [GUEST ...]   (BUILD_DIR holds rivet and guests/)
Times are wall seconds of the whole command (AOT includes translation, as + ld and loading)."""
import filecmp, os, subprocess, sys, time

DEFAULT = ["hello.linux.elf", "fileio.linux.elf data.txt", "threads.linux.elf", "go-hello",
           "go-crypto", "go-conc", "go-evmish witness.json", "sha256.linux.elf"]

def wall(cmd, cwd):
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t, p

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    build, guests = args[0], args[1:] or DEFAULT
    tmp = sys.argv[sys.argv.index("--tmp") + 1] if "--tmp" in sys.argv else "/tmp"
    if "--tmp" in sys.argv:
        guests = [g for g in guests if g != tmp]
    rivet, gdir = os.path.abspath(os.path.join(build, "rivet")), os.path.join(build, "guests")
    z = ["--zstd"] if "--zstd" in sys.argv else []
    print("%-24s %12s %7s %7s %7s %7s %7s %8s  %s" % ("guest", "steps", "interp", "+trace",
          "aot", "+trace", "replay", "B/step", "check"))
    for g in guests:
        elf, *gargs = g.split()
        if not os.path.exists(os.path.join(gdir, elf)):
            print("%-24s not built" % elf)
            continue
        base = [rivet, "exec", "--abi", "linux", "--dir", ".", "--json"]
        ti, pi = wall(base + [elf] + gargs, gdir)
        tr_i, tr_a = os.path.join(tmp, "bl-i.tr"), os.path.join(tmp, "bl-a.tr")
        tti, pti = wall(base + z + ["--trace", tr_i, elf] + gargs, gdir)
        ta, pa = wall(base + ["--aot", elf] + gargs, gdir)
        tta, pta = wall(base + z + ["--aot", "--trace", tr_a, elf] + gargs, gdir)
        tr, pr = wall([rivet, "replay", "--threads", "2", tr_a, elf], gdir)
        same = pi.stdout == pa.stdout == pti.stdout == pta.stdout
        ident = filecmp.cmp(tr_i, tr_a, shallow=False)
        steps = int(pi.stdout.split('"instret":')[1].split(",")[0].split("}")[0])
        size = os.path.getsize(tr_a)
        check = "%s, traces %s, replay %s" % ("same" if same else "DIFFERENT",
                                             "identical" if ident else "DIFFER",
                                             "ok" if pr.returncode == 0 else "REJECTED")
        print("%-24s %12d %7.2f %7.2f %7.2f %7.2f %7.2f %8.3f  %s" % (
            elf, steps, ti, tti, ta, tta, tr, size / steps, check))
        for f in (tr_i, tr_a):
            os.unlink(f)

if __name__ == "__main__":
    main()
