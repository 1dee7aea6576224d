#!/usr/bin/env bash
# Cross-builds makplan for Windows, Linux and macOS on amd64 and arm64, with
# SHA-256 checksums, into dist/<version>/. The build is reproducible: the same
# commit gives the same bytes on any machine (-trimpath, no build ID, no cgo,
# and the build date is the commit's date, not the clock).
#
#   scripts/release.sh [VERSION]      (default: git describe --tags --always)
#   TARGETS="linux/amd64" scripts/release.sh ci   (only some targets, as CI does)
#
# A plain script rather than goreleaser: `go build` already cross-compiles
# this pure-Go program to every target, and a script needs no tool that
# Debian or the Go proxy does not ship.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo devel)}
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
date=$(git log -1 --format=%cI HEAD 2>/dev/null || echo unknown)
out=dist/$version
rm -rf "$out"
mkdir -p "$out"
for target in ${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}; do
  os=${target%/*}
  arch=${target#*/}
  ext=""
  [ "$os" = windows ] && ext=.exe
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid= -X main.version=$version -X main.commit=$commit -X main.buildDate=$date" \
    -o "$out/makplan-$version-$os-$arch$ext" ./cmd/makplan
done
(cd "$out" && sha256sum makplan-* > SHA256SUMS)
echo "$out:"
cat "$out/SHA256SUMS"
