#!/usr/bin/env bash
# Usage: exit_gating_test.sh LEAKLINT SOURCE_DIR
# --exit-zero and --fail-on: findings are still reported, the status says
# only what was asked; bad input still exits 2.  The text output's last
# line says what was not analysed.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"

leak_c >"$tmp/leak.c"

"$ll" --no-color --exit-zero "$tmp/leak.c" >"$tmp/out" 2>&1
expect_status 0 $? "--exit-zero with a finding"
expect_grep "leak.c:7:5: warning: .*\[resource-leak\]" "$tmp/out" "--exit-zero still reports"
"$ll" --no-color --exit-zero --format sarif -o "$tmp/r.sarif" "$tmp/leak.c" >/dev/null 2>&1
expect_status 0 $? "--exit-zero writing SARIF"
[ -s "$tmp/r.sarif" ] && ok || fail "--exit-zero writes the SARIF"
"$ll" --no-color --exit-zero "$tmp/leak.c" "$tmp/missing.c" >"$tmp/out" 2>&1
expect_status 2 $? "--exit-zero still fails on bad input"
"$ll" --no-color --fail-on=none "$tmp/leak.c" >/dev/null 2>&1
expect_status 0 $? "--fail-on=none"
"$ll" --no-color --fail-on=any "$tmp/leak.c" >/dev/null 2>&1
expect_status 1 $? "--fail-on=any"
"$ll" --no-color --fail-on new "$tmp/leak.c" >/dev/null 2>&1
expect_status 1 $? "--fail-on new without a baseline: every finding is new"
"$ll" --no-color --fail-on=some "$tmp/leak.c" >/dev/null 2>"$tmp/err"
expect_status 2 $? "--fail-on with a bad value"
expect_grep "fail-on wants new, any or none" "$tmp/err" "--fail-on's message"

# The summary line: functions past the budget, files outside the database
# (eight tests each asked twice: 256 combinations live at once)
{
  printf 'void g(int);\nvoid wide(int a, int b, int c, int d, int e, int f, int h, int i) {\n'
  for round in 1 2; do
    for v in a b c d e f h i; do printf '  if (%s) g(%d);\n' "$v" "$round"; done
  done
  printf '}\n'
} >"$tmp/wide.c"
"$ll" --no-color --budget 100 "$src/testcases/loop-deferred-release/batch_import.c" "$tmp/wide.c" \
  >"$tmp/out" 2>&1
expect_grep "^3 findings; 1 function over the analysis budget was skipped \(-v lists them\)\.$" \
  "$tmp/out" "summary names the function past the budget"
mkdir -p "$tmp/proj/src"
cp "$tmp/leak.c" "$tmp/proj/src/a.c"
printf 'int other(void) { return 0; }\n' >"$tmp/proj/src/b.c"
printf 'int third(void) { return 0; }\n' >"$tmp/proj/src/c.c"
printf '[{"directory": "%s", "file": "src/a.c", "command": "cc -c src/a.c"}]\n' "$tmp/proj" \
  >"$tmp/proj/compile_commands.json"
"$ll" --no-color "$tmp/proj/src" >"$tmp/out" 2>&1
expect_grep "^1 finding; 2 source files not in the compilation database were skipped \(-v lists them\)\.$" \
  "$tmp/out" "summary names the files outside the database"
# a clean run that skipped nothing stays silent
printf 'int clean(void) { return 0; }\n' >"$tmp/clean.c"
"$ll" --no-color "$tmp/clean.c" >"$tmp/out" 2>&1
[ ! -s "$tmp/out" ] && ok || { fail "a clean run prints nothing:"; cat "$tmp/out"; }

finish
