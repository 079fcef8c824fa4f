/* unit_pool.c - see unit_pool.h.  Units are parsed in parallel, each
 * worker with its own libclang index; results land in a slot per unit so
 * the output is the same whatever -j is. */
#include "unit_pool.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "util.h"

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

unit_job *unit_jobs_add(unit_jobs *jobs, compdb *db, const driver_options *opt, const char *path,
                        const char *root) {
  LL_GROW(jobs->items, jobs->n, jobs->cap);
  unit_job *j = &jobs->items[jobs->n++];
  memset(j, 0, sizeof *j);
  j->path = intern(path);
  char *real = counterpart(opt, path);
  char *real_root = counterpart(opt, root);
  compdb_args_for(db, real, real_root, opt->extra_args, opt->nextra, &j->args);
  free(real);
  free(real_root);
  report_init(&j->notes);
  return j;
}

int unit_jobs_collect(const driver_options *opt, ll_report *report, source_list *files,
                      compdb **db_out, unit_jobs *out) {
  static const char *const here[] = {"."};
  const char *const *paths = opt->npaths || opt->hook ? opt->paths : here;
  int npaths = opt->npaths || opt->hook ? opt->npaths : 1;
  *db_out = NULL;
  if (opt->hook)
    sources_collect_named(paths, npaths, files);
  else
    sources_collect(paths, npaths, files, report);
  if (opt->hook && files->n == 0)
    return 0; /* a commit without C sources */
  exclude_sources(opt, files);
  bool db_failed;
  compdb *db = compdb_open(opt->compdb_dir, paths[0], report, &db_failed);
  if (db_failed)
    return 2;
  if (opt->verbose && db)
    fprintf(stderr, "leaklint: using %s\n", compdb_path(db));

  size_t skipped = 0;
  for (size_t i = 0; i < files->n; i++) {
    const source_file *src = &files->items[i];
    unit_job *j = unit_jobs_add(out, db, opt, src->path, src->root);
    /* With a compilation database, a directory it builds from means the
     * files it builds: other sources there (other platforms, disabled
     * features) would only fail to parse with guessed flags.  Files named
     * explicitly, and directories the database knows nothing of, still run. */
    bool walked = strcmp(src->path, src->root) != 0;
    char *root = counterpart(opt, src->root);
    bool listed_under = db && walked && !j->args.from_db && compdb_lists_under(db, root);
    free(root);
    if (listed_under) {
      if (opt->verbose)
        fprintf(stderr, "leaklint: %s: not in %s, skipped\n", src->path, compdb_path(db));
      unit_job_clear(j);
      out->n--;
      skipped++;
    }
  }
  report->skipped_files += skipped;
  if (skipped)
    report_add_note(report, NOTE_INFO, (ll_location){.path = intern(compdb_path(db))},
                    "%zu source file%s under the given directories %s not in this compilation "
                    "database and %s skipped (name a file to analyse it anyway; -v lists them)",
                    skipped, skipped == 1 ? "" : "s", skipped == 1 ? "is" : "are",
                    skipped == 1 ? "was" : "were");
  *db_out = db;
  return 0;
}

typedef struct pool {
  unit_jobs *jobs;
  size_t to;
  atomic_size_t next;
  const unit_parse_options *opt;
} pool;

static void *worker(void *arg) {
  pool *p = arg;
  fe_context *fe = fe_new();
  for (;;) {
    size_t i = atomic_fetch_add(&p->next, 1);
    if (i >= p->to)
      break;
    unit_job *j = &p->jobs->items[i];
    /* With a compile command's own directory, name the file absolutely so
     * locations do not depend on where the command ran. */
    char abs[PATH_MAX];
    const char *path = j->args.workdir && realpath(j->path, abs) ? abs : j->path;
    fe_unit_request req = {.path = path,
                           .workdir = j->args.workdir,
                           .args = (const char *const *)j->args.argv,
                           .nargs = j->args.argc,
                           .verbose = p->opt->verbose,
                           .parse_only = p->opt->parse_only,
                           .unsaved = j->unsaved,
                           .unsaved_len = j->unsaved_len};
    ir_unit *u = fe_lower_unit(fe, &req, &j->notes);
    /* The unit's open facts are found here, in parallel, like its IR. */
    j->artifact = u ? unit_artifact_make(u, p->opt->models) : NULL;
    /* A unit's notes travel in its artifact; a unit that did not lower
     * keeps them in its job. */
    if (j->artifact)
      report_merge(&j->artifact->notes, &j->notes);
    if (p->opt->done)
      p->opt->done(p->opt->data);
  }
  fe_free(fe);
  return NULL;
}

void unit_jobs_parse(unit_jobs *jobs, size_t from, size_t to, const unit_parse_options *opt) {
  pool p = {.jobs = jobs, .to = to, .opt = opt};
  atomic_init(&p.next, from);
  size_t n = to > from ? to - from : 1;
  int workers = opt->workers < 1 ? 1 : opt->workers;
  if ((size_t)workers > n)
    workers = (int)n;
  pthread_t *threads = xcalloc((size_t)workers, sizeof *threads);
  int started = 0;
  for (int i = 1; i < workers; i++)
    if (pthread_create(&threads[i], NULL, worker, &p) == 0)
      started = i;
    else
      break;
  worker(&p); /* the calling thread works too */
  for (int i = 1; i <= started; i++)
    pthread_join(threads[i], NULL);
  free(threads);
}

void unit_job_clear(unit_job *j) {
  compile_args_free(&j->args);
  report_free(&j->notes);
  unit_artifact_free(j->artifact);
  j->artifact = NULL;
}

void unit_jobs_free(unit_jobs *jobs) {
  for (size_t i = 0; i < jobs->n; i++)
    unit_job_clear(&jobs->items[i]);
  free(jobs->items);
  memset(jobs, 0, sizeof *jobs);
}
