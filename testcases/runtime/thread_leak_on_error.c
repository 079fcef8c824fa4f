/* A service restarts its worker pool after each failed start-up.  Start-up
 * fails half way (the third worker's setup fails):
 *   leak   the error path returns without stopping and joining the workers
 *          already started: they block on their condition for good, two
 *          more with each attempt              (waitgroup-imbalance)
 *   fixed  the error path stops them and joins them
 * Threads are not heap memory: the verifier sees them as counts of threads
 * and of threads blocked in a wait. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { WORKERS = 4, ATTEMPTS = 12 };

struct pool {
  pthread_mutex_t mu;
  pthread_cond_t wake;
  int stopping;
  pthread_t tids[WORKERS];
};

static void *worker_main(void *arg) {
  struct pool *p = arg;
  pthread_mutex_lock(&p->mu);
  while (!p->stopping)
    pthread_cond_wait(&p->wake, &p->mu);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

static int setup_worker(int i) {
  return i == 2 ? -1 : 0; /* the third worker's resources are missing */
}

static void pool_stop(struct pool *p, int started) {
  pthread_mutex_lock(&p->mu);
  p->stopping = 1;
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < started; i++)
    pthread_join(p->tids[i], NULL);
}

static int pool_start(struct pool *p, int fixed) {
  for (int i = 0; i < WORKERS; i++) {
    if (setup_worker(i) != 0 ||
        pthread_create(&p->tids[i], NULL, worker_main, p) != 0) { /* verify[leak]: waitgroup-imbalance confirmed */
      if (fixed) /* verify[fixed]: waitgroup-imbalance not-confirmed */
        pool_stop(p, i);
      return -1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  int fixed = argc > 1 && strcmp(argv[1], "fixed") == 0;
  int failures = 0;
  for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
      return 1;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->wake, NULL);
    if (pool_start(p, fixed) != 0) {
      failures++;
      if (fixed)
        free(p); /* its workers are joined; the leaky path cannot free it */
    } else {
      pool_stop(p, WORKERS);
      free(p);
    }
    usleep(60 * 1000);
  }
  printf("%d failed starts\n", failures);
  return 0;
}
