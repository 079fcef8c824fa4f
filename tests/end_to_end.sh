#!/usr/bin/env bash
# The two halves together: the analyzer's SARIF finding for fd_leak.c is
# confirmed by a run of the leaking program and not by the fixed one.
# usage: end_to_end.sh LEAKLINT FD_LEAK_PROGRAM SOURCE_DIR
set -u
ll=$1 prog=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
check() { if eval "$1"; then passes=$((passes + 1)); else echo "FAIL: $2"; fails=$((fails + 1)); fi; }

cd "$src" || exit 1
"$ll" --format sarif -o "$tmp/findings.sarif" testcases/runtime/fd_leak.c
check '[ $? -eq 1 ]' "the analyzer reports fd_leak.c"
cp "$tmp/findings.sarif" "$tmp/fixed.sarif"

verdict() { # sarif file -> the verdict written on its first result
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1])).runs[0].results[0];
           const v = (r.properties || {})["leaklint/verdict"];
           console.log(typeof v === "string" ? v : (v && v.verdict) || "none")' "$1"
}

"$ll" verify --findings "$tmp/findings.sarif" -o "$tmp/leak" -- "$prog" leak >"$tmp/out" 2>&1
check 'grep -q "confirmed .*resource-leak .*fd_leak.c:16" "$tmp/out"' "the leaking run confirms the finding"
check 'grep -q "heap figures (~, est.) are estimates from sampling one allocation per 524288 bytes" "$tmp/out"' "the sampling rate is named"
check '[ "$(verdict "$tmp/findings.sarif")" = confirmed ]' "the verdict is written back into the SARIF"

"$ll" verify --findings "$tmp/fixed.sarif" -o "$tmp/fixed" -- "$prog" fixed >"$tmp/out2" 2>&1
check '[ "$(verdict "$tmp/fixed.sarif")" != confirmed ]' "the fixed run does not confirm it"

[ "$fails" -eq 0 ] || { cat "$tmp/out" "$tmp/out2"; }
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
