#!/usr/bin/env bash
# test.sh: sets up the machine, builds everything (warnings are errors) and runs every test:
# core and server unit tests (doctest), and browser tests (Playwright + Chromium) against the
# reference server. Each test starts the servers it needs. Then the libFuzzer targets of the core
# parsers run for CRM_FUZZ_SECONDS each (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

bash scripts/setup.sh

echo "[test] native build: core, reference server, tests"
cmake --preset native -DCRM_WERROR=ON >/dev/null
cmake --build --preset native

echo "[test] web builds: release site and test-bridge site"
cmake --preset web -DCRM_WERROR=ON >/dev/null
cmake --build --preset web
cmake --preset web-test -DCRM_WERROR=ON >/dev/null
cmake --build --preset web-test

echo "[test] release packages: what users deploy, and the same with the test bridge"
cmake --preset release -DCRM_WERROR=ON >/dev/null
bash scripts/package.sh --preset release
cmake --preset release-test -DCRM_WERROR=ON >/dev/null
bash scripts/package.sh --preset release-test

echo "[test] fuzz build: core parsers under libFuzzer (clang, ASan + UBSan)"
cmake --preset fuzz -DCRM_WERROR=ON -DCRM_FUZZ_SECONDS="${CRM_FUZZ_SECONDS:-30}" >/dev/null
cmake --build --preset fuzz

echo "[test] running tests"
if ! ctest --preset native "$@"; then
  # The browser suite's own summary (each failing test with its error), last, where a log's tail shows it.
  log=build/native/browser-tests.log
  if [ -f "$log" ] && grep -q "failing tests" "$log"; then sed -n '/failing tests/,$p' "$log"; fi
  exit 8
fi
echo "[test] running fuzzers (${CRM_FUZZ_SECONDS:-30} s each)"
ctest --preset fuzz "$@"

echo "[test] all tests passed in $(( $(date +%s) - start )) s"
