/* rule_info.c - what each rule finds, why it matters, and what the fix looks
 * like.  The texts are the rules' help files, rules/help/<rule-id>.md,
 * embedded at build time (rule_help.cmake) as ll_help_<file>_short, _full
 * and _markdown; they reach users through --list-rules and through GitHub's
 * alert pages (SARIF reportingDescriptor). */
#include "rule_info.h"

#include <stddef.h>

#define LL_HELP(file)                                                                              \
  extern const char ll_help_##file##_short[], ll_help_##file##_full[], ll_help_##file##_markdown[];
LL_HELP(retained_subbuffer)
LL_HELP(loop_deferred_release)
LL_HELP(unstopped_timer)
LL_HELP(lock_imbalance)
LL_HELP(waitgroup_imbalance)
LL_HELP(blocked_channel)
LL_HELP(resource_leak)
#undef LL_HELP

static const ll_rule_info rules[RULE_COUNT] = {
    [RULE_RETAINED_SUBBUFFER] =
        {
            .rule = RULE_RETAINED_SUBBUFFER,
            .id = "retained-subbuffer",
            .name = "RetainedSubbuffer",
            .short_description = ll_help_retained_subbuffer_short,
            .full_description = ll_help_retained_subbuffer_full,
            .help_markdown = ll_help_retained_subbuffer_markdown,
            .default_level = "warning",
            .tags = {"reliability", "memory", "external/cwe/cwe-401"},
            .precision = "medium",
        },
    [RULE_LOOP_DEFERRED_RELEASE] =
        {
            .rule = RULE_LOOP_DEFERRED_RELEASE,
            .id = "loop-deferred-release",
            .name = "LoopDeferredRelease",
            .short_description = ll_help_loop_deferred_release_short,
            .full_description = ll_help_loop_deferred_release_full,
            .help_markdown = ll_help_loop_deferred_release_markdown,
            .default_level = "warning",
            .tags = {"reliability", "resource", "external/cwe/cwe-772"},
            .precision = "high",
        },
    [RULE_UNSTOPPED_TIMER] =
        {
            .rule = RULE_UNSTOPPED_TIMER,
            .id = "unstopped-timer",
            .name = "UnstoppedTimer",
            .short_description = ll_help_unstopped_timer_short,
            .full_description = ll_help_unstopped_timer_full,
            .help_markdown = ll_help_unstopped_timer_markdown,
            .default_level = "warning",
            .tags = {"reliability", "resource", "external/cwe/cwe-772"},
            .precision = "medium",
        },
    [RULE_LOCK_IMBALANCE] =
        {
            .rule = RULE_LOCK_IMBALANCE,
            .id = "lock-imbalance",
            .name = "LockImbalance",
            .short_description = ll_help_lock_imbalance_short,
            .full_description = ll_help_lock_imbalance_full,
            .help_markdown = ll_help_lock_imbalance_markdown,
            .default_level = "warning",
            .tags = {"reliability", "concurrency", "external/cwe/cwe-667"},
            .precision = "high",
        },
    [RULE_WAITGROUP_IMBALANCE] =
        {
            .rule = RULE_WAITGROUP_IMBALANCE,
            .id = "waitgroup-imbalance",
            .name = "WaitgroupImbalance",
            .short_description = ll_help_waitgroup_imbalance_short,
            .full_description = ll_help_waitgroup_imbalance_full,
            .help_markdown = ll_help_waitgroup_imbalance_markdown,
            .default_level = "warning",
            .tags = {"reliability", "concurrency", "external/cwe/cwe-404"},
            .precision = "medium",
        },
    [RULE_BLOCKED_CHANNEL] =
        {
            .rule = RULE_BLOCKED_CHANNEL,
            .id = "blocked-channel",
            .name = "BlockedChannel",
            .short_description = ll_help_blocked_channel_short,
            .full_description = ll_help_blocked_channel_full,
            .help_markdown = ll_help_blocked_channel_markdown,
            .default_level = "warning",
            .tags = {"reliability", "concurrency", "external/cwe/cwe-833"},
            .precision = "medium",
        },
    [RULE_RESOURCE_LEAK] =
        {
            .rule = RULE_RESOURCE_LEAK,
            .id = "resource-leak",
            .name = "ResourceLeak",
            .short_description = ll_help_resource_leak_short,
            .full_description = ll_help_resource_leak_full,
            .help_markdown = ll_help_resource_leak_markdown,
            .default_level = "warning",
            .tags = {"reliability", "resource", "external/cwe/cwe-772"},
            .precision = "high",
        },
};

const ll_rule_info *rule_info(ll_rule_id r) {
  return r < RULE_COUNT ? &rules[r] : NULL;
}
