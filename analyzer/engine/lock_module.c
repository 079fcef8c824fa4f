/* lock_module.c - what a lock is to the walk: a resource named by the
 * lock object's expression (&c->mu), taken and released by key; taken
 * again while held (unless recursive or shared), released where it is not
 * held; a function may hand locks across its boundary on purpose (a lock
 * helper, or work on a lock its caller holds), and its summary says so. */
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "walk.h"

typedef struct key_count {
  const char *key;
  const api_fn *fn;
  unsigned count;
  unsigned ret_zero, ret_nonzero; /* of those exits, how many return 0, a nonzero constant */
  bool conditional;               /* summarised as taken only when the return says so */
  /* dropped keys: the exits that did not drop it, and what they return */
  unsigned other, other_zero, other_nonzero;
} key_count;

/* The module's flags of a lock (res.mflags[MODULE_lock]): released by a
 * helper that says by its return whether it did (unlink(pool, TRUE)
 * returns TRUE when it dropped the pool's lock), until a test tells. */
enum {
  RELEASE_UNLESS_ZERO = 1 << 0,    /* a zero return: still held */
  RELEASE_UNLESS_NONZERO = 1 << 1, /* a nonzero return: still held */
};

/* One lock or unlock call, for the reachability questions below. */
typedef struct key_op {
  const char *key;
  int block;
  unsigned idx;
  bool lock;
} key_op;

typedef struct lock_data {
  /* lock keys this function acquires somewhere */
  key_set acq_keys;
  key_op *key_ops;
  unsigned nkey_ops, cap_key_ops;
  /* locks the function expects its caller to hold: an unlock comes before
   * any lock on every way in (unlock; work; lock again) */
  key_set caller_held;
  /* locks some path takes and releases again: only those can be "forgotten"
   * on another path; a lock no path releases is handed to the caller */
  key_set balanced;
  /* caller's locks some path released and took back before returning */
  key_set retaken;
  /* locks some walked path took before it ever unlocked them: a path that
   * unlocks one first is a slip only where such paths exist */
  key_set lock_first;
  /* per key: on how many exits it is held, or was released unheld */
  key_count *held;
  unsigned nheld, cap_held;
  key_count *dropped;
  unsigned ndropped, cap_dropped;
  /* per key it takes somewhere: on how many exits it is not held */
  key_count *unheld;
  unsigned nunheld, cap_unheld;
  /* the same, counting exits that took it and released it again */
  key_count *not_held;
  unsigned nnot_held, cap_not_held;
} lock_data;

static bool is_lock(const api_fn *fn) {
  return fn && fn->model && fn->model->kind == MODEL_LOCK;
}

static bool is_lock_res(const res *r) {
  return r->object_key && is_lock(r->acq);
}

static bool takes_or_drops(const api_fn *fn) {
  return is_lock(fn) && (fn->action == ACT_ACQUIRE || fn->action == ACT_RELEASE);
}

static void add_key_op(lock_data *L, const char *key, const api_fn *fn, int block, unsigned idx) {
  bool lock = fn->action == ACT_ACQUIRE;
  if (lock)
    key_add(&L->acq_keys, key);
  LL_GROW(L->key_ops, L->nkey_ops, L->cap_key_ops);
  L->key_ops[L->nkey_ops++] = (key_op){.key = key, .block = block, .idx = idx, .lock = lock};
}

static void prescan_call(run *R, void *data, const ir_instr *in, const api_fn *fn, int block,
                         unsigned idx) {
  const char *key = takes_or_drops(fn) ? walk_handle_key(R, in, fn) : NULL;
  if (key)
    add_key_op(data, key, fn, block, idx);
}

/* The first lock or unlock of key in block b, or NULL. */
static const key_op *first_op_in(const lock_data *L, const char *key, int b) {
  const key_op *best = NULL;
  for (unsigned i = 0; i < L->nkey_ops; i++) {
    const key_op *o = &L->key_ops[i];
    if (o->key == key && o->block == b && (!best || o->idx < best->idx))
      best = o;
  }
  return best;
}

/* Which comes first on the ways in from the entry: a lock or an unlock of
 * key?  A function whose every first touch is an unlock works on a lock
 * its caller holds. */
static void caller_held_keys(const ir_func *f, lock_data *L) {
  uint8_t *seen = xcalloc(f->nblocks, 1);
  int *work = xmalloc(f->nblocks * sizeof *work), succ[MAX_SUCCS];
  for (unsigned k = 0; k < L->nkey_ops; k++) {
    const char *key = L->key_ops[k].key;
    if (key_in(&L->caller_held, key))
      continue;
    bool lock_first = false, unlock_first = false;
    memset(seen, 0, f->nblocks);
    unsigned n = 0;
    work[n++] = f->entry;
    seen[f->entry] = 1;
    while (n && !lock_first) {
      int b = work[--n];
      const key_op *o = first_op_in(L, key, b);
      if (o) {
        if (o->lock)
          lock_first = true;
        else
          unlock_first = true;
        continue;
      }
      unsigned ns = cfg_succs(f, b, succ, MAX_SUCCS);
      for (unsigned i = 0; i < ns; i++)
        if (succ[i] >= 0 && !seen[succ[i]]) {
          seen[succ[i]] = 1;
          work[n++] = succ[i];
        }
    }
    if (unlock_first && !lock_first)
      key_add(&L->caller_held, key);
  }
  free(seen);
  free(work);
}

static void find_caller_held(run *R, void *data) {
  lock_data *L = data;
  const ir_func *f = R->f;
  caller_held_keys(f, L);
  /* A function that takes locks: the constant a returned variable holds
   * says which exits keep one for the caller (ret = -1 on every exit but
   * the return 0 that leaves the lock held), so it is kept. */
  for (unsigned b = 0; L->acq_keys.n && b < f->nblocks; b++)
    if (f->blocks[b].reachable && f->blocks[b].term.kind == T_RETURN &&
        f->blocks[b].term.val.kind == OPD_PATH)
      key_add(&R->tested, f->blocks[b].term.val.path.text);
}

void engine_handed_locks(ir_func *const *fns, size_t n, const model_set *models, key_set *out) {
  for (size_t i = 0; i < n; i++) {
    const ir_func *f = fns[i];
    lock_data L = {0};
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned j = 0; f->blocks[b].reachable && j < f->blocks[b].ninstrs; j++) {
        const ir_instr *in = &f->blocks[b].instrs[j];
        const api_fn *const *e =
            in->op == I_CALL && in->callee && models ? model_lookup(models, in->callee) : NULL;
        for (unsigned k = 0; e && e[k]; k++) {
          const char *key = takes_or_drops(e[k]) ? engine_handle_key(in, e[k]) : NULL;
          if (key)
            add_key_op(&L, key, e[k], (int)b, j);
        }
      }
    caller_held_keys(f, &L);
    for (unsigned k = 0; k < L.caller_held.n; k++)
      if (!engine_param_relative(f, L.caller_held.items[k], &(int){0}))
        key_add(out, L.caller_held.items[k]); /* no summary carries it to the callers */
    free(L.key_ops);
    key_set_free(&L.acq_keys);
    key_set_free(&L.caller_held);
  }
}

/* Taken again while this path holds it: counted either way, so that each
 * unlock pairs with one lock. */
static bool reacquire(run *R, void *data, state *s, const ir_instr *in, const api_fn *fn,
                      int held) {
  (void)data;
  if (!is_lock(fn))
    return false;
  const res *h = &s->res[held];
  /* Held unless a trylock-like call was not yet seen to succeed; a lock
   * call whose failure is merely possible (pthread_mutex_lock) holds. */
  bool held_for_sure = h->checked || !(h->acq && h->acq->must_check);
  if (!fn->model->recursive && !fn->shared && !(h->acq && h->acq->shared) && held_for_sure) {
    engine_event *ev = walk_event(R, s, EV_DOUBLE_ACQUIRE, h, in->loc);
    if (ev)
      ev->earlier = h->loc;
  }
  return true;
}

/* A lock inside a struct or a global is still the function's to pair. */
static bool track_owned(const api_fn *fn) {
  return is_lock(fn);
}

static void released(run *R, void *data, state *s, int r) {
  (void)R;
  lock_data *L = data;
  if (is_lock_res(&s->res[r]))
    key_add(&L->balanced, s->res[r].object_key);
}

static bool releases_by_key(const api_fn *fn) {
  return is_lock(fn);
}

static void note_dropped(lock_data *L, const char *key, const api_fn *fn) {
  for (unsigned i = 0; i < L->ndropped; i++)
    if (L->dropped[i].key == key)
      return;
  LL_GROW(L->dropped, L->ndropped, L->cap_dropped);
  L->dropped[L->ndropped++] = (key_count){.key = key, .fn = fn};
}

/* Per-path record of keys released unheld, for unlock-helper summaries:
 * a fact with the key as its text and value false. */
static void mark_dropped(state *s, const char *key) {
  ir_cond c = {.text = key};
  state_set_fact(s, &c, false);
}

static void release_unheld(run *R, void *data, state *s, const ir_instr *in, const api_fn *fn,
                           const char *key) {
  lock_data *L = data;
  if (!is_lock(fn))
    return;
  int before = walk_find_keyed(s, key, R_RELEASED);
  if (before >= 0) {
    engine_event *ev = walk_event(R, s, EV_RELEASE_UNHELD, &s->res[before], in->loc);
    if (ev)
      ev->earlier = s->res[before].released_at;
  } else if (key_in(&L->acq_keys, key) && !R->f->lock_annotated && !key_in(&L->caller_held, key)) {
    res pseudo = {.acq = fn, .via = in->callee, .handle = key, .loc = in->loc, .loop = -1};
    pseudo.step_seq = s->seq > 6 ? s->seq - 6 : 0;
    engine_event *ev = walk_event(R, s, EV_RELEASE_UNHELD, &pseudo, in->loc);
    if (ev)
      ev->acquired_at = (ll_location){0};
    mark_dropped(s, key);
  } else {
    note_dropped(L, key, fn);
    mark_dropped(s, key);
  }
}

/* A lock is named by its address: passing the pointer on does not hand
 * the lock away, nor does overwriting it. */
static bool not_owned_through_pointer(const res *r) {
  return is_lock(r->acq);
}

/* A released lock is remembered, so that unlocking it again is seen. */
static bool keep(const res *r) {
  return r->status == R_RELEASED && is_lock_res(r);
}

/* The caller's lock, dropped on this path and not taken back. */
static void path_return(run *R, void *data, state *s, const ir_term *t) {
  lock_data *L = data;
  for (unsigned i = 0; i < s->nfacts; i++) {
    const char *key = s->facts[i].text;
    if (s->facts[i].reads || !key_in(&L->caller_held, key) || walk_find_keyed(s, key, R_LIVE) >= 0)
      continue;
    const api_fn *fn = NULL;
    for (unsigned d = 0; d < L->ndropped; d++)
      if (L->dropped[d].key == key)
        fn = L->dropped[d].fn;
    res pseudo = {.acq = fn,
                  .via = fn ? fn->name : NULL,
                  .handle = key,
                  .loop = -1,
                  .step_seq = s->seq > 8 ? s->seq - 8 : 0};
    walk_event(R, s, EV_NOT_RETAKEN, &pseudo, t->loc);
  }
}

/* The caller's lock, dropped and taken back, is meant to be held. */
static bool held_at_return(run *R, void *data, state *s, const res *r) {
  (void)R;
  lock_data *L = data;
  if (!is_lock_res(r) || !state_fact(s, r->object_key))
    return false;
  key_add(&L->retaken, r->object_key);
  return true;
}

static void count_key(key_count **arr, unsigned *n, unsigned *cap, const char *key,
                      const api_fn *fn, value ret) {
  key_count *k = NULL;
  for (unsigned i = 0; i < *n && !k; i++)
    if ((*arr)[i].key == key)
      k = &(*arr)[i];
  if (!k) {
    LL_GROW(*arr, *n, *cap);
    k = &(*arr)[(*n)++];
    *k = (key_count){.key = key, .fn = fn};
  }
  k->count++;
  if (ret.kind == V_CONST)
    *(ret.c == 0 ? &k->ret_zero : &k->ret_nonzero) += 1;
}

static void exit_summary(run *R, void *data, state *s) {
  lock_data *L = data;
  for (unsigned i = 0; i < s->nres; i++) {
    const res *x = &s->res[i];
    /* taken on this path, and not dropped unheld before (mark_dropped) */
    if (x->param < 0 && x->acq && is_lock_res(x) && !state_fact(s, x->object_key))
      key_add(&L->lock_first, x->object_key);
    if (x->param < 0 && x->acq && x->status == R_LIVE && is_lock_res(x))
      count_key(&L->held, &L->nheld, &L->cap_held, x->object_key, x->acq, R->exit_value);
  }
  /* The keys it takes somewhere but did not take on this path (the call
   * failed, or was not reached), each once; a key released again does not
   * count: that exit pairs its lock. */
  for (unsigned k = 0; k < L->nkey_ops; k++) {
    const key_op *o = &L->key_ops[k];
    bool first = o->lock;
    for (unsigned j = 0; j < k && first; j++)
      first = !(L->key_ops[j].lock && L->key_ops[j].key == o->key);
    if (first && walk_find_keyed(s, o->key, R_LIVE) < 0 &&
        walk_find_keyed(s, o->key, R_RELEASED) < 0)
      count_key(&L->unheld, &L->nunheld, &L->cap_unheld, o->key, NULL, R->exit_value);
    if (first && walk_find_keyed(s, o->key, R_LIVE) < 0)
      count_key(&L->not_held, &L->nnot_held, &L->cap_not_held, o->key, NULL, R->exit_value);
  }
  for (unsigned d = 0; d < L->ndropped; d++) {
    key_count *k = &L->dropped[d];
    bool dropped = false;
    for (unsigned i = 0; i < s->nfacts && !dropped; i++)
      dropped = s->facts[i].text == k->key;
    bool zero = R->exit_value.kind == V_CONST && R->exit_value.c == 0;
    bool nonzero = R->exit_value.kind == V_CONST && R->exit_value.c != 0;
    if (dropped) {
      k->count++;
      k->ret_zero += zero;
      k->ret_nonzero += nonzero;
    } else {
      k->other++;
      k->other_zero += zero;
      k->other_nonzero += nonzero;
    }
  }
}

/* A lock helper's entry: the lock it takes or drops on every path, named
 * relative to its argument (or a global), so that its callers pair it. */
static void summarize_lock(run *R, const key_count *k, api_action action, failure_kind failure) {
  int arg;
  const char *field = walk_param_relative(R, k->key, &arg);
  if (!field)
    return;
  api_fn fn = *k->fn;
  fn.name = R->f->name;
  fn.action = action;
  fn.must_check = false;
  fn.failure = failure;
  fn.handle = (handle_spec){.where = HANDLE_ARG, .arg = arg, .count = 1};
  fn.handle_field = field;
  walk_add_summary(R, &fn);
}

/* How a helper that holds k on some exits says which: 0 when held and a
 * nonzero constant when not (ngx_thread_mutex_lock's NGX_OK / NGX_ERROR),
 * or the other way round; FAIL_NONE when its returns do not tell. */
static failure_kind told_by_return(const lock_data *L, const key_count *k, unsigned nexits) {
  const key_count *u = NULL;
  for (unsigned i = 0; i < L->nunheld && !u; i++)
    if (L->unheld[i].key == k->key)
      u = &L->unheld[i];
  if (!u || k->count + u->count != nexits)
    return FAIL_NONE;
  if (k->ret_zero == k->count && u->ret_nonzero == u->count)
    return FAIL_NONZERO;
  if (k->ret_nonzero == k->count && u->ret_zero == u->count)
    return FAIL_ZERO;
  return FAIL_NONE;
}

static void summarize(run *R, void *data) {
  lock_data *L = data;
  for (unsigned i = 0; i < L->nheld; i++) {
    key_count *k = &L->held[i];
    if (k->count == R->nexits) {
      summarize_lock(R, k, ACT_ACQUIRE, FAIL_NONE);
      continue;
    }
    failure_kind told = told_by_return(L, k, R->nexits);
    if (told != FAIL_NONE) {
      k->conditional = true;
      summarize_lock(R, k, ACT_ACQUIRE, told);
    }
  }
  for (unsigned i = 0; i < L->ndropped; i++) {
    const key_count *k = &L->dropped[i];
    if (k->count == R->nexits)
      summarize_lock(R, k, ACT_RELEASE, FAIL_NONE);
    else if (k->count && k->ret_nonzero == k->count && k->other_zero == k->other)
      summarize_lock(R, k, ACT_RELEASE, FAIL_ZERO); /* dropped where it returns nonzero */
    else if (k->count && k->ret_zero == k->count && k->other_nonzero == k->other)
      summarize_lock(R, k, ACT_RELEASE, FAIL_NONZERO);
  }
}

/* Dropped on some exits only, and the returns do not say which: walks with
 * a constant argument may tell (summaries.h). */
static bool wants_contexts(run *R, void *data) {
  (void)R;
  const lock_data *L = data;
  for (unsigned i = 0; i < L->ndropped; i++)
    if (L->dropped[i].count && L->dropped[i].count < R->nexits)
      return true;
  for (unsigned i = 0; i < L->nheld; i++)
    if (L->held[i].count < R->nexits && !L->held[i].conditional)
      return true;
  return false;
}

/* A helper's release that its return confirms: released now, held again
 * on the branch where the return says it was not. */
static bool apply(run *R, void *data, state *s, const ir_instr *in, const api_fn *fn, bool *covered,
                  bool *acquired) {
  lock_data *L = data;
  if (!is_lock(fn) || fn->action != ACT_RELEASE || fn->failure == FAIL_NONE)
    return false;
  const char *key = walk_handle_key(R, in, fn);
  int r = key ? walk_find_keyed(s, key, R_LIVE) : -1;
  if (r < 0)
    return false;
  if (fn->handle.arg >= 0 && fn->handle.arg < 32)
    covered[fn->handle.arg] = true;
  if (!in->has_dst)
    return true; /* the return that says whether it did is ignored: still held */
  res *x = &s->res[r];
  x->status = R_RELEASED;
  x->released_at = in->loc;
  x->released_by = fn;
  x->mflags[MODULE_lock] = fn->failure == FAIL_ZERO ? RELEASE_UNLESS_ZERO : RELEASE_UNLESS_NONZERO;
  key_add(&L->balanced, x->object_key);
  walk_write(R, s, &in->dst, walk_module_result(MODULE_lock, RESULT_STATUS, r), in->loc);
  *acquired = true; /* the result is bound: keep it */
  return true;
}

static bool branch(run *R, void *data, state *s, const ir_cond *c, bool dir, int r, int what) {
  (void)R, (void)data, (void)what;
  res *x = &s->res[r];
  uint8_t f = x->mflags[MODULE_lock];
  if (!f)
    return true;
  bool kept, dropped;
  walk_failure_directions(f == RELEASE_UNLESS_ZERO ? FAIL_ZERO : FAIL_NONZERO, false, c, dir, &kept,
                          &dropped);
  if (kept && !dropped && x->status == R_RELEASED) {
    x->status = R_LIVE;
    x->released_at = (ll_location){0};
    x->released_by = NULL;
  }
  if (kept != dropped)
    x->mflags[MODULE_lock] = 0;
  return true;
}

/* Held on the exits that return one kind of constant (0), free on all
 * the others, which return the other kind, and some other function of the
 * program unlocks a lock of that name it never took: the lock is handed
 * to the caller, who passes it on (a reserve / commit pair). */
static bool handed_over(const run *R, const lock_data *L, const char *key) {
  if (!R->opt->handed_locks || !key_in(R->opt->handed_locks, key))
    return false;
  const key_count *h = NULL, *u = NULL;
  for (unsigned i = 0; i < L->nheld; i++)
    if (L->held[i].key == key)
      h = &L->held[i];
  for (unsigned i = 0; i < L->nnot_held; i++)
    if (L->not_held[i].key == key)
      u = &L->not_held[i];
  if (!h || !u || h->count + u->count != R->nexits)
    return false;
  return (h->ret_zero == h->count && u->ret_nonzero == u->count) ||
         (h->ret_nonzero == h->count && u->ret_zero == u->count);
}

/* Whether ev is about a lock this function is meant to leave held. */
static bool drop_event(run *R, void *data, const engine_event *ev) {
  lock_data *L = data;
  if (!is_lock(ev->acquire))
    return false;
  if (R->f->lock_annotated)
    return true;
  /* Held at a return, or released unheld, on a lock no path of this
   * function both takes and releases: the function hands locks across its
   * boundary on purpose (item_trylock, pause/resume pairs). */
  if ((ev->kind == EV_LEAK || (ev->kind == EV_RELEASE_UNHELD && !ev->earlier.line)) &&
      !key_in(&L->balanced, ev->handle))
    return true;
  /* Unlocked before any lock on every path that touches it (unlink(q,
   * locked): unlock, work, lock again): the lock is the caller's, though
   * some way through the CFG, on no path the walk could take, locks first. */
  if (ev->kind == EV_RELEASE_UNHELD && !ev->earlier.line && !key_in(&L->lock_first, ev->handle))
    return true;
  /* Not taking the caller's lock back is a slip only where other paths do. */
  if (ev->kind == EV_NOT_RETAKEN && !key_in(&L->retaken, ev->handle))
    return true;
  if (ev->kind != EV_LEAK)
    return false;
  for (unsigned i = 0; i < L->nheld; i++)
    if (L->held[i].key == ev->handle && (L->held[i].count == R->nexits || L->held[i].conditional))
      return true;
  return handed_over(R, L, ev->handle);
}

static void fini(run *R, void *data) {
  (void)R;
  lock_data *L = data;
  key_set_free(&L->acq_keys);
  free(L->key_ops);
  key_set_free(&L->caller_held);
  key_set_free(&L->balanced);
  key_set_free(&L->retaken);
  key_set_free(&L->lock_first);
  free(L->held);
  free(L->dropped);
  free(L->unheld);
  free(L->not_held);
}

const engine_module lock_module = {
    .name = "lock",
    .data_size = sizeof(lock_data),
    .prescan_call = prescan_call,
    .begin = find_caller_held,
    .apply = apply,
    .branch = branch,
    .wants_contexts = wants_contexts,
    .reacquire = reacquire,
    .track_owned = track_owned,
    .released = released,
    .releases_by_key = releases_by_key,
    .release_unheld = release_unheld,
    .not_owned_through_pointer = not_owned_through_pointer,
    .keep = keep,
    .path_return = path_return,
    .held_at_return = held_at_return,
    .exit_summary = exit_summary,
    .summarize = summarize,
    .drop_event = drop_event,
    .fini = fini,
};
