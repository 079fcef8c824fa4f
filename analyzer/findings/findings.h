/* findings.h - the one record every checker produces and every reporter reads.
 *
 * Ownership: a ll_report owns its findings and notifications; every string
 * inside them is owned by the report and freed by report_free().  Locations
 * hold an interned path (see util.h) that outlives the report.
 */
#ifndef LEAKLINT_FINDINGS_H
#define LEAKLINT_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "fingerprint.h"
#include "location.h"
#include "rule_ids.h"

/* One step of the path from acquisition to leak ("taken here", "branch
 * taken at line 12", "returns here with the lock held"). */
typedef struct ll_step {
  ll_location loc;
  char *message;
} ll_step;

/* A finding's standing against a baseline (--baseline): NEW is reported,
 * UNCHANGED was in the baseline too and is kept out of the text output and
 * the exit status. */
typedef enum { BASELINE_NONE, BASELINE_NEW, BASELINE_UNCHANGED } ll_baseline_state;

typedef struct ll_finding {
  ll_rule_id rule;
  char *message;        /* one sentence: what leaks and where */
  ll_location loc;      /* where the leak happens */
  ll_location acquired; /* where the resource was taken */
  char *acquired_note;  /* "'buf' allocated by malloc() here" */
  ll_step *steps;       /* from acquisition to leak, in order */
  size_t nsteps;
  char *fix; /* how to fix it, one sentence */
  /* The fix as code, when it is mechanical: one statement to run just
   * before the statement at loc ("free(p);").  NULL when no such statement
   * fixes it; the language server offers it as a quick fix. */
  char *fix_code;
  char *function; /* enclosing function */
  /* GitHub's line hash of loc (fingerprint.h), set by report_fingerprint();
   * "" when loc's file cannot be read.  Alerts, suppressions and baselines
   * follow a finding across commits by it. */
  char fingerprint[FINGERPRINT_MAX];
  /* The reason an inline "leaklint: ignore" comment gives ("" when it gives
   * none); NULL when nothing suppresses the finding (suppressions.h). */
  char *suppression;
  ll_baseline_state baseline;
} ll_finding;

typedef enum { NOTE_ERROR, NOTE_WARNING, NOTE_INFO } ll_note_level;

/* "error", "warning", "note": the names SARIF and compilers use. */
const char *note_level_name(ll_note_level level);

/* Something about the run rather than the code: a file that could not be
 * parsed, a header that is missing.  Goes to SARIF's
 * toolExecutionNotifications and to stderr in text mode. */
typedef struct ll_notification {
  ll_note_level level;
  ll_location loc; /* loc.path may name a file that does not exist */
  char *message;
} ll_notification;

typedef struct ll_report {
  ll_finding *findings; /* what is reported: in every output and the exit status */
  size_t nfindings, cap_findings;
  /* Findings a suppression or the baseline silences: only SARIF shows
   * them, marked, and only when asked to (report_hide()). */
  ll_finding *hidden;
  size_t nhidden, cap_hidden;
  /* What the run did not analyse, for the summary line: source files a
   * compilation database does not build, functions past the path budget. */
  size_t skipped_files, skipped_functions;
  ll_notification *notes;
  size_t nnotes, cap_notes;
  bool execution_successful; /* false after an internal error */
  const char *srcroot;       /* absolute directory that relative URIs are based on */
} ll_report;

void report_init(ll_report *r);
void report_free(ll_report *r);

/* Appends a copy-free finding: the report takes ownership of every heap
 * string in *f (message, acquired_note, steps[].message, fix, fix_code,
 * function). */
void report_add_finding(ll_report *r, ll_finding *f);
void report_add_note(ll_report *r, ll_note_level level, ll_location loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Moves every finding and note of src to the end of dst, leaving src empty. */
void report_merge(ll_report *dst, ll_report *src);

/* Sorts findings by path, line, column, rule, message and drops exact
 * duplicates, so output does not depend on -j or on walk order. */
void report_sort(ll_report *r);

/* Sets every finding's fingerprint from its file as it is now; run once,
 * after report_sort(), before anything reports or matches findings. */
void report_fingerprint(ll_report *r);

/* Moves every finding that is suppressed or unchanged against the baseline
 * from findings to hidden, keeping both in order. */
void report_hide_silenced(ll_report *r);

/* A deep copy of src into *dst, which owns its own strings. */
void finding_copy(ll_finding *dst, const ll_finding *src);

/* Frees the strings of one finding (not the finding itself). */
void finding_free(ll_finding *f);

#endif
