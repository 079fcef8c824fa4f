/* unstopped_timer.c - timers created or armed and never stopped: the C
 * form of an unstopped time.Ticker, and of time.After in a loop. */
#include "check.h"
#include "loop_shape.h"

void check_unstopped_timer(const engine_event *ev, check_ctx *ctx) {
  if (!check_family_uses(ev, RULE_UNSTOPPED_TIMER))
    return;
  char fix[256];
  snprintf(fix, sizeof fix, "stop or delete it with %s on every path", check_release_hint(ev));
  if (ev->kind == EV_LEAK && ev->repeating && !ev->next_iteration &&
      ev->at.line == ev->acquired_at.line && ev->at.col == ev->acquired_at.col) {
    snprintf(fix, sizeof fix,
             "keep the id and remove it with %s when done, or have the callback return its "
             "stop value (0) when it should stop",
             check_release_hint(ev));
    check_report(ctx, ev, RULE_UNSTOPPED_TIMER, fix,
                 "repeating timer from %s() can never be stopped: its id is discarded and its "
                 "callback always asks to run again",
                 ev->via);
  } else if (ev->kind == EV_LEAK && ev->repeating && !ev->next_iteration) {
    check_report(ctx, ev, RULE_UNSTOPPED_TIMER, fix,
                 "repeating timer '%s' from %s() is never stopped on this path: it fires until "
                 "the program ends",
                 check_handle(ev), ev->via);
  } else if (ev->kind == EV_LEAK && ev->next_iteration) {
    char where[160];
    if (loop_shape_deferred(ev))
      loop_shape_where(ev, where, sizeof where);
    else
      snprintf(where, sizeof where, "never deleted");
    check_report(ctx, ev, RULE_UNSTOPPED_TIMER, fix,
                 "a fresh timer '%s' is created by %s() in every iteration and %s",
                 check_handle(ev), ev->via, where);
  } else if (ev->kind == EV_LEAK) {
    check_report(ctx, ev, RULE_UNSTOPPED_TIMER, fix,
                 "timer '%s' created by %s() is never stopped or deleted on this path",
                 check_handle(ev), ev->via);
  }
}
