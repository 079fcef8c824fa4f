#!/usr/bin/env bash
# The link step over saved unit artifacts gives the report a normal run
# gives: for each folder, `--save-units DIR` then `--link DIR/*.llu` must
# print the same findings, byte for byte, in text and SARIF (the SARIF's
# command line aside).  A file that is not an artifact is refused with
# its name, and the exit status says so.
# usage: link_round_trip.sh LEAKLINT SOURCE_DIR
set -euo pipefail
ll=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
fail=0
for dir in examples testcases/resource-leak testcases/lock-imbalance \
  testcases/loop-deferred-release testcases/unstopped-timer; do
  rm -rf "$tmp/units" && mkdir "$tmp/units"
  for fmt in text sarif; do
    "$ll" --no-color --format "$fmt" --save-units "$tmp/units" "$dir" >"$tmp/direct.$fmt" 2>/dev/null || true
    "$ll" --no-color --format "$fmt" --link "$tmp"/units/*.llu >"$tmp/linked.$fmt" 2>/dev/null || true
    grep -v '"commandLine"' "$tmp/direct.$fmt" >"$tmp/a" || true
    grep -v '"commandLine"' "$tmp/linked.$fmt" >"$tmp/b" || true
    if ! cmp -s "$tmp/a" "$tmp/b"; then
      echo "FAIL: $dir ($fmt): linking saved units differs from the direct run"
      diff "$tmp/a" "$tmp/b" | head -20
      fail=1
    fi
  done
  n=$(ls "$tmp/units" | wc -l)
  [ "$n" -gt 0 ] || { echo "FAIL: $dir: no unit artifacts saved"; fail=1; }
  grep -q 'warning:' "$tmp/direct.text" || { echo "FAIL: $dir: no findings to compare"; fail=1; }
done
# Not an artifact: refused by name, exit 2, and the good unit still linked.
echo 'int x;' >"$tmp/not-a-unit.llu"
set +e
"$ll" --no-color --link "$tmp/not-a-unit.llu" "$tmp"/units/*.llu >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
grep -q "not-a-unit.llu: error: not a leaklint unit artifact" "$tmp/err" ||
  { echo "FAIL: a bad artifact is not named:"; cat "$tmp/err"; fail=1; }
[ "$rc" -eq 1 ] || { echo "FAIL: findings and a bad input: exit $rc, want 1"; fail=1; }
exit $fail
