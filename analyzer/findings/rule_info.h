/* rule_info.h - what each rule is, for --list-rules, SARIF's rule metadata
 * and `leaklint verify`.  Every field comes from the rule list
 * (rule_list.h) and the rule's help file (rules/help/<rule-id>.md). */
#ifndef LEAKLINT_RULE_INFO_H
#define LEAKLINT_RULE_INFO_H

#include <stdbool.h>

#include "rule_ids.h"

/* What a leak leaves behind in a run, as the verifier's profiles show it:
 * in-use heap at the finding's site, or the process's count of open
 * descriptors, threads, threads blocked in the kernel, timers. */
typedef enum {
  EVIDENCE_NONE,
  EVIDENCE_HEAP,
  EVIDENCE_FDS,
  EVIDENCE_THREADS,
  EVIDENCE_BLOCKED,
  EVIDENCE_TIMERS,
} ll_evidence;

enum { LL_MAX_EVIDENCE = 3 };

typedef struct ll_rule_info {
  ll_rule_id rule;
  const char *id;                        /* "lock-imbalance" */
  const char *name;                      /* SARIF reportingDescriptor.name: "LockImbalance" */
  const char *short_description;         /* one line */
  const char *full_description;          /* a paragraph */
  const char *help_markdown;             /* explanation, a bad and a fixed example */
  const char *default_level;             /* "warning" or "error" */
  const char *tags[4];                   /* NULL-terminated */
  const char *precision;                 /* "high", "medium" (GitHub's property) */
  const char *security_severity;         /* NULL: not a security rule */
  ll_evidence evidence[LL_MAX_EVIDENCE]; /* most telling first; EVIDENCE_NONE ends it */
  bool runs; /* false: a planned rule, whose models ship but which has no checker yet */
} ll_rule_info;

/* NULL when r is not a rule. */
const ll_rule_info *rule_info(ll_rule_id r);

/* "heap", "fds", "threads", "blocked", "timers"; "" for EVIDENCE_NONE. */
const char *evidence_name(ll_evidence e);

#endif
