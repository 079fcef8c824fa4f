/* workspace.c - see workspace.h.  The link is the whole program's each
 * time: it costs a fraction of one parse, and a summary that changes in
 * one unit may change findings anywhere. */
#include "workspace.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "rule_ids.h"
#include "source_text.h"
#include "unit_pool.h"
#include "util.h"

struct workspace {
  driver_options opt;
  const model_set *models;
  compdb *db;
  unit_jobs jobs;
  source_list files;
  void (*done)(void *data, size_t n, size_t total);
  void *data;
  atomic_size_t ndone;
  /* The link kept between runs, and what changed since the last one. */
  link_cache *cache;
  const char **changed, **defined, **called;
  size_t nchanged, cap_changed, ndefined, ncalled;
};

static void unit_done(void *arg) {
  workspace *ws = arg;
  size_t n = atomic_fetch_add(&ws->ndone, 1) + 1;
  if (ws->done)
    ws->done(ws->data, n, ws->jobs.n);
}

static unit_parse_options parse_options(workspace *ws, int workers) {
  return (unit_parse_options){.models = ws->models,
                              .workers = workers,
                              .verbose = ws->opt.verbose,
                              .done = unit_done,
                              .data = ws};
}

workspace *workspace_open(const driver_options *opt, const model_set *models,
                          void (*done)(void *data, size_t n, size_t total), void *data,
                          ll_report *notes) {
  workspace *ws = xcalloc(1, sizeof *ws);
  ws->opt = *opt;
  ws->models = models;
  ws->done = done;
  ws->data = data;
  ws->cache = link_cache_new();
  /* No path: single files, added as they come (workspace_update). */
  if (opt->npaths > 0 && unit_jobs_collect(opt, notes, &ws->files, &ws->db, &ws->jobs) != 0) {
    workspace_free(ws);
    return NULL;
  }
  unit_parse_options po = parse_options(ws, opt->jobs);
  unit_jobs_parse(&ws->jobs, 0, ws->jobs.n, &po);
  return ws;
}

void workspace_free(workspace *ws) {
  if (!ws)
    return;
  unit_jobs_free(&ws->jobs);
  sources_free(&ws->files);
  link_cache_free(ws->cache);
  free(ws->changed);
  free(ws->defined);
  free(ws->called);
  compdb_free(ws->db);
  free(ws);
}

void workspace_update(workspace *ws, const char *path, const char *text, size_t len) {
  path = intern(path);
  size_t i = 0;
  while (i < ws->jobs.n && ws->jobs.items[i].path != path)
    i++;
  if (i == ws->jobs.n) {
    unit_jobs_add(&ws->jobs, ws->db, &ws->opt, path, path);
  } else {
    unit_job *j = &ws->jobs.items[i];
    /* What the old version defined and called: its callers and callees
     * are linked again (link_scope.h). */
    if (j->artifact)
      link_scope_names(j->artifact->ir->funcs, j->artifact->ir->nfuncs, &ws->defined, &ws->ndefined,
                       &ws->called, &ws->ncalled);
    unit_artifact_free(j->artifact);
    j->artifact = NULL;
    report_free(&j->notes);
    report_init(&j->notes);
  }
  LL_GROW(ws->changed, ws->nchanged, ws->cap_changed);
  ws->changed[ws->nchanged++] = path;
  char *disk = NULL;
  if (!text) {
    disk = read_file(path, &len);
    text = disk;
  }
  /* What suppressions and fingerprints read is what was parsed. */
  if (text)
    source_text_replace(path, text, len);
  unit_job *j = &ws->jobs.items[i];
  j->unsaved = text;
  j->unsaved_len = len;
  unit_parse_options po = parse_options(ws, 1);
  po.done = NULL;
  unit_jobs_parse(&ws->jobs, i, i + 1, &po);
  j->unsaved = NULL;
  j->unsaved_len = 0;
  free(disk);
}

/* A finding as text, all of it that a reader sees. */
static char *finding_text(const ll_finding *f) {
  char *s = xasprintf("%s %s:%u:%u-%u:%u %s | %s | %s | %s:%u:%u %s", rule_id_name(f->rule),
                      f->loc.path, f->loc.line, f->loc.col, f->loc.end_line, f->loc.end_col,
                      f->message, f->fix ? f->fix : "", f->fix_code ? f->fix_code : "",
                      f->acquired.path ? f->acquired.path : "", f->acquired.line, f->acquired.col,
                      f->acquired_note ? f->acquired_note : "");
  for (size_t i = 0; i < f->nsteps; i++) {
    char *t = xasprintf("%s; %u:%u %s", s, f->steps[i].loc.line, f->steps[i].loc.col,
                        f->steps[i].message);
    free(s);
    s = t;
  }
  return s;
}

/* LEAKLINT_CHECK_INCREMENTAL (the tests set it): the kept link's findings
 * must be those of a link from scratch; a difference is a bug, said and
 * fatal. */
static void check_incremental(unit_artifact **units, size_t nunits, const model_set *models,
                              const link_options *lopt, const ll_report *kept) {
  ll_report fresh, copy;
  report_init(&fresh);
  report_init(&copy);
  link_run(units, nunits, models, lopt, &fresh);
  for (size_t i = 0; i < kept->nfindings; i++) {
    ll_finding f;
    finding_copy(&f, &kept->findings[i]);
    report_add_finding(&copy, &f);
  }
  report_sort(&fresh);
  report_sort(&copy);
  bool same = fresh.nfindings == copy.nfindings;
  for (size_t i = 0; same && i < fresh.nfindings; i++) {
    char *a = finding_text(&fresh.findings[i]), *b = finding_text(&copy.findings[i]);
    if (strcmp(a, b) != 0) {
      fprintf(stderr, "leaklint: incremental link differs:\n  scratch: %s\n  kept:    %s\n", a, b);
      same = false;
    }
    free(a);
    free(b);
  }
  if (!same) {
    fprintf(stderr, "leaklint: incremental link: %zu findings, from scratch %zu\n", copy.nfindings,
            fresh.nfindings);
    abort();
  }
  report_free(&fresh);
  report_free(&copy);
}

/* Notes are copied, not moved: the units keep theirs for the next link. */
static void copy_notes(ll_report *dst, const ll_report *src) {
  for (size_t i = 0; i < src->nnotes; i++)
    report_add_note(dst, src->notes[i].level, src->notes[i].loc, "%s", src->notes[i].message);
}

void workspace_link(workspace *ws, ll_report *report) {
  unit_artifact **units = xcalloc(ws->jobs.n ? ws->jobs.n : 1, sizeof *units);
  const char **names = xcalloc(ws->jobs.n ? ws->jobs.n : 1, sizeof *names);
  size_t nunits = 0;
  for (size_t i = 0; i < ws->jobs.n; i++) {
    const unit_job *j = &ws->jobs.items[i];
    names[i] = j->path;
    copy_notes(report, &j->notes);
    if (j->artifact) {
      copy_notes(report, &j->artifact->notes);
      units[nunits++] = j->artifact;
    }
  }
  link_options lopt = {
      .enabled_rules = ws->opt.enabled_rules, .budget = ws->opt.budget, .verbose = ws->opt.verbose};
  link_change change = {.units = ws->changed,
                        .nunits = ws->nchanged,
                        .defined = ws->defined,
                        .ndefined = ws->ndefined,
                        .called = ws->called,
                        .ncalled = ws->ncalled};
  link_run_cached(ws->cache, &change, units, nunits, ws->models, &lopt, report);
  ws->nchanged = ws->ndefined = ws->ncalled = 0;
  if (getenv("LEAKLINT_CHECK_INCREMENTAL"))
    check_incremental(units, nunits, ws->models, &lopt, report);
  driver_finish_report(&ws->opt, report, names, ws->jobs.n);
  free(names);
  free(units);
}
