/* unlink_when_told.c - a helper that drops its caller's lock only when
 * told to and says by its return whether it did, in the shape of curl's
 * thrdpool_unlink(tpool, locked): the last reference frees the pool, and
 * with it the lock, after unlocking it if 'locked'; a caller that gets
 * FALSE back still holds the lock and unlocks it. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct pool {
  pthread_mutex_t lock;
  unsigned refcount;
  bool aborted;
};

static bool pool_unlink(struct pool *pool, bool locked) {
  if (pool->refcount)
    pool->refcount--;
  if (pool->refcount)
    return false;
  if (locked)
    pthread_mutex_unlock(&pool->lock);
  pthread_mutex_destroy(&pool->lock);
  free(pool);
  return true;
}

void pool_destroy(struct pool *pool) {
  pthread_mutex_lock(&pool->lock);
  pool->aborted = true;
  if (!pool_unlink(pool, true)) {
    /* pool not destroyed */
    pthread_mutex_unlock(&pool->lock);
  }
}

struct slot {
  struct pool *pool;
  pthread_t thread;
};

/* The worker names the pool through its slot when it unlinks it. */
void *pool_worker(void *arg) {
  struct slot *slot = arg;
  struct pool *pool = slot->pool;
  pthread_mutex_lock(&pool->lock);
  while (!pool->aborted) {
    pthread_mutex_unlock(&pool->lock);
    pthread_mutex_lock(&pool->lock);
  }
  if (!pool_unlink(slot->pool, true))
    pthread_mutex_unlock(&pool->lock);
  return NULL;
}

/* Not holding the lock, it must not be told it does. */
void pool_release(struct pool *pool) {
  pool_unlink(pool, false);
}

/* Told it holds the lock, the helper drops it only when the pool goes:
 * otherwise the lock is still held when the last put returns. */
void pool_put(struct pool *pool, bool last) {
  pthread_mutex_lock(&pool->lock);
  if (!last) {
    pool->refcount--;
    pthread_mutex_unlock(&pool->lock);
    return;
  }
  pool_unlink(pool, true);
} // expect: lock-imbalance
