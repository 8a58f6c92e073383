#!/bin/sh
# Builds the four kernels of ../shared/guests/kernels: freestanding rv64im (zkVM profile,
# zkvm.ld) and native x86-64, both -O2, into OUT (default build/guests).
set -e
G=${RIVET_GUESTS:-$(dirname "$0")/../../../shared/guests}
OUT=${1:-build/guests}
mkdir -p "$OUT"
for k in sha256 sieve bigmul keccak; do
    riscv64-linux-gnu-gcc -O2 -DFREESTANDING -ffreestanding -nostdlib -march=rv64im -mabi=lp64 \
        -mcmodel=medany -static -T "$G/kernels/zkvm.ld" -o "$OUT/$k.rv64im" "$G/kernels/bench_$k.c"
    cc -O2 -o "$OUT/$k.native" "$G/kernels/bench_$k.c"
done
