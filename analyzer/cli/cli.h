/* cli.h - the command's options: main.c parses them and runs; cli_config.c
 * lays the configuration file (.leaklint.json) under them. */
#ifndef LEAKLINT_CLI_H
#define LEAKLINT_CLI_H

#include <stdbool.h>

#include "driver.h"
#include "project_config.h"

typedef enum { FORMAT_TEXT, FORMAT_SARIF, FORMAT_JSON } out_format;

/* Which findings make the exit status 1: none (the report is still
 * written: CI's upload step runs), only those not in the baseline (the
 * default; without a baseline every finding is new), or any. */
typedef enum { FAIL_ON_NEW, FAIL_ON_NONE, FAIL_ON_ANY } fail_on;

typedef struct cli {
  driver_options drv;
  out_format format;
  const char *output;
  const char **rules_dirs;
  int nrules_dirs;
  const char **extra;
  int nextra;
  bool list_rules, verify, no_color, include_suppressed;
  fail_on fail_on;
  bool fail_on_given;
  unsigned enable, disable; /* as given on the command line */
  const char *config_file;  /* --config */
  const char *baseline;     /* --baseline FILE.sarif */
  const char *baseline_ref; /* --baseline-ref GIT_REF */
  bool no_baseline;         /* --no-baseline: not even the config file's */
  bool no_config, dump_config;
  const char *automation_id;
  const char *srcroot;
  int nopts; /* argv[0] and the options, before the paths */
} cli;

/* Appends s to the array *arr of *n strings. */
void push_str(const char ***arr, int *n, const char *s);

/* "new", "none" or "any" into *out; -1 for anything else. */
int parse_fail_on(const char *arg, fail_on *out);

/* The configuration file (--config, else the nearest .leaklint.json, unless
 * --no-config) under the command line: a value given on the command line
 * wins; lists add up, the file's first.  cfg must outlive c, which borrows
 * its strings.  Returns 0, or -1 (said on stderr) when the file is bad. */
int apply_config(cli *c, project_config *cfg);

/* --dump-config: what this run would use, in the file's own vocabulary, on
 * stdout.  0, or -1 on a write error. */
int dump_config(const cli *c, const project_config *cfg);

#endif
