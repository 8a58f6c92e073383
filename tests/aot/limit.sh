#!/usr/bin/env bash
# The translator stops exactly at --limit (as the interpreter does), with and without a trace:
#   limit.sh RIVET ELF N...
# For each N: same JSON result (stop, step count) from `rivet exec` and `rivet exec --aot`,
# byte-identical traces, and `rivet replay` accepts the translated run's trace.
# Exit 77 (skip) when the guest was not built (cross toolchain absent) or its addresses cannot
# be reserved in the host (ASan's shadow memory).
set -u
rivet=$1 elf=$2
shift 2
if [ ! -f "$elf" ]; then echo "SKIP: $elf was not built"; exit 77; fi
td=$(mktemp -d)
trap 'rm -rf "$td"' EXIT
for n in "$@"; do
  a=$("$rivet" exec --json --limit "$n" --trace "$td/i.tr" "$elf")
  b=$("$rivet" exec --json --limit "$n" --aot --trace "$td/a.tr" "$elf" 2>"$td/err")
  if grep -q "cannot place guest memory" "$td/err"; then
    cat "$td/err"; echo "SKIP: the guest's addresses are taken in this host process (ASan?)"
    exit 77
  fi
  if [ "$a" != "$b" ]; then echo "limit $n: interpreter $a, aot $b"; exit 1; fi
  if ! cmp -s "$td/i.tr" "$td/a.tr"; then echo "limit $n: traces differ"; exit 1; fi
  "$rivet" replay "$td/a.tr" "$elf" >/dev/null 2>&1 || { echo "limit $n: replay rejected"; exit 1; }
  echo "limit $n: $b, traces identical, replay ok"
done
