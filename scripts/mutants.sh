#!/usr/bin/env bash
# Mutation check of the security checks. Each line of scripts/mutants.txt
# breaks one check in a scratch copy of the tree; the tests of that file's
# package (the -run subset named on the line) must then fail. The working
# tree itself is never modified.
#
#   scripts/mutants.sh [LIST]       # LIST defaults to scripts/mutants.txt
#   QBIZ_MUTANTS_TREE=head          # copy the last commit, not the work tree
#   QBIZ_MUTANT_TIMEOUT=90s         # bound on one mutant's test run
#
# Line format, TAB-separated, '#' comments and blank lines ignored:
#   file  original  replacement  test-run-regex  what it breaks
# `original` must occur exactly once in `file`. A mutant is killed when the
# tests fail (or time out), survives when they pass, and is an error when it
# does not compile. Prints each result and the kill count; exits 1 unless
# every mutant is killed.
set -euo pipefail
cd "$(dirname "$0")/.."

list=${1:-scripts/mutants.txt}
per_mutant=${QBIZ_MUTANT_TIMEOUT:-90s}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/qbiz-mutants.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# The scratch copy: every file git knows (tracked or new, not ignored) as it
# is in the working tree now; with QBIZ_MUTANTS_TREE=head, the last commit
# only (for a checkout where others are mid-edit).
if [ "${QBIZ_MUTANTS_TREE:-}" = head ]; then
  git archive HEAD | tar -xf - -C "$scratch"
else
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$scratch"
fi

# occurrences FILE ORIGINAL: how many times ORIGINAL occurs in FILE.
occurrences() {
  ORIG=$2 perl -0777 -ne 'print scalar(() = /\Q$ENV{ORIG}\E/g)' "$1"
}

# mutate FILE ORIGINAL REPLACEMENT: replace the one occurrence in place.
mutate() {
  ORIG=$2 REPL=$3 perl -0777 -i -pe 's/\Q$ENV{ORIG}\E/$ENV{REPL}/' "$1"
}

# Read and check every line before running anything, so a stale list fails
# at once.
files=() origs=() repls=() regexes=() whats=() bad=0 n=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  case "$line" in '' | '#'*) continue ;; esac
  # A non-blank separator keeps an empty field (a deletion) in its place.
  IFS=$'\x1f' read -r file orig repl regex what <<<"${line//$'\t'/$'\x1f'}"
  if [ -z "${file:-}" ] || [ -z "${orig:-}" ] || [ -z "${regex:-}" ] || [ -z "${what:-}" ]; then
    echo "$list:$n: want 5 TAB-separated fields: $line"; bad=1; continue
  fi
  if [ ! -f "$scratch/$file" ]; then
    echo "$list:$n: no such file $file"; bad=1; continue
  fi
  if [ "$(occurrences "$scratch/$file" "$orig")" != 1 ]; then
    echo "$list:$n: '$orig' occurs $(occurrences "$scratch/$file" "$orig") times in $file, want exactly 1"; bad=1; continue
  fi
  files+=("$file") origs+=("$orig") repls+=("${repl:-}") regexes+=("$regex") whats+=("$what")
done <"$list"
if [ "$bad" != 0 ]; then
  echo "FAIL: $list is out of date with the code"; exit 1
fi

# build DIR BIN: compile DIR's tests into BIN.
build() {
  (cd "$scratch" && go test -c -o "$2" "./$1")
}

# run DIR BIN REGEX: run the tests REGEX selects, in DIR as go test does.
run() {
  (cd "$scratch/$1" && timeout "$per_mutant" "$2" -test.count=1 -test.failfast \
    -test.timeout "$per_mutant" -test.run "$3")
}

bin=$scratch/.mutant.test log=$scratch/.mutant.log start=$SECONDS

# Baseline: with no mutant every selected test passes (else every mutant
# would look killed). This also fills the build cache for the scratch copy.
for dir in $(printf '%s\n' "${files[@]}" | xargs -n1 dirname | sort -u); do
  union=""
  for i in "${!files[@]}"; do
    [ "$(dirname "${files[$i]}")" = "$dir" ] && union="$union|(${regexes[$i]})"
  done
  if ! { build "$dir" "$bin" && run "$dir" "$bin" "${union#|}"; } >"$log" 2>&1; then
    echo "FAIL: without mutants the tests of $dir fail:"; tail -n 30 "$log"; exit 1
  fi
done
echo "baseline passes ($((SECONDS - start))s)"

total=${#files[@]} killed=0 survived=0 broken=0
for i in "${!files[@]}"; do
  file=${files[$i]} dir=$(dirname "${files[$i]}") t0=$SECONDS
  cp "$scratch/$file" "$scratch/$file.orig"
  mutate "$scratch/$file" "${origs[$i]}" "${repls[$i]}"
  if ! build "$dir" "$bin" >"$log" 2>&1; then
    result=BROKEN broken=$((broken + 1))
  elif run "$dir" "$bin" "${regexes[$i]}" >"$log" 2>&1; then
    result=SURVIVED survived=$((survived + 1))
  else
    result=killed killed=$((killed + 1))
  fi
  mv "$scratch/$file.orig" "$scratch/$file"
  printf '%-8s %3ds  %s: %s\n' "$result" $((SECONDS - t0)) "$file" "${whats[$i]}"
  case $result in
    SURVIVED) grep -q 'no tests to run' "$log" && echo "         (-run '${regexes[$i]}' matches no test)" ;;
    BROKEN) sed -n '1,8s/^/         /p' "$log" ;;
  esac
done

echo "mutants: $killed of $total killed, $survived survived, $broken do not compile ($((SECONDS - start))s)"
[ "$killed" = "$total" ]
