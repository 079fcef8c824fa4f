/* job_queue_glib.c - a worker pool's job queue on GLib locks: a GMutex on
 * the queue, a GRecMutex on the pool (its methods call each other), and a
 * GRWLock on the configuration.
 *
 *   leaklint --verify testcases/lock-imbalance/job_queue_glib.c
 */
#include <glib.h>

typedef struct job {
  struct job *next;
  void (*run)(void *);
  void *arg;
  int priority;
} Job;

typedef struct {
  GMutex lock;
  GCond cond;
  Job *head, *tail;
  guint length;
  gboolean stopping;
} JobQueue;

typedef struct {
  GRecMutex lock;
  JobQueue queue;
  guint nworkers;
  guint busy;
  GRWLock cfg_lock;
  guint max_length;
} Pool;

/* correct: push releases the lock on both paths */
gboolean job_queue_push(JobQueue *q, Job *j) {
  g_mutex_lock(&q->lock);
  if (q->stopping) {
    g_mutex_unlock(&q->lock);
    return FALSE;
  }
  j->next = NULL;
  if (q->tail)
    q->tail->next = j;
  else
    q->head = j;
  q->tail = j;
  q->length++;
  g_cond_signal(&q->cond);
  g_mutex_unlock(&q->lock);
  return TRUE;
}

/* faulty: returns NULL with the queue locked once the queue is stopping */
Job *job_queue_pop(JobQueue *q) {
  g_mutex_lock(&q->lock);
  while (!q->head) {
    if (q->stopping)
      return NULL; // expect: lock-imbalance
    g_cond_wait(&q->cond, &q->lock);
  }
  Job *j = q->head;
  q->head = j->next;
  if (!q->head)
    q->tail = NULL;
  q->length--;
  g_mutex_unlock(&q->lock);
  return j;
}

/* faulty: locks the queue again while holding it (GMutex is not
 * recursive) */
guint job_queue_drain(JobQueue *q, void (*drop)(Job *)) {
  guint n = 0;
  g_mutex_lock(&q->lock);
  while (q->head) {
    Job *j = q->head;
    q->head = j->next;
    drop(j);
    n++;
  }
  q->tail = NULL;
  g_mutex_lock(&q->lock); // expect: lock-imbalance
  q->length = 0;
  g_mutex_unlock(&q->lock);
  return n;
}

/* correct: checked trylock (TRUE when taken) */
gboolean job_queue_try_stop(JobQueue *q) {
  if (!g_mutex_trylock(&q->lock))
    return FALSE;
  q->stopping = TRUE;
  g_cond_broadcast(&q->cond);
  g_mutex_unlock(&q->lock);
  return TRUE;
}

/* faulty: unlocks whether or not the trylock took the lock */
void job_queue_poke(JobQueue *q) {
  g_mutex_trylock(&q->lock);
  g_cond_broadcast(&q->cond);
  g_mutex_unlock(&q->lock); // expect: lock-imbalance
}

/* ---- the pool: a recursive mutex, so nested methods may re-lock ---- */

static void pool_mark_busy(Pool *p, gint delta) {
  g_rec_mutex_lock(&p->lock);
  p->busy += delta;
  g_rec_mutex_unlock(&p->lock);
}

/* correct: the recursive mutex taken twice on one path, released twice */
void pool_start_job(Pool *p, Job *j) {
  g_rec_mutex_lock(&p->lock);
  if (p->nworkers > 0) {
    g_rec_mutex_lock(&p->lock);
    p->busy++;
    g_rec_mutex_unlock(&p->lock);
  }
  job_queue_push(&p->queue, j);
  g_rec_mutex_unlock(&p->lock);
}

/* correct: calls a method that takes the same recursive lock */
void pool_finish_job(Pool *p) {
  g_rec_mutex_lock(&p->lock);
  pool_mark_busy(p, -1);
  g_rec_mutex_unlock(&p->lock);
}

/* faulty: the recursive lock is still held on the error return */
gboolean pool_resize(Pool *p, guint nworkers) {
  g_rec_mutex_lock(&p->lock);
  if (nworkers == 0 || nworkers > 64)
    return FALSE; // expect: lock-imbalance
  p->nworkers = nworkers;
  g_rec_mutex_unlock(&p->lock);
  return TRUE;
}

/* ---- configuration under a GRWLock ---- */

/* correct: readers release */
guint pool_max_length(Pool *p) {
  g_rw_lock_reader_lock(&p->cfg_lock);
  guint m = p->max_length;
  g_rw_lock_reader_unlock(&p->cfg_lock);
  return m;
}

/* faulty: writer lock kept on the validation failure */
gboolean pool_set_max_length(Pool *p, guint max) {
  g_rw_lock_writer_lock(&p->cfg_lock);
  if (max < p->queue.length)
    return FALSE; // expect: lock-imbalance
  p->max_length = max;
  g_rw_lock_writer_unlock(&p->cfg_lock);
  return TRUE;
}

/* correct: a loop that takes and releases the writer lock per item */
void pool_apply_limits(Pool **pools, guint n, guint max) {
  for (guint i = 0; i < n; i++) {
    g_rw_lock_writer_lock(&pools[i]->cfg_lock);
    if (pools[i]->max_length > max) {
      pools[i]->max_length = max;
      g_rw_lock_writer_unlock(&pools[i]->cfg_lock);
      continue;
    }
    g_rw_lock_writer_unlock(&pools[i]->cfg_lock);
  }
}
