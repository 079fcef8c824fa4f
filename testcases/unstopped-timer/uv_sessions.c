/* uv_sessions.c - session timeouts for a libuv TCP server: an idle timer
 * inside each session (closed with the session), a keep-alive heartbeat,
 * and one-shot delayed retries that close themselves.
 *
 *   leaklint --verify testcases/unstopped-timer/uv_sessions.c
 */
#include <stdlib.h>
#include <uv.h>

struct session {
  uv_tcp_t tcp;
  uv_timer_t idle;
  uint64_t idle_ms;
  int closing;
};

struct retry {
  uv_timer_t timer;
  struct session *s;
  int attempt;
};

struct server {
  uv_loop_t *loop;
  uv_timer_t stats;
  struct session **sessions;
  int nsessions;
};

extern void session_reconnect(struct session *s, int attempt);
extern void server_log_stats(struct server *srv);

static void on_handle_closed(uv_handle_t *h) {
  free(h->data);
}

static void on_idle(uv_timer_t *t) {
  struct session *s = t->data;
  s->closing = 1;
}

static void on_stats(uv_timer_t *t) {
  server_log_stats(t->data);
}

static void on_retry(uv_timer_t *t) {
  struct retry *r = t->data;
  session_reconnect(r->s, r->attempt);
  uv_close((uv_handle_t *)t, on_handle_closed);
}

/* ---- correct: the idle timer lives in the session; session_close stops
 * and closes it ---- */

int session_init(uv_loop_t *loop, struct session *s, uint64_t idle_ms) {
  int rc = uv_timer_init(loop, &s->idle);
  if (rc != 0)
    return rc;
  s->idle.data = s;
  s->idle_ms = idle_ms;
  return uv_timer_start(&s->idle, on_idle, idle_ms, 0);
}

void session_touch(struct session *s) {
  uv_timer_again(&s->idle);
}

void session_close(struct session *s) {
  uv_timer_stop(&s->idle);
  uv_close((uv_handle_t *)&s->idle, NULL);
  uv_close((uv_handle_t *)&s->tcp, NULL);
}

/* ---- correct: the stats timer repeats but belongs to the server; the
 * shutdown path closes it ---- */

int server_start_stats(struct server *srv, uint64_t every_ms) {
  uv_timer_init(srv->loop, &srv->stats);
  srv->stats.data = srv;
  return uv_timer_start(&srv->stats, on_stats, every_ms, every_ms);
}

void server_shutdown(struct server *srv) {
  uv_timer_stop(&srv->stats);
  uv_close((uv_handle_t *)&srv->stats, NULL);
}

/* ---- correct: a one-shot retry (repeat 0) whose callback closes it ---- */

int session_schedule_retry(uv_loop_t *loop, struct session *s, int attempt) {
  struct retry *r = malloc(sizeof *r);
  if (!r)
    return UV_ENOMEM;
  r->s = s;
  r->attempt = attempt;
  uv_timer_init(loop, &r->timer);
  r->timer.data = r;
  return uv_timer_start(&r->timer, on_retry, 100u << attempt, 0);
}

/* ---- correct: a local timer bounding a nested loop run, closed on every
 * path ---- */

static void on_deadline(uv_timer_t *t) {
  uv_stop(t->loop);
}

int server_drain(struct server *srv, uint64_t budget_ms) {
  uv_timer_t deadline;
  if (uv_timer_init(srv->loop, &deadline) != 0)
    return -1;
  if (uv_timer_start(&deadline, on_deadline, budget_ms, 0) != 0) {
    uv_close((uv_handle_t *)&deadline, NULL);
    return -1;
  }
  uv_run(srv->loop, UV_RUN_DEFAULT);
  uv_timer_stop(&deadline);
  uv_close((uv_handle_t *)&deadline, NULL);
  uv_run(srv->loop, UV_RUN_NOWAIT);
  return 0;
}

/* ---- faulty: a failed start returns with the local timer still
 * registered with the loop ---- */

int server_drain_quick(struct server *srv, uint64_t budget_ms) {
  uv_timer_t deadline;
  if (uv_timer_init(srv->loop, &deadline) != 0)
    return -1;
  if (uv_timer_start(&deadline, on_deadline, budget_ms, 0) != 0)
    return -1; // expect: unstopped-timer
  uv_run(srv->loop, UV_RUN_DEFAULT);
  uv_close((uv_handle_t *)&deadline, NULL);
  uv_run(srv->loop, UV_RUN_NOWAIT);
  return 0;
}

/* ---- faulty: a heartbeat that repeats every second and whose handle
 * nobody keeps: nothing can ever stop it, or free its memory ---- */

static void on_heartbeat(uv_timer_t *t) {
  server_log_stats(t->data);
}

int server_start_heartbeat(struct server *srv) {
  uv_timer_t *hb = malloc(sizeof *hb);
  if (!hb)
    return UV_ENOMEM;
  uv_timer_init(srv->loop, hb);
  hb->data = srv;
  uv_timer_start(hb, on_heartbeat, 1000, 1000);
  return 0; // expect: unstopped-timer
  /* (the block itself belongs to the loop once initialised: uv_close's
   * callback frees it, so the timer is the one finding) */
}

/* ---- faulty: a repeating probe per session, the handles (and their
 * memory) dropped each iteration ---- */

static void on_probe(uv_timer_t *t) {
  struct session *s = t->data;
  if (s->closing)
    uv_timer_stop(t);
}

void server_probe_all(struct server *srv) {
  for (int i = 0; i < srv->nsessions; i++) {
    uv_timer_t *probe = malloc(sizeof *probe); // expect: unstopped-timer
    if (!probe)
      return;
    uv_timer_init(srv->loop, probe);
    probe->data = srv->sessions[i];
    uv_timer_start(probe, on_probe, 500, 500);
  }
}
