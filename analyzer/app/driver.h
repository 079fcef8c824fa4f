/* driver.h - from command-line paths to a report: which units, with which
 * flags, parsed by a pool of workers, then analysed. */
#ifndef LEAKLINT_DRIVER_H
#define LEAKLINT_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "models.h"
#include "project_config.h"

typedef struct driver_options {
  const char *const *paths;
  int npaths;
  const char *compdb_dir; /* -p */
  const char *const *extra_args;
  int nextra;
  int jobs;
  unsigned enabled_rules; /* RULE_BIT()s */
  unsigned budget;        /* states per function, 0: the engine's default */
  bool verbose;
  bool dump_ir;
  bool parse_only;              /* benchmarks: the parser floor, in the same process */
  const char *save_units;       /* --save-units DIR: each unit's artifact goes there */
  bool link_saved;              /* --link: paths are saved artifacts, not sources */
  const project_config *config; /* its exclude globs drop sources; may be NULL */
  /* --hook: paths are the files a commit touches: only .c files that
   * exist are analysed (a deleted one is not an error), and no path means
   * nothing to analyse rather than '.'. */
  bool hook;
  /* --baseline-ref: the sources are a copy, under tree_copy, of the tree at
   * tree_real that the compilation database describes; each file takes
   * the flags its counterpart there would get. */
  const char *tree_copy, *tree_real;
  /* --stdin-filename: the only unit is stdin_text[0..stdin_len), an
   * editor's buffer of stdin_path, which takes that file's flags. */
  const char *stdin_path, *stdin_text;
  size_t stdin_len;
} driver_options;

/* Fills report with findings and notifications, sorted (report_sort()),
 * suppressed findings moved to report->hidden (suppressions.h),
 * each finding with its fingerprint.  Returns 0, or 2 when the
 * configuration is unusable (a malformed compilation database, no sources). */
int driver_run(const driver_options *opt, const model_set *models, ll_report *report);

/* What driver_run does to a linked report: sorted, fingerprinted, and the
 * findings that comments in files (or the findings' own files) suppress
 * moved to hidden. */
void driver_finish_report(const driver_options *opt, ll_report *report, const char *const *files,
                          size_t nfiles);

#endif
