# lib.sh - what the shell tests share: a scratch directory removed on exit,
# pass/fail counting, and the checks they make.  Source it after setting
# ll (the leaklint binary) and src (the source tree); end with finish.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_status() { # want got what
  [ "$1" = "$2" ] && ok || fail "$3: exit status $2, wanted $1"
}
expect_grep() { # pattern file what
  grep -qE -- "$1" "$2" && ok || { fail "$3: no /$1/ in:"; sed 's/^/  | /' "$2"; }
}
expect_no_grep() { # pattern file what
  grep -qE -- "$1" "$2" && { fail "$3: /$1/ found in:"; sed 's/^/  | /' "$2"; } || ok
}
finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
