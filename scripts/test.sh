#!/usr/bin/env bash
# The whole test suite: formatting, vet, race-enabled tests, then each fuzz
# target for a bounded time. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${QBIZ_FUZZTIME:-5s}"

unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...
go test -race -count=1 -timeout 20m ./...

# Fuzz every native fuzz target briefly (go test -fuzz takes one target per run).
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz $pkg $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >/dev/null
  done
done
echo "all tests passed"
