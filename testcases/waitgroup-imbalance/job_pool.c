/* A job pool whose start joins, through a shutdown function defined in
 * another unit, the workers started before a create failed.
 *
 * check-program: job_pool_shutdown.c
 *
 *   leaklint --verify testcases/waitgroup-imbalance/job_pool.c
 */
#include <stdlib.h>

#include "job_pool.h"

/* Correct: a failed create shuts down (and joins) what started; on
 * success the workers are the pool's, joined by job_pool_destroy(). */
int job_pool_start(struct job_pool *p) {
  for (int i = 0; i < p->nworkers; i++) {
    p->workers[i].pool = p;
    p->workers[i].id = i;
    if (pthread_create(&p->workers[i].tid, NULL, job_pool_worker, &p->workers[i]) != 0) {
      job_pool_shutdown(p, i);
      return -1;
    }
  }
  return 0;
}

void job_pool_destroy(struct job_pool *p) {
  job_pool_shutdown(p, p->nworkers);
  free(p->workers);
  p->workers = NULL;
}

/* Faulty: the same start that forgets the workers already running when a
 * create fails; the caller cannot tell how many there are. */
int job_pool_start_leaky(struct job_pool *p) {
  for (int i = 0; i < p->nworkers; i++) {
    p->workers[i].pool = p;
    if (pthread_create(&p->workers[i].tid, NULL, job_pool_worker, &p->workers[i]) != 0)
      return -1; // expect: waitgroup-imbalance "starting a thread into 'p->workers' failed after earlier pthread_create() calls had started others: they are never joined nor detached on this path"
  }
  return 0;
}

/* Correct: growing the pool by one worker, stored in the pool. */
int job_pool_add_worker(struct job_pool *p, struct worker *w) {
  w->pool = p;
  return pthread_create(&w->tid, NULL, job_pool_worker, w);
}
