/* blocked_channel.c - threads blocked forever on a channel nobody serves:
 * Go's goroutine stuck on a channel no one sends to, receives from or
 * closes, in C's forms (a condition variable, a pipe, a queue).
 *
 * The waiter and its waker are usually in different functions or files,
 * so the channel module's events are judged against the facts of the
 * whole program (program_facts.h), matched by channel_name().  Precision
 * first: a wake through a pointer (a wrapper's signal of its argument)
 * may wake any channel of its family, and then nothing is reported. */
#include "check.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *file_name(const char *path) {
  const char *slash = path ? strrchr(path, '/') : NULL;
  return slash ? slash + 1 : path ? path : "?";
}

/* Where a fact is, as a message says it: "line 12" in the finding's own
 * file, "start.c:12" in another. */
static const char *where(const unit_fact *f, const engine_event *ev) {
  return f->loc.path && ev->at.path && strcmp(f->loc.path, ev->at.path) != 0
             ? intern_format("%s:%u", file_name(f->loc.path), f->loc.line)
             : intern_format("line %u", f->loc.line);
}

/* Where the function is started as a thread, or NULL. */
static const unit_fact *thread_start_of(const check_ctx *ctx, const ir_func *f) {
  const fact_list *l = program_facts_find(ctx->program, FACT_THREAD_ENTRY, intern(f->name));
  return l && l->n ? l->items[0] : NULL;
}

static const fact_list *wakes_of(const check_ctx *ctx, const char *name) {
  return program_facts_find(ctx->program, FACT_WAKES, name);
}

/* -v: why a candidate is no finding. */
static void silent(check_ctx *ctx, const engine_event *ev, const char *why) {
  if (ctx->verbose)
    report_add_note(ctx->report, NOTE_INFO, ev->at, "blocked-channel: %s '%s' in '%s': %s",
                    ev->kind == EV_CHAN_WAIT      ? "the wait on"
                    : ev->kind == EV_CHAN_STOPPED ? "this exit from the loop receiving from"
                                                  : "this exit without a wake of",
                    check_handle(ev), ev->fn->name, why);
}

/* Whether a wake through a pointer, of any channel of ev's family, may
 * serve it (then -v says so). */
static bool served_by_pointer(check_ctx *ctx, const engine_event *ev) {
  const fact_list *l = wakes_of(ctx, channel_any(ev->acquire->model));
  if (!l || !l->n)
    return false;
  silent(ctx, ev, "a wake through a pointer elsewhere may be its waker");
  return true;
}

/* "Nothing in the program wakes it" is a claim about the whole program:
 * a library, or a run over some of a program's files (a commit hook), may
 * have its waker in code not analysed. */
static bool program_is_whole(check_ctx *ctx, const engine_event *ev) {
  if (!ctx->whole_program)
    silent(ctx, ev, "no unit defines main(): the waker may be in code not analysed");
  return ctx->whole_program;
}

/* The queue a project's queue operation names by its condition
 * (c->docs.ready: c->docs). */
static const char *queue_of(const char *key) {
  const char *cut = NULL;
  for (const char *c = key; *c; c++)
    if (*c == '.' || (*c == '-' && c[1] == '>'))
      cut = c;
  return cut ? intern_format("%.*s", (int)(cut - key), key) : key;
}

/* What a message calls the channel and how it writes it: a project's
 * queue by the queue, anything else as its family and handle. */
static const char *what_of(const engine_event *ev) {
  return ev->acquire->queue_op ? "queue" : check_what(ev);
}

static const char *handle_of(const engine_event *ev) {
  return ev->acquire->queue_op ? queue_of(check_handle(ev)) : check_handle(ev);
}

/* Whether fn makes a fact of kind about name. */
static bool fact_in(const check_ctx *ctx, fact_kind kind, const char *name, const char *fn) {
  const fact_list *l = program_facts_find(ctx->program, kind, name);
  for (size_t i = 0; l && i < l->n; i++)
    if (l->items[i]->function == fn)
      return true;
  return false;
}

/* A wake of the channel ev waits on.  A project queue's channel
 * (docs.ready) is woken by its own sends and closes, and by any other wake
 * of its condition (ready), which may be of this queue too. */
static const unit_fact *waker_of(const check_ctx *ctx, const engine_event *ev) {
  const fact_list *w = wakes_of(ctx, ev->detail);
  if (w && w->n)
    return w->items[0];
  const char *dot = ev->acquire->queue_op ? strrchr(ev->detail, '.') : NULL;
  const char *cond = dot ? intern(dot + 1) : NULL;
  w = cond ? wakes_of(ctx, cond) : NULL;
  for (size_t i = 0; w && i < w->n; i++)
    if (!w->items[i]->function || !fact_in(ctx, FACT_QUEUE_OP, cond, w->items[i]->function))
      return w->items[i];
  return NULL;
}

/* An untimed wait on a channel that no function of the program wakes. */
static void report_unserved(const engine_event *ev, check_ctx *ctx) {
  const unit_fact *w = waker_of(ctx, ev);
  if (w) {
    if (ctx->verbose) {
      char *why = xasprintf("woken by %s() in '%s' (%s)", w->via, w->function ? w->function : "?",
                            where(w, ev));
      silent(ctx, ev, why);
      free(why);
    }
    return;
  }
  if (served_by_pointer(ctx, ev) || !program_is_whole(ctx, ev))
    return;
  char fix[256];
  snprintf(fix, sizeof fix,
           "wake '%s' where the state its waiter checks changes, and on shutdown (or wait with a "
           "timeout)",
           check_handle(ev));
  const unit_fact *start = thread_start_of(ctx, ev->fn);
  if (start)
    check_report(ctx, ev, RULE_BLOCKED_CHANNEL, fix,
                 "'%s' runs as a thread (started by %s() at %s) and waits here with %s() on "
                 "the %s '%s', which no function in the program wakes: the thread blocks forever",
                 ev->fn->name, start->via, where(start, ev), ev->via, what_of(ev), handle_of(ev));
  else
    check_report(ctx, ev, RULE_BLOCKED_CHANNEL, fix,
                 "%s() waits here on the %s '%s', which no function in the program wakes: the "
                 "wait never returns",
                 ev->via, what_of(ev), handle_of(ev));
}

/* The untimed waiter of channel name in another function than fn. */
static const unit_fact *other_waiter(const check_ctx *ctx, const char *name, const ir_func *fn) {
  const fact_list *l = program_facts_find(ctx->program, FACT_WAITS, name);
  for (size_t i = 0; l && i < l->n; i++)
    if (l->items[i]->function && l->items[i]->function != intern(fn->name))
      return l->items[i];
  return NULL;
}

/* Whether function (a waker of the channel) is the routine fn itself, the
 * waiter, or a creator of fn's thread. */
static bool is_party(const check_ctx *ctx, const char *function, const ir_func *fn,
                     const unit_fact *waiter) {
  if (function == intern(fn->name) || function == waiter->function)
    return true;
  const fact_list *l = program_facts_find(ctx->program, FACT_THREAD_ENTRY, intern(fn->name));
  for (size_t i = 0; l && i < l->n; i++)
    if (l->items[i]->function == function)
      return true;
  return false;
}

/* A thread's routine that returns without the wake its waiter counts on. */
static void report_missing_wake(const engine_event *ev, check_ctx *ctx) {
  const unit_fact *start = thread_start_of(ctx, ev->fn);
  const unit_fact *waiter = start ? other_waiter(ctx, ev->detail, ev->fn) : NULL;
  if (!waiter)
    return;
  /* Wakes elsewhere serve the waiter, but for the waiter's own (a close
   * after its read) and those of the routine's creator, which are its
   * cleanup when the start fails (the creator that should wake the
   * channel itself has no need of a thread to do so). */
  const fact_list *w = wakes_of(ctx, ev->detail);
  for (size_t i = 0; w && i < w->n; i++)
    if (!is_party(ctx, w->items[i]->function, ev->fn, waiter)) {
      silent(ctx, ev, "another function wakes it too (a shutdown, a helper)");
      return;
    }
  if (served_by_pointer(ctx, ev) || !program_is_whole(ctx, ev))
    return;
  char fix[256];
  snprintf(fix, sizeof fix,
           "call %s() on '%s' on every path of '%s' (a cleanup label before the return), after "
           "setting the state its waiter checks",
           ev->via, check_handle(ev), ev->fn->name);
  check_report(ctx, ev, RULE_BLOCKED_CHANNEL, fix,
               "'%s' runs as a thread (started by %s() at %s) and returns here without %s() on "
               "'%s', which it calls on other paths: '%s' waits on it with %s() at %s and "
               "nothing else wakes it",
               ev->fn->name, start->via, where(start, ev), ev->via, check_handle(ev),
               waiter->function, waiter->via, where(waiter, ev));
}

/* A join of a reader thread while the pipe's write end is still open. */
static void report_join_open(const engine_event *ev, check_ctx *ctx) {
  char fix[256];
  snprintf(fix, sizeof fix, "close '%s' before %s() so that the reader sees end of file",
           check_handle(ev), ev->release_via);
  check_report(ctx, ev, RULE_BLOCKED_CHANNEL, fix,
               "%s() waits for the thread running '%s', which reads the pipe until end of file, "
               "but the write end '%s' from %s() stays open in '%s': read() never sees end of "
               "file and the join never returns",
               ev->release_via, ev->detail, check_handle(ev), ev->via, ev->fn->name);
}

/* Whether a function other than fn receives from the channel name. */
static bool received_elsewhere(const check_ctx *ctx, const char *name, const ir_func *fn) {
  const fact_list *l = program_facts_find(ctx->program, FACT_WAITS, name);
  for (size_t i = 0; l && i < l->n; i++)
    if (l->items[i]->function != intern(fn->name))
      return true;
  return false;
}

/* More threads send, blocking, on a channel than this path receives. */
static void report_senders(const engine_event *ev, check_ctx *ctx) {
  if (received_elsewhere(ctx, ev->handle, ev->fn)) {
    silent(ctx, ev, "another function receives from it too");
    return;
  }
  char fix[256], started[160];
  snprintf(fix, sizeof fix,
           "receive once per sender (or drain the others before returning), or give '%s' room "
           "for every sender",
           ev->handle);
  if (ev->window)
    snprintf(started, sizeof started, "the loop '%s' starts a thread running '%s' each time",
             ev->window, ev->detail);
  else
    snprintf(started, sizeof started, "%lld threads running '%s' are started", ev->added,
             ev->detail);
  check_report(ctx, ev, RULE_BLOCKED_CHANNEL, fix,
               "%s, each sending once on '%s' and waiting for its receiver, but %s() receives "
               "only %s here: every sender past %s blocks forever",
               started, ev->handle, ev->release_via, ev->done == 1 ? "once" : "a few times",
               ev->done == 1 ? "the first" : "those");
}

/* A wait with no predicate after a start whose thread signals first. */
static void report_lost_wake(const engine_event *ev, check_ctx *ctx) {
  char fix[256];
  snprintf(fix, sizeof fix,
           "wait in a loop on the state the signal announces (while (!ready) %s(..)), or take "
           "the lock before the thread starts",
           ev->via);
  check_report(ctx, ev, RULE_BLOCKED_CHANNEL, fix,
               "%s() waits on '%s' with no predicate, after '%s' was started at line %u with no "
               "lock held: if the thread signals '%s' first, the signal is lost and this wait "
               "never returns",
               ev->via, check_handle(ev), ev->detail, ev->acquired_at.line, check_handle(ev));
}

/* The first fact of kind about name made in a function other than fn and
 * fn2, and other than the project queue's own send, receive and close. */
static const unit_fact *fact_elsewhere(const check_ctx *ctx, fact_kind kind, const char *name,
                                       const char *fn, const char *fn2) {
  const fact_list *l = program_facts_find(ctx->program, kind, name);
  for (size_t i = 0; l && i < l->n; i++)
    if (l->items[i]->function != intern(fn) && l->items[i]->function != fn2 &&
        !fact_in(ctx, FACT_QUEUE_OP, name, l->items[i]->function))
      return l->items[i];
  return NULL;
}

/* Who the producer is, as a message says it: the thread running it, or
 * the function. */
static const char *party(const check_ctx *ctx, const engine_event *ev, const char *fn) {
  const fact_list *l = program_facts_find(ctx->program, FACT_THREAD_ENTRY, fn);
  if (l && l->n)
    return intern_format("the thread running '%s' (started by %s() at %s)", fn, l->items[0]->via,
                         where(l->items[0], ev));
  return intern_format("'%s'", fn);
}

/* Why a consumer's early exit strands no producer, or NULL if it does;
 * producer is the function that sends on the channel in a loop. */
static const char *why_not_stranded(check_ctx *ctx, const engine_event *ev,
                                    const unit_fact *producer) {
  if (!producer)
    return "nothing else sends on it in a loop with a send that blocks once it is full";
  if (program_facts_find(ctx->program, FACT_NONBLOCKING, ev->detail))
    return "the pipe is made non-blocking (O_NONBLOCK): the producer's write fails, it does not "
           "block";
  if (fact_elsewhere(ctx, FACT_WAITS, ev->detail, ev->fn->name, producer->function))
    return "another function receives from it too";
  const fact_list *starts =
      program_facts_find(ctx->program, FACT_THREAD_ENTRY, intern(ev->fn->name));
  if (program_facts_find(ctx->program, FACT_POOL, intern(ev->fn->name)) ||
      (starts && starts->n > 1))
    return "several threads run it: the others keep receiving";
  if (fact_in(ctx, FACT_SENDS_ONCE, ev->detail, producer->function))
    return "the producer sends a last message after its loop (a \"done\" message): this exit "
           "may be its answer";
  if (!thread_start_of(ctx, ev->fn) &&
      !program_facts_find(ctx->program, FACT_THREAD_ENTRY, producer->function))
    return "neither the consumer nor the producer runs as a thread";
  return NULL;
}

/* A consumer that leaves its receive loop early, keeping the channel
 * open, while a producer elsewhere still sends on it in a loop. */
static void report_stopped(const engine_event *ev, check_ctx *ctx) {
  const unit_fact *producer =
      fact_elsewhere(ctx, FACT_SENDS_LOOPED, ev->detail, ev->fn->name, NULL);
  const char *why = why_not_stranded(ctx, ev, producer);
  if (why) {
    silent(ctx, ev, why);
    return;
  }
  if (!program_is_whole(ctx, ev)) /* another receiver may be in code not analysed */
    return;
  const char *what = what_of(ev), *handle = handle_of(ev);
  char fix[256];
  if (ev->acquire->model->two_ended)
    snprintf(fix, sizeof fix,
             "close the read end '%s' on this exit path so that the producer's %s() fails "
             "(EPIPE) instead of blocking",
             handle, producer->via);
  else
    snprintf(fix, sizeof fix,
             "close '%s' on this exit path (or receive until the producer is done) so that the "
             "producer's %s() returns",
             handle, producer->via);
  const unit_fact *start = thread_start_of(ctx, ev->fn);
  const char *consumer = start ? intern_format("'%s' (a thread started by %s() at %s)",
                                               ev->fn->name, start->via, where(start, ev))
                               : intern_format("'%s'", ev->fn->name);
  /* the path, then where the producer blocks (often another file) */
  engine_event with = *ev;
  ev_step *steps = xcalloc(ev->nsteps + 1, sizeof *steps);
  memcpy(steps, ev->steps, ev->nsteps * sizeof *steps);
  steps[ev->nsteps] =
      (ev_step){.loc = producer->loc,
                .text = intern_format("'%s' keeps sending here, blocked once nobody receives",
                                      producer->function)};
  with.steps = steps, with.nsteps = ev->nsteps + 1;
  check_report(ctx, &with, RULE_BLOCKED_CHANNEL, fix,
               "%s stops receiving from the %s '%s' here: it leaves the loop that receives with "
               "%s() at line %u without receiving again or closing it, while %s sends on it with "
               "%s() in a loop at %s: once the %s has no room, that %s() blocks forever",
               consumer, what, handle, ev->via, ev->acquired_at.line,
               party(ctx, ev, producer->function), producer->via, where(producer, ev), what,
               producer->via);
  free(steps);
}

void check_blocked_channel(const engine_event *ev, check_ctx *ctx) {
  if (ev->kind == EV_CHAN_JOIN_OPEN) {
    report_join_open(ev, ctx);
    return;
  }
  if (!check_family_uses(ev, RULE_BLOCKED_CHANNEL) || !ev->detail)
    return;
  if (ev->kind == EV_CHAN_SENDERS)
    report_senders(ev, ctx);
  else if (ev->kind == EV_CHAN_STOPPED)
    report_stopped(ev, ctx);
  else if (ev->kind == EV_CHAN_LOST_WAKE)
    report_lost_wake(ev, ctx);
  /* a pipe's ends are often copied apart, and a semaphore's wait may take
   * its initial count: not judged */
  if (ev->kind == EV_CHAN_WAIT && !ev->acquire->model->two_ended && !ev->acquire->model->buffered)
    report_unserved(ev, ctx);
  else if (ev->kind == EV_CHAN_WAKE_MISSING)
    report_missing_wake(ev, ctx);
}
