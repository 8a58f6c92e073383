#!/usr/bin/env bash
# The translator under the Linux ABI: `rivet exec --abi linux --aot` vs the interpreter.
#   linux.sh [--trace] [--chunk-log2 K] [--flips N] RIVET DIR ELF [ARGS...]
# Both runs (DIR exposed as the guest's "/", HOME=/root) must print the same JSON: stop, exit
# code, step count, guest output and the syscall census. Then both stop at an odd step limit
# (half the run + 7, inside a scheduler slice and usually mid-block) with the same result.
# With --trace, both also write the minimal trace (Linux profile, 2^K-step chunks, default 12):
# the files must be byte-identical (the interpreter's is hashed through a pipe, so one trace is
# on disk at a time) and `rivet replay` must accept them; with --flips N, tests/trace/flip.py
# flips N random words and each must be rejected at the chunk that holds it.
# Exit 77 (skip) when the guest was not built (cross toolchain or Go absent), or when the
# guest's addresses cannot be reserved in the host (ASan builds: its shadow memory covers them).
set -u
trace=0 log2=12 flips=0
while :; do
  case "$1" in
    --trace) trace=1; shift ;;
    --chunk-log2) log2=$2; shift 2 ;;
    --flips) flips=$2; shift 2 ;;
    *) break ;;
  esac
done
rivet=$1 dir=$2 elf=$3
shift 3
if [ ! -x "$elf" ]; then
  echo "SKIP: $elf was not built (riscv64 cross toolchain or Go 1.23 missing; see scripts/setup.sh)"
  exit 77
fi
cd "$dir" || exit 1
run() { "$rivet" exec --abi linux --dir . --env HOME=/root --json --syscalls "$@" "$elf" "${args[@]}"; }
args=("$@")
same() {
  if [ "$1" != "$2" ]; then
    echo "MISMATCH ($3) for $elf"; echo "--- interpreter:"; echo "$1"; echo "--- aot:"; echo "$2"
    exit 1
  fi
}
want=$(run)
got=$(run --aot 2>"${TMPDIR:-/tmp}/aot-linux-$$.err")
if grep -q "cannot place guest memory" "${TMPDIR:-/tmp}/aot-linux-$$.err"; then
  cat "${TMPDIR:-/tmp}/aot-linux-$$.err"; rm -f "${TMPDIR:-/tmp}/aot-linux-$$.err"
  echo "SKIP: the guest's addresses are taken in this host process (e.g. ASan's shadow memory)"
  exit 77
fi
rm -f "${TMPDIR:-/tmp}/aot-linux-$$.err"
same "$want" "$got" "full run"
echo "$got" | cut -c1-200
steps=$(echo "$want" | sed -E 's/.*"instret":([0-9]+).*/\1/')
lim=$((steps / 2 + 7))
want=$(run --limit "$lim")
got=$(run --aot --limit "$lim")
same "$want" "$got" "--limit $lim"
echo "limit $lim: identical"
[ $trace = 1 ] || exit 0
td=$(mktemp -d)
trap 'rm -rf "$td"' EXIT
mkfifo "$td/i.tr"
sha256sum <"$td/i.tr" >"$td/i.sum" &
want=$(run --chunk-log2 "$log2" --trace "$td/i.tr")
wait
got=$(run --aot --chunk-log2 "$log2" --trace "$td/a.tr")
same "$want" "$got" "traced run"
if [ "$(cut -d' ' -f1 "$td/i.sum")" != "$(sha256sum <"$td/a.tr" | cut -d' ' -f1)" ]; then
  echo "traces differ for $elf"; exit 1
fi
if ! "$rivet" replay --threads 2 "$td/a.tr" "$elf"; then echo "replay rejected the trace of $elf"; exit 1; fi
echo "traces identical ($(stat -c %s "$td/a.tr") bytes), replay ok"
[ "$flips" -gt 0 ] || exit 0
out=$(python3 "$(dirname "$0")/../trace/flip.py" "$rivet" "$td/a.tr" "$elf" --samples "$flips")
rc=$?
echo "$out" | grep -v ": ok ->"
exit $rc
