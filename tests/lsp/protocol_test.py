#!/usr/bin/env python3
"""protocol_test.py LEAKLINT - `leaklint lsp` over a real pipe, at the
level of bytes and JSON-RPC: frames split across reads and run together,
malformed frames and messages, unknown methods, invalid params, requests
out of order, cancellation of a waiting request, a newer change that
supersedes an older one, shutdown and exit.  Every error must be a
JSON-RPC error object and the server must answer the next request."""
import json
import os
import select
import subprocess
import sys
import tempfile
import time

LEAKLINT = sys.argv[1]
fails = passes = 0


def check(cond, what):
    global fails, passes
    if cond:
        passes += 1
    else:
        fails += 1
        print("FAIL:", what)
    return cond


# The C file with one leak that the shell tests use (tests/lib.sh), flagged
# at 7:5 (line 6 here).
LEAK = subprocess.run(["bash", "-c", '. "$0"; leak_c', os.path.join(os.path.dirname(__file__), "..", "lib.sh")],
                      capture_output=True, text=True, check=True).stdout
CLEAN = LEAK.replace("    return 1;\n", "    n = 10;\n")


class Server:
    def __init__(self, root=None):
        self.p = subprocess.Popen([LEAKLINT, "lsp"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.buf = b""

    def raw(self, data, pause=0.0):
        self.p.stdin.write(data)
        self.p.stdin.flush()
        if pause:
            time.sleep(pause)

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def recv(self, timeout=30):
        deadline = time.time() + timeout
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                n = int(self.buf[:end].split(b":")[1])
                if len(self.buf) >= end + 4 + n:
                    body = self.buf[end + 4:end + 4 + n]
                    self.buf = self.buf[end + 4 + n:]
                    return json.loads(body)
            left = deadline - time.time()
            if left <= 0 or not select.select([self.p.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk

    def until(self, pred, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.recv(deadline - time.time())
            if m is None:
                return None
            if pred(m):
                return m
        return None

    def reply_to(self, id_):
        return self.until(lambda m: m.get("id") == id_ and "method" not in m)

    def initialize(self, root, debounce=100):
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"rootUri": "file://" + root, "capabilities": {},
                              "initializationOptions": {"debounceMs": debounce}}})
        r = self.reply_to(1)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        return r

    def close(self):
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        return self.p.wait(timeout=30)


def error_code(m):
    return m and m.get("error", {}).get("code")


def framing_and_errors(root):
    s = Server()
    # Before initialize: the protocol's own error.
    s.send({"jsonrpc": "2.0", "id": 0, "method": "textDocument/codeAction", "params": {}})
    check(error_code(s.reply_to(0)) == -32002, "a request before initialize: ServerNotInitialized")
    # initialize split into five reads, at awkward places.
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                       "params": {"rootUri": "file://" + root, "capabilities": {},
                                  "initializationOptions": {"debounceMs": 100}}}).encode()
    frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
    for piece in (frame[:7], frame[7:17], frame[17:21], frame[21:40], frame[40:]):
        s.raw(piece, pause=0.05)
    r = s.reply_to(1)
    check(r and "capabilities" in r.get("result", {}), "a frame split across reads is answered")
    check(r and r["result"]["capabilities"]["textDocumentSync"]["change"] == 1, "full sync")
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    # Two frames in one write, with a Content-Type header too.
    a = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"}).encode()
    b = json.dumps({"jsonrpc": "2.0", "id": "three", "method": "another/unknown"}).encode()
    s.raw(b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
          % len(a) + a + b"Content-Length: %d\r\n\r\n" % len(b) + b)
    check(error_code(s.reply_to(2)) == -32601, "unknown method: MethodNotFound")
    check(error_code(s.reply_to("three")) == -32601, "a string id is echoed")
    # A header without Content-Length, then a body that is not JSON.
    s.raw(b"Content-Type: text/plain\r\n\r\n")
    m = s.until(lambda m: "error" in m)
    check(error_code(m) == -32700 and m.get("id", 0) is None, "a frame without length: ParseError, id null")
    s.raw(b"Content-Length: 9\r\n\r\n{\"oops\": ")
    check(error_code(s.until(lambda m: "error" in m)) == -32700, "a body that is not JSON: ParseError")
    s.raw(b"Content-Length: 5\r\n\r\n[1,2]")
    check(error_code(s.until(lambda m: "error" in m)) == -32600, "a batch: InvalidRequest")
    s.send({"jsonrpc": "2.0", "id": 4, "method": 42})
    check(error_code(s.reply_to(4)) == -32600, "a method that is not a string: InvalidRequest")
    # Invalid params.
    s.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {}})
    check(error_code(s.reply_to(5)) == -32602, "codeAction without a document: InvalidParams")
    s.send({"jsonrpc": "2.0", "id": 6, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": "http://example.com/x.c"}, "range": {}}})
    check(error_code(s.reply_to(6)) == -32602, "a URI that is not file: InvalidParams")
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 7}})
    m = s.until(lambda m: m.get("method") == "window/logMessage")
    check(m and "didOpen" in m["params"]["message"], "a bad notification is logged, not answered")
    # Still alive: shutdown, then a request after it, then exit.
    s.send({"jsonrpc": "2.0", "id": 8, "method": "shutdown"})
    r = s.reply_to(8)
    check(r and "result" in r and r["result"] is None, "shutdown answers null")
    s.send({"jsonrpc": "2.0", "id": 9, "method": "textDocument/codeAction", "params": {}})
    check(error_code(s.reply_to(9)) == -32600, "a request after shutdown: InvalidRequest")
    s.send({"jsonrpc": "2.0", "method": "exit"})
    check(s.close() == 0, "exit after shutdown: status 0")

    s = Server()
    s.initialize(root)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    check(s.close() == 1, "exit without shutdown: status 1")
    s = Server()
    s.raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
    check(s.close() == 1, "input that ends mid-frame: status 1, no crash")


def uri(path):
    return "file://" + path


def publishes(s, u, timeout):
    out = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        m = s.recv(deadline - time.time())
        if m is None:
            break
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == u:
            out.append(m["params"])
    return out


def cancellation_and_supersede(root):
    path = os.path.join(root, "edit.c")
    with open(path, "w") as f:
        f.write(CLEAN)
    s = Server()
    s.initialize(root, debounce=1500)
    u = uri(path)
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": u, "languageId": "c", "version": 1, "text": CLEAN}}})
    # A change, then a code action that must wait for its analysis, then
    # its cancellation.
    s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": LEAK}]}})
    s.send({"jsonrpc": "2.0", "id": 20, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": u},
                       "range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}},
                       "context": {"diagnostics": []}}})
    s.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 20}})
    s.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 999}})
    r = s.reply_to(20)
    check(error_code(r) == -32800, "a waiting request that is cancelled: RequestCancelled")
    # A newer change before the debounce runs out supersedes version 2.
    s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": CLEAN}]}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": u, "version": 4}, "contentChanges": [{"text": LEAK}]}})
    seen = publishes(s, u, 4)
    versions = [p.get("version") for p in seen if p["diagnostics"]]
    check(versions == [4], "only the newest text is published: %s" % versions)
    last = seen[-1]["diagnostics"] if seen else []
    check(len(last) == 1 and last[0]["code"] == "resource-leak" and last[0]["range"]["start"]["line"] == 6,
          "version 4's leak is published")
    # A code action now is answered at once, with the fix for version 4.
    s.send({"jsonrpc": "2.0", "id": 21, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": u},
                       "range": {"start": {"line": 6, "character": 2}, "end": {"line": 6, "character": 2}},
                       "context": {"diagnostics": [], "only": ["quickfix"]}}})
    r = s.reply_to(21)
    acts = r and r.get("result") or []
    check(len(acts) == 2 and acts[0]["edit"]["documentChanges"][0]["textDocument"]["version"] == 4,
          "code actions carry the analysed version: %s" % json.dumps(acts)[:300])
    s.send({"jsonrpc": "2.0", "id": 22, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": u},
                       "range": {"start": {"line": 6, "character": 2}, "end": {"line": 6, "character": 2}},
                       "context": {"diagnostics": [], "only": ["refactor"]}}})
    r = s.reply_to(22)
    check(r and r.get("result") == [], "only: refactor gets no quick fixes")
    # Closing the buffer: the file on disk (clean) is the unit again.
    s.send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": u}}})
    seen = publishes(s, u, 3)
    check(seen and seen[-1]["diagnostics"] == [], "after didClose the disk's text clears it")
    s.send({"jsonrpc": "2.0", "id": 30, "method": "shutdown"})
    s.reply_to(30)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    check(s.close() == 0, "clean exit")


def single_file(root):
    """No workspace root (a file opened on its own): the file is the program."""
    path = os.path.join(root, "alone.c")
    with open(path, "w") as f:
        f.write(CLEAN)
    s = Server()
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"rootUri": None, "capabilities": {}}})
    check(s.reply_to(1) is not None, "initialize without a root")
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    u = uri(path)
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": u, "languageId": "c", "version": 1, "text": LEAK}}})
    seen = publishes(s, u, 5)
    last = seen[-1]["diagnostics"] if seen else []
    check(len(last) == 1 and last[0]["code"] == "resource-leak",
          "without a root, an opened file is analysed on its own: %s" % json.dumps(last)[:200])
    s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    s.reply_to(2)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    check(s.close() == 0, "clean exit without a root")


THREADS = """#include <pthread.h>
void *scan_main(void *arg);
int scan_all(void **jobs, pthread_t *tids, int n) {
  for (int i = 0; i < n; i++) {
    if (pthread_create(&tids[i], NULL, scan_main, jobs[i]) != 0) {
      return -1;
    }
  }
  for (int i = 0; i < n; i++)
    pthread_join(tids[i], NULL);
  return 0;
}
"""


def apply_edits(text, edits):
    lines = text.split("\n")
    offs = [0]
    for l in lines:
        offs.append(offs[-1] + len(l) + 1)
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                    reverse=True):
        a = offs[e["range"]["start"]["line"]] + e["range"]["start"]["character"]
        b = offs[e["range"]["end"]["line"]] + e["range"]["end"]["character"]
        text = text[:a] + e["newText"] + text[b:]
    return text


def join_started_threads(root):
    """The quick fix for a start loop that fails half way: join the threads
    it started, counting its index down."""
    path = os.path.join(root, "threads.c")
    with open(path, "w") as f:
        f.write(THREADS)
    s = Server()
    s.initialize(root)
    u = uri(path)
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": u, "languageId": "c", "version": 1, "text": THREADS}}})
    seen = publishes(s, u, 5)
    last = seen[-1]["diagnostics"] if seen else []
    check(len(last) == 1 and last[0]["code"] == "waitgroup-imbalance" and last[0]["range"]["start"]["line"] == 5,
          "the partial start is reported at its return: %s" % json.dumps(last)[:300])
    s.send({"jsonrpc": "2.0", "id": 40, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": u},
                       "range": {"start": {"line": 5, "character": 6}, "end": {"line": 5, "character": 6}},
                       "context": {"diagnostics": last, "only": ["quickfix"]}}})
    r = s.reply_to(40)
    acts = r and r.get("result") or []
    join = [a for a in acts if "pthread_join" in a["title"]]
    check(len(join) == 1, "a quick fix joins the started threads: %s" % [a["title"] for a in acts])
    if join:
        edits = join[0]["edit"]["documentChanges"][0]["edits"]
        fixed = apply_edits(THREADS, edits)
        check("      while (i-- > 0) pthread_join(tids[i], NULL);\n      return -1;" in fixed,
              "the join loop goes before the return: %s" % fixed)
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": fixed}]}})
        seen = publishes(s, u, 5)
        check(seen and seen[-1]["diagnostics"] == [], "the fixed text has no finding: %s" %
              json.dumps(seen[-1:])[:300])
    s.send({"jsonrpc": "2.0", "id": 41, "method": "shutdown"})
    s.reply_to(41)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    check(s.close() == 0, "clean exit after the thread fix")


with tempfile.TemporaryDirectory() as root:
    root = os.path.realpath(root)
    framing_and_errors(root)
    os.mkdir(os.path.join(root, "threads"))
    join_started_threads(os.path.join(root, "threads"))
    cancellation_and_supersede(root)
    os.mkdir(os.path.join(root, "alone"))
    single_file(os.path.join(root, "alone"))
print("%d passed, %d failed" % (passes, fails))
sys.exit(1 if fails else 0)
