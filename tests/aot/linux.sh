#!/usr/bin/env bash
# The translator under the Linux ABI: `rivet exec --abi linux --aot` vs the interpreter.
#   linux.sh RIVET DIR ELF [ARGS...]
# Both runs (DIR exposed as the guest's "/", HOME=/root) must print the same JSON: stop, exit
# code, step count, guest output and the syscall census. Then both stop at an odd step limit
# (half the run + 7, inside a scheduler slice and usually mid-block) with the same result.
# Exit 77 (skip) when the guest was not built (cross toolchain or Go absent).
set -u
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
got=$(run --aot)
same "$want" "$got" "full run"
echo "$got" | cut -c1-200
steps=$(echo "$want" | sed -E 's/.*"instret":([0-9]+).*/\1/')
lim=$((steps / 2 + 7))
want=$(run --limit "$lim")
got=$(run --aot --limit "$lim")
same "$want" "$got" "--limit $lim"
echo "limit $lim: identical"
