/* lock_imbalance.c - a lock held past a path's end, taken twice, or
 * released where the path does not hold it. */
#include "check.h"

#include <stdlib.h>

#include "util.h"

void check_lock_imbalance(const engine_event *ev, check_ctx *ctx) {
  if (!check_family_uses(ev, RULE_LOCK_IMBALANCE))
    return;
  char fix[256];
  switch (ev->kind) {
  case EV_LEAK: {
    snprintf(fix, sizeof fix, "unlock '%s' with %s before the return at line %u", check_handle(ev),
             check_release_hint(ev), ev->at.line);
    char *code = check_release_call(ev);
    check_report_code(ctx, ev, RULE_LOCK_IMBALANCE, fix, code,
                      "'%s' locked by %s() is still held when the function returns here",
                      check_handle(ev), ev->via);
    free(code);
    break;
  }
  case EV_DOUBLE_ACQUIRE:
    snprintf(fix, sizeof fix,
             "unlock '%s' on every path before it is locked again (line %u took it)",
             check_handle(ev), ev->earlier.line);
    check_report(ctx, ev, RULE_LOCK_IMBALANCE, fix,
                 "'%s' is locked again while this path still holds it (taken at line %u): a "
                 "non-recursive lock deadlocks here",
                 check_handle(ev), ev->earlier.line);
    break;
  case EV_RELEASE_UNHELD:
    if (ev->earlier.line) {
      snprintf(fix, sizeof fix, "remove the second unlock, or lock '%s' again before it",
               check_handle(ev));
      check_report(ctx, ev, RULE_LOCK_IMBALANCE, fix,
                   "'%s' is unlocked again: this path already unlocked it at line %u",
                   check_handle(ev), ev->earlier.line);
    } else {
      snprintf(fix, sizeof fix, "unlock '%s' only on the paths that locked it", check_handle(ev));
      check_report(ctx, ev, RULE_LOCK_IMBALANCE, fix,
                   "'%s' is unlocked on a path that did not lock it", check_handle(ev));
    }
    break;
  case EV_NOT_RETAKEN:
    snprintf(fix, sizeof fix, "lock '%s' again before this return, as the other paths do",
             check_handle(ev));
    check_report(ctx, ev, RULE_LOCK_IMBALANCE, fix,
                 "'%s', held by the caller and released in this function, is not locked again "
                 "before this return",
                 check_handle(ev));
    break;
  case EV_UNCHECKED_RELEASE:
    snprintf(fix, sizeof fix, "test the result of %s() and unlock only when it succeeded", ev->via);
    check_report(ctx, ev, RULE_LOCK_IMBALANCE, fix,
                 "'%s' is unlocked, but whether %s() took it was never checked", check_handle(ev),
                 ev->via);
    break;
  default:
    break;
  }
}
