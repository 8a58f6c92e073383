#!/usr/bin/env bash
# CTest hybrid.twins_ethereumjs: installs the pinned @ethereumjs packages (npm ci) when missing,
# then runs the EVM twins on them. Exit 77 (skipped) when npm or node is absent or the
# registry cannot be reached.
set -u
cd "$(dirname "$0")"
command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm missing: skipped"; exit 77; }
if [ ! -d node_modules/@ethereumjs/vm ]; then
    npm ci --no-audit --no-fund >npm.log 2>&1 || { cat npm.log; echo "npm ci failed: skipped"; exit 77; }
fi
exec node check.mjs ..
