/* The worker half of a background download: the thread that fetches and
 * writes its status into a pipe that fetch_wait() (fetch_start.c) reads.
 *
 * check-program: fetch_start.c
 *
 *   leaklint --verify testcases/blocked-channel/fetch_worker.c
 */
#include <stdlib.h>
#include <unistd.h>

#include "fetch.h"

/* Faulty: a failed download returns before the status is written, and
 * the write end stays open (the creator holds it too), so fetch_wait()
 * blocks in read() forever. */
void *fetch_main(void *arg) {
  struct fetch *f = arg;
  if (download(f->url, &f->body, &f->len) != 0)
    return NULL; // expect: blocked-channel "'fetch_main' runs as a thread (started by pthread_create() at fetch_start.c:24) and returns here without write() on 'f->done[1]', which it calls on other paths: 'fetch_wait' waits on it with read() at fetch_start.c:35 and nothing else wakes it"
  int status = 0;
  if (write(f->done[1], &status, sizeof status) != sizeof status)
    abort();
  return NULL;
}

/* Correct: every path reports, the failure too. */
void *fetch_fixed_main(void *arg) {
  struct fetch_fixed *f = arg;
  int status = download(f->url, &f->body, &f->len) == 0 ? 0 : -1;
  if (status != 0) {
    free(f->body);
    f->body = NULL;
    goto out;
  }
  if (f->len == 0)
    status = 1;
out:
  if (write(f->status_pipe[1], &status, sizeof status) != sizeof status)
    abort();
  return NULL;
}
