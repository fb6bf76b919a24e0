#!/usr/bin/env bash
# Runs every test of Favorited: installs what is missing (PostgreSQL, Redis from Debian's packages),
# builds, and runs all test suites. The tests start their own throwaway PostgreSQL and Redis processes.
# The last line printed is always "N passed, N failed" with the totals of every suite.
set -uo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$FAVORITED_ROOT"

RESULTS_DIR="$FAVORITED_ROOT/.artifacts/test-results"
passed=0
failed=0
# A step that fails before any test could run (set-up, build) counts as one failure, never as success.
broken_steps=0

print_totals() { echo "$passed passed, $((failed + broken_steps)) failed"; }
trap print_totals EXIT

# run_dotnet_tests: runs the .NET suites and adds their totals (from the test platform's summary).
run_dotnet_tests() {
  local log="$RESULTS_DIR/dotnet-test.log" status total suite_failed succeeded
  # --foreground keeps Ctrl-C reaching the test hosts, which then stop the servers they started.
  timeout --foreground -k 30s 30m dotnet test --solution Favorited.Local.slnf --no-build --no-progress --no-ansi \
    --results-directory "$RESULTS_DIR" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  suite_failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  succeeded=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
  if [ -z "$total" ]; then
    log "the .NET test run produced no summary (exit code $status)"
    broken_steps=$((broken_steps + 1))
    return
  fi
  [ -n "$suite_failed" ] && [ -n "$succeeded" ] || { broken_steps=$((broken_steps + 1)); return; }
  passed=$((passed + succeeded))
  failed=$((failed + suite_failed))
  if [ "$status" -ne 0 ] && [ "$suite_failed" -eq 0 ]; then
    log "the .NET test run exited with $status although no test failed (a test host crashed?)"
    broken_steps=$((broken_steps + 1))
  fi
}

# run_benchmark_smoke: the benchmark suite with tiny counts (./bench.sh --smoke), so that it cannot rot; one test in
# the totals. It fails only when something is broken (an error answer, a wrong count, a lost event), never on a figure.
run_benchmark_smoke() {
  local log="$RESULTS_DIR/bench-smoke.log"
  if timeout --foreground -k 30s 15m ./bench.sh --smoke --no-build --out "$RESULTS_DIR/bench-smoke.json" >"$log" 2>&1; then
    passed=$((passed + 1))
    log "benchmark smoke run passed (log: $log)"
  else
    failed=$((failed + 1))
    tail -n 60 "$log"
    log "benchmark smoke run failed (log: $log)"
  fi
}

broken_steps=1
ensure_system_packages
mkdir -p "$RESULTS_DIR"
log "building"
dotnet build Favorited.Local.slnf -nologo -v quiet -clp:ErrorsOnly || exit 1
broken_steps=0

log "running the .NET test suites"
# Counted as broken until its totals are read, so an interrupted run never reports success.
broken_steps=1
run_dotnet_tests
broken_steps=$((broken_steps - 1))

log "running the benchmark smoke test"
run_benchmark_smoke

[ $((failed + broken_steps)) -eq 0 ]
