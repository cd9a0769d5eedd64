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

# Independent CTest entries (unit tests, server tests, one per browser test file) run side by side,
# as many at once as the machine has cores (CRM_TEST_JOBS to choose); longest first once CTest has
# timed them.
jobs=${CRM_TEST_JOBS:-$(nproc)}
suite_times=build/native/suite-times.txt
# Runs ctest with `jobs` at once and keeps its per-entry lines (name, result, seconds) for the table.
run_ctest() {
  local rc=0
  ctest --parallel "$jobs" "$@" 2>&1 | tee build/native/ctest-output.txt || rc=$?
  grep -E 'Test +#[0-9]+:' build/native/ctest-output.txt >> "$suite_times" || true
  return $rc
}
print_suites() {
  [ -s "$suite_times" ] || return 0
  echo "[test] time per test entry (longest first):"
  sed -E 's/^.*Test +#[0-9]+: ([^ ]+) [. ]*([*A-Za-z ]+[A-Za-z]) +([0-9.]+) sec.*$/\3 \1 \2/' "$suite_times" |
    sort -rn | awk '{ printf "  %-44s %7.1f s  %s\n", $2, $1, $3 }'
}
: > "$suite_times"

echo "[test] running tests ($jobs at once)"
if ! phase "tests: unit, server, browser (ctest)" run_ctest --preset native "$@"; then
  print_suites
  print_times
  # Each failing browser file's own summary (each failing test with its error), last, where a
  # log's tail shows it.
  for log in build/native/browser-tests/*.log; do
    if [ -f "$log" ] && grep -q "failing tests" "$log"; then
      echo "[test] $(basename "$log" .log).test.js:"; sed -n '/failing tests/,$p' "$log"
    fi
  done
  exit 8
fi
echo "[test] running fuzzers (${CRM_FUZZ_SECONDS:-30} s each)"
phase "tests: fuzzers" run_ctest --preset fuzz "$@"

print_suites
print_times
echo "[test] all tests passed in $(( $(date +%s) - start )) s"
