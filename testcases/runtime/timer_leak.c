/* Each connection arms an idle timeout.  The faulty close path forgets to
 * delete the timer, so POSIX timers pile up in the process.
 * Run as `timer_leak leak` or `timer_leak fixed`. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct connection {
  int id;
  timer_t idle;
};

static int connection_open(struct connection *c, int id) {
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_NONE; /* polled, never delivered */
  c->id = id;
  if (timer_create(CLOCK_MONOTONIC, &ev, &c->idle) !=
      0) /* verify[leak]: unstopped-timer confirmed */
    return -1;
  struct itimerspec idle = {{0, 0}, {30, 0}};
  return timer_settime(c->idle, 0, &idle, NULL);
}

static void connection_close(struct connection *c, int stop_timer) {
  if (stop_timer)
    timer_delete(c->idle);
  c->id = -1;
}

static int connection_open_fixed(struct connection *c, int id) {
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_NONE;
  c->id = id;
  if (timer_create(CLOCK_MONOTONIC, &ev, &c->idle) !=
      0) /* verify[fixed]: unstopped-timer not-confirmed */
    return -1;
  struct itimerspec idle = {{0, 0}, {30, 0}};
  return timer_settime(c->idle, 0, &idle, NULL);
}

int main(int argc, char **argv) {
  int leak = argc > 1 && strcmp(argv[1], "leak") == 0;
  int served = 0;
  for (int i = 0; i < 100; i++) {
    struct connection c;
    if ((leak ? connection_open(&c, i) : connection_open_fixed(&c, i)) == 0)
      served++;
    connection_close(&c, !leak);
    usleep(10 * 1000);
  }
  printf("served %d\n", served);
  return 0;
}
