/* verify_main.c - `leaklint verify`: run a program under the sampler and say,
 * for each finding, whether the run confirms it. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "verify.h"
#include "verify_internal.h"

typedef struct options {
  const char *findings, *sarif_out, *dir, *rate;
  double interval_s, timeout_s;
  size_t top;
  char **argv;
} options;

static void usage(FILE *out) {
  fprintf(out,
          "usage: leaklint verify [--findings FILE.sarif] [-o DIR] [options] -- PROGRAM ARGS...\n"
          "\n"
          "Runs PROGRAM with the sampling heap profiler preloaded, writes pprof heap\n"
          "profiles to DIR, and marks each finding confirmed, not-reproduced or\n"
          "not-exercised.  Without --findings, prints the sites that grew the most.\n"
          "\n"
          "  -f, --findings FILE   SARIF log from `leaklint`; verdicts are written back to it\n"
          "  -w, --sarif-out FILE  write the annotated log here instead\n"
          "  -o, --output DIR      profiles directory (default leaklint-profiles)\n"
          "  -r, --rate BYTES      mean bytes between samples (default 524288; 1 = all)\n"
          "  -i, --interval SECS   seconds between profiles (default 1)\n"
          "  -t, --timeout SECS    stop the program after this long (default: never)\n"
          "  -n, --top N           sites to list without findings (default 10)\n"
          "  -h, --help\n");
}

static int parse_options(int argc, char **argv, options *o) {
  static const struct option longs[] = {{"findings", required_argument, 0, 'f'},
                                        {"sarif-out", required_argument, 0, 'w'},
                                        {"output", required_argument, 0, 'o'},
                                        {"rate", required_argument, 0, 'r'},
                                        {"interval", required_argument, 0, 'i'},
                                        {"timeout", required_argument, 0, 't'},
                                        {"top", required_argument, 0, 'n'},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
  *o = (options){NULL, NULL, "leaklint-profiles", NULL, 1.0, 0, 10, NULL};
  optind = 1;
  int c;
  /* "+": stop at the first non-option, the program to run. */
  while ((c = getopt_long(argc, argv, "+f:w:o:r:i:t:n:h", longs, NULL)) != -1) {
    switch (c) {
    case 'f':
      o->findings = optarg;
      break;
    case 'w':
      o->sarif_out = optarg;
      break;
    case 'o':
      o->dir = optarg;
      break;
    case 'r':
      o->rate = optarg;
      break;
    case 'i':
      o->interval_s = atof(optarg);
      break;
    case 't':
      o->timeout_s = atof(optarg);
      break;
    case 'n':
      o->top = (size_t)atol(optarg);
      break;
    case 'h':
      usage(stdout);
      exit(0);
    default:
      return -1;
    }
  }
  if (optind >= argc)
    return -1;
  o->argv = argv + optind;
  return 0;
}

static cJSON *run_info(const options *o, const vf_run_result *r, const vf_profiles *p) {
  cJSON *info = cJSON_CreateObject();
  cJSON *cmd = cJSON_AddArrayToObject(info, "command");
  for (char **a = o->argv; *a; a++)
    cJSON_AddItemToArray(cmd, cJSON_CreateString(*a));
  if (WIFEXITED(r->exit_status))
    cJSON_AddNumberToObject(info, "exitCode", WEXITSTATUS(r->exit_status));
  else if (WIFSIGNALED(r->exit_status))
    cJSON_AddNumberToObject(info, "signal", WTERMSIG(r->exit_status));
  cJSON_AddBoolToObject(info, "timedOut", r->timed_out);
  cJSON_AddStringToObject(info, "profileDirectory", o->dir);
  cJSON_AddNumberToObject(info, "profiles", (double)p->nfiles);
  cJSON_AddNumberToObject(info, "processes", (double)p->nprocs);
  cJSON_AddNumberToObject(info, "sampleRate", o->rate ? atof(o->rate) : 524288);
  return info;
}

static void print_run(const options *o, const vf_run_result *r, const vf_profiles *p) {
  printf("leaklint verify: %s ", o->argv[0]);
  if (WIFEXITED(r->exit_status))
    printf("exited %d", WEXITSTATUS(r->exit_status));
  else if (WIFSIGNALED(r->exit_status))
    printf("killed by signal %d", WTERMSIG(r->exit_status));
  printf("%s; %zu profiles from %zu process%s in %s\n", r->timed_out ? " (timed out)" : "",
         p->nfiles, p->nprocs, p->nprocs == 1 ? "" : "es", o->dir);
  long rate = o->rate ? atol(o->rate) : 524288;
  if (rate > 1)
    printf("leaklint verify: heap figures (~, est.) are estimates from sampling one allocation "
           "per %ld bytes allocated on average (--rate)\n",
           rate);
  else
    printf("leaklint verify: every allocation sampled (--rate 1): heap figures are exact\n");
}

static int judge_findings(const options *o, const vf_profiles *p, cJSON *info) {
  vf_findings f;
  if (vf_findings_read(o->findings, &f) != 0)
    return 2;
  for (size_t i = 0; i < f.n; i++)
    vf_decide(&f.items[i], p);
  vf_print_verdicts(&f);
  int rc = vf_findings_write(&f, o->sarif_out ? o->sarif_out : o->findings, info) == 0 ? 0 : 2;
  vf_findings_free(&f);
  return rc;
}

int verify_main(int argc, char **argv) {
  options o;
  if (parse_options(argc, argv, &o) != 0) {
    usage(stderr);
    return 2;
  }
  char sampler[PATH_MAX];
  if (vf_find_sampler(sampler, sizeof sampler) != 0) {
    fprintf(stderr, "leaklint verify: cannot find libleaklint_sampler.so "
                    "(set LEAKLINT_SAMPLER to its path)\n");
    return 2;
  }
  vf_run_options ro = {o.dir, o.rate, o.interval_s, o.timeout_s, o.argv};
  vf_run_result r;
  vf_profiles p;
  if (vf_run(&ro, sampler, &r) != 0 || vf_profiles_load(o.dir, r.pid, &p) != 0)
    return 2;
  for (size_t i = 0; i < p.nprocs; i++)
    vf_symbolize_process(&p.procs[i]);
  print_run(&o, &r, &p);
  int rc = 0;
  if (o.findings) {
    cJSON *info = run_info(&o, &r, &p);
    rc = judge_findings(&o, &p, info);
    cJSON_Delete(info);
  } else {
    vf_print_top_sites(&p, o.top);
  }
  vf_profiles_free(&p);
  return rc;
}
