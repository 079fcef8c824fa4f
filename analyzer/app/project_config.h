/* project_config.h - .leaklint.json, the options a project keeps in its
 * tree so that the command line, the hook, CI and the editor agree:
 *
 *     {
 *       "enable": ["resource-leak", "lock-imbalance"],
 *       "disable": ["unstopped-timer"],
 *       "rules": ["tools/leaklint-rules"],
 *       "compilation-database": "build",
 *       "extra-args": ["-DNDEBUG"],
 *       "exclude": ["third_party*", "*_test.c"],
 *       "baseline": "leaklint-baseline.sarif",
 *       "budget": 200000,
 *       "fail-on": "new"
 *     }
 *
 * Every key is optional.  Paths are relative to the file's directory, and
 * so are the exclude globs (fnmatch(3), '*' crossing '/'; a glob without
 * '/' also matches a file's base name).  It is found like .clang-tidy: in
 * the first path's directory or the nearest one above it.  Command-line
 * options win over it; lists (rules, extra-args) add up, the file's first.
 *
 * Ownership: a project_config owns all its strings; project_config_free()
 * releases them. */
#ifndef LEAKLINT_PROJECT_CONFIG_H
#define LEAKLINT_PROJECT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define PROJECT_CONFIG_NAME ".leaklint.json"

typedef struct project_config {
  char *path;               /* the file read; NULL when there is none */
  char *dir;                /* its directory: the base of its relative paths */
  unsigned enable, disable; /* RULE_BIT()s; 0: not given */
  char **rules_dirs;        /* made absolute against dir */
  size_t nrules_dirs;
  char *compdb_dir; /* NULL: not given */
  char **extra_args;
  size_t nextra;
  char **exclude; /* globs, relative to dir */
  size_t nexclude;
  char *baseline;      /* NULL: not given */
  unsigned budget;     /* 0: not given */
  const char *fail_on; /* "new", "any", "none"; NULL: not given */
} project_config;

/* The nearest .leaklint.json in start's directory (start itself when it
 * is a directory) or above it, as a new string; NULL when there is none. */
char *project_config_find(const char *start);

/* Reads and checks the file at path into c (zeroed first).  Returns 0, or
 * -1 with "PATH:LINE:COL: error: MESSAGE" (or "PATH: error: cannot read:
 * ...") in err.  c must be freed either way. */
int project_config_load(project_config *c, const char *path, char *err, size_t errlen);
void project_config_free(project_config *c);

/* Whether path (a file to analyse) matches one of c's exclude globs. */
bool project_config_excludes(const project_config *c, const char *path);

/* Prints c as the JSON object it would be read from (with "config" naming
 * its file, or null), every key present; for --dump-config.  0 or -1. */
int project_config_dump(const project_config *c, FILE *out);

#endif
