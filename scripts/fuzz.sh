#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZTIME, default 15s; the
# streaming XLSX reader's sheet target for FUZZTIME_XLSX, default 20s) and
# prints the executions of each. A failure stops with the failing input,
# which go test saves under the package's testdata/fuzz/ (commit it: it
# becomes a regression test). docs/robustness.md lists what each asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
t="${FUZZTIME:-15s}"
targets=(
  "./planner/sheet FuzzCSV $t"
  "./planner/sheet FuzzXLSX $t"
  "./planner/keys FuzzParseCount $t"
  "./planner/keys FuzzRead $t"
  "./planner/keys FuzzCILX $t"
  "./planner FuzzParseDate $t"
  "./planner FuzzLookupProduct $t"
  "./planner/plan FuzzRead $t"
  "./planner/xlsxstream FuzzSheetXML ${FUZZTIME_XLSX:-20s}"
)
for entry in "${targets[@]}"; do
  read -r pkg target time <<<"$entry"
  log=$(mktemp)
  if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -fuzzminimizetime 50x "$pkg" >"$log" 2>&1; then
    cat "$log"
    echo "fuzz: $pkg $target FAILED"
    exit 1
  fi
  execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  printf '%-24s %-20s %8s %12s execs\n' "$pkg" "$target" "$time" "${execs:-?}"
  rm -f "$log"
done
