/* Scanners that report to their collector through a project's own
 * channel type, declared to leaklint in chan_rules/: each scanner thread
 * sends one result, the collector receives one per scanner.
 *
 * check-flags: --rules chan_rules
 *
 *   leaklint --verify testcases/blocked-channel/scan_results.c
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "chan.h"

struct scan {
  const char *path;
  long bytes;
  chan *results;  /* one message per scan */
  chan *progress; /* polled */
  chan *reports;  /* of the fixed scanner */
  pthread_t tid;
};

static long count_bytes(FILE *f) {
  long n = 0;
  while (fgetc(f) != EOF)
    n++;
  return n;
}

/* Faulty: a file that cannot be opened ends the scan without a send; the
 * collector receives forever. */
static void *scan_main(void *arg) {
  struct scan *s = arg;
  FILE *f = fopen(s->path, "r");
  if (!f)
    return NULL; // expect: blocked-channel
  s->bytes = count_bytes(f);
  fclose(f);
  chan_send(s->results, s);
  chan_send(s->progress, s);
  return NULL;
}

/* Correct: a failure closes the channel, which wakes the receiver. */
static void *scan_fixed_main(void *arg) {
  struct scan *s = arg;
  FILE *f = fopen(s->path, "r");
  if (!f) {
    chan_close(s->reports);
    return NULL;
  }
  s->bytes = count_bytes(f);
  fclose(f);
  chan_send(s->reports, s);
  return NULL;
}

long collect(struct scan *s) {
  if (pthread_create(&s->tid, NULL, scan_main, s) != 0)
    return -1;
  struct scan *done = chan_recv(s->results);
  /* progress is polled with a timeout: a scan that never reports only
   * delays it */
  while (!chan_recv_timeout(s->progress, 100))
    fputs(".", stderr);
  pthread_join(s->tid, NULL);
  return done ? done->bytes : -1;
}

long collect_fixed(struct scan *s) {
  if (pthread_create(&s->tid, NULL, scan_fixed_main, s) != 0)
    return -1;
  struct scan *done = chan_recv(s->reports);
  pthread_join(s->tid, NULL);
  return done ? done->bytes : -1;
}

int main(int argc, char **argv) {
  struct scan s = {.path = argc > 1 ? argv[1] : "/dev/null"};
  s.results = chan_new();
  s.progress = chan_new();
  if (!s.results || !s.progress)
    return 1;
  long n = collect(&s);
  chan_free(s.results);
  chan_free(s.progress);
  return n < 0;
}
