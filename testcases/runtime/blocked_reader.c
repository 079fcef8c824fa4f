/* Background downloads report their status through a pipe that a waiter
 * thread reads (testcases/blocked-channel/fetch_worker.c, run):
 *   leak   a failed download returns before writing its status, and the
 *          write end stays open: the waiter blocks in read() for good,
 *          one more with each failure                 (blocked-channel)
 *   fixed  every path writes its status
 * Threads are not heap memory: the verifier sees them as counts of threads
 * and of threads blocked in a wait. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REQUESTS = 12 };

struct fetch {
  int done[2]; /* the worker writes its status on done[1] */
  int id;
  int fixed;
};

static int download(int id) {
  return id % 3 == 2 ? -1 : 0; /* every third server is down */
}

static void *fetch_main(void *arg) {
  struct fetch *f = arg;
  int status = 0;
  if (download(f->id) != 0) {
    status = -1;
    if (!f->fixed)
      return NULL; /* verify[leak]: blocked-channel confirmed */
  }
  if (write(f->done[1], &status, sizeof status) != sizeof status)
    abort();
  return NULL;
}

static void *waiter_main(void *arg) {
  struct fetch *f = arg;
  int status = -1;
  ssize_t n = read(f->done[0], &status, sizeof status);
  if (n == sizeof status && status != 0)
    fprintf(stderr, "request %d failed\n", f->id);
  close(f->done[0]);
  close(f->done[1]);
  free(f);
  return NULL;
}

int main(int argc, char **argv) {
  int fixed = argc > 1 && strcmp(argv[1], "fixed") == 0;
  for (int i = 0; i < REQUESTS; i++) {
    struct fetch *f = calloc(1, sizeof *f);
    pthread_t worker, waiter;
    if (!f || pipe(f->done) != 0)
      return 1;
    f->id = i;
    f->fixed = fixed;
    if (pthread_create(&waiter, NULL, waiter_main, f) != 0 || /* verify[fixed]: blocked-channel not-confirmed */
        pthread_create(&worker, NULL, fetch_main, f) != 0)
      return 1;
    pthread_detach(waiter);
    pthread_detach(worker);
    usleep(60 * 1000);
  }
  usleep(100 * 1000);
  printf("%d requests\n", REQUESTS);
  return 0;
}
