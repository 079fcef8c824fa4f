/* posix_timers.c - a job supervisor that arms POSIX timers: a watchdog per
 * worker (owned by the worker struct), a process-wide heartbeat kept in a
 * global, and per-request deadlines that must be deleted on every path.
 *
 *   leaklint --verify testcases/unstopped-timer/posix_timers.c
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct worker {
  int id;
  pid_t pid;
  timer_t watchdog;
  bool armed;
};

struct request {
  int id;
  long budget_ms;
  int (*run)(struct request *);
};

static timer_t heartbeat;
static bool heartbeat_on;

extern int worker_spawn(struct worker *w);
extern void log_error(const char *what, int err);

static void fill_sigevent(struct sigevent *sev, int signo, void *cookie) {
  memset(sev, 0, sizeof *sev);
  sev->sigev_notify = SIGEV_SIGNAL;
  sev->sigev_signo = signo;
  sev->sigev_value.sival_ptr = cookie;
}

static struct itimerspec after_ms(long ms) {
  struct itimerspec its = {0};
  its.it_value.tv_sec = ms / 1000;
  its.it_value.tv_nsec = (ms % 1000) * 1000000L;
  return its;
}

/* ---- correct: the watchdog belongs to the worker; worker_stop deletes it */

int worker_start(struct worker *w, long timeout_ms) {
  struct sigevent sev;
  fill_sigevent(&sev, SIGRTMIN, w);
  if (timer_create(CLOCK_MONOTONIC, &sev, &w->watchdog) != 0)
    return -errno;
  struct itimerspec its = after_ms(timeout_ms);
  if (timer_settime(w->watchdog, 0, &its, NULL) != 0) {
    int err = errno;
    timer_delete(w->watchdog);
    return -err;
  }
  w->armed = true;
  return worker_spawn(w);
}

void worker_stop(struct worker *w) {
  if (w->armed) {
    timer_delete(w->watchdog);
    w->armed = false;
  }
}

/* ---- correct: the heartbeat lives in a global, removed elsewhere */

int heartbeat_start(long period_ms) {
  struct sigevent sev;
  fill_sigevent(&sev, SIGRTMIN + 1, NULL);
  if (timer_create(CLOCK_REALTIME, &sev, &heartbeat) != 0)
    return -1;
  struct itimerspec its = after_ms(period_ms);
  its.it_interval = its.it_value;
  timer_settime(heartbeat, 0, &its, NULL);
  heartbeat_on = true;
  return 0;
}

void heartbeat_stop(void) {
  if (heartbeat_on)
    timer_delete(heartbeat);
  heartbeat_on = false;
}

/* ---- correct: a deadline deleted on every path ---- */

int request_run_with_deadline(struct request *r) {
  timer_t deadline;
  struct sigevent sev;
  fill_sigevent(&sev, SIGALRM, r);
  if (timer_create(CLOCK_MONOTONIC, &sev, &deadline) != 0)
    return -errno;
  struct itimerspec its = after_ms(r->budget_ms);
  if (timer_settime(deadline, 0, &its, NULL) != 0) {
    timer_delete(deadline);
    return -EINVAL;
  }
  int rc = r->run(r);
  timer_delete(deadline);
  return rc;
}

/* ---- correct: goto cleanup deletes it ---- */

int request_probe(struct request *r) {
  timer_t probe;
  int rc = 0;
  struct sigevent sev;
  fill_sigevent(&sev, SIGALRM, r);
  if (timer_create(CLOCK_MONOTONIC, &sev, &probe) != 0)
    return -1;
  struct itimerspec its = after_ms(50);
  if (timer_settime(probe, 0, &its, NULL) != 0) {
    rc = -1;
    goto out;
  }
  rc = r->run(r);
out:
  timer_delete(probe);
  return rc;
}

/* ---- faulty: the arming error path forgets the timer ---- */

int request_run_bounded(struct request *r) {
  timer_t deadline;
  struct sigevent sev;
  fill_sigevent(&sev, SIGALRM, r);
  if (timer_create(CLOCK_MONOTONIC, &sev, &deadline) != 0)
    return -errno;
  struct itimerspec its = after_ms(r->budget_ms);
  if (timer_settime(deadline, 0, &its, NULL) != 0) {
    log_error("timer_settime", errno);
    return -EINVAL; // expect: unstopped-timer
  }
  int rc = r->run(r);
  timer_delete(deadline);
  return rc;
}

/* ---- faulty: a request that fails early leaves its deadline armed ---- */

int request_run_checked(struct request *r) {
  timer_t deadline;
  struct sigevent sev;
  fill_sigevent(&sev, SIGALRM, r);
  if (timer_create(CLOCK_MONOTONIC, &sev, &deadline) != 0)
    return -errno;
  struct itimerspec its = after_ms(r->budget_ms);
  timer_settime(deadline, 0, &its, NULL);
  if (r->budget_ms <= 0)
    return -ETIMEDOUT; // expect: unstopped-timer
  int rc = r->run(r);
  timer_delete(deadline);
  return rc;
}

/* ---- faulty: one timer per request in a loop, none ever deleted ---- */

int requests_run_all(struct request *reqs, int n) {
  int failed = 0;
  for (int i = 0; i < n; i++) {
    timer_t deadline;
    struct sigevent sev;
    fill_sigevent(&sev, SIGALRM, &reqs[i]);
    if (timer_create(CLOCK_MONOTONIC, &sev, &deadline) != 0) // expect: unstopped-timer
      return -1;
    struct itimerspec its = after_ms(reqs[i].budget_ms);
    timer_settime(deadline, 0, &its, NULL);
    if (reqs[i].run(&reqs[i]) != 0)
      failed++;
  }
  return failed;
}

/* ---- faulty: created in every iteration, only the last one deleted ---- */

int requests_run_serial(struct request *reqs, int n) {
  timer_t deadline;
  int created = 0;
  for (int i = 0; i < n; i++) {
    struct sigevent sev;
    fill_sigevent(&sev, SIGALRM, &reqs[i]);
    if (timer_create(CLOCK_MONOTONIC, &sev, &deadline) != 0) // expect: unstopped-timer
      break;
    created = 1;
    struct itimerspec its = after_ms(reqs[i].budget_ms);
    timer_settime(deadline, 0, &its, NULL);
    reqs[i].run(&reqs[i]);
  }
  if (created)
    timer_delete(deadline);
  return 0;
}

/* ---- correct: one timer per iteration, deleted before the next ---- */

int requests_run_each(struct request *reqs, int n) {
  for (int i = 0; i < n; i++) {
    timer_t deadline;
    struct sigevent sev;
    fill_sigevent(&sev, SIGALRM, &reqs[i]);
    if (timer_create(CLOCK_MONOTONIC, &sev, &deadline) != 0)
      return -1;
    struct itimerspec its = after_ms(reqs[i].budget_ms);
    if (timer_settime(deadline, 0, &its, NULL) == 0)
      reqs[i].run(&reqs[i]);
    timer_delete(deadline);
  }
  return 0;
}
