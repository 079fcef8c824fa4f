/* timer_module.c - what a timer is to the walk: a resource that is armed,
 * and that repeats until stopped unless its start says it fires once (a
 * zero repeat interval) or its callback always asks to stop (returns 0).
 * A source started with an id of its own (g_source_attach) runs on when
 * its reference is dropped; where the id goes, the duty to stop it goes. */
#include "walk.h"

/* The module's flags of a resource (res.mflags[MODULE_timer]). */
enum {
  REPEATING = 1 << 0,      /* armed to fire again and again */
  MAY_END_ITSELF = 1 << 1, /* its callback may stop it */
  ONE_SHOT_ARMED = 1 << 2, /* released by a one-shot start, unless the start failed */
  CALLBACK_ENDS = 1 << 3,  /* its callback always asks to stop (returns 0) */
  ATTACHED = 1 << 4,       /* started with an id of its own: dropping the
                              reference does not stop it */
};

static uint8_t *flags(res *r) {
  return &r->mflags[MODULE_timer];
}

static bool has(const res *r, uint8_t f) {
  return r->mflags[MODULE_timer] & f;
}

static void set(res *r, uint8_t f, bool on) {
  if (on)
    *flags(r) |= f;
  else
    *flags(r) &= (uint8_t)~f;
}

static void created(res *r, const api_fn *fn) {
  set(r, REPEATING, fn->repeats && fn->action == ACT_ACQUIRE);
}

/* Starting a timer: a zero repeat interval or a callback that always
 * returns 0 makes it fire once and end; otherwise it repeats until
 * stopped. */
static void arm(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  int r = walk_handle_res(s, in, fn);
  if (r < 0)
    return;
  if (fn->repeat_arg >= 0 && (unsigned)fn->repeat_arg < in->nargs) {
    value rep = walk_eval(s, &in->args[fn->repeat_arg]);
    if (rep.kind == V_CONST && rep.c == 0) {
      s->res[r].status = R_RELEASED; /* one-shot: ends by itself */
      s->res[r].released_at = in->loc;
      if (in->has_dst && fn->failure != FAIL_NONE) {
        set(&s->res[r], ONE_SHOT_ARMED, true);
        walk_write(R, s, &in->dst, walk_module_result(MODULE_timer, RESULT_STATUS, r), in->loc);
      }
      return;
    }
    set(&s->res[r], REPEATING, true);
  }
  if (fn->callback_arg >= 0 && walk_callback_returns(R, in, fn->callback_arg) == RETURNS_ZERO)
    set(&s->res[r], CALLBACK_ENDS, true);
  if (fn->repeats && !has(&s->res[r], CALLBACK_ENDS) && fn->callback_arg < 0) {
    set(&s->res[r], REPEATING, true);
    set(&s->res[r], ATTACHED, true);
  }
  /* g_source_attach's id names the running source: where the id goes,
   * the duty to stop it goes. */
  if (in->has_dst && fn->failure == FAIL_NONE)
    walk_write(R, s, &in->dst, walk_module_result(MODULE_timer, RESULT_ID, r), in->loc);
}

static bool apply(run *R, void *data, state *s, const ir_instr *in, const api_fn *fn, bool *covered,
                  bool *acquired) {
  (void)data;
  if (fn->action == ACT_ACQUIRE && fn->callback_arg >= 0 && fn->repeats &&
      fn->handle.where == HANDLE_RETURN) {
    /* g_timeout_add(): a callback that always returns 0 fires once and
     * ends; one that may return 0 may end itself. */
    returns_kind rk = walk_callback_returns(R, in, fn->callback_arg);
    if (rk == RETURNS_ZERO || (rk != RETURNS_NONZERO && !in->has_dst))
      return true;
    *acquired = true;
    int r = walk_acquire_return(R, s, in, fn, -1);
    if (rk != RETURNS_NONZERO)
      set(&s->res[r], MAY_END_ITSELF, true);
    return true;
  }
  if (fn->action != ACT_ARM)
    return false;
  arm(R, s, in, fn);
  if (in->has_dst && state_find(s, in->dst.text))
    *acquired = true; /* arm() bound the result: keep it */
  if (fn->handle.arg >= 0 && fn->handle.arg < 32)
    covered[fn->handle.arg] = true;
  return true;
}

/* Dropping the reference of an attached source: the source runs on. */
static bool release(run *R, void *data, state *s, int r, const ir_instr *in, const api_fn *fn) {
  (void)R, (void)data, (void)in;
  res *x = &s->res[r];
  if (has(x, ATTACHED) && has(x, REPEATING) && fn && fn->action == ACT_RELEASE &&
      fn->model == x->acq->model && !fn->handle_field) {
    set(x, ATTACHED, false);
    return true;
  }
  return false;
}

/* A timer whose callback may stop it is lost only in the loop shape that
 * proves the code meant to remove it. */
static bool not_lost(run *R, void *data, state *s, const res *r) {
  (void)data;
  return has(r, MAY_END_ITSELF) && !walk_lost_in_loop(R, s, r);
}

static void leak_event(const res *r, engine_event *ev) {
  ev->repeating = has(r, REPEATING);
}

/* A test of a start's status or of the id it returned: if the start
 * failed, the timer was never running and is still the function's to
 * close. */
static bool branch(run *R, void *data, state *s, const ir_cond *c, bool dir, int r, int what) {
  (void)R, (void)data;
  bool can_fail, can_ok;
  walk_failure_directions(what == RESULT_ID ? FAIL_ZERO : FAIL_NONZERO, false, c, dir, &can_fail,
                          &can_ok);
  if (can_fail && !can_ok && what == RESULT_STATUS && has(&s->res[r], ONE_SHOT_ARMED)) {
    s->res[r].status = R_LIVE;
    set(&s->res[r], ONE_SHOT_ARMED, false);
  }
  if (can_fail && !can_ok && what == RESULT_ID) {
    set(&s->res[r], ATTACHED, false); /* not running: its reference is all there is */
    set(&s->res[r], REPEATING, false);
  }
  return true;
}

const engine_module timer_module = {
    .name = "timer",
    .created = created,
    .apply = apply,
    .release = release,
    .not_lost = not_lost,
    .leak_event = leak_event,
    .branch = branch,
};
