/* conn_table.c - a connection table for a small TCP server, guarded by
 * pthread mutexes: one for the table, one per connection.
 *
 * Faulty shapes carry an expect comment on the line the finding belongs
 * to; every other line must stay silent.
 *
 *   leaklint --verify testcases/lock-imbalance/conn_table.c
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONNS 64

struct conn {
  pthread_mutex_t mu;
  int fd;
  int state;
  size_t bytes_in;
  size_t bytes_out;
  char peer[64];
};

struct conn_table {
  pthread_mutex_t mu;
  struct conn *slots[MAX_CONNS];
  int count;
  bool closing;
};

static struct conn_table table = {.mu = PTHREAD_MUTEX_INITIALIZER};
static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long stats_accepted;
static unsigned long stats_rejected;

extern int conn_send(int fd, const void *buf, size_t len);
extern void log_warn(const char *fmt, ...);

static void conn_lock(struct conn *c) {
  pthread_mutex_lock(&c->mu);
}

static void conn_unlock(struct conn *c) {
  pthread_mutex_unlock(&c->mu);
}

/* ---- correct: lock and unlock on all paths ---- */

void stats_count_accept(bool ok) {
  pthread_mutex_lock(&stats_mu);
  if (ok)
    stats_accepted++;
  else
    stats_rejected++;
  pthread_mutex_unlock(&stats_mu);
}

/* ---- correct: unlock before each return ---- */

int table_insert(struct conn *c) {
  pthread_mutex_lock(&table.mu);
  if (table.closing) {
    pthread_mutex_unlock(&table.mu);
    return -ESHUTDOWN;
  }
  for (int i = 0; i < MAX_CONNS; i++) {
    if (!table.slots[i]) {
      table.slots[i] = c;
      table.count++;
      pthread_mutex_unlock(&table.mu);
      return i;
    }
  }
  pthread_mutex_unlock(&table.mu);
  return -ENOSPC;
}

/* ---- faulty: early return with the table lock held ---- */

struct conn *table_remove(int slot) {
  pthread_mutex_lock(&table.mu);
  if (slot < 0 || slot >= MAX_CONNS)
    return NULL; // expect: lock-imbalance
  struct conn *c = table.slots[slot];
  table.slots[slot] = NULL;
  if (c)
    table.count--;
  pthread_mutex_unlock(&table.mu);
  return c;
}

/* ---- correct: goto out with the unlock at the label ---- */

int conn_flush(struct conn *c, const char *buf, size_t len) {
  int rc = 0;
  pthread_mutex_lock(&c->mu);
  if (c->fd < 0) {
    rc = -EBADF;
    goto out;
  }
  if (conn_send(c->fd, buf, len) < 0) {
    rc = -EIO;
    goto out;
  }
  c->bytes_out += len;
out:
  pthread_mutex_unlock(&c->mu);
  return rc;
}

/* ---- faulty: the error path jumps past the unlock ---- */

int conn_set_peer(struct conn *c, const char *peer) {
  int rc = 0;
  pthread_mutex_lock(&c->mu);
  if (strlen(peer) >= sizeof c->peer) {
    rc = -ENAMETOOLONG;
    goto fail;
  }
  strcpy(c->peer, peer);
  pthread_mutex_unlock(&c->mu);
fail:
  return rc; // expect: lock-imbalance
}

/* ---- faulty: break out of a loop that locks each connection ---- */

int table_find_by_fd(int fd) {
  int found = -1;
  for (int i = 0; i < MAX_CONNS; i++) {
    struct conn *c = table.slots[i];
    if (!c)
      continue;
    pthread_mutex_lock(&c->mu);
    if (c->fd == fd) {
      found = i;
      break;
    }
    pthread_mutex_unlock(&c->mu);
  }
  return found; // expect: lock-imbalance
}

/* ---- correct: the same loop, unlocking before the break ---- */

size_t table_bytes_for_fd(int fd) {
  size_t total = 0;
  for (int i = 0; i < MAX_CONNS; i++) {
    struct conn *c = table.slots[i];
    if (!c)
      continue;
    pthread_mutex_lock(&c->mu);
    if (c->fd == fd) {
      total = c->bytes_in + c->bytes_out;
      pthread_mutex_unlock(&c->mu);
      break;
    }
    pthread_mutex_unlock(&c->mu);
  }
  return total;
}

/* ---- faulty: continue skips the unlock, so the next iteration locks the
 * stats mutex a second time (and a 'continue' in the last iteration
 * leaves it held when the function returns) ---- */

void table_tally_states(int *open_count) {
  *open_count = 0;
  for (int i = 0; i < MAX_CONNS; i++) {
    pthread_mutex_lock(&stats_mu); // expect: lock-imbalance
    if (!table.slots[i])
      continue;
    if (table.slots[i]->state == 1)
      (*open_count)++;
    pthread_mutex_unlock(&stats_mu);
  }
} // expect: lock-imbalance

/* ---- faulty: a nested helper path locks the table lock twice ---- */

static void table_mark_closing_locked(void) {
  table.closing = true;
}

void table_shutdown(void) {
  pthread_mutex_lock(&table.mu);
  table_mark_closing_locked();
  if (table.count > 0) {
    pthread_mutex_lock(&table.mu); // expect: lock-imbalance
    log_warn("%d connections still open", table.count);
    pthread_mutex_unlock(&table.mu);
  }
  pthread_mutex_unlock(&table.mu);
}

/* ---- faulty: unlocked twice on the error path ---- */

int conn_account(struct conn *c, size_t n) {
  pthread_mutex_lock(&c->mu);
  if (c->state < 0) {
    pthread_mutex_unlock(&c->mu);
    log_warn("accounting on a dead connection");
  }
  c->bytes_in += n;
  pthread_mutex_unlock(&c->mu); // expect: lock-imbalance
  return 0;
}

/* ---- faulty: unlock on a path that did not lock; 'locked' is
 * reassigned between, so the two tests are not the same condition (and
 * the path that locked may now skip the unlock) ---- */

void conn_touch(struct conn *c, bool locked) {
  if (locked)
    pthread_mutex_lock(&c->mu);
  c->state = 2;
  locked = c->fd >= 0;
  if (locked)
    pthread_mutex_unlock(&c->mu); // expect: lock-imbalance
} // expect: lock-imbalance

/* ---- correct: correlated conditions, 'need' untouched between ---- */

void conn_update_state(struct conn *c, int state, bool need) {
  if (need)
    pthread_mutex_lock(&c->mu);
  c->state = state;
  if (need)
    pthread_mutex_unlock(&c->mu);
}

/* ---- lock identity is the expression: two connections, two locks ---- */

/* correct: each connection's lock released */
void conn_swap_bytes(struct conn *a, struct conn *b) {
  pthread_mutex_lock(&a->mu);
  pthread_mutex_lock(&b->mu);
  size_t t = a->bytes_in;
  a->bytes_in = b->bytes_in;
  b->bytes_in = t;
  pthread_mutex_unlock(&b->mu);
  pthread_mutex_unlock(&a->mu);
}

/* faulty: released the wrong connection's lock on the early return */
int conn_move_bytes(struct conn *from, struct conn *to, size_t n) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  if (from->bytes_in < n) {
    pthread_mutex_unlock(&to->mu);
    return -EINVAL; // expect: lock-imbalance
  }
  from->bytes_in -= n;
  to->bytes_in += n;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
  return 0;
}

/* ---- correct: parameterised helpers paired, early return unlocks ---- */

int conn_reset(struct conn *c) {
  conn_lock(c);
  if (c->fd < 0) {
    conn_unlock(c);
    return -EBADF;
  }
  c->bytes_in = c->bytes_out = 0;
  c->state = 0;
  conn_unlock(c);
  return 0;
}

/* ---- correct: continue inside a loop that holds one lock around it ---- */

int table_count_open(void) {
  int n = 0;
  pthread_mutex_lock(&table.mu);
  for (int i = 0; i < MAX_CONNS; i++) {
    if (!table.slots[i])
      continue;
    if (table.slots[i]->state == 1)
      n++;
  }
  pthread_mutex_unlock(&table.mu);
  return n;
}

/* ---- correct: per-iteration lock, unlocked before the continue ---- */

size_t table_total_bytes(void) {
  size_t total = 0;
  for (int i = 0; i < MAX_CONNS; i++) {
    struct conn *c = table.slots[i];
    if (!c)
      continue;
    pthread_mutex_lock(&c->mu);
    if (c->state < 0) {
      pthread_mutex_unlock(&c->mu);
      continue;
    }
    total += c->bytes_in + c->bytes_out;
    pthread_mutex_unlock(&c->mu);
  }
  return total;
}
