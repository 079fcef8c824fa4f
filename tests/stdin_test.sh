#!/usr/bin/env bash
# Usage: stdin_test.sh LEAKLINT SOURCE_DIR
# --stdin-filename: the buffer on standard input is analysed as the named
# file (its flags, its configuration), not the file on disk, as per-buffer
# linters (ALE, flycheck, none-ls) run tools.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"

mkdir -p "$tmp/p"
clean_c >"$tmp/p/f.c"
cd "$tmp/p"
leak_c | "$ll" --no-color --stdin-filename f.c - >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "the buffer's leak is found though the file on disk is clean"
expect_grep "^f.c:7:5: warning: .*\[resource-leak\]" "$tmp/out" "named as the file, at the buffer's line"
expect_grep "^    7 \|     return 1;" "$tmp/out" "the excerpt is the buffer's text"

leak_c >"$tmp/p/f.c"
clean_c | "$ll" --no-color --stdin-filename f.c - >"$tmp/out" 2>"$tmp/err"
expect_status 0 $? "a clean buffer of a leaking file is clean"

# A file that does not exist yet (a new buffer), in JSON for tools.
leak_c | "$ll" --format json --stdin-filename new.c - >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "a buffer of a new file"
expect_grep '"fix_code":[[:space:]]*"free\(p\);"' "$tmp/out" "JSON carries the mechanical fix"

# The configuration beside the file applies (here: the rule disabled).
echo '{"disable": ["resource-leak"]}' >"$tmp/p/.leaklint.json"
leak_c | "$ll" --no-color --stdin-filename "$tmp/p/f.c" - >"$tmp/out" 2>"$tmp/err"
expect_status 0 $? "the file's .leaklint.json applies to its buffer"
rm "$tmp/p/.leaklint.json"

# A buffer that does not parse: file:line:col: error, exit 2.
printf 'int f(void) { return undeclared; }\n' | "$ll" --no-color --stdin-filename f.c - \
  >"$tmp/out" 2>"$tmp/err"
expect_status 2 $? "a buffer that does not parse"
expect_grep "^f.c:1:22: error: use of undeclared identifier" "$tmp/err" "its error names the file"

"$ll" --stdin-filename f.c f.c </dev/null >"$tmp/out" 2>"$tmp/err"
expect_status 2 $? "--stdin-filename without '-'"
expect_grep "give '-' as the only path" "$tmp/err" "says what is wrong"
finish
