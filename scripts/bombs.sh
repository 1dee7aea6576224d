#!/usr/bin/env bash
# Times makplan on the hostile inputs of docs/robustness.md (written by
# scripts/bombgen: zip bombs, millions of rows, a .cilx nested millions
# deep, endless CSV lines and cells; since issue 28 also long hex words,
# merged ranges to the last row, a YAML alias bomb, giant names, Click-to-Run
# floods, histories to migrate or full of requests, a -wal of 400 MB, an
# output folder with a 4 GB manifest and a FIFO) with /usr/bin/time, printing
# for each the exit status, wall time, peak memory and what makplan said.
# Each must end in under 5 s and 300 MB with the exit status its row expects
# (1: a problem naming the limit; 0 or 3: the run goes on, the input's
# trouble bounded).
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
export MAKPLAN_INPUTS_AS_OF=2026-11-27 MAKPLAN_TODAY=2027-01-31 MAKPLAN_HISTORY_PATH=off
cfg=config.example.yaml

# An output folder whose manifest is a 4 GB sparse file and whose listed
# workbook was replaced by a FIFO (issue 28, finding 10); a history whose
# -wal is 400 MB (finding 11).
mkdir -p "$dir/outbomb"
truncate -s 4G "$dir/outbomb/.makplan-outputs.json"
mkfifo "$dir/outbomb/capacity-plan.xlsx.old" 2>/dev/null || true
cp "$dir/requests-history.db" "$dir/wal-history.db"
truncate -s 400M "$dir/wal-history.db-wal"

printf '%-22s %4s %7s %8s  %s\n' input exit wall "peak MB" "what makplan said"
fail=0
# bomb NAME WANT [VAR=VALUE ...] -- ARGS...: run makplan ARGS, want exit WANT
# (a|b for either).
bomb() {
  local name=$1 want=$2
  shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  set +e
  env "${envs[@]}" /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$dir/makplan" "$@" >"$dir/out.txt" 2>"$dir/err.txt"
  local status=$?
  set -e
  local wall rss
  read -r wall rss < <(tail -1 "$dir/time.txt")
  local said
  said=$(grep -m1 -h '^error:\|^makplan: ' "$dir/out.txt" "$dir/err.txt" | sed "s|$dir/||g" | cut -c1-150 || true)
  [ -n "$said" ] || said=$(tail -1 "$dir/out.txt" | cut -c1-150)
  printf '%-22s %4s %6ss %8d  %s\n' "$name" "$status" "$wall" $((rss / 1024)) "$said"
  if ! [[ "|$want|" == *"|$status|"* ]] || [ $((rss / 1024)) -ge 300 ] || awk "BEGIN{exit !($wall >= 5)}"; then
    echo "  ^ FAILED: want exit $want, under 5 s and 300 MB" >&2
    fail=1
  fi
}

for b in media.xlsx sst-128mb.xlsx; do
  bomb "$b" 0 -- validate --config $cfg --plan "$dir/$b"
done
for b in sheet-3gb.xlsx sheet-3gb-lying.xlsx sst-512mb.xlsx rows-6.4m.xlsx cell-50mb.xlsx line-1gb.csv line-400mb.csv cell-50mb.csv; do
  bomb "$b" 1 -- validate --config $cfg --plan "$dir/$b"
done
bomb deep.cilx 1 -- validate --config $cfg --keys "$dir/deep.cilx"
# Issue 28.
bomb hexwaves.csv "0|3" -- plan --config $cfg --plan "$dir/hexwaves.csv" --out "$dir/out-hex"
bomb merged.xlsx 0 -- validate --config $cfg --plan "$dir/merged.xlsx"
bomb alias.yaml 1 -- validate --config "$dir/alias.yaml"
bomb headers.csv 0 -- validate --config $cfg --plan "$dir/headers.csv"
bomb products.csv 1 -- validate --config $cfg --plan "$dir/products.csv"
bomb keyproducts.csv 0 -- validate --config $cfg --keys "$dir/keyproducts.csv"
bomb c2r.csv 0 -- validate --config $cfg --plan "$dir/c2r.csv"
bomb c2r-conflict.csv 1 -- validate --config $cfg --plan "$dir/c2r-conflict.csv"
bomb old-history.db "0|3" MAKPLAN_HISTORY_PATH="$dir/old-history.db" -- check --config $cfg
bomb requests-history.db "0|3" MAKPLAN_HISTORY_PATH="$dir/requests-history.db" -- check --config $cfg
bomb wal-history.db "0|3" MAKPLAN_HISTORY_PATH="$dir/wal-history.db" -- check --config $cfg
bomb outbomb "0|3" -- plan --config $cfg --out "$dir/outbomb"
exit $fail
