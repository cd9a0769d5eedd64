#!/usr/bin/env bash
# test.sh: sets up the machine, builds everything (warnings are errors) and runs every test:
# core and server unit tests (doctest), and browser tests (Playwright + Chromium) against the
# reference server. Each test starts the servers it needs. Then the libFuzzer targets of the core
# parsers run for CRM_FUZZ_SECONDS each (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

phases=()
# Runs one phase and records its time for the table at the end.
phase() {
  local name=$1; shift
  local t0=$(date +%s) rc=0
  "$@" || rc=$?
  phases+=("$(printf '%-44s %5d s' "$name" $(( $(date +%s) - t0 )))")
  return $rc
}
print_times() { echo "[test] time per phase:"; for p in "${phases[@]}"; do echo "  $p"; done; }

phase "setup (packages, toolchain, sources)" bash scripts/setup.sh

echo "[test] native build: core, reference server, tests"
cmake --preset native -DCRM_WERROR=ON >/dev/null
phase "build: native (core, server, tests)" cmake --build --preset native

# The plain web preset (scripts/run.sh's default) is the release build's code without -Oz: the
# release packages below compile the same sources, so it is not built here.
echo "[test] web build: the test-bridge site"
cmake --preset web-test -DCRM_WERROR=ON >/dev/null
phase "build: web-test site" cmake --build --preset web-test

echo "[test] release packages: what users deploy, and the same with the test bridge"
cmake --preset release -DCRM_WERROR=ON >/dev/null
phase "build: release package" bash scripts/package.sh --preset release
cmake --preset release-test -DCRM_WERROR=ON >/dev/null
phase "build: release-test package" bash scripts/package.sh --preset release-test

echo "[test] fuzz build: core parsers under libFuzzer (clang, ASan + UBSan)"
cmake --preset fuzz -DCRM_WERROR=ON -DCRM_FUZZ_SECONDS="${CRM_FUZZ_SECONDS:-30}" >/dev/null
phase "build: fuzz targets" cmake --build --preset fuzz

echo "[test] running tests"
if ! phase "tests: unit, server, browser (ctest)" ctest --preset native "$@"; then
  print_times
  # The browser suite's own summary (each failing test with its error), last, where a log's tail shows it.
  log=build/native/browser-tests.log
  if [ -f "$log" ] && grep -q "failing tests" "$log"; then sed -n '/failing tests/,$p' "$log"; fi
  exit 8
fi
echo "[test] running fuzzers (${CRM_FUZZ_SECONDS:-30} s each)"
phase "tests: fuzzers" ctest --preset fuzz "$@"

print_times
echo "[test] all tests passed in $(( $(date +%s) - start )) s"
