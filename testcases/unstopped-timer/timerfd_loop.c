/* timerfd_loop.c - an epoll event loop whose periodic tasks are timer
 * descriptors.  The loop owns registered timers (closed in loop_destroy);
 * one-off helpers create and close their own.
 *
 *   leaklint --verify testcases/unstopped-timer/timerfd_loop.c
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_TASKS 32

struct task {
  int tfd;
  long period_ms;
  void (*fire)(struct task *);
};

struct loop {
  int epfd;
  struct task tasks[MAX_TASKS];
  int ntasks;
  int tick_fd;
};

static struct itimerspec every_ms(long ms) {
  struct itimerspec its;
  its.it_value.tv_sec = ms / 1000;
  its.it_value.tv_nsec = (ms % 1000) * 1000000L;
  its.it_interval = its.it_value;
  return its;
}

static int watch_fd(int epfd, int fd, void *data) {
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = data};
  return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* correct: the descriptor moves into the task table; loop_destroy closes it */
int loop_add_task(struct loop *l, long period_ms, void (*fire)(struct task *)) {
  if (l->ntasks == MAX_TASKS)
    return -ENOSPC;
  struct task *t = &l->tasks[l->ntasks];
  t->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (t->tfd < 0)
    return -errno;
  struct itimerspec its = every_ms(period_ms);
  if (timerfd_settime(t->tfd, 0, &its, NULL) < 0 || watch_fd(l->epfd, t->tfd, t) < 0) {
    int err = errno;
    close(t->tfd);
    return -err;
  }
  t->period_ms = period_ms;
  t->fire = fire;
  l->ntasks++;
  return 0;
}

void loop_destroy(struct loop *l) {
  for (int i = 0; i < l->ntasks; i++)
    close(l->tasks[i].tfd);
  if (l->tick_fd >= 0)
    close(l->tick_fd);
  close(l->epfd);
}

/* correct: a local timer descriptor stored into the loop before returning */
int loop_start_tick(struct loop *l, long ms) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (fd < 0)
    return -1;
  struct itimerspec its = every_ms(ms);
  if (timerfd_settime(fd, 0, &its, NULL) < 0) {
    close(fd);
    return -1;
  }
  l->tick_fd = fd;
  return 0;
}

/* correct: sleep on a one-shot timer descriptor, closed on every path */
int sleep_on_timerfd(long ms) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (fd < 0)
    return -1;
  struct itimerspec its = every_ms(ms);
  its.it_interval.tv_sec = 0;
  its.it_interval.tv_nsec = 0;
  if (timerfd_settime(fd, 0, &its, NULL) < 0) {
    close(fd);
    return -1;
  }
  uint64_t expirations;
  ssize_t n = read(fd, &expirations, sizeof expirations);
  close(fd);
  return n == (ssize_t)sizeof expirations ? 0 : -1;
}

/* faulty: the epoll registration failure leaks the armed timer */
int loop_add_watchdog(struct loop *l, long ms) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  if (fd < 0)
    return -1;
  struct itimerspec its = every_ms(ms);
  if (timerfd_settime(fd, 0, &its, NULL) < 0) {
    close(fd);
    return -1;
  }
  if (watch_fd(l->epfd, fd, NULL) < 0)
    return -1; // expect: unstopped-timer
  l->tick_fd = fd;
  return 0;
}

/* faulty: each retry creates a fresh timer descriptor; only the last one
 * is closed */
int wait_for_ready(int (*ready)(void), int attempts) {
  int fd = -1;
  for (int i = 0; i < attempts; i++) {
    fd = timerfd_create(CLOCK_MONOTONIC, 0); // expect: unstopped-timer
    if (fd < 0)
      return -1;
    struct itimerspec its = every_ms(100);
    timerfd_settime(fd, 0, &its, NULL);
    uint64_t exp;
    if (read(fd, &exp, sizeof exp) < 0)
      break;
    if (ready())
      break;
  }
  if (fd >= 0)
    close(fd);
  return 0;
}

/* correct: a timer per attempt, closed at the end of each iteration */
int wait_for_ready_fixed(int (*ready)(void), int attempts) {
  for (int i = 0; i < attempts; i++) {
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    if (fd < 0)
      return -1;
    struct itimerspec its = every_ms(100);
    timerfd_settime(fd, 0, &its, NULL);
    uint64_t exp;
    ssize_t n = read(fd, &exp, sizeof exp);
    close(fd);
    if (n < 0)
      return -1;
    if (ready())
      return 0;
  }
  return -1;
}
