/* The waiting side of an asynchronous lookup; the resolvers are in
 * lookup_resolver.c.
 *
 * check-program: lookup_resolver.c
 *
 *   leaklint --verify testcases/blocked-channel/lookup_wait.c
 */
#include <stdlib.h>

#include "lookup.h"

char *lookup_host(struct lookup *l, const char *host) {
  l->host = host;
  l->done = 0;
  if (pthread_create(&l->tid, NULL, lookup_main, l) != 0)
    return NULL;
  pthread_mutex_lock(&l->mu);
  while (!l->done)
    pthread_cond_wait(&l->answered, &l->mu);
  pthread_mutex_unlock(&l->mu);
  pthread_join(l->tid, NULL);
  return l->addr;
}

char *lookup_host_fixed(struct lookup_fixed *l, const char *host) {
  l->host = host;
  l->done = 0;
  if (pthread_create(&l->tid, NULL, lookup_fixed_main, l) != 0)
    return NULL;
  pthread_mutex_lock(&l->mu);
  while (!l->done)
    pthread_cond_wait(&l->replied, &l->mu);
  pthread_mutex_unlock(&l->mu);
  pthread_join(l->tid, NULL);
  return l->addr;
}

int main(int argc, char **argv) {
  static struct lookup l = {.mu = PTHREAD_MUTEX_INITIALIZER, .answered = PTHREAD_COND_INITIALIZER};
  char *addr = argc > 1 ? lookup_host(&l, argv[1]) : NULL;
  int ok = addr != NULL;
  free(addr);
  return ok ? 0 : 1;
}
