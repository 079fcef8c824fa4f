/* value_ranges.c - see value_ranges.h. */
#include "value_ranges.h"

#include <limits.h>

/* The variable a path names as a whole, when it is a plain local or
 * parameter of scalar type; else -1. */
static int whole_var(const run *R, const ir_path *p) {
  if (p->var < 0 || p->via_memory)
    return -1;
  const ir_var *v = &R->f->vars[p->var];
  if (p->text != v->name || !v->is_scalar || v->kind == VAR_GLOBAL || v->kind == VAR_STATIC)
    return -1;
  return p->var;
}

static int whole_var_operand(const run *R, const ir_operand *o) {
  return o->kind == OPD_PATH ? whole_var(R, &o->path) : -1;
}

static bool kept(const run *R, int var) {
  return var >= 0 && key_in(&R->ranged, R->f->vars[var].name);
}

void ranges_prescan(run *R) {
  key_set once = {0};
  const ir_func *f = R->f;
  for (unsigned b = 0; b < f->nblocks; b++) {
    const ir_block *bl = &f->blocks[b];
    if (!bl->reachable || bl->term.kind != T_BRANCH)
      continue;
    int v = whole_var_operand(R, &bl->term.cond.lhs);
    if (v < 0 || !(bl->term.cond.rhs_const || bl->term.cond.op == C_TRUTH))
      continue;
    const char *name = f->vars[v].name;
    key_add(key_in(&once, name) ? &R->ranged : &once, name);
  }
  /* x = y between tested variables: a test of one tells of the other; a
   * counter stepped in a loop and tested after it (size++, then size != 0) */
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op != I_ASSIGN)
        continue;
      if (in->src.kind == OPD_STEP) {
        int v = whole_var(R, &in->src.path);
        if (v >= 0 && key_in(&once, f->vars[v].name))
          key_add(&R->ranged, f->vars[v].name);
        continue;
      }
      int src = whole_var_operand(R, &in->src);
      int d = whole_var(R, &in->dst);
      if (src < 0 || d < 0 || !key_in(&once, f->vars[src].name) || !key_in(&once, f->vars[d].name))
        continue;
      key_add(&R->ranged, f->vars[src].name);
      key_add(&R->ranged, f->vars[d].name);
    }
  key_set_free(&once);
}

/* Whether the path holds var's value in no binding the walk already reads
 * (a constant, an acquired handle): an unknown value or a parameter's
 * incoming integer. */
static bool unbound(const run *R, state *s, int var) {
  value v = state_value_of(s, R->f->vars[var].name);
  if (v.kind == V_UNKNOWN)
    return true;
  return v.kind == V_RES && !s->res[v.res].acq && !R->f->vars[var].is_pointer;
}

static range *find(state *s, int var) {
  for (unsigned i = 0; i < s->nranges; i++)
    if (s->ranges[i].var == var)
      return &s->ranges[i];
  return NULL;
}

static range full(const run *R, int var) {
  bool u = R->f->vars[var].is_unsigned;
  return (range){.var = var, .lo = u ? 0 : LLONG_MIN, .hi = LLONG_MAX};
}

static range *ensure(const run *R, state *s, int var) {
  range *r = find(s, var);
  if (r)
    return r;
  LL_GROW(s->ranges, s->nranges, s->cap_ranges);
  r = &s->ranges[s->nranges++];
  *r = full(R, var);
  r->cls = ++s->next_cls;
  return r;
}

/* The values for which k OP' holds, OP' being op taken in direction dir. */
static bool allowed(cond_op op, long long k, bool dir, range *out) {
  *out = (range){.lo = LLONG_MIN, .hi = LLONG_MAX};
  if (op == C_TRUTH)
    op = C_NE, k = 0;
  if (!dir) {
    static const cond_op inverse[] = {
        [C_EQ] = C_NE, [C_NE] = C_EQ, [C_LT] = C_GE, [C_LE] = C_GT, [C_GT] = C_LE, [C_GE] = C_LT};
    if (op < C_EQ || op > C_GE)
      return false;
    op = inverse[op];
  }
  switch (op) {
  case C_EQ:
    out->lo = out->hi = k;
    return true;
  case C_NE:
    out->has_ne = true, out->ne = k;
    return true;
  case C_LT:
    if (k == LLONG_MIN)
      out->lo = 1, out->hi = 0;
    else
      out->hi = k - 1;
    return true;
  case C_LE:
    out->hi = k;
    return true;
  case C_GT:
    if (k == LLONG_MAX)
      out->lo = 1, out->hi = 0;
    else
      out->lo = k + 1;
    return true;
  case C_GE:
    out->lo = k;
    return true;
  default:
    return false;
  }
}

/* r narrowed to a; false when nothing is left. */
static bool intersect(range *r, const range *a) {
  if (a->lo > r->lo)
    r->lo = a->lo;
  if (a->hi < r->hi)
    r->hi = a->hi;
  /* one exclusion is kept: a new one replaces an old that no longer bites */
  if (a->has_ne && (!r->has_ne || r->ne < r->lo || r->ne > r->hi))
    r->has_ne = true, r->ne = a->ne;
  if (r->has_ne && r->ne == r->lo && r->lo < LLONG_MAX)
    r->lo++, r->has_ne = false;
  if (r->has_ne && r->ne == r->hi && r->hi > LLONG_MIN)
    r->hi--, r->has_ne = false;
  if (r->has_ne && (r->ne < r->lo || r->ne > r->hi))
    r->has_ne = false;
  return r->lo <= r->hi;
}

bool ranges_take_branch(const run *R, state *s, const ir_cond *c, bool dir) {
  int var = whole_var_operand(R, &c->lhs);
  if (!kept(R, var) || !(c->rhs_const || c->op == C_TRUTH) || !unbound(R, s, var))
    return true;
  long long k = c->op == C_TRUTH ? 0 : c->rhs;
  if (R->f->vars[var].is_unsigned && k < 0)
    return true; /* compared after a conversion the range does not model */
  range a;
  if (!allowed(c->op, k, dir, &a))
    return true;
  range *r = ensure(R, s, var);
  range narrowed = *r;
  if (!intersect(&narrowed, &a))
    return false;
  unsigned cls = r->cls;
  for (unsigned i = 0; i < s->nranges; i++) {
    range *x = &s->ranges[i];
    if (x->cls != cls)
      continue;
    range y = *x;
    if (!intersect(&y, &narrowed))
      return false;
    y.cls = cls, y.var = x->var;
    *x = y;
  }
  return true;
}

void ranges_copy(const run *R, state *s, const ir_path *dst, const ir_path *src) {
  int from = whole_var(R, src), to = whole_var(R, dst);
  if (!kept(R, from) || !kept(R, to) || from == to || !unbound(R, s, from))
    return;
  range copy = *ensure(R, s, from);
  copy.var = to;
  range *t = ensure(R, s, to);
  *t = copy;
}

bool ranges_shifted(const run *R, state *s, const ir_operand *step, bool known, long long c,
                    bool widen, range *moved) {
  int var = whole_var(R, &step->path);
  if (!kept(R, var))
    return false;
  range *r = known ? NULL : unbound(R, s, var) ? find(s, var) : NULL;
  if (!known && !r)
    return false;
  range from = known ? (range){.var = var, .lo = c, .hi = c} : *r;
  long long k = step->value;
  *moved = from;
  /* an end that would wrap, or that the loop may push on, becomes open */
  if (__builtin_add_overflow(from.lo, k, &moved->lo) || from.lo == LLONG_MIN || (widen && k < 0))
    moved->lo = LLONG_MIN;
  if (__builtin_add_overflow(from.hi, k, &moved->hi) || from.hi == LLONG_MAX || (widen && k > 0))
    moved->hi = LLONG_MAX;
  if (R->f->vars[var].is_unsigned && moved->lo < 0)
    *moved = full(R, var); /* may wrap below zero */
  if (moved->has_ne && __builtin_add_overflow(from.ne, k, &moved->ne))
    moved->has_ne = false;
  moved->var = var;
  moved->cls = ++s->next_cls; /* no longer equal to what it was copied from */
  return true;
}

void ranges_set(state *s, const range *r) {
  for (unsigned i = 0; i < s->nranges; i++)
    if (s->ranges[i].var == r->var) {
      s->ranges[i] = *r;
      return;
    }
  LL_GROW(s->ranges, s->nranges, s->cap_ranges);
  s->ranges[s->nranges++] = *r;
}

bool ranges_or_minus_one(const run *R, state *s, const ir_operand *src, value v, const ir_path *dst,
                         range *out) {
  int to = whole_var(R, dst), from = whole_var_operand(R, src);
  if (!kept(R, to) || R->f->vars[to].is_unsigned)
    return false;
  long long top;
  if (v.kind == V_CONST)
    top = v.c;
  else if (kept(R, from) && unbound(R, s, from) && find(s, from))
    top = find(s, from)->hi;
  else
    return false;
  *out = (range){
      .var = to, .lo = top < -1 ? top : -1, .hi = top < -1 ? -1 : top, .cls = ++s->next_cls};
  return true;
}

/* The range the path knows v, the value of o, to lie in, or NULL. */
static bool known_range(const run *R, state *s, const ir_operand *o, value v, long long *lo,
                        long long *hi) {
  if (v.kind == V_CONST) {
    *lo = *hi = v.c;
    return true;
  }
  int var = whole_var_operand(R, o);
  const range *r = kept(R, var) && unbound(R, s, var) ? find(s, var) : NULL;
  if (r)
    *lo = r->lo, *hi = r->hi;
  return r != NULL;
}

bool ranges_within(const run *R, state *s, const ir_operand *o, value v, long long lo,
                   long long hi) {
  long long a, b;
  return known_range(R, s, o, v, &a, &b) && a >= lo && b <= hi;
}

bool ranges_upper(const run *R, state *s, const ir_operand *o, value v, long long *hi) {
  long long lo;
  return known_range(R, s, o, v, &lo, hi);
}

void ranges_keep(run *R, int var) {
  if (R->use_ranges && var >= 0 &&
      whole_var(R, &(ir_path){.var = var, .text = R->f->vars[var].name}) >= 0)
    key_add(&R->ranged, R->f->vars[var].name);
}
