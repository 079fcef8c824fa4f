/* A simulation stepping in phases: workers meet at a barrier whose count
 * must be the number of parties that wait on it; a start-up handshake over
 * a semaphore that each worker posts once it is ready.
 *
 *   leaklint --verify testcases/waitgroup-imbalance/phase_barrier.c
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

struct sim {
  pthread_barrier_t step;
  sem_t ready;
  double *cells;
  int ncells;
};

/* Each stepper is one party of sim->step. */
static void *stepper_main(void *arg) {
  pthread_barrier_t *step = arg;
  pthread_barrier_wait(step);
  return NULL;
}

/* Correct: two steppers and the creator: three parties, count three. */
int sim_step_twice(struct sim *s) {
  pthread_t a, b;
  if (pthread_barrier_init(&s->step, NULL, 3) != 0)
    return -1;
  if (pthread_create(&a, NULL, stepper_main, &s->step) != 0)
    return -1;
  if (pthread_create(&b, NULL, stepper_main, &s->step) != 0) {
    pthread_join(a, NULL);
    return -1;
  }
  pthread_barrier_wait(&s->step);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_barrier_destroy(&s->step);
  return 0;
}

/* Faulty: counts the creator twice; the barrier never opens. */
int sim_step_miscounted(struct sim *s) {
  pthread_t a, b;
  if (pthread_barrier_init(&s->step, NULL, 4) != 0)
    return -1;
  if (pthread_create(&a, NULL, stepper_main, &s->step) != 0)
    return -1;
  if (pthread_create(&b, NULL, stepper_main, &s->step) != 0) {
    pthread_join(a, NULL);
    return -1;
  }
  pthread_barrier_wait(&s->step); // expect: waitgroup-imbalance "barrier 's->step' counts 4 parties but 3 wait on it on this path: the waiters block forever"
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_barrier_destroy(&s->step);
  return 0;
}

/* Correct: parties started in a loop are not counted; nothing is said. */
int sim_step_n(struct sim *s, int n) {
  pthread_t t[8];
  if (n > 8 || pthread_barrier_init(&s->step, NULL, (unsigned)n + 1) != 0)
    return -1;
  for (int i = 0; i < n; i++)
    if (pthread_create(&t[i], NULL, stepper_main, &s->step) != 0)
      abort(); /* the barrier could never open */
  pthread_barrier_wait(&s->step);
  for (int i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  return 0;
}

/* Faulty: a worker that fails to set up returns without posting, and the
 * creator waits on s->ready forever. */
static void *loader_main(void *arg) {
  struct sim *s = arg;
  if (!s->cells) {
    fprintf(stderr, "no cells\n");
    return NULL; // expect: waitgroup-imbalance "'loader_main' runs as a thread (started by pthread_create() at line 106) and returns here without sem_post() on 's->ready': whoever waits for it waits forever"
  }
  for (int i = 0; i < s->ncells; i++)
    s->cells[i] = 0;
  sem_post(&s->ready);
  return NULL;
}

/* Correct: posts on every path, the failure in a field. */
static void *checked_loader_main(void *arg) {
  struct sim *s = arg;
  if (s->cells)
    for (int i = 0; i < s->ncells; i++)
      s->cells[i] = 0;
  else
    s->ncells = -1;
  sem_post(&s->ready);
  return NULL;
}

int sim_load(struct sim *s) {
  pthread_t t;
  if (sem_init(&s->ready, 0, 0) != 0)
    return -1;
  if (pthread_create(&t, NULL, loader_main, s) != 0)
    return -1;
  sem_wait(&s->ready);
  pthread_join(t, NULL);
  sem_destroy(&s->ready);
  return 0;
}

int sim_load_checked(struct sim *s) {
  pthread_t t;
  if (sem_init(&s->ready, 0, 0) != 0)
    return -1;
  if (pthread_create(&t, NULL, checked_loader_main, s) != 0)
    return -1;
  sem_wait(&s->ready);
  pthread_join(t, NULL);
  sem_destroy(&s->ready);
  return s->ncells < 0 ? -1 : 0;
}
