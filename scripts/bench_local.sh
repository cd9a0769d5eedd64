#!/usr/bin/env bash
# bench_local.sh: measures CSV export (10,000 accounts) and local mode (100,000 accounts: load time,
# frame CPU while scrolling) in headless Chromium against the reference server on loopback.
# Writes bench/results/local-latest.json. Never part of scripts/test.sh. BENCH_RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/bench
bash scripts/setup.sh
cmake --preset native >/dev/null
cmake --build --preset native --target accounts-server
cmake --preset web-test >/dev/null
cmake --build --preset web-test
node bench/local_mode.js
