/* main.c - the leaklint command: options, models, the run, the output and
 * the exit status.
 *
 * Exit status: 1 findings (even when some input was bad: the findings are
 * real), else 2 for a usage, configuration or input error (a path that does
 * not exist, a file that does not parse, a malformed rules file), 3 for an
 * internal error, 0 for a clean run. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "baseline_ref.h"
#include "cli.h"
#include "driver.h"
#include "expectations.h"
#include "lsp.h"
#include "model_loading.h"
#include "models.h"
#include "project_config.h"
#include "reporters.h"
#include "rule_info.h"
#include "sarif_baseline.h"
#include "sarif_writer.h"
#include "sources.h"
#include "util.h"
#include "verify.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static void usage(FILE *out) {
  fputs("usage: leaklint [options] [path...]\n"
        "       leaklint [options] --stdin-filename PATH -\n"
        "       leaklint lsp [options]\n"
        "       leaklint verify [--findings FILE.sarif] [-o DIR] -- PROGRAM [ARGS...]\n"
        "\n"
        "Finds leak-prone patterns in C code: resources not released on some path, releases\n"
        "deferred past a loop, unstopped timers, unbalanced locks and thread counts, threads\n"
        "blocked on channels nobody serves, interior pointers that keep big blocks alive.\n"
        "Paths are files or directories (searched for .c files); none means '.'.\n"
        "\n"
        "options:\n"
        "  -p DIR               directory of compile_commands.json (default: found by walking\n"
        "                       up from the first path)\n"
        "  --extra-arg=ARG      add a compiler argument (repeatable)\n"
        "  -j, --jobs N         parse N units in parallel (default: number of cores)\n"
        "  --format FMT         text (default), sarif or json\n"
        "  -o, --output FILE    write the report to FILE (atomically) instead of stdout\n"
        "  --enable RULE[,..]   run only these rules (repeatable)\n"
        "  --disable RULE[,..]  do not run these rules (repeatable)\n"
        "  --list-rules         list the rules and exit\n"
        "  --rules DIR          load extra API models from DIR/*.json (repeatable)\n"
        "  --srcroot DIR        base of relative paths in SARIF (default: the directory of the\n"
        "                       configuration file, else the current directory)\n"
        "  --automation-id ID   SARIF run.automationDetails.id (default: leaklint/)\n"
        "  --verify, --check-expectations\n"
        "                       run each file given as a testcase: its own check-flags: and\n"
        "                       check-program:, then its '// expect: RULE' comments checked\n"
        "                       (testcases/README.md); exit 1 on any mismatch\n"
        "  --config FILE        read options from FILE (default: the nearest .leaklint.json in\n"
        "                       the first path's directory or above; command-line options win)\n"
        "  --no-config          read no configuration file\n"
        "  --dump-config        print the effective configuration as JSON and exit\n"
        "  --baseline FILE      report only findings not in FILE, an earlier run's SARIF\n"
        "                       (SARIF results get baselineState new, unchanged, absent)\n"
        "  --baseline-ref REF   the baseline is this run on the tree at git commit REF,\n"
        "                       checked out in a temporary worktree\n"
        "  --hook               for commit hooks: only the named files, and of them only .c\n"
        "                       files that exist (deleted ones are skipped); no file: nothing\n"
        "  --no-baseline        ignore the configuration file's baseline (GitHub code\n"
        "                       scanning tracks alerts itself)\n"
        "  --include-suppressed in SARIF, also the findings that inline comments suppress\n"
        "                       (with suppressions: inSource; GitHub ignores that property)\n"
        "  --fail-on WHAT       exit 1 on findings: new (default: those not in the baseline),\n"
        "                       any (baseline ones too) or none\n"
        "  --exit-zero          same as --fail-on=none: findings are reported, exit 0 unless\n"
        "                       the input is bad\n"
        "  --no-color           no colours (also when NO_COLOR is set or not on a terminal)\n"
        "  --budget N           paths explored per function before giving up on it\n"
        "                       (default 200000; functions past it get no findings)\n"
        "  --parse-only         only parse (for benchmarks: the parser's own time)\n"
        "  --save-units DIR     also write each unit's artifact (its IR and open facts) to\n"
        "                       DIR, for a later --link\n"
        "  --link               the paths are saved unit artifacts (.llu): link and check\n"
        "                       them without parsing again\n"
        "  --stdin-filename PATH  analyse standard input as the text of PATH (which takes\n"
        "                       PATH's flags and configuration); the path argument is '-'\n"
        "  -v, --verbose        say what the analysis skipped and why\n"
        "  --version            print the version and exit\n"
        "  -h, --help           print this help and exit\n"
        "\n"
        "'leaklint lsp' is a language server on stdin/stdout (README.md, \"In the editor\");\n"
        "it takes the options above and the workspace's configuration file.\n"
        "\n"
        "exit status: 1 findings, else 2 usage or input error, 3 internal error, 0 clean\n",
        out);
}

static int parse_rule_list(const char *arg, unsigned *mask) {
  char *copy = xstrdup(arg), *save = NULL;
  int bad = 0;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    ll_rule_id r = rule_id_lookup(tok);
    if (r == RULE_COUNT) {
      fprintf(stderr, "leaklint: unknown rule '%s' (see --list-rules)\n", tok);
      bad = 1;
    } else {
      *mask |= RULE_BIT(r);
    }
  }
  free(copy);
  return bad;
}

enum {
  OPT_EXTRA_ARG = 256,
  OPT_FORMAT,
  OPT_ENABLE,
  OPT_DISABLE,
  OPT_LIST_RULES,
  OPT_RULES,
  OPT_VERSION,
  OPT_VERIFY,
  OPT_NO_COLOR,
  OPT_DUMP_IR,
  OPT_AUTOMATION_ID,
  OPT_SRCROOT,
  OPT_BUDGET,
  OPT_PARSE_ONLY,
  OPT_SAVE_UNITS,
  OPT_LINK,
  OPT_INCLUDE_SUPPRESSED,
  OPT_FAIL_ON,
  OPT_EXIT_ZERO,
  OPT_CONFIG,
  OPT_NO_CONFIG,
  OPT_DUMP_CONFIG,
  OPT_BASELINE,
  OPT_BASELINE_REF,
  OPT_HOOK,
  OPT_NO_BASELINE,
  OPT_STDIN_FILENAME,
};

static int parse_args(int argc, char **argv, cli *c) {
  static const struct option longopts[] = {
      {"extra-arg", required_argument, NULL, OPT_EXTRA_ARG},
      {"jobs", required_argument, NULL, 'j'},
      {"format", required_argument, NULL, OPT_FORMAT},
      {"output", required_argument, NULL, 'o'},
      {"enable", required_argument, NULL, OPT_ENABLE},
      {"disable", required_argument, NULL, OPT_DISABLE},
      {"list-rules", no_argument, NULL, OPT_LIST_RULES},
      {"rules", required_argument, NULL, OPT_RULES},
      {"version", no_argument, NULL, OPT_VERSION},
      {"verify", no_argument, NULL, OPT_VERIFY},
      {"check-expectations", no_argument, NULL, OPT_VERIFY},
      {"no-color", no_argument, NULL, OPT_NO_COLOR},
      {"dump-ir", no_argument, NULL, OPT_DUMP_IR},
      {"automation-id", required_argument, NULL, OPT_AUTOMATION_ID},
      {"srcroot", required_argument, NULL, OPT_SRCROOT},
      {"budget", required_argument, NULL, OPT_BUDGET},
      {"parse-only", no_argument, NULL, OPT_PARSE_ONLY},
      {"save-units", required_argument, NULL, OPT_SAVE_UNITS},
      {"link", no_argument, NULL, OPT_LINK},
      {"include-suppressed", no_argument, NULL, OPT_INCLUDE_SUPPRESSED},
      {"fail-on", required_argument, NULL, OPT_FAIL_ON},
      {"exit-zero", no_argument, NULL, OPT_EXIT_ZERO},
      {"config", required_argument, NULL, OPT_CONFIG},
      {"no-config", no_argument, NULL, OPT_NO_CONFIG},
      {"dump-config", no_argument, NULL, OPT_DUMP_CONFIG},
      {"baseline", required_argument, NULL, OPT_BASELINE},
      {"baseline-ref", required_argument, NULL, OPT_BASELINE_REF},
      {"hook", no_argument, NULL, OPT_HOOK},
      {"no-baseline", no_argument, NULL, OPT_NO_BASELINE},
      {"stdin-filename", required_argument, NULL, OPT_STDIN_FILENAME},
      {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  unsigned enable = 0, disable = 0;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  c->drv.jobs = cores > 0 ? (int)cores : 1;
  int opt, bad = 0;
  while ((opt = getopt_long(argc, argv, "p:j:o:vh", longopts, NULL)) != -1) {
    switch (opt) {
    case 'p':
      c->drv.compdb_dir = optarg;
      break;
    case 'j': {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*end || n < 1 || n > 1024) {
        fprintf(stderr, "leaklint: -j wants a number from 1 to 1024, not '%s'\n", optarg);
        bad = 1;
      }
      c->drv.jobs = (int)n;
      break;
    }
    case 'o':
      c->output = optarg;
      break;
    case 'v':
      c->drv.verbose = true;
      break;
    case 'h':
      usage(stdout);
      exit(EXIT_CLEAN);
    case OPT_EXTRA_ARG:
      push_str(&c->extra, &c->nextra, optarg);
      break;
    case OPT_FORMAT:
      if (strcmp(optarg, "text") == 0)
        c->format = FORMAT_TEXT;
      else if (strcmp(optarg, "sarif") == 0)
        c->format = FORMAT_SARIF;
      else if (strcmp(optarg, "json") == 0)
        c->format = FORMAT_JSON;
      else {
        fprintf(stderr, "leaklint: --format wants text, sarif or json, not '%s'\n", optarg);
        bad = 1;
      }
      break;
    case OPT_ENABLE:
      bad |= parse_rule_list(optarg, &enable);
      break;
    case OPT_DISABLE:
      bad |= parse_rule_list(optarg, &disable);
      break;
    case OPT_LIST_RULES:
      c->list_rules = true;
      break;
    case OPT_RULES:
      push_str(&c->rules_dirs, &c->nrules_dirs, optarg);
      break;
    case OPT_VERSION:
      printf("leaklint %s\n", LEAKLINT_VERSION);
      exit(EXIT_CLEAN);
    case OPT_VERIFY:
      c->verify = true;
      break;
    case OPT_NO_COLOR:
      c->no_color = true;
      break;
    case OPT_DUMP_IR:
      c->drv.dump_ir = true;
      break;
    case OPT_SAVE_UNITS:
      c->drv.save_units = optarg;
      break;
    case OPT_LINK:
      c->drv.link_saved = true;
      break;
    case OPT_INCLUDE_SUPPRESSED:
      c->include_suppressed = true;
      break;
    case OPT_FAIL_ON:
      if (parse_fail_on(optarg, &c->fail_on) != 0) {
        fprintf(stderr, "leaklint: --fail-on wants new, any or none, not '%s'\n", optarg);
        bad = 1;
      }
      c->fail_on_given = true;
      break;
    case OPT_EXIT_ZERO:
      c->fail_on = FAIL_ON_NONE;
      c->fail_on_given = true;
      break;
    case OPT_CONFIG:
      c->config_file = optarg;
      break;
    case OPT_NO_CONFIG:
      c->no_config = true;
      break;
    case OPT_DUMP_CONFIG:
      c->dump_config = true;
      break;
    case OPT_BASELINE:
      c->baseline = optarg;
      break;
    case OPT_BASELINE_REF:
      c->baseline_ref = optarg;
      break;
    case OPT_HOOK:
      c->drv.hook = true;
      break;
    case OPT_NO_BASELINE:
      c->no_baseline = true;
      break;
    case OPT_STDIN_FILENAME:
      c->drv.stdin_path = optarg;
      break;
    case OPT_PARSE_ONLY:
      c->drv.parse_only = true;
      break;
    case OPT_AUTOMATION_ID:
      c->automation_id = optarg;
      break;
    case OPT_SRCROOT:
      c->srcroot = optarg;
      break;
    case OPT_BUDGET: {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*end || n < 100 || n > 10000000) {
        fprintf(stderr, "leaklint: --budget wants a number of states from 100 to 10000000\n");
        bad = 1;
      }
      c->drv.budget = (unsigned)n;
      break;
    }
    default:
      bad = 1;
      break;
    }
  }
  if (bad) {
    fputs("Try 'leaklint --help'.\n", stderr);
    return -1;
  }
  unsigned all = (1u << RULE_COUNT) - 1;
  c->enable = enable;
  c->disable = disable;
  c->drv.enabled_rules = (enable ? enable : all) & ~disable;
  /* GNU getopt has moved the paths after the options. */
  c->nopts = optind;
  c->drv.paths = (const char *const *)argv + optind;
  c->drv.npaths = argc - optind;
  if (c->drv.stdin_path) {
    if (c->drv.npaths != 1 || strcmp(c->drv.paths[0], "-") != 0) {
      fputs("leaklint: --stdin-filename reads standard input: give '-' as the only path\n", stderr);
      return -1;
    }
    /* The file's own place finds the configuration and the database. */
    c->drv.paths = &c->drv.stdin_path;
  }
  c->drv.extra_args = c->extra;
  c->drv.nextra = c->nextra;
  return 0;
}

static void list_rules(unsigned enabled) {
  for (int r = 0; r < RULE_COUNT; r++) {
    const ll_rule_info *info = rule_info((ll_rule_id)r);
    printf("%-22s %s%s\n", info->id, info->short_description,
           !info->runs             ? " (planned: no checker yet)"
           : enabled & RULE_BIT(r) ? ""
                                   : " (disabled)");
  }
}

/* --enable naming a rule that cannot run: said, not silently ignored. */
static void say_planned(unsigned asked) {
  for (int r = 0; r < RULE_COUNT; r++)
    if ((asked & RULE_BIT(r)) && !rule_info((ll_rule_id)r)->runs)
      fprintf(stderr, "leaklint: warning: rule '%s' is planned and cannot run yet\n",
              rule_info((ll_rule_id)r)->id);
}

static model_set *load_models(const cli *c) {
  char err[1024];
  model_set *set = models_load(c->rules_dirs, (size_t)c->nrules_dirs, err, sizeof err);
  if (!set)
    fprintf(stderr, "%s\n", err);
  return set;
}

static bool use_color(const cli *c, FILE *out) {
  const char *nc = getenv("NO_COLOR");
  return !c->no_color && !(nc && *nc) && isatty(fileno(out));
}

static char *command_line(int argc, char **argv) {
  size_t len = 1;
  for (int i = 0; i < argc; i++)
    len += strlen(argv[i]) + 1;
  char *s = xmalloc(len);
  s[0] = '\0';
  for (int i = 0; i < argc; i++) {
    if (i)
      strcat(s, " ");
    strcat(s, argv[i]);
  }
  return s;
}

static int write_report(const cli *c, const ll_report *r, const cJSON *absent, int argc,
                        char **argv) {
  atomic_file af;
  const char *dest = c->output ? c->output : "-";
  if (atomic_file_open(&af, dest) != 0) {
    fprintf(stderr, "leaklint: %s: cannot write: %s\n", dest, strerror(errno));
    return -1;
  }
  int rc;
  if (c->format == FORMAT_SARIF) {
    char *cmd = command_line(argc, argv);
    sarif_options so = {.automation_id = c->automation_id,
                        .command_line = cmd,
                        .include_suppressed = c->include_suppressed,
                        .absent = absent};
    rc = sarif_write(r, af.fp, &so);
    free(cmd);
  } else if (c->format == FORMAT_JSON) {
    rc = report_json(r, af.fp);
  } else {
    rc = report_text(r, af.fp, !c->output && use_color(c, stdout));
  }
  if (rc != 0) {
    atomic_file_abort(&af);
    fprintf(stderr, "leaklint: %s: write error\n", dest);
    return -1;
  }
  if (atomic_file_commit(&af) != 0) {
    fprintf(stderr, "leaklint: %s: cannot write: %s\n", dest, strerror(errno));
    return -1;
  }
  return 0;
}

static bool has_errors(const ll_report *r) {
  for (size_t i = 0; i < r->nnotes; i++)
    if (r->notes[i].level == NOTE_ERROR)
      return true;
  return false;
}

static bool fails(const cli *c, const ll_report *r) {
  if (c->fail_on == FAIL_ON_NONE)
    return false;
  if (r->nfindings)
    return true;
  if (c->fail_on == FAIL_ON_ANY)
    for (size_t i = 0; i < r->nhidden; i++)
      if (!r->hidden[i].suppression)
        return true; /* unchanged against the baseline */
  return false;
}

/* The last line of a run with bad input: which inputs, so that an exit
 * status next to findings is not read as a findings-only run. */
static void say_bad_inputs(const ll_report *r, int status) {
  const char *names[4];
  size_t n = 0, total = 0;
  for (size_t i = 0; i < r->nnotes; i++) {
    const ll_notification *e = &r->notes[i];
    if (e->level != NOTE_ERROR)
      continue;
    const char *path = e->loc.path ? e->loc.path : "(command line)";
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = r->notes[j].level == NOTE_ERROR &&
             strcmp(r->notes[j].loc.path ? r->notes[j].loc.path : "(command line)", path) == 0;
    if (seen)
      continue;
    if (n < sizeof names / sizeof *names)
      names[n++] = path;
    total++;
  }
  if (!total)
    return;
  fprintf(stderr, "leaklint: exit %d: %zu input%s could not be analysed in full: ", status, total,
          total == 1 ? "" : "s");
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "%s%s", i ? ", " : "", names[i]);
  if (total > n)
    fprintf(stderr, " and %zu more", total - n);
  if (r->nfindings)
    fprintf(stderr, "; %zu finding%s reported from the rest", r->nfindings,
            r->nfindings == 1 ? "" : "s");
  fputc('\n', stderr);
}

static void free_cli(cli *c) {
  free(c->rules_dirs);
  free(c->extra);
}

/* One testcase under its own command: this command line's options, then
 * its check-flags:, then the files of its program, parsed as one command
 * line would be.  Returns an exit status; *xfail is set when it is known
 * to fail and does. */
static int run_testcase(const cli *c, char **argv, const model_set *models, const char *path,
                        bool *xfail) {
  testcase tc;
  cli own = {0};
  model_set *own_models = NULL;
  int status = EXIT_USAGE;
  int nopts = c->nopts;
  if (nopts > 1 && strcmp(argv[nopts - 1], "--") == 0)
    nopts--; /* the testcase's flags are options too */
  size_t n = 0;
  char **words = NULL;
  if (testcase_read(path, &tc, stdout) != 0)
    goto out;
  words = xcalloc((size_t)nopts + tc.nflags + tc.nfiles + 1, sizeof *words);
  for (int i = 0; i < nopts; i++)
    words[n++] = argv[i];
  for (size_t i = 0; i < tc.nflags; i++)
    words[n++] = tc.flags[i];
  for (size_t i = 0; i < tc.nfiles; i++)
    words[n++] = tc.files[i];
  optind = 0; /* glibc: start getopt afresh */
  if (parse_args((int)n, words, &own) != 0)
    goto out;
  if (own.nrules_dirs > c->nrules_dirs && !(own_models = load_models(&own)))
    goto out;

  ll_report report;
  report_init(&report);
  char cwd[PATH_MAX];
  report.srcroot = own.srcroot ? own.srcroot : getcwd(cwd, sizeof cwd);
  status = driver_run(&own.drv, own_models ? own_models : models, &report);
  report_text_notes(&report, stderr, use_color(&own, stderr), own.drv.verbose);
  if (!status) {
    testcase_verdict v = testcase_check(&tc, &report, stdout);
    status = v == TESTCASE_PASS || v == TESTCASE_XFAIL ? EXIT_CLEAN : EXIT_FINDINGS;
    *xfail = v == TESTCASE_XFAIL;
  }
  report_free(&report);
out:
  model_set_free(own_models);
  free_cli(&own);
  free(words);
  testcase_free(&tc);
  return status;
}

/* --verify: every C file under the paths is a testcase of its own. */
static int run_testcases(const cli *c, char **argv, const model_set *models) {
  source_list files = {0};
  ll_report listing;
  report_init(&listing);
  int status = sources_collect(c->drv.paths, c->drv.npaths, &files, &listing) ? EXIT_USAGE : 0;
  report_text_notes(&listing, stderr, use_color(c, stderr), c->drv.verbose);
  report_free(&listing);
  if (files.n == 0 && !status) {
    fprintf(stderr, "leaklint: no testcases under the paths given\n");
    status = EXIT_USAGE;
  }
  size_t nxfail = 0;
  for (size_t i = 0; i < files.n; i++) {
    bool xfail = false;
    int st = run_testcase(c, argv, models, files.items[i].path, &xfail);
    status = st > status ? st : status;
    nxfail += xfail;
  }
  if (status == EXIT_CLEAN && nxfail == 0)
    printf("%zu testcase%s verified: every expected finding reported, nothing else.\n", files.n,
           files.n == 1 ? "" : "s");
  else if (status == EXIT_CLEAN)
    printf("%zu testcase%s verified, %zu of them known to fail as marked (XFAIL).\n", files.n,
           files.n == 1 ? "" : "s", nxfail);
  sources_free(&files);
  return status;
}

/* --stdin-filename: the whole of standard input, as the buffer. */
static char *read_stdin(size_t *len) {
  size_t cap = 65536;
  char *buf = xmalloc(cap);
  *len = 0;
  size_t n;
  while ((n = fread(buf + *len, 1, cap - *len, stdin)) > 0) {
    *len += n;
    if (*len == cap)
      buf = xrealloc(buf, cap *= 2);
  }
  if (ferror(stdin)) {
    fprintf(stderr, "leaklint: <stdin>: cannot read: %s\n", strerror(errno));
    free(buf);
    return NULL;
  }
  return buf;
}

/* `leaklint lsp [options]`: the options as for a run, laid under the
 * configuration file of the workspace that initialize names. */
typedef struct lsp_setup_data {
  cli c;
  project_config cfg;
  model_set *models;
  const char *root;
} lsp_setup_data;

static int lsp_setup(void *data, const char *root, driver_options *drv, const model_set **models,
                     char *err, size_t errlen) {
  lsp_setup_data *d = data;
  d->root = root;
  d->c.drv.paths = root ? &d->root : NULL;
  d->c.drv.npaths = root ? 1 : 0;
  int rc = 0;
  if (apply_config(&d->c, &d->cfg) != 0) {
    snprintf(err, errlen,
             "leaklint: the configuration file is malformed (the server's log "
             "says where); running without it");
    rc = -1;
  }
  d->models = load_models(&d->c);
  if (!d->models) {
    snprintf(err, errlen,
             "leaklint: a rules directory is malformed (the server's log says "
             "where); running with the built-in models");
    rc = -1;
  }
  *drv = d->c.drv;
  *models = d->models;
  return rc;
}

static int run_lsp(int argc, char **argv) {
  lsp_setup_data d = {0};
  if (parse_args(argc, argv, &d.c) != 0)
    return EXIT_USAGE;
  if (d.c.drv.npaths) {
    fputs("leaklint lsp: takes no paths: the client names the workspace\n", stderr);
    free_cli(&d.c);
    return EXIT_USAGE;
  }
  lsp_options opt = {.in_fd = 0, .out_fd = 1, .setup = lsp_setup, .setup_data = &d};
  int status = lsp_serve(&opt);
  model_set_free(d.models);
  free_cli(&d.c);
  project_config_free(&d.cfg);
  return status;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "verify") == 0)
    return verify_main(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "lsp") == 0)
    return run_lsp(argc - 1, argv + 1);
  cli c = {0};
  project_config cfg = {0};
  int status = EXIT_USAGE;
  model_set *models = NULL;
  char *stdin_text = NULL;
  if (parse_args(argc, argv, &c) != 0)
    goto out;
  /* Testcases state their own command; a project's file must not change it. */
  if (!c.verify && apply_config(&c, &cfg) != 0)
    goto out;
  say_planned(c.enable);
  if (c.dump_config) {
    status = dump_config(&c, &cfg) == 0 ? EXIT_CLEAN : EXIT_INTERNAL;
    goto out;
  }
  if (c.list_rules) {
    list_rules(c.drv.enabled_rules);
    status = EXIT_CLEAN;
    goto out;
  }
  models = load_models(&c);
  if (!models)
    goto out;
  if (c.drv.stdin_path && !(stdin_text = read_stdin(&c.drv.stdin_len)))
    goto out;
  c.drv.stdin_text = stdin_text;
  if (c.verify) {
    status = run_testcases(&c, argv, models);
    goto out;
  }
  char err[1024];
  char *ref_sarif = NULL;
  if (c.baseline_ref) {
    ref_sarif = baseline_ref_run(c.baseline_ref, &c.drv, models, c.srcroot, err, sizeof err);
    if (!ref_sarif) {
      fprintf(stderr, "%s\n", err);
      goto out;
    }
  }
  ll_report report;
  report_init(&report);
  char cwd[PATH_MAX];
  report.srcroot = c.srcroot ? c.srcroot : getcwd(cwd, sizeof cwd);
  status = driver_run(&c.drv, models, &report);
  report_text_notes(&report, stderr, use_color(&c, stderr), c.drv.verbose);
  const char *baseline = ref_sarif ? ref_sarif : c.baseline;
  cJSON *absent = NULL;
  if (baseline && sarif_baseline_apply(&report, baseline, &absent, err, sizeof err) != 0) {
    fprintf(stderr, "%s\n", err);
    status = EXIT_USAGE;
  } else if (write_report(&c, &report, absent, argc, argv) != 0) {
    status = EXIT_USAGE;
  } else if (!status) {
    /* Findings first: a broken file elsewhere must not hide them. */
    status = !report.execution_successful ? EXIT_INTERNAL
             : fails(&c, &report)         ? EXIT_FINDINGS
             : has_errors(&report)        ? EXIT_USAGE
                                          : EXIT_CLEAN;
  }
  say_bad_inputs(&report, status);
  report_free(&report);
  cJSON_Delete(absent);
  baseline_ref_done(ref_sarif);
out:
  model_set_free(models);
  free_cli(&c);
  project_config_free(&cfg);
  free(stdin_text);
  return status;
}
