/* baseline_ref.c - see baseline_ref.h.  git runs as a child process with
 * an argument vector (no shell), so names with spaces are safe. */
#include "baseline_ref.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compdb.h"
#include "sarif_writer.h"
#include "util.h"

extern char **environ;

/* Runs git with args in dir; its standard output, without the final
 * newline, in *out (may be NULL); stderr goes to /dev/null.  Returns its
 * exit status, or -1 when it could not run. */
static int git(const char *dir, const char *const *args, char **out) {
  const char *argv[16] = {"git", "-C", dir};
  size_t n = 3;
  for (size_t i = 0; args[i] && n < 15; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return -1;
  }
  char *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len + 4096 > cap)
      buf = xrealloc(buf, cap = cap * 2 + 4096);
    ssize_t got = read(fds[0], buf + len, cap - len - 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    len += (size_t)got;
  }
  close(fds[0]);
  buf[len] = '\0';
  while (len && buf[len - 1] == '\n')
    buf[--len] = '\0';
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (out)
    *out = buf;
  else
    free(buf);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* path inside the worktree: an absolute path under top moves there, a
 * relative one goes under the worktree's copy of the current directory.
 * Absolute, so that no file of the worktree is known by the name of a
 * current file (source_text.h caches texts by name). */
static char *map_path(const char *path, const char *top, const char *tree,
                      const char *cwd_in_tree) {
  size_t n = strlen(top);
  if (path[0] != '/')
    return xasprintf("%s/%s", cwd_in_tree, path);
  if (strncmp(path, top, n) == 0 && (path[n] == '/' || !path[n]))
    return xasprintf("%s%s", tree, path + n);
  return xstrdup(path);
}

typedef struct mapped {
  driver_options opt;
  char **paths;
  project_config config;
  char *srcroot;
  char *compdb_dir; /* found from the current tree's first path */
} mapped;

static void map_options(mapped *m, const driver_options *opt, const char *srcroot, const char *top,
                        const char *tree, const char *cwd_in_tree) {
  m->opt = *opt;
  m->paths = xcalloc((size_t)opt->npaths + 1, sizeof *m->paths);
  for (int i = 0; i < opt->npaths; i++) {
    char abs[PATH_MAX];
    /* A path that exists only in the current tree is still mapped by name. */
    const char *p = opt->paths[i][0] == '/' && realpath(opt->paths[i], abs) ? abs : opt->paths[i];
    m->paths[i] = map_path(p, top, tree, cwd_in_tree);
  }
  if (opt->npaths == 0) { /* the current directory */
    m->paths[0] = xstrdup(cwd_in_tree);
    m->opt.npaths = 1;
  }
  m->opt.paths = (const char *const *)m->paths;
  m->opt.verbose = false;
  m->opt.save_units = NULL;
  if (opt->config) {
    m->config = *opt->config;
    m->config.dir = map_path(opt->config->dir, top, tree, cwd_in_tree);
    m->opt.config = &m->config;
  }
  m->srcroot = map_path(srcroot, top, tree, cwd_in_tree);
  /* The database stays the current tree's (a build tree is not in the
   * commit); files take their counterparts' flags. */
  m->opt.tree_copy = tree;
  m->opt.tree_real = top;
  if (!opt->compdb_dir) {
    ll_report notes;
    report_init(&notes);
    bool failed;
    compdb *db = compdb_open(NULL, opt->npaths ? opt->paths[0] : ".", &notes, &failed);
    if (db) {
      m->compdb_dir = xstrdup(compdb_path(db));
      char *slash = strrchr(m->compdb_dir, '/');
      if (slash)
        *slash = '\0';
      m->opt.compdb_dir = m->compdb_dir;
    }
    compdb_free(db);
    report_free(&notes);
  }
}

static void free_mapped(mapped *m) {
  for (int i = 0; i < m->opt.npaths; i++)
    free(m->paths[i]);
  free(m->paths);
  if (m->opt.config)
    free(m->config.dir);
  free(m->srcroot);
  free(m->compdb_dir);
}

/* The analysis in the worktree, as SARIF in out. */
static int analyse_tree(const mapped *m, const model_set *models, const char *out) {
  ll_report report;
  report_init(&report);
  report.srcroot = m->srcroot;
  driver_run(&m->opt, models, &report); /* its input errors are the old tree's business */
  atomic_file af;
  int rc = atomic_file_open(&af, out);
  if (rc == 0) {
    sarif_options so = {.automation_id = "leaklint-baseline/"};
    if (sarif_write(&report, af.fp, &so) == 0)
      rc = atomic_file_commit(&af);
    else
      atomic_file_abort(&af), rc = -1;
  }
  report_free(&report);
  return rc;
}

char *baseline_ref_run(const char *ref, const driver_options *opt, const model_set *models,
                       const char *srcroot, char *err, size_t errlen) {
  char cwd[PATH_MAX];
  char *top = NULL, *prefix = NULL, *sarif = NULL;
  if (!getcwd(cwd, sizeof cwd) ||
      git(".", (const char *[]){"rev-parse", "--show-toplevel", NULL}, &top) != 0) {
    snprintf(err, errlen, "leaklint: error: --baseline-ref %s: not inside a git work tree", ref);
    goto out;
  }
  git(".", (const char *[]){"rev-parse", "--show-prefix", NULL}, &prefix);
  char tmpl[] = "/tmp/leaklint-baseline-XXXXXX";
  const char *tmpdir = getenv("TMPDIR");
  char *dir = tmpdir && *tmpdir ? xasprintf("%s/leaklint-baseline-XXXXXX", tmpdir) : xstrdup(tmpl);
  if (!mkdtemp(dir)) {
    snprintf(err, errlen, "leaklint: error: --baseline-ref: cannot make a temporary directory: %s",
             strerror(errno));
    free(dir);
    goto out;
  }
  char *tree = xasprintf("%s/tree", dir);
  /* ref^{commit}: a tag or branch name, never a path. */
  char *commit = xasprintf("%s^{commit}", ref);
  if (git(top, (const char *[]){"worktree", "add", "--detach", "--quiet", tree, commit, NULL},
          NULL) != 0) {
    snprintf(err, errlen, "leaklint: error: --baseline-ref %s: not a commit of %s", ref, top);
    rmdir(dir);
  } else {
    char *real_top = realpath(top, NULL);
    mapped m = {0};
    char *cwd_in_tree = xasprintf("%s/%s", tree, prefix ? prefix : "");
    map_options(&m, opt, srcroot ? srcroot : cwd, real_top ? real_top : top, tree, cwd_in_tree);
    sarif = xasprintf("%s/baseline.sarif", dir);
    if (analyse_tree(&m, models, sarif) != 0) {
      snprintf(err, errlen, "leaklint: error: --baseline-ref %s: cannot analyse it in %s: %s", ref,
               tree, strerror(errno));
      free(sarif);
      sarif = NULL;
    }
    free(cwd_in_tree);
    free_mapped(&m);
    free(real_top);
    git(top, (const char *[]){"worktree", "remove", "--force", tree, NULL}, NULL);
    if (!sarif)
      rmdir(dir);
  }
  free(commit);
  free(tree);
  free(dir);
out:
  free(top);
  free(prefix);
  return sarif;
}

void baseline_ref_done(char *sarif_path) {
  if (!sarif_path)
    return;
  unlink(sarif_path);
  char *slash = strrchr(sarif_path, '/');
  if (slash) {
    *slash = '\0';
    rmdir(sarif_path);
  }
  free(sarif_path);
}
