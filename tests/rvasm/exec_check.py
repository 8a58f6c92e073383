#!/usr/bin/env python3
"""Links each program of a folder with `rivet asm --format exec` (and --format bin, checked
against the executable's segments) and runs it with `rivet exec` (zkVM profile): the public
output and the exit status must be the ones the file announces:
    # march: rv64imac rv32im ...     (default rv64imac)
    # output: text printed on fd 1 ("\\n" for newlines)
    # exit: N                        (default 0)

usage: exec_check.py RIVET FOLDER
"""
import os
import re
import subprocess
import sys
import tempfile


def header(path, key, default):
    with open(path) as f:
        for line in f:
            m = re.match(r"#\s*%s:\s?(.*)$" % key, line)
            if m:
                return m.group(1).rstrip("\n")
    return default


def main():
    rivet, folder = sys.argv[1], sys.argv[2]
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".s"))
    runs = bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            want_out = header(path, "output", "").encode().decode("unicode_escape")
            want_exit = int(header(path, "exit", "0"))
            for march in header(path, "march", "rv64imac").split():
                runs += 1
                elf = os.path.join(tmp, "p.elf")
                r = subprocess.run([rivet, "asm", "-march=" + march, "--format", "exec", "-o", elf, path],
                                   capture_output=True, text=True)
                if r.returncode:
                    print("FAIL %s -march=%s: rivet asm: %s" % (path, march, r.stderr.strip()))
                    bad += 1
                    continue
                r = subprocess.run([rivet, "exec", elf], capture_output=True, text=True, timeout=60)
                m = re.search(r"exited with (-?\d+)", r.stderr)
                code = int(m.group(1)) if m else (0 if r.returncode == 0 else None)
                if r.stdout != want_out or code != want_exit:
                    print("FAIL %s -march=%s: output %r exit %s, expected %r exit %d (%s)" % (
                        path, march, r.stdout, code, want_out, want_exit, r.stderr.strip()))
                    bad += 1
                    continue
                print("ok   %s -march=%s" % (path, march))
    print("exec_check: %d runs, %d failed" % (runs, bad))
    return 1 if bad or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
