/* check_list.c - the checkers the rule list names, and the dispatch of the
 * engine's events to them. */
#include "check.h"

static const check_fn checkers[] = {
#define LL_CHECKER(name) check_##name,
#define LL_CHECK_ENTRY(e, id, sarif_name, checker, ...) checker
    LL_RULE_LIST(LL_CHECK_ENTRY)
#undef LL_CHECK_ENTRY
#undef LL_CHECKER
};

void check_dispatch(const engine_event *ev, void *ctx) {
  for (size_t i = 0; i < sizeof checkers / sizeof checkers[0]; i++)
    checkers[i](ev, ctx);
}
