/* ir_codec.c - see ir_codec.h.  Fields are written in declaration order;
 * counts before arrays; indices are checked against their arrays on the
 * way in, so a corrupt artifact fails to decode rather than walks wild. */
#include "ir_codec.h"

#include <string.h>

#include "util.h"

/* Arrays longer than this are not a real function's. */
enum { MAX_COUNT = 1u << 24 };

/* --- encoding ------------------------------------------------------------ */

static void put_loc(byte_writer *w, ll_location l) {
  bw_str(w, l.path);
  bw_u64(w, l.line), bw_u64(w, l.col), bw_u64(w, l.end_line), bw_u64(w, l.end_col);
}

static void put_path(byte_writer *w, const ir_path *p) {
  bw_i64(w, p->var);
  bw_str(w, p->text);
  bw_u64(w, p->via_memory);
}

static void put_paths(byte_writer *w, const ir_path *p, unsigned n) {
  bw_u64(w, n);
  for (unsigned i = 0; i < n; i++)
    put_path(w, &p[i]);
}

static void put_operand(byte_writer *w, const ir_operand *o) {
  bw_u64(w, o->kind);
  put_path(w, &o->path);
  bw_i64(w, o->value);
  bw_str(w, o->text);
  put_paths(w, o->reads, o->nreads);
}

static void put_instr(byte_writer *w, const ir_instr *in) {
  bw_u64(w, in->op);
  put_loc(w, in->loc);
  bw_u64(w, in->has_dst);
  put_path(w, &in->dst);
  put_operand(w, &in->src);
  bw_str(w, in->callee);
  bw_str(w, in->spelled);
  bw_str(w, in->via_var);
  bw_str(w, in->via_init);
  bw_u64(w, in->nargs);
  for (unsigned i = 0; i < in->nargs; i++)
    put_operand(w, &in->args[i]);
  bw_u64(w, in->callee_in_system_header);
  bw_u64(w, in->const_args);
  bw_u64(w, in->noreturn);
  bw_i64(w, in->var);
  bw_u64(w, in->id);
}

static void put_term(byte_writer *w, const ir_term *t) {
  bw_u64(w, t->kind);
  put_loc(w, t->loc);
  bw_i64(w, t->succ[0]), bw_i64(w, t->succ[1]);
  const ir_cond *c = &t->cond;
  bw_u64(w, c->op);
  put_operand(w, &c->lhs);
  bw_u64(w, c->rhs_const);
  bw_i64(w, c->rhs);
  put_operand(w, &c->rhs_opd);
  bw_str(w, c->text);
  bw_str(w, c->display);
  bw_str(w, c->written);
  put_paths(w, c->reads, c->nreads);
  put_operand(w, &t->val);
  bw_u64(w, t->ncases);
  for (unsigned i = 0; i < t->ncases; i++)
    bw_i64(w, t->cases[i].value), bw_i64(w, t->cases[i].block);
  bw_i64(w, t->default_block);
  bw_u64(w, t->is_back_edge);
}

static void put_func(byte_writer *w, const ir_func *f) {
  bw_str(w, f->name);
  bw_str(w, f->unit_path);
  bw_u64(w, f->is_static);
  put_loc(w, f->loc);
  bw_u64(w, f->nvars);
  for (unsigned i = 0; i < f->nvars; i++) {
    const ir_var *v = &f->vars[i];
    bw_str(w, v->name);
    bw_u64(w, v->kind);
    bw_u64(w, v->is_pointer | v->is_scalar << 1 | v->is_ptr_to_ptr << 2 | v->is_unsigned << 3);
    bw_str(w, v->cleanup_fn);
    bw_i64(w, v->decl_loop);
    put_loc(w, v->loc);
  }
  bw_u64(w, f->nparams);
  bw_u64(w, f->nblocks);
  for (unsigned b = 0; b < f->nblocks; b++) {
    const ir_block *bl = &f->blocks[b];
    bw_u64(w, bl->ninstrs);
    for (unsigned i = 0; i < bl->ninstrs; i++)
      put_instr(w, &bl->instrs[i]);
    put_term(w, &bl->term);
    bw_i64(w, bl->loop);
    bw_u64(w, bl->npreds);
    for (unsigned i = 0; i < bl->npreds; i++)
      bw_u64(w, (uint64_t)bl->preds[i]);
    bw_u64(w, bl->reachable | bl->is_cleanup_label << 1);
    bw_str(w, bl->label);
  }
  bw_i64(w, f->entry);
  bw_u64(w, f->nloops);
  for (unsigned l = 0; l < f->nloops; l++) {
    const ir_loop *lp = &f->loops[l];
    bw_i64(w, lp->header);
    bw_i64(w, lp->parent);
    bw_u64(w, lp->depth);
    put_loc(w, lp->loc);
    bw_bytes(w, lp->blocks, f->nblocks);
  }
  bw_u64(w, f->ninstrs);
  bw_u64(w, f->returns_value | f->has_errors << 1 | f->summary_only << 2 | f->lock_annotated << 3);
}

void ir_encode_unit(byte_writer *w, const ir_unit *u) {
  bw_str(w, u->path);
  bw_u64(w, u->nfuncs);
  for (size_t i = 0; i < u->nfuncs; i++)
    put_func(w, u->funcs[i]);
}

/* --- decoding ------------------------------------------------------------ */

static ll_location get_loc(byte_reader *r) {
  ll_location l;
  l.path = br_str(r);
  l.line = (unsigned)br_u64(r), l.col = (unsigned)br_u64(r);
  l.end_line = (unsigned)br_u64(r), l.end_col = (unsigned)br_u64(r);
  return l;
}

/* A variable index (-1 for none) below nvars. */
static int get_index(byte_reader *r, unsigned n) {
  int64_t v = br_i64(r);
  if (v < -1 || v >= (int64_t)n) {
    r->failed = true;
    return -1;
  }
  return (int)v;
}

/* A path that is not there (an operand of another kind, a call without a
 * used result) is all zeros or var -1: its var names no variable. */
static ir_path get_path(byte_reader *r, const ir_func *f) {
  ir_path p;
  int64_t var = br_i64(r);
  p.text = br_str(r);
  p.via_memory = br_u64(r) != 0;
  if (var < -1 || (p.text ? var >= (int64_t)f->nvars : var > 0))
    r->failed = true;
  p.var = r->failed ? -1 : (int)var;
  return p;
}

static ir_path *get_paths(byte_reader *r, ir_func *f, unsigned *n) {
  *n = (unsigned)br_below(r, MAX_COUNT);
  if (!*n)
    return NULL;
  ir_path *p = arena_alloc(&f->arena, *n * sizeof *p);
  for (unsigned i = 0; i < *n; i++)
    p[i] = get_path(r, f);
  return p;
}

static void get_operand(byte_reader *r, ir_func *f, ir_operand *o) {
  o->kind = (opd_kind)br_below(r, OPD_STEP + 1);
  o->path = get_path(r, f);
  o->value = br_i64(r);
  o->text = br_str(r);
  o->reads = get_paths(r, f, &o->nreads);
}

static void get_instr(byte_reader *r, ir_func *f, ir_instr *in) {
  memset(in, 0, sizeof *in);
  in->op = (ir_op)br_below(r, I_SCOPE_END + 1);
  in->loc = get_loc(r);
  in->has_dst = br_u64(r) != 0;
  in->dst = get_path(r, f);
  get_operand(r, f, &in->src);
  in->callee = br_str(r);
  in->spelled = br_str(r);
  in->via_var = br_str(r);
  in->via_init = br_str(r);
  in->nargs = (unsigned)br_below(r, MAX_COUNT);
  if (in->nargs && !r->failed) {
    in->args = arena_alloc(&f->arena, in->nargs * sizeof *in->args);
    for (unsigned i = 0; i < in->nargs; i++)
      get_operand(r, f, &in->args[i]);
  } else {
    in->nargs = 0;
  }
  in->callee_in_system_header = br_u64(r) != 0;
  in->const_args = (uint32_t)br_u64(r);
  in->noreturn = br_u64(r) != 0;
  in->var = get_index(r, f->nvars);
  in->id = (unsigned)br_u64(r);
}

/* Block indices (-1 for none) below nblocks. */
static void get_term(byte_reader *r, ir_func *f, ir_term *t) {
  memset(t, 0, sizeof *t);
  t->kind = (term_kind)br_below(r, T_UNREACHABLE + 1);
  t->loc = get_loc(r);
  t->succ[0] = get_index(r, f->nblocks), t->succ[1] = get_index(r, f->nblocks);
  ir_cond *c = &t->cond;
  c->op = (cond_op)br_below(r, C_OPAQUE + 1);
  get_operand(r, f, &c->lhs);
  c->rhs_const = br_u64(r) != 0;
  c->rhs = br_i64(r);
  get_operand(r, f, &c->rhs_opd);
  c->text = br_str(r);
  c->display = br_str(r);
  c->written = br_str(r);
  c->reads = get_paths(r, f, &c->nreads);
  get_operand(r, f, &t->val);
  t->ncases = (unsigned)br_below(r, MAX_COUNT);
  if (t->ncases && !r->failed) {
    t->cases = arena_alloc(&f->arena, t->ncases * sizeof *t->cases);
    for (unsigned i = 0; i < t->ncases; i++) {
      t->cases[i].value = br_i64(r);
      t->cases[i].block = get_index(r, f->nblocks);
    }
  } else {
    t->ncases = 0;
  }
  t->default_block = get_index(r, f->nblocks);
  t->is_back_edge = br_u64(r) != 0;
}

static ir_func *get_func(byte_reader *r) {
  ir_func *f = xcalloc(1, sizeof *f);
  f->name = br_str(r);
  f->unit_path = br_str(r);
  f->is_static = br_u64(r) != 0;
  f->loc = get_loc(r);
  f->nvars = f->cap_vars = (unsigned)br_below(r, MAX_COUNT);
  f->vars = xcalloc(f->nvars ? f->nvars : 1, sizeof *f->vars);
  for (unsigned i = 0; i < f->nvars && !r->failed; i++) {
    ir_var *v = &f->vars[i];
    v->name = br_str(r);
    v->kind = (var_kind)br_below(r, VAR_TEMP + 1);
    uint64_t bits = br_u64(r);
    v->is_pointer = bits & 1, v->is_scalar = bits >> 1 & 1, v->is_ptr_to_ptr = bits >> 2 & 1;
    v->is_unsigned = bits >> 3 & 1;
    v->cleanup_fn = br_str(r);
    v->decl_loop = (int)br_i64(r); /* checked against nloops below */
    v->loc = get_loc(r);
  }
  f->nparams = (unsigned)br_below(r, (uint64_t)f->nvars + 1);
  /* Blocks are counted first so that terminators can check their targets. */
  f->nblocks = f->cap_blocks = (unsigned)br_below(r, MAX_COUNT);
  f->blocks = xcalloc(f->nblocks ? f->nblocks : 1, sizeof *f->blocks);
  for (unsigned b = 0; b < f->nblocks && !r->failed; b++) {
    ir_block *bl = &f->blocks[b];
    bl->ninstrs = bl->cap = (unsigned)br_below(r, MAX_COUNT);
    bl->instrs = bl->ninstrs ? xcalloc(bl->ninstrs, sizeof *bl->instrs) : NULL;
    for (unsigned i = 0; i < bl->ninstrs && !r->failed; i++)
      get_instr(r, f, &bl->instrs[i]);
    get_term(r, f, &bl->term);
    bl->loop = (int)br_i64(r);
    bl->npreds = (unsigned)br_below(r, MAX_COUNT); /* an edge may come twice */
    bl->preds = bl->npreds ? xcalloc(bl->npreds, sizeof *bl->preds) : NULL;
    for (unsigned i = 0; i < bl->npreds; i++)
      bl->preds[i] = (int)br_below(r, f->nblocks);
    uint64_t bits = br_u64(r);
    bl->reachable = bits & 1, bl->is_cleanup_label = bits >> 1 & 1;
    bl->label = br_str(r);
  }
  f->entry = get_index(r, f->nblocks);
  if (f->entry < 0)
    r->failed = true;
  f->nloops = (unsigned)br_below(r, MAX_COUNT);
  f->loops = xcalloc(f->nloops ? f->nloops : 1, sizeof *f->loops);
  for (unsigned l = 0; l < f->nloops && !r->failed; l++) {
    ir_loop *lp = &f->loops[l];
    lp->header = get_index(r, f->nblocks);
    lp->parent = get_index(r, f->nloops);
    lp->depth = (unsigned)br_u64(r);
    lp->loc = get_loc(r);
    lp->blocks = xcalloc(f->nblocks ? f->nblocks : 1, 1);
    br_bytes(r, lp->blocks, f->nblocks);
  }
  for (unsigned b = 0; b < f->nblocks; b++)
    if (f->blocks[b].loop < -1 || f->blocks[b].loop >= (int)f->nloops)
      r->failed = true;
  for (unsigned i = 0; i < f->nvars; i++)
    if (f->vars[i].decl_loop < -1 || f->vars[i].decl_loop >= (int)f->nloops)
      r->failed = true;
  f->ninstrs = (unsigned)br_u64(r);
  uint64_t bits = br_u64(r);
  f->returns_value = bits & 1, f->has_errors = bits >> 1 & 1;
  f->summary_only = bits >> 2 & 1, f->lock_annotated = bits >> 3 & 1;
  if (r->failed || !f->name || !f->unit_path) {
    r->failed = true;
    ir_func_free(f);
    return NULL;
  }
  return f;
}

ir_unit *ir_decode_unit(byte_reader *r) {
  ir_unit *u = xcalloc(1, sizeof *u);
  u->path = br_str(r);
  size_t n = (size_t)br_below(r, MAX_COUNT);
  for (size_t i = 0; i < n && !r->failed; i++) {
    ir_func *f = get_func(r);
    if (!f)
      break;
    LL_GROW(u->funcs, u->nfuncs, u->cap_funcs);
    u->funcs[u->nfuncs++] = f;
  }
  if (r->failed || !u->path) {
    r->failed = true;
    ir_unit_free(u);
    return NULL;
  }
  return u;
}
