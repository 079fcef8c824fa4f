#!/usr/bin/env bash
# Usage: config_test.sh LEAKLINT SOURCE_DIR
# .leaklint.json: found by walking up from the first path, its paths
# relative to itself, command-line options winning, errors at their
# position, --config, --no-config and --dump-config.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"

p="$tmp/proj"
mkdir -p "$p/src/net" "$p/vendor/zlib" "$p/tools/rules" "$p/build"
leak() { # allocator
  cat <<C
void *$1(int);
void pool_put(void *);
int use_$1(int n) {
  void *o = $1(n);
  if (!o)
    return -1;
  if (n > 10)
    return 1;
  pool_put(o);
  return 0;
}
C
}
printf '#include <stdlib.h>\n' >"$p/src/net/conn.c"
leak malloc | sed 's/pool_put(o)/free(o)/; /void pool_put/d; /void \*malloc/d' >>"$p/src/net/conn.c"
leak pool_get >"$p/src/net/pool.c"
cp "$p/src/net/conn.c" "$p/vendor/zlib/inflate.c"
cp "$p/src/net/conn.c" "$p/src/net/conn_test.c"
cat >"$p/tools/rules/pool.json" <<'J'
{"family": "pool", "kind": "resource", "description": "pool object", "release_hint": "pool_put()",
 "rules": ["resource-leak"],
 "functions": [{"name": "pool_get", "action": "acquire", "handle": "return", "failure": "null"},
               {"name": "pool_put", "action": "release", "handle": "arg0"}]}
J
cat >"$p/.leaklint.json" <<'J'
{
  "rules": ["tools/rules"],
  "exclude": ["vendor/*", "*_test.c"],
  "extra-args": ["-DPROJECT=1"],
  "budget": 5000,
  "fail-on": "any"
}
J

# found from a subdirectory; its rules directory is relative to the file
(cd "$p/src/net" && "$ll" --no-color .) >"$tmp/out" 2>&1
expect_status 1 $? "config found by walking up"
expect_grep "^pool.c:8:5: warning: pool object 'o' from pool_get\(\)" "$tmp/out" "rules dir from the config"
expect_grep "^conn.c:7:5: warning" "$tmp/out" "own sources analysed"
expect_no_grep "conn_test.c" "$tmp/out" "exclude glob without a slash matches base names"
(cd "$p" && "$ll" --no-color -v .) >"$tmp/out" 2>&1
expect_no_grep "inflate.c:.*warning" "$tmp/out" "exclude glob relative to the config"
expect_grep "vendor/zlib/inflate.c: excluded by .*\.leaklint\.json" "$tmp/out" "-v names excluded files"
# excluded even when named (a hook names files)
(cd "$p" && "$ll" --no-color vendor/zlib/inflate.c) >"$tmp/out" 2>&1
expect_status 0 $? "a named file that the config excludes"

# --no-config: no project rules, so pool.c is clean
(cd "$p/src/net" && "$ll" --no-color --no-config pool.c) >"$tmp/out" 2>&1
expect_status 0 $? "--no-config"
# --config names another file
printf '{"disable": ["resource-leak"]}\n' >"$tmp/other.json"
(cd "$p" && "$ll" --no-color --config "$tmp/other.json" src/net/conn.c) >"$tmp/out" 2>&1
expect_status 0 $? "--config FILE replaces the found one"

# command-line options win; lists add up
(cd "$p" && "$ll" --dump-config --budget 777 --fail-on=none --extra-arg=-DCLI src) >"$tmp/dump" 2>&1
expect_status 0 $? "--dump-config"
node - "$tmp/dump" "$p" >"$tmp/d" <<'JS'
const [file, proj] = process.argv.slice(2);
const c = JSON.parse(require("fs").readFileSync(file));
console.log(`config ${c.config === require("fs").realpathSync(proj) + "/.leaklint.json"}`);
console.log(`budget ${c.budget}`);
console.log(`fail-on ${c["fail-on"]}`);
console.log(`extra ${c["extra-args"].join(" ")}`);
console.log(`rules ${c.rules.map((r) => r.endsWith("/tools/rules")).join(" ")}`);
console.log(`enable ${c.enable.length} disable ${c.disable.length}`);
JS
for want in "config true" "budget 777" "fail-on none" "extra -DPROJECT=1 -DCLI" "rules true" "enable 7 disable 0"; do
  expect_grep "^$want\$" "$tmp/d" "dump-config: $want"
done
# the file's fail-on: any (exit 1) unless the command line says otherwise
(cd "$p" && "$ll" --no-color --exit-zero src) >/dev/null 2>&1
expect_status 0 $? "--exit-zero over the file's fail-on"

# rule selection: the file disables, the command line's --enable wins
printf '{"disable": ["resource-leak"]}\n' >"$tmp/dis.json"
(cd "$p" && "$ll" --no-color --config "$tmp/dis.json" --enable resource-leak src/net/conn.c) >/dev/null 2>&1
expect_status 1 $? "--enable over the file's disable"

# bad files: file:line:col: error:, exit 2, no crash
bad() { # json, expected message pattern, what
  printf '%b' "$1" >"$tmp/bad.json"
  "$ll" --no-color --config "$tmp/bad.json" "$p/src" >"$tmp/out" 2>&1
  local st=$?
  expect_status 2 $st "$3"
  expect_grep "$2" "$tmp/out" "$3 message"
}
bad '{\n  "budget": 5000,\n  "exlude": ["x"]\n}\n' '^.*bad\.json:3:3: error: unknown key "exlude"' "unknown key"
bad '{\n  "enable": ["resource-leek"]\n}\n' 'bad\.json:2:14: error: "enable": not a rule id' "unknown rule"
bad '{\n  "budget": "lots"\n}\n' 'bad\.json:2:13: error: "budget" must be a whole number' "bad budget"
bad '{\n  "rules": "dir"\n}\n' 'bad\.json:2:12: error: "rules" must be an array of strings' "rules not a list"
bad '{\n  "fail-on": "never"\n}\n' 'bad\.json:2:14: error: "fail-on" must be' "bad fail-on"
bad '{\n  "budget": 1000,\n  "budget": 2000\n}\n' 'bad\.json:3:3: error: "budget" given twice' "duplicate key"
bad '{\n  "exclude": ["a",]\n}\n' 'bad\.json:2:19: error: JSON syntax error' "syntax error"
bad '[1, 2]\n' 'bad\.json:1:1: error: a leaklint configuration is a JSON object' "not an object"
bad '' 'bad\.json:1:1: error: JSON syntax error: unexpected end of input' "empty file"
"$ll" --no-color --config "$tmp/none.json" "$p/src" >"$tmp/out" 2>&1
expect_status 2 $? "missing --config file"
expect_grep "none\.json: error: cannot read: No such file or directory" "$tmp/out" "missing file message"

finish
