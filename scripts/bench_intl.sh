#!/usr/bin/env bash
# bench_intl.sh: what drawing names in every script costs (bench/intl_text.js): frame CPU with 25
# hard-name rows vs 25 Latin rows in the same run, and local mode over 100,000 mixed-script accounts
# (frame CPU while scrolling, text-cache memory at 100 and 10,000 distinct strings). Writes
# bench/results/intl-latest.json. Never part of scripts/test.sh. BENCH_RUNS (default 5),
# BENCH_LOCAL_ROWS (default 100000; 0 skips local mode).
set -euo pipefail
exec bash "$(dirname "$0")/lib/bench_web_test.sh" bench/intl_text.js
