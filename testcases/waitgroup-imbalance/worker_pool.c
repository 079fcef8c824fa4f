/* A worker pool whose start-up fails half way: the first specification of
 * waitgroup-imbalance, landed before its checker.
 *
 *   leaklint --verify testcases/waitgroup-imbalance/worker_pool.c
 */
#include <pthread.h>
#include <stdlib.h>

struct pool {
  pthread_t *tids;
  int nworkers;
  int stopping;
};

static void *worker_main(void *arg) {
  struct pool *p = arg;
  while (!__atomic_load_n(&p->stopping, __ATOMIC_ACQUIRE))
    ;
  return NULL;
}

/* Faulty: the ids are dropped, so no worker is ever joined nor detached. */
int pool_start_detached_by_accident(struct pool *p) {
  for (int i = 0; i < p->nworkers; i++) {
    pthread_t tid;
    if (pthread_create(&tid, NULL, worker_main, p) != 0) // expect: waitgroup-imbalance
      return -1;
  }
  return 0;
}

/* Correct: the workers started before a failure are joined. */
static void pool_stop(struct pool *p, int started) {
  __atomic_store_n(&p->stopping, 1, __ATOMIC_RELEASE);
  for (int i = 0; i < started; i++)
    pthread_join(p->tids[i], NULL);
}

int pool_start(struct pool *p) {
  for (int i = 0; i < p->nworkers; i++) {
    if (pthread_create(&p->tids[i], NULL, worker_main, p) != 0) {
      pool_stop(p, i);
      return -1;
    }
  }
  return 0;
}

/* Correct: a thread nobody waits for is detached. */
int start_reaper(struct pool *p) {
  pthread_t tid;
  if (pthread_create(&tid, NULL, worker_main, p) != 0)
    return -1;
  pthread_detach(tid);
  return 0;
}
