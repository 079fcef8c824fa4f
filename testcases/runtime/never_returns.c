/* A daemon whose event loop never returns from main, interrupted by a timer
 * signal every millisecond.  Its message history grows without bound; the
 * verifier stops it after a timeout, so only periodic profiles can show the
 * growth, and the signals must not disturb the sampler (or the other way). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_tick(int sig) {
  (void)sig;
  ticks++;
}

struct message {
  struct message *next;
  char text[200];
};

static struct message *history;

static void remember(int seq) {
  struct message *m = malloc(sizeof *m); /* verify: resource-leak confirmed */
  if (!m)
    return;
  snprintf(m->text, sizeof m->text, "tick %d seq %d", (int)ticks, seq);
  m->next = history;
  history = m;
}

static void scratch_work(int seq) {
  char *tmp = malloc(512); /* verify: resource-leak not-reproduced */
  if (tmp) {
    snprintf(tmp, 512, "scratch %d", seq);
    free(tmp);
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_tick;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval every_ms = {{0, 1000}, {0, 1000}};
  setitimer(ITIMER_REAL, &every_ms, NULL);
  for (int seq = 0;; seq++) {
    for (int i = 0; i < 20; i++) {
      remember(seq);
      scratch_work(seq);
    }
    usleep(10 * 1000);
  }
}
