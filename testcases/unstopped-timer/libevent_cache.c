/* libevent_cache.c - expiry and refresh timers for a small cache daemon on
 * libevent: an expiry sweep owned by the cache, per-entry refresh timers,
 * and one-shot delays.
 *
 *   leaklint --verify testcases/unstopped-timer/libevent_cache.c
 */
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

struct cache_entry {
  char key[64];
  void *value;
  struct event *refresh;
  struct cache_entry *next;
};

struct cache {
  struct event_base *base;
  struct event *sweep;
  struct cache_entry *entries;
  int nentries;
};

extern int cache_fetch(struct cache_entry *e);
extern void cache_expire_old(struct cache *c);

static void on_sweep(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  cache_expire_old(arg);
}

static void on_refresh(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  cache_fetch(arg);
}

/* ---- correct: the sweep timer is owned by the cache; cache_free deletes
 * and frees it ---- */

int cache_start_sweep(struct cache *c, long secs) {
  struct timeval tv = {secs, 0};
  c->sweep = event_new(c->base, -1, EV_PERSIST, on_sweep, c);
  if (!c->sweep)
    return -1;
  if (event_add(c->sweep, &tv) != 0) {
    event_free(c->sweep);
    c->sweep = NULL;
    return -1;
  }
  return 0;
}

void cache_free(struct cache *c) {
  if (c->sweep) {
    event_del(c->sweep);
    event_free(c->sweep);
  }
  for (struct cache_entry *e = c->entries, *next; e; e = next) {
    next = e->next;
    if (e->refresh)
      event_free(e->refresh);
    free(e);
  }
  free(c);
}

/* ---- correct: a local timer moved into the entry once it is armed ---- */

int cache_entry_schedule_refresh(struct cache *c, struct cache_entry *e, long secs) {
  struct timeval tv = {secs, 0};
  struct event *ev = evtimer_new(c->base, on_refresh, e);
  if (!ev)
    return -1;
  if (evtimer_add(ev, &tv) != 0) {
    event_free(ev);
    return -1;
  }
  e->refresh = ev;
  return 0;
}

/* ---- correct: a local one-shot delay freed on every path ---- */

static void on_delay(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  *(int *)arg = 1;
}

int cache_wait(struct cache *c, long ms) {
  int fired = 0;
  struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
  struct event *delay = evtimer_new(c->base, on_delay, &fired);
  if (!delay)
    return -1;
  if (evtimer_add(delay, &tv) != 0) {
    event_free(delay);
    return -1;
  }
  while (!fired)
    if (event_base_loop(c->base, EVLOOP_ONCE) < 0)
      break;
  event_del(delay);
  event_free(delay);
  return fired ? 0 : -1;
}

/* ---- faulty: the add failure returns without freeing the timer ---- */

int cache_wait_quick(struct cache *c, long ms) {
  int fired = 0;
  struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
  struct event *delay = evtimer_new(c->base, on_delay, &fired);
  if (!delay)
    return -1;
  if (evtimer_add(delay, &tv) != 0)
    return -1; // expect: unstopped-timer
  event_base_loop(c->base, EVLOOP_ONCE);
  event_free(delay);
  return fired ? 0 : -1;
}

/* ---- faulty: a persistent refresh timer per entry, never kept or freed */

void cache_refresh_all(struct cache *c, long secs) {
  struct timeval tv = {secs, 0};
  for (struct cache_entry *e = c->entries; e; e = e->next) {
    struct event *ev = event_new(c->base, -1, EV_PERSIST, on_refresh, e); // expect: unstopped-timer
    if (!ev)
      continue;
    event_add(ev, &tv);
  }
}

/* ---- faulty: a fresh timer per entry, only the last freed after the
 * loop ---- */

int cache_prefetch(struct cache *c) {
  struct event *ev = NULL;
  struct timeval now = {0, 0};
  for (struct cache_entry *e = c->entries; e; e = e->next) {
    ev = evtimer_new(c->base, on_refresh, e); // expect: unstopped-timer
    if (!ev)
      return -1;
    evtimer_add(ev, &now);
  }
  event_base_loop(c->base, EVLOOP_NONBLOCK);
  if (ev)
    event_free(ev);
  return 0;
}
