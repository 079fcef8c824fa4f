/* engine_state.h - one path's abstract state: the resources it has taken,
 * which paths hold them, which conditions it has assumed, how many times
 * it went round each loop.  Private to engine*.c. */
#ifndef LEAKLINT_ENGINE_STATE_H
#define LEAKLINT_ENGINE_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "models.h"

enum { R_LIVE, R_RELEASED, R_ESCAPED, R_FAILED };

/* Domain modules the engine has room for (module_list.h). */
enum { ENGINE_MAX_MODULES = 8 };

typedef struct res {
  const api_fn *acq; /* NULL: a parameter's incoming value (for summaries) */
  const char *via;
  const char *handle;     /* path it was bound to */
  const char *object_key; /* identity of an object named by address (a lock, a timer
                             initialised in place), NULL for handles held by value */
  ll_location loc;
  ll_location released_at;
  const api_fn *released_by; /* the call that released it */
  ll_location orphaned_at;   /* where its last handle was overwritten */
  unsigned acq_instr;
  unsigned group;   /* resources made by one call (pipe's two fds) */
  unsigned kept_by; /* group of the handle a call kept this for (0: none) */
  /* group of a call's status: released if that call failed (0: none) */
  unsigned freed_if_fails_by;
  int loop;
  int realloc_old; /* res index of the block this realloc result replaces */
  int param;       /* parameter index for incoming values, else -1 */
  int out_param;   /* stored through this T ** parameter (*out = p), else -1 */
  bool deref;      /* the incoming *p of a T ** parameter */
  uint8_t iter_at_acq;
  uint8_t status;
  bool checked;  /* failure test done, or none needed */
  bool seen_set; /* an out-parameter handle tested and found non-NULL */
  bool realloc_pending;
  /* failed, then a call through a pointer ran (zmalloc's oom handler):
   * returning it is "fails by not returning", not a NULL result */
  bool failure_handled;
  /* the path took the other side of a test that does not read the handle
   * and releases it on its one side (if (fieldlen) decrRefCount(fieldobj)):
   * the code's own rule of when it owns the handle, which the walk cannot
   * refute; a loss on this path is not reported */
  bool release_guarded;
  /* each domain module's own flags of this resource (module.h) */
  uint8_t mflags[ENGINE_MAX_MODULES];
  unsigned step_seq;
} res;

/* V_FAILFLAG: an int the acquisition res set nonzero if and only if it
 * failed (a callee's failure flag out-parameter). */
/* V_NONNULL: a pointer known not to be NULL, nothing else known of it. */
/* V_ADDR: the address of a local object (&buf), c holding the object's
 * interned path: what is read through the pointer is the object
 * (cf->conf_file = &conf_file; cf->conf_file->buffer is conf_file.buffer). */
/* V_COPY: a copy, stored in memory, of the pointer variable whose interned
 * name c holds, while that variable is not written: whether it is NULL is
 * the variable's question (node->next = old_node; if (node->next)). */
typedef enum {
  V_UNKNOWN,
  V_RES,
  V_RESULT,
  V_CONST,
  V_INTERIOR,
  V_FAILFLAG,
  V_NONNULL,
  V_ADDR,
  V_COPY
} vkind;

/* Where a V_INTERIOR value points in res's block (its c): a window is
 * judged only where it provably is not the start, or comes from a search. */
enum {
  IN_ANYWHERE,    /* an offset not known: perhaps the start itself */
  IN_FOUND,       /* a search's result (strchr): at the start or past it */
  IN_PAST_START,  /* provably past the start (strchr(..) + 1, a cursor stepped twice) */
  IN_AT_CONSTANT, /* the start plus a known constant: a header's size, a cursor's first step */
};

typedef struct value {
  vkind kind;
  int res;
  long long c;
} value;

static inline const char *value_addr_path(value v) {
  return (const char *)(intptr_t)v.c;
}

typedef struct binding {
  const char *path; /* interned */
  int var;
  value v;
} binding;

typedef struct fact {
  const char *text;     /* interned condition text */
  const ir_path *reads; /* variables it reads (owned by the IR) */
  unsigned nreads;
  bool value;
} fact;

/* What the path has learnt of a scalar variable no binding holds: its
 * value lies in [lo, hi] and, when has_ne, is not ne.  Variables copied
 * from one another share cls, so a test of either narrows both
 * (value_ranges.h). */
typedef struct range {
  int var;
  long long lo, hi, ne;
  bool has_ne;
  unsigned cls;
} range;

typedef struct step_node {
  const struct step_node *prev;
  ll_location loc;
  const char *text;
  unsigned seq;
} step_node;

typedef struct state {
  int block;
  res *res;
  unsigned nres, cap_res;
  binding *b;
  unsigned nb, cap_b;
  unsigned naddr; /* of those, V_ADDR ones: reads through them are tried only then */
  fact *facts;
  unsigned nfacts, cap_facts;
  range *ranges;
  unsigned nranges, cap_ranges, next_cls;
  uint8_t *iters; /* per loop */
  unsigned nloops;
  const step_node *steps;
  unsigned seq, next_group;
  /* standard descriptors 0-2 closed and not yet reopened: open() takes the
   * lowest free number, so the next descriptors are those streams again */
  unsigned closed_std;
} state;

state *state_new(unsigned nloops);
state *state_copy(const state *s);
void state_free(state *s);

binding *state_find(state *s, const char *path);
/* The value path holds, read through the addresses the state knows. */
value state_value_of(state *s, const char *path);
/* Drops the facts of tests that read path or a part of it (a store to
 * memory: cfg->options_file = ..). */
void state_forget_path(state *s, const char *path);
/* path with each prefix p-> that holds &obj read as obj. (the longest
 * first, again on the result); NULL when no prefix holds an address. */
const char *state_through_address(const state *s, const char *path);
/* Binds path (replacing any binding of it). */
void state_bind(state *s, const char *path, int var, value v);
void state_unbind_at(state *s, unsigned i);
/* Number of bindings that hold r (as a handle or an interior pointer). */
unsigned state_refs(const state *s, int r);
int state_add_res(state *s, const res *r);
const fact *state_fact(const state *s, const char *text);
void state_set_fact(state *s, const ir_cond *c, bool value);
/* Forgets what was assumed about conditions that read var, and var's range.
 * A condition read by another variable of the same name counts too: sibling
 * scopes' `int i` read alike ("i < n"), and the text is what a fact is
 * known by. */
void state_forget_var(state *s, const ir_func *f, int var);
uint64_t state_hash(const state *s);

#endif
