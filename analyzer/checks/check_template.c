/* check_template.c - how to write a rule, by example.  This file is
 * compiled (so it stays true to the interfaces) but no rule names it.
 *
 * A rule is four things, and none of them touches the walk
 * (engine/walk.c):
 *
 *  1. Models, if the API is new: a JSON file under rules/ says which call acquires,
 *     releases, waits, wakes, adds or sends, where the handle is and what
 *     failure looks like (rules/README.md).  Code names no API function.
 *
 *  2. A domain module, if the rule needs state the walk does not keep
 *     (engine/module.h).  A lock needs "taken twice" and "released while
 *     not held", so engine/lock_module.c registers hooks for keyed
 *     acquisitions and releases; a timer needs "armed to repeat", so
 *     engine/timer_module.c keeps flags of its own per resource
 *     (res.mflags[MODULE_timer]) and handles ACT_ARM.  A module is one
 *     file and one line in engine/module_list.h.  It models and raises
 *     events; it does not decide what is reported.
 *
 *  3. A checker: this function's shape.  It receives every event of
 *     every function (engine.h: engine_event), keeps those of families
 *     that list its rule, and words the finding: what leaks, where it
 *     came from (the engine gives the path), and the fix.  Cross-unit
 *     facts (who wakes a condition, which functions run as threads) are
 *     in ctx->program (program_facts.h).
 *
 *  4. One entry in findings/rule_list.h naming the checker
 *     (LL_CHECKER(name)), a help file rules/help/<rule-id>.md, and
 *     testcases under testcases/<rule-id>/ (testcases/README.md): real
 *     shapes, more correct ones than faulty ones, each faulty line marked
 *     `// expect: <rule-id> "exact message"`.
 *
 * The example below would report resources that leak on an early return
 * taken right after the acquisition was found to succeed. */
#include "check.h"

void check_template(const engine_event *ev, check_ctx *ctx);

void check_template(const engine_event *ev, check_ctx *ctx) {
  /* Only families that list the rule: the models decide what it covers. */
  if (!check_family_uses(ev, RULE_RESOURCE_LEAK))
    return;
  /* Only the events the rule is about. */
  if (ev->kind != EV_LEAK || ev->next_iteration)
    return;
  /* Say what leaks, from which call, and how to fix it; the acquisition
   * note and the path from it are added by check_report. */
  char fix[200];
  snprintf(fix, sizeof fix, "release it with %s before returning", check_release_hint(ev));
  check_report(ctx, ev, RULE_RESOURCE_LEAK, fix, "%s '%s' from %s() is not released on this path",
               check_what(ev), check_handle(ev), ev->via);
}
