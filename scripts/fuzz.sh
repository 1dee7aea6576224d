#!/usr/bin/env bash
# Runs every fuzz target for a bounded number of executions (about 15 s each
# on the project's 2-core machine; FUZZ_SCALE multiplies them) and prints the
# executions and the time of each. Counts rather than -fuzztime durations:
# a duration that ends while a worker is inside a slow input makes go test
# report "context deadline exceeded" as a failure. A failure stops with the failing input,
# which go test saves under the package's testdata/fuzz/ (commit it: it
# becomes a regression test). docs/robustness.md lists what each asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${FUZZ_SCALE:-1}
n() { echo "$(($1 * scale))x"; }
targets=(
  "./planner/sheet FuzzCSV $(n 60000)"
  "./planner/sheet FuzzXLSX $(n 4000)"
  "./planner/keys FuzzParseCount $(n 300000)"
  "./planner/keys FuzzRead $(n 60000)"
  "./planner/keys FuzzCILX $(n 80000)"
  "./planner/cells FuzzParseDate $(n 250000)"
  "./planner FuzzLookupProduct $(n 180000)"
  "./planner/plan FuzzRead $(n 30000)"
  "./planner/xlsxstream FuzzSheetXML $(n 60000)"
  "./planner/redact FuzzMaskKeys $(n 100000)"
)
for entry in "${targets[@]}"; do
  read -r pkg target time <<<"$entry"
  log=$(mktemp)
  start=$(date +%s)
  if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -fuzzminimizetime 50x "$pkg" >"$log" 2>&1; then
    cat "$log"
    echo "fuzz: $pkg $target FAILED"
    exit 1
  fi
  execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  printf '%-24s %-20s %10s execs in %3ss\n' "$pkg" "$target" "${execs:-?}" "$(($(date +%s) - start))"
  rm -f "$log"
done
