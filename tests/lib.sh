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
# A C file with one leak, flagged at line 7 column 5 (the early return);
# the acquisition is at 3:13.
leak_c() {
  cat <<'C'
#include <stdlib.h>
int f(int n) {
  char *p = malloc(n);
  if (!p)
    return -1;
  if (n > 10)
    return 1;
  free(p);
  return 0;
}
C
}
clean_c() { printf '#include <stdlib.h>\nvoid ok(void) { free(malloc(4)); }\n'; }

# git with a HOME of its own under $tmp, so no user or system setting
# leaks in, and an identity to commit with.
scratch_git() {
  export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
  mkdir -p "$HOME"
  git config --global user.email test@example.com
  git config --global user.name test
  git config --global init.defaultBranch main
}

finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
