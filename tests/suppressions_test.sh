#!/usr/bin/env bash
# Usage: suppressions_test.sh LEAKLINT SOURCE_DIR
# Inline suppressions: a comment at the leak or at the acquisition silences
# the finding in text, JSON and the exit status; SARIF shows it, with its
# justification, only under --include-suppressed; stale and misspelt
# suppressions are reported.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"

# One leak per function, each function as in real code: malloc, an early
# return that forgets it.
leak_fn() { # name, then the lines before "return 1;" and after "char *p ="
  cat <<C
int $1(int n) {
  char *p = malloc(n);$2
  if (!p)
    return -1;
  if (n > 10)$3
    return 1;$4
  free(p);
  return 0;
}
C
}
suppressed() {
  echo '#include <stdlib.h>'
  leak_fn at_leak '' '' ' // leaklint: ignore[resource-leak] the pool owns it'
  leak_fn at_acquisition ' /* leaklint: ignore freed by the arena */' '' ''
  leak_fn line_before '' '
    // leaklint: ignore[loop-deferred-release, resource-leak]: handed to the cache' ''
}
suppressed >"$tmp/all.c"
{
  suppressed
  leak_fn wrong_rule '' '
    // leaklint: ignore[lock-imbalance] not this rule' ''
  leak_fn not_suppressed '' '' ''
  echo 'int quiet(int n) {'
  echo '  // leaklint: ignore[resource-leak] nothing leaks here any more'
  echo '  return n;'
  echo '}'
  echo 'int typo(int n) {'
  echo '  return n; // leaklint: ignore[resource-leek] misspelt'
  echo '}'
} >"$tmp/s.c"

"$ll" --no-color "$tmp/s.c" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "unsuppressed findings remain"
[ "$(grep -c 'warning: .*\[resource-leak\]' "$tmp/out")" = 2 ] && ok ||
  { fail "two findings left (wrong_rule, not_suppressed):"; cat "$tmp/out"; }
wrong=$(grep -n "not this rule" "$tmp/s.c" | cut -d: -f1)
expect_grep "s.c:$((wrong + 1)):5: warning" "$tmp/out" "a suppression of another rule does not apply"
line=$(grep -n "^int not_suppressed" "$tmp/s.c" | cut -d: -f1)
expect_grep "s.c:$((line + 5)):5: warning" "$tmp/out" "an unsuppressed leak is still reported"
expect_grep "^2 findings; 3 suppressed by comments\.$" "$tmp/out" "summary counts suppressed"
expect_grep "s.c:[0-9]+:[0-9]+: warning: unknown rule in suppression: 'resource-leek'" "$tmp/err" \
  "misspelt rule named without -v"
expect_no_grep "unused suppression" "$tmp/err" "unused suppressions only under -v"

# -v: stale suppressions, at their own comment
"$ll" --no-color -v "$tmp/s.c" >/dev/null 2>"$tmp/err"
quiet=$(grep -n "nothing leaks here" "$tmp/s.c" | cut -d: -f1)
expect_grep "s.c:$quiet:3: warning: unused suppression" "$tmp/err" "stale suppression under -v"
expect_grep "s.c:$wrong:5: warning: unused suppression" "$tmp/err" "wrong-rule suppression is unused"
[ "$(grep -c 'unused suppression' "$tmp/err")" = 2 ] && ok || { fail "exactly two unused:"; cat "$tmp/err"; }
# a rule that did not run cannot use a suppression: not stale
"$ll" --no-color -v --disable lock-imbalance "$tmp/s.c" >/dev/null 2>"$tmp/err"
expect_no_grep "s.c:$wrong:5: warning: unused" "$tmp/err" "disabled rule's suppression not stale"

# all suppressed: exit 0
"$ll" --no-color "$tmp/all.c" >"$tmp/out" 2>&1
expect_status 0 $? "only suppressed findings"
expect_grep "^0 findings; 3 suppressed by comments\.$" "$tmp/out" "summary of an all-suppressed run"

# JSON leaves them out
"$ll" --format json "$tmp/s.c" >"$tmp/r.json" 2>/dev/null
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1])); process.exit(r.findings.length === 2 ? 0 : 1)' "$tmp/r.json" &&
  ok || fail "JSON has the two unsuppressed findings"

# SARIF: not there by default; with --include-suppressed, inSource and the reason
"$ll" --format sarif -o "$tmp/plain.sarif" "$tmp/s.c" 2>/dev/null
"$ll" --format sarif --include-suppressed -o "$tmp/all.sarif" "$tmp/s.c" 2>/dev/null
expect_status 1 $? "--include-suppressed keeps the exit status"
node - "$tmp/plain.sarif" "$tmp/all.sarif" >"$tmp/sarif.txt" <<'JS'
const fs = require("fs");
const [plain, all] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f)).runs[0].results);
console.log(`plain ${plain.length} ${plain.filter((r) => r.suppressions).length}`);
console.log(`all ${all.length}`);
for (const r of all)
  if (r.suppressions)
    console.log(`suppressed ${r.suppressions[0].kind} ${JSON.stringify(r.suppressions[0].justification)}`);
JS
expect_grep "^plain 2 0$" "$tmp/sarif.txt" "SARIF without suppressed results by default"
expect_grep "^all 5$" "$tmp/sarif.txt" "SARIF with suppressed results"
expect_grep '^suppressed inSource "the pool owns it"$' "$tmp/sarif.txt" "trailing comment's reason"
expect_grep '^suppressed inSource "freed by the arena"$' "$tmp/sarif.txt" "block comment's reason"
expect_grep '^suppressed inSource "handed to the cache"$' "$tmp/sarif.txt" "rule list and reason"
if [ -x "$src/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
  "$src/scripts/validate-sarif.sh" --strict "$tmp/all.sarif" >"$tmp/v" 2>&1 && ok ||
    { fail "SARIF with suppressions validates:"; cat "$tmp/v"; }
fi

finish
