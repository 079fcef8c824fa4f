/* reserve_commit.c - a write split in two calls, in the shape of
 * memcached's extstore_write_request() / extstore_write(): the request
 * returns 0 with the page locked ("leaves p locked") and the commit, called
 * after a 0, finds the page again and unlocks it.  Neither names the lock
 * through its parameters, so no summary pairs them: the lock's name does. */
#include <pthread.h>
#include <stdbool.h>

struct page {
  pthread_mutex_t mutex;
  unsigned id, free;
  bool active;
};

struct store {
  pthread_mutex_t mutex;
  struct page *pages;
  struct page **buckets;
  unsigned nbuckets;
};

struct io {
  unsigned page_id, len;
};

int write_request(struct store *e, unsigned bucket, struct io *io) {
  struct page *p;
  int ret = -1;
  if (bucket >= e->nbuckets)
    return ret;
  pthread_mutex_lock(&e->mutex);
  p = e->buckets[bucket];
  pthread_mutex_unlock(&e->mutex);
  if (!p)
    return ret;
  pthread_mutex_lock(&p->mutex);
  if (!p->active) {
    pthread_mutex_unlock(&p->mutex);
    return ret;
  }
  /* hand over the page: leaves p locked */
  if (p->free >= io->len) {
    io->page_id = p->id;
    return 0;
  }
  pthread_mutex_unlock(&p->mutex);
  return ret;
}

/* must be called after a successful write_request */
void write_commit(struct store *e, struct io *io) {
  struct page *p = &e->pages[io->page_id];
  p->free -= io->len;
  pthread_mutex_unlock(&p->mutex);
}

/* No commit unlocks a slot's lock: returning with it held on success is a
 * forgotten unlock. */
struct slot {
  pthread_mutex_t lock;
  int used;
};

int slot_claim(struct slot *slots, int n) {
  for (int i = 0; i < n; i++) {
    struct slot *s = &slots[i];
    pthread_mutex_lock(&s->lock);
    if (!s->used) {
      s->used = 1;
      return 0; // expect: lock-imbalance
    }
    pthread_mutex_unlock(&s->lock);
  }
  return -1;
}
