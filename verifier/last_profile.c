/* last_profile.c - before ending a run that timed out, ask the program for
 * its final profile.
 *
 * A single-threaded program that idles (a daemon in select()) writes no
 * periodic profile: those come from its own sampling path, and it allocates
 * nothing.  The SIGTERM that ends it runs no destructor either, so the run
 * would leave no profile at all.  The sampler writes one when it gets
 * vf_last_profile_signal(), but only a handler that interrupts the program
 * outside malloc may allocate.  So the program is stopped first, and the
 * signal is sent only if /proc/PID/syscall shows it inside a system call
 * other than those malloc makes; on SIGCONT the handler runs right there,
 * before any of the program's code.  A program with threads has the
 * sampler's writer thread, which the handler wakes for a final profile: its
 * last periodic one may be an interval old. */
#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "proc_fields.h"
#include "verify_internal.h"

int vf_last_profile_signal(void) {
  return SIGRTMAX - 1; /* glibc keeps the lowest real-time signals for itself */
}

static void nap_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static char process_state(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  return proc_state(path);
}

static int count_threads(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", pid);
  DIR *d = opendir(path);
  if (!d)
    return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d));)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

/* Is the stopped program inside a system call that malloc does not make? */
static bool in_safe_syscall(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/syscall", pid);
  long nr = -1;
  if (proc_syscall(path, &nr) != 1 || nr < 0)
    return false;
  static const long malloc_makes[] = {SYS_brk,    SYS_mmap,     SYS_munmap,
                                      SYS_mremap, SYS_mprotect, SYS_madvise};
  for (size_t i = 0; i < sizeof malloc_makes / sizeof *malloc_makes; i++)
    if (nr == malloc_makes[i])
      return false;
  return true;
}

/* Stops pid and waits until it is; false if it died or would not stop. */
static bool stop(int pid) {
  if (kill(pid, SIGSTOP) != 0)
    return false;
  for (int i = 0; i < 100; i++) {
    char s = process_state(pid);
    if (s == 'T' || s == 't')
      return true;
    if (s == '?' || s == 'Z' || s == 'X')
      return false;
    nap_ms(2);
  }
  kill(pid, SIGCONT);
  return false;
}

static void wait_for_profile(int pid, const char *dir, int before) {
  for (int waited = 0; waited < 2000; waited += 10) {
    char s = process_state(pid);
    if (vf_each_profile(dir, pid, NULL) > before || s == '?' || s == 'Z')
      return;
    nap_ms(10);
  }
}

/* The signal mask line "name:\t<hex>" of /proc/PID/status, as a mask. */
static unsigned long long status_mask(const char *status, const char *name) {
  const char *at = strstr(status, name);
  return at ? strtoull(at + strlen(name), NULL, 16) : 0;
}

/* Does the program still catch sig (it may have taken it over), and, with a
 * single thread, not block it?  Else asking would only cost the wait. */
static bool would_answer(int pid, int sig) {
  char path[64], status[4096];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  if (proc_read_small(path, status, sizeof status) < 0)
    return false;
  unsigned long long bit = 1ULL << (sig - 1);
  return (status_mask(status, "\nSigCgt:") & bit) &&
         (count_threads(pid) > 1 || !(status_mask(status, "\nSigBlk:") & bit));
}

void vf_ask_last_profile(int pid, const char *dir) {
  if (!would_answer(pid, vf_last_profile_signal()))
    return;
  int before = vf_each_profile(dir, pid, NULL);
  /* A program busy in its own code may reach a system call soon. */
  for (int tries = 0; tries < 10; tries++) {
    if (!stop(pid))
      return;
    /* With threads, the handler only wakes the sampler's writer thread,
     * which is safe wherever the signal lands. */
    bool safe = count_threads(pid) > 1 || in_safe_syscall(pid);
    if (safe)
      kill(pid, vf_last_profile_signal()); /* delivered on SIGCONT, before its code runs */
    kill(pid, SIGCONT);
    if (safe) {
      wait_for_profile(pid, dir, before);
      return;
    }
    nap_ms(20);
  }
}
