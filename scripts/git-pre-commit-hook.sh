#!/usr/bin/env bash
# git-pre-commit-hook.sh - leaklint as a plain git pre-commit hook, without
# the pre-commit framework.  It checks what is staged, not the working
# tree: the index is checked out into a temporary directory (headers and
# .leaklint.json included) and the staged .c files that the commit adds,
# copies, modifies or renames are analysed there.  Names with spaces or
# newlines are safe (-z).
#
# install:  cp scripts/git-pre-commit-hook.sh .git/hooks/pre-commit
# LEAKLINT names the binary (default: leaklint on PATH); LEAKLINT_ARGS adds
# options (e.g. "-p /abs/build": the build tree is not in the index).
set -euo pipefail
files=()
while IFS= read -r -d '' f; do
  files+=("$f")
done < <(git diff --cached --name-only -z --diff-filter=ACMR -- '*.c')
[ ${#files[@]} -eq 0 ] && exit 0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git checkout-index --all --prefix="$tmp/"
cd "$tmp"
# shellcheck disable=SC2086 # LEAKLINT_ARGS is a list of options
exec ${LEAKLINT:-leaklint} --hook --no-color ${LEAKLINT_ARGS:-} -- "${files[@]}"
