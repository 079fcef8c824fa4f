/* sarif_sample.c - writes a SARIF log with one finding of every rule, each
 * with a path, plus notifications, for tests/sarif_validate.cmake to hand
 * to Microsoft's SARIF Multitool.  The findings point into this very file,
 * so the log's locations, columns and fingerprints name real lines.
 *
 * usage: sarif_sample SRCROOT OUT.sarif */
#include <stdio.h>
#include <string.h>

#include "sarif_writer.h"
#include "util.h"

/* The lines the findings point at: a leak shape per rule, in comments so
 * that the file stays valid C.  "é" and "—" make the columns shift.
 *
 * SAMPLE 1   char *name = strchr(line, ':'); h->name = name + 1;
 * SAMPLE 2   for (i = 0; i < n; i++) { f = fopen(paths[i], "r"); }
 * SAMPLE 3   timerfd_create(CLOCK_MONOTONIC, 0); // é
 * SAMPLE 4   pthread_mutex_lock(&c->lock); if (!e) return -ENOMEM;
 * SAMPLE 5   pthread_create(&tid, NULL, worker, p); — dropped
 * SAMPLE 6   read(done[0], &status, sizeof status);
 * SAMPLE 7   FILE *f = fopen(path, "r"); if (!buf) return -1;
 */

/* The line of this file holding "SAMPLE n", and the byte column of word on
 * it; 0 when absent. */
static unsigned find_line(const char *text, int n, const char *word, unsigned *col) {
  char tag[32];
  snprintf(tag, sizeof tag, "SAMPLE %d ", n);
  const char *hit = strstr(text, tag);
  if (!hit)
    return 0;
  unsigned line = 1;
  const char *bol = text;
  for (const char *p = text; p < hit; p++)
    if (*p == '\n')
      line++, bol = p + 1;
  const char *w = strstr(hit, word);
  *col = w ? (unsigned)(w - bol) + 1 : 1;
  return line;
}

static ll_location loc_of(const char *path, const char *text, int n, const char *word) {
  unsigned col = 0;
  unsigned line = find_line(text, n, word, &col);
  return (ll_location){intern(path), line, col, line, col + (unsigned)strlen(word)};
}

static void add_finding(ll_report *r, ll_rule_id rule, const char *path, const char *text,
                        const char *taken, const char *lost) {
  int n = (int)rule + 1;
  ll_finding f = {.rule = rule};
  f.loc = loc_of(path, text, n, lost);
  f.acquired = loc_of(path, text, n, taken);
  f.message = xasprintf("The resource taken by %s is lost at %s", taken, lost);
  f.acquired_note = xasprintf("Taken by %s here", taken);
  f.nsteps = 2;
  f.steps = xcalloc(2, sizeof *f.steps);
  f.steps[0] = (ll_step){f.acquired, xasprintf("%s acquires it", taken)};
  f.steps[1] = (ll_step){f.loc, xstrdup("The last reference is lost here")};
  f.fix = xstrdup("Release it on this path");
  f.function = xstrdup("sample");
  report_add_finding(r, &f);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SRCROOT OUT.sarif\n", argv[0]);
    return 2;
  }
  const char *path = intern(__FILE__);
  char *text = read_file(path, NULL);
  if (!text) {
    perror(path);
    return 1;
  }
  ll_report r;
  report_init(&r);
  r.srcroot = argv[1];
  static const char *const words[RULE_COUNT][2] = {
      {"strchr", "h->name"},         {"fopen", "}"},
      {"timerfd_create", "//"},      {"pthread_mutex_lock", "return"},
      {"pthread_create", "dropped"}, {"read", "sizeof"},
      {"fopen", "return"},
  };
  for (int i = 0; i < RULE_COUNT; i++)
    add_finding(&r, (ll_rule_id)i, path, text, words[i][0], words[i][1]);
  report_add_note(&r, NOTE_WARNING, (ll_location){path, 1, 0, 0, 0}, "A sample warning");
  report_add_note(&r, NOTE_ERROR, (ll_location){intern("/nonexistent/broken.c"), 3, 1, 0, 0},
                  "Cannot parse /nonexistent/broken.c");
  report_add_note(&r, NOTE_INFO, (ll_location){0}, "Analysed 1 file");
  free(text);
  report_fingerprint(&r);

  atomic_file out;
  int rc = 1;
  if (atomic_file_open(&out, argv[2]) == 0) {
    sarif_options opt = {.automation_id = "leaklint/sample/", .command_line = "sarif_sample"};
    if (sarif_write(&r, out.fp, &opt) == 0 && atomic_file_commit(&out) == 0)
      rc = 0;
    else
      atomic_file_abort(&out);
  }
  if (rc)
    perror(argv[2]);
  report_free(&r);
  return rc;
}
