/* check.c - what every checker shares: turning an event into a finding. */
#include "check.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool check_family_uses(const engine_event *ev, ll_rule_id rule) {
  return ev->acquire && ev->acquire->model && (ev->acquire->model->rules & RULE_BIT(rule));
}

const char *check_handle(const engine_event *ev) {
  if (!ev->handle)
    return "?";
  if (ev->handle[0] == '$' || ev->handle[0] == '(')
    return "(its unnamed result)"; /* a temporary: the value was never stored */
  return ev->handle[0] == '*' ? ev->handle + 1 : ev->handle;
}

const char *check_what(const engine_event *ev) {
  const api_model *m = ev->acquire ? ev->acquire->model : NULL;
  return m && m->description ? m->description : "resource";
}

const char *check_release_hint(const engine_event *ev) {
  if (ev->release_via) {
    char *t = xasprintf("%s()", ev->release_via);
    const char *hint = intern(t);
    free(t);
    return hint;
  }
  const api_model *m = ev->acquire ? ev->acquire->model : NULL;
  return m && m->release_hint ? m->release_hint : "its release function";
}

static void report_v(check_ctx *ctx, const engine_event *ev, ll_rule_id rule, const char *fix,
                     const char *fix_code, const char *fmt, va_list ap) {
  if (!(ctx->enabled_rules & RULE_BIT(rule)))
    return;
  ll_finding f = {.rule = rule, .loc = ev->at, .acquired = ev->acquired_at};
  f.message = xvasprintf(fmt, ap);
  f.fix = fix ? xstrdup(fix) : NULL;
  f.fix_code = fix_code ? xstrdup(fix_code) : NULL;
  f.function = xstrdup(ev->fn->name);
  if (ev->acquired_at.path)
    f.acquired_note =
        xasprintf("'%s' acquired here by %s()", check_handle(ev), ev->via ? ev->via : "?");
  /* The acquisition is the related location; the path starts after it. */
  size_t first =
      ev->nsteps && ev->acquired_at.path && ev->steps[0].loc.line == ev->acquired_at.line ? 1 : 0;
  if (ev->nsteps > first) {
    f.steps = xcalloc(ev->nsteps - first, sizeof *f.steps);
    for (size_t i = first; i < ev->nsteps; i++)
      f.steps[f.nsteps++] =
          (ll_step){.loc = ev->steps[i].loc, .message = xstrdup(ev->steps[i].text)};
  }
  report_add_finding(ctx->report, &f);
}

void check_report(check_ctx *ctx, const engine_event *ev, ll_rule_id rule, const char *fix,
                  const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report_v(ctx, ev, rule, fix, NULL, fmt, ap);
  va_end(ap);
}

void check_report_code(check_ctx *ctx, const engine_event *ev, ll_rule_id rule, const char *fix,
                       const char *fix_code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report_v(ctx, ev, rule, fix, fix_code, fmt, ap);
  va_end(ap);
}

char *check_release_call(const engine_event *ev) {
  const api_model *m = ev->acquire ? ev->acquire->model : NULL;
  const char *name = ev->release_via ? ev->release_via : m ? m->release_hint : NULL;
  if (!name || !ev->handle || ev->handle[0] == '$' || ev->handle[0] == '(')
    return NULL;
  size_t len = strcspn(name, "( ");
  if (name[len] == ' ' || (name[len] == '(' && strcmp(name + len, "()") != 0))
    return NULL; /* "sem_destroy() or sem_close()": the user's choice */
  /* A lock is named by its object (&c->mu is keyed c->mu); a pointer
   * passed as such is keyed *p. */
  const char *h = ev->handle;
  const char *amp = "";
  if (h[0] == '*')
    h++;
  else if (m && m->kind == MODEL_LOCK)
    amp = "&";
  return xasprintf("%.*s(%s%s);", (int)len, name, amp, h);
}
