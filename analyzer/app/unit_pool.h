/* unit_pool.h - the units a run parses: which sources, with which flags,
 * and the pool of workers that lowers them to artifacts.  The command-line
 * run (driver.c) parses them once; the language server's workspace
 * (workspace.c) keeps them to parse one again after an edit. */
#ifndef LEAKLINT_UNIT_POOL_H
#define LEAKLINT_UNIT_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "compdb.h"
#include "driver.h"
#include "sources.h"
#include "unit_artifact.h"

typedef struct unit_job {
  const char *path; /* interned, as the sources named it */
  compile_args args;
  const char *unsaved; /* an editor's buffer of path; NULL: the file on disk */
  size_t unsaved_len;
  unit_artifact *artifact; /* NULL until parsed, and when it did not parse */
  ll_report notes;         /* what parsing said, when there is no artifact to hold it */
} unit_job;

typedef struct unit_jobs {
  unit_job *items;
  size_t n, cap;
} unit_jobs;

/* The sources under opt's paths (listed in *files) less those the
 * configuration excludes and those a compilation database does not build
 * (said in report), each with its compile arguments.  The database stays
 * open in *db (NULL when there is none) for units added later.  Returns 0,
 * or 2 when the database is malformed. */
int unit_jobs_collect(const driver_options *opt, ll_report *report, source_list *files, compdb **db,
                      unit_jobs *out);

/* Appends a job for path with the arguments db gives it. */
unit_job *unit_jobs_add(unit_jobs *jobs, compdb *db, const driver_options *opt, const char *path,
                        const char *root);

/* Parses jobs[from..to) on `workers` threads; done(data) is called (from
 * any of them) after each unit. */
typedef struct unit_parse_options {
  const model_set *models;
  int workers;
  bool verbose, parse_only;
  void (*done)(void *data);
  void *data;
} unit_parse_options;
void unit_jobs_parse(unit_jobs *jobs, size_t from, size_t to, const unit_parse_options *opt);

/* Frees a job's arguments, notes and artifact. */
void unit_job_clear(unit_job *j);
void unit_jobs_free(unit_jobs *jobs);

#endif
