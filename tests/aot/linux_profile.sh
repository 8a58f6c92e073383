#!/usr/bin/env bash
# --profile under --abi linux: the target zkVM's ISA (decoder mask) and xlen apply to a Linux
# guest.  linux_profile.sh RIVET ELF   (a static glibc program built for RV64GC)
#   accepting: --profile rivet (RV64GC covers the binary) runs it to exit 0, and --json reports
#              the cost model (cycles = cost per instruction x steps);
#   rejecting: --profile zisk-like (no F/D) and --profile sp1-like (RV64IM, no C) end in a trap result
#              (illegal instruction / misaligned jump target), exit status 1, the same under the
#              interpreter and --aot, with byte-identical traces that `rivet replay --profile`
#              accepts; --profile risc0-like (RV32) is refused before running.
# Exit 77 (skip) when the guest was not built, or the translation cannot place guest memory.
set -u
rivet=$1 elf=$2
if [ ! -x "$elf" ]; then echo "SKIP: $elf was not built"; exit 77; fi
td=$(mktemp -d)
trap 'rm -rf "$td"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
run() { "$rivet" exec --abi linux --json "$@" "$elf"; }

out=$(run --profile rivet); rc=$?
echo "rivet: $out" | cut -c1-200
[ $rc = 0 ] || fail "--profile rivet: exit status $rc"
echo "$out" | grep -q '"stop":"exit","exit_code":0' || fail "--profile rivet did not exit 0"
steps=$(echo "$out" | sed -E 's/.*"instret":([0-9]+).*/\1/')
echo "$out" | grep -q "\"cost\":{\"profile\":\"rivet\",\"per_instruction\":1,\"cycles\":$steps}" ||
  fail "--profile rivet: no cost model in --json"
out=$(run --profile sp1-like --limit 0)
echo "$out" | grep -q '"cost":{"profile":"sp1-like","per_instruction":8,"cycles":0}' ||
  fail "--profile sp1-like: cost model"

for p in zisk-like sp1-like; do
  want=$(run --profile $p --chunk-log2 12 --trace "$td/i.tr"); rc=$?
  echo "$p: $want" | cut -c1-200
  [ $rc = 1 ] || fail "--profile $p: exit status $rc, want 1"
  echo "$want" | grep -q '"stop":"trap"' || fail "--profile $p: no trap result"
  case $p in
    zisk-like) echo "$want" | grep -q '"cause":"illegal instruction"' || fail "zisk: not illegal" ;;
    sp1-like) echo "$want" | grep -q '"cause":"instruction address misaligned"' || fail "sp1: cause" ;;
  esac
  got=$(run --profile $p --aot --chunk-log2 12 --trace "$td/a.tr" 2>"$td/err")
  if grep -q "cannot place guest memory" "$td/err"; then
    echo "SKIP: the guest's addresses are taken in this host process"; exit 77
  fi
  [ "$want" = "$got" ] || fail "--profile $p: interpreter and --aot differ: $want / $got"
  cmp -s "$td/i.tr" "$td/a.tr" || fail "--profile $p: traces differ"
  "$rivet" replay --profile $p "$td/a.tr" "$elf" || fail "--profile $p: replay rejected"
done

"$rivet" exec --abi linux --profile risc0-like "$elf" 2>"$td/err"; rc=$?
[ $rc = 1 ] && grep -q "is RV32" "$td/err" || fail "--profile risc0-like not refused (status $rc)"
echo "ok"
