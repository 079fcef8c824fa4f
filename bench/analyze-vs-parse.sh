#!/usr/bin/env bash
# Times leaklint against the parser floor: `clang -fsyntax-only` over the
# same translation units with the same flags.  Run by hand; the figures go
# in notes, never into tests.
#
# usage: bench/analyze-vs-parse.sh LEAKLINT BUILD_DIR [JOBS]
#   BUILD_DIR holds compile_commands.json; JOBS defaults to nproc.
set -euo pipefail
ll=$(realpath "$1")
db=$(realpath "$2")/compile_commands.json
jobs=${3:-$(nproc)}
clang=${CLANG:-clang}
[ -f "$db" ] || { echo "no $db" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One shell command per unit: its own directory and flags, output dropped.
node - "$db" "$clang" >"$tmp/cmds" <<'JS'
const [db, clang] = process.argv.slice(2);
const q = s => "'" + s.replace(/'/g, "'\\''") + "'";
const seen = new Set(); /* leaklint parses each file once, with its first command */
for (const e of JSON.parse(require('fs').readFileSync(db))) {
  const file = require('path').resolve(e.directory, e.file);
  if (seen.has(file)) continue;
  seen.add(file);
  let args = e.arguments || e.command.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g).map(a => a.replace(/^["']|["']$/g, ''));
  args = args.slice(1);
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-o' || args[i] === '-MF' || args[i] === '-MT' || args[i] === '-MQ') { i++; continue; }
    if (['-c', '-MD', '-MMD'].includes(args[i])) continue;
    out.push(args[i]);
  }
  console.log(`cd ${q(e.directory)} && ${clang} -fsyntax-only -w ${out.map(q).join(' ')}`);
}
JS
units=$(wc -l <"$tmp/cmds")
files=$(node -e 'for (const e of JSON.parse(require("fs").readFileSync(process.argv[1]))) console.log(require("path").resolve(e.directory, e.file))' "$db" | sort -u)

now() { date +%s.%N; }
run_parse() { # jobs
  tr '\n' '\0' <"$tmp/cmds" | xargs -0 -P "$1" -I{} bash -c '{}' >/dev/null 2>&1 || true
}
t0=$(now); run_parse 1; t1=$(now); run_parse "$jobs"; t2=$(now)
# The same parses inside one process (no process start per unit): the
# floor leaklint's own work sits on.
# shellcheck disable=SC2086
"$ll" -p "$(dirname "$db")" -j 1 --parse-only --format json -o "$tmp/p1.json" $files 2>/dev/null || true
t2b=$(now)
# shellcheck disable=SC2086
/usr/bin/time -f "%M" -o "$tmp/rss1" "$ll" -p "$(dirname "$db")" -j 1 --format json -o "$tmp/r1.json" $files 2>/dev/null || true
t3=$(now)
# shellcheck disable=SC2086
"$ll" -p "$(dirname "$db")" -j "$jobs" --format json -o "$tmp/rN.json" $files 2>/dev/null || true
t4=$(now)
findings=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).findings.length)' "$tmp/rN.json")
printf 'units: %s\n' "$units"
printf 'clang -fsyntax-only  -j1: %6.2fs   -j%s: %6.2fs\n' "$(awk "BEGIN{print $t1-$t0}")" "$jobs" "$(awk "BEGIN{print $t2-$t1}")"
printf 'libclang parse only  -j1: %6.2fs   (one process)\n' "$(awk "BEGIN{print $t2b-$t2}")"
printf 'leaklint             -j1: %6.2fs   -j%s: %6.2fs   (peak RSS -j1: %s MiB)\n' \
  "$(awk "BEGIN{print $t3-$t2b}")" "$jobs" "$(awk "BEGIN{print $t4-$t3}")" "$(($(tail -n 1 "$tmp/rss1") / 1024))"
printf 'findings: %s\n' "$findings"
