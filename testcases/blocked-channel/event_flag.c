/* A one-shot event and a latch whose waits and wakes go through small
 * helpers that take the condition by pointer, as projects wrap their
 * thread API (nginx's ngx_thread_cond_wait/_signal): the call sites name
 * the condition each helper call waits on or wakes.
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

/* A helper around the wait, as projects wrap their thread API. */
static void cond_sleep(pthread_cond_t *c, pthread_mutex_t *m) {
  pthread_cond_wait(c, m);
}

struct latch {
  pthread_mutex_t mu;
  pthread_cond_t opened; /* woken through cond_wake_all() */
  pthread_cond_t closed; /* never woken */
  int open;
};

/* Correct: waits through the helper, woken through the other helper. */
void latch_wait_open(struct latch *l) {
  pthread_mutex_lock(&l->mu);
  while (!l->open)
    cond_sleep(&l->opened, &l->mu);
  pthread_mutex_unlock(&l->mu);
}

void latch_open(struct latch *l) {
  pthread_mutex_lock(&l->mu);
  l->open = 1;
  cond_wake_all(&l->opened);
  pthread_mutex_unlock(&l->mu);
}

/* Faulty: latch_open() wakes 'opened' only; a waiter for the latch to
 * close sleeps for good. */
void latch_wait_closed(struct latch *l) {
  pthread_mutex_lock(&l->mu);
  while (l->open)
    cond_sleep(&l->closed, &l->mu); // expect: blocked-channel "cond_sleep() waits here on the condition variable 'l->closed', which no function in the program wakes: the wait never returns"
  pthread_mutex_unlock(&l->mu);
}

int main(void) {
  static struct event ev = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
  pthread_t tid;
  if (pthread_create(&tid, NULL, waiter_main, &ev) != 0)
    return 1;
  event_set(&ev);
  return pthread_join(tid, NULL);
}
