/* Fetching a batch of URLs with one thread each and a library wait-group
 * (a model given with --rules): Go's WaitGroup mistakes in C.
 *
 * check-flags: --rules wg_rules
 *
 *   leaklint --verify testcases/waitgroup-imbalance/fetch_batch.c
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "task_group.h"

struct fetch {
  const char *url;
  struct task_group *group;
  int status;
};

static int download(struct fetch *f) {
  return strncmp(f->url, "http", 4) == 0 ? 200 : -1;
}

/* Faulty: an early return skips the done, and tg_wait() never returns. */
static void *fetch_main(void *arg) {
  struct fetch *f = arg;
  if (!f->url)
    return NULL; // expect: waitgroup-imbalance "'fetch_main' runs as a thread (started by pthread_create() at line 141) and returns here without tg_done() on 'f->group': whoever waits for it waits forever"
  f->status = download(f);
  tg_done(f->group);
  return NULL;
}

/* Correct: every path goes through the done. */
static void *fetch_checked_main(void *arg) {
  struct fetch *f = arg;
  if (!f->url)
    goto done;
  f->status = download(f);
  if (f->status < 0)
    fprintf(stderr, "fetch %s failed\n", f->url);
done:
  tg_done(f->group);
  return NULL;
}

/* Faulty: the thread adds itself, so the waiter may find the count at 0
 * before it runs (the wg.Add race). */
static void *fetch_self_adding_main(void *arg) {
  struct fetch *f = arg;
  tg_add(f->group, 1); // expect: waitgroup-imbalance "tg_add() adds to 'f->group' inside 'fetch_self_adding_main', which runs as a thread (started by pthread_create() at line 89): a waiter may see the count before the add"
  f->status = download(f);
  tg_done(f->group);
  return NULL;
}

/* Faulty: done twice on the error path. */
static void *fetch_retry_main(void *arg) {
  struct fetch *f = arg;
  f->status = download(f);
  if (f->status < 0) {
    tg_done(f->group);
    fprintf(stderr, "giving up on %s\n", f->url);
  }
  tg_done(f->group); // expect: waitgroup-imbalance "tg_done() is called on 'f->group' a second time on this path: the count drops below what was added and a waiter returns early"
  return NULL;
}

/* Correct: added once per thread, in the creator, before the start; a
 * start that fails takes its count back. */
int fetch_all(struct task_group *g, struct fetch *f, int n) {
  for (int i = 0; i < n; i++) {
    pthread_t t;
    f[i].group = g;
    tg_add(g, 1);
    if (pthread_create(&t, NULL, fetch_checked_main, &f[i]) != 0) {
      tg_done(g);
      continue;
    }
    pthread_detach(t);
  }
  tg_wait(g);
  return 0;
}

/* The self-adding fetcher, started detached. */
int fetch_later(struct fetch *f) {
  pthread_t t;
  if (pthread_create(&t, NULL, fetch_self_adding_main, f) != 0)
    return -1;
  return pthread_detach(t);
}

/* A counting probe: its group is its argument. */
static void *probe_main(void *arg) {
  struct task_group *g = arg;
  fprintf(stderr, "probe\n");
  tg_done(g);
  return NULL;
}

/* Faulty: three added, but only two probes will ever call done. */
int probe_pair_miscounted(struct task_group *g) {
  pthread_t t0, t1;
  tg_add(g, 3);
  if (pthread_create(&t0, NULL, probe_main, g) != 0)
    return -1;
  if (pthread_create(&t1, NULL, probe_main, g) != 0) {
    pthread_join(t0, NULL);
    return -1;
  }
  tg_wait(g); // expect: waitgroup-imbalance "task group 'g' is waited on with 3 added, 2 done on this path: the wait never returns"
  pthread_join(t0, NULL);
  pthread_join(t1, NULL);
  return 0;
}

/* Correct: the same with the count right, and the creator's own share. */
int probe_pair(struct task_group *g) {
  pthread_t t0, t1;
  tg_add(g, 3);
  if (pthread_create(&t0, NULL, probe_main, g) != 0)
    return -1;
  if (pthread_create(&t1, NULL, probe_main, g) != 0) {
    pthread_join(t0, NULL);
    return -1;
  }
  tg_done(g);
  tg_wait(g);
  pthread_join(t0, NULL);
  pthread_join(t1, NULL);
  return 0;
}

/* Correct: the fetchers' group is inside their argument; the count is
 * not in sight, so it is not judged. */
int fetch_two(struct task_group *g, struct fetch f[2]) {
  pthread_t t[2];
  tg_add(g, 2);
  f[0].group = f[1].group = g;
  if (pthread_create(&t[0], NULL, fetch_main, &f[0]) != 0)
    return -1;
  if (pthread_create(&t[1], NULL, fetch_retry_main, &f[1]) != 0) {
    pthread_join(t[0], NULL);
    return -1;
  }
  tg_wait(g);
  pthread_join(t[0], NULL);
  pthread_join(t[1], NULL);
  return 0;
}

struct crawler {
  struct task_group *pending;  /* fetches in flight: fetch_all adds to it */
  struct task_group *indexing; /* nothing ever adds to it */
};

/* Faulty: waits on a group no code adds to. */
void crawler_drain(struct crawler *c) {
  tg_wait(c->indexing); // expect: waitgroup-imbalance "tg_wait() waits on 'c->indexing', which nothing in the program adds to"
}

void crawler_add_pending(struct crawler *c, int n) {
  tg_add(c->pending, n);
}

/* Correct: waits on the group fetches add to. */
void crawler_wait_pending(struct crawler *c) {
  tg_wait(c->pending);
}
