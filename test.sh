#!/usr/bin/env bash
# Runs every test of Favorited: installs what is missing (PostgreSQL, Redis, Chromium from Debian's packages;
# the web client's npm packages; the Aspire CLI), builds the solution, and runs all test suites: the .NET suites
# (they start their own throwaway PostgreSQL and Redis processes; the AppHost's graph tests start the whole graph
# through Aspire.Hosting.Testing), then the web client's lint, build, unit tests (Vitest) and end-to-end tests
# (Playwright in Chromium, against the graph the AppHost runs, started by run.sh).
# The last line printed is always "N passed, N failed" with the totals of every suite.
set -uo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$FAVORITED_ROOT"

RESULTS_DIR="$FAVORITED_ROOT/.artifacts/test-results"
passed=0
failed=0
# A step that fails before any test could run (set-up, build) counts as one failure, never as success.
broken_steps=0

# print_failed_dotnet_tests: repeats each failed .NET test's name and first lines just above the totals, because a CI
# page that shows only the end of the output would otherwise hide which test failed behind the servers' logs.
print_failed_dotnet_tests() {
  local log="$RESULTS_DIR/dotnet-test.log"
  [ -f "$log" ] && grep -qE '^\s*failed [^:]' "$log" || return 0
  echo "failed .NET tests (whole output: $log):"
  grep -E -A 8 '^\s*failed [^:]' "$log" | cut -c 1-300
}

print_totals() { print_failed_dotnet_tests; echo "$passed passed, $((failed + broken_steps)) failed"; }
trap print_totals EXIT

# run_dotnet_tests: runs the .NET suites and adds their totals (from the test platform's summary).
run_dotnet_tests() {
  local log="$RESULTS_DIR/dotnet-test.log" status total suite_failed succeeded
  # --foreground keeps Ctrl-C reaching the test hosts, which then stop the servers they started.
  timeout --foreground -k 30s 30m dotnet test --solution Favorited.sln --no-build --no-progress --no-ansi \
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

# run_client_step NAME COMMAND...: a step of the web client that runs no tests; a failure counts as broken.
run_client_step() {
  local name="$1"; shift
  log "web client: $name"
  if ! (cd "$FAVORITED_ROOT/client" && "$@"); then
    log "web client: $name failed"
    broken_steps=$((broken_steps + 1))
    return 1
  fi
}

# json_counts FILE EXPRESSION: prints "passed failed" from a JSON report, or nothing if it is missing or unreadable.
json_counts() {
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(eval(process.argv[2]).join(" "))' \
    "$1" "$2" 2>/dev/null
}

# add_counts STEP STATUS "PASSED FAILED": adds a suite's totals; no totals, or a failing exit with no failed test, is broken.
add_counts() {
  local step="$1" status="$2" counts="$3" suite_passed suite_failed
  if [ -z "$counts" ]; then
    log "$step produced no results (exit code $status)"
    broken_steps=$((broken_steps + 1))
    return
  fi
  read -r suite_passed suite_failed <<<"$counts"
  passed=$((passed + suite_passed))
  failed=$((failed + suite_failed))
  if [ "$status" -ne 0 ] && [ "$suite_failed" -eq 0 ]; then
    log "$step exited with $status although no test failed (set-up or tear-down failed?)"
    broken_steps=$((broken_steps + 1))
  fi
}

run_client_tests() {
  local vitest_report="$RESULTS_DIR/vitest.json" e2e_report="$FAVORITED_ROOT/.artifacts/e2e/results.json" status
  run_client_step "lint" npm run --silent lint
  run_client_step "build" npm run --silent build

  log "web client: unit tests (Vitest)"
  rm -f "$vitest_report"
  (cd client && timeout --foreground -k 30s 10m npx vitest run --reporter=default --reporter=json \
    --outputFile.json="$vitest_report")
  status=$?
  add_counts "Vitest" "$status" "$(json_counts "$vitest_report" '[r.numPassedTests, r.numFailedTests + r.numPendingTests + r.numTodoTests]')"

  log "web client: end-to-end tests (Playwright in $(/usr/bin/chromium --version 2>/dev/null || echo Chromium))"
  rm -f "$e2e_report"
  (cd client && timeout --foreground -k 60s 20m npx playwright test)
  status=$?
  add_counts "Playwright" "$status" "$(json_counts "$e2e_report" '[r.stats.expected, r.stats.unexpected + r.stats.flaky + r.stats.skipped]')"
  log "end-to-end screenshots and the graph's log: .artifacts/e2e/"
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
ensure_browser
# The graph tests start the Vite client too, so its packages come first.
ensure_client_packages
ensure_aspire_cli
mkdir -p "$RESULTS_DIR"
log "building"
dotnet build Favorited.sln -nologo -v quiet -clp:ErrorsOnly || exit 1
broken_steps=0

log "running the .NET test suites"
# Counted as broken until its totals are read, so an interrupted run never reports success.
broken_steps=1
run_dotnet_tests
broken_steps=$((broken_steps - 1))

# Counted as broken until it returns, so an interrupted run never reports success.
broken_steps=$((broken_steps + 1))
run_client_tests
broken_steps=$((broken_steps - 1))

log "running the benchmark smoke test"
run_benchmark_smoke

[ $((failed + broken_steps)) -eq 0 ]
