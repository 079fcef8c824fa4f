/* counter_module.c - what a count is to the walk: wait-groups (add with an
 * amount, done, wait), barriers (a count of parties at init, each party's
 * wait) and semaphores (post, wait).  The walk's resources do not fit a
 * count, so each path keeps its counts per group in bindings of its own
 * ("#wg+:wg"), names no C path can have; they join and split with the
 * path like any constant.
 *
 * A thread started with a routine whose summary calls done (or waits on a
 * barrier) on what its argument points to promises one done (one party)
 * to the group the creator passes.  Per path the module raises what the
 * checker may report (the EV_COUNT_*, EV_DONE_* events of engine.h): an exit without the done
 * the function calls elsewhere, a second done, an add, a wait, and adds
 * against dones where everything happens in sight (no loop, constant
 * amounts).  Which of them are findings (an add or a missing done only in
 * a thread's routine) is the checker's call.
 *
 * A project's own wait-group over a mutex, a condition variable and a
 * counter field is inferred from the bodies: the count of a parameter
 * raised under a lock (add; by an amount parameter when there is one),
 * lowered under a lock with a wake (done), waited for in a loop testing it
 * (wait). */
#include <stdlib.h>
#include <string.h>

#include "rule_ids.h"
#include "walk.h"

/* What a path counts per group. */
enum { ADDED, DONE, PROMISED, UNKNOWN, LOOPED, POSTED, INIT, WAITED, NSLOTS };
static const char slot_tag[NSLOTS] = {'+', '-', 'p', '?', 'l', 's', 'i', 'w'};

typedef struct key_fn {
  const char *key;
  const api_fn *fn;
  unsigned with, without; /* exits that did / did not call it */
} key_fn;

typedef struct inferred {
  api_action action;
  int param, amount_arg1;
} inferred;

typedef struct counter_data {
  key_fn *dones; /* groups the function calls done or post on somewhere */
  unsigned ndones, cap_dones;
  key_fn *waits; /* groups it waits on */
  unsigned nwaits, cap_waits;
  key_fn *seen; /* every group a counter call names, and the first such call */
  unsigned nseen, cap_seen;
  inferred *inf;
  unsigned ninf, cap_inf;
  /* per instruction id: whether the call has counter entries (the walk
   * asks at every call on every path; the prescan answers once) */
  uint8_t *counts;
  unsigned ncounts;
} counter_data;

static const api_model inferred_model = {.family = "inferred wait-group",
                                         .kind = MODEL_COUNTER,
                                         .rules = RULE_BIT(RULE_WAITGROUP_IMBALANCE),
                                         .description = "wait-group",
                                         .release_hint = "its done function"};

const char *counter_group_name(const char *key) {
  const char *name = key;
  for (const char *c = key; *c; c++)
    if (*c == '.' || *c == '*' || (*c == '>' && c > key && c[-1] == '-'))
      name = c + 1;
  return intern(name);
}

static bool is_counter(const api_fn *fn) {
  return fn->model && fn->model->kind == MODEL_COUNTER;
}

static const char *slot_name(const char *key, int slot) {
  char *t = xasprintf("#wg%c:%s", slot_tag[slot], key);
  const char *k = intern(t);
  free(t);
  return k;
}

static long long get(state *s, const char *key, int slot) {
  value v = state_value_of(s, slot_name(key, slot));
  return v.kind == V_CONST ? v.c : 0;
}

static void put(state *s, const char *key, int slot, long long c) {
  state_bind(s, slot_name(key, slot), -1, (value){.kind = V_CONST, .res = -1, .c = c});
}

static key_fn *find(const key_fn *arr, unsigned n, const char *key) {
  for (unsigned i = 0; i < n; i++)
    if (arr[i].key == key)
      return (key_fn *)&arr[i];
  return NULL;
}

/* Counts the path keeps apart only where they can matter, so that paths
 * meet again: exact for a group the function waits on and before any loop
 * touched it, else only 0, 1 or "more" (a missing or a second done). */
static void bump(const counter_data *C, state *s, const char *key, int slot, long long by) {
  long long n = get(s, key, slot) + by;
  bool exact = find(C->waits, C->nwaits, key) && !get(s, key, LOOPED);
  put(s, key, slot, exact || n < 2 ? n : 2);
}

static void note(key_fn **arr, unsigned *n, unsigned *cap, const char *key, const api_fn *fn) {
  if (find(*arr, *n, key))
    return;
  LL_GROW(*arr, *n, *cap);
  (*arr)[(*n)++] = (key_fn){.key = key, .fn = fn};
}

static engine_event *count_event(run *R, state *s, ev_kind kind, const char *key, const api_fn *fn,
                                 ll_location at) {
  engine_event *ev = walk_event(R, s, kind, NULL, at);
  if (ev) {
    ev->acquire = fn;
    ev->via = fn->name;
    ev->handle = key;
  }
  return ev;
}

/* This module's summaries live under a name of their own ("#count:f"):
 * what a function does to a count is no business of the walk's, whose
 * treatment of a call's other arguments changes once the callee has
 * entries. */
static const char count_tag[] = "count";

static const api_fn *const *count_summary(const run *R, const char *callee) {
  return walk_own_summary(R, count_tag, callee);
}

static void add_count_summary(run *R, const api_fn *fn) {
  walk_add_own_summary(R, count_tag, fn);
}

/* Each counter entry of a call: the models', then the summaries'. */
#define EACH_COUNT_ENTRY(R, in, e, body)                                                           \
  do {                                                                                             \
    const api_fn *const *lists_[2] = {                                                             \
        (in)->callee && (R)->opt->models ? model_lookup((R)->opt->models, (in)->callee) : NULL,    \
        count_summary((R), (in)->callee)};                                                         \
    for (int l_ = 0; l_ < 2; l_++)                                                                 \
      for (const api_fn *const *p_ = lists_[l_]; p_ && *p_; p_++) {                                \
        const api_fn *e = *p_;                                                                     \
        if (is_counter(e)) {                                                                       \
          body;                                                                                    \
        }                                                                                          \
      }                                                                                            \
  } while (0)

static void note_call(run *R, counter_data *C, const ir_instr *in, const api_fn *fn) {
  const char *key = walk_handle_key(R, in, fn);
  if (!key)
    return;
  note(&C->seen, &C->nseen, &C->cap_seen, key, fn);
  if (fn->action == ACT_DONE || fn->action == ACT_POST)
    note(&C->dones, &C->ndones, &C->cap_dones, key, fn);
  if (fn->action == ACT_WAIT)
    note(&C->waits, &C->nwaits, &C->cap_waits, key, fn);
}

/* Before the walk: the groups the function counts on, and which calls
 * count. */
static void note_calls(run *R, counter_data *C) {
  const ir_func *f = R->f;
  C->ncounts = ir_instr_ids(f);
  C->counts = xcalloc(C->ncounts ? C->ncounts : 1, 1);
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op == I_CALL)
        EACH_COUNT_ENTRY(R, in, e, {
          note_call(R, C, in, e);
          C->counts[in->id] = 1;
        });
    }
}

/* The group the routine of a thread started by in promises a done to (its
 * summary calls done on, or waits on the barrier, its argument names), or
 * NULL. */
static const char *promise_of(const run *R, const counter_data *C, const ir_instr *in) {
  for (unsigned i = 0; in && i + 1 < in->nargs; i++) {
    if (in->args[i].kind != OPD_FUNC || !R->opt->summaries)
      continue;
    const api_fn *const *e = count_summary(R, in->args[i].text);
    for (; e && *e; e++) {
      if (!is_counter(*e) || ((*e)->action != ACT_DONE && (*e)->action != ACT_WAIT) ||
          (*e)->handle.arg != 0)
        continue;
      api_fn probe = **e;
      probe.handle = (handle_spec){.where = HANDLE_ARG, .arg = (int)i + 1, .count = 1};
      const char *key = walk_handle_key(R, in, &probe);
      if (key && find(C->seen, C->nseen, key))
        return key;
    }
    return NULL;
  }
  return NULL;
}

/* The dones (parties) the threads this path started promise to key; -1
 * when one of them may count anywhere (its routine promises nothing in
 * sight), so that no count is in sight. */
static long long promised(const run *R, const counter_data *C, state *s, const char *key) {
  long long n = 0;
  for (unsigned i = 0; i < s->nres; i++) {
    const res *x = &s->res[i];
    if (!x->mflags[MODULE_counter] || x->status == R_FAILED)
      continue;
    const char *k = promise_of(R, C, ir_instr_by_id(R->f, x->acq_instr));
    if (!k)
      return -1;
    n += k == key;
  }
  return n;
}

/* The constant a count argument holds on this path, or -1 if unknown. */
static long long amount(state *s, const ir_instr *in, int arg1) {
  if (!arg1)
    return 1;
  if ((unsigned)arg1 > in->nargs)
    return -1;
  value v = walk_eval(s, &in->args[arg1 - 1]);
  return v.kind == V_CONST && v.c >= 0 ? v.c : -1;
}

static void counter_call(run *R, const counter_data *C, state *s, const ir_instr *in,
                         const api_fn *fn, bool looped) {
  const char *key = walk_handle_key(R, in, fn);
  if (!key)
    return;
  /* a loop makes counts not in sight; a wait or a post counts nothing
   * (but a barrier's party), nor an add to a group not waited on here, so
   * their loops do not matter */
  if (looped && fn->action != ACT_WAIT && fn->action != ACT_POST &&
      (fn->action != ACT_ADD || find(C->waits, C->nwaits, key)))
    put(s, key, LOOPED, 1);
  long long n;
  switch (fn->action) {
  case ACT_ACQUIRE: /* pthread_barrier_init(&b, NULL, 3): the count to reach */
    if (!fn->amount_arg1)
      return;
    n = amount(s, in, fn->amount_arg1);
    put(s, key, INIT, 1);
    put(s, key, ADDED, n < 0 ? 0 : n);
    put(s, key, DONE, 0);
    put(s, key, UNKNOWN, n < 0);
    break;
  case ACT_ADD:
    n = amount(s, in, fn->amount_arg1);
    if (!find(C->waits, C->nwaits, key))
      ; /* nothing here waits on it: what was added does not matter here */
    else if (n < 0)
      put(s, key, UNKNOWN, 1);
    else
      bump(C, s, key, ADDED, n);
    count_event(R, s, EV_COUNT_ADD, key, fn, in->loc);
    break;
  case ACT_DONE:
    if (get(s, key, DONE) > 0 && !get(s, key, LOOPED) && !get(s, key, INIT)) {
      engine_event *ev = count_event(R, s, EV_DONE_TWICE, key, fn, in->loc);
      if (ev)
        ev->done = get(s, key, DONE) + 1, ev->added = get(s, key, ADDED);
    }
    bump(C, s, key, DONE, 1);
    break;
  case ACT_POST:
    bump(C, s, key, POSTED, 1);
    break;
  case ACT_WAIT:
    if (get(s, key, INIT)) { /* a barrier: the waiter is a party */
      if (looped)
        put(s, key, LOOPED, 1);
      bump(C, s, key, DONE, 1);
    } else
      count_event(R, s, EV_COUNT_WAIT, key, fn, in->loc);
    /* the first wait is the one that must return; only a count this path
     * set up is judged (a lock's sem_wait is not kept apart per path) */
    if (!get(s, key, WAITED) && (get(s, key, ADDED) || get(s, key, INIT))) {
      put(s, key, WAITED, (long long)in->id + 1);
      put(s, key, PROMISED, promised(R, C, s, key));
    }
    break;
  default:
    break;
  }
}

static void call(run *R, void *data, state *s, const ir_instr *in, const api_fn *const *entries,
                 const api_fn *const *summary) {
  const counter_data *C = data;
  bool looped = R->f->blocks[s->block].loop >= 0;
  if (in->id < C->ncounts && C->counts[in->id])
    EACH_COUNT_ENTRY(R, in, e, counter_call(R, C, s, in, e, looped));
  /* a thread started in a loop: its promise is no count in sight */
  const api_fn *const *e = entries ? entries : summary;
  for (; looped && e && *e; e++)
    if ((*e)->action == ACT_ACQUIRE && (*e)->model && (*e)->model->kind == MODEL_THREAD) {
      const char *k = promise_of(R, C, in);
      if (k)
        put(s, k, LOOPED, 1);
      break;
    }
}

static void path_return(run *R, void *data, state *s, const ir_term *t) {
  counter_data *C = data;
  for (unsigned i = 0; i < C->ndones; i++) {
    const char *k = C->dones[i].key;
    if (!get(s, k, DONE) && !get(s, k, POSTED))
      count_event(R, s, EV_DONE_MISSING, k, C->dones[i].fn, t->loc);
  }
  /* Counts in sight: constant amounts, nothing in a loop, and a wait (or
   * a barrier's count) that makes the difference matter. */
  for (unsigned i = 0; i < C->nseen; i++) {
    const char *k = C->seen[i].key;
    if (get(s, k, UNKNOWN) || get(s, k, LOOPED) || get(s, k, POSTED) || !get(s, k, WAITED))
      continue;
    long long p = get(s, k, PROMISED);
    if (p < 0)
      continue;
    long long added = get(s, k, ADDED), done = get(s, k, DONE) + p;
    if (added == done || (!get(s, k, INIT) && !added))
      continue;
    const ir_instr *wait = ir_instr_by_id(R->f, (unsigned)(get(s, k, WAITED) - 1));
    ll_location at = wait ? wait->loc : t->loc;
    engine_event *ev = count_event(R, s, EV_COUNT_MISMATCH, k, C->seen[i].fn, at);
    if (ev) {
      ev->added = added, ev->done = done;
      ev->detail = get(s, k, INIT) ? "barrier" : NULL;
    }
  }
}

static void exit_summary(run *R, void *data, state *s) {
  (void)R;
  counter_data *C = data;
  for (unsigned i = 0; i < C->ndones; i++) {
    if (get(s, C->dones[i].key, DONE))
      C->dones[i].with++;
    else
      C->dones[i].without++;
  }
}

/* Whether operand o reads path p. */
static bool reads(const ir_operand *o, const char *p) {
  if (o->kind == OPD_PATH || o->kind == OPD_STEP)
    return o->path.text == p;
  for (unsigned i = 0; i < o->nreads; i++)
    if (o->reads[i].text == p)
      return true;
  return false;
}

/* The parameter whose pointee's field path p is ("g->count": g), or -1. */
static int param_field(const ir_func *f, const ir_path *p) {
  if (p->var < 0 || (unsigned)p->var >= f->nparams || !p->via_memory)
    return -1;
  const char *name = f->vars[p->var].name;
  size_t n = strlen(name);
  return strncmp(p->text, name, n) == 0 && strncmp(p->text + n, "->", 2) == 0 &&
                 !strchr(p->text + n + 2, '-') && !strchr(p->text + n + 2, '.')
             ? p->var
             : -1;
}

static void infer(counter_data *C, api_action a, int param, int amount_arg1) {
  for (unsigned i = 0; i < C->ninf; i++)
    if (C->inf[i].action == a && C->inf[i].param == param)
      return;
  LL_GROW(C->inf, C->ninf, C->cap_inf);
  C->inf[C->ninf++] = (inferred){.action = a, .param = param, .amount_arg1 = amount_arg1};
}

/* Which parameters' own members the calls in f lock (bit p: p->mu) and
 * whether f wakes anyone. */
static unsigned locked_params(const run *R, bool *wakes) {
  const ir_func *f = R->f;
  unsigned params = 0;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      const api_fn *const *e = in->op == I_CALL && in->callee && R->opt->models
                                   ? model_lookup(R->opt->models, in->callee)
                                   : NULL;
      for (; e && *e; e++) {
        *wakes |= (*e)->action == ACT_WAKE;
        int arg;
        const char *key =
            (*e)->action == ACT_ACQUIRE && (*e)->model && (*e)->model->kind == MODEL_LOCK
                ? engine_handle_key(in, *e)
                : NULL;
        if (key && walk_param_relative(R, key, &arg) && arg >= 0 && arg < 32)
          params |= 1u << arg;
      }
    }
  return params;
}

/* A wait on a condition variable inside a loop whose test reads a field
 * of a parameter: the parameter's wait. */
static void infer_wait(const run *R, counter_data *C) {
  const ir_func *f = R->f;
  for (unsigned b = 0; b < f->nblocks; b++) {
    int l = f->blocks[b].loop;
    if (l < 0 || !f->blocks[b].reachable)
      continue;
    const ir_term *h = &f->blocks[f->loops[l].header].term;
    if (h->kind != T_BRANCH)
      continue;
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op != I_CALL || !in->callee || !R->opt->models ||
          !model_lookup_action(R->opt->models, in->callee, ACT_WAIT))
        continue;
      const ir_operand *side[2] = {&h->cond.lhs, &h->cond.rhs_opd};
      for (int k = 0; k < 2; k++) {
        int p = side[k]->kind == OPD_PATH ? param_field(f, &side[k]->path) : -1;
        if (p >= 0)
          infer(C, ACT_WAIT, p, 0);
      }
    }
  }
}

static void begin(run *R, void *data) {
  counter_data *C = data;
  const ir_func *f = R->f;
  note_calls(R, C);
  bool wakes = false;
  unsigned locked = locked_params(R, &wakes);
  if (!locked)
    return;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      int p = in->op == I_ASSIGN ? param_field(f, &in->dst) : -1;
      if (p < 0 || p >= 32 || !(locked & (1u << p)))
        continue; /* a count of an object under its own lock */
      if (in->src.kind == OPD_STEP && in->src.path.text == in->dst.text && in->src.value > 0)
        infer(C, ACT_ADD, p, 0);
      else if (in->src.kind == OPD_STEP && in->src.path.text == in->dst.text && wakes)
        infer(C, ACT_DONE, p, 0);
      else if (in->src.kind == OPD_OTHER && !wakes) {
        /* count += n: the IR keeps it as count = (something) without its
         * operator; a body that wakes nobody and has one count parameter
         * is taken for an add of it */
        int q = -1, nq = 0;
        for (unsigned v = 0; v < f->nparams; v++)
          if (v != (unsigned)p && f->vars[v].is_scalar && !f->vars[v].is_pointer)
            q = (int)v, nq++;
        if (nq == 1 && (!in->src.nreads ||
                        (reads(&in->src, in->dst.text) && reads(&in->src, f->vars[q].name))))
          infer(C, ACT_ADD, p, q + 1);
      }
    }
  infer_wait(R, C);
}

/* Done relative to a parameter: the function is a done of its own; a wait likewise; an inferred
 * wait-group operation. */
static void summarize(run *R, void *data) {
  counter_data *C = data;
  for (int pass = 0; pass < 2; pass++) {
    key_fn *arr = pass ? C->waits : C->dones;
    unsigned n = pass ? C->nwaits : C->ndones;
    for (unsigned i = 0; i < n; i++) {
      /* done on some exits only is a done too: the missing ones are the
       * function's own finding, not its callers' count */
      if (!pass && (!arr[i].with || arr[i].fn->action != ACT_DONE))
        continue;
      int arg;
      const char *field = walk_param_relative_copy(R, arr[i].key, &arg);
      if (!field || arg < 0)
        continue;
      api_fn fn = *arr[i].fn;
      fn.name = R->f->name;
      fn.handle = (handle_spec){.where = HANDLE_ARG, .arg = arg, .count = 1};
      fn.handle_field = field;
      fn.amount_arg1 = 0;
      add_count_summary(R, &fn);
    }
  }
  bool has_add = false, has_done = false, has_wait = false;
  for (unsigned i = 0; i < C->ninf; i++) {
    has_add |= C->inf[i].action == ACT_ADD;
    has_done |= C->inf[i].action == ACT_DONE;
    has_wait |= C->inf[i].action == ACT_WAIT;
  }
  for (unsigned i = 0; i < C->ninf; i++) {
    /* one operation a function: a body that both adds and waits is not a
     * wait-group's */
    if (has_add + has_done + has_wait != 1)
      break;
    api_fn fn = {.name = R->f->name,
                 .action = C->inf[i].action,
                 .handle = {.where = HANDLE_ARG, .arg = C->inf[i].param, .count = 1},
                 .handle_field = "",
                 .model = &inferred_model,
                 .old_arg = -1,
                 .repeat_arg = -1,
                 .callback_arg = -1,
                 .amount_arg1 = C->inf[i].amount_arg1};
    add_count_summary(R, &fn);
  }
}

/* Threads started on the path, remembered (until their start fails) for
 * the dones their routines promise. */
static void created(res *r, const api_fn *fn) {
  r->mflags[MODULE_counter] =
      fn->action == ACT_ACQUIRE && fn->model && fn->model->kind == MODEL_THREAD;
}

static bool keep(const res *r) {
  return r->mflags[MODULE_counter] && r->status != R_FAILED;
}

static void fini(run *R, void *data) {
  (void)R;
  counter_data *C = data;
  free(C->dones);
  free(C->waits);
  free(C->seen);
  free(C->inf);
  free(C->counts);
}

const engine_module counter_module = {
    .name = "counter",
    .data_size = sizeof(counter_data),
    .begin = begin,
    .call = call,
    .created = created,
    .keep = keep,
    .path_return = path_return,
    .exit_summary = exit_summary,
    .summarize = summarize,
    .fini = fini,
};
