/* run.c - starting the program under test with the sampler preloaded. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "verify_internal.h"

static int usable(const char *path) {
  return access(path, R_OK) == 0;
}

int vf_find_sampler(char *out, size_t cap) {
  const char *env = getenv("LEAKLINT_SAMPLER");
  if (env && *env) {
    snprintf(out, cap, "%s", env);
    return usable(out) ? 0 : -1;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return -1;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return -1;
  *slash = '\0';
  /* Build tree (the CLI in build/, the verifier's targets in build/verifier/)
   * and install tree (bin/ and lib/leaklint/). */
  static const char *const rel[] = {"libleaklint_sampler.so", "verifier/libleaklint_sampler.so",
                                    "../lib/leaklint/libleaklint_sampler.so",
                                    "../lib64/leaklint/libleaklint_sampler.so"};
  for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
    snprintf(out, cap, "%s/%s", exe, rel[i]);
    if (usable(out)) {
      char *real = realpath(out, NULL);
      if (real) {
        snprintf(out, cap, "%s", real);
        free(real);
      }
      return 0;
    }
  }
  return -1;
}

static int make_dirs(const char *dir) {
  char buf[PATH_MAX];
  snprintf(buf, sizeof buf, "%s", dir);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
      return -1;
    *p = '/';
  }
  return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

int vf_each_profile(const char *dir, int pid, void (*fn)(const char *path)) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  char pattern[48];
  if (pid > 0)
    snprintf(pattern, sizeof pattern, "heap.%d.*.pb.gz", pid);
  else
    snprintf(pattern, sizeof pattern, "heap.*.pb.gz"); /* not the writer's temp files */
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (fnmatch(pattern, e->d_name, 0) != 0)
      continue;
    n++;
    if (fn) {
      char path[PATH_MAX];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      fn(path);
    }
  }
  closedir(d);
  return n;
}

static void remove_file(const char *path) {
  unlink(path);
}

/* Only between fork and exec: no allocation needed beyond setenv's. */
static void exec_child(const vf_run_options *o, const char *sampler, const char *abs_dir) {
  const char *old = getenv("LD_PRELOAD");
  char preload[PATH_MAX * 2];
  snprintf(preload, sizeof preload, "%s%s%s", sampler, old && *old ? ":" : "", old ? old : "");
  char interval[64];
  snprintf(interval, sizeof interval, "%g", o->interval_s);
  setenv("LD_PRELOAD", preload, 1);
  setenv("LEAKLINT_PROFILE_DIR", abs_dir, 1);
  setenv("LEAKLINT_PROFILE_INTERVAL", interval, 1);
  if (o->sample_rate)
    setenv("LEAKLINT_SAMPLE_RATE", o->sample_rate, 1);
  char last_profile_signal[16];
  snprintf(last_profile_signal, sizeof last_profile_signal, "%d", vf_last_profile_signal());
  setenv("LEAKLINT_LAST_PROFILE_SIGNAL", last_profile_signal, 1);
  execvp(o->argv[0], o->argv);
  fprintf(stderr, "leaklint verify: cannot run %s: %s\n", o->argv[0], strerror(errno));
  _exit(127);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for pid; after timeout_s (if any) asks it for its last profile and
 * to stop, then insists. */
static int wait_child(int pid, const char *dir, double timeout_s, int *status, bool *timed_out) {
  double deadline = timeout_s > 0 ? now_s() + timeout_s : 0, term_at = 0;
  for (;;) {
    int r = waitpid(pid, status, timeout_s > 0 ? WNOHANG : 0);
    if (r == pid)
      return 0;
    if (r < 0 && errno != EINTR)
      return -1;
    if (timeout_s <= 0 || r != 0)
      continue;
    double now = now_s();
    if (!*timed_out && now >= deadline) {
      *timed_out = true;
      vf_ask_last_profile(pid, dir);
      term_at = now_s();
      kill(pid, SIGTERM);
    } else if (*timed_out && now >= term_at + 2.0) {
      kill(pid, SIGKILL);
    }
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
}

int vf_run(const vf_run_options *o, const char *sampler, vf_run_result *out) {
  if (make_dirs(o->profile_dir) != 0) {
    fprintf(stderr, "leaklint verify: cannot create %s: %s\n", o->profile_dir, strerror(errno));
    return -1;
  }
  char *abs_dir = realpath(o->profile_dir, NULL);
  if (!abs_dir)
    return -1;
  vf_each_profile(abs_dir, 0, remove_file); /* an earlier run's would mix into this one's */
  fflush(NULL);
  memset(out, 0, sizeof *out);
  int pid = fork();
  if (pid == 0)
    exec_child(o, sampler, abs_dir);
  if (pid < 0) {
    fprintf(stderr, "leaklint verify: fork: %s\n", strerror(errno));
    free(abs_dir);
    return -1;
  }
  out->pid = pid;
  int waited = wait_child(pid, abs_dir, o->timeout_s, &out->exit_status, &out->timed_out);
  free(abs_dir);
  if (waited != 0) {
    fprintf(stderr, "leaklint verify: waitpid: %s\n", strerror(errno));
    return -1;
  }
  return 0;
}
