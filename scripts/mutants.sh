#!/usr/bin/env bash
# Mutation check of the security checks. Each line of scripts/mutants.txt
# breaks one check in a scratch copy of the tree; the tests of that file's
# package (the -run subset named on the line) must then fail. The working
# tree itself is never modified.
#
#   scripts/mutants.sh [LIST]       # LIST defaults to scripts/mutants.txt
#   QBIZ_MUTANTS_TREE=head          # copy the last commit, not the work tree
#   QBIZ_MUTANT_TIMEOUT=90s         # bound on one mutant's test run
#   QBIZ_MUTANT_JOBS=2              # mutants tested at once
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
trap 'rm -rf "$scratch" "$scratch".*' EXIT

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

# build TREE DIR BIN: compile DIR's tests in TREE into BIN.
build() {
  (cd "$1" && go test -c -o "$3" "./$2")
}

# run TREE DIR BIN REGEX: run the tests REGEX selects, in DIR as go test does.
run() {
  (cd "$1/$2" && timeout "$per_mutant" "$3" -test.count=1 -test.failfast \
    -test.timeout "$per_mutant" -test.run "$4")
}

start=$SECONDS

# Baseline: with no mutant every selected test passes (else every mutant
# would look killed). This also fills the build cache for the scratch copy.
for dir in $(printf '%s\n' "${files[@]}" | xargs -n1 dirname | sort -u); do
  union=""
  for i in "${!files[@]}"; do
    [ "$(dirname "${files[$i]}")" = "$dir" ] && union="$union|(${regexes[$i]})"
  done
  if ! { build "$scratch" "$dir" "$scratch/.mutant.test" &&
    run "$scratch" "$dir" "$scratch/.mutant.test" "${union#|}"; } >"$scratch/.mutant.log" 2>&1; then
    echo "FAIL: without mutants the tests of $dir fail:"; tail -n 30 "$scratch/.mutant.log"; exit 1
  fi
done
echo "baseline passes ($((SECONDS - start))s)"

# mutant TREE I: apply mutant I in TREE, test it, restore the file, and
# print one result (a single write, so parallel workers do not interleave).
mutant() {
  local tree=$1 i=$2 file=${files[$2]} dir result extra="" t0=$SECONDS
  dir=$(dirname "$file")
  cp "$tree/$file" "$tree/$file.orig"
  mutate "$tree/$file" "${origs[$i]}" "${repls[$i]}"
  if ! build "$tree" "$dir" "$tree/.mutant.test" >"$tree/.mutant.log" 2>&1; then
    result=BROKEN extra=$(sed -n '1,8s/^/         /p' "$tree/.mutant.log")
  elif run "$tree" "$dir" "$tree/.mutant.test" "${regexes[$i]}" >"$tree/.mutant.log" 2>&1; then
    result=SURVIVED
    grep -q 'no tests to run' "$tree/.mutant.log" && extra="         (-run '${regexes[$i]}' matches no test)"
  else
    result=killed
  fi
  mv "$tree/$file.orig" "$tree/$file"
  printf '%-8s %3ds  %s: %s\n%s' "$result" $((SECONDS - t0)) "$file" "${whats[$i]}" "${extra:+$extra
}"
  echo "$result" >>"$scratch/.mutant.results"
}

# Mutants run in QBIZ_MUTANT_JOBS workers (default 2), each with its own
# copy of the tree; compiling and linking one test binary keeps about one
# core busy.
jobs=${QBIZ_MUTANT_JOBS:-2} total=${#files[@]}
: >"$scratch/.mutant.results"
for ((w = 0; w < jobs; w++)); do
  tree=$scratch
  if [ "$w" -gt 0 ]; then tree=$scratch.$w; cp -a "$scratch" "$tree"; fi
  (for ((i = w; i < total; i += jobs)); do mutant "$tree" "$i"; done) &
done
wait

killed=$(grep -c '^killed$' "$scratch/.mutant.results" || true)
survived=$(grep -c '^SURVIVED$' "$scratch/.mutant.results" || true)
broken=$(grep -c '^BROKEN$' "$scratch/.mutant.results" || true)
echo "mutants: $killed of $total killed, $survived survived, $broken do not compile ($((SECONDS - start))s)"
[ "$killed" = "$total" ]
