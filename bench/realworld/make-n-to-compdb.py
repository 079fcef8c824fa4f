#!/usr/bin/env python3
"""Turn the output of `make -n -w V=1` into a compile_commands.json.

Nothing is compiled: make only prints its commands.  This reads them,
follows "make[N]: Entering/Leaving directory" lines (hence -w) and `cd DIR`
inside a command line, unwraps libtool (--mode=compile) and depcomp, and
keeps every compiler call that has -c and exactly one .c source, minus
its dependency-file flags (-MD, -MF FILE, ...).  A file compiled twice
(for two programs) keeps its first command only, as leaklint would use.

usage: make-n-to-compdb.py [-o OUT] [--base DIR] [--only SUBDIR]... [MAKE_N_OUTPUT]
  MAKE_N_OUTPUT defaults to stdin; OUT to stdout.
  --base DIR   directory make was started in (default: cwd); used when
               the output has no "Entering directory" line.
  --only SUB   keep only sources under BASE/SUB (repeatable).
python3 standard library only.
"""
import argparse
import json
import os
import re
import shlex
import sys

COMPILER = re.compile(r'^(?:.*/)?(?:[\w.]+-)*(?:gcc|cc|clang|c99)(?:-\d+(?:\.\d+)*)?$')
SEPARATORS = {';', '&&', '||', '|', '&', '(', ')', ';;', '((', '))'}
ASSIGN = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*=')
TAKES_VALUE = {'-o', '-MF', '-MT', '-MQ', '-include', '-imacros', '-x', '-I',
               '-D', '-U', '-isystem', '-iquote', '-idirafter', '-Xclang',
               '-Xpreprocessor', '-Xlinker', '-L', '-l', '--param'}
# automake's per-target objects: `test -f 'x.c' || echo './'`x.c
VPATH_TEST = re.compile(r"`test -f '([^']*)' \|\| echo '([^']*)'`")
DIR_RE = re.compile(r"^\S*make(?:\[\d+\])?: (Entering|Leaving) directory [`'\"](.*)['\"]\s*$")


def logical_lines(text):
    buf = ''
    for raw in text.splitlines():
        if raw.endswith('\\'):
            buf += raw[:-1] + ' '
            continue
        yield buf + raw
        buf = ''
    if buf:
        yield buf


def split_commands(line):
    lex = shlex.shlex(line, posix=True, punctuation_chars=';&|()')
    lex.whitespace_split = True
    lex.commenters = ''
    try:
        toks = list(lex)
    except ValueError:  # unbalanced quotes: not a command we can use
        return []
    cmds, cur = [], []
    for t in toks:
        if t in SEPARATORS:
            if cur:
                cmds.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        cmds.append(cur)
    return cmds


def unwrap(words):
    """Drop assignments and libtool/depcomp/shell wrappers; return the compiler call or None."""
    i = 0
    while True:
        while i < len(words) and ASSIGN.match(words[i]):
            i += 1
        if i >= len(words):
            return None
        w = os.path.basename(words[i])
        if w in ('sh', 'bash', 'dash', 'env', 'exec', 'time', 'ccache'):
            i += 1
            continue
        if w in ('libtool', 'depcomp', 'jlibtool') or w.endswith('-libtool'):
            i += 1
            while i < len(words) and words[i].startswith('-'):
                i += 1
            continue
        break
    words = words[i:]
    if not COMPILER.match(words[0]):
        return None
    if '-c' not in words:
        return None
    return words


def sources(args):
    out, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in TAKES_VALUE:
            skip = True
            continue
        if a.endswith('.c') and not a.startswith('-'):
            out.append(a)
    return out


DEP_FLAGS = {'-MD', '-MMD', '-MP', '-M', '-MM'}
DEP_FLAGS_VALUE = {'-MF', '-MT', '-MQ'}


def strip_deps(args):
    """Drop dependency-file flags: a parse must not write .d files."""
    out, i = [], 0
    while i < len(args):
        a = args[i]
        if a in DEP_FLAGS_VALUE:
            i += 2
            continue
        if a in DEP_FLAGS or any(a.startswith(f) and len(a) > 3 for f in DEP_FLAGS_VALUE):
            i += 1
            continue
        out.append(a)
        i += 1
    return out


def output_of(args):
    for i, a in enumerate(args):
        if a == '-o' and i + 1 < len(args):
            return args[i + 1]
    return None


def convert(text, base, only):
    dirs = [base]
    entries = []
    seen = set()
    for line in logical_lines(text):
        m = DIR_RE.match(line)
        if m:
            if m.group(1) == 'Entering':
                dirs.append(m.group(2))
            elif len(dirs) > 1:
                dirs.pop()
            continue
        cwd = dirs[-1]
        line = VPATH_TEST.sub(
            lambda m: '' if os.path.exists(os.path.join(cwd, m.group(1))) else m.group(2), line)
        for words in split_commands(line):
            if words[0] == 'cd' and len(words) == 2:
                cwd = os.path.normpath(os.path.join(cwd, words[1]))
                continue
            args = unwrap(words)
            if not args:
                continue
            srcs = sources(args)
            if len(srcs) != 1:
                continue
            args = strip_deps(args)
            path = os.path.normpath(os.path.join(cwd, srcs[0]))
            if only and not any(path.startswith(os.path.join(base, s).rstrip('/') + '/') for s in only):
                continue
            if path in seen:  # e.g. the same file for two programs: keep the first
                continue
            seen.add(path)
            e = {'directory': cwd, 'arguments': args, 'file': srcs[0]}
            o = output_of(args)
            if o:
                e['output'] = o
            entries.append(e)
    return entries


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('input', nargs='?')
    ap.add_argument('-o', '--output')
    ap.add_argument('--base', default=os.getcwd())
    ap.add_argument('--only', action='append', default=[])
    a = ap.parse_args()
    text = open(a.input, errors='replace').read() if a.input else sys.stdin.read()
    entries = convert(text, os.path.abspath(a.base), a.only)
    if not entries:
        print('make-n-to-compdb: no compile commands found', file=sys.stderr)
        return 1
    data = json.dumps(entries, indent=2) + '\n'
    if a.output:
        tmp = a.output + '.tmp'
        with open(tmp, 'w') as f:
            f.write(data)
        os.replace(tmp, a.output)
    else:
        sys.stdout.write(data)
    print(f'make-n-to-compdb: {len(entries)} units', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
