#!/usr/bin/env bash
# Builds a Go standard-library test binary for riscv64 (go test -c) and runs it under
# `rivet exec --abi linux --dir .` in the package's source folder, so testdata is found:
#   gotest.sh RIVET GO PKG GOCACHE OUTDIR
# Exit 77 (skip) without Go >= 1.21.
set -u
rivet=$1 go=$2 pkg=$3 cache=$4 out=$5
if [ -z "$go" ] || [ ! -x "$go" ]; then echo "SKIP: Go not installed (scripts/setup.sh)"; exit 77; fi
bin="$out/gotest-$(echo "$pkg" | tr / _).test"
if [ ! -x "$bin" ]; then
  env GOCACHE="$cache" GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=linux GOARCH=riscv64 \
    GOFLAGS=-trimpath "$go" test -c -o "$bin" "$pkg" || exit 1
fi
src="$("$go" env GOROOT)/src/$pkg"
cd "$src" || exit 1
"$rivet" exec --abi linux --dir . "$bin" -test.short -test.run '^Test' 2>&1 | tail -5
st=${PIPESTATUS[0]}
exit "$st"
