/* thread_module.c - what a thread is to the walk: a resource started by a
 * create call and ended by a join or a detach.  A single handle in a local
 * is the walk's ordinary business (lost when overwritten or when the path
 * returns); this module adds what threads do differently:
 *
 *  - threads started into the elements of an array (pthread_create(&tids[i])
 *    in a loop) are one resource each, named by the array, and a join of
 *    any element (the join loop) ends them all; a start that fails while
 *    earlier ones run is the partial start that must join them;
 *  - a thread created with a detached attributes object, or whose start
 *    routine detaches itself first thing, needs no join;
 *  - a function that joins the threads of an array its parameter holds
 *    (pool_stop(p) joining p->tids[i]) says so in its summary, so that its
 *    callers, in any unit, count the threads as joined;
 *  - a join loop whose bound is below the create loop's bound, and an array
 *    freed while the threads it names run, are events of their own;
 *  - a join loop left early (a break, a return inside it) has not joined
 *    the threads after that point, unless the create loop could stop
 *    early too (the join loop then mirrors where it stopped). */
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "walk.h"

/* The module's flags of a resource (res.mflags[MODULE_thread]). */
enum {
  ARRAY = 1 << 0,        /* one of the threads started into an array's elements */
  IN_MEMORY = 1 << 1,    /* that array is reached through memory the function does not own */
  PARTIAL = 1 << 2,      /* live when a later start into the same array failed */
  WRAPPED = 1 << 3,      /* started into the caller's handle: this function wraps the create */
  HOLDS = 1 << 4,        /* of a memory block: holds the ids of threads not yet joined */
  START_FAILED = 1 << 5, /* PARTIAL because the start itself failed: the
                            started ones are those before its index */
};

/* The block a local pointer holds, flagged as holding thread ids or not:
 * its leak is then the threads' finding (join first, then free). */
static void mark_block(state *s, const char *base, bool holds) {
  value v = state_value_of(s, base);
  if (v.kind != V_RES)
    return;
  if (holds)
    s->res[v.res].mflags[MODULE_thread] |= HOLDS;
  else
    s->res[v.res].mflags[MODULE_thread] &= (uint8_t)~HOLDS;
}

/* The loop that first started threads into an array. */
typedef struct array_start {
  const char *base;
  int loop;
  signed char stops_early; /* whether loop can be left early: -1 until asked */
} array_start;

/* A join of the threads of an array a parameter reaches, for the summary. */
typedef struct param_join {
  int arg;
  const char *field; /* "->tids", or "" for the parameter itself */
  const api_fn *fn;
} param_join;

/* A loop that joins elements of an array: entering it joins them all (the
 * loop goes round once per thread, unless its bound says otherwise). */
typedef struct join_loop {
  int loop;
  const char *base;
  const ir_instr *in;
  const api_fn *fn;
} join_loop;

typedef struct thread_data {
  key_set detached_attrs;    /* attributes objects set detached somewhere in the function */
  const api_fn *self_detach; /* the detach call of a routine that detaches itself first */
  array_start *starts;
  unsigned nstarts, cap_starts;
  param_join *joins;
  unsigned njoins, cap_joins;
  join_loop *join_loops;
  unsigned njoin_loops, cap_join_loops;
  /* a wrapper (spawn(pthread_t *t, ..) { return pthread_create(t, ..); }):
   * the create, the parameter, and its exits: started, failed and saying
   * so by a nonzero return, or anything else */
  const api_fn *wrapped;
  int wrapped_param;
  unsigned wrap_ok, wrap_failed, wrap_other;
  unsigned wrap_passes; /* ok exits returning the create's own status */
} thread_data;

static bool is_thread(const api_fn *fn) {
  return fn->model && fn->model->kind == MODEL_THREAD;
}

static bool has(const res *r, uint8_t f) {
  return r->mflags[MODULE_thread] & f;
}

static const char *intern_prefix(const char *text, size_t n) {
  char *t = xstrndup(text, n);
  const char *k = intern(t);
  free(t);
  return k;
}

/* The array an operand names an element of: "tids" for &tids[i], tids + i
 * and tids[i]; "p->ws" for &p->ws[i].tid; NULL if it names no element. */
static const char *element_base(const ir_operand *a) {
  if (a->kind == OPD_OFFSET)
    return a->path.text;
  if ((a->kind != OPD_ADDR && a->kind != OPD_PATH) || !a->path.text)
    return NULL;
  const char *b = strchr(a->path.text, '[');
  return b && b != a->path.text ? intern_prefix(a->path.text, (size_t)(b - a->path.text)) : NULL;
}

/* Whether the array is the function's own: a local array, or the block a
 * local pointer holds (its owner is this function's business, which the
 * walk's escapes tell). */
static bool local_array(const run *R, const ir_operand *a, const char *base) {
  int v = a->path.var;
  if (v < 0 || R->f->vars[v].name != base)
    return false;
  return R->f->vars[v].kind == VAR_LOCAL;
}

/* The object a call's argument i names, as the walk keys objects. */
static const char *arg_key(const ir_instr *in, const api_fn *fn, int i) {
  api_fn probe = *fn;
  probe.handle = (handle_spec){.where = HANDLE_ARG, .arg = i, .count = 1};
  probe.handle_field = NULL;
  return engine_handle_key(in, &probe);
}

static const ir_operand *routine_arg(const ir_instr *in) {
  for (unsigned i = 0; i < in->nargs; i++)
    if (in->args[i].kind == OPD_FUNC)
      return &in->args[i];
  return NULL;
}

/* Started detached: by its attributes object, or by its routine; or a
 * routine that never returns (a daemon loop: there is nothing to join). */
static bool starts_detached(const run *R, const thread_data *T, const ir_instr *in,
                            const api_fn *fn) {
  if (fn->attr_arg1 && (unsigned)fn->attr_arg1 <= in->nargs) {
    const char *key = arg_key(in, fn, fn->attr_arg1 - 1);
    if (key && key_in(&T->detached_attrs, key))
      return true;
  }
  const ir_operand *routine = routine_arg(in);
  const api_fn *const *e = routine && R->opt->summaries
                               ? summary_lookup(R->opt->summaries, R->f->unit_path, routine->text)
                               : NULL;
  for (; e && *e; e++)
    if ((*e)->detaches_self)
      return true;
  return routine && R->opt->summaries &&
         summary_returns(R->opt->summaries, R->f->unit_path, routine->text) == RETURNS_NEVER;
}

static void note_start_loop(run *R, thread_data *T, state *s, const char *base) {
  for (unsigned i = 0; i < T->nstarts; i++)
    if (T->starts[i].base == base)
      return;
  LL_GROW(T->starts, T->nstarts, T->cap_starts);
  T->starts[T->nstarts++] =
      (array_start){.base = base, .loop = R->f->blocks[s->block].loop, .stops_early = -1};
}

/* One more thread started into array base: a resource of its own, bound
 * (when the array is local) under a name of its own inside the array, so
 * that the walk's escapes of the array take it along and no later start
 * overwrites it. */
static int start_into_array(run *R, thread_data *T, state *s, const ir_instr *in, const api_fn *fn,
                            const ir_operand *a, const char *base) {
  int r = walk_new_res(R, s, in, fn, walk_call_name(R, in), base);
  bool local = local_array(R, a, base);
  s->res[r].mflags[MODULE_thread] = ARRAY | (local ? 0 : IN_MEMORY);
  note_start_loop(R, T, s, base);
  mark_block(s, base, true);
  if (local)
    for (unsigned k = 0;; k++) {
      char *t = xasprintf("%s[#%u.%u]", base, in->id, k);
      const char *name = intern(t);
      free(t);
      if (!state_find(s, name)) {
        state_bind(s, name, a->path.var, (value){.kind = V_RES, .res = r});
        break;
      }
    }
  return r;
}

static bool start(run *R, thread_data *T, state *s, const ir_instr *in, const api_fn *fn,
                  bool *covered, bool *acquired) {
  const ir_operand *a = fn->handle.where != HANDLE_RETURN && (unsigned)fn->handle.arg < in->nargs
                            ? &in->args[fn->handle.arg]
                            : NULL;
  bool detached = starts_detached(R, T, in, fn);
  const char *base = a ? element_base(a) : NULL;
  int v = a && a->kind == OPD_PATH ? a->path.var : -1;
  if (!detached && !base && v >= 0 && (unsigned)v < R->f->nparams &&
      a->path.text == R->f->vars[v].name && fn->handle.where == HANDLE_OUT) {
    /* the caller's handle: this function is a create of its own */
    *acquired = true;
    if (fn->handle.arg < 32)
      covered[fn->handle.arg] = true;
    int r = walk_new_res(R, s, in, fn, walk_call_name(R, in), a->path.text);
    s->res[r].status = R_ESCAPED;
    s->res[r].mflags[MODULE_thread] = WRAPPED;
    if (!T->wrapped || T->wrapped_param == v)
      T->wrapped = fn, T->wrapped_param = v;
    if (in->has_dst)
      walk_write(R, s, &in->dst, (value){.kind = V_RESULT, .res = r}, in->loc);
    return true;
  }
  if (!a && fn->handle.where == HANDLE_RETURN && in->has_dst && !in->dst.via_memory) {
    /* threads[i] = g_thread_new(...) */
    ir_operand d = {.kind = OPD_PATH, .path = in->dst};
    base = element_base(&d);
  }
  if (!detached && !base)
    return false; /* a single handle: the walk's own tracking */
  *acquired = true;
  if (fn->handle.arg >= 0 && fn->handle.arg < 32)
    covered[fn->handle.arg] = true;
  int r;
  if (base && !detached) {
    ir_operand d = {.kind = OPD_PATH, .path = in->dst};
    r = start_into_array(R, T, s, in, fn, a ? a : &d, base);
  } else {
    r = walk_new_res(R, s, in, fn, walk_call_name(R, in), a && a->path.text ? a->path.text : "");
    s->res[r].status = R_RELEASED; /* detached: ends by itself */
    s->res[r].released_at = in->loc;
  }
  if (in->has_dst)
    walk_write(R, s, &in->dst, (value){.kind = V_RESULT, .res = r}, in->loc);
  return true;
}

/* The create loop's and the join loop's bounds, when the join loop stops
 * short by construction: created while i < n, joined while i < n - 1, or
 * constant bounds with fewer joins.  Returns the join loop's test. */
static const ir_cond *loop_bound(const ir_func *f, int l) {
  if (l < 0)
    return NULL;
  const ir_term *t = &f->blocks[f->loops[l].header].term;
  if (t->kind != T_BRANCH || (t->cond.op != C_LT && t->cond.op != C_LE && t->cond.op != C_NE))
    return NULL;
  return &t->cond;
}

/* The bound as written: "n", "n-1" (the test's text after its operator,
 * for an expression the IR keeps opaque). */
static const char *bound_text(const ir_cond *c) {
  if (c->rhs_const)
    return NULL;
  const ir_operand *o = &c->rhs_opd;
  if (o->kind == OPD_PATH)
    return o->path.text;
  if (o->kind != OPD_OTHER || !c->text)
    return NULL;
  const char *op = c->op == C_LT ? " < " : c->op == C_LE ? " <= " : " != ";
  const char *at = strstr(c->text, op);
  return at ? at + strlen(op) : NULL;
}

static bool joins_fewer(const ir_cond *made, const ir_cond *joined) {
  if (made->rhs_const && joined->rhs_const)
    return joined->rhs + (joined->op == C_LE) < made->rhs + (made->op == C_LE);
  const char *m = bound_text(made), *j = bound_text(joined);
  if (!m || !j || made->op != joined->op)
    return false;
  size_t n = strlen(m);
  if (strncmp(j, m, n) != 0)
    return false;
  j += n;
  while (*j == ' ')
    j++;
  return *j == '-';
}

static void check_join_bound(run *R, thread_data *T, state *s, const ir_instr *in, const char *base,
                             int r) {
  for (unsigned i = 0; i < T->nstarts; i++) {
    if (T->starts[i].base != base)
      continue;
    int jl = R->f->blocks[s->block].loop;
    const ir_cond *made = loop_bound(R->f, T->starts[i].loop);
    const ir_cond *joined = jl != T->starts[i].loop ? loop_bound(R->f, jl) : NULL;
    if (!made || !joined || !joins_fewer(made, joined))
      return;
    engine_event *ev = walk_event(R, s, EV_JOINED_FEWER, &s->res[r], in->loc);
    if (ev) {
      ev->thread_array = true;
      char *t = xasprintf("started while '%s' but joined while '%s'", made->text, joined->text);
      ev->detail = intern(t);
      free(t);
    }
    return;
  }
}

/* Ends every live thread of array key; whether there was one. */
static bool join_array(run *R, thread_data *T, state *s, const ir_instr *in, const api_fn *fn,
                       const char *key, bool check_bound) {
  bool any = false;
  for (unsigned i = 0; i < s->nres; i++) {
    res *x = &s->res[i];
    if (!has(x, ARRAY) || x->handle != key || x->status != R_LIVE)
      continue;
    if (check_bound && !any)
      check_join_bound(R, T, s, in, key, (int)i);
    any = true;
    x->status = R_RELEASED;
    x->released_at = in->loc;
    x->released_by = fn;
  }
  if (any)
    mark_block(s, key, false);
  return any;
}

/* The join loop of the call's array, when the call is inside it: the
 * loop's exit joins them all, not the call. */
static const join_loop *join_loop_of(const run *R, const thread_data *T, const ir_instr *in,
                                     const state *s) {
  for (unsigned i = 0; i < T->njoin_loops; i++)
    if (T->join_loops[i].in == in && cfg_in_loop(R->f, s->block, T->join_loops[i].loop))
      return &T->join_loops[i];
  return NULL;
}

static bool join(run *R, thread_data *T, state *s, const ir_instr *in, const api_fn *fn,
                 bool *covered) {
  if (fn->handle.arg < 0 || (unsigned)fn->handle.arg >= in->nargs)
    return fn->handle_field != NULL;
  const ir_operand *a = &in->args[fn->handle.arg];
  if (fn->handle.arg < 32)
    covered[fn->handle.arg] = true;
  if (fn->handle_field) {
    /* pool_stop(p): joins the threads of p->tids */
    if ((a->kind == OPD_PATH || a->kind == OPD_OFFSET) && a->path.text) {
      char *t = xasprintf("%s%s", a->path.text, fn->handle_field);
      join_array(R, T, s, in, fn, intern(t), false);
      free(t);
    }
    return true;
  }
  const char *base = element_base(a);
  if (!base)
    return false;
  if (join_loop_of(R, T, in, s))
    return true; /* joined as the loop ends */
  return join_array(R, T, s, in, fn, base, true);
}

static bool apply(run *R, void *data, state *s, const ir_instr *in, const api_fn *fn, bool *covered,
                  bool *acquired) {
  thread_data *T = data;
  if (!is_thread(fn))
    return false;
  if (fn->detaches_self)
    return true; /* a routine called directly: nothing to apply */
  if (fn->action == ACT_ACQUIRE)
    return start(R, T, s, in, fn, covered, acquired);
  if (fn->action == ACT_RELEASE)
    return join(R, T, s, in, fn, covered);
  return false;
}

/* Whether the entries release argument i as memory (free(tids)). */
static bool frees_arg(const api_fn *const *entries, unsigned i) {
  for (; entries && *entries; entries++)
    if ((*entries)->action == ACT_RELEASE && (*entries)->model &&
        (*entries)->model->kind == MODEL_RESOURCE && (*entries)->handle.arg == (int)i)
      return true;
  return false;
}

/* An array of running threads handed to a call: freed, the threads can no
 * longer be joined; given to a callee nothing is known of (a function
 * pointer, a library), it may join them. */
static void call(run *R, void *data, state *s, const ir_instr *in, const api_fn *const *entries,
                 const api_fn *const *summary) {
  (void)data;
  bool arrays = false; /* most paths run no thread array: nothing to do */
  for (unsigned k = 0; k < s->nres && !arrays; k++)
    arrays = has(&s->res[k], ARRAY) && s->res[k].status == R_LIVE;
  if (!arrays)
    return;
  bool unknown = !entries && !summary &&
                 !(in->callee && R->opt->summaries &&
                   summary_is_defined(R->opt->summaries, R->f->unit_path, in->callee));
  for (unsigned i = 0; i < in->nargs; i++) {
    const ir_operand *a = &in->args[i];
    if (a->kind != OPD_PATH || !a->path.text)
      continue;
    bool freed = frees_arg(entries, i);
    size_t n = strlen(a->path.text);
    for (unsigned k = 0; k < s->nres; k++) {
      res *x = &s->res[k];
      if (!has(x, ARRAY) || x->status != R_LIVE)
        continue;
      if (freed && x->handle == a->path.text) {
        engine_event *ev = walk_event(R, s, EV_FREED_UNJOINED, x, in->loc);
        if (ev) {
          ev->thread_array = true;
          ev->detail = walk_call_name(R, in);
        }
        for (unsigned j = k; j < s->nres; j++)
          if (has(&s->res[j], ARRAY) && s->res[j].handle == x->handle && s->res[j].status == R_LIVE)
            s->res[j].status = R_FAILED; /* reported once */
        mark_block(s, x->handle, false);
      } else if (unknown && has(x, IN_MEMORY) &&
                 (x->handle == a->path.text ||
                  (strncmp(x->handle, a->path.text, n) == 0 && x->handle[n] == '-'))) {
        walk_escape(s, (int)k);
      }
    }
  }
}

/* A failed start into an array is remembered while the path lives: it
 * tells the partial start apart from the array's owner ending it later. */
static bool keep(const res *r) {
  return (has(r, ARRAY) && r->status == R_FAILED) || has(r, WRAPPED);
}

/* A wrapper's exit: the thread started (whatever it returns), or the
 * create failed and the return says so (nonzero). */
static void exit_summary(run *R, void *data, state *s) {
  thread_data *T = data;
  if (!T->wrapped)
    return;
  int started = 0, failed = 0;
  for (unsigned i = 0; i < s->nres; i++)
    if (has(&s->res[i], WRAPPED) && s->res[i].acq == T->wrapped) {
      started += s->res[i].status == R_ESCAPED;
      failed += s->res[i].status == R_FAILED;
    }
  value v = R->exit_value;
  bool says_failed = (v.kind == V_CONST && v.c != 0) || v.kind == V_RESULT;
  bool says_ok = (v.kind == V_CONST && v.c == 0) || v.kind == V_RESULT;
  if (started && !failed && says_ok) {
    T->wrap_ok++;
    /* return pthread_create(t, ..): the caller's test of the result is
     * the create's own failure test */
    T->wrap_passes += v.kind == V_RESULT && v.res >= 0 && (unsigned)v.res < s->nres &&
                      has(&s->res[v.res], WRAPPED);
  } else if (failed && !started && says_failed)
    T->wrap_failed++;
  else
    T->wrap_other++;
}

/* Whether loop l publishes how many threads it started: a count in memory
 * stepped (p->nstarted++) or set from a variable (p->nthreads = i + 1), so
 * that the owner can join exactly those. */
static bool publishes_count(const ir_func *f, int l) {
  for (unsigned b = 0; b < f->nblocks; b++) {
    if (!f->blocks[b].reachable || !cfg_in_loop(f, (int)b, l))
      continue;
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op != I_ASSIGN || !in->dst.via_memory || strchr(in->dst.text, '['))
        continue; /* a field of one element (w->id = i) counts nothing */
      if ((in->src.kind == OPD_STEP && in->src.path.text == in->dst.text) ||
          (in->src.kind == OPD_PATH && !in->src.path.via_memory && in->src.path.var >= 0 &&
           !f->vars[in->src.path.var].is_pointer))
        return true;
    }
  }
  return false;
}

/* A thread started into a handle the caller passed is the caller's; threads
 * in memory the caller owns (p->tids) are the owner's to join, but
 * not after a failed start that left the owner unable to tell how many
 * run. */
static bool held_at_return(run *R, void *data, state *s, const res *r) {
  (void)data;
  int arg;
  if (r->object_key && r->acq && is_thread(r->acq) && walk_param_relative(R, r->object_key, &arg) &&
      arg >= 0)
    return true; /* started in the caller's handle (uv_thread_create(tid, ..)) */
  if (!has(r, ARRAY))
    return false;
  /* a start failed, or a later step of the start loop returned from
   * inside it (not through its end, a break or a cleanup label) */
  bool start_failed = false;
  for (unsigned i = 0; i < s->nres && !start_failed; i++)
    start_failed = has(&s->res[i], ARRAY) && s->res[i].handle == r->handle &&
                   s->res[i].status == R_FAILED && s->res[i].acq_instr == r->acq_instr;
  bool failed = start_failed || (r->loop >= 0 && !cfg_in_loop(R->f, s->block, r->loop) &&
                                 !walk_after_loop(R, r->loop)[s->block]);
  if (failed && has(r, IN_MEMORY) && r->loop >= 0 && publishes_count(R->f, r->loop))
    return true; /* the owner knows how many to join */
  if (failed)
    s->res[r - s->res].mflags[MODULE_thread] |= PARTIAL | (start_failed ? START_FAILED : 0);
  return has(r, IN_MEMORY) && !failed;
}

static void leak_event(const res *r, engine_event *ev) {
  ev->thread_array = has(r, ARRAY);
  ev->partial_start = has(r, PARTIAL);
  ev->start_failed = has(r, START_FAILED);
  ev->holds_threads = has(r, HOLDS);
}

/* The prescan: attributes objects made detached, a routine detaching
 * itself at its top, joins of arrays the parameters reach. */
static void prescan_call(run *R, void *data, const ir_instr *in, const api_fn *fn, int block,
                         unsigned idx) {
  thread_data *T = data;
  if (fn->action == ACT_DETACH_ATTR && (unsigned)fn->value_arg1 <= in->nargs && fn->value_arg1) {
    const ir_operand *v = &in->args[fn->value_arg1 - 1];
    const char *key = engine_handle_key(in, fn);
    if (v->kind == OPD_CONST && v->value == fn->equals && key)
      key_add(&T->detached_attrs, key);
    return;
  }
  if (!is_thread(fn) || fn->action != ACT_RELEASE || fn->handle.arg < 0 ||
      (unsigned)fn->handle.arg >= in->nargs)
    return;
  const ir_operand *a = &in->args[fn->handle.arg];
  const ir_block *bl = &R->f->blocks[block];
  if (block == R->f->entry && idx > 0 && a->kind == OPD_PATH && !fn->handle_field) {
    const ir_instr *prev = &bl->instrs[idx - 1];
    const api_fn *self = prev->op == I_CALL && prev->callee && prev->has_dst &&
                                 prev->dst.text == a->path.text && R->opt->models
                             ? model_lookup_action(R->opt->models, prev->callee, ACT_SELF)
                             : NULL;
    if (self)
      T->self_detach = fn;
  }
  const char *key = NULL;
  if (fn->handle_field && a->kind == OPD_PATH && a->path.text) {
    char *t = xasprintf("%s%s", a->path.text, fn->handle_field);
    key = intern(t);
    free(t);
  } else if (!fn->handle_field) {
    key = element_base(a);
    if (key && bl->loop >= 0) {
      LL_GROW(T->join_loops, T->njoin_loops, T->cap_join_loops);
      T->join_loops[T->njoin_loops++] =
          (join_loop){.loop = bl->loop, .base = key, .in = in, .fn = fn};
    }
  }
  if (!key)
    return;
  int arg = -1;
  const char *field = NULL;
  for (unsigned p = 0; p < R->f->nparams && !field; p++)
    if (R->f->vars[p].name == key)
      arg = (int)p, field = intern("");
  if (!field)
    field = walk_param_relative(R, key, &arg);
  if (!field || arg < 0)
    return;
  for (unsigned i = 0; i < T->njoins; i++)
    if (T->joins[i].arg == arg && T->joins[i].field == field)
      return;
  LL_GROW(T->joins, T->njoins, T->cap_joins);
  T->joins[T->njoins++] = (param_join){.arg = arg, .field = field, .fn = fn};
}

/* Whether loop l can be left early: by an edge that is a break, to code
 * that goes on to a return (not to abort()). */
static bool stops_early(const ir_func *f, int l) {
  if (l < 0)
    return false;
  int succ[64];
  uint8_t *set = xcalloc(f->nblocks, 1);
  int *work = xcalloc(f->nblocks + 1, sizeof *work);
  bool early = false;
  for (unsigned b = 0; b < f->nblocks && !early; b++) {
    if (!f->blocks[b].reachable || !cfg_in_loop(f, (int)b, l) || !walk_exits_early(f, l, (int)b))
      continue;
    unsigned n = cfg_succs(f, (int)b, succ, 64);
    for (unsigned i = 0; i < n && !early; i++) {
      if (cfg_in_loop(f, succ[i], l))
        continue;
      memset(set, 0, f->nblocks);
      work[0] = succ[i];
      set[succ[i]] = 1;
      cfg_reach(f, set, work, 1, -1);
      for (unsigned k = 0; k < f->nblocks && !early; k++)
        early = set[k] && f->blocks[k].term.kind == T_RETURN;
    }
  }
  free(set);
  free(work);
  return early;
}

/* Whether the loop that started the threads of base could stop early too:
 * a join loop stopping early then mirrors where it stopped. */
static bool start_stops_early(const run *R, thread_data *T, const char *base) {
  for (unsigned i = 0; i < T->nstarts; i++) {
    array_start *a = &T->starts[i];
    if (a->base != base)
      continue;
    if (a->stops_early < 0) /* asked on every path leaving a join loop: once */
      a->stops_early = stops_early(R->f, a->loop);
    if (a->stops_early)
      return true;
  }
  return false;
}

/* Leaving a join loop by its test (or, mirroring its create loop, early)
 * joins the threads of its array; a break or a return inside it before its
 * bound leaves the threads after that point unjoined. */
static void leave_loop(run *R, void *data, state *s, int l, int from, bool early) {
  (void)from;
  thread_data *T = data;

  for (unsigned i = 0; i < T->njoin_loops; i++) {
    const join_loop *k = &T->join_loops[i];
    if (k->loop == l && (!early || start_stops_early(R, T, k->base)))
      join_array(R, T, s, k->in, k->fn, k->base, !early);
  }
}

static void path_return(run *R, void *data, state *s, const ir_term *t) {
  (void)t;
  thread_data *T = data;
  for (unsigned i = 0; i < T->njoin_loops; i++) {
    const join_loop *k = &T->join_loops[i];
    if (cfg_in_loop(R->f, s->block, k->loop) && start_stops_early(R, T, k->base))
      join_array(R, T, s, k->in, k->fn, k->base, false);
  }
}

static void summarize(run *R, void *data) {
  thread_data *T = data;
  if (T->wrapped && T->wrap_ok && !T->wrap_other) {
    api_fn fn = *T->wrapped;
    fn.name = R->f->name;
    fn.handle = (handle_spec){.where = HANDLE_OUT, .arg = T->wrapped_param, .count = 1};
    fn.failure = T->wrap_failed || T->wrap_passes ? FAIL_NONZERO : FAIL_NONE;
    fn.attr_arg1 = 0;
    walk_add_summary(R, &fn);
  }
  for (unsigned i = 0; i < T->njoins; i++) {
    api_fn fn = *T->joins[i].fn;
    fn.name = R->f->name;
    fn.action = ACT_RELEASE;
    fn.handle = (handle_spec){.where = HANDLE_ARG, .arg = T->joins[i].arg, .count = 1};
    fn.handle_field = T->joins[i].field;
    walk_add_summary(R, &fn);
  }
  if (T->self_detach) {
    api_fn fn = *T->self_detach;
    fn.name = R->f->name;
    fn.action = ACT_BORROW;
    fn.args_mask = 0;
    fn.handle = (handle_spec){.where = HANDLE_NONE, .arg = -1, .count = 1};
    fn.detaches_self = true;
    walk_add_summary(R, &fn);
  }
}

static void fini(run *R, void *data) {
  (void)R;
  thread_data *T = data;
  key_set_free(&T->detached_attrs);
  free(T->starts);
  free(T->joins);
  free(T->join_loops);
}

const engine_module thread_module = {
    .name = "thread",
    .data_size = sizeof(thread_data),
    .prescan_call = prescan_call,
    .call = call,
    .leave_loop = leave_loop,
    .path_return = path_return,
    .apply = apply,
    .keep = keep,
    .held_at_return = held_at_return,
    .exit_summary = exit_summary,
    .leak_event = leak_event,
    .summarize = summarize,
    .fini = fini,
};
