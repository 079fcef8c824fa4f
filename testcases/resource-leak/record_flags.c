/* record_flags.c - a loop over records that sets one flag per field and
 * acts on it at once: each flag is written again in the next round before
 * it is read, so past its test it is dead, though the loop names it.
 * Keeping it would make every combination of the twenty flags, 2^20 of
 * them, a path of its own, past any budget; the buffer lost on a bad
 * record is found. */
#include <stdlib.h>
#include <unistd.h>

int has_field(const char *buf, const char *name);
void enable(const char *name);

int read_records(int fd) {
  char *buf = malloc(4096);
  if (!buf)
    return -1;
  for (;;) {
    ssize_t n = read(fd, buf, 4096);
    if (n == 0)
      break;
    if (n < 0)
      return -1; // expect: resource-leak
    int color = 0;
    if (has_field(buf, "color"))
      color = 1;
    if (color)
      enable("color");
    int quiet = 0;
    if (has_field(buf, "quiet"))
      quiet = 1;
    if (quiet)
      enable("quiet");
    int unbuffered = 0;
    if (has_field(buf, "unbuffered"))
      unbuffered = 1;
    if (unbuffered)
      enable("unbuffered");
    int sort_keys = 0;
    if (has_field(buf, "sort_keys"))
      sort_keys = 1;
    if (sort_keys)
      enable("sort_keys");
    int raw = 0;
    if (has_field(buf, "raw"))
      raw = 1;
    if (raw)
      enable("raw");
    int tab = 0;
    if (has_field(buf, "tab"))
      tab = 1;
    if (tab)
      enable("tab");
    int ascii = 0;
    if (has_field(buf, "ascii"))
      ascii = 1;
    if (ascii)
      enable("ascii");
    int seq = 0;
    if (has_field(buf, "seq"))
      seq = 1;
    if (seq)
      enable("seq");
    int stream = 0;
    if (has_field(buf, "stream"))
      stream = 1;
    if (stream)
      enable("stream");
    int slurp = 0;
    if (has_field(buf, "slurp"))
      slurp = 1;
    if (slurp)
      enable("slurp");
    int null_input = 0;
    if (has_field(buf, "null_input"))
      null_input = 1;
    if (null_input)
      enable("null_input");
    int exit_status = 0;
    if (has_field(buf, "exit_status"))
      exit_status = 1;
    if (exit_status)
      enable("exit_status");
    int compact = 0;
    if (has_field(buf, "compact"))
      compact = 1;
    if (compact)
      enable("compact");
    int join = 0;
    if (has_field(buf, "join"))
      join = 1;
    if (join)
      enable("join");
    int trace = 0;
    if (has_field(buf, "trace"))
      trace = 1;
    if (trace)
      enable("trace");
    int debug = 0;
    if (has_field(buf, "debug"))
      debug = 1;
    if (debug)
      enable("debug");
    int strict = 0;
    if (has_field(buf, "strict"))
      strict = 1;
    if (strict)
      enable("strict");
    int dry_run = 0;
    if (has_field(buf, "dry_run"))
      dry_run = 1;
    if (dry_run)
      enable("dry_run");
    int follow = 0;
    if (has_field(buf, "follow"))
      follow = 1;
    if (follow)
      enable("follow");
    int numeric = 0;
    if (has_field(buf, "numeric"))
      numeric = 1;
    if (numeric)
      enable("numeric");
  }
  free(buf);
  return 0;
}
