/* The other unit of job_pool.c: shutting the pool down joins the workers
 * that started.
 *
 * check-program: job_pool.c
 */
#include "job_pool.h"

void *job_pool_worker(void *arg) {
  struct worker *w = arg;
  struct job_pool *p = w->pool;
  pthread_mutex_lock(&p->mu);
  while (!p->stopping)
    pthread_cond_wait(&p->wake, &p->mu);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

void job_pool_shutdown(struct job_pool *p, int started) {
  pthread_mutex_lock(&p->mu);
  p->stopping = 1;
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < started; i++)
    pthread_join(p->workers[i].tid, NULL);
}
