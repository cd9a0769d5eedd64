#!/usr/bin/env bash
# bench.sh: measures Accounts Console against a react-admin build of the same screen (bench/peer)
# in headless Chromium, against the reference server with 10,000 demo accounts on loopback.
# Prints a table (ours/peer) and writes bench/results/<name>.json and bench/results/latest.json.
# Never part of scripts/test.sh. Environment: BENCH_RUNS (default 7), BENCH_NAME (result file name).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
mkdir -p build/bench

bash scripts/setup.sh

echo "[bench] building the reference server, the release package (what users deploy) and the same package with the test bridge"
cmake --preset native >/dev/null
cmake --build --preset native --target accounts-server
bash scripts/package.sh >/dev/null
echo "[bench] size budget of the release package (target < 600 KB brotli, goal < 400 KB)"
bash scripts/size_report.sh build/package/site --check
bash scripts/package.sh --preset release-test >/dev/null

echo "[bench] installing and building the react-admin peer (bench/peer, Vite production build, precompressed)"
peer=bench/peer
stamp="$peer/node_modules/.lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$peer/package-lock.json" "$stamp"; then
  (cd "$peer" && npm ci --no-audit --no-fund --silent)
  cp "$peer/package-lock.json" "$stamp"
fi
(cd "$peer" && npx vite build --logLevel error) >build/bench/peer-build.log 2>&1 ||
  { cat build/bench/peer-build.log; echo "[bench] the peer did not build" >&2; exit 1; }

commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit-dirty"; fi
CRM_COMMIT="$commit" node bench/bench.js
echo "[bench] done in $(( $(date +%s) - start )) s"
