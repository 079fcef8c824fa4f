/* driver.c - see driver.h.  Units are parsed in parallel, each worker with
 * its own libclang index; results land in a slot per unit so the output is
 * the same whatever -j is. */
#include "driver.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "compdb.h"
#include "frontend.h"
#include "hash_table.h"
#include "link.h"
#include "sources.h"
#include "suppressions.h"
#include "util.h"

typedef struct unit_job {
  const source_file *src;
  compile_args args;
  unit_artifact *artifact;
  ll_report notes;
} unit_job;

typedef struct pool {
  unit_job *jobs;
  size_t njobs;
  atomic_size_t next;
  const model_set *models;
  bool verbose, parse_only;
} pool;

static void *worker(void *arg) {
  pool *p = arg;
  fe_context *fe = fe_new();
  for (;;) {
    size_t i = atomic_fetch_add(&p->next, 1);
    if (i >= p->njobs)
      break;
    unit_job *j = &p->jobs[i];
    /* With a compile command's own directory, name the file absolutely so
     * locations do not depend on where the command ran. */
    char abs[PATH_MAX];
    const char *path = j->args.workdir && realpath(j->src->path, abs) ? abs : j->src->path;
    fe_unit_request req = {.path = path,
                           .workdir = j->args.workdir,
                           .args = (const char *const *)j->args.argv,
                           .nargs = j->args.argc,
                           .verbose = p->verbose,
                           .parse_only = p->parse_only};
    ir_unit *u = fe_lower_unit(fe, &req, &j->notes);
    /* The unit's open facts are found here, in parallel, like its IR. */
    j->artifact = u ? unit_artifact_make(u, p->models) : NULL;
  }
  fe_free(fe);
  return NULL;
}

static void parse_all(pool *p, int jobs) {
  if (jobs < 1)
    jobs = 1;
  if ((size_t)jobs > p->njobs)
    jobs = p->njobs ? (int)p->njobs : 1;
  pthread_t *threads = xcalloc((size_t)jobs, sizeof *threads);
  int started = 0;
  for (int i = 1; i < jobs; i++)
    if (pthread_create(&threads[i], NULL, worker, p) == 0)
      started = i;
    else
      break;
  worker(p); /* the main thread works too */
  for (int i = 1; i <= started; i++)
    pthread_join(threads[i], NULL);
  free(threads);
}

static void save_unit(const char *dir, const unit_artifact *a, ll_report *report);
static void link_units(const driver_options *opt, const model_set *models, unit_artifact **units,
                       size_t nunits, ll_report *report);

/* Drops the sources that the configuration file's exclude globs match. */
static void exclude_sources(const driver_options *opt, source_list *files) {
  size_t w = 0;
  for (size_t i = 0; i < files->n; i++) {
    if (project_config_excludes(opt->config, files->items[i].path)) {
      if (opt->verbose)
        fprintf(stderr, "leaklint: %s: excluded by %s\n", files->items[i].path, opt->config->path);
      free(files->items[i].path);
      free(files->items[i].root);
      continue;
    }
    files->items[w++] = files->items[i];
  }
  files->n = w;
}

/* The file whose compile command path gets: itself, or for a copy of the
 * tree (opt->tree_copy), its counterpart in the tree the database knows. */
static char *counterpart(const driver_options *opt, const char *path) {
  size_t n = opt->tree_copy ? strlen(opt->tree_copy) : 0;
  if (n && strncmp(path, opt->tree_copy, n) == 0 && (path[n] == '/' || !path[n]))
    return xasprintf("%s%s", opt->tree_real, path + n);
  return xstrdup(path);
}

/* Parses and links the sources under opt's paths, which it lists in files. */
static int analyse_units(const driver_options *opt, const model_set *models, ll_report *report,
                         source_list *out) {
  static const char *const here[] = {"."};
  const char *const *paths = opt->npaths || opt->hook ? opt->paths : here;
  int npaths = opt->npaths || opt->hook ? opt->npaths : 1;
  source_list files = {0};
  if (opt->hook)
    sources_collect_named(paths, npaths, &files);
  else
    sources_collect(paths, npaths, &files, report);
  if (opt->hook && files.n == 0) {
    *out = files;
    return 0; /* a commit without C sources */
  }
  exclude_sources(opt, &files);
  bool db_failed;
  compdb *db = compdb_open(opt->compdb_dir, paths[0], report, &db_failed);
  if (db_failed) {
    sources_free(&files);
    return 2;
  }
  if (opt->verbose && db)
    fprintf(stderr, "leaklint: using %s\n", compdb_path(db));

  pool p = {.models = models, .verbose = opt->verbose, .parse_only = opt->parse_only};
  p.jobs = xcalloc(files.n ? files.n : 1, sizeof *p.jobs);
  size_t skipped = 0;
  for (size_t i = 0; i < files.n; i++) {
    unit_job *j = &p.jobs[p.njobs];
    char *path = counterpart(opt, files.items[i].path);
    char *root = counterpart(opt, files.items[i].root);
    compdb_args_for(db, path, root, opt->extra_args, opt->nextra, &j->args);
    /* With a compilation database, a directory it builds from means the
     * files it builds: other sources there (other platforms, disabled
     * features) would only fail to parse with guessed flags.  Files named
     * explicitly, and directories the database knows nothing of, still run. */
    bool walked = strcmp(files.items[i].path, files.items[i].root) != 0;
    bool listed_under = db && walked && !j->args.from_db && compdb_lists_under(db, root);
    free(path);
    free(root);
    if (listed_under) {
      if (opt->verbose)
        fprintf(stderr, "leaklint: %s: not in %s, skipped\n", files.items[i].path, compdb_path(db));
      compile_args_free(&j->args);
      skipped++;
      continue;
    }
    j->src = &files.items[i];
    report_init(&j->notes);
    p.njobs++;
  }
  report->skipped_files += skipped;
  if (skipped)
    report_add_note(report, NOTE_INFO, (ll_location){.path = intern(compdb_path(db))},
                    "%zu source file%s under the given directories %s not in this compilation "
                    "database and %s skipped (name a file to analyse it anyway; -v lists them)",
                    skipped, skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are",
                    skipped == 1 ? "was" : "were");
  parse_all(&p, opt->jobs);
  compdb_free(db);

  unit_artifact **units = xcalloc(p.njobs ? p.njobs : 1, sizeof *units);
  size_t nunits = 0;
  for (size_t i = 0; i < p.njobs; i++) {
    /* A unit's notes travel in its artifact (link_units reports them); a
     * unit that did not lower has only its notes. */
    if (p.jobs[i].artifact)
      report_merge(&p.jobs[i].artifact->notes, &p.jobs[i].notes);
    else
      report_merge(report, &p.jobs[i].notes);
    report_free(&p.jobs[i].notes);
    compile_args_free(&p.jobs[i].args);
    if (p.jobs[i].artifact)
      units[nunits++] = p.jobs[i].artifact;
  }
  free(p.jobs);
  link_units(opt, models, units, nunits, report);
  *out = files;
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
  int rc = opt->link_saved ? link_saved(opt, models, report)
                           : analyse_units(opt, models, report, &files);
  /* Saved artifacts keep the absolute names: a run that saves them shows
   * what a later --link of them will. */
  if (!opt->save_units)
    name_as_given(report, &files);
  report_sort(report);
  report_fingerprint(report);
  const char **names = xcalloc(files.n ? files.n : 1, sizeof *names);
  for (size_t i = 0; i < files.n; i++)
    names[i] = files.items[i].path;
  /* Unused suppressions are looked for under -v only: stale ones are worth
   * a look, not a failed build. */
  suppressions_apply(report, names, files.n, opt->verbose, opt->enabled_rules);
  report_sort(report); /* the suppressions' own notes */
  free(names);
  sources_free(&files);
  return rc;
}
