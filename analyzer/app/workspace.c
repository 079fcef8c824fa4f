/* workspace.c - see workspace.h.  The link is the whole program's each
 * time: it costs a fraction of one parse, and a summary that changes in
 * one unit may change findings anywhere. */
#include "workspace.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
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
  compdb_free(ws->db);
  free(ws);
}

size_t workspace_unit_count(const workspace *ws) {
  return ws->jobs.n;
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
    unit_artifact_free(j->artifact);
    j->artifact = NULL;
    report_free(&j->notes);
    report_init(&j->notes);
  }
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
  link_run(units, nunits, ws->models, &lopt, report);
  driver_finish_report(&ws->opt, report, names, ws->jobs.n);
  free(names);
  free(units);
}
