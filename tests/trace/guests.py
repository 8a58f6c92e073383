#!/usr/bin/env python3
"""Differential check of the trace layer on real guests: for each zkVM guest ELF, the
interpreter and the AOT translation give the same output, exit code and step count, their
traces are byte-identical, the replay accepts the trace, and flipped words are rejected at the
right chunk (tests/trace/flip.py).

usage: guests.py RIVET [--profile NAME] [--profile=NAME] ELF...   (exit 77 when no ELF exists:
guests not built). --profile NAME runs every guest under that target zkVM profile
(RV_ZKVM_PROFILE_LIST, include/rivet/rv_zkvm.h); --profile=NAME runs the ELFs after it under that profile (--profile=
under none). sp1's traces carry the previous-access clocks, which the replay checks too."""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def main():
    rivet, args = sys.argv[1], sys.argv[2:]
    prof = []
    if args[:1] == ["--profile"]:
        prof, args = args[:2], args[2:]
    elfs = []
    for a in args:
        if a.startswith("--profile="):
            prof = ["--profile", a[10:]] if a[10:] else []
        elif os.path.exists(a):
            elfs.append((a, prof))
    if not elfs:
        print("no guests built: skipped")
        return 77
    fails = 0
    with tempfile.TemporaryDirectory(dir=os.environ.get("RIVET_TRACE_TMP")) as td:
        for elf, prof in elfs:
            name = os.path.basename(elf)
            _, o1, _ = run([rivet, "exec"] + prof + ["--json", elf])
            _, o2, _ = run([rivet, "exec"] + prof + ["--json", "--aot", elf])
            i, a = json.loads(o1), json.loads(o2)
            same = all(i.get(k) == a.get(k) for k in ("stop", "exit_code", "instret", "output", "vcalls"))
            ti, ta = os.path.join(td, "i.tr"), os.path.join(td, "a.tr")
            run([rivet, "exec"] + prof + ["--trace", ti, elf])
            run([rivet, "exec"] + prof + ["--aot", "--trace", ta, elf])
            rc, _, _ = run(["cmp", "-s", ti, ta])
            identical = rc == 0
            os.unlink(ti)
            rc, _, err = run([rivet, "replay", "--threads", "2", ta, elf])
            replay_ok = rc == 0
            rc, out, _ = run([sys.executable, os.path.join(HERE, "flip.py"), rivet, ta, elf,
                              "--samples", "2"])
            flips_ok = rc == 0
            os.unlink(ta)
            ok = same and identical and replay_ok and flips_ok
            fails += not ok
            print("%-24s steps %-11s output/exit/steps %s, trace %s, replay %s, flips %s" % (
                name, i.get("instret"), "same" if same else "DIFFER",
                "identical" if identical else "DIFFERS", "ok" if replay_ok else "FAILED: " + err,
                "rejected" if flips_ok else "NOT REJECTED:\n" + out))
    print("%d/%d guests pass" % (len(elfs) - fails, len(elfs)))
    return 1 if fails else 0

if __name__ == "__main__":
    sys.exit(main())
