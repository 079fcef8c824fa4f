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
      return -1; // expect: waitgroup-imbalance "the loop starting threads into 'p->workers' fails here after pthread_create() started some: they are never joined nor detached on this path"
  }
  return 0;
}

/* Correct: growing the pool by one worker, stored in the pool. */
int job_pool_add_worker(struct job_pool *p, struct worker *w) {
  w->pool = p;
  return pthread_create(&w->tid, NULL, job_pool_worker, w);
}

static int worker_bind_cpu(struct worker *w, int ncpus) {
  return w->id < ncpus ? 0 : -1;
}

/* Faulty: binding a worker fails after earlier workers started, and the
 * start returns with them running. */
int job_pool_start_pinned(struct job_pool *p, int ncpus) {
  for (int i = 0; i < p->nworkers; i++) {
    p->workers[i].pool = p;
    p->workers[i].id = i;
    if (pthread_create(&p->workers[i].tid, NULL, job_pool_worker, &p->workers[i]) != 0)
      abort();
    if (worker_bind_cpu(&p->workers[i], ncpus) != 0)
      return -1; // expect: waitgroup-imbalance "the loop starting threads into 'p->workers' fails here after pthread_create() started some: they are never joined nor detached on this path"
  }
  return 0;
}

/* Correct: the same failure goes to a label that shuts the pool down. */
int job_pool_start_pinned_fixed(struct job_pool *p, int ncpus) {
  int i;
  for (i = 0; i < p->nworkers; i++) {
    p->workers[i].pool = p;
    p->workers[i].id = i;
    if (pthread_create(&p->workers[i].tid, NULL, job_pool_worker, &p->workers[i]) != 0)
      goto fail;
    if (worker_bind_cpu(&p->workers[i], ncpus) != 0) {
      i++;
      goto fail;
    }
  }
  return 0;
fail:
  job_pool_shutdown(p, i);
  return -1;
}

/* Correct: the pool counts the workers that started, and its destroy joins
 * that many; returning on a failed start leaves them to it. */
int job_pool_start_counted(struct job_pool *p, int *started) {
  *started = 0;
  for (int i = 0; i < p->nworkers; i++) {
    p->workers[i].pool = p;
    if (pthread_create(&p->workers[i].tid, NULL, job_pool_worker, &p->workers[i]) != 0)
      return -1;
    ++*started;
  }
  return 0;
}
