/* rule_ids.c - rule id names. */
#include "rule_ids.h"

#include <string.h>

static const char *const rule_names[RULE_COUNT] = {
#define LL_RULE_NAME(e, id, ...) id,
    LL_RULE_LIST(LL_RULE_NAME)
#undef LL_RULE_NAME
};

const char *rule_id_name(ll_rule_id r) {
  return r < RULE_COUNT ? rule_names[r] : "unknown";
}

ll_rule_id rule_id_lookup(const char *name) {
  for (int r = 0; r < RULE_COUNT; r++)
    if (strcmp(rule_names[r], name) == 0)
      return (ll_rule_id)r;
  return RULE_COUNT;
}
