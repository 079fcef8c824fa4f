/* rule_list.h - every rule, named once.  The enum and ids (rule_ids.h),
 * the metadata of --list-rules and SARIF (rule_info.c), the checkers and
 * their dispatch (checks/check.h, check_list.c) and the evidence that
 * `leaklint verify` looks for all expand this list; nothing else names a
 * rule.  rules/README.md says how to add one.
 *
 * RULE(enum, id, sarif_name, checker, level, precision, (tags...),
 *      security_severity, help, (evidence...))
 *
 *   enum       RULE_<enum>; the list's order is the enum's, --list-rules'
 *              and SARIF's rules[] (results point at it by ruleIndex)
 *   checker    LL_CHECKER(name): checks/<name>.c defines check_<name>(),
 *              named by this rule only; LL_NO_CHECKER: a planned rule
 *   level      SARIF's default level: "warning", "error" or "note"
 *   precision  GitHub's property: "high", "medium" or "low"
 *   tags       up to three strings
 *   security_severity  a CVSS-like score as a string, or NULL
 *   help       rules/help/<file>.md, as the file name's C identifier
 *              (retained-subbuffer.md: retained_subbuffer); embedded at
 *              build time, so a missing file fails the link
 *   evidence   up to three EVIDENCE_* kinds (rule_info.h), most telling
 *              first: what the leak leaves behind in a run
 *
 * Consumers of the checker column define LL_CHECKER(name) before they
 * expand the list; LL_NO_CHECKER expands to nothing. */
#ifndef LEAKLINT_RULE_LIST_H
#define LEAKLINT_RULE_LIST_H

#define LL_NO_CHECKER

/* clang-format off */
#define LL_RULE_LIST(RULE)                                                                         \
  RULE(RETAINED_SUBBUFFER, "retained-subbuffer", "RetainedSubbuffer",                             \
       LL_CHECKER(retained_subbuffer),                                                             \
       "warning", "medium", ("reliability", "memory", "external/cwe/cwe-401"), NULL,               \
       retained_subbuffer, (EVIDENCE_HEAP))                                                        \
  RULE(LOOP_DEFERRED_RELEASE, "loop-deferred-release", "LoopDeferredRelease",                      \
       LL_CHECKER(loop_deferred_release),                                                          \
       "warning", "high", ("reliability", "resource", "external/cwe/cwe-772"), NULL,               \
       loop_deferred_release, (EVIDENCE_HEAP, EVIDENCE_FDS))                                       \
  RULE(UNSTOPPED_TIMER, "unstopped-timer", "UnstoppedTimer", LL_CHECKER(unstopped_timer),          \
       "warning", "medium", ("reliability", "resource", "external/cwe/cwe-772"), NULL,             \
       unstopped_timer, (EVIDENCE_TIMERS))                                                         \
  RULE(LOCK_IMBALANCE, "lock-imbalance", "LockImbalance", LL_CHECKER(lock_imbalance),              \
       "warning", "high", ("reliability", "concurrency", "external/cwe/cwe-667"), NULL,            \
       lock_imbalance, (EVIDENCE_BLOCKED))                                                         \
  RULE(WAITGROUP_IMBALANCE, "waitgroup-imbalance", "WaitgroupImbalance",                      \
       LL_CHECKER(waitgroup_imbalance),           \
       "warning", "medium", ("reliability", "concurrency", "external/cwe/cwe-404"), NULL,          \
       waitgroup_imbalance, (EVIDENCE_BLOCKED, EVIDENCE_THREADS))                                  \
  RULE(BLOCKED_CHANNEL, "blocked-channel", "BlockedChannel",                                      \
       LL_CHECKER(blocked_channel),                                                                \
       "warning", "medium", ("reliability", "concurrency", "external/cwe/cwe-833"), NULL,          \
       blocked_channel, (EVIDENCE_BLOCKED, EVIDENCE_THREADS))                                      \
  RULE(RESOURCE_LEAK, "resource-leak", "ResourceLeak", LL_CHECKER(resource_leak),                  \
       "warning", "high", ("reliability", "resource", "external/cwe/cwe-772"), NULL,               \
       resource_leak, (EVIDENCE_HEAP, EVIDENCE_FDS))
/* clang-format on */

/* (a, b, c) -> a, b, c: for the parenthesised columns. */
#define LL_UNPAREN(...) __VA_ARGS__

#endif
