/* job_pool.h - the pool of job_pool.c and job_pool_shutdown.c. */
#include <pthread.h>

struct worker {
  pthread_t tid;
  struct job_pool *pool;
  int id;
};

struct job_pool {
  pthread_mutex_t mu;
  pthread_cond_t wake;
  struct worker *workers;
  int nworkers;
  int stopping;
};

void *job_pool_worker(void *arg);
void job_pool_shutdown(struct job_pool *p, int started);
