/* A background download whose result comes back through a pipe. */
#ifndef FETCH_H
#define FETCH_H

#include <pthread.h>
#include <stddef.h>

struct fetch {
  const char *url;
  char *body;
  size_t len;
  int done[2]; /* the worker writes its status on done[1] */
  pthread_t tid;
};

/* The same, with the status pipe of the fixed worker. */
struct fetch_fixed {
  const char *url;
  char *body;
  size_t len;
  int status_pipe[2];
  pthread_t tid;
};

int download(const char *url, char **body, size_t *len);

void *fetch_main(void *arg);
void *fetch_fixed_main(void *arg);
int fetch_wait(struct fetch *f);
int fetch_fixed_wait(struct fetch_fixed *f);

#endif
