/* A job queue served by worker threads: workers wait for jobs on a
 * condition variable, the queue's owner waits for it to drain.  Reduced
 * from the usual thread-pool shape (curl's thrdpool, nginx's thread pool).
 *
 *   leaklint --verify testcases/blocked-channel/job_queue.c
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct job {
  struct job *next;
  void (*run)(void *);
  void *arg;
};

struct job_queue {
  pthread_mutex_t mu;
  pthread_cond_t not_empty; /* a job arrived, or shutdown */
  pthread_cond_t drained;   /* the last job finished */
  pthread_cond_t idle;      /* polled with a timeout */
  pthread_cond_t reap;      /* meant to wake the reaper */
  pthread_cond_t progress;  /* a job finished */
  struct job *head;
  int pending;
  int shutdown;
  pthread_t workers[4];
  pthread_t reaper;
};

/* Correct: a push signals the workers' condition. */
int queue_push(struct job_queue *q, void (*run)(void *), void *arg) {
  struct job *j = malloc(sizeof *j);
  if (!j)
    return -1;
  j->run = run;
  j->arg = arg;
  pthread_mutex_lock(&q->mu);
  j->next = q->head;
  q->head = j;
  q->pending++;
  pthread_cond_signal(&q->not_empty);
  pthread_mutex_unlock(&q->mu);
  return 0;
}

/* Correct: waits in a predicate loop, woken by queue_push() and by the
 * shutdown broadcast. */
static void *worker_main(void *arg) {
  struct job_queue *q = arg;
  for (;;) {
    pthread_mutex_lock(&q->mu);
    while (!q->head && !q->shutdown)
      pthread_cond_wait(&q->not_empty, &q->mu);
    if (q->shutdown) {
      pthread_mutex_unlock(&q->mu);
      return NULL;
    }
    struct job *j = q->head;
    q->head = j->next;
    pthread_mutex_unlock(&q->mu);
    j->run(j->arg);
    free(j);
    pthread_mutex_lock(&q->mu);
    q->pending--;
    pthread_cond_broadcast(&q->progress);
    pthread_mutex_unlock(&q->mu);
  }
}

int queue_start(struct job_queue *q) {
  int i;
  for (i = 0; i < 4; i++)
    if (pthread_create(&q->workers[i], NULL, worker_main, q) != 0)
      goto fail;
  return 0;
fail:
  pthread_mutex_lock(&q->mu);
  q->shutdown = 1;
  pthread_cond_broadcast(&q->not_empty);
  pthread_mutex_unlock(&q->mu);
  while (i-- > 0)
    pthread_join(q->workers[i], NULL);
  return -1;
}

/* Correct: waits for the count to fall below a mark; every finished job
 * broadcasts 'progress'.  The worker's shutdown exit broadcasts nothing,
 * but it is a server's last exit, not a job's early return. */
void queue_wait_below(struct job_queue *q, int mark) {
  pthread_mutex_lock(&q->mu);
  while (q->pending >= mark)
    pthread_cond_wait(&q->progress, &q->mu);
  pthread_mutex_unlock(&q->mu);
}

/* Correct: the shutdown sets the flag and broadcasts. */
void queue_stop(struct job_queue *q) {
  pthread_mutex_lock(&q->mu);
  q->shutdown = 1;
  pthread_cond_broadcast(&q->not_empty);
  pthread_mutex_unlock(&q->mu);
  for (int i = 0; i < 4; i++)
    pthread_join(q->workers[i], NULL);
}

/* Faulty: waits for the queue to drain, but the workers only count the
 * jobs down; nothing ever signals 'drained', so this never returns while
 * a job is pending. */
void queue_drain(struct job_queue *q) {
  pthread_mutex_lock(&q->mu);
  while (q->pending > 0)
    pthread_cond_wait(&q->drained, &q->mu); // expect: blocked-channel "pthread_cond_wait() waits here on the condition variable 'q->drained', which no function in the program wakes: the wait never returns"
  pthread_mutex_unlock(&q->mu);
}

/* Correct: nothing signals 'idle' either, but the wait returns when its
 * timeout expires and the loop polls the count. */
int queue_wait_idle(struct job_queue *q, const struct timespec *deadline) {
  int rc = 0;
  pthread_mutex_lock(&q->mu);
  while (q->pending > 0 && rc == 0)
    rc = pthread_cond_timedwait(&q->idle, &q->mu, deadline);
  pthread_mutex_unlock(&q->mu);
  return rc;
}

/* Faulty: a reaper thread that frees finished jobs when told to; nothing
 * in the program ever signals 'reap', so it sleeps for good. */
static void *reaper_main(void *arg) {
  struct job_queue *q = arg;
  pthread_mutex_lock(&q->mu);
  while (!q->shutdown)
    pthread_cond_wait(&q->reap, &q->mu); // expect: blocked-channel "'reaper_main' runs as a thread (started by pthread_create() at line 140) and waits here with pthread_cond_wait() on the condition variable 'q->reap', which no function in the program wakes: the thread blocks forever"
  pthread_mutex_unlock(&q->mu);
  return NULL;
}

int queue_start_reaper(struct job_queue *q) {
  return pthread_create(&q->reaper, NULL, reaper_main, q);
}

static void count_job(void *arg) {
  ++*(int *)arg;
}

/* The program: a pool that runs a job and stops (queue_drain() is for
 * the embedding server). */
int main(void) {
  static struct job_queue q;
  static int done;
  pthread_mutex_init(&q.mu, NULL);
  pthread_cond_init(&q.not_empty, NULL);
  pthread_cond_init(&q.drained, NULL);
  if (queue_start(&q) != 0 || queue_start_reaper(&q) != 0)
    return 1;
  if (queue_push(&q, count_job, &done) != 0)
    return 1;
  queue_stop(&q);
  return done == 1 ? 0 : 1;
}
