/* spawn_wrapper.c - a wrapper that returns pthread_create()'s result: its
 * callers' test of that result is the create's own failure test, so the
 * failure branch has no thread to join. */
#include <pthread.h>
#include <stdio.h>

void *worker_main(void *arg);

static int spawn_worker(pthread_t *t, void *arg) {
  return pthread_create(t, NULL, worker_main, arg);
}

/* Correct: a failed spawn started nothing. */
int run_one(void *arg) {
  pthread_t t;
  if (spawn_worker(&t, arg) != 0) {
    perror("spawn_worker");
    return -1;
  }
  pthread_join(t, NULL);
  return 0;
}

/* Faulty: the second spawn's failure forgets the first thread. */
int run_two(void *a, void *b) {
  pthread_t first, second;
  if (spawn_worker(&first, a) != 0)
    return -1;
  if (spawn_worker(&second, b) != 0)
    return -1; // expect: waitgroup-imbalance "thread 'first' from spawn_worker() is never joined nor detached on this path"
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  return 0;
}
