/* models.h - API models: which calls acquire, release, arm, borrow or keep a
 * handle.  Loaded from rules/ (*.json files) (format: rules/README.md).  The engine and
 * the checkers learn about APIs only through this table; no checker names an
 * API function itself.
 *
 * Ownership: a model_set owns every model, entry and string in it;
 * model_set_free() releases them all.  Lookups return borrowed pointers that
 * live as long as the set.
 */
#ifndef LEAKLINT_MODELS_H
#define LEAKLINT_MODELS_H

#include <stdbool.h>
#include <stddef.h>

/* What kind of thing a model family describes; checkers pick families by
 * the rules a model lists, the engine by its kind. */
typedef enum {
  MODEL_RESOURCE, /* memory, FILE*, fd, socket, DIR*, ... released once */
  MODEL_LOCK,     /* identity is the lock object's expression (&c->mu) */
  MODEL_TIMER,    /* created, armed, stopped or deleted */
  MODEL_THREAD,   /* created, then joined or detached */
  MODEL_COUNTER,  /* wait-group-like counts: add/done, barrier init/wait */
  MODEL_CHANNEL,  /* waits and wakes: condvars, pipes, queues */
} model_kind;

/* Whether a handle of this kind is a value its holder must end: dropping
 * the only copy of one a call returns (a discarded malloc() result or
 * timer id) loses it.  Locks are named by address, threads, counters and
 * channels by the objects they live in. */
static inline bool model_kind_owns_returned_handle(model_kind k) {
  return k == MODEL_RESOURCE || k == MODEL_TIMER;
}

/* Where the handle of a call is. */
typedef enum {
  HANDLE_NONE,
  HANDLE_RETURN, /* the return value:             p = malloc(n)          */
  HANDLE_ARG,    /* an argument's value:           free(p), lock(&m)      */
  HANDLE_OUT,    /* stored through a pointer arg:   pipe(fds), timer_create(.., &t) */
} handle_where;

typedef struct handle_spec {
  handle_where where;
  int arg;   /* argument index for HANDLE_ARG / HANDLE_OUT */
  int count; /* HANDLE_OUT: number of array elements (pipe: 2); else 1 */
} handle_spec;

/* How a call reports failure, so that the failure branch owns nothing. */
typedef enum {
  FAIL_NONE,       /* cannot fail, or failure is not reported */
  FAIL_NULL,       /* returns NULL                       (malloc, fopen)     */
  FAIL_NEGATIVE,   /* returns < 0                        (open, socket)      */
  FAIL_NONZERO,    /* returns != 0                       (pthread_create)    */
  FAIL_MAP_FAILED, /* returns MAP_FAILED, ((void *)-1)   (mmap)              */
  FAIL_ZERO,       /* returns 0                          (g_timeout_add id)  */
} failure_kind;

typedef enum {
  ACT_ACQUIRE,     /* creates the handle (or takes the lock) */
  ACT_RELEASE,     /* ends it: free, fclose, unlock, timer_delete, join, detach */
  ACT_REALLOC,     /* releases old_arg once the result is checked, returns a new handle */
  ACT_ARM,         /* starts a timer (timer_settime, uv_timer_start, event_add) */
  ACT_STOP,        /* stops a timer without freeing it (uv_timer_stop, event_del) */
  ACT_BORROW,      /* uses handles in its arguments without keeping them */
  ACT_KEEP,        /* keeps (takes ownership of) the listed arguments */
  ACT_WAIT,        /* blocks on the handle: cond_wait, read on a pipe, join */
  ACT_WAKE,        /* wakes waiters: cond_signal, write/close on a pipe */
  ACT_ADD,         /* counter: adds the amount argument (1 without one) to the count */
  ACT_DONE,        /* counter: one party is done, the count goes down by one */
  ACT_SELF,        /* thread: returns the calling thread's own handle (pthread_self) */
  ACT_DETACH_ATTR, /* thread: the attributes object (the handle) makes the threads created
                      with it detached, when the value argument is the constant equals */
  ACT_POST,        /* counter: one more for a waiter to take (sem_post); repeated, it is normal */
} api_action;

struct api_model;

/* One function's role in one family. */
typedef struct api_fn {
  const char *name;
  api_action action;
  handle_spec handle;   /* ACQUIRE/RELEASE/REALLOC/ARM/STOP/WAIT/WAKE */
  failure_kind failure; /* ACQUIRE/REALLOC: how failure is reported */
  bool must_check;      /* ACQUIRE of a lock: result must be tested (trylock) */
  bool shared;          /* ACQUIRE of a lock: a reader lock (rdlock) */
  int old_arg;          /* REALLOC: the argument released on success */
  int repeat_arg;       /* ARM: argument holding the repeat interval, -1 if none */
  int callback_arg;     /* ACQUIRE/ARM of a timer: callback whose return decides
                           whether it repeats, -1 if none */
  bool repeats;         /* ACQUIRE/ARM: repeats unless stopped (g_timeout_add) */
  /* ACQUIRE: the memory cannot be written (mmap(.., PROT_READ, ..)): a write
   * through it crashes, so the path ends there (redis's DEBUG SEGFAULT) */
  bool read_only;
  /* ACQUIRE of an outN handle: the slot may already hold a block, which
   * the call keeps or moves (getline(&line, &n, f)): a live handle there
   * stays the same handle, NULL becomes a new one, and anything else (a
   * block the walk does not know) is not tracked. */
  bool reuses;
  unsigned args_mask; /* BORROW/KEEP: bit i = argument i; ~0u = all */
  /* BORROW: the result is argument returns_arg itself (memcpy, strcpy
   * return their destination), so a wrapper's return memcpy(p, s, n)
   * returns p. */
  bool returns_alias;
  int returns_arg;
  bool returns_or_null; /* "or_null": the argument or NULL (realpath, getcwd) */
  /* "or_minus_one": the integer argument or -1 (dup2 returns
   * the descriptor it was asked for, or -1) */
  bool returns_or_minus_one;
  /* BORROW: the result points into the block argument returns_arg points
   * to (or, for a T ** argument, the block *arg points to), or is NULL:
   * strchr, strstr, strsep.  It may be the block's start itself, unless
   * returns_past_start (a summary's helper that returns strchr(s, c) + 1). */
  bool returns_inside;
  bool returns_past_start;
  /* BORROW: the bytes argument copy_src points to are copied to where
   * copy_dst points (memcpy(&slot, &p, sizeof p) stores the handle p). */
  bool copies;
  int copy_dst, copy_src;
  const struct api_model *model;
  /* Callee summaries only (NULL in rules files): the lock the function takes
   * or drops, relative to its handle argument: "->mu" for lock_conn(c)
   * locking &c->mu, "" for the argument itself.  With handle.arg -1 the
   * lock is the global named here. */
  const char *handle_field;
  /* Callee summaries only: ACQUIRE whose failure is also told through an
   * int * argument (sort_items(.., &too_deep) sets *too_deep only when it
   * returns NULL): that argument's index + 1, 0 for none. */
  int fail_flag_arg1;
  /* Callee summaries only: KEEP of what the arguments point to, not of the
   * arguments themselves (prompt_create(&pd) storing pd->data). */
  bool keeps_contents;
  /* Callee summaries only: KEEP on the paths that return 0, while the paths
   * that return another constant leave the arguments with the caller
   * (menu_display(menu, ..) != 0: the menu is still the caller's). */
  bool kept_unless_fails;
  /* Callee summaries only: KEEP that releases the argument on some paths
   * (a reference count dropped: decrRefCount(o)). */
  bool releases_sometimes;
  /* Callee summaries only: RELEASE through the pointer on the paths that
   * return another constant than 0, none where it returns 0
   * (net__socket_nonblock(&sock) closing *sock when it fails). */
  bool released_if_fails;
  /* Counters (rules/README.md): the argument holding a count, + 1 (0: none):
   * the amount an ACT_ADD adds, the initial count an ACT_ACQUIRE sets
   * (sem_init's value, pthread_barrier_init's count); of a channel's
   * ACT_ACQUIRE, its capacity or initial count. */
  int amount_arg1;
  /* ACQUIRE, REALLOC of memory: the argument holding the block's size in
   * bytes, + 1 (0: not said), times the argument size_times_arg1 - 1 when
   * that is not 0 (calloc's count and element size), so that a block of a
   * known size is known (retained-subbuffer's big block). */
  int size_arg1, size_times_arg1;
  /* ACQUIRE of a thread: the attributes argument, + 1 (0: none). */
  int attr_arg1;
  /* ACT_DETACH_ATTR: the argument compared with equals, + 1.  Any other
   * entry with value_arg1 applies only to calls whose argument holds the
   * constant equals, or is spelled as the macro equals_name (syscall's
   * SYS_close, whose number differs by architecture); see
   * model_lookup_call. */
  int value_arg1;
  long long equals;
  const char *equals_name;
  /* Callee summaries only: a thread start routine that detaches itself
   * first thing (pthread_detach(pthread_self())). */
  bool detaches_self;
  /* ACT_WAIT: returns when a timeout expires (pthread_cond_timedwait), so
   * it never blocks forever; ACT_WAKE of a channel: a send that gives up
   * after a timeout (mq_timedsend). */
  bool timed;
  /* ACT_WAKE of a channel: a send that waits for its receiver while the
   * channel has no room (Go's send on an unbuffered channel). */
  bool blocks;
  /* ACT_WAKE of a channel: wakes only who waits now, and is lost when
   * nobody does (pthread_cond_signal; not sem_post, write, a push). */
  bool transient;
  /* ACT_WAKE of a channel: closes it (close() of a pipe's end, a project's
   * chan_close): no message, but every later send fails and every receive
   * returns. */
  bool closes;
  /* ACT_WAIT and ACT_WAKE of a channel, in summaries only: a receive (it
   * takes an item, where a condition's own wait only waits for a state),
   * send or close of a project's queue (engine/channel_infer.h), named by
   * the queue and its condition (channel_queue_name). */
  bool queue_op;
  /* where this entry was defined, for error messages and --verbose */
  const char *file;
  unsigned line;
} api_fn;

typedef struct api_model {
  char *family; /* "stdio", "pthread-mutex" */
  model_kind kind;
  unsigned rules;     /* RULE_BIT() of each rule that uses this family */
  bool recursive;     /* MODEL_LOCK: may be taken again by its holder */
  bool two_ended;     /* MODEL_CHANNEL: made as two ends (pipe): waits on [0], wakes on [1] */
  bool buffered;      /* MODEL_CHANNEL: made with a capacity or initial count (an acquire's
                         amount): a wait may take what it started with */
  bool signals;       /* MODEL_CHANNEL: a wake is transient (a condition variable): a wait
                         waits for a state, it takes no message */
  char *description;  /* one line, for messages: "FILE stream" */
  char *release_hint; /* "fclose()" - what the fix text tells users to call */
  /* "pthread_join(%s, NULL)": the release as code, %s the handle, for fixes
   * a hint cannot spell (its other arguments); NULL when not given */
  char *release_code;
  char *file; /* the rules file that last declared it */
} api_model;
/* The char * fields are malloc'd and owned by the set: replace one by
 * free()ing it and storing an xstrdup()'d copy. */

typedef struct model_set model_set;

model_set *model_set_new(void);
void model_set_free(model_set *set);

/* Loads every *.json in dir (sorted by name) into set.  A later entry with
 * the same function, action and family replaces the earlier one, so --rules
 * DIR can override the built-in models; entries of other families coexist
 * (close() releases fd, socket, pipe, ...).  A family declared again keeps
 * its kind and takes the new file's description, release_hint, rules and
 * recursive where given.  On error returns -1 and writes one line,
 * "file:line:col: message" ("path: cannot read: ..." for I/O), into err;
 * a file with an error adds nothing, and files after it are not read. */
int model_set_load_dir(model_set *set, const char *dir, char *err, size_t errlen);
int model_set_load_file(model_set *set, const char *path, char *err, size_t errlen);
/* Parses one JSON document; path names it in errors. */
int model_set_load_string(model_set *set, const char *path, const char *json, char *err,
                          size_t errlen);

/* Every entry for name (a function can be the release of several families,
 * as close() is), NULL-terminated; NULL when name has none. */
const api_fn *const *model_lookup(const model_set *set, const char *name);
/* The first entry for name with the given action, or NULL. */
/* Whether argument arg (from 0) of the call at hand holds the constant
 * equals, or is spelled as the macro equals_name when that is not NULL. */
typedef bool (*model_arg_test)(const void *call, int arg, long long equals,
                               const char *equals_name);
/* Whether fn applies only to calls whose argument holds a constant. */
bool model_fn_is_conditional(const api_fn *fn);
/* Whether two conditional entries have the same condition. */
bool model_fn_same_condition(const api_fn *a, const api_fn *b);
/* The entries for one call of name: those of the first condition the call
 * meets (holds asks of each), else those without a condition.  Only
 * model_lookup_call sees conditional entries; model_lookup never does. */
const api_fn *const *model_lookup_call(const model_set *set, const char *name, model_arg_test holds,
                                       const void *call);
const api_fn *model_lookup_action(const model_set *set, const char *name, api_action action);

/* Adds one entry at run time (callee summaries are entries too), replacing
 * as the loader does.  Copies name, file and handle_field; model must belong to set (see
 * model_set_family), else returns NULL.  Replaced entries stay valid until
 * model_set_free().  The set has no lock: add before sharing it between
 * threads; lookups may run concurrently while nothing adds. */
const api_fn *model_set_add(model_set *set, const api_fn *fn);
/* The family named family, created with the given kind (and the default
 * rules of that kind) if missing; NULL if it exists with another kind. */
api_model *model_set_family(model_set *set, const char *family, model_kind kind);

size_t model_set_count(const model_set *set);
/* Iteration over all models, for --list-rules and tests; NULL past the end. */
const api_model *model_set_model(const model_set *set, size_t i);

/* "resource", "acquire", ...; NULL for a value outside the enum. */
const char *model_kind_name(model_kind k);
const char *api_action_name(api_action a);

#endif
