#!/usr/bin/env bash
# Usage: cli_test.sh LEAKLINT SOURCE_DIR
# Exit statuses, messages naming file and line on bad input, atomic output,
# and output that does not depend on -j.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"

leak_c >"$tmp/leak.c"
cat > "$tmp/clean.c" <<'C'
#include <stdlib.h>
void g(void) { free(malloc(4)); }
C
cat > "$tmp/broken.c" <<'C'
int f(void) {
  return 1 +;
}
C
cat > "$tmp/noheader.c" <<'C'
#include "does_not_exist.h"
int h(void) { return 0; }
C

# 1. findings: exit 1, GCC-style line with the rule id
"$ll" --no-color "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "a leak"
expect_grep "leak.c:7:5: warning: .*\[resource-leak\]" "$tmp/out" "text format"
expect_grep "leak.c:3:13: note: 'p' acquired here by malloc\(\)" "$tmp/out" "acquisition note"

# 1b. a test a macro makes around its argument reads as the invocation
cat > "$tmp/macro_test.c" <<'C'
#include <stdlib.h>
enum transport { tcp_transport, udp_transport };
#define IS_UDP(x) (x == udp_transport)
int open_port(enum transport transport) {
  char *p = malloc(4);
  if (!p)
    return -1;
  if (IS_UDP(transport))
    return 1;
  free(p);
  return 0;
}
C
"$ll" --no-color "$tmp/macro_test.c" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "a leak behind a macro's test"
expect_grep "macro_test.c:8:7: note: 'IS_UDP\(transport\)' is true" "$tmp/out" "the macro's test as written"

# 2. nothing to report: exit 0
"$ll" "$tmp/clean.c" >"$tmp/out" 2>&1
expect_status 0 $? "clean file"

# 3. a path that does not exist: exit 2, named; the other file still analysed
"$ll" --no-color "$tmp/nope.c" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "missing path next to a file with findings"
expect_grep "nope.c: error: No such file or directory" "$tmp/err" "missing path message"
expect_grep "\[resource-leak\]" "$tmp/out" "other files still analysed"
# the last line says which input was bad, so the status is not read as findings only
tail -n 1 "$tmp/err" | grep -Eq "^leaklint: exit 1: 1 input could not be analysed in full: .*nope.c; 1 finding reported from the rest$" &&
  ok || fail "last line names the bad input"

# 4. a syntax error: file and line named, the other files still analysed
"$ll" --no-color "$tmp/broken.c" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "syntax error next to a file with findings"
expect_grep "broken.c:2:[0-9]+: error: expected expression" "$tmp/err" "syntax error message"
expect_grep "\[resource-leak\]" "$tmp/out" "analysed despite a broken file"

"$ll" --no-color "$tmp/broken.c" >"$tmp/out" 2>"$tmp/err"
expect_status 2 $? "syntax error alone"

# 5. a missing header
"$ll" --no-color "$tmp/noheader.c" >"$tmp/out" 2>"$tmp/err"
expect_status 2 $? "missing header"
expect_grep "noheader.c:1:10: error: 'does_not_exist.h' file not found" "$tmp/err" "header message"

# 6. an unreadable file (root reads everything: run as nobody then)
cp "$tmp/leak.c" "$tmp/secret.c"
chmod 000 "$tmp/secret.c"
chmod 755 "$tmp"
if [ "$(id -u)" -eq 0 ]; then
  runuser -u nobody -- "$ll" --no-color "$tmp/secret.c" >"$tmp/out" 2>"$tmp/err"
else
  "$ll" --no-color "$tmp/secret.c" >"$tmp/out" 2>"$tmp/err"
fi
expect_status 2 $? "unreadable file"
expect_grep "secret.c: error: cannot read: Permission denied" "$tmp/err" "unreadable message"

# 7. a malformed compile_commands.json: file, line and column
mkdir -p "$tmp/db"
printf '[\n  {"directory": "/tmp", "file": "a.c",\n   "command": "cc -c a.c" ,, }\n]\n' >"$tmp/db/compile_commands.json"
"$ll" -p "$tmp/db" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"
expect_status 2 $? "malformed compile_commands.json"
expect_grep "compile_commands.json:3:[0-9]+: error: malformed compile_commands.json" "$tmp/err" "compdb position"

# 8. a malformed rules file given with --rules: file:line:col
mkdir -p "$tmp/rules"
printf '{\n  "family": "mine",\n  "kind": "resource",\n  "functions": [\n    {"name": "x" "action": "acquire"}\n  ]\n}\n' >"$tmp/rules/mine.json"
"$ll" --rules "$tmp/rules" "$tmp/leak.c" >"$tmp/out" 2>"$tmp/err"
expect_status 2 $? "malformed rules"
expect_grep "mine.json:5:[0-9]+: error: JSON syntax error" "$tmp/err" "rules position, with error:"

# 9. a user's own allocator through --rules
cat >"$tmp/rules/mine.json" <<'J'
{"family": "pool", "kind": "resource", "description": "pool object", "release_hint": "pool_put()",
 "rules": ["resource-leak"],
 "functions": [{"name": "pool_get", "action": "acquire", "handle": "return", "failure": "null"},
               {"name": "pool_put", "action": "release", "handle": "arg0"}]}
J
cat >"$tmp/pool.c" <<'C'
void *pool_get(void);
void pool_put(void *);
int use(int n) {
  void *o = pool_get();
  if (n)
    return n;
  pool_put(o);
  return 0;
}
C
"$ll" --no-color --rules "$tmp/rules" "$tmp/pool.c" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "user model"
expect_grep "pool.c:6:5: warning: pool object 'o' from pool_get\(\)" "$tmp/out" "user model finding"

# 10. -o writes atomically and only the report; SARIF and JSON parse
"$ll" --format sarif -o "$tmp/r.sarif" "$tmp/leak.c" >"$tmp/out" 2>&1
expect_status 1 $? "sarif to a file"
[ ! -s "$tmp/out" ] && ok || fail "-o leaves stdout empty"
ls "$tmp"/r.sarif.tmp.* >/dev/null 2>&1 && fail "temporary file left behind" || ok
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))' "$tmp/r.sarif" && ok || fail "sarif parses"
"$ll" --format json "$tmp/leak.c" >"$tmp/r.json" 2>/dev/null
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1])); if (r.findings.length !== 1) process.exit(1)' "$tmp/r.json" && ok || fail "json has one finding"
node -e 'const fs=require("fs"); const j=JSON.parse(fs.readFileSync(process.argv[1])).findings[0].fingerprint; const s=JSON.parse(fs.readFileSync(process.argv[2])).runs[0].results[0].partialFingerprints.primaryLocationLineHash; if (!j || j !== s) process.exit(1)' "$tmp/r.json" "$tmp/r.sarif" && ok || fail "json carries the fingerprint SARIF has"

# 10a. one variable's copies, made on two branches and lost at one place:
# one warning there, not one per branch (tmux's format_replace)
"$ll" --no-color "$src/testcases/resource-leak/branch_copies.c" >"$tmp/out" 2>&1
expect_grep "^1 finding\.$" "$tmp/out" "one warning for copies of two branches lost at one place"

# 10a'. -v says why a path the code's own test guards is not reported
"$ll" --no-color -v "$src/testcases/resource-leak/guarded_release.c" >"$tmp/out" 2>&1
expect_grep "guarded_release.c:65:3: note: resource-leak: heap memory 'fieldobj' from create_string\(\) is not reported here: this path skipped its release under the code's own test" \
  "$tmp/out" "-v names the guarded path that is not reported"
expect_grep "^2 findings\.$" "$tmp/out" "the guarded path's note is no finding"

# 10b. the fix names the project's own release for its allocator's objects
"$ll" --no-color "$src/testcases/resource-leak/tested_buffer.c" "$src/testcases/resource-leak/buffer_core.c" >"$tmp/out" 2>&1
expect_grep "tested_buffer.c:23:5: note: fix: release it with buffer_free\(\) on this path" "$tmp/out" "fix names buffer_free()"
# ... but only a release named for the same object: options_free() ends an
# options table, not options_to_string()'s string (tmux)
cat >"$tmp/opts.c" <<'EOF'
#include <stdlib.h>
#include <string.h>
struct options { char *name; };
char *options_to_string(const struct options *o) {
  char *s = malloc(strlen(o->name) + 1);
  if (!s) abort();
  strcpy(s, o->name);
  return s;
}
void options_free(struct options *oo) { free(oo); }
int show(const struct options *o) {
  char *v = options_to_string(o);
  if (v[0] == '\0') return 0;
  free(v);
  return 1;
}
EOF
"$ll" --no-color "$tmp/opts.c" >"$tmp/out" 2>&1
expect_grep "note: fix: release it with free\(\) on this path" "$tmp/out" "fix does not name options_free()"

# 10b'. ngx_destroy_pool() shares ngx_alloc()'s prefix and frees its argument,
# but it ends a pool: a block from ngx_alloc() is released with free()
cat >"$tmp/ngx.c" <<'EOF'
#include <stdlib.h>
struct pool { struct pool *next; void *large; };
void *ngx_alloc(size_t size, int log) {
  void *p = malloc(size);
  if (p == NULL && log) abort();
  return p;
}
void ngx_destroy_pool(struct pool *pool) { free(pool->large); free(pool); }
int load(int log) {
  char *buf = ngx_alloc(4096, log);
  if (buf == NULL) return -1;
  if (buf[0] == '#') return 0;
  free(buf);
  return 1;
}
EOF
"$ll" --no-color "$tmp/ngx.c" >"$tmp/out" 2>&1
expect_grep "note: fix: release it with free\\(\\) on this path" "$tmp/out" "fix does not name ngx_destroy_pool()"

# 10b''. a function in which clang dropped invalid code (a call naming a
# constant from a header the build generates) gets no finding; the valid
# function beside it still does (lighttpd's configfile.c without configparser.h)
cat >"$tmp/perr.c" <<'EOF'
#include <stdlib.h>
struct buffer { char *ptr; };
struct buffer *buffer_init(void) { return calloc(1, sizeof(struct buffer)); }
void parser_feed(void *parser, int token_id, struct buffer *token);
int tokenize(void *parser, const char *s) {
  struct buffer *token = buffer_init();
  if (token == NULL)
    return -1;
  parser_feed(parser, TK_EOL, token);
  return 0;
}
int leaky(const char *s) {
  struct buffer *b = buffer_init();
  if (b == NULL)
    return -1;
  if (*s == '#')
    return 0;
  free(b);
  return 1;
}
EOF
"$ll" --no-color "$tmp/perr.c" >"$tmp/out" 2>&1
expect_grep "perr.c:17:5: warning: heap memory 'b'" "$tmp/out" "a valid function beside invalid code keeps its finding"
expect_no_grep "perr.c:10:3: warning" "$tmp/out" "no finding in a function with invalid code"

# 10b'''. a unit whose header is missing: the error is reported, and no
# finding is made from code clang could not make sense of after it
# (more errors than clang's default limit of 20: leaklint asks for every one,
# so the call's own error still marks the function)
{
  printf '#include <stdlib.h>\n#include "generated_tokens.h"\n'
  for i in $(seq 1 30); do printf 'int v%d = TK_V%d;\n' "$i" "$i"; done
} >"$tmp/fatal.c"
cat >>"$tmp/fatal.c" <<'EOF'
struct buffer { char *ptr; };
struct buffer *buffer_init(void) { return calloc(1, sizeof(struct buffer)); }
void parser_feed(void *parser, int token_id, struct buffer *token);
int tokenize(void *parser) {
  struct buffer *token = buffer_init();
  if (token == NULL)
    return -1;
  parser_feed(parser, TK_EOL, token);
  return 0;
}
EOF
"$ll" --no-color "$tmp/fatal.c" >"$tmp/out" 2>&1
expect_grep "fatal.c:2:10: error: 'generated_tokens.h' file not found" "$tmp/out" "a missing header is reported"
expect_no_grep "fatal.c:[0-9]*:[0-9]*: warning" "$tmp/out" "no finding after a fatal error"

# 10c. the README's sample is the tool's real output on examples/
(cd "$src" && "$ll" --no-color examples/ >"$tmp/readme-run" 2>&1)
awk '/^\$ leaklint examples\/$/ { on = 1; next } on && /^```$/ { exit } on' "$src/README.md" >"$tmp/readme-sample"
cmp -s "$tmp/readme-run" "$tmp/readme-sample" && ok || fail "README sample differs from leaklint examples/"

# 11. the same output whatever -j is
"$ll" --no-color -j 1 "$src/testcases" "$src/examples" >"$tmp/j1" 2>&1
"$ll" --no-color -j 4 "$src/testcases" "$src/examples" >"$tmp/j4" 2>&1
cmp -s "$tmp/j1" "$tmp/j4" && ok || fail "-j 1 and -j 4 differ"

# 12. usage errors
"$ll" --format xml "$tmp/leak.c" >/dev/null 2>&1
expect_status 2 $? "bad --format"
"$ll" --enable no-such-rule "$tmp/leak.c" >/dev/null 2>&1
expect_status 2 $? "bad rule id"
"$ll" --list-rules >"$tmp/out"
expect_grep "^lock-imbalance " "$tmp/out" "--list-rules"
[ "$(wc -l <"$tmp/out")" -eq 7 ] && ok || fail "--list-rules lists 7 rules"
# every rule has its checker now: none is marked planned, none warns so
grep -q "planned: no checker yet" "$tmp/out" && fail "--list-rules marks no rule planned" || ok
"$ll" --enable blocked-channel "$tmp/leak.c" >/dev/null 2>"$tmp/err"
grep -q "is planned and cannot run yet" "$tmp/err" && fail "--enable of a rule with a checker" || ok
"$ll" --disable resource-leak "$tmp/leak.c" >/dev/null 2>&1
expect_status 0 $? "--disable"

# 13. a compilation database with relative include paths, used from another
# directory; and the process stays where it was (libclang's
# -working-directory would chdir under parallel workers)
mkdir -p "$tmp/proj/src" "$tmp/proj/include" "$tmp/elsewhere"
printf '#include <stdlib.h>\nstatic inline char *buf_new(void) { return malloc(16); }\n' >"$tmp/proj/include/buf.h"
printf '#include "buf.h"\nint use(int n) {\n  char *b = buf_new();\n  if (n)\n    return n; // expect: resource-leak\n  free(b);\n  return 0;\n}\n' >"$tmp/proj/src/a.c"
printf '[{"directory": "%s", "file": "src/a.c", "command": "cc -Iinclude -c src/a.c -o a.o"}]\n' "$tmp/proj" >"$tmp/proj/compile_commands.json"
(cd "$tmp/elsewhere" && "$ll" --no-color -j 2 -p "$tmp/proj" "$tmp/proj/src/a.c" "$tmp/leak.c") >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "relative -I from a compilation database"
[ ! -s "$tmp/err" ] && ok || { fail "errors with a compilation database:"; cat "$tmp/err"; }
expect_grep "a.c:5:5: warning: .*\[resource-leak\]" "$tmp/out" "finding through a header's inline allocator"
# paths as the user named them, though the database's are absolute
(cd "$tmp/proj" && "$ll" --no-color src/a.c) >"$tmp/out" 2>&1
expect_grep "^src/a.c:5:5: warning: .*\[resource-leak\]" "$tmp/out" "a relative name stays relative"
expect_grep "^src/a.c:3:[0-9]+: note: 'b' acquired" "$tmp/out" "notes use the name given too"
(cd "$tmp/proj" && "$ll" --verify -p "$tmp/proj" src/a.c) >"$tmp/out" 2>&1
expect_status 0 $? "--verify with a relative path and a database"
# a directory with a database: files it does not build are skipped, with a note under -v
printf 'int broken(void) { return 1 + ; }\n' >"$tmp/proj/src/other_platform.c"
(cd "$tmp/elsewhere" && "$ll" --no-color -v -p "$tmp/proj" "$tmp/proj/src") >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "directory under a database"
expect_grep "other_platform.c: not in .*compile_commands.json, skipped" "$tmp/err" "skipped file named under -v"
grep -q "expected expression" "$tmp/err" && fail "a file outside the database was parsed" || ok

# 14. a database found above a directory it does not build from does not
# hide that directory's files
mkdir -p "$tmp/repo/examples" "$tmp/repo/src"
cp "$tmp/leak.c" "$tmp/repo/examples/demo.c"
cp "$tmp/clean.c" "$tmp/repo/src/lib.c"
printf '[{"directory": "%s", "file": "src/lib.c", "command": "cc -c src/lib.c"}]\n' "$tmp/repo" >"$tmp/repo/compile_commands.json"
(cd "$tmp/repo" && "$ll" --no-color examples/) >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "a directory the database does not build"
expect_grep "demo.c:7:5: warning" "$tmp/out" "its files are analysed"

finish
