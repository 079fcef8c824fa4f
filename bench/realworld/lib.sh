# Shared by setup.sh, run.sh and compare-outputs.sh; source it, do not run it.
# shellcheck shell=bash
RW_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REALWORLD_DIR=${REALWORLD_DIR:-/work/realworld}
MIRROR_DIR=${MIRROR_DIR:-/work/.mirror}
TSV=$RW_HERE/projects.tsv

rw_die() { echo "realworld: $*" >&2; exit 2; }

# Every project name in projects.tsv, in order.
rw_all() { awk -F'\t' 'NR > 1 && $1 != "" { print $1 }' "$TSV"; }

# rw_field NAME COLUMN  (columns: name repo commit subdir apt_packages)
rw_field() {
  awk -F'\t' -v n="$1" -v c="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == n { print $(col[c]); found = 1 }
    END { exit !found }' "$TSV" || rw_die "$1: not in $TSV"
}

# The projects named on the command line, or all of them.
rw_projects() {
  if [ $# -eq 0 ]; then rw_all; else
    for p in "$@"; do rw_field "$p" name >/dev/null && echo "$p"; done
  fi
}

rw_dir() { echo "$REALWORLD_DIR/$1"; }

# The units of a project: each source file of its compile_commands.json once,
# relative to the project's directory (leaklint is run from there), sorted.
rw_units() {
  python3 - "$(rw_dir "$1")" <<'PY'
import json, os, sys
root = sys.argv[1]
seen = set()
for e in json.load(open(os.path.join(root, 'compile_commands.json'))):
    f = os.path.normpath(os.path.join(e['directory'], e['file']))
    seen.add(os.path.relpath(f, root))
print('\n'.join(sorted(seen)))
PY
}

# rw_leaklint LEAKLINT NAME FORMAT [ARGS...]: the report on stdout, the
# notes on stderr.  Always the same command line, so that two binaries'
# outputs can be compared byte for byte.  Exit 0 (clean) and 1 (findings)
# both count as success here; 2 and 3 are passed on.
rw_leaklint() {
  local ll=$1 name=$2 fmt=$3 rc=0
  shift 3
  local units
  mapfile -t units < <(rw_units "$name")
  [ ${#units[@]} -gt 0 ] || rw_die "$name: no units (run setup.sh $name)"
  (cd "$(rw_dir "$name")" &&
    "$ll" -p . -j "${JOBS:-2}" --no-color --srcroot . --format "$fmt" "$@" "${units[@]}") || rc=$?
  # 2 is also a finished run when some input could not be analysed in full
  # (lighttpd's configfile.c without its generated header): leaklint says so
  # on its last line of stderr, which run.sh keeps in <name>.notes
  [ "$rc" -le 2 ] || { echo "realworld: $name: leaklint exited $rc" >&2; return "$rc"; }
}
