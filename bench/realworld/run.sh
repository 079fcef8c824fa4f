#!/usr/bin/env bash
# Runs leaklint over the real-code corpus (see README.md; setup.sh first)
# and prints one line per project.
#
# usage: bench/realworld/run.sh LEAKLINT [project...]
#   OUT   output directory (default /tmp/realworld-out): <name>.json (with -v),
#         <name>.txt, <name>.sarif, <name>.notes (stderr of the JSON run),
#         table.txt and table.tsv
#   JOBS  leaklint -j and parallel clang processes (default 2)
#   CLANG clang for the parse floor (default clang); NO_CLANG=1 skips it
#
# Columns: units (source files in the database), findings per rule (legend
# below the table), fns (functions analysed, from the -v summary note), skip
# (functions past the path budget: the -v notes
# "has more paths than the analysis budget"), errf (units with parse
# errors), leaklint CPU seconds (user+sys of the JSON run, all threads),
# clang CPU seconds (user+sys of `clang -fsyntax-only -w` over the same units
# with the same flags, as bench/analyze-vs-parse.sh runs it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { sed -n '2,18p' "$0" >&2; exit 2; }
ll=$(realpath "$1")
shift
[ -x "$ll" ] || rw_die "$ll: not executable"
out=${OUT:-/tmp/realworld-out}
mkdir -p "$out"
out=$(realpath "$out")
clang=${CLANG:-clang}
TIMEFORMAT='%U %S'

# clang_cmds NAME: one shell command per unit (its directory and its flags,
# output and dependency files dropped), as bench/analyze-vs-parse.sh does.
clang_cmds() {
  python3 - "$(rw_dir "$1")" "$clang" <<'PY'
import json, os, shlex, sys
root, clang = sys.argv[1], sys.argv[2]
seen = set()
for e in json.load(open(os.path.join(root, 'compile_commands.json'))):
    f = os.path.normpath(os.path.join(e['directory'], e['file']))
    if f in seen:  # leaklint parses each file once, with its first command
        continue
    seen.add(f)
    args = e.get('arguments') or shlex.split(e['command'])
    keep, i = [], 1
    while i < len(args):
        a = args[i]
        if a in ('-o', '-MF', '-MT', '-MQ'):
            i += 2
            continue
        if a not in ('-c', '-MD', '-MMD', '-MP'):
            keep.append(a)
        i += 1
    print(f'cd {shlex.quote(e["directory"])} && {clang} -fsyntax-only -w '
          + ' '.join(shlex.quote(a) for a in keep))
PY
}

projects=$(rw_projects "$@")
for p in $projects; do
  echo "[$p] leaklint ..." >&2
  { time rw_leaklint "$ll" "$p" json -v -o "$out/$p.json" 2>"$out/$p.notes"; } 2>"$out/$p.ll-cpu"
  rw_leaklint "$ll" "$p" text >"$out/$p.txt" 2>/dev/null
  rw_leaklint "$ll" "$p" sarif >"$out/$p.sarif" 2>/dev/null
  if [ "${NO_CLANG:-}" != 1 ]; then
    echo "[$p] clang -fsyntax-only ..." >&2
    clang_cmds "$p" >"$out/$p.clang-cmds"
    { time (tr '\n' '\0' <"$out/$p.clang-cmds" |
      xargs -0 -P "${JOBS:-2}" -I{} bash -c '{}' >/dev/null 2>&1 || true); } 2>"$out/$p.clang-cpu"
  else
    rm -f "$out/$p.clang-cpu"
  fi
  rw_units "$p" | wc -l >"$out/$p.units"
done

rules=$("$ll" --list-rules | awk '{ print $1 }')
# shellcheck disable=SC2086
python3 - "$out" "$ll" $projects -- $rules <<'PY' | tee "$out/table.txt"
import json, os, re, sys
args = sys.argv[1:]
out, ll = args[0], args[1]
sep = args.index('--')
projects, rules = args[2:sep], args[sep + 1:]
abbr = {r: ''.join(w[0] for w in r.split('-')).upper() for r in rules}

def cpu(path):
    try:
        u, s = open(path).read().split()[-2:]
        return float(u) + float(s)
    except (OSError, ValueError):
        return None

rows = []
for p in projects:
    rep = json.load(open(os.path.join(out, p + '.json')))
    per = {r: 0 for r in rules}
    for f in rep['findings']:
        per[f['rule']] = per.get(f['rule'], 0) + 1
    notes = open(os.path.join(out, p + '.notes')).read().splitlines()
    skip = sum('has more paths than the analysis budget' in n for n in notes)
    fns = sum(int(m.group(1)) for m in
              (re.search(r'note: (\d+) functions analysed, \d+ of them past', n) for n in notes) if m)
    errf = sum(n.endswith('this file has errors: its functions were analysed as far as clang '
                          'understood them, findings in invalid code are suppressed') for n in notes)
    units = int(open(os.path.join(out, p + '.units')).read())
    rows.append([p, units] + [per[r] for r in rules] +
                [len(rep['findings']), fns, skip, errf,
                 cpu(os.path.join(out, p + '.ll-cpu')), cpu(os.path.join(out, p + '.clang-cpu'))])

head = ['project', 'units'] + [abbr[r] for r in rules] + ['total', 'fns', 'skip', 'errf', 'll-cpu', 'clang-cpu']
total = ['TOTAL'] + [sum(r[i] for r in rows) for i in range(1, len(head) - 2)] + \
        [sum(r[i] or 0 for r in rows) for i in (len(head) - 2, len(head) - 1)]
fmt = lambda v: '-' if v is None else (f'{v:.1f}' if isinstance(v, float) else str(v))
table = [head] + [[fmt(v) for v in r] for r in rows + [total]]
w = [max(len(r[i]) for r in table) for i in range(len(head))]
for n, r in enumerate(table):
    print('  '.join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r)))
    if n == 0 or n == len(table) - 2:
        print('  '.join('-' * x for x in w))
print('rules: ' + ', '.join(f'{abbr[r]}={r}' for r in rules))
print(f'leaklint: {ll}')
with open(os.path.join(out, 'table.tsv'), 'w') as t:
    for r in table:
        t.write('\t'.join(r) + '\n')
PY
