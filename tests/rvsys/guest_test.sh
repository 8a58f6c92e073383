#!/usr/bin/env bash
# Runs a riscv64 Linux guest under `rivet exec --abi linux` and checks it.
#   guest_test.sh compare RIVET DIR ELF [ARGS...]  same stdout and exit status as qemu-riscv64
#   guest_test.sh expect  RIVET DIR LINE ELF [ARGS...]  stdout is exactly LINE
#   guest_test.sh determinism RIVET DIR ELF [ARGS...]  two runs: identical output, counts, census
# The guest runs in DIR with DIR exposed as the guest's "/" and HOME=/root as its only variable;
# qemu runs pinned to one CPU (rivet reports one). numGC=N in the output is masked: Go's GC
# count depends on wall-clock timing under qemu (it varies from run to run there).
# Exit 77 (skip) when the guest was not built (toolchain absent) or qemu-riscv64 is missing.
set -u
mode=$1 rivet=$2 dir=$3
shift 3
line=
if [ "$mode" = expect ]; then line=$1; shift; fi
elf=$1
shift
if [ ! -x "$elf" ]; then
  echo "SKIP: $elf was not built (riscv64 cross toolchain or Go 1.23 missing; see scripts/setup.sh)"
  exit 77
fi
cd "$dir" || exit 1
run_rivet() { "$rivet" exec --abi linux --dir . --env HOME=/root "$@" "$elf" "${args[@]}"; }
args=("$@")
mask() { sed -E 's/numGC=[0-9]+/numGC=N/g'; }
case "$mode" in
compare)
  if ! command -v qemu-riscv64 >/dev/null; then echo "SKIP: qemu-riscv64 not installed"; exit 77; fi
  want=$(env -i HOME=/root taskset -c 0 qemu-riscv64 "$elf" "$@" | mask; echo "rc=${PIPESTATUS[0]}")
  got=$(run_rivet | mask; echo "rc=${PIPESTATUS[0]}")
  if [ "$want" != "$got" ]; then
    echo "MISMATCH for $elf"; echo "--- qemu-riscv64:"; echo "$want"; echo "--- rivet:"; echo "$got"
    exit 1
  fi
  echo "$got"
  ;;
expect)
  got=$(run_rivet)
  if [ "$got" != "$line" ]; then echo "expected: $line"; echo "got:      $got"; exit 1; fi
  echo "$got"
  ;;
determinism)
  a=$(run_rivet --stats --syscalls --json) || { echo "run 1 failed: $a"; exit 1; }
  b=$(run_rivet --stats --syscalls --json) || { echo "run 2 failed"; exit 1; }
  if [ "$a" != "$b" ]; then echo "runs differ"; diff <(echo "$a" | tr ',' '\n') <(echo "$b" | tr ',' '\n') | head -20; exit 1; fi
  echo "identical: $(echo "$a" | md5sum)"
  ;;
*) echo "unknown mode $mode"; exit 2 ;;
esac
