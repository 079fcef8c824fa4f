/* walk.h - the path walk's own state and the operations that domain modules
 * (module.h) call back into.  Private to the engine's files.
 *
 * The walk knows paths, bindings, failure splits, loops, budgets, escapes
 * and callee summaries; it knows no lock and no timer.  What a lock or a
 * timer is lives in a module, which sees the walk through this header. */
#ifndef LEAKLINT_WALK_H
#define LEAKLINT_WALK_H

#include "arena.h"
#include "engine.h"
#include "engine_state.h"
#include "key_liveness.h"
#include "hash_table.h"
#include "key_set.h"
#include "module.h"
#include "summaries.h"

enum { LOOP_ROUNDS = 2, MAX_STEPS = 24, MAX_SUCCS = 1024 };

/* A release call found anywhere in the function: where a handle is
 * released, for "released only after the loop". */
typedef struct release_site {
  const char *handle;
  int block;
  ll_location loc;
} release_site;

typedef struct param_exit {
  unsigned released, escaped, live;
  /* T **out parameters: exits where *out holds a new handle, and the first
   * acquisition that put one there */
  unsigned filled;
  const api_fn *filled_by;
  const api_fn *released_by; /* the call that released the parameter's value */
  /* int *p: exits that return the owned handle with *p == 0, and exits
   * that return the failure with *p != 0 (a failure flag) */
  unsigned flag_clear_on_ok, flag_set_on_fail;
  /* stores of p->field into memory: what p points to is kept */
  unsigned contents_stored;
  /* exits that return 0 with the parameter kept, exits that return another
   * constant with it still live */
  unsigned kept_on_zero, live_on_failure;
  /* exits that return another constant with it released, and 0 with it
   * still live (set_nonblock(&fd) closing fd when it fails) */
  unsigned released_on_failure, live_on_zero;
} param_exit;

typedef struct run {
  const ir_func *f;
  /* per block, the paths it releases (NULL-terminated; NULL: not yet
   * asked): releases under the code's own tests (res.release_guarded) */
  const char ***released_in;
  const engine_options *opt;
  arena ar;
  /* visited (block, state) hashes */
  hash_table seen;
  unsigned states;
  bool over_budget;
  /* buffered events */
  engine_event *events;
  unsigned nevents, cap_events;
  /* facts about a condition are kept only if it is tested twice */
  key_set twice;
  /* "=p=c" questions (p == c, p != c, if (p)) asked twice or more */
  key_set eq_twice;
  /* of those, the if (n) ones a loop from 0 to n asks again */
  key_set truth_bound;
  /* and those asked both as p == 0 (or != 0) and as if (p) */
  key_set eq_truth;
  /* "=p=0" for pointer variables p the function dereferences (p->x) and
   * asks about, directly or through a copy stored in memory: a path that
   * reads p->x has p != NULL */
  key_set deref_q;
  const char **deref_keys; /* per variable: its "=p=0", interned on first use */
  /* memory paths asked whether NULL that a pointer variable is copied to:
   * only those keep the copy (V_COPY) */
  key_set copy_asked;
  /* "=q=0" for the pointer variables q copied there: asked through the
   * copy, where no test names q */
  key_set copy_questions;
  /* where each recorded test answer can still be asked, and where each
   * variable (by name) can still be read */
  key_liveness fact_live, name_live;
  /* paths some path reads through (cf->conf_file in cf->conf_file->buffer):
   * only those keep an address stored in them (V_ADDR) */
  key_set read_through;
  /* paths some branch or switch tests: only their constants are worth
   * telling paths apart by */
  key_set tested;
  /* whole variables whose ranges the path keeps (value_ranges.h), when
   * use_ranges (off on the walk again of a function past its budget) */
  key_set ranged;
  bool use_ranges;
  release_site *releases;
  unsigned nreleases, cap_releases;
  uint8_t **after; /* per loop: the blocks after it (after_loop), built on demand */
  /* summary accumulation */
  unsigned nexits;
  param_exit *params;
  param_exit *deref_params; /* what happened to *p of each T ** parameter */
  const char **deref_names; /* "*p" for each T *p parameter (not T **), else NULL */
  unsigned ret_res, ret_null, ret_other;
  unsigned ret_zero, ret_nonzero; /* constant returns, for callbacks */
  unsigned ret_nonnull;           /* returns of a pointer that cannot be NULL */
  unsigned ret_minus_one;         /* failure returns that are -1, not 0 */
  unsigned ret_unchecked;         /* returns of the handle before any failure test */
  unsigned ret_handled;           /* failed acquisitions returned after a handler call */
  bool returning_owned;           /* the return being recorded hands over a live handle */
  value exit_value;               /* what the return being recorded returns */
  const api_fn *ret_fn;
  /* the instructions that acquired what the exits return: their size
   * arguments, when all the same parameter's, are the wrapper's */
  unsigned ret_acq_instr;
  bool ret_acq_mixed;
  const char *ret_via;
  /* pool = slot->pool, pool never written again nor slot->pool: keys
   * under alias_from[i] are named under alias_to[i] (lock keys) */
  const char **alias_from, **alias_to;
  unsigned naliases;
  /* each module's per-function data (module.h), in module_list.h's order */
  void *mod[ENGINE_MODULE_COUNT];
} run;

/* --- what modules may call ---------------------------------------------- */

/* A new event of kind about r (NULL: none) at `at`; NULL when an equal or
 * better one is already buffered.  rank: how telling the path is. */
engine_event *walk_event(run *R, state *s, ev_kind kind, const res *r, ll_location at);
/* Adds a step at loc to the path s has taken (text interned or static). */
void walk_step(run *R, state *s, ll_location loc, const char *text);
/* r, still live, is lost at `at` (overwrite: its last handle was replaced). */
void walk_leak(run *R, state *s, int r, ll_location at, bool overwrite);
value walk_eval(state *s, const ir_operand *o);
/* Binds the write of v to dst (a local), or hands v away (memory, global). */
void walk_write(run *R, state *s, const ir_path *dst, value v, ll_location loc);
void walk_escape(state *s, int r);
/* Whether an edge from block `from` out of loop l leaves it early: from
 * neither the header nor a latch (a break, a goto out of it). */
bool walk_exits_early(const ir_func *f, int l, int from);
/* A new live resource made by fn at in, bound to handle. */
int walk_new_res(run *R, state *s, const ir_instr *in, const api_fn *fn, const char *via,
                 const char *handle);
/* The resource of status with identity key, or -1. */
int walk_find_keyed(const state *s, const char *key, int status);
/* What a keyed (lock-like) call acts on: the named field alone, or its
 * handle argument's object key, under the name R->alias_to gives it; NULL
 * when the call does not say. */
const char *walk_handle_key(const run *R, const ir_instr *in, const api_fn *fn);
/* The live resource fn's handle argument names, or -1. */
int walk_handle_res(state *s, const ir_instr *in, const api_fn *fn);
/* The name to show for the call (as written, for modelled macros). */
const char *walk_call_name(const run *R, const ir_instr *in);
/* Records a summary entry of the function being walked. */
void walk_add_summary(run *R, const api_fn *fn);
/* A module's own summaries of callee (NULL: none), kept under "#tag:name"
 * apart from the walk's; and adding one for the function being walked
 * (not in a calling context, nor when another definition wrote it). */
const api_fn *const *walk_own_summary(const run *R, const char *tag, const char *callee);
void walk_add_own_summary(run *R, const char *tag, const api_fn *fn);
/* The key relative to one of the function's parameters ("->mu", with *arg
 * set), or a global's name (*arg -1); NULL if neither. */
const char *walk_param_relative(const run *R, const char *key, int *arg);
/* The same, for f outside a walk: engine_param_relative (engine.h). */
/* walk_param_relative, also through a local that only copies a parameter
 * (struct fetch *f = arg; .. &f->group is arg's ->group). */
const char *walk_param_relative_copy(const run *R, const char *key, int *arg);
/* What the function called back through argument arg returns, by summary. */
returns_kind walk_callback_returns(const run *R, const ir_instr *in, int arg);
/* Whether direction dir of c is possible for a value that fails like k:
 * *can_fail, *can_ok.  Equality with a constant is decided exactly (a
 * handle that fails negative fails with -1 alone, a status with any
 * negative value); other comparisons by representatives. */
void walk_failure_directions(failure_kind k, bool is_handle, const ir_cond *c, bool dir,
                             bool *can_fail, bool *can_ok);
/* The models' and the summaries' entries for the call; s (or NULL: only
 * literal arguments are known) picks the summary of a calling context. */
const api_fn *const *walk_callee_entries(const run *R, state *s, const ir_instr *in,
                                         const api_fn *const **summary);

/* Whether r, made in a loop, is lost there when the loop comes round, with
 * a release or cleanup holder of its handle after the loop (the shape that
 * proves the code meant to end it). */
bool walk_lost_in_loop(run *R, const state *s, const res *r);
/* The blocks that run once loop l is done with (its test failed, a break
 * or a goto to a cleanup label left it), not its error returns; one byte
 * per block. */
const uint8_t *walk_after_loop(run *R, int l);
/* "=p=k": the question whether path p holds k (p == k, p != k, if (p)
 * with k 0), as the walk records it; "=p=0", whether p is NULL. */
const char *walk_eq_question(const char *path, long long k);
const char *walk_null_question(const char *path);
/* i < n with i an unsigned variable: when i is 0, the test is n != 0 (q),
 * whatever n's own type. */
bool walk_zero_bound_question(const run *R, const ir_cond *c, ir_cond *q);
/* A new resource bound to the call's result (old: the block a realloc
 * replaces, or -1); its index. */
int walk_acquire_return(run *R, state *s, const ir_instr *in, const api_fn *fn, int old);

/* V_RESULT values that are not an acquisition's status (c == 0) but a
 * module's: the module's number and what the value is (RESULT_STATUS,
 * RESULT_ID), so that a branch on it reaches that module. */
static inline value walk_module_result(int module, int what, int r) {
  return (value){.kind = V_RESULT, .res = r, .c = (long long)(module + 1) << 8 | what};
}
static inline bool walk_is_module_result(value v) {
  return v.kind == V_RESULT && v.c != 0;
}
static inline int walk_result_module(value v) {
  return (int)(v.c >> 8) - 1;
}
static inline int walk_result_what(value v) {
  return (int)(v.c & 0xff);
}
static inline bool walk_is_result(value v, int what) {
  return walk_is_module_result(v) && walk_result_what(v) == what;
}

#endif
