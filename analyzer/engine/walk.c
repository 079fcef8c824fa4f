/* walk.c - see engine.h.  A depth-first walk of the CFG with one abstract
 * state per path; states already seen at a block are not walked again, and
 * a budget bounds the rest.  What locks and timers are lives in their
 * modules (module.h); the walk calls their hooks. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "util.h"
#include "walk.h"
#include "forgetting.h"
#include "value_ranges.h"

const engine_module *const engine_modules[ENGINE_MODULE_COUNT] = {
#define ENGINE_MODULE(name) &name##_module,
#include "module_list.h"
#undef ENGINE_MODULE
};

_Static_assert((int)ENGINE_MODULE_COUNT <= (int)ENGINE_MAX_MODULES,
               "res.mflags has a byte per module");

/* Runs hook over the modules that define it, stopping at the first that
 * returns true; evaluates to whether one did. */
#define ANY_MODULE(hook, ...)                                                                      \
  ({                                                                                               \
    bool any_ = false;                                                                             \
    for (unsigned m_ = 0; m_ < ENGINE_MODULE_COUNT && !any_; m_++)                                 \
      if (engine_modules[m_]->hook)                                                                \
        any_ = engine_modules[m_]->hook(__VA_ARGS__);                                              \
    any_;                                                                                          \
  })
/* The same for hooks that take (R, data, ...). */
#define ANY_MODULE_R(hook, R, ...)                                                                 \
  ({                                                                                               \
    bool any_ = false;                                                                             \
    for (unsigned m_ = 0; m_ < ENGINE_MODULE_COUNT && !any_; m_++)                                 \
      if (engine_modules[m_]->hook)                                                                \
        any_ = engine_modules[m_]->hook((R), (R)->mod[m_], ##__VA_ARGS__);                         \
    any_;                                                                                          \
  })
/* Runs a void hook of every module that defines it. */
#define EACH_MODULE_R(hook, R, ...)                                                                \
  do {                                                                                             \
    for (unsigned m_ = 0; m_ < ENGINE_MODULE_COUNT; m_++)                                          \
      if (engine_modules[m_]->hook)                                                                \
        engine_modules[m_]->hook((R), (R)->mod[m_], ##__VA_ARGS__);                                \
  } while (0)

/* --- helpers ------------------------------------------------------------ */

static const char *object_key_of(const ir_operand *o, const char *field) {
  const char *base;
  bool addr;
  if (o->kind == OPD_ADDR) {
    base = o->path.text, addr = true;
  } else if (o->kind == OPD_PATH) {
    base = o->path.text, addr = false;
  } else {
    return NULL;
  }
  if (!field || !*field) {
    if (addr)
      return base;
    char *t = xasprintf("*%s", base);
    const char *r = intern(t);
    free(t);
    return r;
  }
  /* field is "->mu": relative to the pointer the argument holds. */
  char *t = addr ? xasprintf("%s.%s", base, field + 2) : xasprintf("%s%s", base, field);
  const char *r = intern(t);
  free(t);
  return r;
}

static bool keyed(const api_fn *fn) {
  return fn->handle.where == HANDLE_ARG;
}

/* Representative values of success and failure, enough to decide any
 * comparison against a constant. */
static void representatives(failure_kind k, const long long **fail, unsigned *nf,
                            const long long **ok, unsigned *nok) {
  static const long long zero[] = {0}, nonzero_ptr[] = {1, 4096}, neg[] = {-1, -2},
                         nonneg[] = {0, 1, 5}, nonzero[] = {-1, 1, 11}, minus1[] = {-1},
                         ptr[] = {4096}, anyv[] = {-1, 0, 1, 4096};
  switch (k) {
  case FAIL_NULL:
  case FAIL_ZERO:
    *fail = zero, *nf = 1, *ok = nonzero_ptr, *nok = 2;
    break;
  case FAIL_NEGATIVE:
    *fail = neg, *nf = 2, *ok = nonneg, *nok = 3;
    break;
  case FAIL_NONZERO:
    *fail = nonzero, *nf = 3, *ok = zero, *nok = 1;
    break;
  case FAIL_MAP_FAILED:
    *fail = minus1, *nf = 1, *ok = ptr, *nok = 1;
    break;
  default:
    *fail = NULL, *nf = 0, *ok = anyv, *nok = 4;
    break;
  }
}

static bool any_matches(const long long *vals, unsigned n, const ir_cond *c, bool dir) {
  for (unsigned i = 0; i < n; i++)
    if (ir_compare(c->op, vals[i], c->rhs) == dir)
      return true;
  return false;
}

/* For x == k (equal) or x != k (!equal): whether x can then be a failure
 * value and whether a success value, exactly.  A handle that is a
 * descriptor fails with -1 alone (open, socket); a status that is -errno
 * (libuv) with any negative value. */
static void equality_directions(failure_kind fk, bool is_handle, long long k, bool equal,
                                bool *can_fail, bool *can_ok) {
  bool k_fails, k_succeeds, only_failure, only_success;
  switch (fk) {
  case FAIL_NULL:
  case FAIL_ZERO:
    k_fails = k == 0, k_succeeds = k != 0, only_failure = true, only_success = false;
    break;
  case FAIL_MAP_FAILED:
    k_fails = k == -1, k_succeeds = k != -1, only_failure = true, only_success = false;
    break;
  case FAIL_NEGATIVE:
    only_failure = is_handle; /* -1 */
    k_fails = is_handle ? k == -1 : k < 0, k_succeeds = k >= 0, only_success = false;
    break;
  case FAIL_NONZERO:
    k_fails = k != 0, k_succeeds = k == 0, only_failure = false, only_success = true; /* 0 */
    break;
  default:
    *can_fail = false, *can_ok = true;
    return;
  }
  if (equal) {
    *can_fail = k_fails;
    *can_ok = k_succeeds;
  } else { /* some other value of the class than k */
    *can_fail = !(k_fails && only_failure);
    *can_ok = !(k_succeeds && only_success);
  }
}

void walk_failure_directions(failure_kind k, bool is_handle, const ir_cond *c, bool dir,
                             bool *can_fail, bool *can_ok) {
  if (c->rhs_const && (c->op == C_EQ || c->op == C_NE)) {
    equality_directions(k, is_handle, c->rhs, c->op == C_EQ ? dir : !dir, can_fail, can_ok);
    return;
  }
  const long long *fail, *ok;
  unsigned nf, nok;
  representatives(k, &fail, &nf, &ok, &nok);
  ir_cond cc = *c;
  if (c->op == C_TRUTH)
    cc.rhs = 0;
  *can_fail = any_matches(fail, nf, &cc, dir);
  *can_ok = any_matches(ok, nok, &cc, dir);
}

/* --- steps and events --------------------------------------------------- */

static void add_step(run *R, state *s, ll_location loc, const char *text) {
  step_node *n = arena_alloc(&R->ar, sizeof *n);
  n->prev = s->steps;
  n->loc = loc;
  n->text = text;
  n->seq = ++s->seq;
  s->steps = n;
}

void walk_step(run *R, state *s, ll_location loc, const char *text) {
  add_step(R, s, loc, text);
}

static void collect_steps(run *R, const state *s, unsigned from_seq, engine_event *ev) {
  const step_node *nodes[MAX_STEPS];
  unsigned n = 0;
  for (const step_node *p = s->steps; p && p->seq >= from_seq; p = p->prev) {
    if (n == MAX_STEPS) {
      memmove(nodes, nodes + 1, (MAX_STEPS - 1) * sizeof *nodes);
      n--;
    }
    nodes[n++] = p;
  }
  /* nodes run newest first; keep the acquisition (oldest) and the newest. */
  ev_step *steps = arena_alloc(&R->ar, (n ? n : 1) * sizeof *steps);
  for (unsigned i = 0; i < n; i++)
    steps[i] = (ev_step){.loc = nodes[n - 1 - i]->loc, .text = nodes[n - 1 - i]->text};
  ev->steps = steps;
  ev->nsteps = n;
}

static bool event_seen(const run *R, ev_kind kind, ll_location at) {
  for (unsigned i = 0; i < R->nevents; i++) {
    const engine_event *e = &R->events[i];
    if (e->kind == kind && e->at.line == at.line && e->at.col == at.col && e->at.path == at.path)
      return true;
  }
  return false;
}

static engine_event *new_event_ranked(run *R, state *s, ev_kind kind, const res *r, ll_location at,
                                      unsigned rank) {
  /* One event per acquisition and kind for leaks (the first path found),
   * one per call site for the others. */
  for (unsigned i = 0; i < R->nevents; i++) {
    engine_event *e = &R->events[i];
    if (e->kind == kind && (kind == EV_LEAK || kind == EV_STRANDED) && r &&
        e->acquired_at.line == r->loc.line && e->acquired_at.col == r->loc.col &&
        e->acquired_at.path == r->loc.path) {
      /* Report the loss in the loop if there is one, else the first
       * leaking line, whichever path the walk met first. */
      if (rank < e->rank)
        return NULL;
      if (rank == e->rank &&
          (at.line > e->at.line || (at.line == e->at.line && at.col >= e->at.col)))
        return NULL;
      memset(e, 0, sizeof *e);
      e->kind = kind;
      e->fn = R->f;
      e->at = at;
      e->acquire = r->acq;
      e->via = r->via;
      e->handle = r->handle;
      e->acquired_at = r->loc;
      e->acquire_loop = r->loop;
      e->rank = rank;
      collect_steps(R, s, r->step_seq, e);
      return e;
    }
  }
  if (kind != EV_LEAK && kind != EV_STRANDED && event_seen(R, kind, at))
    return NULL;
  LL_GROW(R->events, R->nevents, R->cap_events);
  engine_event *ev = &R->events[R->nevents++];
  memset(ev, 0, sizeof *ev);
  ev->kind = kind;
  ev->fn = R->f;
  ev->at = at;
  ev->acquire_loop = -1;
  ev->rank = rank;
  if (r) {
    ev->acquire = r->acq;
    ev->via = r->via;
    ev->handle = r->handle;
    ev->acquired_at = r->loc;
    ev->acquire_loop = r->loop;
    collect_steps(R, s, r->step_seq, ev);
  } else {
    collect_steps(R, s, s->seq > 4 ? s->seq - 4 : 0, ev);
  }
  return ev;
}

engine_event *walk_event(run *R, state *s, ev_kind kind, const res *r, ll_location at) {
  return new_event_ranked(R, s, kind, r, at, 0);
}

/* Where a release of handle sits outside loop l, if anywhere. */
/* The blocks that run after loop l is done with: reachable from where the
 * loop's test fails (or a break lands) and from cleanup labels jumped to
 * out of it, but not the error returns inside its body. */
static const uint8_t *after_loop(run *R, int l) {
  if (!R->after)
    R->after = xcalloc(R->f->nloops, sizeof *R->after);
  if (R->after[l])
    return R->after[l];
  const ir_func *f = R->f;
  uint8_t *set = xcalloc(f->nblocks, 1);
  int *work = xmalloc((f->nblocks + 1) * sizeof *work), succ[MAX_SUCCS];
  unsigned n = 0;
  for (unsigned b = 0; b < f->nblocks; b++) {
    if (!cfg_in_loop(f, (int)b, l))
      continue;
    unsigned ns = cfg_succs(f, (int)b, succ, MAX_SUCCS);
    for (unsigned i = 0; i < ns; i++) {
      int t = succ[i];
      if (t < 0 || cfg_in_loop(f, t, l) || set[t])
        continue;
      bool header_exit = (int)b == f->loops[l].header;
      bool to_label = f->blocks[b].term.kind == T_GOTO && f->blocks[t].label;
      bool to_break = f->blocks[b].term.kind == T_GOTO && !f->blocks[b].ninstrs;
      if (header_exit || to_label || to_break) {
        set[t] = 1;
        work[n++] = t;
      }
    }
  }
  cfg_reach(f, set, work, n, l);
  free(work);
  R->after[l] = set;
  return set;
}

const uint8_t *walk_after_loop(run *R, int l) {
  return after_loop(R, l);
}

static ll_location release_outside(run *R, const char *handle, int l) {
  const uint8_t *after = after_loop(R, l);
  for (unsigned i = 0; i < R->nreleases; i++)
    if (R->releases[i].handle == handle && after[R->releases[i].block])
      return R->releases[i].loc;
  return (ll_location){0};
}

static const char *cleanup_holder_outside(const run *R, const char *handle, int l) {
  for (unsigned v = 0; v < R->f->nvars; v++) {
    const ir_var *var = &R->f->vars[v];
    if (var->name != handle || !var->cleanup_fn)
      continue;
    bool inside = false;
    for (int d = var->decl_loop; d >= 0; d = R->f->loops[d].parent)
      if (d == l)
        inside = true;
    if (!inside)
      return var->name;
  }
  return NULL;
}

bool walk_lost_in_loop(run *R, const state *s, const res *r) {
  return r->loop >= 0 && s->iters[r->loop] > r->iter_at_acq &&
         (release_outside(R, r->handle, r->loop).path ||
          cleanup_holder_outside(R, r->handle, r->loop));
}

void walk_leak(run *R, state *s, int ri, ll_location at, bool overwrite) {
  res *r = &s->res[ri];
  if (!r->acq || r->status != R_LIVE)
    return;
  /* main() losing a block once, outside any loop (tcpdump's device name
   * replaced by the one the interface number names): it costs what holding
   * it until exit costs, and main's return is exit() */
  if (overwrite && ir_func_is_main(R->f) && r->loop < 0 && R->f->blocks[s->block].loop < 0)
    return;
  if (r->release_guarded) {
    new_event_ranked(R, s, EV_LEAK_GUARDED, r, at, 0);
    return;
  }
  if (ANY_MODULE_R(not_lost, R, s, r))
    return;
  /* Which path tells the story best: the loss in the loop, and an
   * overwritten handle, over a plain return. */
  bool in_loop = r->loop >= 0 && s->iters[r->loop] > r->iter_at_acq;
  ev_kind kind = EV_LEAK;
  for (unsigned m = 0; m < ENGINE_MODULE_COUNT && kind == EV_LEAK; m++)
    if (engine_modules[m]->loss_kind)
      kind = engine_modules[m]->loss_kind(R, R->mod[m], r);
  engine_event *ev = new_event_ranked(R, s, kind, r, at, in_loop * 2u + overwrite);
  if (!ev)
    return;
  ev->by_overwrite = overwrite;
  /* an allocator of the project's (a summary, not a rules entry) */
  if (r->acq->model && r->via && R->opt->summaries &&
      !(R->opt->models && model_lookup(R->opt->models, r->via)))
    ev->release_via =
        summary_release_for(R->opt->summaries, R->f->unit_path, r->acq->model, r->via);
  for (unsigned m = 0; m < ENGINE_MODULE_COUNT; m++)
    if (engine_modules[m]->leak_event)
      engine_modules[m]->leak_event(r, ev);
  EACH_MODULE_R(loss_event, R, r, ev);
  ev->realloc_failure = r->orphaned_at.line && !overwrite;
  for (unsigned j = 0; ev->realloc_failure && j < s->nres; j++)
    if (s->res[j].realloc_old == ri)
      ev->realloc_via = s->res[j].via;
  if (r->loop >= 0 && s->iters[r->loop] > r->iter_at_acq) {
    ev->next_iteration = true;
    ev->release_after_loop = release_outside(R, r->handle, r->loop);
    ev->cleanup_var = cleanup_holder_outside(R, r->handle, r->loop);
  }
}

/* --- values ------------------------------------------------------------- */

value walk_eval(state *s, const ir_operand *o) {
  value none = {.kind = V_UNKNOWN, .res = -1};
  switch (o->kind) {
  case OPD_PATH:
    return state_value_of(s, o->path.text);
  case OPD_OFFSET: {
    value v = state_value_of(s, o->path.text);
    if (v.kind != V_RES && v.kind != V_INTERIOR)
      return none;
    /* a positive step from the start, or from where a search stopped,
     * leaves the start behind */
    long long in = IN_ANYWHERE;
    if (o->value > 0 && v.kind == V_RES)
      in = IN_AT_CONSTANT;
    else if (o->value > 0 && v.c != IN_ANYWHERE)
      in = IN_PAST_START;
    return (value){.kind = V_INTERIOR, .res = v.res, .c = in};
  }
  case OPD_CONST:
    return (value){.kind = V_CONST, .res = -1, .c = o->value};
  case OPD_STEP: { /* size++ from a known count */
    value v = state_value_of(s, o->path.text);
    long long sum;
    if (v.kind == V_CONST && !__builtin_add_overflow(v.c, o->value, &sum))
      return (value){.kind = V_CONST, .res = -1, .c = sum};
    return none;
  }
  case OPD_ADDR:
    /* &this->super: a pointer into the block this points to. */
    for (unsigned i = 0; o->path.via_memory && i < s->nb; i++) {
      const binding *b = &s->b[i];
      if (b->var == o->path.var && (b->v.kind == V_RES || b->v.kind == V_INTERIOR) &&
          ir_path_is_member_of(o->path.text, b->path))
        return (value){.kind = V_INTERIOR, .res = b->v.res};
    }
    return none;
  default:
    return none;
  }
}

void walk_escape(state *s, int r) {
  if (r >= 0 && s->res[r].status == R_LIVE)
    s->res[r].status = R_ESCAPED;
}

/* The interior pointer v leaves: for good when wx is set (stored, returned,
 * kept), where a module may judge the window and keep the block's
 * ownership; otherwise the block escapes with it. */
static void escape_interior(run *R, state *s, value v, const window_exit *wx) {
  if (!wx || !ANY_MODULE_R(window_escapes, R, s, v.res, v, wx))
    walk_escape(s, v.res);
}

/* Whether path is p itself or a part of it (p.x, p[1]). */
static bool path_within(const char *path, const char *p) {
  size_t n = strlen(p);
  return strncmp(path, p, n) == 0 && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

/* A struct or array handed on whole (returned, passed or copied by value)
 * takes the handles stored in its members with it. */
static void escape_within(run *R, state *s, const char *p, const window_exit *wx) {
  for (unsigned i = 0; i < s->nb; i++) {
    if (s->b[i].path == p || !path_within(s->b[i].path, p))
      continue;
    if (s->b[i].v.kind == V_RES) {
      walk_escape(s, s->b[i].v.res);
    } else if (s->b[i].v.kind == V_INTERIOR) {
      window_exit member = wx ? *wx : (window_exit){0};
      member.held_in = s->b[i].path;
      escape_interior(R, s, s->b[i].v, wx ? &member : NULL);
    }
  }
  /* An object initialised in place (uv_loop_init(loop)) is named "*loop":
   * handing on the pointer hands on the object. */
  size_t n = strlen(p);
  for (unsigned i = 0; i < s->nres; i++) {
    const char *k = s->res[i].object_key;
    if (!k || ANY_MODULE(not_owned_through_pointer, &s->res[i]))
      continue;
    if ((k[0] == '*' && strcmp(k + 1, p) == 0) || (strncmp(k, p, n) == 0 && k[n] == '-'))
      walk_escape(s, (int)i);
  }
}

/* Everything an operand carries leaves the function's ownership. */
static void escape_operand(run *R, state *s, const ir_operand *o, const window_exit *wx) {
  value v = walk_eval(s, o);
  if (v.kind == V_RES)
    walk_escape(s, v.res);
  else if (v.kind == V_INTERIOR)
    escape_interior(R, s, v, wx);
  if (o->kind == OPD_PATH)
    escape_within(R, s, o->path.text, wx);
  if (o->kind == OPD_ADDR) {
    /* &p or &s: the callee may free, replace or keep what they hold. */
    for (unsigned i = 0; i < s->nb; i++)
      if (s->b[i].var == o->path.var && (s->b[i].v.kind == V_RES || s->b[i].v.kind == V_INTERIOR))
        walk_escape(s, s->b[i].v.res);
  }
  for (unsigned i = 0; i < o->nreads; i++) {
    value rv = state_value_of(s, o->reads[i].text);
    if (rv.kind == V_RES) {
      walk_escape(s, rv.res);
    } else if (rv.kind == V_INTERIOR) {
      window_exit read = wx ? *wx : (window_exit){0};
      read.held_in = o->reads[i].text;
      escape_interior(R, s, rv, wx ? &read : NULL);
    }
  }
}

/* A temporary holds a call's result until its one use. */
static void consume_temp(run *R, state *s, const ir_operand *o) {
  if (o->kind != OPD_PATH || o->path.var < 0 || R->f->vars[o->path.var].kind != VAR_TEMP)
    return;
  for (unsigned i = 0; i < s->nb; i++)
    if (s->b[i].path == o->path.text) {
      state_unbind_at(s, i);
      return;
    }
}

static bool is_local_path(const run *R, const ir_path *p) {
  if (p->via_memory || p->var < 0)
    return false;
  var_kind k = R->f->vars[p->var].kind;
  return k == VAR_LOCAL || k == VAR_PARAM || k == VAR_TEMP;
}

/* Number of bindings that hold r's start (not a pointer into it). */
static unsigned start_refs(const state *s, int r) {
  unsigned n = 0;
  for (unsigned i = 0; i < s->nb; i++)
    n += s->b[i].v.kind == V_RES && s->b[i].v.res == r;
  return n;
}

/* Removes the bindings a write to dst destroys; a live resource whose last
 * handle goes is a leak at loc. */
static void kill_path(run *R, state *s, const ir_path *dst, ll_location loc, int keep_res) {
  bool whole_var = dst->var >= 0 && dst->text == R->f->vars[dst->var].name;
  int lost[16];
  unsigned nlost = 0;
  for (unsigned i = 0; i < s->nb;) {
    binding *b = &s->b[i];
    bool hit = whole_var ? b->var == dst->var : path_within(b->path, dst->text);
    if (!hit) {
      i++;
      continue;
    }
    if ((b->v.kind == V_RES) && nlost < 16)
      lost[nlost++] = b->v.res;
    state_unbind_at(s, i);
  }
  for (unsigned i = 0; i < nlost; i++) {
    int r = lost[i];
    if (r == keep_res || s->res[r].status != R_LIVE)
      continue;
    if (ANY_MODULE(held_by_start_only, &s->res[r]) ? start_refs(s, r) : state_refs(s, r))
      continue;
    if (s->res[r].realloc_pending || s->res[r].orphaned_at.line) {
      continue;
    }
    /* The old block of a pending realloc: lost only if realloc fails. */
    bool replaced_by_realloc = false;
    for (unsigned j = 0; j < s->nres; j++)
      if (s->res[j].realloc_pending && s->res[j].realloc_old == r)
        replaced_by_realloc = true;
    if (replaced_by_realloc) {
      s->res[r].orphaned_at = loc;
      continue;
    }
    walk_leak(R, s, r, loc, true);
    s->res[r].status = R_FAILED; /* reported once; no longer owned */
  }
  /* Objects initialised in place through the pointer (uv_timer_init(loop,
   * t) names "*t") can no longer be reached once the pointer changes. */
  if (whole_var) {
    const char *name = dst->text;
    size_t n = strlen(name);
    for (unsigned i = 0; i < s->nres; i++) {
      const char *k = s->res[i].object_key;
      if (!k || s->res[i].status != R_LIVE || !s->res[i].acq ||
          ANY_MODULE(not_owned_through_pointer, &s->res[i]))
        continue;
      if ((k[0] == '*' && strcmp(k + 1, name) == 0) || (strncmp(k, name, n) == 0 && k[n] == '-')) {
        walk_leak(R, s, (int)i, loc, true);
        s->res[i].status = R_FAILED;
      }
    }
  }
  if (dst->var >= 0)
    state_forget_var(s, R->f, dst->var);
}

/* Whether var is one of the function's T ** parameters. */
static bool is_out_param(const run *R, int var) {
  return var >= 0 && (unsigned)var < R->f->nparams && R->f->vars[var].is_ptr_to_ptr;
}

/* The parameter p when path is "*p" for a T **p parameter, else -1. */
static int out_param_of(const run *R, const ir_path *path) {
  if (!is_out_param(R, path->var))
    return -1;
  const char *t = path->text;
  return t && t[0] == '*' && strcmp(t + 1, R->f->vars[path->var].name) == 0 ? path->var : -1;
}

static void forget_flag(state *s, const char *deref) {
  for (unsigned i = 0; i < s->nb; i++)
    if (s->b[i].path == deref)
      state_unbind_at(s, i--);
}

/* The int *p parameter that path "*p" writes through, or -1. */
static int flag_param_of(const run *R, const ir_path *path) {
  if (path->var < 0 || (unsigned)path->var >= R->f->nparams)
    return -1;
  const char *deref = R->deref_names[path->var];
  return deref && path->text == deref ? path->var : -1;
}

/* *p = 1 through a parameter: kept, for a failure flag in the summary. */
static void note_flag_store(const run *R, state *s, const ir_path *dst, value v) {
  if (flag_param_of(R, dst) < 0)
    return;
  if (v.kind == V_CONST) {
    state_bind(s, dst->text, dst->var, v);
    return;
  }
  forget_flag(s, dst->text);
}

/* The name of the pointer variable o reads whole (old_node), or NULL. */
static const char *pointer_var_path(const run *R, const ir_operand *o) {
  if (o->kind != OPD_PATH || o->path.var < 0 || o->path.via_memory)
    return NULL;
  const ir_var *v = &R->f->vars[o->path.var];
  if (!v->is_pointer || o->path.text != v->name || (v->kind != VAR_LOCAL && v->kind != VAR_PARAM))
    return NULL;
  return v->name;
}

/* The variable a path text is rooted at, or -1. */
static int root_var(const run *R, const char *text) {
  size_t n = strcspn(text, ".-[");
  for (unsigned v = 0; v < R->f->nvars; v++)
    if (strlen(R->f->vars[v].name) == n && strncmp(R->f->vars[v].name, text, n) == 0)
      return (int)v;
  return -1;
}

/* dst read through the addresses of local objects the state knows
 * (cf->conf_file->buffer with cf->conf_file = &conf_file is
 * conf_file.buffer, a local path). */
static ir_path through_address(const run *R, const state *s, const ir_path *dst) {
  const char *t = dst->via_memory ? state_through_address(s, dst->text) : NULL;
  if (!t)
    return *dst;
  return (ir_path){.var = root_var(R, t), .text = t, .via_memory = strstr(t, "->") != NULL};
}

static bool base_holds(state *s, const char *name, value v) {
  value base = state_value_of(s, name);
  return (base.kind == V_RES || base.kind == V_INTERIOR) && base.res == v.res;
}

/* lc->cells.tqh_last = &lc->cells.tqh_first (TAILQ_INIT), n->self = n: the
 * block points into itself, and nothing outside it holds it the more. */
static bool into_itself(const run *R, state *s, const ir_path *dst, value v) {
  if (!dst->via_memory || dst->var < 0 || (v.kind != V_RES && v.kind != V_INTERIOR) || v.res < 0)
    return false;
  /* lc->cells.tqh_last or *lc, not n->prev->next nor lc->buf[i]: one
   * dereference, of the block's own pointer */
  const char *name = R->f->vars[dst->var].name, *t = dst->text;
  size_t n = strlen(name);
  if (t[0] == '*')
    return strcmp(t + 1, name) == 0 && base_holds(s, name, v);
  if (strncmp(t, name, n) != 0 || strncmp(t + n, "->", 2) != 0 || strstr(t + n + 2, "->") ||
      strpbrk(t + n + 2, "[*"))
    return false;
  return base_holds(s, name, v);
}

void walk_write(run *R, state *s, const ir_path *dst_in, value v, ll_location loc) {
  ir_path resolved = through_address(R, s, dst_in);
  const ir_path *dst = &resolved;
  if (into_itself(R, s, dst, v))
    return;
  if (!is_local_path(R, dst)) {
    state_forget_path(s, dst->text);
    /* p->next = &node: reads through p->next read node; any other store
     * there ends that */
    for (unsigned i = 0; i < s->nb;)
      if ((s->b[i].v.kind == V_ADDR || s->b[i].v.kind == V_COPY) &&
          path_within(s->b[i].path, dst->text))
        state_unbind_at(s, i);
      else
        i++;
    if (v.kind == V_ADDR && dst->var >= 0) {
      state_bind(s, dst->text, dst->var, v);
      return;
    }
    note_flag_store(R, s, dst, v);
    /* Stored into memory or a global: it is owned there now; through a
     * T **out parameter, by the caller (an allocator of *out). */
    if (v.kind == V_RES && s->res[v.res].status == R_LIVE && s->res[v.res].acq)
      s->res[v.res].out_param = out_param_of(R, dst);
    if (v.kind == V_INTERIOR)
      escape_interior(R, s, v, &(window_exit){.kind = WINDOW_STORED, .dst = dst, .at = loc});
    else if (v.kind == V_RES || walk_is_result(v, RESULT_ID))
      walk_escape(s, v.res);
    /* *out = realloc(buf, n) before any test: tested there, the result
     * owns the old block too (*out gets it back if realloc fails) */
    int old = v.kind == V_RES && s->res[v.res].realloc_pending ? s->res[v.res].realloc_old : -1;
    if (old >= 0 && s->res[old].status == R_LIVE)
      s->res[old].status = R_ESCAPED;
    return;
  }
  kill_path(R, s, dst, loc, (v.kind == V_RES || v.kind == V_INTERIOR) ? v.res : -1);
  /* copies of the old value are no copies now */
  for (unsigned i = 0; dst->var >= 0 && dst->text == R->f->vars[dst->var].name && i < s->nb;) {
    if (s->b[i].v.kind == V_COPY && value_addr_path(s->b[i].v) == dst->text)
      state_unbind_at(s, i);
    else
      i++;
  }
  if (v.kind == V_UNKNOWN)
    return;
  if (v.kind == V_CONST && !key_in(&R->tested, dst->text))
    return; /* ret = -1: a constant nobody tests only splits states */
  state_bind(s, dst->text, dst->var, v);
  if (v.kind == V_RES) {
    res *r = &s->res[v.res];
    if (r->handle && R->f->vars[dst->var].kind != VAR_TEMP &&
        (str_starts_with(r->handle, "$t") || !r->handle))
      r->handle = dst->text;
  }
}

/* --- calls -------------------------------------------------------------- */

/* The name to show for a call: as written when a macro stands for a
 * modelled API (evtimer_new for event_new) or hides a fortified variant
 * (asprintf for __asprintf_chk); not a project macro that merely contains
 * the call (TRY_DUP(p, s) is strdup). */
const char *walk_call_name(const run *R, const ir_instr *in) {
  if (!in->spelled || in->spelled == in->callee)
    return in->callee;
  if (str_starts_with(in->callee, "__") ||
      (R->opt->models && model_lookup(R->opt->models, in->spelled)))
    return in->spelled;
  return in->callee;
}

int walk_new_res(run *R, state *s, const ir_instr *in, const api_fn *fn, const char *via,
                 const char *handle) {
  int b = R->f->blocks[s->block].loop;
  res r = {.acq = fn,
           .via = via,
           .handle = handle,
           .loc = in->loc,
           .acq_instr = in->id,
           .group = ++s->next_group, /* acquire_out gives a call's handles one group */
           .loop = b,
           .realloc_old = -1,
           .param = -1,
           .out_param = -1,
           .iter_at_acq = b >= 0 ? s->iters[b] : 0,
           .status = R_LIVE,
           .checked = fn->failure == FAIL_NONE && !fn->must_check};
  r.step_seq = s->seq + 1;
  for (unsigned m = 0; m < ENGINE_MODULE_COUNT; m++)
    if (engine_modules[m]->created)
      engine_modules[m]->created(&r, fn);
  return state_add_res(s, &r);
}

int walk_find_keyed(const state *s, const char *key, int status) {
  for (unsigned i = 0; i < s->nres; i++)
    if (s->res[i].object_key == key && s->res[i].status == status)
      return (int)i;
  return -1;
}

/* What a keyed (lock-like) call acts on: the named field alone, or its
 * handle argument's object key; NULL when the call does not say. */
const char *engine_handle_key(const ir_instr *in, const api_fn *fn) {
  if (fn->handle.arg < 0 ? !fn->handle_field : (unsigned)fn->handle.arg >= in->nargs)
    return NULL;
  return fn->handle.arg < 0 ? intern(fn->handle_field)
                            : object_key_of(&in->args[fn->handle.arg], fn->handle_field);
}

const char *walk_handle_key(const run *R, const ir_instr *in, const api_fn *fn) {
  const char *key = engine_handle_key(in, fn);
  for (unsigned i = 0; key && i < R->naliases; i++) {
    const char *from = R->alias_from[i];
    size_t n = strlen(from);
    if (strncmp(key, from, n) == 0 && (key[n] == '-' || key[n] == '.')) {
      char *t = xasprintf("%s%s", R->alias_to[i], key + n);
      key = intern(t);
      free(t);
      break;
    }
  }
  return key;
}

/* p where some path of f reads p->...: only an address stored there can
 * be read through (R->read_through). */
static void note_read_through(run *R, const char *text) {
  for (const char *a = text ? strstr(text, "->") : NULL; a; a = strstr(a + 2, "->")) {
    char *t = xasprintf("%.*s", (int)(a - text), text);
    key_add(&R->read_through, intern(t));
    free(t);
  }
}

static void find_read_through(run *R) {
  const ir_func *f = R->f;
  for (unsigned b = 0; b < f->nblocks; b++) {
    const ir_block *bl = &f->blocks[b];
    for (unsigned i = 0; bl->reachable && i < bl->ninstrs; i++) {
      const ir_instr *in = &bl->instrs[i];
      if (in->has_dst && in->dst.via_memory)
        note_read_through(R, in->dst.text);
      if (in->op == I_ASSIGN && in->src.path.via_memory)
        note_read_through(R, in->src.path.text);
      for (unsigned a = 0; in->op == I_CALL && a < in->nargs; a++)
        if (in->args[a].path.via_memory)
          note_read_through(R, in->args[a].path.text);
    }
    if (bl->reachable && bl->term.kind == T_BRANCH && bl->term.cond.lhs.path.via_memory)
      note_read_through(R, bl->term.cond.lhs.path.text);
  }
}

/* pool = slot->pool where neither is written again: a lock taken as
 * &pool->lock and released through slot->pool is one lock. */
static void find_key_aliases(run *R) {
  const ir_func *f = R->f;
  unsigned *writes = xcalloc(f->nvars ? f->nvars : 1, sizeof *writes);
  const ir_instr **def = xcalloc(f->nvars ? f->nvars : 1, sizeof *def);
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->has_dst && in->dst.var >= 0 && in->dst.text == f->vars[in->dst.var].name) {
        writes[in->dst.var]++;
        def[in->dst.var] = in;
      }
      for (unsigned a = 0; in->op == I_CALL && a < in->nargs; a++)
        if (in->args[a].kind == OPD_ADDR && in->args[a].path.var >= 0 &&
            in->args[a].path.text == f->vars[in->args[a].path.var].name)
          writes[in->args[a].path.var] += 2; /* get(&p): written where we cannot see */
    }
  for (unsigned v = 0; v < f->nvars; v++) {
    const ir_instr *d = def[v];
    if (writes[v] != 1 || f->vars[v].kind != VAR_LOCAL || !f->vars[v].is_pointer ||
        d->op != I_ASSIGN || d->src.kind != OPD_PATH || !d->src.path.via_memory ||
        d->src.path.var < 0 ||
        writes[d->src.path.var] > (f->vars[d->src.path.var].kind == VAR_PARAM ? 0u : 1u))
      continue;
    bool stored = false; /* slot->pool itself written */
    for (unsigned b = 0; b < f->nblocks && !stored; b++)
      for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs && !stored; i++)
        stored =
            f->blocks[b].instrs[i].has_dst && f->blocks[b].instrs[i].dst.text == d->src.path.text;
    if (stored)
      continue;
    R->alias_from = xrealloc(R->alias_from, (R->naliases + 1) * sizeof *R->alias_from);
    R->alias_to = xrealloc(R->alias_to, (R->naliases + 1) * sizeof *R->alias_to);
    R->alias_from[R->naliases] = d->src.path.text;
    R->alias_to[R->naliases++] = f->vars[v].name;
  }
  free(writes);
  free(def);
}

static void acquire_keyed(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  const char *key = walk_handle_key(R, in, fn);
  if (!key)
    return;
  const ir_operand *arg = fn->handle.arg >= 0 ? &in->args[fn->handle.arg] : NULL;
  if (!ANY_MODULE(track_owned, fn) && arg &&
      (arg->path.via_memory ||
       (arg->path.var >= 0 && (R->f->vars[arg->path.var].kind == VAR_GLOBAL ||
                               R->f->vars[arg->path.var].kind == VAR_STATIC))))
    return; /* an object inside a struct or a global: its owner ends it */
  int held = walk_find_keyed(s, key, R_LIVE);
  if (held >= 0 && !ANY_MODULE_R(reacquire, R, s, in, fn, held)) {
    /* A timer or handle initialised again while the old one is live: the
     * old one can no longer be named. */
    res *old = &s->res[held];
    walk_leak(R, s, held, in->loc, true);
    old->status = R_FAILED;
  }
  int r = walk_new_res(R, s, in, fn, walk_call_name(R, in), key);
  s->res[r].object_key = key;
  if (in->has_dst)
    walk_write(R, s, &in->dst, (value){.kind = V_RESULT, .res = r}, in->loc);
}

static void acquire_out(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  if ((unsigned)fn->handle.arg >= in->nargs)
    return;
  const ir_operand *a = &in->args[fn->handle.arg];
  int count = fn->handle.count > 1 ? fn->handle.count : 1;
  int first = -1;
  for (int i = 0; i < count; i++) {
    ir_path p;
    if (a->kind == OPD_ADDR && count == 1) {
      p = a->path;
    } else if (a->kind == OPD_PATH && count > 1 && a->path.var >= 0 &&
               !R->f->vars[a->path.var].is_pointer) {
      char *t = xasprintf("%s[%d]", a->path.text, i);
      p = (ir_path){.var = a->path.var, .text = intern(t), .via_memory = a->path.via_memory};
      free(t);
    } else {
      p = (ir_path){.var = -1, .text = intern("(out)"), .via_memory = true};
    }
    if (fn->reuses) {
      value old = state_value_of(s, p.text);
      if (old.kind == V_RES && s->res[old.res].status == R_LIVE)
        continue; /* getline() moved or kept it: the same block to free */
      if (old.kind != V_CONST || old.c != 0)
        continue; /* a block from elsewhere: the caller's to judge */
    }
    int r = walk_new_res(R, s, in, fn, walk_call_name(R, in), p.text);
    /* vasprintf(ret, ...) with ret this function's char **ret. */
    if (a->kind == OPD_PATH && count == 1 && is_out_param(R, a->path.var) &&
        a->path.text == R->f->vars[a->path.var].name)
      s->res[r].out_param = a->path.var;
    if (first < 0)
      first = r;
    s->res[r].group = s->res[first].group;
    if (!is_local_path(R, &p)) {
      /* Stored in a struct or global, or through a pointer we cannot
       * follow: owned there.  Kept only so that the call's status can
       * still tell success from failure. */
      s->res[r].status = R_ESCAPED;
      continue;
    }
    walk_write(R, s, &p, (value){.kind = V_RES, .res = r}, in->loc);
  }
  if (first >= 0 && in->has_dst)
    walk_write(R, s, &in->dst, (value){.kind = V_RESULT, .res = first}, in->loc);
  else if (in->has_dst) /* getline() kept the block: its count is a number */
    walk_write(R, s, &in->dst, (value){.kind = V_UNKNOWN, .res = -1}, in->loc);
}

int walk_acquire_return(run *R, state *s, const ir_instr *in, const api_fn *fn, int old) {
  const char *handle = in->has_dst ? in->dst.text : intern("(discarded)");
  int r = walk_new_res(R, s, in, fn, walk_call_name(R, in), handle);
  if (s->closed_std && fn->failure == FAIL_NEGATIVE && old < 0) {
    /* the lowest free descriptor: a standard stream closed on this path */
    s->closed_std--;
    walk_escape(s, r);
    if (in->has_dst)
      walk_write(R, s, &in->dst, (value){.kind = V_RES, .res = r}, in->loc);
    return r;
  }
  if (old >= 0) {
    s->res[r].realloc_old = old;
    s->res[r].realloc_pending = true;
  }
  if (in->has_dst)
    walk_write(R, s, &in->dst, (value){.kind = V_RES, .res = r}, in->loc);
  else if (fn->model && model_kind_owns_returned_handle(fn->model->kind))
    walk_leak(R, s, r, in->loc, false); /* the only handle is dropped on the spot */
  return r;
}

static void release_res(run *R, state *s, int r, const ir_instr *in, const api_fn *fn) {
  if (ANY_MODULE_R(release, R, s, r, in, fn))
    return;
  res *x = &s->res[r];
  if (x->acq && x->acq->must_check && !x->checked)
    walk_event(R, s, EV_UNCHECKED_RELEASE, x, in->loc);
  if (x->status == R_LIVE) {
    x->status = R_RELEASED;
    x->released_at = in->loc;
    x->released_by = fn;
    EACH_MODULE_R(released, R, s, r);
  }
}

static void release_keyed(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  const char *key = walk_handle_key(R, in, fn);
  if (!key)
    return;
  int held = walk_find_keyed(s, key, R_LIVE);
  if (held >= 0) {
    release_res(R, s, held, in, fn);
    return;
  }
  EACH_MODULE_R(release_unheld, R, s, in, fn, key);
}

/* A status for the call (a resource already gone, R_ESCAPED, whose test
 * settles what the call did), bound to its result; its group. */
static unsigned call_status(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  value d = state_value_of(s, in->dst.text);
  if (d.kind == V_RESULT && d.res >= 0 && s->res[d.res].acq_instr == in->id)
    return s->res[d.res].group;
  int r = walk_new_res(R, s, in, fn, walk_call_name(R, in), intern("(status)"));
  s->res[r].status = R_ESCAPED;
  walk_write(R, s, &in->dst, (value){.kind = V_RESULT, .res = r}, in->loc);
  return s->res[r].group;
}

static void release_value(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  if (keyed(fn) && (ANY_MODULE(releases_by_key, fn) || fn->handle_field)) {
    release_keyed(R, s, in, fn);
    return;
  }
  if ((unsigned)fn->handle.arg >= in->nargs)
    return;
  const ir_operand *a = &in->args[fn->handle.arg];
  if (fn->handle.where == HANDLE_OUT) {
    /* Released through a pointer to the handle: p_free(&p). */
    value v = {.kind = V_UNKNOWN, .res = -1};
    if (a->kind == OPD_ADDR) {
      v = state_value_of(s, a->path.text);
    } else if (a->kind == OPD_PATH) {
      char *t = xasprintf("*%s", a->path.text);
      v = state_value_of(s, intern(t));
      free(t);
      if (v.kind != V_RES) { /* &sv[0] of an array sv */
        t = xasprintf("%s[0]", a->path.text);
        v = state_value_of(s, intern(t));
        free(t);
      }
    } else if (a->kind == OPD_OFFSET && a->value > 0) { /* &sv[1] */
      char *t = xasprintf("%s[%lld]", a->path.text, a->value);
      v = state_value_of(s, intern(t));
      free(t);
    }
    if (v.kind == V_RES && fn->released_if_fails) {
      if (s->res[v.res].status == R_LIVE && in->has_dst)
        s->res[v.res].freed_if_fails_by = call_status(R, s, in, fn);
    } else if (v.kind == V_RES) {
      release_res(R, s, v.res, in, fn);
    }
    return;
  }
  value v = walk_eval(s, a);
  if (v.kind == V_RES || walk_is_result(v, RESULT_ID))
    release_res(R, s, v.res, in, fn);
  else if (v.kind == V_INTERIOR)
    walk_escape(s, v.res); /* freeing an interior pointer: not ours to judge here */
  else if (a->kind == OPD_ADDR || a->kind == OPD_PATH) {
    const char *key = object_key_of(a, NULL);
    int held = key ? walk_find_keyed(s, key, R_LIVE) : -1;
    if (held >= 0)
      release_res(R, s, held, in, fn);
  }
}

/* memcpy(dst, &p, sizeof p): the handle p now also lives where dst points:
 * a local it binds, anywhere else owns it. */
static void copy_handle(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  if ((unsigned)fn->copy_src >= in->nargs || (unsigned)fn->copy_dst >= in->nargs)
    return;
  const ir_operand *src = &in->args[fn->copy_src], *dst = &in->args[fn->copy_dst];
  if (src->kind != OPD_ADDR)
    return;
  value v = state_value_of(s, src->path.text);
  if (v.kind != V_RES && v.kind != V_INTERIOR)
    return;
  if (dst->kind == OPD_ADDR && is_local_path(R, &dst->path))
    walk_write(R, s, &dst->path, v, in->loc);
  else
    walk_escape(s, v.res);
}

/* A call that keeps its arguments only when it returns 0: what it took is
 * tied to its status, which the failure branch of a test of the result
 * undoes (as keep_until_failure does for a call that also makes a handle). */
static void keep_unless_fails(run *R, state *s, const ir_instr *in, const api_fn *fn,
                              const uint8_t *before, unsigned nbefore, bool *acquired) {
  unsigned group = call_status(R, s, in, fn);
  for (unsigned i = 0; i < nbefore; i++)
    if (before[i] == R_LIVE && s->res[i].status == R_ESCAPED)
      s->res[i].kept_by = group;
  *acquired = true;
}

static void apply_borrow_keep(run *R, state *s, const ir_instr *in, const api_fn *fn,
                              bool *covered) {
  if (fn->copies)
    copy_handle(R, s, in, fn);
  for (unsigned i = 0; i < in->nargs && i < 32; i++) {
    if (!(fn->args_mask & (1u << i)))
      continue;
    covered[i] = true;
    const ir_operand *a = &in->args[i];
    if (fn->action == ACT_KEEP && fn->keeps_contents) {
      if (a->kind == OPD_ADDR) /* prompt_create(&pd): what pd holds goes */
        for (unsigned b = 0; b < s->nb; b++)
          if (s->b[b].var == a->path.var && s->b[b].path != a->path.text &&
              (s->b[b].v.kind == V_RES || s->b[b].v.kind == V_INTERIOR))
            walk_escape(s, s->b[b].v.res);
    } else if (fn->action == ACT_KEEP) {
      escape_operand(
          R, s, a,
          &(window_exit){.kind = WINDOW_KEPT, .callee = in->callee, .operand = a, .at = in->loc});
    }
  }
}

/* The summary of the calling context the call's constant arguments pick,
 * or NULL. */
static const api_fn *const *context_summary(const run *R, state *s, const ir_instr *in) {
  if (!summary_has_when(R->opt->summaries, R->f->unit_path, in->callee))
    return NULL;
  bool known[32] = {0};
  long long vals[32] = {0};
  unsigned n = in->nargs < 32 ? in->nargs : 32;
  for (unsigned i = 0; i < n; i++) {
    value v = in->args[i].kind == OPD_CONST ? (value){.kind = V_CONST, .c = in->args[i].value}
              : s                           ? walk_eval(s, &in->args[i])
                                            : (value){.kind = V_UNKNOWN};
    known[i] = v.kind == V_CONST;
    vals[i] = v.c;
  }
  return summary_lookup_when(R->opt->summaries, R->f->unit_path, in->callee, n, known, vals);
}

/* Whether the call's argument arg is the constant equals, or is spelled as
 * the macro equals_name. */
static bool call_arg_holds(const void *call, int arg, long long equals, const char *equals_name) {
  const ir_instr *in = call;
  if (arg < 0 || (unsigned)arg >= in->nargs || in->args[arg].kind != OPD_CONST)
    return false;
  const ir_operand *a = &in->args[arg];
  return equals_name ? a->text && strcmp(a->text, equals_name) == 0 : a->value == equals;
}

const api_fn *const *walk_callee_entries(const run *R, state *s, const ir_instr *in,
                                         const api_fn *const **summary) {
  *summary = NULL;
  if (!in->callee)
    return NULL;
  const api_fn *const *m =
      R->opt->models ? model_lookup_call(R->opt->models, in->callee, call_arg_holds, in) : NULL;
  if (R->opt->summaries) {
    const api_fn *const *when = context_summary(R, s, in);
    *summary = when ? (*when ? when : NULL)
                    : summary_lookup(R->opt->summaries, R->f->unit_path, in->callee);
  }
  return m;
}

/* What the callback passed as argument arg returns on every path (a timer
 * whose callback always says stop fires once). */
returns_kind walk_callback_returns(const run *R, const ir_instr *in, int arg) {
  if (arg < 0 || (unsigned)arg >= in->nargs || in->args[arg].kind != OPD_FUNC || !R->opt->summaries)
    return RETURNS_UNKNOWN;
  return summary_returns(R->opt->summaries, R->f->unit_path, in->args[arg].text);
}

int walk_handle_res(state *s, const ir_instr *in, const api_fn *fn) {
  if (fn->handle.arg < 0 || (unsigned)fn->handle.arg >= in->nargs)
    return -1;
  const ir_operand *a = &in->args[fn->handle.arg];
  value v = walk_eval(s, a);
  if (v.kind == V_RES && s->res[v.res].status == R_LIVE)
    return v.res;
  const char *key = object_key_of(a, NULL);
  return key ? walk_find_keyed(s, key, R_LIVE) : -1;
}

static void apply_entry(run *R, state *s, const ir_instr *in, const api_fn *fn, bool *covered,
                        bool *acquired) {
  if (ANY_MODULE_R(apply, R, s, in, fn, covered, acquired))
    return;
  switch (fn->action) {
  case ACT_ACQUIRE:
    *acquired = true;
    if (fn->handle.where == HANDLE_RETURN)
      walk_acquire_return(R, s, in, fn, -1);
    else if (fn->handle.where == HANDLE_OUT)
      acquire_out(R, s, in, fn);
    else if (fn->handle.where == HANDLE_ARG)
      acquire_keyed(R, s, in, fn);
    if (fn->handle.arg >= 0 && fn->handle.arg < 32)
      covered[fn->handle.arg] = true;
    break;
  case ACT_REALLOC: {
    *acquired = true;
    int old = -1;
    if (fn->old_arg >= 0 && (unsigned)fn->old_arg < in->nargs) {
      value v = walk_eval(s, &in->args[fn->old_arg]);
      if (v.kind == V_RES && s->res[v.res].status == R_LIVE)
        old = v.res;
      else if (v.kind == V_INTERIOR)
        walk_escape(s, v.res);
      if (fn->old_arg < 32)
        covered[fn->old_arg] = true;
    }
    walk_acquire_return(R, s, in, fn, old);
    break;
  }
  case ACT_RELEASE:
  case ACT_STOP:
    if (fn->released_if_fails && in->has_dst) {
      call_status(R, s, in, fn);
      *acquired = true; /* the result is the status now */
    }
    release_value(R, s, in, fn);
    if (fn->handle.arg >= 0 && fn->handle.arg < 32)
      covered[fn->handle.arg] = true;
    break;
  case ACT_BORROW:
  case ACT_KEEP: {
    uint8_t before[64];
    unsigned nbefore = fn->kept_unless_fails && in->has_dst && s->nres < 64 ? s->nres : 0;
    for (unsigned i = 0; i < nbefore; i++)
      before[i] = s->res[i].status;
    apply_borrow_keep(R, s, in, fn, covered);
    if (nbefore)
      keep_unless_fails(R, s, in, fn, before, nbefore, acquired);
    break;
  }
  default: /* ARM without a module, WAIT, WAKE: use the handle, do not take it */
    if (fn->handle.arg >= 0 && fn->handle.arg < 32)
      covered[fn->handle.arg] = true;
    break;
  }
}

static bool has_callback_arg(const ir_instr *in) {
  for (unsigned i = 0; i < in->nargs; i++)
    if (in->args[i].kind == OPD_FUNC)
      return true;
  return false;
}

/* &obj->link passed to an unmodelled library function: an intrusive list
 * or tree (wl_list_insert, list_add) now holds obj. */
static bool links_object(state *s, const ir_operand *a) {
  if (a->kind != OPD_ADDR || !a->path.via_memory || a->path.var < 0)
    return false;
  for (unsigned i = 0; i < s->nb; i++)
    if (s->b[i].var == a->path.var && s->b[i].v.kind == V_RES)
      return true;
  return false;
}

/* A call that both creates something and keeps arguments for it
 * (pthread_create's thread argument, event_new's callback data) keeps them
 * only if it succeeds: tie what it took to the new handle's group, so that
 * the failure branch gives them back. */
static void keep_until_failure(state *s, const ir_instr *in, const uint8_t *before,
                               unsigned nbefore) {
  int made = -1;
  for (unsigned i = nbefore; i < s->nres; i++)
    if (s->res[i].acq_instr == in->id && s->res[i].acq && s->res[i].acq->failure != FAIL_NONE)
      made = (int)i;
  if (made < 0)
    return;
  for (unsigned i = 0; i < nbefore; i++)
    if (before[i] == R_LIVE && s->res[i].status == R_ESCAPED)
      s->res[i].kept_by = s->res[made].group;
}

/* Which family's acquisition a call is, when several claim it: one that
 * owns what it makes, and of those the more specific (a timer over an fd). */
static int claim_rank(const api_fn *fn) {
  if (!fn->model || !model_kind_owns_returned_handle(fn->model->kind))
    return 0;
  return fn->model->kind == MODEL_RESOURCE ? 1 : 2;
}

/* Drops the constants known for p and its parts. */
static void forget_constants(state *s, const char *p) {
  for (unsigned i = 0; i < s->nb;) {
    if (s->b[i].v.kind == V_CONST && path_within(s->b[i].path, p))
      state_unbind_at(s, i);
    else
      i++;
  }
}

/* entries = sort_items(.., &too_deep): too_deep is the call's failure. */
static void bind_failure_flag(run *R, state *s, const ir_instr *in, const api_fn *const *e) {
  value v = state_value_of(s, in->dst.text);
  for (unsigned i = 0; e && e[i] && v.kind == V_RES; i++) {
    unsigned a = e[i]->fail_flag_arg1 ? (unsigned)e[i]->fail_flag_arg1 - 1 : in->nargs;
    if (e[i]->action != ACT_ACQUIRE || a >= in->nargs || in->args[a].kind != OPD_ADDR)
      continue;
    const ir_path *p = &in->args[a].path;
    if (p->var < 0 || p->text != R->f->vars[p->var].name || p->via_memory)
      continue;
    walk_write(R, s, p, (value){.kind = V_FAILFLAG, .res = v.res}, in->loc);
  }
}

/* The pointer a call returns into its argument's block (strchr(line, ':'),
 * strsep(&cursor, " ") into what cursor points to): where it may be. */
static value inside_result(state *s, const ir_operand *a, const api_fn *fn) {
  value v = a->kind == OPD_ADDR ? state_value_of(s, a->path.text) : walk_eval(s, a);
  if (v.kind != V_RES && v.kind != V_INTERIOR)
    return (value){.kind = V_UNKNOWN, .res = -1};
  long long in = fn->returns_past_start  ? IN_PAST_START
                 : v.kind == V_RES       ? IN_FOUND
                 : v.c == IN_AT_CONSTANT ? IN_PAST_START
                                         : v.c;
  return (value){.kind = V_INTERIOR, .res = v.res, .c = in};
}

/* close(0) before open("/dev/null"): open() takes the lowest free number,
 * so the standard stream is reopened.  Counted once a call (close() is in
 * several families), before the release forgets the value. */
static void note_std_close(run *R, state *s, const ir_instr *in, const api_fn *const *e) {
  for (unsigned i = 0; e && e[i]; i++) {
    const api_fn *fn = e[i];
    if (fn->action != ACT_RELEASE || fn->handle.where != HANDLE_ARG ||
        (unsigned)fn->handle.arg >= in->nargs ||
        (fn->model && !model_kind_owns_returned_handle(fn->model->kind)))
      continue;
    const ir_operand *a = &in->args[fn->handle.arg];
    bool integer = a->kind == OPD_CONST ||
                   (a->kind == OPD_PATH && a->path.var >= 0 && !R->f->vars[a->path.var].is_pointer);
    value v = walk_eval(s, a);
    if (integer && v.kind != V_RES && ranges_within(R, s, a, v, 0, 2)) {
      s->closed_std++;
      return;
    }
  }
}

static void exec_call(run *R, state *s, const ir_instr *in) {
  const api_fn *const *summary;
  const api_fn *const *entries = walk_callee_entries(R, s, in, &summary);
  bool covered[32] = {0}, acquired = false, known = entries || summary;
  uint8_t before[64];
  unsigned nbefore = s->nres < 64 ? s->nres : 0;
  for (unsigned i = 0; i < nbefore; i++)
    before[i] = s->res[i].status;
  note_std_close(R, s, in, entries ? entries : summary);
  EACH_MODULE_R(call, R, s, in, entries, summary);
  if (entries) {
    /* One call makes one handle: when two families claim it (timerfd_create
     * is an fd and a timer), the more specific family that owns what it
     * makes wins; a channel's view of pipe() does not displace its fds. */
    const api_fn *acq = NULL;
    for (unsigned i = 0; entries[i]; i++)
      if (entries[i]->action == ACT_ACQUIRE || entries[i]->action == ACT_REALLOC)
        if (!acq || claim_rank(entries[i]) > claim_rank(acq))
          acq = entries[i];
    /* What the call keeps or borrows first, so that keeping the memory a
     * handle lives in (uv_timer_init(loop, t)) does not also hand away the
     * handle the call starts there. */
    for (int pass = 0; pass < 2; pass++)
      for (unsigned i = 0; entries[i]; i++) {
        bool uses = entries[i]->action == ACT_KEEP || entries[i]->action == ACT_BORROW;
        if (uses != (pass == 0))
          continue;
        if ((entries[i]->action == ACT_ACQUIRE || entries[i]->action == ACT_REALLOC) &&
            entries[i] != acq)
          continue;
        apply_entry(R, s, in, entries[i], covered, &acquired);
      }
    if (acquired && nbefore)
      keep_until_failure(s, in, before, nbefore);
  } else if (summary)
    for (unsigned i = 0; summary[i]; i++)
      apply_entry(R, s, in, summary[i], covered, &acquired);
  /* Arguments no entry speaks of: a system function or one whose summary
   * says nothing only uses them; anything else may keep them. */
  bool defined = in->callee && R->opt->summaries &&
                 summary_is_defined(R->opt->summaries, R->f->unit_path, in->callee);
  bool borrows = known || in->callee_in_system_header || defined;
  /* An unmodelled library function that takes a callback is registering
   * it, and the pointers beside it are the callback's data: kept. */
  bool registers = !known && !defined && has_callback_arg(in);
  for (unsigned i = 0; i < in->nargs; i++) {
    if (i < 32 && covered[i])
      continue;
    /* const T * to a function with no body in sight borrows (as clang's
     * analyzer assumes); other unknown callees may keep. */
    bool const_borrow = !known && !defined && !registers && ir_arg_is_const(in, i);
    if ((!borrows || registers) && !const_borrow)
      escape_operand(R, s, &in->args[i], NULL);
    else if (!known && !defined && links_object(s, &in->args[i]))
      escape_operand(R, s, &in->args[i], NULL);
    else if (in->args[i].kind == OPD_ADDR && in->args[i].path.var >= 0) {
      state_forget_var(s, R->f, in->args[i].path.var);
      /* prompt_create(&pd) with pd.data = spd: a summary says what the
       * callee does with pd, not with what pd holds; let it hold on. */
      if (!known &&
          !(defined && summary_borrows_whole(R->opt->summaries, R->f->unit_path, in->callee, i)))
        escape_within(R, s, in->args[i].path.text, NULL);
    }
  }
  /* return memcpy(p, s, n): the result is the destination. */
  value result = {.kind = V_UNKNOWN, .res = -1};
  const api_fn *const *says = entries ? entries : summary;
  for (unsigned i = 0; says && says[i]; i++)
    if (says[i]->returns_inside && (unsigned)says[i]->returns_arg < in->nargs)
      result = inside_result(s, &in->args[says[i]->returns_arg], says[i]);
  range either;
  bool or_minus_one = false;
  for (unsigned i = 0; entries && entries[i]; i++)
    if (entries[i]->returns_alias && (unsigned)entries[i]->returns_arg < in->nargs) {
      result = walk_eval(s, &in->args[entries[i]->returns_arg]);
      /* fd = dup2(use_fd, fd): fd or -1, known by its range alone */
      if (entries[i]->returns_or_minus_one) {
        or_minus_one = in->has_dst && ranges_or_minus_one(R, s, &in->args[entries[i]->returns_arg],
                                                          result, &in->dst, &either);
        result = (value){.kind = V_UNKNOWN, .res = -1};
        continue;
      }
      /* The buffer or NULL: testing the result says nothing about the
       * buffer, releasing the result releases it (taken as an alias). */
      if (entries[i]->returns_or_null && result.kind == V_RES)
        result.kind = V_INTERIOR;
    }
  for (unsigned i = 0; i < in->nargs; i++) {
    consume_temp(R, s, &in->args[i]);
    /* get(&n), sscanf(.., &n): the callee may write n; a const T * may not */
    const ir_operand *a = &in->args[i];
    if (a->kind == OPD_ADDR && a->path.var >= 0 && !ir_arg_is_const(in, i))
      forget_constants(s, a->path.text);
  }
  if (in->has_dst && !acquired && result.kind == V_UNKNOWN && in->callee && R->opt->summaries &&
      summary_returns(R->opt->summaries, R->f->unit_path, in->callee) == RETURNS_NONNULL)
    result = (value){.kind = V_NONNULL, .res = -1}; /* o = options_default(..) */
  if (in->has_dst && !acquired)
    walk_write(R, s, &in->dst, result, in->loc);
  if (or_minus_one && !acquired)
    ranges_set(s, &either);
  if (acquired && in->has_dst)
    bind_failure_flag(R, s, in, entries ? entries : summary);
  for (unsigned i = 0; i < in->nargs; i++) {
    /* the callee may write through a pointer parameter passed on */
    int p = in->args[i].kind == OPD_PATH ? in->args[i].path.var : -1;
    if (p >= 0 && (unsigned)p < R->f->nparams && R->deref_names[p] &&
        in->args[i].path.text == R->f->vars[p].name)
      forget_flag(s, R->deref_names[p]);
  }
}

static void exec_assign(run *R, state *s, const ir_instr *in) {
  value v = walk_eval(s, &in->src);
  const ir_path *sp = &in->src.path;
  if (in->src.kind == OPD_ADDR && sp->var >= 0 && !sp->via_memory &&
      R->f->vars[sp->var].kind == VAR_LOCAL && key_in(&R->read_through, in->dst.text))
    v = (value){.kind = V_ADDR, .res = -1, .c = (long long)(intptr_t)sp->text};
  if (in->src.kind == OPD_PATH)
    escape_within(R, s, in->src.path.text, NULL); /* a struct copied whole */
  /* &(&lc->cells)->tqh_first into lc's own memory: an address within the
   * block, read from nothing but the block's own pointer */
  bool within = in->dst.via_memory && in->dst.var >= 0 &&
                into_itself(R, s, &in->dst, state_value_of(s, R->f->vars[in->dst.var].name));
  if (in->src.kind == OPD_ADDR)
    within = within && sp->var == in->dst.var && sp->via_memory;
  else if (in->src.kind == OPD_OTHER)
    for (unsigned i = 0; i < in->src.nreads; i++)
      within = within && in->src.reads[i].var == in->dst.var;
  else
    within = false;
  if ((in->src.kind == OPD_OTHER || (in->src.kind == OPD_ADDR && !is_local_path(R, &in->dst))) &&
      !within && !into_itself(R, s, &in->dst, v))
    escape_operand(R, s, &in->src, NULL);
  if (within)
    return;
  consume_temp(R, s, &in->src);
  walk_write(R, s, &in->dst, v, in->loc);
  if (in->src.kind == OPD_PATH)
    ranges_copy(R, s, &in->dst, &in->src.path);
  const char *q = key_in(&R->copy_asked, in->dst.text) ? pointer_var_path(R, &in->src) : NULL;
  ir_path d = q ? through_address(R, s, &in->dst) : in->dst;
  if (q && !is_local_path(R, &d) && d.var >= 0)
    state_bind(s, d.text, d.var, (value){.kind = V_COPY, .res = -1, .c = (long long)(intptr_t)q});
  /* pr->data = pd->data: what the caller's pd holds is kept here */
  if (in->src.kind == OPD_PATH && sp->via_memory && sp->var >= 0 &&
      (unsigned)sp->var < R->f->nparams && R->f->vars[sp->var].is_pointer &&
      !is_local_path(R, &in->dst))
    R->params[sp->var].contents_stored++;
}

/* x += k.  Outside loops a known count stays known; inside one, the count
 * of rounds is not known, so x only moves away from where it started (a
 * constant there would make the loop's exit test never true). */
static void exec_step(run *R, state *s, const ir_instr *in) {
  value old = state_value_of(s, in->src.path.text);
  bool in_loop = R->f->blocks[s->block].loop >= 0;
  bool known = old.kind == V_CONST;
  range moved;
  bool shift = ranges_shifted(R, s, &in->src, known, old.c, in_loop, &moved);
  value v = known && !in_loop ? walk_eval(s, &in->src) : (value){.kind = V_UNKNOWN, .res = -1};
  walk_write(R, s, &in->dst, v, in->loc);
  if (shift)
    ranges_set(s, &moved);
}

static void exec_scope_end(run *R, state *s, const ir_instr *in) {
  const ir_var *v = &R->f->vars[in->var];
  value val = state_value_of(s, v->name);
  /* A cleanup attribute exists to release what its variable holds. */
  if (val.kind == V_RES && s->res[val.res].status == R_LIVE) {
    s->res[val.res].status = R_RELEASED;
    s->res[val.res].released_at = in->loc;
  }
}

/* --- branches ----------------------------------------------------------- */

static int result_res(state *s, const ir_cond *c, bool *is_handle) {
  if (c->lhs.kind != OPD_PATH || !(c->rhs_const || c->op == C_TRUTH))
    return -1;
  value v = state_value_of(s, c->lhs.path.text);
  if (v.kind != V_RES && v.kind != V_RESULT && v.kind != V_FAILFLAG)
    return -1;
  *is_handle = v.kind == V_RES;
  return v.res;
}

static failure_kind res_failure(const state *s, const run *R, const res *r) {
  (void)s;
  if (!r->acq) /* a parameter: a pointer may be NULL, an fd anything */
    return R->f->vars[r->param].is_pointer ? FAIL_NULL : FAIL_NONE;
  return r->acq->failure;
}

/* A handle stored through an out-parameter, tested itself rather than the
 * call's status: NULL (or a negative fd) there means there is nothing to
 * release. */
static bool out_handle_test(const res *r, bool is_handle) {
  return is_handle && r->acq && r->acq->handle.where == HANDLE_OUT;
}

/* A block a call returned on this path, still held (not a parameter's
 * incoming value). */
static bool live_returned_block(const res *x) {
  return x->acq && x->status == R_LIVE && x->acq->handle.where == HANDLE_RETURN;
}

/* The live returned block path operand o holds, or NULL. */
static const res *fresh_block_of(state *s, const ir_operand *o) {
  if (o->kind != OPD_PATH)
    return NULL;
  value v = state_value_of(s, o->path.text);
  return v.kind == V_RES && live_returned_block(&s->res[v.res]) ? &s->res[v.res] : NULL;
}

/* Whether the condition tests r's pointer handle, live and fresh from an
 * acquisition (not a parameter), against NULL. */
static bool never_null(const run *R, const state *s, const ir_cond *c, int r) {
  if (!live_returned_block(&s->res[r]))
    return false;
  if (c->lhs.path.var < 0 || !R->f->vars[c->lhs.path.var].is_pointer)
    return false;
  return c->op == C_TRUTH || ((c->op == C_EQ || c->op == C_NE) && c->rhs == 0);
}

/* The outcome of a failure test decided along this branch. */
static void settle(state *s, int r, bool failed) {
  res *x = &s->res[r];
  if (failed) {
    unsigned group = x->group;
    for (unsigned i = 0; i < s->nres; i++) {
      if (s->res[i].group == group && s->res[i].acq_instr == x->acq_instr)
        s->res[i].status = R_FAILED;
      else if (s->res[i].kept_by == group && s->res[i].status == R_ESCAPED)
        s->res[i].status = R_LIVE; /* the failed call did not keep it */
      else if (s->res[i].freed_if_fails_by == group && s->res[i].status == R_LIVE)
        s->res[i].status = R_RELEASED; /* the failed call released it */
    }
    return;
  }
  x->checked = true;
  if (x->realloc_pending) {
    x->realloc_pending = false;
    if (x->realloc_old >= 0 && s->res[x->realloc_old].status == R_LIVE)
      s->res[x->realloc_old].status = R_RELEASED;
  }
}

/* Whether direction dir of fd OP k (k from 0 to 3) holds only for the
 * standard descriptors 0-2, not for any other valid descriptor. */
static bool std_stream_side(const ir_cond *c, bool dir) {
  if (!c->rhs_const || c->rhs < 0 || c->rhs > 3 || c->op == C_TRUTH || c->op == C_OPAQUE)
    return false;
  bool std = false, other = false;
  for (long long v = 0; v <= 5; v++)
    if (ir_compare(c->op, v, c->rhs) == dir)
      *(v <= 2 ? &std : &other) = true;
  return std && !other;
}

/* Whether a live handle can hold the constant k: once its failure test is
 * passed, only a success value (a descriptor is never negative, a pointer
 * never NULL). */
static bool handle_can_be(const res *x, long long k) {
  if (!x->acq || x->status != R_LIVE || !x->checked || x->acq->handle.where == HANDLE_OUT)
    return true;
  bool can_fail, can_ok;
  equality_directions(x->acq->failure, true, k, true, &can_fail, &can_ok);
  return can_ok;
}

/* a == b for two paths' values: 1 equal, 0 different, -1 unknown.  Two
 * handles live at once are different objects (if (at_fd != fd) close(at_fd)). */
static int values_equal(const state *s, value a, value b) {
  if (a.kind == V_CONST && b.kind == V_CONST)
    return a.c == b.c;
  if (a.kind == V_CONST) {
    value t = a;
    a = b, b = t;
  }
  if (a.kind != V_RES)
    return -1;
  const res *x = &s->res[a.res];
  if (b.kind == V_CONST)
    return handle_can_be(x, b.c) ? -1 : 0;
  if (b.kind != V_RES)
    return -1;
  if (a.res == b.res)
    return 1;
  const res *y = &s->res[b.res];
  bool x_live = x->acq && x->status == R_LIVE, y_live = y->acq && y->status == R_LIVE;
  bool x_failed = x->acq && x->status == R_FAILED, y_failed = y->acq && y->status == R_FAILED;
  if ((x_live && y_live) || (x_live && x->checked && y_failed) ||
      (y_live && y->checked && x_failed))
    return 0;
  return -1;
}

/* Whether a holds a live block fresh from an allocator and b names storage
 * that is no heap block (an array variable, &var): never the same address. */
static bool fresh_vs_local_storage(const run *R, state *s, const ir_operand *a,
                                   const ir_operand *b) {
  if (!fresh_block_of(s, a))
    return false;
  if ((b->kind != OPD_PATH && b->kind != OPD_ADDR) || b->path.var < 0 || b->path.via_memory)
    return false;
  const ir_var *var = &R->f->vars[b->path.var];
  if (var->kind == VAR_PARAM) /* an array parameter is a pointer */
    return false;
  return b->kind == OPD_ADDR || (!var->is_pointer && !var->is_scalar);
}

/* Whether in writes the whole variable v or passes its address on. */
static bool writes_var(const ir_func *f, const ir_instr *in, int v) {
  if (in->has_dst && in->dst.var == v && in->dst.text == f->vars[v].name)
    return true;
  for (unsigned a = 0; in->op == I_CALL && a < in->nargs; a++)
    if (in->args[a].kind == OPD_ADDR && in->args[a].path.var == v &&
        in->args[a].path.text == f->vars[v].name)
      return true;
  return false;
}

/* Whether an instruction from the acquisition of x on (in its block after
 * it, or in any block reachable from there) writes the whole variable v
 * or takes its address. */
static bool written_after(const run *R, const res *x, int v) {
  const ir_func *f = R->f;
  int from = -1;
  unsigned at = 0;
  for (unsigned b = 0; b < f->nblocks && from < 0; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++)
      if (f->blocks[b].instrs[i].id == x->acq_instr) {
        from = (int)b, at = i + 1;
        break;
      }
  if (from < 0)
    return true;
  bool written = false;
  for (unsigned i = at; i < f->blocks[from].ninstrs && !written; i++)
    written = writes_var(f, &f->blocks[from].instrs[i], v);
  /* the blocks after it; its own block whole only if a loop leads back */
  uint8_t *after = xcalloc(f->nblocks, 1);
  int *work = xmalloc((f->nblocks + 1) * sizeof *work);
  work[0] = from;
  cfg_reach(f, after, work, 1, -1);
  for (unsigned b = 0; b < f->nblocks && !written; b++)
    for (unsigned i = 0; after[b] && i < f->blocks[b].ninstrs && !written; i++)
      written = writes_var(f, &f->blocks[b].instrs[i], v);
  free(after);
  free(work);
  return written;
}

/* Whether a holds a live block fresh from an allocator, handed to no one,
 * and b a local variable holding no tracked value that nothing wrote
 * since the allocation: b was set before the block existed, so it points
 * elsewhere (quicklist's value != tmp, tmp from lpGetValue() before
 * value = zmalloc()). */
static bool fresh_vs_older(const run *R, state *s, const ir_operand *a, const ir_operand *b) {
  const res *x = fresh_block_of(s, a);
  if (!x || b->kind != OPD_PATH || b->path.var < 0 || b->path.via_memory)
    return false;
  const ir_var *var = &R->f->vars[b->path.var];
  if (var->kind != VAR_LOCAL || b->path.text != var->name)
    return false;
  value v = state_value_of(s, b->path.text);
  if (v.kind == V_RES || v.kind == V_INTERIOR || v.kind == V_RESULT)
    return false;
  return !written_after(R, x, b->path.var);
}

const char *walk_eq_question(const char *path, long long k) {
  return intern_format("=%s=%lld", path, k);
}

const char *walk_null_question(const char *path) {
  return walk_eq_question(path, 0);
}

/* Whether a holds a live block that cannot be NULL and b a path this path
 * found NULL: if (ud != pr->copied) free(ud) after pr->copied == NULL. */
static bool fresh_vs_null(state *s, const ir_operand *a, const ir_operand *b) {
  const res *x = fresh_block_of(s, a);
  if (!x || b->kind != OPD_PATH || !(x->checked || x->acq->failure == FAIL_NONE))
    return false;
  const fact *f = state_fact(s, walk_null_question(b->path.text));
  return f && f->value;
}

/* a == b for two operands of a branch: 1 equal, 0 different, -1 unknown. */
static int operands_equal(const run *R, state *s, const ir_operand *a, const ir_operand *b) {
  /* if (buf != stackbuf) free(buf) */
  if (fresh_vs_local_storage(R, s, a, b) || fresh_vs_local_storage(R, s, b, a))
    return 0;
  if (fresh_vs_null(s, a, b) || fresh_vs_null(s, b, a))
    return 0;
  if (fresh_vs_older(R, s, a, b) || fresh_vs_older(R, s, b, a))
    return 0;
  if (a->kind != OPD_PATH || b->kind != OPD_PATH)
    return -1;
  return values_equal(s, state_value_of(s, a->path.text), state_value_of(s, b->path.text));
}

bool walk_zero_bound_question(const run *R, const ir_cond *c, ir_cond *q) {
  if (c->op != C_LT || c->rhs_const || c->lhs.kind != OPD_PATH || c->rhs_opd.kind != OPD_PATH)
    return false;
  int v = c->lhs.path.var;
  if (v < 0 || c->lhs.path.text != R->f->vars[v].name || !R->f->vars[v].is_unsigned)
    return false;
  *q = (ir_cond){.op = C_NE,
                 .lhs = c->rhs_opd,
                 .rhs_const = true,
                 .text = c->text,
                 .reads = (ir_path *)&c->rhs_opd.path,
                 .nreads = 1};
  return true;
}

/* Whether direction dir of the branch is possible in s, updating s to
 * what taking it implies. */
static bool take_branch(run *R, state *s, const ir_cond *c, bool dir) {
  if (!c->rhs_const && (c->op == C_EQ || c->op == C_NE)) {
    int eq = operands_equal(R, s, &c->lhs, &c->rhs_opd);
    if (eq >= 0 && (eq == 1) != (c->op == C_EQ ? dir : !dir))
      return false;
  }
  if (c->lhs.kind == OPD_PATH && (c->rhs_const || c->op == C_TRUTH)) {
    value v = state_value_of(s, c->lhs.path.text);
    if (walk_is_module_result(v)) {
      const engine_module *m = engine_modules[walk_result_module(v)];
      return m->branch ? m->branch(R, R->mod[walk_result_module(v)], s, c, dir, v.res,
                                   walk_result_what(v))
                       : true;
    }
  }
  bool is_handle = false;
  int r = result_res(s, c, &is_handle);
  failure_kind fk = r >= 0 ? res_failure(s, R, &s->res[r]) : FAIL_NONE;
  if (r >= 0 && state_value_of(s, c->lhs.path.text).kind == V_FAILFLAG) {
    /* if (too_deep): set only when the call failed, though a failure may
     * leave it clear (an empty input's NULL) */
    bool set, clear;
    walk_failure_directions(FAIL_NONZERO, false, c, dir, &set, &clear);
    if (set && !clear && s->res[r].status == R_LIVE && !s->res[r].checked)
      settle(s, r, true);
    return true;
  }
  bool out_test = r >= 0 && out_handle_test(&s->res[r], is_handle);
  if (out_test)
    fk = c->lhs.path.var >= 0 && R->f->vars[c->lhs.path.var].is_pointer ? FAIL_NULL : FAIL_NEGATIVE;
  if (r >= 0 && fk == FAIL_NONE && is_handle && never_null(R, s, c, r)) {
    /* A pointer from an allocator that does not fail (xmalloc, g_malloc):
     * if (p) free(p) has no NULL branch. */
    bool is_null, not_null;
    walk_failure_directions(FAIL_NULL, true, c, dir, &is_null, &not_null);
    return not_null;
  }
  if (r >= 0 && fk != FAIL_NONE && s->res[r].status != R_RELEASED) {
    bool fail_dir, ok_dir;
    walk_failure_directions(fk, is_handle, c, dir, &fail_dir, &ok_dir);
    bool failed = s->res[r].status == R_FAILED;
    bool can_fail = (failed || !s->res[r].checked || (out_test && !s->res[r].seen_set)) && fail_dir;
    bool can_ok = !failed && ok_dir;
    /* A value neither a failure nor a success takes (a fresh fd is never
     * AT_FDCWD): the direction cannot be. */
    if (!can_fail && !can_ok)
      return failed || s->res[r].checked || (s->res[r].acq != NULL && is_handle) ? false : true;
    if (is_handle && fk == FAIL_NEGATIVE && can_ok && std_stream_side(c, dir)) {
      /* if (fd > STDERR_FILENO) close(fd): on the other side fd is a
       * standard stream, kept open on purpose (dup2 onto 0-2, a reopened
       * stdin). */
      settle(s, r, false);
      walk_escape(s, r);
      return true;
    }
    if (out_test && can_fail && !can_ok) {
      s->res[r].status = R_FAILED; /* nothing there to release */
    } else if (out_test && can_ok && !can_fail) {
      s->res[r].seen_set = true;
    } else if (!failed) {
      if (can_fail && !can_ok)
        settle(s, r, true);
      else if (can_ok && !can_fail)
        settle(s, r, false);
    }
    return true;
  }
  if (c->lhs.kind == OPD_PATH && (c->rhs_const || c->op == C_TRUTH)) {
    value v = state_value_of(s, c->lhs.path.text);
    if (v.kind == V_CONST)
      return ir_compare(c->op, v.c, c->rhs) == dir;
  }
  if (c->lhs.kind == OPD_CONST && (c->rhs_const || c->op == C_TRUTH))
    return ir_compare(c->op, c->lhs.value, c->rhs) == dir;
  if (c->lhs.kind == OPD_PATH && state_value_of(s, c->lhs.path.text).kind == V_NONNULL &&
      (c->op == C_TRUTH || ((c->op == C_EQ || c->op == C_NE) && c->rhs_const && c->rhs == 0)))
    return ir_compare(c->op, 1, 0) == dir; /* any nonzero value answers as 1 does */
  if (!ranges_take_branch(R, s, c, dir))
    return false;
  /* for (i = 0; i < n; i++) after if (n): on entry, i < n asks n != 0 */
  ir_cond bound;
  if (walk_zero_bound_question(R, c, &bound)) {
    value i = state_value_of(s, c->lhs.path.text);
    if (i.kind == V_CONST && i.c == 0)
      c = &bound;
  }
  /* p == c, p != c, if (p), if (!p) on a value nothing else tracks: the
   * same question asked in other words gets the same answer (a loop's
   * "next != NULL" and the "next == NULL" after it). */
  if (c->lhs.kind == OPD_PATH && (c->rhs_const || c->op == C_TRUTH) &&
      (c->op == C_EQ || c->op == C_NE || c->op == C_TRUTH)) {
    long long k = c->op == C_TRUTH ? 0 : c->rhs;
    bool equal = c->op == C_EQ ? dir : !dir;
    ir_cond key = *c;
    value lv = state_value_of(s, c->lhs.path.text);
    const char *asked = c->lhs.path.text;
    if (lv.kind == V_COPY) { /* node->next, a copy of old_node: old_node's question */
      asked = value_addr_path(lv);
      ir_path *qp = arena_alloc(&R->ar, sizeof *qp);
      *qp = (ir_path){.var = root_var(R, asked), .text = asked};
      key.reads = qp, key.nreads = 1;
    }
    key.text = walk_eq_question(asked, k);
    if (!key_in(&R->eq_twice, key.text) ||
        (!c->rhs_const && !key_in(&R->truth_bound, key.text) && !key_in(&R->deref_q, key.text) &&
         !key_in(&R->eq_truth, key.text)))
      goto correlated; /* asked once: nothing to agree with */
    const fact *f = state_fact(s, key.text);
    if (f)
      return f->value == equal;
    state_set_fact(s, &key, equal);
    return true;
  }
correlated:
  /* Correlated conditions: the same test, its variables unchanged. */
  if (key_in(&R->twice, c->text)) {
    const fact *f = state_fact(s, c->text);
    if (f)
      return f->value == dir;
    state_set_fact(s, c, dir);
  }
  return true;
}

/* --- the walk ----------------------------------------------------------- */

/* Forgets resources no path can mention again (failed, handed away or
 * released, and no longer named), so that paths which differ only in such
 * history meet at joins instead of multiplying. */
static void state_gc(state *s) {
  /* Resources a module must remember though no longer live (a released
   * lock, to tell an unlock of an unheld lock). */
  unsigned n = s->nres;
  if (!n)
    return;
  int *map = xmalloc(n * sizeof *map);
  uint8_t *keep = xcalloc(n, 1);
  for (unsigned i = 0; i < n; i++) {
    const res *x = &s->res[i];
    keep[i] = x->status == R_LIVE || x->param >= 0 || ANY_MODULE(keep, x);
  }
  for (unsigned i = 0; i < s->nb; i++)
    if (s->b[i].v.res >= 0 && (unsigned)s->b[i].v.res < n)
      keep[s->b[i].v.res] = 1;
  for (unsigned i = 0; i < n; i++)
    if (keep[i] && s->res[i].realloc_old >= 0)
      keep[s->res[i].realloc_old] = 1;
  unsigned w = 0;
  for (unsigned i = 0; i < n; i++) {
    map[i] = keep[i] ? (int)w : -1;
    if (keep[i])
      s->res[w++] = s->res[i];
  }
  if (w != n) {
    s->nres = w;
    for (unsigned i = 0; i < w; i++)
      if (s->res[i].realloc_old >= 0)
        s->res[i].realloc_old = map[s->res[i].realloc_old];
    for (unsigned i = 0; i < s->nb; i++)
      if (s->b[i].v.res >= 0)
        s->b[i].v.res = map[s->b[i].v.res];
  }
  free(map);
  free(keep);
}

static bool seen_before(run *R, uint64_t h) {
  hash_slot *slot = hash_slot_for(&R->seen, h, NULL, NULL);
  if (slot->item)
    return true;
  slot->item = R; /* any non-NULL item: the hash is the identity */
  return false;
}

/* Whether v cannot be NULL: a block from an allocator that does not fail
 * (or one tested), wherever it went since; an address; a string. */
static bool never_null_value(const state *s, const ir_operand *o, value v) {
  if (o->kind == OPD_ADDR || o->kind == OPD_STRING || v.kind == V_NONNULL)
    return true;
  if (v.kind != V_RES)
    return false;
  const res *x = &s->res[v.res];
  return x->acq && x->acq->handle.where == HANDLE_RETURN && x->status != R_FAILED &&
         (x->acq->failure == FAIL_NONE || x->checked) && x->acq->model &&
         x->acq->model->kind == MODEL_RESOURCE;
}

static void record_constant_return(run *R, state *s, const ir_term *t) {
  value v = walk_eval(s, &t->val);
  if (v.kind == V_CONST)
    *(v.c == 0 ? &R->ret_zero : &R->ret_nonzero) += 1;
  else if (R->f->returns_value && never_null_value(s, &t->val, v))
    R->ret_nonnull++;
}

/* What each int *p parameter holds at this exit: 0 where the handle is
 * handed over, nonzero where the failure is returned. */
static void note_flags_at_exit(run *R, state *s, bool ok) {
  for (unsigned p = 0; p < R->f->nparams; p++) {
    if (!R->deref_names[p])
      continue;
    value x = state_value_of(s, R->deref_names[p]);
    if (x.kind == V_CONST && (x.c == 0) == ok)
      *(ok ? &R->params[p].flag_clear_on_ok : &R->params[p].flag_set_on_fail) += 1;
  }
}

/* Whether the path found pointer parameter p itself NULL. */
static bool pointer_param_null(const state *s, int p) {
  for (unsigned i = 0; i < s->nres; i++)
    if (s->res[i].param == p && !s->res[i].deref && s->res[i].status == R_FAILED)
      return true;
  return false;
}

static void record_exit_summary(run *R, state *s, const ir_term *t) {
  R->nexits++;
  record_constant_return(R, s, t);
  R->exit_value = t->val.kind != OPD_NONE ? walk_eval(s, &t->val) : (value){V_UNKNOWN, -1, 0};
  bool returns_const = R->exit_value.kind == V_CONST;
  for (unsigned i = 0; i < s->nres; i++) {
    const res *x = &s->res[i];
    if (x->param >= 0 && x->deref && pointer_param_null(s, x->param))
      continue; /* if (!message || !*message) return: no *message here */
    if (x->param >= 0) {
      param_exit *p = x->deref ? &R->deref_params[x->param] : &R->params[x->param];
      if (returns_const && x->status == R_ESCAPED && R->exit_value.c == 0)
        p->kept_on_zero++;
      else if (returns_const && x->status == R_LIVE && R->exit_value.c != 0)
        p->live_on_failure++;
      if (returns_const && x->status == R_RELEASED && R->exit_value.c != 0)
        p->released_on_failure++;
      else if (returns_const && x->status == R_LIVE && R->exit_value.c == 0)
        p->live_on_zero++;
      if (x->status == R_RELEASED) {
        p->released++;
        if (!p->released_by)
          p->released_by = x->released_by;
      } else if (x->status == R_ESCAPED)
        p->escaped++;
      else if (x->status == R_LIVE)
        p->live++;
    }
  }
  for (unsigned i = 0; i < s->nres; i++) {
    const res *x = &s->res[i];
    if (x->out_param >= 0 && x->acq && x->status == R_ESCAPED && x->acq->model &&
        model_kind_owns_returned_handle(x->acq->model->kind)) {
      param_exit *p = &R->params[x->out_param];
      p->filled++;
      if (!p->filled_by)
        p->filled_by = x->acq;
    }
  }
  EACH_MODULE_R(exit_summary, R, s);
  if (t->val.kind == OPD_CONST && (t->val.value == 0 || t->val.value == -1)) {
    note_flags_at_exit(R, s, false);
    R->ret_null++;
    R->ret_minus_one += t->val.value == -1;
  } else if (t->val.kind == OPD_PATH) {
    value v = state_value_of(s, t->val.path.text);
    const res *x = v.kind == V_RES ? &s->res[v.res] : NULL;
    if (x && x->acq && x->status == R_FAILED && x->acq->model && !x->object_key) {
      /* p = malloc(n); if (!p) oom(n); return p; the NULL it returns is the
       * failure, unless a handler ran first (it does not come back). */
      if (x->failure_handled) {
        R->ret_handled++;
      } else {
        R->ret_null++;
        R->ret_minus_one += x->acq->failure == FAIL_NEGATIVE;
      }
    } else if (x && x->acq && R->returning_owned && x->acq->model && !x->object_key) {
      note_flags_at_exit(R, s, true);
      R->ret_res++;
      R->ret_unchecked += !x->checked;
      if (!R->ret_fn) {
        R->ret_fn = s->res[v.res].acq;
        R->ret_via = s->res[v.res].via;
        R->ret_acq_instr = x->acq_instr;
      }
      R->ret_acq_mixed |= x->acq_instr != R->ret_acq_instr;
    } else if (v.kind == V_CONST && (v.c == 0 || v.c == -1)) {
      note_flags_at_exit(R, s, false);
      R->ret_null++;
      R->ret_minus_one += v.c == -1;
    } else {
      R->ret_other++;
    }
  } else if (t->val.kind != OPD_NONE) {
    R->ret_other++;
  }
}

static void exec_return(run *R, state *s, const ir_term *t) {
  /* Returning a handle passes ownership only if this function still had
   * it (not when it was already stored in a global list, say). */
  R->returning_owned = false;
  if (t->val.kind == OPD_PATH) {
    value v = state_value_of(s, t->val.path.text);
    R->returning_owned = v.kind == V_RES && s->res[v.res].status == R_LIVE;
  }
  if (t->val.kind != OPD_NONE) {
    window_exit wx = {.kind = WINDOW_RETURNED, .operand = &t->val, .at = t->loc};
    value v = walk_eval(s, &t->val);
    if (v.kind == V_RES)
      walk_escape(s, v.res);
    else if (v.kind == V_INTERIOR)
      escape_interior(R, s, v, &wx);
    if (t->val.kind == OPD_PATH)
      escape_within(R, s, t->val.path.text, &wx);
    if (t->val.kind == OPD_OTHER)
      escape_operand(R, s, &t->val, &wx);
  }
  record_exit_summary(R, s, t);
  add_step(R, s, t->loc, "returns here");
  EACH_MODULE_R(path_return, R, s, t);
  /* main's return is exit(): what the process holds goes with it */
  if (ir_func_is_main(R->f))
    return;
  for (unsigned i = 0; i < s->nres; i++) {
    res *x = &s->res[i];
    if (x->status != R_LIVE || !x->acq)
      continue;
    if (ANY_MODULE_R(held_at_return, R, s, x))
      continue;
    /* sem_init(sem, ..) on a parameter: the object lives in the caller's
     * memory, which is where it is meant to stay (uv__sem_init). */
    int arg;
    if (x->object_key && x->acq->model && x->acq->model->kind == MODEL_RESOURCE &&
        walk_param_relative(R, x->object_key, &arg) && arg >= 0)
      continue;
    ll_location at = t->loc;
    if (x->orphaned_at.line && !state_refs(s, (int)i))
      at = x->orphaned_at;
    walk_leak(R, s, (int)i, at, false);
  }
}

static void push(state ***stack, unsigned *n, unsigned *cap, state *s) {
  LL_GROW(*stack, *n, *cap);
  (*stack)[(*n)++] = s;
}

/* Follows edge from -> to; false if the path ends here (loop bound). */
static bool follow(run *R, state *s, int from, int to) {
  const ir_func *f = R->f;
  int l = f->blocks[to].loop;
  for (int x = l; x >= 0; x = f->loops[x].parent)
    if (f->loops[x].header == to && cfg_in_loop(f, from, x)) {
      if (++s->iters[x] > LOOP_ROUNDS)
        return false;
      add_step(R, s, f->loops[x].loc, "the loop comes round again");
    }
  /* Leaving loops resets their count for the next time they are entered. */
  for (int x = f->blocks[from].loop; x >= 0; x = f->loops[x].parent)
    if (!cfg_in_loop(f, to, x)) {
      s->iters[x] = 0;
      EACH_MODULE_R(leave_loop, R, s, x, from, walk_exits_early(f, x, from));
    }
  s->block = to;
  if (l >= 0 && f->loops[l].header == to && !cfg_in_loop(f, from, l))
    EACH_MODULE_R(enter_loop, R, s, l);
  return true;
}

bool walk_exits_early(const ir_func *f, int l, int from) {
  if (from == f->loops[l].header)
    return false;
  int succ[64];
  unsigned n = cfg_succs(f, from, succ, 64);
  for (unsigned i = 0; i < n; i++)
    if (succ[i] == f->loops[l].header)
      return false; /* a latch: do { } while (test) leaves by its test */
  return true;
}

static void branch_step(run *R, state *s, const ir_term *t, bool dir) {
  if (!t->cond.text)
    return;
  if (!*t->cond.text) { /* a test inside a macro: libclang gives no tokens for it */
    add_step(R, s, t->loc,
             dir ? "the macro's condition is true" : "the macro's condition is false");
    return;
  }
  bool shown = t->cond.display ? !dir : dir;
  const char *as_written = t->cond.display   ? t->cond.display
                           : t->cond.written ? t->cond.written
                                             : t->cond.text;
  char *text = xasprintf("'%s' is %s", as_written, shown ? "true" : "false");
  add_step(R, s, t->loc, intern(text));
  free(text);
}

/* A project function that returns on no path (die(), fatal(), a wrapper
 * of exit()), though not declared noreturn: the path ends at its call. */
static bool never_returns(const run *R, const ir_instr *in) {
  return in->callee && R->opt->summaries &&
         summary_returns(R->opt->summaries, R->f->unit_path, in->callee) == RETURNS_NEVER;
}

/* A call through a pointer on a path where an acquisition failed: an
 * out-of-memory handler (zmalloc_oom_handler), taken not to return. */
static void note_failure_handler(state *s, const ir_instr *in) {
  if (in->callee && !in->via_var)
    return;
  for (unsigned i = 0; i < s->nres; i++)
    if (s->res[i].status == R_FAILED && s->res[i].acq)
      s->res[i].failure_handled = true;
}

/* Runs the block's instructions; false when the path ends inside it. */
/* The pointer variable path p dereferences first (p->x, p->x.y), or -1. */
static int deref_root(const run *R, const ir_path *p) {
  if (!p->via_memory || p->var < 0 || !R->f->vars[p->var].is_pointer)
    return -1;
  const char *name = R->f->vars[p->var].name;
  size_t n = strlen(name);
  return strncmp(p->text, name, n) == 0 && p->text[n] == '-' && p->text[n + 1] == '>' ? p->var : -1;
}

/* p->x read or written: from here on this path has p != NULL (a NULL p
 * would have crashed), for the variables whose question is kept. */
static void note_deref(run *R, state *s, const ir_path *p) {
  int v = deref_root(R, p);
  if (v < 0)
    return;
  if (!R->deref_keys[v]) /* asked per instruction: intern the question once */
    R->deref_keys[v] = walk_null_question(R->f->vars[v].name);
  const char *k = R->deref_keys[v];
  if (!key_in(&R->deref_q, k) || state_fact(s, k))
    return;
  ir_cond c = {.op = C_TRUTH, .text = k, .reads = (ir_path *)p, .nreads = 1};
  state_set_fact(s, &c, false);
}

static void note_derefs(run *R, state *s, const ir_instr *in) {
  if (!R->deref_q.n)
    return;
  if (in->has_dst)
    note_deref(R, s, &in->dst);
  if (in->op == I_ASSIGN && in->src.kind != OPD_CONST)
    note_deref(R, s, &in->src.path);
  for (unsigned a = 0; in->op == I_CALL && a < in->nargs; a++)
    if (in->args[a].kind == OPD_PATH || in->args[a].kind == OPD_ADDR ||
        in->args[a].kind == OPD_OFFSET)
      note_deref(R, s, &in->args[a].path);
}

/* *p = 'x' with p a read-only mapping: a deliberate crash, which is no
 * path to report on. */
static bool writes_read_only(const run *R, state *s, const ir_instr *in) {
  if (!in->dst.via_memory || in->dst.var < 0 || !R->f->vars[in->dst.var].is_pointer)
    return false;
  value v = state_value_of(s, R->f->vars[in->dst.var].name);
  return v.kind == V_RES && s->res[v.res].acq && s->res[v.res].acq->read_only &&
         s->res[v.res].status != R_RELEASED;
}

static bool exec_block(run *R, state *s) {
  const ir_block *b = &R->f->blocks[s->block];
  for (unsigned i = 0; i < b->ninstrs; i++) {
    const ir_instr *in = &b->instrs[i];
    note_derefs(R, s, in);
    switch (in->op) {
    case I_ASSIGN:
      if (writes_read_only(R, s, in))
        return false;
      if (in->src.kind == OPD_STEP)
        exec_step(R, s, in);
      else
        exec_assign(R, s, in);
      break;
    case I_CALL:
      if (never_returns(R, in))
        return false; /* as exit(): nothing still held matters */
      note_failure_handler(s, in);
      exec_call(R, s, in);
      break;
    case I_SCOPE_END:
      exec_scope_end(R, s, in);
      break;
    }
  }
  return true;
}

/* Whether the condition reads path p or the variable under it. */
static bool cond_reads(const ir_cond *c, const char *p, int var) {
  const ir_operand *o[2] = {&c->lhs, c->rhs_const ? NULL : &c->rhs_opd};
  for (int k = 0; k < 2; k++) {
    if (!o[k])
      continue;
    if ((o[k]->kind == OPD_PATH || o[k]->kind == OPD_ADDR) && o[k]->path.var == var)
      return true;
    for (unsigned i = 0; i < o[k]->nreads; i++)
      if (o[k]->reads[i].var == var || o[k]->reads[i].text == p)
        return true;
  }
  for (unsigned i = 0; i < c->nreads; i++)
    if (c->reads[i].var == var || c->reads[i].text == p)
      return true;
  return false;
}

/* The paths block b releases: a model's or a summary's release of an
 * argument, or a reference dropped (decrRefCount(o)).  Kept per block. */
static const char *const *block_releases(run *R, int b) {
  static const char *const none[] = {NULL};
  if (!R->released_in)
    R->released_in = xcalloc(R->f->nblocks, sizeof *R->released_in);
  if (R->released_in[b])
    return R->released_in[b];
  const ir_block *bl = &R->f->blocks[b];
  const char **out = NULL;
  unsigned n = 0;
  for (unsigned k = 0; k < bl->ninstrs; k++) {
    const ir_instr *in = &bl->instrs[k];
    if (in->op != I_CALL)
      continue;
    const api_fn *const *summary;
    const api_fn *const *e = walk_callee_entries(R, NULL, in, &summary);
    for (int pass = 0; pass < 2; pass++)
      for (const api_fn *const *f = pass ? summary : e; f && *f; f++) {
        const api_fn *fn = *f;
        for (unsigned a = 0; a < in->nargs && a < 32; a++)
          if (in->args[a].kind == OPD_PATH &&
              ((fn->action == ACT_RELEASE && fn->handle.where == HANDLE_ARG &&
                fn->handle.arg == (int)a) ||
               (fn->action == ACT_KEEP && fn->releases_sometimes && (fn->args_mask & 1u << a)))) {
            out = xrealloc(out, (n + 2) * sizeof *out);
            out[n++] = in->args[a].path.text;
            out[n] = NULL;
          }
      }
  }
  R->released_in[b] = out ? out : (const char **)none;
  return R->released_in[b];
}

static bool releases(const char *const *list, const char *p) {
  for (; *list; list++)
    if (*list == p)
      return true;
  return false;
}

/* Whether local v is set beside the acquisition in block acq and is 0
 * wherever else it is set (fieldlen = ..; fieldobj = create(..); and
 * fieldlen = 0 where nothing is made): the code's own flag of the handle. */
static bool flag_of_acquisition(const run *R, int v, int acq) {
  const ir_func *f = R->f;
  if (v < 0 || f->vars[v].kind != VAR_LOCAL || !f->vars[v].is_scalar || f->vars[v].is_pointer)
    return false;
  bool beside = false;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned k = 0; k < f->blocks[b].ninstrs; k++) {
      const ir_instr *in = &f->blocks[b].instrs[k];
      if (!writes_var(f, in, v))
        continue;
      if ((int)b == acq)
        beside = true;
      else if (!(in->op == I_ASSIGN && in->src.kind == OPD_CONST && in->src.value == 0))
        return false;
    }
  return beside;
}

static int block_of_instr(const run *R, unsigned id) {
  for (unsigned b = 0; b < R->f->nblocks; b++)
    for (unsigned k = 0; k < R->f->blocks[b].ninstrs; k++)
      if (R->f->blocks[b].instrs[k].id == id)
        return (int)b;
  return -1;
}

/* Whether every variable the condition reads is such a flag. */
static bool tests_flags_of(const run *R, const ir_cond *c, int acq) {
  if (c->lhs.kind != OPD_PATH || !(c->rhs_const || c->op == C_TRUTH) ||
      !flag_of_acquisition(R, c->lhs.path.var, acq))
    return false;
  for (unsigned i = 0; i < c->nreads; i++)
    if (!flag_of_acquisition(R, c->reads[i].var, acq))
      return false;
  return true;
}

/* The branch went to succ[d]; the other side releases a live handle under
 * a test that does not read it: mark the handle (res.release_guarded). */
static void note_guarded_release(run *R, state *s, const ir_term *t, int d) {
  /* if (C) release(p); and on: the releasing side rejoins where this one
   * goes (an error exit that releases and returns is no such rule) */
  int other = t->succ[1 - d];
  if (other < 0 || R->f->blocks[other].term.kind != T_GOTO ||
      R->f->blocks[other].term.succ[0] != t->succ[d])
    return;
  const char *const *released = block_releases(R, other);
  if (!*released)
    return;
  for (unsigned i = 0; i < s->nres; i++) {
    res *x = &s->res[i];
    if (x->status != R_LIVE || x->release_guarded || !x->handle || !x->acq)
      continue;
    if (!releases(released, x->handle))
      continue;
    int var = root_var(R, x->handle);
    if (var >= 0 && R->f->vars[var].name != x->handle)
      var = -1; /* a handle held in a variable of its own only */
    /* the code's own flag of the handle, or any test of its own where a
     * failed call gave the handle back (whether that call left it with
     * another owner is the code's to say: RM_EventLoopAdd's
     * aeGetFileEvents(el, fd) == AE_NONE) */
    if (var >= 0 && !cond_reads(&t->cond, x->handle, var) &&
        (x->kept_by || tests_flags_of(R, &t->cond, block_of_instr(R, x->acq_instr))))
      x->release_guarded = true;
  }
}

static void successors(run *R, state *s, state ***stack, unsigned *n, unsigned *cap) {
  const ir_term *t = &R->f->blocks[s->block].term;
  int from = s->block;
  switch (t->kind) {
  case T_GOTO:
    if (follow(R, s, from, t->succ[0])) {
      push(stack, n, cap, s);
      return;
    }
    break;
  case T_BRANCH:
    for (int d = 0; d < 2; d++) {
      state *c = d == 0 ? state_copy(s) : s;
      bool dir = d == 0;
      if (take_branch(R, c, &t->cond, dir) && follow(R, c, from, t->succ[d])) {
        branch_step(R, c, t, dir);
        note_guarded_release(R, c, t, d);
        push(stack, n, cap, c);
      } else {
        state_free(c);
      }
    }
    return;
  case T_SWITCH: {
    value v = walk_eval(s, &t->val);
    /* switch (glob(..)) { case 0: ...; case GLOB_NOMATCH: ... }: each case
     * is a test of the call's status. */
    bool status = t->val.kind == OPD_PATH && (v.kind == V_RESULT || v.kind == V_RES);
    ir_cond q = {.op = C_EQ, .lhs = t->val, .rhs_const = true, .text = t->val.path.text};
    for (unsigned i = 0; i <= t->ncases; i++) {
      bool is_default = i == t->ncases;
      int target = is_default ? t->default_block : t->cases[i].block;
      if (v.kind == V_CONST && !is_default && v.c != t->cases[i].value)
        continue;
      state *c = state_copy(s);
      bool possible = true;
      for (unsigned j = 0; status && j < t->ncases && possible; j++) {
        if (!is_default && j != i)
          continue;
        q.rhs = t->cases[j].value;
        possible = take_branch(R, c, &q, !is_default);
      }
      if (possible && follow(R, c, from, target))
        push(stack, n, cap, c);
      else
        state_free(c);
    }
    break;
  }
  case T_RETURN:
    exec_return(R, s, t);
    break;
  case T_UNREACHABLE:
    break; /* exit(), abort(): nothing leaks that matters */
  }
  state_free(s);
}

/* --- set-up and summaries ---------------------------------------------- */

static void note_tested(run *R, const ir_operand *o) {
  if (o->kind == OPD_PATH)
    key_add(&R->tested, o->path.text);
}

/* Whether "=p=0" is asked by some test (once or more). */
static bool asked(const run *R, const key_set *once, const key_set *truth, const char *k) {
  return key_in(&R->eq_twice, k) || key_in(once, k) || key_in(truth, k);
}

/* The pointer variables a path dereferences whose NULL question is asked
 * through a copy stored in memory (node->next = old_node; if (node->next
 * != NULL)): R->deref_q.  Not every asked question: a fact at each first
 * dereference splits paths that would meet (redis's rdbLoadObject went
 * past the budget). */
static void find_deref_questions(run *R, const key_set *once, const key_set *truth) {
  const ir_func *f = R->f;
  key_set copied = {0}; /* questions asked through a copy */
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      const char *q = in->op == I_ASSIGN ? pointer_var_path(R, &in->src) : NULL;
      if (q && in->dst.via_memory && asked(R, once, truth, walk_null_question(in->dst.text))) {
        key_add(&copied, walk_null_question(q));
        key_add(&R->copy_questions, walk_null_question(q));
        key_add(&R->copy_asked, in->dst.text);
      }
    }
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      const ir_path *paths[2] = {in->has_dst ? &in->dst : NULL,
                                 in->op == I_ASSIGN ? &in->src.path : NULL};
      for (unsigned a = 0; a < 2 + (in->op == I_CALL ? in->nargs : 0); a++) {
        const ir_path *p = a < 2 ? paths[a] : &in->args[a - 2].path;
        int v = p && p->text ? deref_root(R, p) : -1;
        if (v < 0)
          continue;
        const char *k = walk_null_question(f->vars[v].name);
        if (key_in(&copied, k)) {
          key_add(&R->deref_q, k);
          key_add(&R->eq_twice, k);
        }
      }
    }
  key_set_free(&copied);
}

/* Whether pointer variable p is set to NULL and to a call's result
 * somewhere (buf = NULL; while (..) buf = xrealloc(buf, ..); return buf):
 * when returned, its NULL is what the summary counts as "no object". */
static bool starts_null_then_made(const ir_func *f, const ir_path *p) {
  if (p->via_memory || !f->vars[p->var].is_pointer || p->text != f->vars[p->var].name)
    return false;
  bool nulled = false, made = false;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (!in->has_dst || in->dst.text != p->text)
        continue;
      nulled |= in->op == I_ASSIGN && in->src.kind == OPD_CONST && in->src.value == 0;
      made |= in->op == I_CALL;
    }
  return nulled && made;
}

static void prescan(run *R) {
  const ir_func *f = R->f;
  key_set texts = {0}, eq = {0};     /* seen once so far */
  key_set truth = {0}, bounds = {0}; /* if (n) questions; i < n ones (i at 0) */
  for (unsigned b = 0; b < f->nblocks; b++) {
    const ir_block *bl = &f->blocks[b];
    if (!bl->reachable)
      continue;
    if (bl->term.kind == T_SWITCH)
      note_tested(R, &bl->term.val);
    /* return c ? p + 1 : NULL: the NULL the summary counts */
    if (bl->term.kind == T_RETURN && bl->term.val.kind == OPD_PATH && bl->term.val.path.var >= 0 &&
        (R->f->vars[bl->term.val.path.var].kind == VAR_TEMP ||
         starts_null_then_made(f, &bl->term.val.path)))
      note_tested(R, &bl->term.val);
    if (bl->term.kind == T_BRANCH) {
      const ir_cond *c = &bl->term.cond;
      note_tested(R, &c->lhs);
      if (!c->rhs_const)
        note_tested(R, &c->rhs_opd);
      /* p != q: whether either is NULL is worth remembering for it */
      for (int side = 0; !c->rhs_const && (c->op == C_EQ || c->op == C_NE) && side < 2; side++) {
        const ir_operand *o = side ? &c->rhs_opd : &c->lhs;
        if (o->kind == OPD_PATH)
          key_add(&R->eq_twice, walk_null_question(o->path.text));
      }
      ir_cond bound;
      bool is_bound = walk_zero_bound_question(R, c, &bound);
      if (is_bound)
        c = &bound;
      if (c->lhs.kind == OPD_PATH && (c->rhs_const || c->op == C_TRUTH) &&
          (c->op == C_EQ || c->op == C_NE || c->op == C_TRUTH)) {
        const char *k = walk_eq_question(c->lhs.path.text, c->op == C_TRUTH ? 0 : c->rhs);
        if (c->rhs_const)
          key_add(key_in(&eq, k) ? &R->eq_twice : &eq, k);
        else
          key_add(&truth, k);
        if (is_bound)
          key_add(&bounds, k);
      }
    }
    if (bl->term.kind == T_BRANCH && bl->term.cond.text) {
      const char *t = bl->term.cond.text;
      key_add(key_in(&texts, t) ? &R->twice : &texts, t);
    }
    for (unsigned i = 0; i < bl->ninstrs; i++) {
      const ir_instr *in = &bl->instrs[i];
      if (in->op != I_CALL || !in->callee)
        continue;
      const api_fn *const *summary;
      const api_fn *const *e = walk_callee_entries(R, NULL, in, &summary);
      if (!e)
        e = summary;
      for (unsigned k = 0; e && e[k]; k++) {
        const api_fn *fn = e[k];
        int arg = fn->handle.arg;
        EACH_MODULE_R(prescan_call, R, in, fn, (int)b, i);
        if (fn->action == ACT_RELEASE && arg >= 0 && (unsigned)arg < in->nargs &&
            in->args[arg].kind == OPD_PATH) {
          LL_GROW(R->releases, R->nreleases, R->cap_releases);
          R->releases[R->nreleases++] =
              (release_site){.handle = in->args[arg].path.text, .block = (int)b, .loc = in->loc};
        }
      }
    }
  }
  /* if (n), then for (i = 0; i < n; i++): the loop's first test is the
   * same question (only there: other if (p) tests stay uncorrelated) */
  for (unsigned i = 0; i < bounds.n; i++)
    if (key_in(&truth, bounds.items[i])) {
      key_add(&R->eq_twice, bounds.items[i]);
      key_add(&R->truth_bound, bounds.items[i]);
    }
  /* if (p == NULL) .. and later if (p) ..: one question in two words (the
   * same unmodified field tested to choose, then to use: mosquitto's
   * cfg->options_file) */
  for (unsigned i = 0; i < truth.n; i++)
    if (key_in(&eq, truth.items[i])) {
      key_add(&R->eq_twice, truth.items[i]);
      key_add(&R->eq_truth, truth.items[i]);
    }
  find_deref_questions(R, &eq, &truth);
  key_set_free(&truth);
  key_set_free(&bounds);
  key_set_free(&texts);
  key_set_free(&eq);
  /* getline(&line, ..): whether line is still NULL decides what it does */
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      const api_fn *const *summary;
      const api_fn *const *e = in->op == I_CALL ? walk_callee_entries(R, NULL, in, &summary) : NULL;
      for (; e && *e; e++)
        if ((*e)->reuses && (unsigned)(*e)->handle.arg < in->nargs &&
            in->args[(*e)->handle.arg].kind == OPD_ADDR)
          key_add(&R->tested, in->args[(*e)->handle.arg].path.text);
    }
  /* x = t where x is tested: t's constant is worth keeping too (the 1 or 0
   * of *failed = p == NULL, tested as if (*failed)) */
  for (int round = 0; round < 2; round++)
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
        const ir_instr *in = &f->blocks[b].instrs[i];
        if (in->op == I_ASSIGN && in->src.kind == OPD_PATH && key_in(&R->tested, in->dst.text))
          key_add(&R->tested, in->src.path.text);
      }
}

/* Whether the body releases *p itself (close(*sock)). */
static bool releases_pointee(const run *R, int p) {
  char *t = xasprintf("*%s", R->f->vars[p].name);
  const char *k = intern(t);
  free(t);
  for (unsigned i = 0; i < R->nreleases; i++)
    if (R->releases[i].handle == k)
      return true;
  return false;
}

static state *entry_state(run *R) {
  const ir_func *f = R->f;
  state *s = state_new(f->nloops);
  s->block = f->entry;
  const engine_context *cx = R->opt->context;
  for (unsigned i = 0; i < f->nparams; i++) {
    if (!f->vars[i].is_scalar)
      continue;
    if (cx && i < cx->nparams && cx->param_known[i]) {
      /* every caller of this context passes this constant */
      state_bind(s, f->vars[i].name, (int)i,
                 (value){.kind = V_CONST, .res = -1, .c = cx->param_value[i]});
      continue;
    }
    res r = {.handle = f->vars[i].name,
             .loc = f->loc,
             .loop = -1,
             .realloc_old = -1,
             .param = (int)i,
             .out_param = -1,
             .status = R_LIVE,
             .checked = false,
             .group = ++s->next_group};
    int ri = state_add_res(s, &r);
    state_bind(s, f->vars[i].name, (int)i, (value){.kind = V_RES, .res = ri});
    if (f->vars[i].is_ptr_to_ptr || (f->vars[i].is_pointer && releases_pointee(R, (int)i))) {
      /* *p: the caller's handle, which a p_free(&p) helper releases, or a
       * descriptor closed through int *p. */
      char *t = xasprintf("*%s", f->vars[i].name);
      res d = r;
      d.handle = intern(t);
      d.deref = true;
      d.group = ++s->next_group;
      free(t);
      int di = state_add_res(s, &d);
      state_bind(s, d.handle, (int)i, (value){.kind = V_RES, .res = di});
    }
  }
  return s;
}

void walk_add_summary(run *R, const api_fn *fn) {
  if (R->opt->when_arg1)
    summary_add_when(R->opt->summaries, R->f->unit_path, R->f->name, R->f->is_static,
                     R->opt->when_arg1 - 1, R->opt->when_value, fn);
  else
    summary_add(R->opt->summaries, R->f->unit_path, R->f->name, R->f->is_static, fn);
}

/* "#tag:name": a module's summaries live under a name no C function can
 * have, since what a function does to a count or a channel is no business
 * of the walk's (whose treatment of a call's other arguments changes once
 * the callee has entries). */
static const char *own_summary_name(const char *tag, const char *fn) {
  return summary_derived_name(tag, fn); /* summary_take() copies these too */
}

const api_fn *const *walk_own_summary(const run *R, const char *tag, const char *callee) {
  return callee && R->opt->summaries
             ? summary_lookup(R->opt->summaries, R->f->unit_path, own_summary_name(tag, callee))
             : NULL;
}

void walk_add_own_summary(run *R, const char *tag, const api_fn *fn) {
  if (!R->opt->summaries || R->opt->summary_written || R->opt->when_arg1)
    return;
  summary_add(R->opt->summaries, R->f->unit_path, own_summary_name(tag, R->f->name),
              R->f->is_static, fn);
}

const char *walk_param_relative(const run *R, const char *key, int *arg) {
  return engine_param_relative(R->f, key, arg);
}

const char *walk_param_relative_copy(const run *R, const char *key, int *arg) {
  const char *field = walk_param_relative(R, key, arg);
  if (field || !key)
    return field;
  const ir_func *f = R->f;
  for (unsigned v = f->nparams; v < f->nvars; v++) {
    const char *name = f->vars[v].name;
    size_t n = strlen(name);
    bool whole = key[0] == '*' && strcmp(key + 1, name) == 0;
    if (f->vars[v].kind != VAR_LOCAL ||
        (!whole && (strncmp(key, name, n) != 0 || strncmp(key + n, "->", 2))))
      continue;
    const ir_instr *def = NULL;
    unsigned writes = 0;
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
        const ir_instr *in = &f->blocks[b].instrs[i];
        if (in->has_dst && in->dst.var == (int)v && in->dst.text == name)
          writes++, def = in;
      }
    if (writes != 1 || def->op != I_ASSIGN || def->src.kind != OPD_PATH || def->src.path.var < 0 ||
        (unsigned)def->src.path.var >= f->nparams ||
        def->src.path.text != f->vars[def->src.path.var].name)
      return NULL;
    *arg = def->src.path.var;
    return intern(whole ? "" : key + n);
  }
  return NULL;
}

const char *engine_param_relative(const ir_func *f, const char *key, int *arg) {
  for (unsigned p = 0; p < f->nparams; p++) {
    const char *name = f->vars[p].name;
    size_t n = strlen(name);
    if (key[0] == '*' && strcmp(key + 1, name) == 0) {
      *arg = (int)p;
      return intern("");
    }
    if (strncmp(key, name, n) == 0 && strncmp(key + n, "->", 2) == 0) {
      *arg = (int)p;
      return intern(key + n);
    }
  }
  *arg = -1;
  for (unsigned v = 0; v < f->nvars; v++)
    if (f->vars[v].kind == VAR_GLOBAL && path_within(key, f->vars[v].name))
      return key;
  return NULL;
}

/* Of the families that list release fn (free() ends GLib's blocks too),
 * the one whose own release it is: its hint names fn. */
static const api_fn *own_family_release(const run *R, const api_fn *fn) {
  if (!fn || !R->opt->models)
    return fn;
  const api_fn *const *all = model_lookup(R->opt->models, fn->name);
  size_t n = strlen(fn->name);
  for (unsigned i = 0; all && all[i]; i++) {
    const char *hint = all[i]->model ? all[i]->model->release_hint : NULL;
    if (all[i]->action == fn->action && hint && strncmp(hint, fn->name, n) == 0 &&
        strcmp(hint + n, "()") == 0)
      return all[i];
  }
  return fn;
}

static returns_kind returns_of(const run *R) {
  if (!R->nexits)
    return R->f->has_errors ? RETURNS_UNKNOWN : RETURNS_NEVER;
  if (R->ret_zero == R->nexits)
    return RETURNS_ZERO;
  if (R->ret_nonzero == R->nexits)
    return RETURNS_NONZERO;
  if (R->ret_nonnull == R->nexits)
    return RETURNS_NONNULL;
  return RETURNS_MIXED;
}

static void summarize_borrowed(run *R);

/* The parameter (+ 1) that argument arg1 - 1 of the call passes
 * unchanged, or 0. */
static int passed_param(const run *R, const ir_instr *in, int arg1) {
  if (!in || arg1 < 1 || (unsigned)arg1 > in->nargs)
    return 0;
  const ir_operand *o = &in->args[arg1 - 1];
  int p = o->kind == OPD_PATH && !o->path.via_memory ? o->path.var : -1;
  if (p < 0 || (unsigned)p >= R->f->nparams || o->path.text != R->f->vars[p].name)
    return 0;
  for (unsigned b = 0; b < R->f->nblocks; b++)
    for (unsigned i = 0; i < R->f->blocks[b].ninstrs; i++) {
      const ir_instr *w = &R->f->blocks[b].instrs[i];
      if (w->has_dst && w->dst.var == p && !w->dst.via_memory)
        return 0;
    }
  return p + 1;
}

/* A wrapper's block has the size its parameters give the allocation it
 * returns (xmalloc(n) calling malloc(n)); a size that is not a parameter
 * passed unchanged, or allocations that differ by exit, say none. */
static void wrapper_size(const run *R, api_fn *fn) {
  const ir_instr *in = R->ret_acq_mixed ? NULL : ir_instr_by_id(R->f, R->ret_acq_instr);
  int n = passed_param(R, in, fn->size_arg1);
  int m = fn->size_times_arg1 ? passed_param(R, in, fn->size_times_arg1) : 0;
  fn->size_arg1 = n && (m || !fn->size_times_arg1) ? n : 0;
  fn->size_times_arg1 = fn->size_arg1 ? m : 0;
}

static void summarize(run *R) {
  if (!R->opt->summaries || R->opt->summary_written)
    return;
  if (R->opt->when_arg1)
    walk_add_summary(R, NULL); /* the context is walked, though it may say nothing */
  else {
    summary_set_returns(R->opt->summaries, R->f->unit_path, R->f->name, R->f->is_static,
                        returns_of(R));
    summarize_borrowed(R);
  }
  for (unsigned p = 0; p < R->f->nparams; p++) {
    const param_exit *e = &R->params[p];
    api_fn fn = {.handle = {.where = HANDLE_ARG, .arg = (int)p, .count = 1},
                 .model = summary_generic_model(),
                 .old_arg = -1,
                 .repeat_arg = -1,
                 .callback_arg = -1,
                 .name = R->f->name};
    if (e->released && !e->live && !e->escaped) {
      fn.action = ACT_RELEASE;
      /* Say whose release it is (buffer_free releases what free() does),
       * so that fixes can name it; resource families only. */
      const api_fn *by = own_family_release(R, e->released_by);
      if (by && by->model && by->model->kind == MODEL_RESOURCE)
        fn.model = by->model;
      walk_add_summary(R, &fn);
      fn.model = summary_generic_model();
    } else if (e->escaped || (e->released && e->live)) {
      fn.action = ACT_KEEP;
      fn.args_mask = 1u << p;
      /* kept where it returns 0, still the caller's where it returns
       * another constant: the caller's test of the result tells */
      if (!e->released && e->kept_on_zero == e->escaped && e->live_on_failure == e->live &&
          e->live > 0) {
        fn.kept_unless_fails = true;
        fn.failure = FAIL_NONZERO;
      }
      fn.releases_sometimes = e->released > 0;
      walk_add_summary(R, &fn);
      fn.kept_unless_fails = fn.releases_sometimes = false;
      fn.failure = FAIL_NONE;
    } else if (e->contents_stored && p < 32) {
      fn.action = ACT_KEEP;
      fn.args_mask = 1u << p;
      fn.keeps_contents = true;
      walk_add_summary(R, &fn);
      fn.keeps_contents = false;
    }
    const param_exit *d = &R->deref_params[p];
    if (R->f->vars[p].is_pointer && d->released && !d->live && !d->escaped) {
      fn.action = ACT_RELEASE;
      fn.handle.where = HANDLE_OUT; /* released through the pointer: p_free(&p) */
      fn.args_mask = 0;
      walk_add_summary(R, &fn);
    } else if (R->f->vars[p].is_pointer && !R->f->vars[p].is_ptr_to_ptr && !d->escaped &&
               d->released && d->released == d->released_on_failure && d->live == d->live_on_zero) {
      fn.action = ACT_RELEASE;
      fn.handle.where = HANDLE_OUT;
      fn.args_mask = 0;
      fn.released_if_fails = true;
      fn.failure = FAIL_NONZERO;
      walk_add_summary(R, &fn);
      fn.released_if_fails = false;
      fn.failure = FAIL_NONE;
    } else if (R->f->vars[p].is_ptr_to_ptr && d->escaped && p < 32) {
      /* taken through the pointer on some path (mk_entry(&addr): moved into
       * the entry, or freed where that fails): the caller's is gone */
      fn.action = ACT_KEEP;
      fn.handle = (handle_spec){.where = HANDLE_NONE, .arg = -1};
      fn.args_mask = 1u << p;
      walk_add_summary(R, &fn);
    }
  }
  for (unsigned p = 0; p < R->f->nparams; p++) {
    /* *out gets a new handle on every path (xasprintf, a constructor that
     * returns its object through T **): an allocator of that argument. */
    const param_exit *e = &R->params[p];
    if (!e->filled || e->filled != R->nexits)
      continue;
    api_fn fn = *e->filled_by;
    fn.size_arg1 = fn.size_times_arg1 = 0; /* the callee's arguments, not ours */
    fn.name = R->f->name;
    fn.action = ACT_ACQUIRE;
    fn.handle = (handle_spec){.where = HANDLE_OUT, .arg = (int)p, .count = 1};
    fn.failure = FAIL_NONE;
    fn.must_check = false;
    walk_add_summary(R, &fn);
  }
  if (R->ret_res && !R->ret_other && R->ret_fn) {
    api_fn fn = *R->ret_fn;
    wrapper_size(R, &fn);
    fn.name = R->f->name;
    fn.action = ACT_ACQUIRE;
    fn.handle = (handle_spec){.where = HANDLE_RETURN, .arg = -1, .count = 1};
    /* How the wrapper says it failed: -1 like open(), NULL like malloc();
     * one that tests the result and never returns the failure (xmalloc)
     * does not fail. */
    fn.failure = R->ret_null        ? (R->ret_minus_one ? FAIL_NEGATIVE : FAIL_NULL)
                 : R->ret_unchecked ? R->ret_fn->failure
                                    : FAIL_NONE;
    if (fn.failure == FAIL_NONE)
      fn.must_check = false;
    fn.fail_flag_arg1 = 0;
    for (unsigned p = 0; p < R->f->nparams && !fn.fail_flag_arg1; p++)
      if (R->params[p].flag_clear_on_ok == R->ret_res && R->params[p].flag_set_on_fail &&
          fn.failure == FAIL_NULL)
        fn.fail_flag_arg1 = (int)p + 1;
    walk_add_summary(R, &fn);
  }
  EACH_MODULE_R(summarize, R);
}

static bool mentions(const ir_operand *o, int p) {
  if (o->kind == OPD_PATH || o->kind == OPD_ADDR || o->kind == OPD_OFFSET)
    return o->path.var == p;
  for (unsigned i = 0; o->kind == OPD_OTHER && i < o->nreads; i++)
    if (o->reads[i].var == p)
      return true;
  return false;
}

/* Whether argument i of the call may be kept by its callee: anything but a
 * callee that only uses it (a model's or summary's borrow, a system
 * function), or a realloc whose result goes back where the block was
 * (*buf = xrealloc(*buf, n): the caller's block moves, still the
 * caller's). */
static bool call_may_keep(const run *R, const ir_instr *in, const ir_instr *next, unsigned i) {
  const api_fn *const *summary;
  const api_fn *const *e = walk_callee_entries(R, NULL, in, &summary);
  if (!in->callee)
    return true;
  bool keeps = false, releases = false, moves = false, renews = false, borrows = false;
  for (int k = 0; k < 2; k++)
    for (const api_fn *const *f = k ? summary : e; f && *f; f++) {
      const api_fn *fn = *f;
      keeps |= fn->action == ACT_KEEP && (fn->args_mask & (1u << i));
      borrows |= fn->action == ACT_BORROW && (fn->args_mask & (1u << i));
      releases |= (fn->action == ACT_RELEASE || fn->action == ACT_STOP) && fn->handle.arg == (int)i;
      moves |= fn->action == ACT_REALLOC && fn->old_arg == (int)i;
      renews |= fn->action == ACT_ACQUIRE && fn->handle.where == HANDLE_RETURN;
    }
  if (keeps)
    return true;
  if (moves || (releases && renews)) {
    /* a realloc: its result back in place, directly or through the
     * call's temporary (*buf = xrealloc(*buf, n)) */
    const char *back = !in->has_dst ? NULL
                       : in->dst.var >= 0 && R->f->vars[in->dst.var].kind == VAR_TEMP && next &&
                               next->op == I_ASSIGN && next->src.kind == OPD_PATH &&
                               next->src.path.text == in->dst.text
                           ? next->dst.text
                           : in->dst.text;
    return back != in->args[i].path.text;
  }
  if (releases)
    return true;
  if (borrows || in->callee_in_system_header || e)
    return false;
  return !(R->opt->summaries &&
           summary_borrows_whole(R->opt->summaries, R->f->unit_path, in->callee, i));
}

/* *p for a T *p that is not a T **: a number read, nothing to keep. */
static bool reads_scalar(const run *R, const ir_operand *o, int p) {
  const ir_var *v = &R->f->vars[p];
  return o->kind == OPD_PATH && o->path.via_memory && !v->is_ptr_to_ptr && o->path.text[0] == '*' &&
         strcmp(o->path.text + 1, v->name) == 0;
}

/* For a function past the budget: whether parameter p may be kept, read
 * from its instructions without following paths.  p, or what is read
 * through it, stored anywhere but p's own memory, copied to a local
 * pointer, returned, or passed to a callee that may keep it. */
static bool param_may_be_kept(const run *R, int p) {
  const ir_func *f = R->f;
  if (!f->vars[p].is_pointer)
    return false;
  for (unsigned b = 0; b < f->nblocks; b++) {
    const ir_block *bl = &f->blocks[b];
    if (!bl->reachable)
      continue;
    for (unsigned k = 0; k < bl->ninstrs; k++) {
      const ir_instr *in = &bl->instrs[k];
      if (in->op == I_ASSIGN && mentions(&in->src, p) && !reads_scalar(R, &in->src, p) &&
          (in->dst.var < 0 || in->dst.via_memory || f->vars[in->dst.var].is_pointer ||
           f->vars[in->dst.var].kind == VAR_GLOBAL || f->vars[in->dst.var].kind == VAR_STATIC))
        return true;
      const ir_instr *next = k + 1 < bl->ninstrs ? &bl->instrs[k + 1] : NULL;
      for (unsigned i = 0; in->op == I_CALL && i < in->nargs; i++)
        if (mentions(&in->args[i], p) && !reads_scalar(R, &in->args[i], p) &&
            call_may_keep(R, in, next, i))
          return true;
    }
    if (bl->term.kind == T_RETURN && mentions(&bl->term.val, p))
      return true;
  }
  return false;
}

/* Which parameters the function only uses, whole (summary_set_borrowed). */
static void summarize_borrowed(run *R) {
  uint32_t mask = 0;
  for (unsigned p = 0; p < R->f->nparams && p < 32; p++)
    if (!param_may_be_kept(R, (int)p))
      mask |= 1u << p;
  summary_set_borrowed(R->opt->summaries, R->f->unit_path, R->f->name, R->f->is_static, mask);
}

static void conservative_summary(run *R) {
  if (!R->opt->summaries || R->opt->summary_written)
    return;
  summarize_borrowed(R);
  /* Too many paths to walk, but no return at all is plain from the CFG
   * (a thread's for (;;) loop over a queue). */
  bool returns = R->f->has_errors;
  for (unsigned b = 0; b < R->f->nblocks && !returns; b++)
    returns = R->f->blocks[b].reachable && R->f->blocks[b].term.kind == T_RETURN;
  if (!returns)
    summary_set_returns(R->opt->summaries, R->f->unit_path, R->f->name, R->f->is_static,
                        RETURNS_NEVER);
  for (unsigned p = 0; p < R->f->nparams; p++) {
    if (!param_may_be_kept(R, (int)p))
      continue; /* only used: borrowed, as a walk would say */
    api_fn fn = {.action = ACT_KEEP,
                 .args_mask = 1u << p,
                 .model = summary_generic_model(),
                 .old_arg = -1,
                 .repeat_arg = -1,
                 .callback_arg = -1,
                 .name = R->f->name,
                 .handle = {.where = HANDLE_NONE, .arg = -1}};
    walk_add_summary(R, &fn);
  }
}

static void run_free(run *R) {
  for (unsigned b = 0; R->released_in && b < R->f->nblocks; b++)
    if (R->released_in[b] && *R->released_in[b])
      free(R->released_in[b]);
  free(R->released_in);
  for (unsigned m = 0; m < ENGINE_MODULE_COUNT; m++) {
    if (engine_modules[m]->fini)
      engine_modules[m]->fini(R, R->mod[m]);
    free(R->mod[m]);
  }
  arena_free(&R->ar);
  hash_free(&R->seen);
  free(R->events);
  free(R->alias_from);
  free(R->alias_to);
  free(R->deref_keys);
  key_set_free(&R->twice);
  key_set_free(&R->eq_twice);
  key_set_free(&R->eq_truth);
  key_set_free(&R->truth_bound);
  key_set_free(&R->deref_q);
  key_set_free(&R->copy_asked);
  key_set_free(&R->copy_questions);
  forget_free(R);
  key_set_free(&R->read_through);
  key_set_free(&R->tested);
  key_set_free(&R->ranged);
  free(R->releases);
  for (unsigned l = 0; R->after && l < R->f->nloops; l++)
    free(R->after[l]);
  free(R->after);
  free(R->params);
  free(R->deref_params);
  free(R->deref_names);
}

/* One walk of f; ranges: keep what tests tell of plain integers. */
static bool walk_function(const ir_func *f, const engine_options *opt, engine_sink sink, void *ctx,
                          bool ranges);

static void discard_event(const engine_event *ev, void *ctx) {
  (void)ev, (void)ctx;
}

/* A function whose summary could not say what it does on every exit
 * (unlink(pool, locked) drops the caller's lock only when locked) is
 * walked again with each scalar parameter it tests bound to 0 and to 1:
 * calls that pass that constant use the summary of that walk. */
static void walk_contexts(run *R, bool ranges) {
  const engine_options *opt = R->opt;
  if (!opt->summaries || opt->summary_written || opt->when_arg1 || opt->context ||
      !ANY_MODULE_R(wants_contexts, R))
    return;
  const ir_func *f = R->f;
  unsigned walked = 0;
  for (unsigned p = 0; p < f->nparams && p < 32 && walked < 2; p++) {
    if (!f->vars[p].is_scalar || !key_in(&R->tested, f->vars[p].name))
      continue;
    walked++;
    bool known[32] = {0};
    long long values[32] = {0};
    known[p] = true;
    for (long long c = 0; c <= 1; c++) {
      values[p] = c;
      engine_context cx = {.nparams = f->nparams < 32 ? f->nparams : 32,
                           .param_known = known,
                           .param_value = values};
      engine_options o = *opt;
      o.context = &cx;
      o.when_arg1 = (int)p + 1;
      o.when_value = c;
      walk_function(f, &o, discard_event, NULL, ranges);
    }
  }
}

static bool same_text(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether an earlier event already tells of event i's loss: the same
 * variable, from the same call, lost at the same place, made on another
 * branch (value = cond ? xstrdup("1") : xstrdup("0"), then overwritten):
 * one warning, not one per branch.  A loss the code's own test guards is
 * not told when the acquisition is reported on another path. */
static bool same_loss_reported(const run *R, unsigned i) {
  const engine_event *e = &R->events[i];
  if (e->kind == EV_LEAK_GUARDED) /* the acquisition is reported elsewhere */
    for (unsigned j = 0; j < R->nevents; j++)
      if (R->events[j].kind == EV_LEAK && R->events[j].acquired_at.line == e->acquired_at.line &&
          R->events[j].acquired_at.col == e->acquired_at.col &&
          R->events[j].acquired_at.path == e->acquired_at.path)
        return true;
  if (e->kind != EV_LEAK)
    return false;
  for (unsigned j = 0; j < i; j++) {
    const engine_event *o = &R->events[j];
    if (o->kind == e->kind && o->at.line == e->at.line && o->at.col == e->at.col &&
        o->at.path == e->at.path && o->next_iteration == e->next_iteration &&
        same_text(o->handle, e->handle) && same_text(o->via, e->via))
      return true;
  }
  return false;
}

static bool walk_function(const ir_func *f, const engine_options *opt, engine_sink sink, void *ctx,
                          bool ranges) {
  run R = {.f = f, .opt = opt, .use_ranges = ranges};
  R.params = xcalloc(f->nparams ? f->nparams : 1, sizeof *R.params);
  R.deref_params = xcalloc(f->nparams ? f->nparams : 1, sizeof *R.deref_params);
  R.deref_names = xcalloc(f->nparams ? f->nparams : 1, sizeof *R.deref_names);
  for (unsigned p = 0; p < f->nparams; p++)
    if (f->vars[p].is_pointer && !f->vars[p].is_ptr_to_ptr) {
      char *t = xasprintf("*%s", f->vars[p].name);
      R.deref_names[p] = intern(t);
      free(t);
    }
  for (unsigned m = 0; m < ENGINE_MODULE_COUNT; m++)
    R.mod[m] = engine_modules[m]->data_size ? xcalloc(1, engine_modules[m]->data_size) : NULL;
  R.deref_keys = xcalloc(f->nvars ? f->nvars : 1, sizeof *R.deref_keys);
  find_key_aliases(&R);
  find_read_through(&R);
  prescan(&R);
  forget_prepare(&R);
  if (ranges)
    ranges_prescan(&R);
  EACH_MODULE_R(begin, &R);
  unsigned budget = opt->budget ? opt->budget : 200000;
  state **stack = NULL;
  unsigned n = 0, cap = 0;
  push(&stack, &n, &cap, entry_state(&R));
  while (n) {
    state *s = stack[--n];
    forget_unusable(&R, s);
    state_gc(s);
    if (seen_before(&R, state_hash(s))) {
      state_free(s);
      continue;
    }
    if (++R.states > budget) {
      R.over_budget = true;
      state_free(s);
      while (n)
        state_free(stack[--n]);
      break;
    }
    if (exec_block(&R, s))
      successors(&R, s, &stack, &n, &cap);
    else
      state_free(s);
  }
  free(stack);
  if (R.over_budget) {
    bool retry = R.ranged.n > 0;
    if (!retry)
      conservative_summary(&R);
    run_free(&R);
    /* The ranges told paths apart that would have met: walk again
     * without them rather than give up on the function. */
    return retry ? walk_function(f, opt, sink, ctx, false) : false;
  }
  summarize(&R);
  walk_contexts(&R, ranges);
  if (!f->has_errors && !f->summary_only)
    for (unsigned i = 0; i < R.nevents; i++)
      if (!ANY_MODULE_R(drop_event, &R, &R.events[i]) && !same_loss_reported(&R, i))
        sink(&R.events[i], ctx);
  run_free(&R);
  return true;
}

bool engine_run(const ir_func *f, const engine_options *opt, engine_sink sink, void *ctx) {
  return walk_function(f, opt, sink, ctx, true);
}
