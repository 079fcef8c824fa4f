/* waitgroup_imbalance.c - threads started and never joined nor detached on
 * some path, and counts (semaphores, barriers, wait-groups) that do not
 * balance: Go's forgotten goroutine and its unbalanced sync.WaitGroup.
 *
 * This rule owns the thread families (kind thread) and the counters (kind
 * counter); the memory of a thread array stays resource-leak's, and freeing
 * it while its threads run is reported here only. */
#include "check.h"
#include "util.h"

/* The code that joins the threads a start loop made before the start that
 * failed, when the array, the loop's counter and the family's release as
 * code are known: while (i-- > 0) pthread_join(tids[i], NULL); */
static char *join_started_code(const engine_event *ev) {
  const api_model *m = ev->acquire ? ev->acquire->model : NULL;
  const ir_func *f = ev->fn;
  if (!ev->start_failed || !m || !m->release_code || !ev->handle || ev->acquire_loop < 0 || !f ||
      (unsigned)ev->acquire_loop >= f->nloops)
    return NULL;
  const ir_term *t = &f->blocks[f->loops[ev->acquire_loop].header].term;
  const ir_path *i = &t->cond.lhs.path;
  if (t->kind != T_BRANCH || (t->cond.op != C_LT && t->cond.op != C_NE) ||
      t->cond.lhs.kind != OPD_PATH || i->via_memory || i->var < 0 ||
      i->text != f->vars[i->var].name)
    return NULL; /* for (i = 0; i < n; i++): i started ones before i */
  char *element = xasprintf("%s[%s]", ev->handle, i->text);
  char *join = xasprintf(m->release_code, element);
  char *code = xasprintf("while (%s-- > 0) %s;", i->text, join);
  free(join);
  free(element);
  return code;
}

static void report_thread(const engine_event *ev, check_ctx *ctx) {
  char fix[256];
  const char *hint = check_release_hint(ev);
  const char *h = check_handle(ev);
  if (ev->kind == EV_FREED_UNJOINED) {
    snprintf(fix, sizeof fix, "join the threads with %s before freeing the array", hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "the array '%s' holding the threads started by %s() is freed by %s() before "
                 "they are joined: they can no longer be joined",
                 h, ev->via, ev->detail ? ev->detail : "a call");
  } else if (ev->kind == EV_JOINED_FEWER) {
    snprintf(fix, sizeof fix, "join as many threads as were started");
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "threads in '%s' are %s: the last ones started by %s() are never joined", h,
                 ev->detail, ev->via);
  } else if (ev->partial_start) {
    snprintf(fix, sizeof fix,
             "join (or stop and join) the threads already started with %s before returning", hint);
    char *code = join_started_code(ev);
    check_report_code(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix, code,
                      "the loop starting threads into '%s' fails here after %s() started some: "
                      "they are never joined nor detached on this path",
                      h, ev->via);
    free(code);
  } else if (ev->thread_array) {
    snprintf(fix, sizeof fix, "join them with %s on this path", hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "threads started into '%s' by %s() are never joined nor detached on this path", h,
                 ev->via);
  } else if (ev->next_iteration || ev->by_overwrite) {
    snprintf(fix, sizeof fix, "keep each thread's handle (an array) and join every one with %s",
             hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "thread '%s' from %s() is overwritten by the next start: only the last thread "
                 "can be joined",
                 h, ev->via);
  } else {
    snprintf(fix, sizeof fix, "join it or detach it with %s on this path", hint);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "thread '%s' from %s() is never joined nor detached on this path", h, ev->via);
  }
}

/* Where the function is started as a thread, or NULL. */
static const unit_fact *thread_start_of(const check_ctx *ctx, const ir_func *f) {
  const fact_list *l = program_facts_find(ctx->program, FACT_THREAD_ENTRY, intern(f->name));
  return l && l->n ? l->items[0] : NULL;
}

static bool anything_adds(const check_ctx *ctx, const char *subject) {
  return program_facts_find(ctx->program, FACT_ADDS, intern(subject)) != NULL;
}

static void report_count(const engine_event *ev, check_ctx *ctx) {
  char fix[256];
  const char *h = check_handle(ev);
  const unit_fact *start = thread_start_of(ctx, ev->fn);
  switch (ev->kind) {
  case EV_DONE_MISSING:
    if (!start)
      return;
    snprintf(fix, sizeof fix,
             "call %s() on every path of '%s' (a cleanup label before the "
             "return)",
             ev->via, ev->fn->name);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "'%s' runs as a thread (started by %s() at line %u) and returns here without "
                 "%s() on '%s': whoever waits for it waits forever",
                 ev->fn->name, start->via, start->loc.line, ev->via, h);
    break;
  case EV_DONE_TWICE:
    snprintf(fix, sizeof fix, "call %s() once per add", ev->via);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "%s() is called on '%s' a second time on this path: the count drops below what "
                 "was added and a waiter returns early",
                 ev->via, h);
    break;
  case EV_COUNT_ADD:
    /* an inferred add (no rules file) may be any count kept under a lock */
    if (!start || !ev->acquire->model->file)
      return;
    snprintf(fix, sizeof fix, "call %s() in the creator, before %s() starts the thread", ev->via,
             start->via);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "%s() adds to '%s' inside '%s', which runs as a thread (started by %s() at line "
                 "%u): a waiter may see the count before the add",
                 ev->via, h, ev->fn->name, start->via, start->loc.line);
    break;
  case EV_COUNT_WAIT:
    if (!anything_adds(ctx, ev->acquire->model->family) ||
        anything_adds(ctx, counter_group_name(ev->handle)))
      return;
    snprintf(fix, sizeof fix, "add to '%s' for each party before waiting on it", h);
    check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                 "%s() waits on '%s', which nothing in the program adds to", ev->via, h);
    break;
  case EV_COUNT_MISMATCH:
    if (ev->detail) {
      snprintf(fix, sizeof fix, "initialise '%s' for the number of parties that wait on it", h);
      check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                   "%s '%s' counts %lld parties but %lld wait on it on this path: %s",
                   check_what(ev), h, ev->added, ev->done,
                   ev->added > ev->done ? "the waiters block forever" : "a party passes early");
    } else {
      snprintf(fix, sizeof fix, "add exactly as much as the workers that call done");
      check_report(ctx, ev, RULE_WAITGROUP_IMBALANCE, fix,
                   "%s '%s' is waited on with %lld added, %lld done on this path: %s",
                   check_what(ev), h, ev->added, ev->done,
                   ev->added > ev->done ? "the wait never returns" : "the wait returns early");
    }
    break;
  default: /* a counter's own object (a barrier never destroyed) is not a count */
    break;
  }
}

void check_waitgroup_imbalance(const engine_event *ev, check_ctx *ctx) {
  if (!check_family_uses(ev, RULE_WAITGROUP_IMBALANCE))
    return;
  const api_model *m = ev->acquire->model;
  if (m->kind == MODEL_THREAD &&
      (ev->kind == EV_LEAK || ev->kind == EV_FREED_UNJOINED || ev->kind == EV_JOINED_FEWER))
    report_thread(ev, ctx);
  else if (m->kind == MODEL_COUNTER)
    report_count(ev, ctx);
}
