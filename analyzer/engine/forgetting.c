/* forgetting.c - see forgetting.h. */
#include "forgetting.h"

#include <stdlib.h>

#include "key_set.h"
#include "util.h"

/* A question a test at a block may record or ask, unless it is asked by
 * other means too (through a copy, at a dereference): those stay. */
static void add_question(const run *R, const char *q, key_set *out) {
  if (!key_in(&R->deref_q, q) && !key_in(&R->copy_questions, q))
    key_add(out, q);
}

/* Every question take_branch() may record or ask at block b's test: the
 * test's text, "=p=c" for p == c, p != c and if (p), a loop bound's
 * "=n=0", and "=p=0" of two pointers compared (fresh_vs_null). */
static void block_questions(void *ctx, int b, key_set *out, key_set *kill) {
  (void)kill; /* a question is not redefined: it is asked again or not */
  const run *R = ctx;
  const ir_term *t = &R->f->blocks[b].term;
  if (t->kind == T_BRANCH) {
    const ir_cond *c = &t->cond;
    if (c->text)
      add_question(R, c->text, out);
    if (c->lhs.kind == OPD_PATH && (c->rhs_const || c->op == C_TRUTH))
      add_question(R, walk_eq_question(c->lhs.path.text, c->op == C_TRUTH ? 0 : c->rhs), out);
    ir_cond bound;
    if (walk_zero_bound_question(R, c, &bound))
      add_question(R, walk_eq_question(bound.lhs.path.text, 0), out);
    if (!c->rhs_const && c->lhs.kind == OPD_PATH)
      add_question(R, walk_null_question(c->lhs.path.text), out);
    if (!c->rhs_const && c->rhs_opd.kind == OPD_PATH)
      add_question(R, walk_null_question(c->rhs_opd.path.text), out);
  } else if (t->kind == T_SWITCH && t->val.kind == OPD_PATH) {
    add_question(R, t->val.path.text, out);
    for (unsigned i = 0; i < t->ncases; i++)
      add_question(R, walk_eq_question(t->val.path.text, t->cases[i].value), out);
  }
}

typedef struct names_ctx {
  const run *R;
  key_set addressed; /* variables whose address is taken: read anywhere */
  key_set *gen, *kill;
} names_ctx;

/* A read of p's variable: used here unless this block wrote it first. */
static void read_name(names_ctx *nc, const ir_path *p) {
  if (p->var < 0)
    return;
  const char *name = nc->R->f->vars[p->var].name;
  if (!key_in(nc->kill, name) && !key_in(&nc->addressed, name))
    key_add(nc->gen, name);
}

static void read_operand(names_ctx *nc, const ir_operand *o) {
  if (o->kind == OPD_PATH || o->kind == OPD_ADDR || o->kind == OPD_OFFSET || o->kind == OPD_STEP)
    read_name(nc, &o->path);
  for (unsigned i = 0; i < o->nreads; i++)
    read_name(nc, &o->reads[i]);
}

/* What block b reads of each variable (by name: sibling scopes' variables
 * of one name count as one) before it writes the variable whole, and
 * which variables it writes whole.  A variable whose address is taken is
 * left out: read through a pointer, it is in use where it is not named. */
static void block_names(void *ctx, int b, key_set *gen, key_set *kill) {
  names_ctx *nc = ctx;
  const ir_func *f = nc->R->f;
  const ir_block *bl = &f->blocks[b];
  nc->gen = gen;
  nc->kill = kill;
  for (unsigned i = 0; i < bl->ninstrs; i++) {
    const ir_instr *in = &bl->instrs[i];
    if (in->op == I_ASSIGN)
      read_operand(nc, &in->src);
    for (unsigned a = 0; in->op == I_CALL && a < in->nargs; a++)
      read_operand(nc, &in->args[a]);
    if (in->op == I_SCOPE_END && in->var >= 0)
      read_name(nc, &(ir_path){.var = in->var});
    if (!in->has_dst || in->dst.var < 0)
      continue;
    const char *name = f->vars[in->dst.var].name;
    if (in->dst.via_memory || in->dst.text != name)
      read_name(nc, &in->dst); /* p->x = .., s.f = ..: p and s are used */
    else if (!key_in(&nc->addressed, name))
      key_add(kill, name);
  }
  const ir_term *t = &bl->term;
  read_operand(nc, &t->cond.lhs);
  read_operand(nc, &t->cond.rhs_opd);
  for (unsigned i = 0; i < t->cond.nreads; i++)
    read_name(nc, &t->cond.reads[i]);
  read_operand(nc, &t->val);
}

static void note_addressed(const ir_func *f, const ir_operand *o, key_set *addressed) {
  if ((o->kind == OPD_ADDR || o->kind == OPD_OFFSET) && o->path.var >= 0)
    key_add(addressed, f->vars[o->path.var].name);
}

static void build_name_liveness(run *R) {
  const ir_func *f = R->f;
  names_ctx nc = {.R = R};
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op == I_ASSIGN)
        note_addressed(f, &in->src, &nc.addressed);
      for (unsigned a = 0; in->op == I_CALL && a < in->nargs; a++)
        note_addressed(f, &in->args[a], &nc.addressed);
    }
  key_liveness_build(&R->name_live, f, block_names, &nc);
  key_set_free(&nc.addressed);
}

/* Whether a handle can no longer come back to the path: released or
 * failed, or handed away to a call whose failure would not return it
 * (fdopen(fd) keeps fd unless fptr turns out NULL). */
static bool gone_for_good(const res *x) {
  return x->status == R_RELEASED || x->status == R_FAILED ||
         (x->status == R_ESCAPED && !x->kept_by);
}

/* Drops what the path knows of variables no block from here on names:
 * their ranges, the constants and call results they hold, the handles
 * they held that are gone (released, handed away, failed).  A live handle
 * is never dropped: its loss is what the walk reports. */
static void forget_dead_values(const run *R, state *s) {
  const ir_func *f = R->f;
  for (unsigned i = 0; i < s->nranges;) {
    if (key_liveness_dead(&R->name_live, s->block, f->vars[s->ranges[i].var].name))
      s->ranges[i] = s->ranges[--s->nranges];
    else
      i++;
  }
  for (unsigned i = 0; i < s->nb;) {
    const binding *x = &s->b[i];
    bool plain = x->v.kind == V_CONST || x->v.kind == V_NONNULL || x->v.kind == V_UNKNOWN ||
                 x->v.kind == V_RESULT || x->v.kind == V_FAILFLAG ||
                 (x->v.kind == V_RES && x->v.res >= 0 && gone_for_good(&s->res[x->v.res]));
    if (plain && x->var >= 0 && x->path == f->vars[x->var].name &&
        key_liveness_dead(&R->name_live, s->block, x->path))
      state_unbind_at(s, i);
    else
      i++;
  }
}

/* Drops the test answers no block from here on can ask again, so that
 * paths differing only in them meet (key_liveness.h).  Answers without
 * the paths they read (a lock module's record) are not test answers. */
static void forget_dead_facts(const run *R, state *s) {
  for (unsigned i = 0; i < s->nfacts;) {
    const fact *x = &s->facts[i];
    if ((x->reads || x->text[0] == '=') && key_liveness_dead(&R->fact_live, s->block, x->text))
      s->facts[i] = s->facts[--s->nfacts];
    else
      i++;
  }
}

void forget_prepare(run *R) {
  key_liveness_build(&R->fact_live, R->f, block_questions, R);
  build_name_liveness(R);
}

void forget_unusable(const run *R, state *s) {
  forget_dead_facts(R, s);
  forget_dead_values(R, s);
}

void forget_free(run *R) {
  key_liveness_free(&R->fact_live);
  key_liveness_free(&R->name_live);
}
