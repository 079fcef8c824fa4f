/* A library's completion object: the wait is here, and the library's
 * users signal it from their own code, which is not analysed with it.
 * No unit defines main(), so the program is not whole and "nothing wakes
 * it" cannot be said: nothing is reported (-v says why).
 *
 *   leaklint --verify testcases/blocked-channel/completion.c
 */
#include <pthread.h>

struct completion {
  pthread_mutex_t mu;
  pthread_cond_t finished; /* the user's code signals it */
  int done;
};

void completion_init(struct completion *c) {
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->finished, NULL);
  c->done = 0;
}

/* Correct here: woken by code outside this library. */
void completion_wait(struct completion *c) {
  pthread_mutex_lock(&c->mu);
  while (!c->done)
    pthread_cond_wait(&c->finished, &c->mu);
  pthread_mutex_unlock(&c->mu);
}
