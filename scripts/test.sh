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
# Every security check must be guarded by a test that fails without it.
scripts/mutants.sh

# fuzz runs one target; a failure that left a reproducer under testdata/fuzz
# is a finding and fails at once. A failure without one is the fuzzing
# engine's own trouble (a stalled worker), which gets one more try.
fuzz() {
  local pkg=$1 target=$2 dir=$3 log
  log=$(mktemp)
  for attempt in 1 2; do
    if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
      rm -f "$log"; return 0
    fi
    if [ -n "$(git -C "$dir" status --porcelain -- testdata/fuzz 2>/dev/null)" ]; then break; fi
    echo "  $target: fuzzing engine failed without a finding (attempt $attempt)"; tail -n 5 "$log"
  done
  echo "FAIL: fuzz $pkg $target"; tail -n 40 "$log"; rm -f "$log"; return 1
}

# Fuzz every native fuzz target briefly (go test -fuzz takes one target per run).
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz $pkg $target ($fuzztime)"
    fuzz "$pkg" "$target" "$dir"
  done
done
echo "all tests passed"
