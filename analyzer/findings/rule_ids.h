/* rule_ids.h - the rule enum and ids, from the rule list (rule_list.h). */
#ifndef LEAKLINT_RULE_IDS_H
#define LEAKLINT_RULE_IDS_H

#include "rule_list.h"

typedef enum {
#define LL_RULE_ENUM(e, ...) RULE_##e,
  LL_RULE_LIST(LL_RULE_ENUM)
#undef LL_RULE_ENUM
      RULE_COUNT
} ll_rule_id;

#define RULE_BIT(r) (1u << (r))

/* "resource-leak" for RULE_RESOURCE_LEAK. */
const char *rule_id_name(ll_rule_id r);
/* RULE_COUNT when name is not a rule id. */
ll_rule_id rule_id_lookup(const char *name);

#endif
