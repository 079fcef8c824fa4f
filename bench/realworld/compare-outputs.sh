#!/usr/bin/env bash
# Runs two leaklint binaries over the corpus and compares their text and
# SARIF reports byte for byte.  The only thing rewritten before the diff is
# the binary's own path at the start of SARIF's invocations[].commandLine;
# versions are not rewritten, so a version bump shows up as a difference.
#
# usage: bench/realworld/compare-outputs.sh LEAKLINT_A LEAKLINT_B [project...]
#   LEAKLINT_A may instead be a directory of saved outputs <project>.{txt,sarif}
#   (as SAVE_A writes them, e.g. /tmp/baseline-out): then only B is run.
#   CMP_OUT  where both sets of outputs go (default: a fresh temp dir, kept
#            and printed when something differs)
#   SAVE_A   if set, also copy A's raw outputs there as <project>.{txt,sarif}
#   JOBS     leaklint -j (default 1 here: with -j 2 the baseline build is not
#            deterministic on redis, where src/cluster.c:getNodeByQuery is
#            sometimes past the path budget and sometimes not, which changes
#            the SARIF notifications)
# exit: 0 identical, 1 differences, 2 usage/setup error
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export JOBS=${JOBS:-1}
[ $# -ge 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
a=$(realpath "$1") b=$(realpath "$2")
shift 2
{ [ -x "$b" ] && { [ -d "$a" ] || [ -x "$a" ]; }; } || rw_die "binaries must be executable (A may be a directory)"
# The tool's path opens the SARIF command line; nothing else names it.
norm() { sed -E 's#("commandLine":[[:space:]]*")[^ "]*#\1LEAKLINT#'; }
out=${CMP_OUT:-$(mktemp -d /tmp/realworld-cmp.XXXXXX)}
mkdir -p "$out/a" "$out/b"
[ -z "${SAVE_A:-}" ] || mkdir -p "$SAVE_A"

status=0
for p in $(rw_projects "$@"); do
  for side in a b; do
    ll=$a; [ $side = b ] && ll=$b
    if [ -d "$ll" ]; then
      { [ -f "$ll/$p.txt" ] && [ -f "$ll/$p.sarif" ]; } || rw_die "$ll has no $p.txt/$p.sarif"
      cp "$ll/$p.txt" "$ll/$p.sarif" "$out/$side/"
    else
      rw_leaklint "$ll" "$p" text >"$out/$side/$p.txt" 2>"$out/$side/$p.err"
      rw_leaklint "$ll" "$p" sarif >"$out/$side/$p.sarif" 2>/dev/null
    fi
  done
  if [ -n "${SAVE_A:-}" ] && [ ! -d "$a" ]; then
    cp "$out/a/$p.txt" "$out/a/$p.sarif" "$SAVE_A/"
  fi
  same=yes
  for ext in txt sarif; do
    if [ $ext = sarif ]; then
      norm <"$out/a/$p.sarif" >"$out/a/$p.sarif.norm"
      norm <"$out/b/$p.sarif" >"$out/b/$p.sarif.norm"
      ext=sarif.norm
    fi
    if ! cmp -s "$out/a/$p.$ext" "$out/b/$p.$ext"; then
      same=no
      diff -u "$out/a/$p.$ext" "$out/b/$p.$ext" | head -n 40 || true
    fi
  done
  printf '%-12s %s\n' "$p" "$([ $same = yes ] && echo identical || echo DIFFERENT)"
  [ $same = yes ] || status=1
done
if [ $status -ne 0 ]; then
  echo "outputs kept in $out" >&2
elif [ -z "${CMP_OUT:-}" ]; then
  rm -rf "$out"
fi
exit $status
