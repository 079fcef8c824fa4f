/* check.h - what a checker is: a function that receives the engine's
 * events and turns the ones its rule cares about into findings.  Paths,
 * aliases, loops and summaries are the engine's business; a checker says
 * what it reports and how it explains it.  See check_template.c for a
 * walk-through.  The rule list (rule_list.h) is the registry: each rule
 * names its checker there. */
#ifndef LEAKLINT_CHECK_H
#define LEAKLINT_CHECK_H

#include "engine.h"
#include "findings.h"
#include "program_facts.h"

typedef struct check_ctx {
  ll_report *report;
  unsigned enabled_rules;
  const program_facts *program; /* what the link step settled across units */
  bool verbose;                 /* notes say why a check stayed silent */
  bool whole_program;           /* some unit defines main(): no other code calls in */
} check_ctx;

typedef void (*check_fn)(const engine_event *ev, check_ctx *ctx);

/* Whether ev's resource belongs to a family that lists rule. */
bool check_family_uses(const engine_event *ev, ll_rule_id rule);

/* Adds a finding for ev: its location, acquisition note and path.  message
 * and fix are printf formats; the strings are copied. */
void check_report(check_ctx *ctx, const engine_event *ev, ll_rule_id rule, const char *fix,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The same, with the fix as code too (ll_finding.fix_code; NULL: none). */
void check_report_code(check_ctx *ctx, const engine_event *ev, ll_rule_id rule, const char *fix,
                       const char *fix_code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The statement that releases ev's resource ("free(p);",
 * "pthread_mutex_unlock(&s->mu);") as a new string, or NULL when the
 * family names no single release function or the handle has no name. */
char *check_release_call(const engine_event *ev);

/* The handle as users write it: a lock passed as a pointer (flockfile(s->out))
 * is keyed "*s->out" inside the engine and shown as "s->out". */
const char *check_handle(const engine_event *ev);

/* "FILE stream", "memory block": what the family calls its handles. */
const char *check_what(const engine_event *ev);
/* "fclose()": what releases it. */
const char *check_release_hint(const engine_event *ev);

/* check_<name>() for each checker of the rule list. */
#define LL_CHECKER(name) void check_##name(const engine_event *ev, check_ctx *ctx);
#define LL_CHECK_DECLARE(e, id, sarif_name, checker, ...) checker
LL_RULE_LIST(LL_CHECK_DECLARE)
#undef LL_CHECK_DECLARE
#undef LL_CHECKER

/* Hands ev to every checker of the rule list, in the list's order; ctx is
 * the check_ctx.  An engine_sink. */
void check_dispatch(const engine_event *ev, void *ctx);

#endif
