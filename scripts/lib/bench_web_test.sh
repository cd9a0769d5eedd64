#!/usr/bin/env bash
# bench_web_test.sh <bench/script.js>: what the browser benchmarks that drive the test-bridge site
# share: set up the machine, build the reference server and the web-test site, run the script.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/bench
bash scripts/setup.sh
cmake --preset native >/dev/null
cmake --build --preset native --target accounts-server
cmake --preset web-test >/dev/null
cmake --build --preset web-test
node "$1"
