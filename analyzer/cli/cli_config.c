/* cli_config.c - see cli.h: the configuration file under the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rule_ids.h"
#include "util.h"

void push_str(const char ***arr, int *n, const char *s) {
  *arr = xrealloc(*arr, (size_t)(*n + 1) * sizeof **arr);
  (*arr)[(*n)++] = s;
}

int parse_fail_on(const char *arg, fail_on *out) {
  static const char *const names[] = {
      [FAIL_ON_NEW] = "new", [FAIL_ON_NONE] = "none", [FAIL_ON_ANY] = "any"};
  for (int i = 0; i < 3; i++)
    if (strcmp(arg, names[i]) == 0) {
      *out = (fail_on)i;
      return 0;
    }
  return -1;
}

/* The configuration file's list before the command line's. */
static void prepend_strs(const char ***arr, int *n, char *const *first, size_t nfirst) {
  const char **joined = NULL;
  int njoined = 0;
  for (size_t i = 0; i < nfirst; i++)
    push_str(&joined, &njoined, first[i]);
  for (int i = 0; i < *n; i++)
    push_str(&joined, &njoined, (*arr)[i]);
  free(*arr);
  *arr = joined, *n = njoined;
}

static const char *fail_on_name(fail_on f) {
  return f == FAIL_ON_NONE ? "none" : f == FAIL_ON_ANY ? "any" : "new";
}

int apply_config(cli *c, project_config *cfg) {
  char *path = c->config_file ? xstrdup(c->config_file)
               : c->no_config ? NULL
                              : project_config_find(c->drv.npaths ? c->drv.paths[0] : ".");
  if (!path)
    return 0;
  char err[1024];
  int rc = project_config_load(cfg, path, err, sizeof err);
  free(path);
  if (rc != 0) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  unsigned all = (1u << RULE_COUNT) - 1;
  unsigned enable = c->enable ? c->enable : cfg->enable ? cfg->enable : all;
  c->drv.enabled_rules = enable & ~(c->disable | (cfg->disable & ~c->enable));
  prepend_strs(&c->rules_dirs, &c->nrules_dirs, cfg->rules_dirs, cfg->nrules_dirs);
  prepend_strs(&c->extra, &c->nextra, cfg->extra_args, cfg->nextra);
  c->drv.extra_args = c->extra;
  c->drv.nextra = c->nextra;
  if (!c->drv.compdb_dir)
    c->drv.compdb_dir = cfg->compdb_dir;
  if (!c->drv.budget)
    c->drv.budget = cfg->budget;
  if (!c->baseline && !c->baseline_ref && !c->no_baseline)
    c->baseline = cfg->baseline;
  /* The project's root: SARIF URIs, and so baselines, do not depend on
   * the directory leaklint runs from. */
  if (!c->srcroot)
    c->srcroot = cfg->dir;
  if (!c->fail_on_given && cfg->fail_on)
    parse_fail_on(cfg->fail_on, &c->fail_on);
  c->drv.config = cfg;
  return 0;
}

int dump_config(const cli *c, const project_config *cfg) {
  unsigned all = (1u << RULE_COUNT) - 1;
  project_config eff = {
      .path = cfg->path,
      .enable = c->drv.enabled_rules,
      .disable = all & ~c->drv.enabled_rules,
      .rules_dirs = (char **)c->rules_dirs,
      .nrules_dirs = (size_t)c->nrules_dirs,
      .compdb_dir = (char *)c->drv.compdb_dir,
      .extra_args = (char **)c->extra,
      .nextra = (size_t)c->nextra,
      .exclude = cfg->exclude,
      .nexclude = cfg->nexclude,
      .budget = c->drv.budget,
      .baseline = (char *)c->baseline,
      .fail_on = fail_on_name(c->fail_on),
  };
  return project_config_dump(&eff, stdout);
}
