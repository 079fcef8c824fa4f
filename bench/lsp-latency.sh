#!/usr/bin/env bash
# The language server on a real project: the time from an edit's didSave
# to the file's publishDiagnostics (a scripted client, RUNS saves, median), next
# to `clang -fsyntax-only` of the same file with the same flags (median of
# RUNS), and the server's memory once the whole project is analysed
# (VmRSS and VmHWM from /proc).  Run by hand; the figures go in notes,
# never into tests.
#
# usage: bench/lsp-latency.sh LEAKLINT PROJECT_DIR FILE [RUNS] [JOBS]
#   PROJECT_DIR holds compile_commands.json (the workspace root); FILE is
#   one of its units, e.g. /work/realworld/redis src/module.c
set -euo pipefail
ll=$(realpath "$1")
root=$(realpath "$2")
file=$(cd "$root" && realpath "$3")
runs=${4:-7}
jobs=${5:-2}
[ -f "$root/compile_commands.json" ] || { echo "no $root/compile_commands.json" >&2; exit 2; }

python3 - "$ll" "$root" "$file" "$runs" "$jobs" "${CLANG:-clang}" <<'PY'
import json, os, select, statistics, subprocess, sys, time
ll, root, path, runs, jobs, clang = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]

# clang -fsyntax-only with the file's own compile command.
entry = next(e for e in json.load(open(os.path.join(root, 'compile_commands.json')))
             if os.path.realpath(os.path.join(e['directory'], e['file'])) == path)
args = entry.get('arguments') or entry['command'].split()
flags, skip = [], False
for a in args[1:]:
    if skip:
        skip = False
    elif a in ('-o', '-MF', '-MT', '-MQ'):
        skip = True
    elif a not in ('-c', '-MD', '-MMD') and os.path.realpath(os.path.join(entry['directory'], a)) != path:
        flags.append(a)
clang_times = []
for _ in range(runs):
    t = time.monotonic()
    subprocess.run([clang, '-fsyntax-only', '-w'] + flags + [path], cwd=entry['directory'], check=True)
    clang_times.append(time.monotonic() - t)

p = subprocess.Popen([ll, 'lsp', '-j', jobs], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
buf = b''
def send(m):
    b = json.dumps(m).encode()
    p.stdin.write(b'Content-Length: %d\r\n\r\n' % len(b) + b)
    p.stdin.flush()
def recv():
    global buf
    while True:
        end = buf.find(b'\r\n\r\n')
        if end >= 0:
            n = int(buf[:end].split(b':')[1])
            if len(buf) >= end + 4 + n:
                m = json.loads(buf[end + 4:end + 4 + n]); buf = buf[end + 4 + n:]
                return m
        chunk = os.read(p.stdout.fileno(), 1 << 20)
        if not chunk:
            sys.exit('the server exited')
        buf += chunk
def memory():
    fields = {}
    for line in open('/proc/%d/status' % p.pid):
        k, v = line.split(':', 1)
        fields[k] = v.strip()
    return fields['VmRSS'], fields['VmHWM']

uri = 'file://' + path
t0 = time.monotonic()
send({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize',
      'params': {'rootUri': 'file://' + root, 'capabilities': {'window': {'workDoneProgress': True}}}})
send({'jsonrpc': '2.0', 'method': 'initialized', 'params': {}})
while True:
    m = recv()
    if m.get('method') == '$/progress' and m['params']['value']['kind'] == 'end':
        break
initial = time.monotonic() - t0
rss, hwm = memory()
text = open(path, encoding='utf-8', errors='replace').read()
send({'jsonrpc': '2.0', 'method': 'textDocument/didOpen',
      'params': {'textDocument': {'uri': uri, 'languageId': 'c', 'version': 1, 'text': text}}})
def published():
    while True:
        m = recv()
        if m.get('method') == 'textDocument/publishDiagnostics' and m['params']['uri'] == uri:
            return m['params']['diagnostics']
published()
save_times = []
for run in range(runs):
    # An edit (a comment line in the middle of the file, after a statement,
    # so that half of the file moves), then the save: the server parses the
    # new text and links the program again; the clock starts at the save.
    lines = text.split('\n')
    at = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].rstrip().endswith(';'))
    edited = '\n'.join(lines[:at + 1] + ['// edit %d' % run] + lines[at + 1:])
    send({'jsonrpc': '2.0', 'method': 'textDocument/didChange',
          'params': {'textDocument': {'uri': uri, 'version': run + 2}, 'contentChanges': [{'text': edited}]}})
    t = time.monotonic()
    send({'jsonrpc': '2.0', 'method': 'textDocument/didSave', 'params': {'textDocument': {'uri': uri}}})
    n = len(published())
    save_times.append(time.monotonic() - t)
rss2, hwm2 = memory()
send({'jsonrpc': '2.0', 'id': 2, 'method': 'shutdown'})
send({'jsonrpc': '2.0', 'method': 'exit'})
p.wait()
units = len({os.path.realpath(os.path.join(e['directory'], e['file']))
             for e in json.load(open(os.path.join(root, 'compile_commands.json')))})
print('file: %s (%d bytes), %d diagnostics' % (os.path.relpath(path, root), os.path.getsize(path), n))
print('clang -fsyntax-only, median of %d: %.3f s  (all: %s)' % (runs, statistics.median(clang_times), ' '.join('%.3f' % x for x in clang_times)))
print('didSave -> publishDiagnostics, median of %d: %.3f s  (all: %s)' % (runs, statistics.median(save_times), ' '.join('%.3f' % x for x in save_times)))
print('initial workspace analysis (%d units, -j %s): %.1f s' % (units, jobs, initial))
print('server memory after loading the project: VmRSS %s, VmHWM %s' % (rss, hwm))
print('server memory after the saves: VmRSS %s, VmHWM %s' % (rss2, hwm2))
PY
