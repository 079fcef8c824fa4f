/* sampling_estimate.c - at the default rate (one sample per 512 KiB on
 * average) the weighted totals of a profile must estimate what the program
 * really allocated and kept: the test runs testcases/runtime/alloc_heavy
 * under the sampler and compares its own accounting with the final profile.
 *
 * usage: sampling_estimate SAMPLER ALLOC_HEAVY WORKDIR */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pprof.h"

static int run(const char *sampler, const char *program, const char *dir, double *allocated,
               double *kept) {
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    setenv("LD_PRELOAD", sampler, 1);
    setenv("LEAKLINT_PROFILE_DIR", dir, 1);
    setenv("LEAKLINT_PROFILE_INTERVAL", "0", 1); /* only the profile at exit */
    setenv("LEAKLINT_SAMPLE_SEED", "42", 1);     /* the same samples every run */
    unsetenv("LEAKLINT_SAMPLE_RATE");
    execl(program, program, "4000000", "20", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  char out[256] = "";
  ssize_t n = read(fds[0], out, sizeof out - 1);
  out[n > 0 ? n : 0] = '\0';
  close(fds[0]);
  int status;
  waitpid(pid, &status, 0);
  unsetenv("LD_PRELOAD");
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                 sscanf(out, "allocated %lf kept %lf", allocated, kept) == 2
             ? 0
             : -1;
}

static int load_final(const char *dir, pp_profile *p) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int rc = -1;
  while (d && rc != 0 && (e = readdir(d))) {
    char path[PATH_MAX + 256];
    if (strncmp(e->d_name, "heap.", 5) != 0)
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    rc = pp_read_file(path, p);
  }
  if (d)
    closedir(d);
  return rc;
}

static double total(const pp_profile *p, const char *type) {
  int idx = -1;
  for (size_t i = 0; i < p->nsample_types; i++)
    if (strcmp(pp_string(p, p->sample_types[i].type), type) == 0)
      idx = (int)i;
  double sum = 0;
  for (size_t i = 0; idx >= 0 && i < p->nsamples; i++)
    sum += (double)p->samples[i].values[idx];
  return sum;
}

static int close_to(const char *what, double estimate, double truth, double tolerance) {
  double err = fabs(estimate - truth) / truth;
  printf("%-12s estimate %.0f, true %.0f, error %.1f%% (allowed %.0f%%)\n", what, estimate, truth,
         100 * err, 100 * tolerance);
  return err <= tolerance;
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", argv[3]);
  mkdir(dir, 0755);
  char cmd[PATH_MAX + 300];
  snprintf(cmd, sizeof cmd, "rm -f %s/heap.*", dir);
  if (system(cmd) != 0)
    return 2;
  double allocated = 0, kept = 0;
  pp_profile p;
  if (run(argv[1], argv[2], dir, &allocated, &kept) != 0 || load_final(dir, &p) != 0) {
    fprintf(stderr, "FAIL: no run or no profile\n");
    return 1;
  }
  printf("%zu distinct stacks at period %lld\n", p.nsamples, (long long)p.period);
  /* ~3000 samples of the allocated bytes, ~170 of the kept ones: the
   * tolerances are several standard deviations of the Poisson estimate. */
  int ok = p.period == 512 * 1024;
  ok &= close_to("alloc_space", total(&p, "alloc_space"), allocated, 0.10);
  ok &= close_to("inuse_space", total(&p, "inuse_space"), kept, 0.25);
  pp_free(&p);
  return ok ? 0 : 1;
}
