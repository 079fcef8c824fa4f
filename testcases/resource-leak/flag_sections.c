/* flag_sections.c - a main() that sets one flag per option and acts on it
 * at once (jq's and tcpdump's main): each flag holds 0 or 1, and every
 * combination of the twenty flags, 2^20 of them, is a path of its own,
 * past any budget.  No later section reads a flag, so the walk forgets its
 * value there and the paths meet; the buffer lost on a late failure is
 * found. */
#include <stdlib.h>
#include <string.h>

int has_option(const char *name);
void enable(const char *name);
int run_program(const char *program);

int start(const char *text) {
  char *program = strdup(text);
  if (!program)
    return 2;
  int color = 0;
  if (has_option("color"))
    color = 1;
  if (color)
    enable("color");
  int quiet = 0;
  if (has_option("quiet"))
    quiet = 1;
  if (quiet)
    enable("quiet");
  int unbuffered = 0;
  if (has_option("unbuffered"))
    unbuffered = 1;
  if (unbuffered)
    enable("unbuffered");
  int sort_keys = 0;
  if (has_option("sort_keys"))
    sort_keys = 1;
  if (sort_keys)
    enable("sort_keys");
  int raw = 0;
  if (has_option("raw"))
    raw = 1;
  if (raw)
    enable("raw");
  int tab = 0;
  if (has_option("tab"))
    tab = 1;
  if (tab)
    enable("tab");
  int ascii = 0;
  if (has_option("ascii"))
    ascii = 1;
  if (ascii)
    enable("ascii");
  int seq = 0;
  if (has_option("seq"))
    seq = 1;
  if (seq)
    enable("seq");
  int stream = 0;
  if (has_option("stream"))
    stream = 1;
  if (stream)
    enable("stream");
  int slurp = 0;
  if (has_option("slurp"))
    slurp = 1;
  if (slurp)
    enable("slurp");
  int null_input = 0;
  if (has_option("null_input"))
    null_input = 1;
  if (null_input)
    enable("null_input");
  int exit_status = 0;
  if (has_option("exit_status"))
    exit_status = 1;
  if (exit_status)
    enable("exit_status");
  int compact = 0;
  if (has_option("compact"))
    compact = 1;
  if (compact)
    enable("compact");
  int join = 0;
  if (has_option("join"))
    join = 1;
  if (join)
    enable("join");
  int trace = 0;
  if (has_option("trace"))
    trace = 1;
  if (trace)
    enable("trace");
  int debug = 0;
  if (has_option("debug"))
    debug = 1;
  if (debug)
    enable("debug");
  int strict = 0;
  if (has_option("strict"))
    strict = 1;
  if (strict)
    enable("strict");
  int dry_run = 0;
  if (has_option("dry_run"))
    dry_run = 1;
  if (dry_run)
    enable("dry_run");
  int follow = 0;
  if (has_option("follow"))
    follow = 1;
  if (follow)
    enable("follow");
  int numeric = 0;
  if (has_option("numeric"))
    numeric = 1;
  if (numeric)
    enable("numeric");
  if (run_program(program) != 0)
    return 1; // expect: resource-leak
  free(program);
  return 0;
}
