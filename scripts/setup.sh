#!/usr/bin/env bash
# Installs what rivet needs on Debian 12 (only the packages that are missing).
set -euo pipefail
PKGS=(build-essential cmake ninja-build pkg-config clang-14 lld-14 llvm-14 libclang-rt-14-dev
      libcmocka-dev libjansson-dev libevent-dev liblmdb-dev libsecp256k1-dev nettle-dev
      libgmp-dev libzstd-dev libssl-dev valgrind
      gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user)
missing=()
# blst (BLS12-381, KZG) is fetched with npm at configure time; use Debian's npm when none is on PATH.
command -v npm >/dev/null 2>&1 || PKGS+=(npm)
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
