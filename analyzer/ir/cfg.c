/* cfg.c - predecessors, reachability, dominators and natural loops. */
#include "cfg.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

unsigned cfg_succs(const ir_func *f, int b, int *out, unsigned max) {
  const ir_term *t = &f->blocks[b].term;
  unsigned n = 0;
  switch (t->kind) {
  case T_GOTO:
    out[n++] = t->succ[0];
    break;
  case T_BRANCH:
    out[n++] = t->succ[0];
    if (max > 1)
      out[n++] = t->succ[1];
    break;
  case T_SWITCH:
    for (unsigned i = 0; i < t->ncases && n + 1 < max; i++)
      out[n++] = t->cases[i].block;
    out[n++] = t->default_block;
    break;
  default:
    break;
  }
  return n;
}

enum { MAX_SUCCS = 1024 };

void cfg_reach(const ir_func *f, uint8_t *set, int *work, unsigned n, int avoid) {
  int succ[MAX_SUCCS];
  while (n) {
    int b = work[--n];
    unsigned ns = cfg_succs(f, b, succ, MAX_SUCCS);
    for (unsigned i = 0; i < ns; i++)
      if (succ[i] >= 0 && !set[succ[i]] && !cfg_in_loop(f, succ[i], avoid)) {
        set[succ[i]] = 1;
        work[n++] = succ[i];
      }
  }
}

static void add_pred(ir_block *b, int p) {
  for (unsigned i = 0; i < b->npreds; i++)
    if (b->preds[i] == p)
      return;
  b->preds = xrealloc(b->preds, (b->npreds + 1) * sizeof *b->preds);
  b->preds[b->npreds++] = p;
}

/* Depth-first order from the entry; fills rpo (reverse postorder). */
static unsigned order_blocks(ir_func *f, int *rpo) {
  unsigned n = f->nblocks, count = 0;
  int *stack = xmalloc(n * 2 * sizeof *stack);
  unsigned *next = xcalloc(n, sizeof *next);
  int succ[MAX_SUCCS];
  unsigned sp = 0;
  int *post = xmalloc(n * sizeof *post);
  stack[sp++] = f->entry;
  f->blocks[f->entry].reachable = true;
  while (sp) {
    int b = stack[sp - 1];
    unsigned ns = cfg_succs(f, b, succ, MAX_SUCCS);
    if (next[b] < ns) {
      int s = succ[next[b]++];
      if (s >= 0 && !f->blocks[s].reachable) {
        f->blocks[s].reachable = true;
        stack[sp++] = s;
      }
    } else {
      post[count++] = b;
      sp--;
    }
  }
  for (unsigned i = 0; i < count; i++)
    rpo[i] = post[count - 1 - i];
  free(stack);
  free(next);
  free(post);
  return count;
}

static int intersect(const int *idom, const int *rpo_index, int a, int b) {
  while (a != b) {
    while (rpo_index[a] > rpo_index[b])
      a = idom[a];
    while (rpo_index[b] > rpo_index[a])
      b = idom[b];
  }
  return a;
}

/* Cooper, Harvey and Kennedy's iterative dominators. */
static int *dominators(ir_func *f, const int *rpo, unsigned count) {
  int *idom = xmalloc(f->nblocks * sizeof *idom);
  int *rpo_index = xmalloc(f->nblocks * sizeof *rpo_index);
  for (unsigned i = 0; i < f->nblocks; i++)
    idom[i] = -1, rpo_index[i] = -1;
  for (unsigned i = 0; i < count; i++)
    rpo_index[rpo[i]] = (int)i;
  idom[f->entry] = f->entry;
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned i = 1; i < count; i++) {
      int b = rpo[i], nd = -1;
      for (unsigned p = 0; p < f->blocks[b].npreds; p++) {
        int pr = f->blocks[b].preds[p];
        if (idom[pr] < 0)
          continue;
        nd = nd < 0 ? pr : intersect(idom, rpo_index, pr, nd);
      }
      if (nd >= 0 && idom[b] != nd) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  free(rpo_index);
  return idom;
}

static bool dominates(const int *idom, int a, int b) {
  for (;;) {
    if (a == b)
      return true;
    if (idom[b] == b || idom[b] < 0)
      return false;
    b = idom[b];
  }
}

static int loop_for_header(ir_func *f, int h) {
  for (unsigned i = 0; i < f->nloops; i++)
    if (f->loops[i].header == h)
      return (int)i;
  f->loops = xrealloc(f->loops, (f->nloops + 1) * sizeof *f->loops);
  ir_loop *l = &f->loops[f->nloops];
  memset(l, 0, sizeof *l);
  l->header = h;
  l->parent = -1;
  l->blocks = xcalloc(f->nblocks, 1);
  l->blocks[h] = 1;
  const ir_block *hb = &f->blocks[h];
  l->loc = hb->ninstrs ? hb->instrs[0].loc : hb->term.loc;
  return (int)f->nloops++;
}

/* The natural loop of back edge tail -> header: blocks reaching tail
 * without passing the header. */
static void add_natural_loop(ir_func *f, int header, int tail) {
  int idx = loop_for_header(f, header); /* may move f->loops */
  ir_loop *l = &f->loops[idx];
  int *work = xmalloc(f->nblocks * sizeof *work);
  unsigned n = 0;
  if (!l->blocks[tail]) {
    l->blocks[tail] = 1;
    work[n++] = tail;
  }
  while (n) {
    int b = work[--n];
    for (unsigned p = 0; p < f->blocks[b].npreds; p++) {
      int pr = f->blocks[b].preds[p];
      if (!l->blocks[pr] && f->blocks[pr].reachable) {
        l->blocks[pr] = 1;
        work[n++] = pr;
      }
    }
  }
  free(work);
}

static unsigned loop_size(const ir_func *f, const ir_loop *l) {
  unsigned n = 0;
  for (unsigned b = 0; b < f->nblocks; b++)
    n += l->blocks[b];
  return n;
}

static void nest_loops(ir_func *f) {
  unsigned *size = xmalloc((f->nloops + 1) * sizeof *size);
  for (unsigned i = 0; i < f->nloops; i++)
    size[i] = loop_size(f, &f->loops[i]);
  for (unsigned i = 0; i < f->nloops; i++) {
    int best = -1;
    for (unsigned j = 0; j < f->nloops; j++)
      if (j != i && f->loops[j].blocks[f->loops[i].header] && size[j] > size[i] &&
          (best < 0 || size[j] < size[best]))
        best = (int)j;
    f->loops[i].parent = best;
  }
  for (unsigned b = 0; b < f->nblocks; b++) {
    int best = -1;
    for (unsigned j = 0; j < f->nloops; j++)
      if (f->loops[j].blocks[b] && (best < 0 || size[j] < size[best]))
        best = (int)j;
    f->blocks[b].loop = best;
  }
  for (unsigned i = 0; i < f->nloops; i++) {
    unsigned d = 1;
    for (int p = f->loops[i].parent; p >= 0; p = f->loops[p].parent)
      d++;
    f->loops[i].depth = d;
  }
  free(size);
}

void cfg_finish(ir_func *f) {
  int *rpo = xmalloc(f->nblocks * sizeof *rpo);
  unsigned count = order_blocks(f, rpo);
  int succ[MAX_SUCCS];
  for (unsigned i = 0; i < count; i++) {
    int b = rpo[i];
    unsigned ns = cfg_succs(f, b, succ, MAX_SUCCS);
    for (unsigned s = 0; s < ns; s++)
      if (succ[s] >= 0)
        add_pred(&f->blocks[succ[s]], b);
  }
  int *idom = dominators(f, rpo, count);
  for (unsigned i = 0; i < count; i++) {
    int b = rpo[i];
    unsigned ns = cfg_succs(f, b, succ, MAX_SUCCS);
    for (unsigned s = 0; s < ns; s++)
      if (succ[s] >= 0 && dominates(idom, succ[s], b)) {
        add_natural_loop(f, succ[s], b);
        if (f->blocks[b].term.kind == T_GOTO)
          f->blocks[b].term.is_back_edge = true;
      }
  }
  nest_loops(f);
  /* Variables recorded the block of their declaration; keep its loop. */
  for (unsigned v = 0; v < f->nvars; v++) {
    if (f->vars[v].kind == VAR_LOCAL || f->vars[v].kind == VAR_STATIC) {
      int b = f->vars[v].decl_loop;
      f->vars[v].decl_loop = b >= 0 && (unsigned)b < f->nblocks ? f->blocks[b].loop : -1;
    } else {
      f->vars[v].decl_loop = -1;
    }
  }
  free(idom);
  free(rpo);
}
