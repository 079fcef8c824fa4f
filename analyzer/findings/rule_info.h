/* rule_info.h - what each rule is, for --list-rules and SARIF's rule
 * metadata.  The texts live in rule_info.c, one entry per rule. */
#ifndef LEAKLINT_RULE_INFO_H
#define LEAKLINT_RULE_INFO_H

#include "rule_ids.h"

typedef struct ll_rule_info {
  ll_rule_id rule;
  const char *id;                /* "lock-imbalance" */
  const char *name;              /* SARIF reportingDescriptor.name: "LockImbalance" */
  const char *short_description; /* one line */
  const char *full_description;  /* a paragraph */
  const char *help_markdown;     /* explanation, a bad and a fixed example */
  const char *default_level;     /* "warning" or "error" */
  const char *tags[4];           /* NULL-terminated */
  const char *precision;         /* "high", "medium" (GitHub's property) */
  const char *security_severity; /* NULL: not a security rule */
} ll_rule_info;

const ll_rule_info *rule_info(ll_rule_id r);

#endif
