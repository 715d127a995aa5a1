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

# Some end-to-end tests drive tools from outside Go; without one they skip
# (QBIZ_REQUIRE_DEX, _REDIS, _BROWSER=1 make them fail instead).
for tool in chromium redis-server; do
  command -v "$tool" >/dev/null 2>&1 || echo "note: $tool is not on PATH: the tests that need it will be skipped"
done
if [ -z "${QBIZ_DEX:-}" ]; then
  # scripts/dex.sh builds Dex from the Go module proxy once (a few minutes)
  # and reuses the binary afterwards.
  echo "QBIZ_DEX is unset: building (or reusing) Dex with scripts/dex.sh"
  if dex=$(scripts/dex.sh); then
    export QBIZ_DEX="$dex"
  elif [ "${QBIZ_REQUIRE_DEX:-}" = 1 ]; then
    echo "FAIL: scripts/dex.sh could not build Dex"; exit 1
  else
    echo "note: scripts/dex.sh could not build Dex: the Dex tests will be skipped"
  fi
fi
go test -race -count=1 -timeout 40m ./...
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
