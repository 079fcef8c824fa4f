#!/usr/bin/env bash
# Usage: baseline_test.sh LEAKLINT SOURCE_DIR
# --baseline FILE.sarif and --baseline-ref GIT_REF, with real git in a
# scratch repository: known findings stay known when code moves above them,
# a new leak is reported alone, a fixed one is "absent" in SARIF, the
# temporary worktree is removed, and bad baselines are input errors.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
scratch_git
export TMPDIR="$tmp/t"
mkdir -p "$TMPDIR"

r="$tmp/repo dir"
mkdir -p "$r/src"
cd "$r" && git init -q .
cat >"$r/src/old.c" <<'C'
#include <stdlib.h>
int known(int n) {
  char *p = malloc(n);
  if (!p)
    return -1;
  if (n > 10)
    return 1;
  free(p);
  return 0;
}
int fixed_later(int n) {
  char *q = malloc(n);
  if (n > 3)
    return 2;
  free(q);
  return 0;
}
C
git add . && git commit -qm "today's code"
"$ll" --format sarif -o "$tmp/base.sarif" src >/dev/null 2>&1
expect_status 1 $? "today's findings"

# a new function above the known leak (moving it down), a new leak, a fix
python3 - "$r/src/old.c" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("int known(int n) {", """int added(int n) {
  char *r = malloc(n);
  if (n > 5)
    return 3;
  free(r);
  return 0;
}

int known(int n) {""")
s = s.replace("  if (n > 3)\n    return 2;\n  free(q);", "  free(q);\n  if (n > 3)\n    return 2;")
open(p, "w").write(s)
PY

"$ll" --no-color --baseline "$tmp/base.sarif" src >"$tmp/out" 2>&1
expect_status 1 $? "a new finding against the baseline"
expect_grep "^src/old.c:5:5: warning: .*'r' from malloc" "$tmp/out" "the new leak is reported"
[ "$(grep -c 'warning:' "$tmp/out")" = 1 ] && ok || { fail "only the new leak:"; cat "$tmp/out"; }
expect_grep "^1 finding; 1 more in the baseline\.$" "$tmp/out" "summary counts the baseline's"
"$ll" --no-color --baseline "$tmp/base.sarif" --fail-on=any src >/dev/null 2>&1
expect_status 1 $? "--fail-on=any counts baseline findings"

"$ll" --format sarif -o "$tmp/now.sarif" --baseline "$tmp/base.sarif" src >/dev/null 2>&1
node - "$tmp/now.sarif" >"$tmp/states" <<'JS'
const r = JSON.parse(require("fs").readFileSync(process.argv[2])).runs[0].results;
for (const x of r) console.log(`${x.baselineState} ${x.locations[0].physicalLocation.region.startLine}`);
JS
for want in "new 5" "unchanged 15" "absent 14"; do
  expect_grep "^$want\$" "$tmp/states" "SARIF baselineState $want"
done
[ "$(wc -l <"$tmp/states")" = 3 ] && ok || { fail "three results:"; cat "$tmp/states"; }
# a baseline from a version whose rules were ordered otherwise: the absent
# result points at this run's rule
node -e 'const fs = require("fs"), f = process.argv[1], log = JSON.parse(fs.readFileSync(f));
         for (const r of log.runs[0].results) r.ruleIndex = 0;
         fs.writeFileSync(f, JSON.stringify(log))' "$tmp/base.sarif"
"$ll" --format sarif -o "$tmp/now.sarif" --baseline "$tmp/base.sarif" src >/dev/null 2>&1
node -e 'const run = JSON.parse(require("fs").readFileSync(process.argv[1])).runs[0];
         process.exit(run.results.every((r) => run.tool.driver.rules[r.ruleIndex].id === r.ruleId) ? 0 : 1)' \
  "$tmp/now.sarif" && ok || fail "every result's ruleIndex names its ruleId"
if [ -x "$src/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
  "$src/scripts/validate-sarif.sh" --strict "$tmp/now.sarif" >"$tmp/v" 2>&1 && ok ||
    { fail "SARIF with baselineState validates:"; cat "$tmp/v"; }
fi

# the same baseline, made from the commit in a temporary worktree; from a
# subdirectory, with relative and absolute paths
"$ll" --no-color --baseline-ref HEAD src >"$tmp/out" 2>&1
expect_status 1 $? "--baseline-ref HEAD"
[ "$(grep -c 'warning:' "$tmp/out")" = 1 ] && ok || { fail "--baseline-ref: only the new leak:"; cat "$tmp/out"; }
(cd src && "$ll" --no-color --baseline-ref HEAD old.c) >"$tmp/out" 2>&1
expect_grep "^old.c:5:5: warning" "$tmp/out" "--baseline-ref from a subdirectory"
[ "$(grep -c 'warning:' "$tmp/out")" = 1 ] && ok || { fail "subdirectory: only the new leak:"; cat "$tmp/out"; }
"$ll" --no-color --baseline-ref main "$r/src/old.c" >"$tmp/out" 2>&1
[ "$(grep -c 'warning:' "$tmp/out")" = 1 ] && ok || { fail "absolute path: only the new leak:"; cat "$tmp/out"; }
[ "$(git worktree list | wc -l)" = 1 ] && ok || { fail "worktree left behind:"; git worktree list; }
[ -z "$(ls "$TMPDIR")" ] && ok || { fail "temporary files left:"; ls -R "$TMPDIR"; }
git diff --quiet HEAD -- src/old.c && fail "the working tree's edit is gone" || ok

# the fix committed, the new leak staged only: clean against HEAD~0 except the new one
git commit -qam "more"
"$ll" --no-color --baseline-ref HEAD src >"$tmp/out" 2>&1
expect_status 0 $? "nothing new against the current commit"

# a CMake-style project: its flags (-Iinclude) only in build/compile_commands.json,
# which is not committed; the commit's files take their counterparts' flags
c="$tmp/cmake proj"
mkdir -p "$c/src" "$c/include" "$c/build"
printf '#include <stdlib.h>\nstatic inline char *buf_new(int n) { return malloc(n); }\n' >"$c/include/buf.h"
{ printf '#include "buf.h"\n'; leak_c | sed '1d; s/malloc(n)/buf_new(n)/'; } >"$c/src/a.c"
printf '[{"directory": "%s", "file": "src/a.c", "command": "cc -Iinclude -c src/a.c"}]\n' "$c" \
  >"$c/build/compile_commands.json"
(cd "$c" && git init -q . && echo build/ >.gitignore && git add . && git commit -qm one)
(cd "$c" && "$ll" --no-color -p build src) >"$tmp/out" 2>&1
expect_status 1 $? "the CMake-style project's leak"
(cd "$c" && "$ll" --no-color -p build --baseline-ref HEAD src) >"$tmp/out" 2>&1
expect_status 0 $? "--baseline-ref with -p build: nothing new"
expect_grep "^0 findings; 1 more in the baseline\.$" "$tmp/out" "--baseline-ref with -p build: the leak is known"
# a file the database does not build (another platform's) is skipped in
# both runs, so the baseline has no result the current run lacks
leak_c >"$c/src/other_platform.c"
(cd "$c" && git add src/other_platform.c && git commit -qm other)
(cd "$c" && "$ll" -p build --baseline-ref HEAD --format sarif -o "$tmp/c.sarif" src) >/dev/null 2>&1
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1])).runs[0].results;
         process.exit(r.length === 1 && r[0].baselineState === "unchanged" ? 0 : 1)' "$tmp/c.sarif" &&
  ok || { fail "the baseline run skips what the database does not build:"; cat "$tmp/c.sarif"; }
cp "$c/build/compile_commands.json" "$c/compile_commands.json" # found by walking up
printf 'compile_commands.json\n' >>"$c/.git/info/exclude"
(cd "$c" && "$ll" --no-color --baseline-ref HEAD src) >"$tmp/out" 2>&1
expect_status 0 $? "--baseline-ref with a database found by walking up"

# bad baselines: errors, exit 2, no crash
"$ll" --no-color --baseline "$tmp/none.sarif" src >"$tmp/out" 2>&1
expect_status 2 $? "missing baseline file"
expect_grep "none\.sarif: error: baseline: cannot read: No such file or directory" "$tmp/out" "missing baseline message"
printf '{"version": "2.1.0"}\n' >"$tmp/bad.sarif"
"$ll" --no-color --baseline "$tmp/bad.sarif" src >"$tmp/out" 2>&1
expect_status 2 $? "not a SARIF log"
expect_grep "bad\.sarif: error: baseline: not a SARIF log" "$tmp/out" "not-SARIF message"
printf '{"runs": [\n  {"results": [}\n]}\n' >"$tmp/broken.sarif"
"$ll" --no-color --baseline "$tmp/broken.sarif" src >"$tmp/out" 2>&1
expect_status 2 $? "a baseline that is not JSON"
expect_grep "broken\.sarif:2:16: error: JSON syntax error" "$tmp/out" "its position"
"$ll" --no-color --baseline-ref no-such-ref src >"$tmp/out" 2>&1
expect_status 2 $? "unknown ref"
expect_grep "error: --baseline-ref no-such-ref: not a commit" "$tmp/out" "unknown ref message"
(cd "$tmp" && "$ll" --no-color --baseline-ref HEAD "$r/src") >"$tmp/out" 2>&1
expect_status 2 $? "--baseline-ref outside a repository"
expect_grep "not inside a git work tree" "$tmp/out" "outside a repository message"
# the config file's baseline, relative to it
cp "$tmp/base.sarif" "$r/leaklint-baseline.sarif"
printf '{"baseline": "leaklint-baseline.sarif"}\n' >"$r/.leaklint.json"
(cd "$r/src" && "$ll" --no-color --fail-on=new old.c) >"$tmp/out" 2>&1
[ "$(grep -c 'warning:' "$tmp/out")" = 1 ] && ok || { fail "config's baseline:"; cat "$tmp/out"; }
(cd "$r/src" && "$ll" --no-color --no-baseline old.c) >"$tmp/out" 2>&1
[ "$(grep -c 'warning:' "$tmp/out")" = 2 ] && ok || { fail "--no-baseline:"; cat "$tmp/out"; }

finish
