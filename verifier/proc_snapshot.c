/* proc_snapshot.c - leaks that are not memory: descriptors, threads, POSIX
 * timers, and threads parked in a wait, read from /proc/self.
 *
 * Runs inside the profiled program with ll_thread.in_hook set (opendir
 * allocates), and opens everything O_CLOEXEC so a concurrent exec in another
 * thread does not inherit our descriptors. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc_fields.h"
#include "sampler_internal.h"

static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d)
    return -1;
  int n = 0, self = dirfd(d);
  struct dirent *e;
  while ((e = readdir(d)))
    if (e->d_name[0] != '.' && atoi(e->d_name) != self)
      n++;
  closedir(d);
  return n;
}

/* Each POSIX timer is one "ID:" line in /proc/self/timers. */
static int count_timers(void) {
  int fd = open("/proc/self/timers", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  char buf[4096];
  int n = 0, at_line_start = 1;
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) > 0)
    for (ssize_t i = 0; i < got; i++) {
      if (at_line_start && i + 2 < got && memcmp(buf + i, "ID:", 3) == 0)
        n++;
      at_line_start = buf[i] == '\n';
    }
  close(fd);
  return n;
}

/* Waits a leaked worker typically sits in: locks, condition variables, joins
 * (futex), pipes and sockets, polls; a producer stranded on a full pipe or
 * socket sleeps in its write. */
static const char *wait_name(long nr) {
  switch (nr) {
  case SYS_futex:
    return "futex";
  case SYS_read:
    return "read";
  case SYS_recvfrom:
    return "recvfrom";
  case SYS_recvmsg:
    return "recvmsg";
  case SYS_write:
    return "write";
  case SYS_sendto:
    return "sendto";
  case SYS_poll:
    return "poll";
  case SYS_ppoll:
    return "ppoll";
  case SYS_select:
    return "select";
  case SYS_pselect6:
    return "pselect6";
  case SYS_epoll_wait:
    return "epoll_wait";
  case SYS_epoll_pwait:
    return "epoll_pwait";
  case SYS_pause:
    return "pause";
  case SYS_rt_sigtimedwait:
    return "sigtimedwait";
  case SYS_rt_sigsuspend:
    return "sigsuspend";
  case SYS_wait4:
    return "wait4";
  case SYS_accept:
    return "accept";
  case SYS_accept4:
    return "accept4";
  default:
    return NULL;
  }
}

static char task_state(const char *tid) {
  char path[300];
  snprintf(path, sizeof path, "/proc/self/task/%s/stat", tid);
  return proc_state(path);
}

/* Which wait the thread is blocked in, or NULL when it is not blocked. */
static const char *task_wait(const char *tid, char state, char *syscall_out, size_t cap) {
  char path[300];
  snprintf(path, sizeof path, "/proc/self/task/%s/syscall", tid);
  long nr = -1;
  int in = proc_syscall(path, &nr);
  snprintf(syscall_out, cap, in < 0 ? "?" : "running");
  if (in <= 0)
    return NULL;
  const char *name = wait_name(nr);
  snprintf(syscall_out, cap, "%s", name ? name : "other");
  return state == 'S' || state == 'D' ? name : NULL;
}

static void count_tasks(ll_proc_counts *out, pid_t exclude_tid,
                        void (*detail)(void *ctx, const char *line), void *ctx) {
  DIR *d = opendir("/proc/self/task");
  if (!d)
    return;
  out->threads = out->blocked = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || atoi(e->d_name) == exclude_tid)
      continue;
    out->threads++;
    char state = task_state(e->d_name), sc[32];
    if (task_wait(e->d_name, state, sc, sizeof sc))
      out->blocked++;
    if (detail) {
      char line[320];
      snprintf(line, sizeof line, "task %s state=%c syscall=%s", e->d_name, state, sc);
      detail(ctx, line);
    }
  }
  closedir(d);
}

void ll_proc_count(ll_proc_counts *out, pid_t exclude_tid,
                   void (*detail)(void *ctx, const char *line), void *ctx) {
  out->fds = count_fds();
  out->timers = count_timers();
  out->threads = out->blocked = -1;
  count_tasks(out, exclude_tid, detail, ctx);
}
