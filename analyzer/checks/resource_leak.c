/* resource_leak.c - a handle not released on some path: the generic case.
 * Reports the engine's leaks of families that list this rule, except those
 * loop_deferred_release explains better, and blocks stranded behind a
 * window while retained-subbuffer runs to say so. */
#include "check.h"
#include "loop_shape.h"

#include <stdlib.h>

void check_resource_leak(const engine_event *ev, check_ctx *ctx) {
  if (ev->kind == EV_LEAK_GUARDED) {
    if (ctx->verbose && check_family_uses(ev, RULE_RESOURCE_LEAK))
      report_add_note(ctx->report, NOTE_INFO, ev->at,
                      "resource-leak: %s '%s' from %s() is not reported here: this path skipped "
                      "its release under the code's own test of when it owns it (a flag set "
                      "beside the acquisition, or a failed call that gave it back)",
                      check_what(ev), check_handle(ev), ev->via);
    return;
  }
  bool stranded_unexplained =
      ev->kind == EV_STRANDED && !(ctx->enabled_rules & RULE_BIT(RULE_RETAINED_SUBBUFFER));
  if ((ev->kind != EV_LEAK && !stranded_unexplained) || !check_family_uses(ev, RULE_RESOURCE_LEAK))
    return;
  if (loop_shape_deferred(ev) && check_family_uses(ev, RULE_LOOP_DEFERRED_RELEASE))
    return;
  /* An array of ids of threads still running: waitgroup-imbalance reports
   * the threads, whose join must come before the free. */
  if (ev->holds_threads && (ctx->enabled_rules & RULE_BIT(RULE_WAITGROUP_IMBALANCE)))
    return;
  const char *what = check_what(ev);
  char fix[256];
  if (ev->realloc_failure) {
    /* the call that failed is the realloc, not the block's allocator */
    const char *mover = ev->realloc_via ? ev->realloc_via : "realloc";
    snprintf(fix, sizeof fix,
             "assign %s()'s result to a temporary and keep the old pointer until it is checked",
             mover);
    check_report(ctx, ev, RULE_RESOURCE_LEAK, fix,
                 "%s '%s' from %s() leaks when %s() fails: the only pointer to it was overwritten",
                 what, check_handle(ev), ev->via, mover);
  } else if (ev->next_iteration) {
    snprintf(fix, sizeof fix, "release it with %s before the next iteration reacquires it",
             check_release_hint(ev));
    check_report(ctx, ev, RULE_RESOURCE_LEAK, fix,
                 "%s '%s' from %s() is lost when the loop comes round again", what,
                 check_handle(ev), ev->via);
  } else if (ev->by_overwrite) {
    snprintf(fix, sizeof fix, "release it with %s before '%s' is reassigned",
             check_release_hint(ev), check_handle(ev));
    check_report(ctx, ev, RULE_RESOURCE_LEAK, fix,
                 "%s '%s' from %s() leaks: its last handle is overwritten here", what,
                 check_handle(ev), ev->via);
  } else {
    snprintf(fix, sizeof fix, "release it with %s on this path", check_release_hint(ev));
    char *code = check_release_call(ev);
    check_report_code(ctx, ev, RULE_RESOURCE_LEAK, fix, code,
                      "%s '%s' from %s() is not released on this path", what, check_handle(ev),
                      ev->via);
    free(code);
  }
}
