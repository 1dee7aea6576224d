#!/usr/bin/env bash
# Times makplan on generated plans with public tools, as an admin runs it:
# builds the binary, writes synthetic plans of N devices (cycling over the
# samples' rows, unique names and serials) as an Excel-style workbook
# (shared strings, date cells, title rows) and as CSV, and runs check and
# plan (all outputs) under /usr/bin/time, printing wall time and peak
# memory next to excelize's Rows() merely reading the same workbook in the
# same run (docs/performance.md has the targets and the last figures).
# Usage: scripts/bench-cli.sh [N ...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/makplan" ./cmd/makplan
go build -o "$tmp/excelizerows" ./scripts/excelizerows
export MAKPLAN_INPUTS_AS_OF=2026-11-27
measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$tmp/time.txt" "$@" >/dev/null 2>&1 || true
  read -r wall rss < <(tail -1 "$tmp/time.txt")
  printf '%-44s %7ss %7d MB\n' "$label" "$wall" $((rss / 1024))
}
# An ESU key export beside the samples' exports, and a configuration that reads it.
printf 'License ID,Parent Program,Organization,Product,Product Key,Type,MAK Activations-Used/Available\n63412587,91000001ZZS0001,Northwind Traders Ltd,Windows 10 Extended Security Updates Year 2,HJKMP-QRTVW-XY234-6789B-CDFGH,MAK, 10/500000\n' > "$tmp/esu-keys-2026-11-27.csv"
sed -e "s#samples/#$PWD/samples/#g" -e "s#^    - $PWD/samples/vamt-keys.cilx#&\n    - $tmp/esu-keys-2026-11-27.csv#" config.example.yaml > "$tmp/esu.yaml"
for n in "${sizes[@]}"; do
  go run ./samples/gen -devices "$n" -out "$tmp/plan-$n.xlsx"
  go run ./samples/gen -devices "$n" -out "$tmp/plan-$n.csv"
  xlsx=$(du -m "$tmp/plan-$n.xlsx" | cut -f1)
  echo "== $n devices (workbook $xlsx MB)"
  measure "excelize Rows() reading the workbook" "$tmp/excelizerows" "$tmp/plan-$n.xlsx"
  measure "makplan check, workbook" "$tmp/makplan" check --config config.example.yaml --plan "$tmp/plan-$n.xlsx"
  measure "makplan plan (all outputs), workbook" "$tmp/makplan" plan --config config.example.yaml --plan "$tmp/plan-$n.xlsx" --out "$tmp/out-$n"
  measure "makplan check, CSV" "$tmp/makplan" check --config config.example.yaml --plan "$tmp/plan-$n.csv"
  measure "makplan plan (all outputs), CSV" "$tmp/makplan" plan --config config.example.yaml --plan "$tmp/plan-$n.csv" --out "$tmp/out-$n-csv"
  echo "   output workbook: $(du -m "$tmp/out-$n/capacity-plan.xlsx" | cut -f1) MB"
  # The same with a Windows 10 ESU Year 2 key: every Windows 10 device of the
  # plan is then ESU demand too (a second capacity run, the ESU sheet).
  measure "makplan plan (all outputs), workbook, ESU" "$tmp/makplan" plan --config "$tmp/esu.yaml" --plan "$tmp/plan-$n.xlsx" --out "$tmp/out-$n-esu"
done
