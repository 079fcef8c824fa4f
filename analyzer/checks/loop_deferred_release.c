/* loop_deferred_release.c - acquired inside a loop, released only after
 * it: the C form of Go's defer in a loop.  Every iteration but the last
 * loses its handle to the next one. */
#include "check.h"
#include "loop_shape.h"

void check_loop_deferred_release(const engine_event *ev, check_ctx *ctx) {
  if (!loop_shape_deferred(ev) || !check_family_uses(ev, RULE_LOOP_DEFERRED_RELEASE))
    return;
  char where[160], fix[256];
  loop_shape_where(ev, where, sizeof where);
  snprintf(fix, sizeof fix,
           "release it with %s at the end of the loop body (and before each continue), or move "
           "the body into a function that releases it",
           check_release_hint(ev));
  check_report(ctx, ev, RULE_LOOP_DEFERRED_RELEASE, fix,
               "%s '%s' from %s() is acquired in every iteration but %s: each iteration but the "
               "last leaks it",
               check_what(ev), check_handle(ev), ev->via, where);
}
