#!/usr/bin/env bash
# Leak-fix replay: a recall benchmark.  Each line of leakfix.tsv is a commit
# of a corpus project that fixed a leak (a release added on a path that
# lacked it) in one function.  leaklint is run over that file at the fix's
# (first) parent and at the fix; it "finds" the leak when the parent has a
# finding of the entry's rule in that function that the fix no longer has.
#
# usage: bench/realworld/replay.sh LEAKLINT [project...]
#   REPLAY_DIR   work trees, one per commit: <name>-<sha12> (default
#                /tmp/replay); made with `git worktree add --detach` from the
#                project's git directory, reused when present
#   REPLAY_OUT   per-entry outputs (<project>-<sha12>-<function>-<kind>.
#                {parent,fix}.{json,ir,notes}), results.tsv (default
#                /tmp/replay-out)
#   REPLAY_LINK  1: also link the file's unit with the artifacts of every
#                other unit of the pinned project (saved once per binary
#                into REPLAY_OUT/units/<name>), so that callees in other
#                files (xmalloc, ngx_alloc, String_readLine...) have their
#                summaries, as in a whole-project run; the findings of the
#                linked run are compared
#   LEAKFIX      the list (default leakfix.tsv next to this script)
#   LEAKLINT_RULES_DIR is passed on: a copied binary otherwise reads the
#                built-in models from the source tree it was built from
#
# Criterion.  On each side, take the findings whose rule is the entry's
# rule, whose file is the entry's file, whose "function" is the entry's
# function and, for resource-leak, whose handle is of the entry's kind
# (descriptor: the message opens with "file descriptor", "FILE stream",
# "directory stream", "socket", "pipe", "timer descriptor" or "message queue
# descriptor"; memory: any other handle).  A parent finding is still there
# at the fix when the fix has a finding with the same message (it names the
# handle and the acquiring call) at the line the parent's leak line maps to
# through `git diff -U0 parent fix` (or inside the hunk that replaced it).
# found: some parent finding is not still there.  missed: none (also when
# the parent has no finding; "same finding at fix" when it has one that the
# fix keeps).  error: the entry cannot be replayed (commit, parent or file
# missing, the function not in the IR at parent or fix, leaklint failed);
# the reason is printed.  Since leaklint reports one finding per handle, a
# fix of one of several leaking paths of a handle counts as found when the
# parent's reported path is the fixed one; when it reports another path
# that the fix leaves as it is, the entry is missed.
#
# The compile command of the file is the pinned project's entry for the same
# file in /work/realworld/<name>/compile_commands.json (setup.sh), with the
# pinned tree's path rewritten to the work tree everywhere (directory, file,
# -I paths).  A file that the pinned database does not list (renamed or
# removed since) takes the flags of the first unit in the same directory
# ("sibling flags" in the detail).  Generated headers that only the
# configured pinned tree has (untracked *.h/*.inc files of it: config.h,
# nginx's objs/ngx_auto_*.h, the CMake build directories' config.h) are
# copied into each work tree where absent; the pinned configuration is used
# for old commits as it is, so an old file may see a config.h of a later
# version.  Parse errors are counted in the detail and the first one is
# shown for missed entries.
#
# One line per entry: project, short sha, function, kind, result, detail
# (p=N f=M: findings at parent and fix, with their lines; notes).  Then
# found N of M overall, by kind, by rule and by project.  Exit 0 unless
# usage error (2).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
export REPLAY_SHIMS="$(cd "$(dirname "$0")" && pwd)/replay-shims"
[ $# -ge 1 ] || { sed -n '2,59p' "$0" >&2; exit 2; }
if ! [ -f "$1" ] || ! [ -x "$1" ]; then rw_die "$1: not an executable file"; fi
ll=$(realpath "$1")
shift
list=${LEAKFIX:-$RW_HERE/leakfix.tsv}
[ -f "$list" ] || rw_die "$list: no such file"
replay=${REPLAY_DIR:-/tmp/replay}
link=${REPLAY_LINK:-0}
out=${REPLAY_OUT:-/tmp/replay-out}
mkdir -p "$replay" "$out" || rw_die "cannot make $replay or $out"
replay=$(realpath "$replay")
out=$(realpath "$out")
for p in "$@"; do rw_field "$p" name >/dev/null; done
want=" $* "

# worktree MIRROR SHA: print the path of a work tree at SHA (made if absent).
worktree() {
  local git=$1 sha=$2 name=$3 dir
  dir=$replay/$name-${sha:0:12}
  if [ -e "$dir" ]; then
    [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null)" = "$sha" ] && { echo "$dir"; return 0; }
    echo "$dir exists and is not a work tree at $sha" >&2
    return 1
  fi
  git --git-dir="$git" worktree prune 2>/dev/null
  git --git-dir="$git" worktree add --detach "$dir" "$sha" >/dev/null 2>&1 || {
    echo "git worktree add $sha failed" >&2
    return 1
  }
  echo "$dir"
}

# project_units NAME PINNED: print a directory with the artifacts of every
# unit of the pinned project (leaklint --save-units, once per binary and
# rules directory; REPLAY_LINK=1 only).
project_units() {
  local name=$1 pinned=$2 dir=$out/units/$1 stamp
  stamp="$(sha256sum "$ll" | cut -d' ' -f1) ${LEAKLINT_RULES_DIR:-} $(git -C "$pinned" rev-parse HEAD)"
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
    echo "$dir"
    return 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  local units
  mapfile -t units < <(rw_units "$name")
  (cd "$pinned" && "$ll" -p . -j 1 --no-color --format json -o "$dir/all.json" --save-units "$dir" \
    "${units[@]}") >/dev/null 2>"$out/units/$name.notes" </dev/null
  [ $? -le 2 ] && ls "$dir"/*.llu >/dev/null 2>&1 || return 1
  echo "$stamp" >"$dir/.stamp"
  echo "$dir"
}

# The python side: compile database for one file, and the comparison.
helper() {
  python3 - "$@" <<'PY'
import json, os, re, shlex, shutil, subprocess, sys

def mkdb(pinned, tree, rel, dbdir):
    """One-entry compile_commands.json in dbdir for tree/rel; prints notes."""
    db = json.load(open(os.path.join(pinned, 'compile_commands.json')))
    target = os.path.normpath(os.path.join(pinned, rel))
    entry, note = None, ''
    for e in db:
        if os.path.normpath(os.path.join(e['directory'], e['file'])) == target:
            entry = e
            break
    if entry is None:
        sib = sorted((os.path.normpath(os.path.join(e['directory'], e['file'])), i)
                     for i, e in enumerate(db)
                     if os.path.dirname(os.path.normpath(os.path.join(e['directory'], e['file'])))
                     == os.path.dirname(target))
        if not sib:
            print('error: no unit of the pinned database in ' + os.path.dirname(rel))
            return
        entry = db[sib[0][1]]
        note = 'sibling flags ' + os.path.relpath(sib[0][0], pinned)
    old = os.path.normpath(os.path.join(entry['directory'], entry['file']))
    args = entry.get('arguments') or shlex.split(entry['command'])
    def rew(s):
        # the pinned tree's absolute path, wherever it occurs (-I/..., dirs)
        return s.replace(pinned + '/', tree + '/').replace(pinned, tree) if pinned in s else s
    newfile = os.path.join(tree, rel)
    outargs = []
    for a in args:
        if os.path.normpath(os.path.join(entry['directory'], a)) == old:
            outargs.append(newfile)
        else:
            outargs.append(rew(a))
    d = rew(entry['directory'])
    os.makedirs(d, exist_ok=True)
    # generated headers of the configured pinned tree, where absent
    r = subprocess.run(['git', '-C', pinned, 'ls-files', '--others', '-z'],
                       capture_output=True, text=True)
    for g in r.stdout.split('\0'):
        if g.endswith(('.h', '.inc')) and not os.path.exists(os.path.join(tree, g)):
            os.makedirs(os.path.dirname(os.path.join(tree, g)), exist_ok=True)
            shutil.copy2(os.path.join(pinned, g), os.path.join(tree, g))
    # headers today's system lacks and old trees include (replay-shims/):
    # searched last, so a real header wins
    outargs[1:1] = ['-idirafter', os.environ['REPLAY_SHIMS']]
    os.makedirs(dbdir, exist_ok=True)
    with open(os.path.join(dbdir, 'compile_commands.json'), 'w') as f:
        json.dump([{'directory': d, 'arguments': outargs, 'file': newfile}], f, indent=2)
        f.write('\n')
    print(note)

# Descriptions (rules/*.json) that open a resource-leak message of kind
# descriptor; every other resource-leak message is of kind memory.
DESCRIPTORS = ('file descriptor', 'FILE stream', 'directory stream', 'socket', 'pipe',
               'timer descriptor', 'message queue descriptor')

def of_kind(msg, rule, kind):
    if rule != 'resource-leak' or kind not in ('memory', 'descriptor'):
        return True
    return msg.startswith(DESCRIPTORS) == (kind == 'descriptor')

def side(prefix, func, rule, kind, path, link):
    """(findings as (message, line), errors, first error, in IR?, over budget?)."""
    try:
        rep = json.load(open(prefix + '.json'))
        fin = json.load(open(prefix + '.link.json')) if link else rep
    except (OSError, ValueError):
        return None
    found = [(f.get('message', ''), int(f.get('line') or 0)) for f in fin.get('findings', [])
             if f.get('rule') == rule and f.get('function') == func
             and os.path.normpath(f.get('file', '')).endswith('/' + os.path.normpath(path))
             and of_kind(f.get('message', ''), rule, kind)]
    errs = [n for n in rep.get('notifications', []) if n.get('level') == 'error']
    first = ''
    if errs:
        n = errs[0]
        first = '%s:%s: %s' % (os.path.basename(n.get('file', '')), n.get('line', ''), n.get('message', ''))
    inir = False
    with open(prefix + '.ir', errors='replace') as ir:
        for line in ir:
            if line.startswith('function ' + func + ' ('):
                inir = True
                break
    notes = open(prefix + '.notes', errors='replace').read()
    if link:
        notes += open(prefix + '.link.notes', errors='replace').read()
    budget = ("'%s' has more paths than the analysis budget" % func) in notes or any(
        func in n.get('message', '') and 'budget' in n.get('message', '')
        for n in rep.get('notifications', []))
    return found, len(errs), first, inir, budget

def hunks(git, parent, fix, path):
    """The -U0 hunks of the file between the two commits: (a, b, c, d)."""
    r = subprocess.run(['git', '--git-dir', git, 'diff', '-U0', '--no-color', parent, fix, '--', path],
                       capture_output=True, text=True)
    out = []
    for line in r.stdout.splitlines():
        m = re.match(r'@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@', line)
        if m:
            a, b, c, d = (int(x) if x is not None else 1 for x in m.groups())
            out.append((a, b, c, d))
    return out

def image(line, hs):
    """Where a parent line is at the fix: (first, last) lines it may be at."""
    off = 0
    for a, b, c, d in hs:
        if b > 0 and a <= line <= a + b - 1:
            return (c, c + max(d, 1) - 1) if d else (c, c + 1)
        if (b > 0 and line > a + b - 1) or (b == 0 and line > a):
            off += d - b
        else:
            break
    return (line + off, line + off)

def compare(prefix, func, rule, kind, note, git, parent, fix, path, link):
    link = link == '1'
    p = side(prefix + '.parent', func, rule, kind, path, link)
    f = side(prefix + '.fix', func, rule, kind, path, link)
    notes = [note] if note else []
    if p is None or f is None:
        print('error\tno JSON report (leaklint failed: see %s.*.notes)' % prefix)
        return
    pf, pe, pfirst, pir, pbud = p
    ff, fe, ffirst, fir, fbud = f
    if not pir:
        print('error\tfunction not in the IR at parent' + (' (%d parse errors: %s)' % (pe, pfirst) if pe else ''))
        return
    if not fir:
        print('error\tfunction not in the IR at fix')
        return
    # A parent finding is still there when the fix has one with the same
    # message at the line it maps to (or in the hunk that replaced it).
    hs = hunks(git, parent, fix, path)
    used = set()
    gone = []
    for msg, line in pf:
        lo, hi = image(line, hs)
        match = next((i for i, (m, l) in enumerate(ff)
                      if i not in used and m == msg and lo <= l <= hi), None)
        if match is None:
            gone.append(line)
        else:
            used.add(match)
    found = bool(gone)
    detail = 'p=%d f=%d' % (len(pf), len(ff))
    if pf:
        detail += ' (parent at %s' % ','.join(str(l) for _, l in pf)
        detail += '; fix at %s)' % ','.join(str(l) for _, l in ff) if ff else ')'
    if pe or fe:
        notes.append('parse errors p=%d f=%d' % (pe, fe))
    if not found:
        if pbud:
            notes.append('over budget at parent')
        if pe:
            notes.append('first: ' + pfirst)
        if pf:
            notes.append('same finding at fix')
    print('%s\t%s' % ('found' if found else 'missed', '; '.join([detail] + notes)))

def summary(results):
    rows = [l.rstrip('\n').split('\t') for l in open(results) if l.strip()]
    def table(title, idx):
        keys = []
        for r in rows:
            if r[idx] not in keys:
                keys.append(r[idx])
        print('%s:' % title)
        for k in keys:
            rs = [r for r in rows if r[idx] == k]
            fo = sum(r[5] == 'found' for r in rs)
            er = sum(r[5] == 'error' for r in rs)
            print('  %-16s found %2d of %2d%s' % (k, fo, len(rs), ('  (%d error)' % er) if er else ''))
    fo = sum(r[5] == 'found' for r in rows)
    mi = sum(r[5] == 'missed' for r in rows)
    er = sum(r[5] == 'error' for r in rows)
    print('found %d of %d overall (%d missed, %d error)' % (fo, len(rows), mi, er))
    table('by kind', 3)
    table('by rule', 4)
    table('by project', 0)

cmd = sys.argv[1]
if cmd == 'mkdb':
    mkdb(*sys.argv[2:6])
elif cmd == 'compare':
    compare(*sys.argv[2:12])
elif cmd == 'summary':
    summary(sys.argv[2])
PY
}

results=$out/results.tsv
: >"$results"
# project fix file function kind rule what
emit() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$project" "$short" "$func" "$kind" "$rule" "$1" "$2" >>"$results"
  printf '%-10s %-12s %-32s %-10s %-7s %s\n' "$project" "$short" "$func" "$kind" "$1" "$2"
}
while IFS=$'\t' read -r project fix file func kind rule _what <&3; do
  [ "$project" = project ] && continue
  [ -n "$project" ] || continue
  case $project in \#*) continue ;; esac
  [ "$want" = "  " ] || [[ $want == *" $project "* ]] || continue
  short=${fix:0:12}
  pinned=$(rw_dir "$project")
  repo=$(rw_field "$project" repo 2>/dev/null) || { emit error "project not in projects.tsv"; continue; }
  git=$MIRROR_DIR/${repo/\//+}/repo
  [ -s "$pinned/compile_commands.json" ] || { emit error "no $pinned/compile_commands.json (setup.sh $project)"; continue; }
  git --git-dir="$git" cat-file -e "$fix^{commit}" 2>/dev/null || { emit error "commit not in $git"; continue; }
  parent=$(git --git-dir="$git" rev-parse "$fix^" 2>/dev/null) || { emit error "no parent"; continue; }
  ok=1 note=''
  for which in parent fix; do
    sha=$fix
    [ $which = parent ] && sha=$parent
    tree=$(worktree "$git" "$sha" "$project" 2>"$out/worktree.err") || { emit error "$(cat "$out/worktree.err")"; ok=0; break; }
    [ -f "$tree/$file" ] || { emit error "$file missing at $which"; ok=0; break; }
    prefix=$out/$project-$short-$func-$kind.$which
    db=$out/db/$project-$short-$which
    note=$(helper mkdb "$pinned" "$tree" "$file" "$db")
    case $note in error:*) emit error "${note#error: }"; ok=0; break ;; esac
    rm -f "$prefix.json" "$prefix.link.json"
    save=()
    if [ "$link" = 1 ]; then
      rm -rf "$prefix.units"
      mkdir -p "$prefix.units"
      save=(--save-units "$prefix.units")
    fi
    "$ll" -p "$db" -j 1 --no-color -v --dump-ir --format json -o "$prefix.json" "${save[@]}" \
      "$tree/$file" >"$prefix.ir" 2>"$prefix.notes" </dev/null
    rc=$?
    # 2 is also what a unit with parse errors gives; its report is still
    # written (the errors are in its notifications and counted below).
    if [ $rc -gt 2 ] || { [ $rc -eq 2 ] && ! [ -s "$prefix.json" ]; }; then
      emit error "leaklint exited $rc at $which (see $prefix.notes)"
      ok=0
      break
    fi
    if [ "$link" = 1 ]; then
      udir=$(project_units "$project" "$pinned") || { emit error "saving the pinned units failed (see $out/units/$project.notes)"; ok=0; break; }
      base=$(basename "$file")
      mapfile -t others < <(find "$udir" -name '*.llu' ! -name "$base.*.llu" | sort)
      "$ll" --link -j 1 --no-color -v --format json -o "$prefix.link.json" "$prefix.units"/*.llu \
        "${others[@]}" >/dev/null 2>"$prefix.link.notes" </dev/null
      rc=$?
      if [ $rc -gt 2 ] || ! [ -s "$prefix.link.json" ]; then
        emit error "leaklint --link exited $rc at $which (see $prefix.link.notes)"
        ok=0
        break
      fi
    fi
  done
  [ $ok = 1 ] || continue
  res=$(helper compare "$out/$project-$short-$func-$kind" "$func" "$rule" "$kind" "$note" \
    "$git" "$parent" "$fix" "$file" "$link")
  emit "${res%%$'\t'*}" "${res#*$'\t'}"
done 3<"$list"

echo
helper summary "$results"
exit 0
