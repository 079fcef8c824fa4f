/* Locks handed across function boundaries on purpose, as memcached and
 * libuv do: none of these is a finding.  The faulty shapes below them
 * forget an unlock on one path of an otherwise balanced function. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>

static pthread_mutex_t crawler_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t item_locks[16];
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int stop_crawler;
static unsigned stats_count;

void crawl_one(void);

/* Correct: runs with crawler_lock held by its caller, and lets go of it
 * around the slow part. */
void crawler_body(void) {
  while (!stop_crawler) {
    pthread_mutex_unlock(&crawler_lock);
    crawl_one();
    usleep(1000);
    pthread_mutex_lock(&crawler_lock);
  }
}

/* Correct: returns the lock it took; the caller unlocks it. */
pthread_mutex_t *item_trylock(unsigned hv) {
  pthread_mutex_t *lock = &item_locks[hv & 15];
  if (pthread_mutex_trylock(lock) == 0)
    return lock;
  return NULL;
}

enum pause_what { PAUSE_ALL, RESUME_ALL };

/* Correct: one call locks, a later call unlocks (a pause/resume pair). */
void pause_stats(enum pause_what what) {
  switch (what) {
  case PAUSE_ALL:
    pthread_mutex_lock(&stats_lock);
    break;
  case RESUME_ALL:
    pthread_mutex_unlock(&stats_lock);
    break;
  }
}

/* Correct: a write through a parameter between lock and unlock. */
unsigned stats_peek(bool *was_empty) {
  pthread_mutex_lock(&big_lock);
  unsigned n = stats_count;
  if (was_empty != NULL)
    *was_empty = n == 0;
  pthread_mutex_unlock(&big_lock);
  return n;
}

/* Faulty: balanced on the normal path, held on the early return. */
int stats_add(unsigned n) {
  pthread_mutex_lock(&big_lock);
  if (n > 1000)
    return -1; // expect: lock-imbalance
  stats_count += n;
  pthread_mutex_unlock(&big_lock);
  return 0;
}

/* Faulty: the caller's lock is dropped and not taken back on the early
 * return. */
int crawler_step(int budget) {
  pthread_mutex_unlock(&crawler_lock);
  crawl_one();
  if (budget <= 0)
    return 0; // expect: lock-imbalance
  pthread_mutex_lock(&crawler_lock);
  pthread_mutex_unlock(&crawler_lock);
  pthread_mutex_lock(&crawler_lock);
  return budget - 1;
}
