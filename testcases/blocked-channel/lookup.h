/* An asynchronous name lookup: a thread resolves, the caller waits on a
 * condition variable for the answer. */
#ifndef LOOKUP_H
#define LOOKUP_H

#include <pthread.h>

struct lookup {
  const char *host;
  char *addr;
  int done;
  pthread_mutex_t mu;
  pthread_cond_t answered; /* signalled by the resolver once done is set */
  pthread_t tid;
};

/* The same with the fixed resolver. */
struct lookup_fixed {
  const char *host;
  char *addr;
  int done;
  pthread_mutex_t mu;
  pthread_cond_t replied;
  pthread_t tid;
};

char *resolve(const char *host);
void *lookup_main(void *arg);
void *lookup_fixed_main(void *arg);

#endif
