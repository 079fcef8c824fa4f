/* caller_lock_by_flag.c - a teardown helper told by a flag whether its
 * caller holds the lock, in the shape of curl's thrdq_unlink(tqueue,
 * locked, join): it drops the caller's lock around a join, takes it back,
 * and drops it for good before destroying it.  Every path that touches the
 * lock unlocks it first: it is the caller's, though the CFG, ignoring that
 * 'locked' is one value, has a way that locks first. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct queue {
  pthread_mutex_t lock;
  pthread_t worker;
  bool has_worker;
  bool aborted;
};

static void queue_unlink(struct queue *q, bool locked) {
  if (q->has_worker) {
    if (locked)
      pthread_mutex_unlock(&q->lock);
    pthread_join(q->worker, NULL);
    q->has_worker = false;
    if (locked)
      pthread_mutex_lock(&q->lock);
  }
  if (locked)
    pthread_mutex_unlock(&q->lock);
  pthread_mutex_destroy(&q->lock);
  free(q);
}

void queue_destroy(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  q->aborted = true;
  queue_unlink(q, true);
}

void queue_abort_create(struct queue *q) {
  q->aborted = true;
  queue_unlink(q, false);
}

/* An error path that unlocks what it never locked, beside a path that
 * locks first: a slip. */
int queue_push(struct queue *q, int item) {
  if (item < 0)
    goto out;
  pthread_mutex_lock(&q->lock);
  q->aborted = item == 0;
out:
  pthread_mutex_unlock(&q->lock); // expect: lock-imbalance
  return item;
}
