/* Background I/O workers, one per job type, reduced from redis's bio.c:
 * the mutexes and conditions are arrays indexed by the worker.
 *
 *   leaklint --verify testcases/blocked-channel/bio_workers.c
 */
#include <pthread.h>
#include <stdlib.h>

enum { BIO_WORKERS = 3 };

struct bio_job {
  struct bio_job *next;
  int type;
};

static pthread_mutex_t bio_mutex[BIO_WORKERS];
static pthread_cond_t bio_newjob_cond[BIO_WORKERS];
static pthread_cond_t bio_done_cond[BIO_WORKERS]; /* meant for bio_wait_done() */
static struct bio_job *bio_jobs[BIO_WORKERS];
static unsigned long bio_pending[BIO_WORKERS];
static pthread_t bio_threads[BIO_WORKERS];

/* Correct: queues a job and signals its worker. */
void bio_submit(int worker, struct bio_job *job) {
  pthread_mutex_lock(&bio_mutex[worker]);
  job->next = bio_jobs[worker];
  bio_jobs[worker] = job;
  bio_pending[worker]++;
  pthread_cond_signal(&bio_newjob_cond[worker]);
  pthread_mutex_unlock(&bio_mutex[worker]);
}

/* Correct: waits in a predicate loop, woken by bio_submit(). */
static void *bio_process(void *arg) {
  int worker = (int)(long)arg;
  pthread_mutex_lock(&bio_mutex[worker]);
  for (;;) {
    while (!bio_jobs[worker])
      pthread_cond_wait(&bio_newjob_cond[worker], &bio_mutex[worker]);
    struct bio_job *job = bio_jobs[worker];
    bio_jobs[worker] = job->next;
    pthread_mutex_unlock(&bio_mutex[worker]);
    free(job);
    pthread_mutex_lock(&bio_mutex[worker]);
    bio_pending[worker]--;
  }
  return NULL;
}

int bio_init(void) {
  for (long i = 0; i < BIO_WORKERS; i++) {
    pthread_mutex_init(&bio_mutex[i], NULL);
    pthread_cond_init(&bio_newjob_cond[i], NULL);
    pthread_cond_init(&bio_done_cond[i], NULL);
    if (pthread_create(&bio_threads[i], NULL, bio_process, (void *)i) != 0)
      return -1;
  }
  return 0;
}

/* Faulty: waits for the worker to finish its jobs on 'bio_done_cond', but
 * bio_process() never signals it (redis's bioDrainWorker polls instead). */
void bio_wait_done(int worker) {
  pthread_mutex_lock(&bio_mutex[worker]);
  while (bio_pending[worker] > 0)
    pthread_cond_wait(&bio_done_cond[worker], &bio_mutex[worker]); // expect: blocked-channel "pthread_cond_wait() waits here on the condition variable 'bio_done_cond', which no function in the program wakes: the wait never returns"
  pthread_mutex_unlock(&bio_mutex[worker]);
}

int main(void) {
  if (bio_init() != 0)
    return 1;
  struct bio_job *job = calloc(1, sizeof *job);
  if (!job)
    return 1;
  bio_submit(0, job);
  bio_wait_done(0);
  return 0;
}
