/* A wait-group the project writes itself, over a mutex, a condition
 * variable and a counter field: leaklint infers wg_add (the count raised
 * under the lock, by the amount parameter), wg_done (lowered under the
 * lock, with a broadcast) and wg_wait (a wait in a loop testing the count)
 * from their bodies.
 *
 *   leaklint --verify testcases/waitgroup-imbalance/project_wait_group.c
 */
#include <pthread.h>
#include <stdio.h>

struct wait_group {
  pthread_mutex_t mu;
  pthread_cond_t zero;
  int count;
};

void wg_add(struct wait_group *wg, int n) {
  pthread_mutex_lock(&wg->mu);
  wg->count += n;
  pthread_mutex_unlock(&wg->mu);
}

void wg_done(struct wait_group *wg) {
  pthread_mutex_lock(&wg->mu);
  wg->count--;
  if (wg->count == 0)
    pthread_cond_broadcast(&wg->zero);
  pthread_mutex_unlock(&wg->mu);
}

void wg_wait(struct wait_group *wg) {
  pthread_mutex_lock(&wg->mu);
  while (wg->count > 0)
    pthread_cond_wait(&wg->zero, &wg->mu);
  pthread_mutex_unlock(&wg->mu);
}

struct chunk {
  struct wait_group *wg;
  const char *data;
  long sum;
};

/* Faulty: an empty chunk returns before the done. */
static void *sum_main(void *arg) {
  struct chunk *c = arg;
  if (!c->data)
    return NULL; // expect: waitgroup-imbalance "'sum_main' runs as a thread (started by pthread_create() at line 94) and returns here without wg_done() on 'c->wg': whoever waits for it waits forever"
  for (const char *p = c->data; *p; p++)
    c->sum += *p;
  wg_done(c->wg);
  return NULL;
}

/* Correct: the done is on every path. */
static void *checked_sum_main(void *arg) {
  struct chunk *c = arg;
  if (c->data)
    for (const char *p = c->data; *p; p++)
      c->sum += *p;
  wg_done(c->wg);
  return NULL;
}

/* A counting helper whose group is its argument. */
static void *tick_main(void *arg) {
  struct wait_group *wg = arg;
  fprintf(stderr, "tick\n");
  wg_done(wg);
  return NULL;
}

/* Correct: one add per thread, before its start; a failed start takes its
 * count back. */
int sum_chunks(struct wait_group *wg, struct chunk *c, int n) {
  for (int i = 0; i < n; i++) {
    pthread_t t;
    c[i].wg = wg;
    wg_add(wg, 1);
    if (pthread_create(&t, NULL, checked_sum_main, &c[i]) != 0) {
      wg_done(wg);
      continue;
    }
    pthread_detach(t);
  }
  wg_wait(wg);
  return 0;
}

int sum_chunk_async(struct chunk *c) {
  pthread_t t;
  wg_add(c->wg, 1);
  if (pthread_create(&t, NULL, sum_main, c) != 0) {
    wg_done(c->wg);
    return -1;
  }
  return pthread_detach(t);
}

/* Faulty: two added, one tick. */
int tick_once(struct wait_group *wg) {
  pthread_t t;
  wg_add(wg, 2);
  if (pthread_create(&t, NULL, tick_main, wg) != 0)
    return -1;
  wg_wait(wg); // expect: waitgroup-imbalance "wait-group 'wg' is waited on with 2 added, 1 done on this path: the wait never returns"
  return pthread_join(t, NULL);
}

/* Correct: two added, two ticks. */
int tick_twice(struct wait_group *wg) {
  pthread_t a, b;
  wg_add(wg, 2);
  if (pthread_create(&a, NULL, tick_main, wg) != 0)
    return -1;
  if (pthread_create(&b, NULL, tick_main, wg) != 0) {
    wg_done(wg);
    wg_wait(wg);
    return pthread_join(a, NULL);
  }
  wg_wait(wg);
  pthread_join(a, NULL);
  return pthread_join(b, NULL);
}
