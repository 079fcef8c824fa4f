#!/usr/bin/env python3
"""Matches a run's findings against triage.tsv.

usage: bench/realworld/triage-status.py OUT_DIR [project...]

OUT_DIR is run.sh's output directory (<project>.json).  A finding is matched
by project, location (file:line relative to the project's directory) and
rule, as README.md says; findings sharing all three take the verdict lines
in order.  Prints one line per project (TRUE, FALSE, UNSURE, untriaged),
the totals, the share of TRUE among triaged findings, and every untriaged
finding; triage lines no finding matches any more are listed as stale.
"""
import collections, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
realworld = os.environ.get('REALWORLD_DIR', '/work/realworld')
if len(sys.argv) < 2:
    sys.exit(__doc__)
out, wanted = sys.argv[1], sys.argv[2:]

verdicts = collections.defaultdict(list)
with open(os.path.join(here, 'triage.tsv')) as f:
    next(f)  # header
    for line in f:
        cols = line.rstrip('\n').split('\t')
        if len(cols) >= 4:
            verdicts[tuple(cols[:3])].append(cols[3])

projects = wanted or [l.split('\t')[0] for l in open(os.path.join(here, 'projects.tsv'))][1:]
totals = collections.Counter()
untriaged, used = [], collections.Counter()
for p in projects:
    path = os.path.join(out, p + '.json')
    if not os.path.exists(path):
        continue
    counts = collections.Counter()
    for f in json.load(open(path))['findings']:
        # leaklint names files as it was given them: relative to the
        # project's directory, where run.sh runs it, or absolute
        top = os.path.join(realworld, p)
        loc = os.path.relpath(os.path.join(top, f['file']), top) + ':' + str(f['line'])
        key = (p, loc, f['rule'])
        have = verdicts.get(key, [])
        if used[key] < len(have):
            counts[have[used[key]]] += 1
        else:
            counts['untriaged'] += 1
            untriaged.append('\t'.join(key) + '\t' + f['message'])
        used[key] += 1
    totals.update(counts)
    print(f"{p:10} TRUE {counts['TRUE']:3}  FALSE {counts['FALSE']:3}  "
          f"UNSURE {counts['UNSURE']:3}  untriaged {counts['untriaged']:3}")
triaged = totals['TRUE'] + totals['FALSE'] + totals['UNSURE']
share = f"{100 * totals['TRUE'] / triaged:.0f}%" if triaged else '-'
print(f"{'TOTAL':10} TRUE {totals['TRUE']:3}  FALSE {totals['FALSE']:3}  "
      f"UNSURE {totals['UNSURE']:3}  untriaged {totals['untriaged']:3}  (TRUE of triaged: {share})")
for u in untriaged:
    print('untriaged\t' + u)
for key, have in sorted(verdicts.items()):
    if key[0] in projects and used[key] < len(have):
        print('stale\t' + '\t'.join(key))
