#!/usr/bin/env bash
# Times the makplan command on generated plans with public tools: builds the
# binary, writes synthetic CSV plans of N devices (cycling over the samples'
# rows), and runs each command under /usr/bin/time -v, printing wall time and
# peak memory. Usage: scripts/bench-cli.sh [N ...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/makplan" ./cmd/makplan
for n in "${sizes[@]}"; do
  go run ./samples/gen -devices "$n" -out "$tmp/plan-$n.csv"
  for cmd in validate explain plan; do
    "$tmp/makplan" "$cmd" --help >/dev/null 2>&1 || continue
    args=(--config config.example.yaml --plan "$tmp/plan-$n.csv" --json)
    [ "$cmd" = plan ] && args+=(--out "$tmp/out-$n")
    /usr/bin/time -v "$tmp/makplan" "$cmd" "${args[@]}" >/dev/null 2>"$tmp/time.txt" || true
    wall=$(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{print $NF}')
    printf '%-8s %9d devices  wall %s  peak RSS %d MiB\n' "$cmd" "$n" "$wall" $((rss / 1024))
  done
done
