/* driver.c - see driver.h.  Units are parsed in parallel (unit_pool.h),
 * then linked as one program. */
#include "driver.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "hash_table.h"
#include "link.h"
#include "source_text.h"
#include "suppressions.h"
#include "unit_pool.h"
#include "util.h"

static void save_unit(const char *dir, const unit_artifact *a, ll_report *report);
static void link_units(const driver_options *opt, const model_set *models, unit_artifact **units,
                       size_t nunits, ll_report *report);

/* --stdin-filename: the one unit is the buffer, named as the file; the
 * file need not exist yet, its directory gives the database. */
static int collect_stdin_unit(const driver_options *opt, ll_report *report, source_list *files,
                              compdb **db, unit_jobs *jobs) {
  bool db_failed;
  *db = compdb_open(opt->compdb_dir, opt->stdin_path, report, &db_failed);
  if (db_failed)
    return 2;
  LL_GROW(files->items, files->n, files->cap);
  files->items[files->n++] =
      (source_file){.path = xstrdup(opt->stdin_path), .root = xstrdup(opt->stdin_path)};
  unit_job *j = unit_jobs_add(jobs, *db, opt, opt->stdin_path, opt->stdin_path);
  j->unsaved = opt->stdin_text;
  j->unsaved_len = opt->stdin_len;
  return 0;
}

/* Parses and links the sources under opt's paths, which it lists in files. */
static int analyse_units(const driver_options *opt, const model_set *models, ll_report *report,
                         source_list *files) {
  unit_jobs jobs = {0};
  compdb *db = NULL;
  int rc = opt->stdin_text ? collect_stdin_unit(opt, report, files, &db, &jobs)
                           : unit_jobs_collect(opt, report, files, &db, &jobs);
  compdb_free(db);
  if (rc) {
    unit_jobs_free(&jobs);
    return rc;
  }
  unit_parse_options po = {.models = models,
                           .workers = opt->jobs,
                           .verbose = opt->verbose,
                           .parse_only = opt->parse_only};
  unit_jobs_parse(&jobs, 0, jobs.n, &po);
  unit_artifact **units = xcalloc(jobs.n ? jobs.n : 1, sizeof *units);
  size_t nunits = 0;
  for (size_t i = 0; i < jobs.n; i++) {
    report_merge(report, &jobs.items[i].notes); /* a unit that did not lower */
    if (jobs.items[i].artifact)
      units[nunits++] = jobs.items[i].artifact;
    jobs.items[i].artifact = NULL; /* link_units frees it */
  }
  unit_jobs_free(&jobs);
  link_units(opt, models, units, nunits, report);
  return 0;
}

/* Each unit's artifact as DIR/<file name>.<hash of its path>.llu, so that
 * two units of one name in different directories do not collide. */
static void save_unit(const char *dir, const unit_artifact *a, ll_report *report) {
  const char *path = a->ir->path, *base = strrchr(path, '/');
  char *file = xasprintf("%s/%s.%016llx.llu", dir, base ? base + 1 : path,
                         (unsigned long long)hash_string(path));
  if (unit_artifact_write(a, file) != 0)
    report_add_note(report, NOTE_ERROR, (ll_location){.path = intern(file)},
                    "cannot write the unit artifact: %s", strerror(errno));
  free(file);
}

/* The link step over artifacts, which it frees. */
static void link_units(const driver_options *opt, const model_set *models, unit_artifact **units,
                       size_t nunits, ll_report *report) {
  for (size_t u = 0; u < nunits; u++) {
    if (opt->save_units && !opt->link_saved)
      save_unit(opt->save_units, units[u], report);
    report_merge(report, &units[u]->notes);
  }
  if (opt->dump_ir)
    for (size_t u = 0; u < nunits; u++)
      for (size_t f = 0; f < units[u]->ir->nfuncs; f++)
        ir_dump(units[u]->ir->funcs[f], stdout);
  link_options lopt = {
      .enabled_rules = opt->enabled_rules, .budget = opt->budget, .verbose = opt->verbose};
  link_run(units, nunits, models, &lopt, report);
  for (size_t u = 0; u < nunits; u++)
    unit_artifact_free(units[u]);
  free(units);
}

/* --link: the paths are artifacts that an earlier run saved. */
static int link_saved(const driver_options *opt, const model_set *models, ll_report *report) {
  unit_artifact **units = xcalloc(opt->npaths ? (size_t)opt->npaths : 1, sizeof *units);
  size_t nunits = 0;
  for (int i = 0; i < opt->npaths; i++) {
    const char *err = NULL;
    unit_artifact *a = unit_artifact_read(opt->paths[i], &err);
    if (a) {
      units[nunits++] = a;
    } else {
      /* Like a source that does not parse: said, and the rest still linked. */
      report_add_note(report, NOTE_ERROR, (ll_location){.path = intern(opt->paths[i])}, "%s", err);
    }
  }
  link_units(opt, models, units, nunits, report);
  return 0;
}

/* ---- Paths as the user named them. ---- */

typedef struct given_name {
  const char *real, *given; /* interned */
} given_name;

static bool same_real(const void *item, const void *key) {
  return ((const given_name *)item)->real == key;
}

static void rename_loc(const hash_table *t, ll_location *loc) {
  const given_name *g =
      loc->path ? hash_find(t, hash_identity(loc->path), same_real, loc->path) : NULL;
  if (g)
    loc->path = g->given;
}

/* A unit parsed in its compile command's directory is named by its
 * absolute path (worker()); locations in it are shown as the user named
 * the file, as a compiler would show them. */
static void name_as_given(ll_report *r, const source_list *files) {
  hash_table t = {0};
  given_name *names = xcalloc(files->n ? files->n : 1, sizeof *names);
  for (size_t i = 0; i < files->n; i++) {
    char abs[PATH_MAX];
    const char *given = intern(files->items[i].path);
    if (!realpath(given, abs) || intern(abs) == given)
      continue;
    names[i] = (given_name){.real = intern(abs), .given = given};
    hash_slot *slot = hash_slot_for(&t, hash_identity(names[i].real), same_real, names[i].real);
    if (!slot->item)
      slot->item = &names[i];
  }
  for (size_t i = 0; t.count && i < r->nfindings; i++) {
    ll_finding *f = &r->findings[i];
    rename_loc(&t, &f->loc);
    rename_loc(&t, &f->acquired);
    for (size_t s = 0; s < f->nsteps; s++)
      rename_loc(&t, &f->steps[s].loc);
  }
  for (size_t i = 0; t.count && i < r->nnotes; i++)
    rename_loc(&t, &r->notes[i].loc);
  hash_free(&t);
  free(names);
}

int driver_run(const driver_options *opt, const model_set *models, ll_report *report) {
  source_list files = {0};
  /* The buffer is the file's text for the suppressions, the fingerprints
   * and the reporters too, which read it by name. */
  if (opt->stdin_text)
    source_text_replace(opt->stdin_path, opt->stdin_text, opt->stdin_len);
  int rc = opt->link_saved ? link_saved(opt, models, report)
                           : analyse_units(opt, models, report, &files);
  /* Saved artifacts keep the absolute names: a run that saves them shows
   * what a later --link of them will. */
  if (!opt->save_units)
    name_as_given(report, &files);
  const char **names = xcalloc(files.n ? files.n : 1, sizeof *names);
  for (size_t i = 0; i < files.n; i++)
    names[i] = files.items[i].path;
  driver_finish_report(opt, report, names, files.n);
  free(names);
  sources_free(&files);
  return rc;
}

void driver_finish_report(const driver_options *opt, ll_report *report, const char *const *files,
                          size_t nfiles) {
  report_sort(report);
  report_fingerprint(report);
  /* Unused suppressions are looked for under -v only: stale ones are worth
   * a look, not a failed build. */
  suppressions_apply(report, files, nfiles, opt->verbose, opt->enabled_rules);
  report_sort(report); /* the suppressions' own notes */
}
