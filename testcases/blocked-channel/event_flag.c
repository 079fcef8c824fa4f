/* A one-shot event: waiters sleep until it is set.  The wake goes through
 * a small helper that takes the condition by pointer, so any condition
 * variable of the program may be the one it wakes: nothing is reported.
 *
 *   leaklint --verify testcases/blocked-channel/event_flag.c
 */
#include <pthread.h>

struct event {
  pthread_mutex_t mu;
  pthread_cond_t set_cond;
  int set;
};

static void cond_wake_all(pthread_cond_t *c) {
  pthread_cond_broadcast(c);
}

/* Correct: sets the predicate, then wakes through the helper. */
void event_set(struct event *ev) {
  pthread_mutex_lock(&ev->mu);
  ev->set = 1;
  cond_wake_all(&ev->set_cond);
  pthread_mutex_unlock(&ev->mu);
}

/* Correct: a predicate loop, woken by event_set(). */
void event_wait(struct event *ev) {
  pthread_mutex_lock(&ev->mu);
  while (!ev->set)
    pthread_cond_wait(&ev->set_cond, &ev->mu);
  pthread_mutex_unlock(&ev->mu);
}

/* Correct: a waiter thread of the event. */
static void *waiter_main(void *arg) {
  event_wait(arg);
  return NULL;
}

int event_spawn_waiter(struct event *ev, pthread_t *tid) {
  return pthread_create(tid, NULL, waiter_main, ev);
}
