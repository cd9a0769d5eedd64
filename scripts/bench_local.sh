#!/usr/bin/env bash
# bench_local.sh: measures CSV export (10,000 accounts) and local mode (100,000 accounts: load time,
# frame CPU while scrolling) in headless Chromium against the reference server on loopback.
# Writes bench/results/local-latest.json. Never part of scripts/test.sh. BENCH_RUNS (default 3).
set -euo pipefail
exec bash "$(dirname "$0")/lib/bench_web_test.sh" bench/local_mode.js
