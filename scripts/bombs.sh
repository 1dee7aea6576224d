#!/usr/bin/env bash
# Times makplan on the hostile inputs of docs/robustness.md (written by
# scripts/bombgen: zip bombs, millions of rows, a .cilx nested millions
# deep, endless CSV lines and cells) with /usr/bin/time, printing for each
# the exit status, wall time, peak memory and the problem reported. Each
# must end in under 5 s and 300 MB, with exit 1 and a problem naming the
# limit — except the unreferenced picture, which is never read, and the
# 128 MB shared-string table, which is under the limit and read in a second
# (both exit 0: the plan in them is fine).
# Usage: scripts/bombs.sh [FOLDER]   (default: a temporary folder, removed after)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-}"
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
go build -o "$dir/makplan" ./cmd/makplan
go run ./scripts/bombgen -out "$dir"
export MAKPLAN_INPUTS_AS_OF=2026-11-27
printf '%-22s %4s %7s %8s  %s\n' input exit wall "peak MB" "what makplan said"
fail=0
for b in media.xlsx sheet-3gb.xlsx sheet-3gb-lying.xlsx sst-128mb.xlsx sst-512mb.xlsx rows-6.4m.xlsx cell-50mb.xlsx \
         deep.cilx line-1gb.csv line-400mb.csv cell-50mb.csv; do
  args=(validate --config config.example.yaml --plan "$dir/$b")
  [ "$b" = deep.cilx ] && args=(validate --config config.example.yaml --keys "$dir/$b")
  set +e
  /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$dir/makplan" "${args[@]}" >"$dir/out.txt" 2>/dev/null
  status=$?
  set -e
  read -r wall rss < <(tail -1 "$dir/time.txt")
  said=$(grep -m1 '^error:' "$dir/out.txt" | sed "s|$dir/||g" | cut -c8-200 || true)
  [ -n "$said" ] || said=$(tail -1 "$dir/out.txt")
  printf '%-22s %4s %6ss %8d  %s\n' "$b" "$status" "$wall" $((rss / 1024)) "$said"
  want=1
  case "$b" in media.xlsx | sst-128mb.xlsx) want=0 ;; esac
  if [ "$status" != "$want" ] || [ $((rss / 1024)) -ge 300 ] || awk "BEGIN{exit !($wall >= 5)}"; then
    fail=1
  fi
done
exit $fail
