/* rule_ids.h - the rule families, one line each (an X-macro list, as smatch's
 * check_list.h).  RULE(enum-suffix, "rule-id") */
#ifndef LEAKLINT_RULE_IDS_H
#define LEAKLINT_RULE_IDS_H

#define LL_RULE_LIST(RULE)                                                                         \
  RULE(RETAINED_SUBBUFFER, "retained-subbuffer")                                                   \
  RULE(LOOP_DEFERRED_RELEASE, "loop-deferred-release")                                             \
  RULE(UNSTOPPED_TIMER, "unstopped-timer")                                                         \
  RULE(LOCK_IMBALANCE, "lock-imbalance")                                                           \
  RULE(WAITGROUP_IMBALANCE, "waitgroup-imbalance")                                                 \
  RULE(BLOCKED_CHANNEL, "blocked-channel")                                                         \
  RULE(RESOURCE_LEAK, "resource-leak")

typedef enum {
#define LL_RULE_ENUM(e, id) RULE_##e,
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
