#!/usr/bin/env bash
# Interpreter and translation agree on one zkVM-profile run:
#   same.sh RIVET ELF EXPECT [EXEC OPTIONS...]
# `rivet exec --json --trace` and the same with --aot must print the same JSON, which must
# contain EXPECT, write byte-identical traces, and `rivet replay` (with the same --profile, if
# any) must accept the trace. Exit 77 (skip) when the guest was not built.
set -u
rivet=$1 elf=$2 expect=$3
shift 3
if [ ! -f "$elf" ]; then echo "SKIP: $elf was not built"; exit 77; fi
td=$(mktemp -d)
trap 'rm -rf "$td"' EXIT
a=$("$rivet" exec --json --trace "$td/i.tr" "$@" "$elf" 2>/dev/null)
b=$("$rivet" exec --json --aot --trace "$td/a.tr" "$@" "$elf" 2>/dev/null)
echo "interpreter: $a"
echo "aot:         $b"
[ "$a" = "$b" ] || { echo "results differ"; exit 1; }
case "$a" in *"$expect"*) ;; *) echo "expected '$expect'"; exit 1 ;; esac
cmp -s "$td/i.tr" "$td/a.tr" || { echo "traces differ"; exit 1; }
"$rivet" replay "$@" "$td/a.tr" "$elf" || { echo "replay rejected the trace"; exit 1; }
