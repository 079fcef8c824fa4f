#!/usr/bin/env bash
# Usage: pre_commit_test.sh LEAKLINT SOURCE_DIR
# leaklint under real commit hooks in a scratch repository: the pre-commit
# framework (Debian's package) with the shipped .pre-commit-hooks.yaml,
# and the plain git hook script.  A staged leak fails the commit with the
# finding shown; a clean file, a docs-only commit and a deletion pass; a
# name with a space works; the staged content is what is checked.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
if ! command -v pre-commit >/dev/null; then
  echo "pre-commit is not installed: run scripts/install-deps.sh"
  exit 1
fi
scratch_git
export PRE_COMMIT_HOME="$tmp/cache"
mkdir -p "$tmp/bin"
ln -s "$ll" "$tmp/bin/leaklint" # language: system runs leaklint from PATH
export PATH="$tmp/bin:$PATH"

# The hooks repository: the shipped manifest, committed (pre-commit reads
# it from a commit: repo + rev).
hooks="$tmp/hooks"
mkdir -p "$hooks" && cp "$src/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q && git -C "$hooks" add . && git -C "$hooks" commit -qm hooks
rev=$(git -C "$hooks" rev-parse HEAD)

r="$tmp/project"
mkdir -p "$r/src" && cd "$r" && git init -q .
cat >.pre-commit-config.yaml <<Y
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: leaklint
Y
clean_c >src/ok.c
echo "# project" >README.md
git add . && git commit -qm init
pre-commit install >/dev/null || fail "pre-commit install"

commit() { # message: commit what is staged; output in $tmp/out
  git commit -qm "$1" >"$tmp/out" 2>&1
}

# 1. a staged leak fails the commit, and the finding is shown
leak_c >src/leak.c
git add src/leak.c
commit "a leak"
expect_status 1 $? "a staged leak fails the commit"
expect_grep "src/leak.c:7:5: warning: .*\[resource-leak\]" "$tmp/out" "the finding is shown"
git reset -q

# 2. a clean file passes
clean_c >src/more.c
git add src/more.c
commit "clean"
expect_status 0 $? "a clean file passes"

# 3. a docs-only commit passes
echo "more" >>README.md
git add README.md
commit "docs"
expect_status 0 $? "a docs-only commit passes"

# 4. deleting a .c file passes
git rm -q src/more.c
commit "delete"
expect_status 0 $? "deleting a .c file passes"

# 5. a name with a space: its leak is caught, its clean version passes
leak_c >"src/my file.c"
git add "src/my file.c"
commit "space"
expect_status 1 $? "a leak in a file named with a space"
expect_grep "src/my file.c:7:5: warning" "$tmp/out" "the spaced name in the finding"
clean_c >"src/my file.c"
git add "src/my file.c"
commit "space, clean"
expect_status 0 $? "a clean file named with a space"

# 6. the staged content is checked: a staged leak with the fix unstaged fails
leak_c >src/staged.c
git add src/staged.c
clean_c >src/staged.c
commit "staged leak, unstaged fix"
expect_status 1 $? "the staged leak, not the working tree's fix"
[ "$(cat src/staged.c)" = "$(clean_c)" ] && ok || fail "the unstaged fix is kept"
git add src/staged.c
commit "fixed"
expect_status 0 $? "the fix staged"

# 7. pre-commit try-repo on the shipped manifest, from a checkout
git -C "$hooks" log -1 >/dev/null
leak_c >src/try.c
git add src/try.c
pre-commit try-repo "$hooks" leaklint --files src/try.c >"$tmp/out" 2>&1
expect_status 1 $? "try-repo on the shipped hook"
expect_grep "src/try.c:7:5: warning" "$tmp/out" "try-repo shows the finding"
git rm -q --cached src/try.c && rm src/try.c

# The plain git hook (scripts/git-pre-commit-hook.sh): staged content, from
# the index, with the same cases.
pre-commit uninstall >/dev/null
cp "$src/scripts/git-pre-commit-hook.sh" .git/hooks/pre-commit
leak_c >"src/bare leak.c"
git add "src/bare leak.c"
clean_c >"src/bare leak.c" # the fix is not staged
commit "bare hook, staged leak"
expect_status 1 $? "git hook: a staged leak fails"
expect_grep "src/bare leak.c:7:5: warning" "$tmp/out" "git hook: finding with the staged name"
git add "src/bare leak.c"
commit "bare hook, fixed"
expect_status 0 $? "git hook: the staged fix passes"
leak_c >src/unstaged.c # never staged: not this commit's business
echo "again" >>README.md && git add README.md
commit "bare hook, docs"
expect_status 0 $? "git hook: docs-only commit with an untracked leak"
git rm -q "src/bare leak.c"
commit "bare hook, delete"
expect_status 0 $? "git hook: deletion"

finish
