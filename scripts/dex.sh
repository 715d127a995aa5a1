#!/usr/bin/env bash
# Builds the Dex OIDC provider (v2.45.1) that the end-to-end tests sign in at,
# from the Go module proxy only, and prints the binary's path. A binary that
# is already there is reused; a build is written under a temporary name and
# moved into place, so an interrupted build never leaves a broken binary.
#
#   QBIZ_DEX_DIR  where the binary goes (default ~/.cache/qbiz/dex-v2.45.1)
set -euo pipefail

# v2.45.1 as the module proxy spells it (the tag itself predates Go modules'
# major-version rules, so only the pseudo-version resolves).
version=v0.0.0-20260303133905-11d2eeb52b42
api_version=v2.4.0 # api/v2 is unchanged between api/v2.4.0 and v2.45.1

dir="${QBIZ_DEX_DIR:-$HOME/.cache/qbiz/dex-v2.45.1}"
bin="$dir/dex"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$dir"
work=$(mktemp -d)
tmp="$dir/.dex.$$.tmp"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work" "$tmp"' EXIT
trap 'exit 1' INT TERM

echo "building Dex v2.45.1 into $bin (a few minutes on first use)" >&2
start=$SECONDS
cd "$work"
go mod download github.com/dexidp/dex@"$version"
cp -r "$(go env GOMODCACHE)/github.com/dexidp/dex@$version" dexsrc
chmod -R u+w dexsrc
cd dexsrc
# The module's go.mod replaces api/v2 with its own directory; resolve the
# published api/v2 module instead (same code, it adds the go.sum entries).
go mod edit -dropreplace github.com/dexidp/dex/api/v2
go get github.com/dexidp/dex/api/v2@"$api_version" >&2
go build -o "$tmp" ./cmd/dex
mv -f "$tmp" "$bin"
echo "built Dex in $((SECONDS - start))s" >&2
echo "$bin"
