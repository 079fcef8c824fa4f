/* waitgroup_imbalance.c - threads started and never joined nor detached on
 * some path, and counts (semaphores, barriers, wait-groups) that do not
 * balance: Go's forgotten goroutine and its unbalanced sync.WaitGroup.
 *
 * This rule owns the thread families (kind thread) and the counters (kind
 * counter); the memory of a thread array stays resource-leak's, and freeing
 * it while its threads run is reported here only. */
#include "check.h"
#include "loop_shape.h"

static void report_thread(const engine_event *ev, check_ctx *ctx) {
  char fix[256];
  const char *hint = check_release_hint(ev);
  const char *h = check_handle(ev);
  if (ev->kind == EV_FREED_UNJOINED) {
    snprintf(fix, sizeof fix, "join the threads with %s before freeing the array", hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "the array '%s' holding the threads started by %s() is freed by %s() before "
                 "they are joined: they can no longer be joined",
                 h, ev->via, ev->detail ? ev->detail : "a call");
  } else if (ev->kind == EV_JOINED_FEWER) {
    snprintf(fix, sizeof fix, "join as many threads as were started");
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "threads in '%s' are %s: the last ones started by %s() are never joined", h,
                 ev->detail, ev->via);
  } else if (ev->partial_start) {
    snprintf(fix, sizeof fix,
             "join (or stop and join) the threads already started with %s before returning", hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "starting a thread into '%s' failed after earlier %s() calls had started "
                 "others: they are never joined nor detached on this path",
                 h, ev->via);
  } else if (ev->thread_array) {
    snprintf(fix, sizeof fix, "join them with %s on this path", hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "threads started into '%s' by %s() are never joined nor detached on this path", h,
                 ev->via);
  } else if (ev->next_iteration || ev->by_overwrite) {
    snprintf(fix, sizeof fix, "keep each thread's handle (an array) and join every one with %s",
             hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "thread '%s' from %s() is overwritten by the next start: only the last thread "
                 "can be joined",
                 h, ev->via);
  } else {
    snprintf(fix, sizeof fix, "join it or detach it with %s on this path", hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "thread '%s' from %s() is never joined nor detached on this path", h, ev->via);
  }
}

void check_waitgroup_imbalance(const engine_event *ev, check_ctx *ctx) {
  if (!check_family_uses(ev, RULE_WAITGROUP_IMBALANCE))
    return;
  const api_model *m = ev->acquire->model;
  if (m->kind == MODEL_THREAD &&
      (ev->kind == EV_LEAK || ev->kind == EV_FREED_UNJOINED || ev->kind == EV_JOINED_FEWER))
    report_thread(ev, ctx);
}
