/* rule_info.c - the rule list's metadata, with the texts of each rule's
 * help file.  rule_help.cmake embeds rules/help/<file>.md at build time as
 * ll_help_<file>_{short,full,markdown}: the front matter's short and full
 * descriptions and the markdown after it, byte for byte. */
#include "rule_info.h"

#include <stddef.h>

#define LL_RULE_HELP(e, id, name, checker, level, precision, tags, severity, help, evidence)       \
  extern const char ll_help_##help##_short[], ll_help_##help##_full[], ll_help_##help##_markdown[];
LL_RULE_LIST(LL_RULE_HELP)
#undef LL_RULE_HELP

/* The checker column as a number: LL_CHECKER(name) adds 1, LL_NO_CHECKER
 * nothing. */
#define LL_CHECKER(name) +1

static const ll_rule_info rules[RULE_COUNT] = {
#define LL_RULE_INFO(e, id_, name_, checker, level, precision_, tags_, severity, help, evidence_)  \
  [RULE_##e] = {                                                                                   \
      .rule = RULE_##e,                                                                            \
      .id = id_,                                                                                   \
      .name = name_,                                                                               \
      .short_description = ll_help_##help##_short,                                                 \
      .full_description = ll_help_##help##_full,                                                   \
      .help_markdown = ll_help_##help##_markdown,                                                  \
      .default_level = level,                                                                      \
      .tags = {LL_UNPAREN tags_},                                                                  \
      .precision = precision_,                                                                     \
      .security_severity = severity,                                                               \
      .evidence = {LL_UNPAREN evidence_},                                                          \
      .runs = (0 checker) != 0,                                                                    \
  },
    LL_RULE_LIST(LL_RULE_INFO)
#undef LL_RULE_INFO
};
#undef LL_CHECKER

const ll_rule_info *rule_info(ll_rule_id r) {
  return r < RULE_COUNT ? &rules[r] : NULL;
}

const char *evidence_name(ll_evidence e) {
  static const char *const names[] = {
      [EVIDENCE_NONE] = "",           [EVIDENCE_HEAP] = "heap",       [EVIDENCE_FDS] = "fds",
      [EVIDENCE_THREADS] = "threads", [EVIDENCE_BLOCKED] = "blocked", [EVIDENCE_TIMERS] = "timers",
  };
  return (unsigned)e < sizeof names / sizeof *names ? names[e] : "";
}
