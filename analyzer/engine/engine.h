/* engine.h - path-sensitive tracking of acquired resources through a
 * function's CFG.  The engine knows paths, aliases, failure checks, loops,
 * budgets and callee summaries; checkers only receive its events and decide
 * which become findings (checks/check.h).
 *
 * What the engine does, once for every rule:
 *  - each acquisition (a call the models or a callee summary name) creates
 *    a resource bound to the handle's path; copies alias it;
 *  - the failure test after it (if (!p), if (fd < 0), if (rc != 0)) splits
 *    the path: the failure side owns nothing;
 *  - correlated conditions (the same test text twice, its variables not
 *    written in between) take the same direction;
 *  - ownership leaves with a return, a store into memory or a global, a
 *    callee that keeps it (unknown project callees are assumed to keep);
 *  - loops run at least twice so that iteration 2 can overwrite what
 *    iteration 1 acquired;
 *  - what a path knows that no block ahead can use (a test's answer, a
 *    dead variable's value) is forgotten at block entry, so that paths
 *    differing only there meet (forgetting.h);
 *  - a per-function budget of states: past it, the function gets no events.
 */
#ifndef LEAKLINT_ENGINE_H
#define LEAKLINT_ENGINE_H

#include <stdbool.h>

#include "findings.h"
#include "ir.h"
#include "models.h"

typedef enum {
  EV_LEAK,              /* still held when the path ends or the handle is overwritten */
  EV_DOUBLE_ACQUIRE,    /* a non-recursive lock taken again while this path holds it */
  EV_RELEASE_UNHELD,    /* released where this path does not hold it */
  EV_UNCHECKED_RELEASE, /* a try-acquisition released before its result was tested */
  EV_NOT_RETAKEN,       /* the caller's lock, released here, not taken back on this path */
  EV_STRANDED,          /* lost while a pointer into its middle lives on (returned, stored) */
  EV_DANGLING_WINDOW,   /* released while a pointer into it lives on in long-lived storage */
  EV_OVERSIZED_WINDOW,  /* a block of known large size kept whole, its start stored beside a
                           window of known small length in long-lived storage */
  EV_FREED_UNJOINED,    /* the array holding live threads' handles is freed */
  EV_JOINED_FEWER,      /* a join loop's bound is below the bound of the loop that created */
  /* Counters (counter_module.c); the checker decides which are findings. */
  EV_DONE_MISSING,   /* this exit has not called done (post) on a group the function calls it on
                        elsewhere */
  EV_DONE_TWICE,     /* a second done on the group on this path */
  EV_COUNT_ADD,      /* an add: wrong where the function runs as a thread */
  EV_COUNT_WAIT,     /* a wait on a wait-group: wrong if nothing ever adds to it */
  EV_COUNT_MISMATCH, /* added (or a barrier's count) against dones (or parties): added, done */
  /* Channels (channel_module.c); detail is the channel's name (channel_name). */
  EV_CHAN_WAIT,         /* an untimed wait: wrong if nothing in the program wakes the channel */
  EV_CHAN_WAKE_MISSING, /* this exit wakes nothing of a channel the function wakes elsewhere */
  EV_CHAN_JOIN_OPEN,    /* a join (release_via) of a thread whose routine (detail) reads a
                           pipe until end of file, while this path holds the write end open */
  EV_CHAN_SENDERS,      /* threads running detail, started at acquired_at (in the loop whose
                           test is window), each send once (via) on the channel handle, which
                           this path receives (release_via, at) fewer times: added senders
                           (1000: a loop's many), done receives */
  EV_CHAN_LOST_WAKE,    /* an untimed wait with no predicate on a channel that a thread this
                           path started (detail, at acquired_at) with no lock held signals */
  EV_CHAN_STOPPED,      /* this path left the loop receiving from channel detail (via, at
                           acquired_at) by an exit its receive's result did not decide (a
                           break, an error return), and returns without receiving again or
                           closing it: a producer still sending may block for good */
  EV_LEAK_GUARDED,      /* as EV_LEAK, on a path that skipped the release under the code's
                           own test of when it owns the handle (a flag set beside the
                           acquisition, a failed call that gave it back): no finding; -v
                           says so, unless the acquisition is lost on another path too */
} ev_kind;

/* How a pointer into a block (a window) leaves the function for good. */
typedef enum {
  WINDOW_RETURNED,
  WINDOW_STORED, /* into memory the caller can reach, a global or a static */
  WINDOW_KEPT,   /* passed to a callee that keeps it (a container) */
} window_exit_kind;

typedef struct ev_step {
  ll_location loc;
  const char *text;
} ev_step;

typedef struct engine_event {
  ev_kind kind;
  const ir_func *fn;
  const api_fn *acquire;   /* the entry that created it (model or summary) */
  const char *via;         /* the function called to acquire it */
  const char *release_via; /* the project's release for via's objects (buffer_free for
                              buffer_init), NULL when the family's own release fits */
  const char *handle;      /* "buf", "c->mu" */
  ll_location acquired_at;
  ll_location at;                 /* where it leaks, or the offending call */
  bool by_overwrite;              /* EV_LEAK: the last handle was overwritten */
  bool realloc_failure;           /* EV_LEAK: the block realloc() failed to move */
  const char *realloc_via;        /* that call's function, when known */
  bool repeating;                 /* EV_LEAK of a timer armed to repeat */
  int acquire_loop;               /* innermost loop of the acquisition, -1 */
  bool next_iteration;            /* EV_LEAK: lost when its loop came round again */
  ll_location release_after_loop; /* a release of the handle outside that loop */
  const char *cleanup_var;        /* a cleanup-attributed holder declared outside it */
  ll_location earlier;            /* the first acquisition, or the earlier release */
  unsigned rank;                  /* how telling the path is (the engine keeps the best) */
  /* EV_STRANDED, EV_DANGLING_WINDOW: the window that outlives the block's start */
  window_exit_kind window_exit;
  const char *window;       /* as written ("colon + 1", "name"), NULL when not known */
  const char *window_from;  /* the call it came from ("strchr"), NULL for an offset */
  bool window_by_helper;    /* window_from is the project's, not a modelled search */
  bool window_may_be_start; /* a search's result: it may be the start itself */
  const char *window_dest;  /* STORED: the storage ("h->value"); KEPT: the callee */
  ll_location window_at;    /* where it left */
  /* EV_OVERSIZED_WINDOW: the block's size, the window's largest length and
   * what says so ("'h->name_len'", "'len'"), where the start is kept
   * ("h->line", NULL: returned) */
  long long block_bytes, window_bytes;
  const char *window_len_by, *window_base;
  /* Threads and counters (thread_module.c, counter_module.c): */
  bool thread_array;  /* the handles of threads started into the elements of an array */
  bool partial_start; /* EV_LEAK: a later start into the same array failed on this path */
  bool start_failed;  /* partial_start: that start itself failed (those before it run) */
  bool holds_threads; /* EV_LEAK of memory: it holds the ids of threads not yet joined */
  long long added, done;
  const char *detail;   /* the module's words on the event ("'i < n - 1'", a routine) */
  const ev_step *steps; /* acquisition to event, in order */
  unsigned nsteps;
} engine_event;

typedef void (*engine_sink)(const engine_event *ev, void *ctx);

/* Per-function results other functions' analyses use: stored in the
 * summary table (summaries.h). */
struct summary_table;

/* What the callers of a function tell about a call (program/call_contexts.h):
 * the constants they all pass.  A walk in a context starts with those
 * parameters bound to their constants. */
typedef struct engine_context {
  unsigned nparams;
  const bool *param_known; /* parameter i is the constant param_value[i] */
  const long long *param_value;
} engine_context;

typedef struct engine_options {
  const model_set *models;
  struct summary_table *summaries; /* read for callees, written for this function */
  unsigned budget;                 /* states per function */
  bool verbose;
  /* Another definition of the same function (a unit that #includes a .c
   * file, an extern inline in a header) already wrote its summary: walk
   * for findings, write nothing. */
  bool summary_written;
  /* When set, the walk is for findings in this calling context only. */
  const engine_context *context;
  /* Nonzero: a walk with parameter when_arg1 - 1 bound to when_value,
   * for the summary of calls that pass that constant (summaries.h). */
  int when_arg1;
  long long when_value;
  /* engine_handed_locks()'s result for the program, or NULL */
  const struct key_set *handed_locks;
} engine_options;

struct key_set;
/* The lock keys some function of fns unlocks though it never takes them
 * first, where no parameter or global names the lock (extstore_write()
 * unlocking p->mutex, p = &e->pages[io->page_id]): the other half of a
 * function that returns holding such a lock on purpose, saying so by its
 * return (extstore_write_request()'s return 0).  Keys are matched by
 * text.  Adds them to out. */
void engine_handed_locks(ir_func *const *fns, size_t n, const model_set *models,
                         struct key_set *out);

/* The identity of the object a call's handle argument names, as the walk
 * keys locks and objects initialised in place ("c->mu" for &c->mu, "*t"
 * for t), or NULL when the call does not name one. */
const char *engine_handle_key(const ir_instr *in, const api_fn *fn);

/* The name a counter group is known by across functions: its last member
 * ("wg" for "p->wg", "pool.wg" or "*wg"). */
const char *counter_group_name(const char *key);

/* The key relative to one of f's parameters ("->mu", "" for "*p", with
 * *arg set), or a global's name (*arg -1); NULL if neither. */
const char *engine_param_relative(const ir_func *f, const char *key, int *arg);

/* The name a channel is known by across functions, or NULL when the key
 * names no object another function could name too: the last member of
 * the object ("cond" for "pool->cond", "ready" for a global), a pipe's two
 * ends as one ("done" for "*f->done[0]" and "*f->done[1]": m->two_ended).
 * A channel reached through a pointer variable ("*cv") has no name; one
 * held by pointer in a member ("*w->results") is named by the member. */
const char *channel_name(const char *key, const struct api_model *m);

/* The key a channel call names (engine_handle_key), and for an element of
 * an array passed by offset (&conds[i], &qs[i] with a field) the array's:
 * what channel_name() is asked of. */
const char *channel_key(const ir_instr *in, const api_fn *fn);

/* "*family": the subject of a wake through a pointer, which may wake any
 * channel of m's family (checks/program_facts.h). */
const char *channel_any(const struct api_model *m);

/* Runs the engine over f, calling sink for each event (deduplicated per
 * acquisition), and records f's summary.  Returns false if the budget ran
 * out (no events were delivered). */
bool engine_run(const ir_func *f, const engine_options *opt, engine_sink sink, void *ctx);

#endif
