/* The waiting half of a background download (the worker is in
 * fetch_worker.c): start a fetch, then block until its status arrives.
 *
 * check-program: fetch_worker.c
 *
 *   leaklint --verify testcases/blocked-channel/fetch_start.c
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "fetch.h"

int download(const char *url, char **body, size_t *len) {
  *body = NULL;
  *len = 0;
  return url ? 0 : -1;
}

int fetch_start(struct fetch *f, const char *url) {
  f->url = url;
  if (pipe(f->done) != 0)
    return -1;
  if (pthread_create(&f->tid, NULL, fetch_main, f) != 0) {
    close(f->done[0]);
    close(f->done[1]);
    return -1;
  }
  return 0;
}

int fetch_wait(struct fetch *f) {
  int status = -1;
  /* blocks until the worker writes; fetch_main() may never do */
  ssize_t n = read(f->done[0], &status, sizeof status);
  pthread_join(f->tid, NULL);
  close(f->done[0]);
  close(f->done[1]);
  return n == sizeof status ? status : -1;
}

int fetch_fixed_start(struct fetch_fixed *f, const char *url) {
  f->url = url;
  if (pipe(f->status_pipe) != 0)
    return -1;
  if (pthread_create(&f->tid, NULL, fetch_fixed_main, f) != 0) {
    close(f->status_pipe[0]);
    close(f->status_pipe[1]);
    return -1;
  }
  return 0;
}

/* Correct: the fixed worker writes on every path. */
int fetch_fixed_wait(struct fetch_fixed *f) {
  int status = -1;
  ssize_t n = read(f->status_pipe[0], &status, sizeof status);
  pthread_join(f->tid, NULL);
  close(f->status_pipe[0]);
  close(f->status_pipe[1]);
  return n == sizeof status ? status : -1;
}

int main(int argc, char **argv) {
  struct fetch f = {0};
  if (argc < 2 || fetch_start(&f, argv[1]) != 0)
    return 1;
  int status = fetch_wait(&f);
  free(f.body);
  return status == 0 ? 0 : 1;
}
