/* shard_cache.c - a sharded key/value cache: a read-write lock per shard,
 * a spin lock on the hit counters, and lock helpers the callers pair.
 *
 *   leaklint --verify testcases/lock-imbalance/shard_cache.c
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NSHARDS 16
#define SHARD_CAP 256

struct entry {
  uint64_t key;
  void *val;
  size_t len;
};

struct shard {
  pthread_rwlock_t rw;
  pthread_mutex_t mu; /* guards evictions */
  struct entry items[SHARD_CAP];
  int n;
};

struct cache {
  struct shard shards[NSHARDS];
  pthread_spinlock_t stat_lock;
  uint64_t hits, misses;
  pthread_mutex_t cfg_mu;
  size_t max_bytes;
};

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cache *registry[8];

static struct shard *shard_of(struct cache *c, uint64_t key) {
  return &c->shards[key % NSHARDS];
}

/* ---- lock helpers: the callers pair them ---- */

static void registry_lock(void) {
  pthread_mutex_lock(&registry_mu);
}

static void registry_unlock(void) {
  pthread_mutex_unlock(&registry_mu);
}

static void shard_wlock(struct shard *s) {
  pthread_rwlock_wrlock(&s->rw);
}

static void shard_wunlock(struct shard *s) {
  pthread_rwlock_unlock(&s->rw);
}

/* correct: helpers paired on every path */
int registry_add(struct cache *c) {
  registry_lock();
  for (int i = 0; i < 8; i++) {
    if (!registry[i]) {
      registry[i] = c;
      registry_unlock();
      return i;
    }
  }
  registry_unlock();
  return -ENOSPC;
}

/* faulty: the helper's lock is still held on the early return */
int registry_remove(struct cache *c) {
  registry_lock();
  for (int i = 0; i < 8; i++) {
    if (registry[i] == c) {
      registry[i] = NULL;
      return 0; // expect: lock-imbalance
    }
  }
  registry_unlock();
  return -ENOENT;
}

/* correct: parameterised helpers paired */
void cache_clear_shard(struct cache *c, int i) {
  struct shard *s = &c->shards[i];
  shard_wlock(s);
  s->n = 0;
  shard_wunlock(s);
}

/* ---- rwlock ---- */

/* correct: readers share; taking the read lock twice is allowed */
bool cache_contains_both(struct cache *c, uint64_t a, uint64_t b) {
  struct shard *s = &c->shards[0];
  bool fa = false, fb = false;
  pthread_rwlock_rdlock(&s->rw);
  pthread_rwlock_rdlock(&s->rw);
  for (int i = 0; i < s->n; i++) {
    fa |= s->items[i].key == a;
    fb |= s->items[i].key == b;
  }
  pthread_rwlock_unlock(&s->rw);
  pthread_rwlock_unlock(&s->rw);
  return fa && fb;
}

/* correct: read lock released on both paths */
void *cache_get(struct cache *c, uint64_t key, size_t *len) {
  struct shard *s = shard_of(c, key);
  pthread_rwlock_rdlock(&s->rw);
  for (int i = 0; i < s->n; i++) {
    if (s->items[i].key == key) {
      void *v = s->items[i].val;
      *len = s->items[i].len;
      pthread_rwlock_unlock(&s->rw);
      return v;
    }
  }
  pthread_rwlock_unlock(&s->rw);
  return NULL;
}

/* faulty: write lock held on the "shard full" return */
int cache_put(struct cache *c, uint64_t key, void *val, size_t len) {
  struct shard *s = shard_of(c, key);
  pthread_rwlock_wrlock(&s->rw);
  if (s->n == SHARD_CAP)
    return -ENOSPC; // expect: lock-imbalance
  s->items[s->n++] = (struct entry){.key = key, .val = val, .len = len};
  pthread_rwlock_unlock(&s->rw);
  return 0;
}

/* faulty: shard identity by index expression; the error path unlocks
 * nothing for shard i */
int cache_rehash_shard(struct cache *c, int i, size_t limit) {
  pthread_rwlock_wrlock(&c->shards[i].rw);
  if ((size_t)c->shards[i].n > limit)
    return -E2BIG; // expect: lock-imbalance
  pthread_rwlock_unlock(&c->shards[i].rw);
  return 0;
}

/* ---- spin lock on the counters ---- */

/* correct */
void cache_count_hit(struct cache *c, bool hit) {
  pthread_spin_lock(&c->stat_lock);
  if (hit)
    c->hits++;
  else
    c->misses++;
  pthread_spin_unlock(&c->stat_lock);
}

/* faulty: returns with the spin lock held when there were no lookups */
double cache_hit_ratio(struct cache *c) {
  pthread_spin_lock(&c->stat_lock);
  uint64_t total = c->hits + c->misses;
  if (total == 0)
    return 0.0; // expect: lock-imbalance
  double r = (double)c->hits / (double)total;
  pthread_spin_unlock(&c->stat_lock);
  return r;
}

/* ---- trylock ---- */

/* correct: trylock tested, unlocked only when it was taken */
bool cache_try_evict(struct cache *c, uint64_t key) {
  struct shard *s = shard_of(c, key);
  if (pthread_mutex_trylock(&s->mu) == 0) {
    if (s->n > 0)
      s->n--;
    pthread_mutex_unlock(&s->mu);
    return true;
  }
  return false;
}

/* correct: trylock failure returns early */
void cache_shrink(struct cache *c, size_t bytes) {
  if (pthread_mutex_trylock(&c->cfg_mu) != 0)
    return;
  if (c->max_bytes > bytes)
    c->max_bytes -= bytes;
  pthread_mutex_unlock(&c->cfg_mu);
}

/* faulty: the trylock's result is ignored and the unlock runs anyway */
void cache_set_limit(struct cache *c, size_t bytes) {
  pthread_mutex_trylock(&c->cfg_mu);
  c->max_bytes = bytes;
  pthread_mutex_unlock(&c->cfg_mu); // expect: lock-imbalance
}

/* ---- a lock handed to a callee that releases it ---- */

static void finish_and_unlock(struct cache *c, size_t bytes) {
  c->max_bytes = bytes;
  pthread_mutex_unlock(&c->cfg_mu);
}

/* correct: the callee unlocks on the caller's behalf */
void cache_resize(struct cache *c, size_t bytes) {
  pthread_mutex_lock(&c->cfg_mu);
  if (bytes < 4096)
    bytes = 4096;
  finish_and_unlock(c, bytes);
}
