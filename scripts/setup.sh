#!/usr/bin/env bash
# Installs what rivet needs on Debian 12 (only the packages that are missing).
set -euo pipefail
PKGS=(build-essential cmake ninja-build pkg-config clang-14 lld-14 llvm-14 libclang-rt-14-dev
      clang-format-14
      libcmocka-dev libjansson-dev libevent-dev liblmdb-dev zlib1g-dev libsecp256k1-dev nettle-dev
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

# Go 1.23 for the riscv64 Linux guests (bookworm has only 1.19): enable bookworm-backports with
# the Debian mirror this machine already uses, then install golang-1.23-go and x/crypto (evmish).
if ! dpkg-query -W -f='${Status}' golang-1.23-go 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  src=/etc/apt/sources.list.d/debian.sources
  uri=$(awk '/^URIs:/ && !/security/ {print $2; exit}' "$src" 2>/dev/null || true)
  if [ -n "$uri" ] && ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d; then
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$uri" | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
  fi
  echo "setup: installing golang-1.23-go golang-golang-x-crypto-dev" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    -t bookworm-backports golang-1.23-go golang-golang-x-crypto-dev >/dev/null || \
    echo "setup: Go 1.23 not installed; the Go guests will be skipped" >&2
fi
