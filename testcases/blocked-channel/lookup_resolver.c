/* The resolver threads of an asynchronous lookup; the waiting side is
 * lookup_wait.c.
 *
 * check-program: lookup_wait.c
 *
 *   leaklint --verify testcases/blocked-channel/lookup_resolver.c
 */
#include <stdlib.h>
#include <string.h>

#include "lookup.h"

char *resolve(const char *host) {
  return host && *host ? strdup("127.0.0.1") : NULL;
}

/* Faulty: a failed resolve returns without setting done and signalling;
 * lookup_wait() sleeps in its predicate loop forever. */
void *lookup_main(void *arg) {
  struct lookup *l = arg;
  char *addr = resolve(l->host);
  if (!addr)
    return NULL; // expect: blocked-channel
  pthread_mutex_lock(&l->mu);
  l->addr = addr;
  l->done = 1;
  pthread_cond_signal(&l->answered);
  pthread_mutex_unlock(&l->mu);
  return NULL;
}

/* Correct: every path sets done and signals, a failure with no address. */
void *lookup_fixed_main(void *arg) {
  struct lookup_fixed *l = arg;
  char *addr = resolve(l->host);
  pthread_mutex_lock(&l->mu);
  l->addr = addr;
  l->done = 1;
  pthread_cond_signal(&l->replied);
  pthread_mutex_unlock(&l->mu);
  return NULL;
}
