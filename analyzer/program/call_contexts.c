/* call_contexts.c - see call_contexts.h. */
#include "call_contexts.h"

#include <stdlib.h>
#include <string.h>

#include "key_set.h"
#include "util.h"

enum {
  MAX_CONTEXTS = 8, /* distinct argument sets walked; more: walk plainly */
  MAX_PARAMS = 32,  /* parameters a context can bind */
  MAX_CALLER_DEPTH = 3 /* returns followed up through callers */,
  MAX_NODES = 4096, /* blocks visited per question */
  MAX_TRACKED = 4   /* names the call's result is copied to */
};

bool call_contexts_known(const call_contexts *cc, int fn) {
  const ir_func *f = cc->ix->fns[fn];
  if (!cc->ix->nsites[fn] || strcmp(f->name, "main") == 0)
    return false;
  if (!f->is_static && !cc->ix->has_main)
    return false; /* a library's function: its callers are its users */
  return program_facts_find(cc->facts, FACT_ADDRESS_TAKEN, f->name) == NULL;
}

/* --- does the caller end the process after the call? ------------------- */

typedef struct exit_query {
  const call_contexts *cc;
  const ir_func *g;
  bool known; /* the call's result is the constant value */
  long long value;
  unsigned depth, nodes;
  /* per block: reached when the call returns anything else (1), or being
   * walked for this return (2) */
  uint8_t *mark;
} exit_query;

static bool callers_exit_after(const call_contexts *cc, int fn, bool known, long long value,
                               unsigned depth);

static bool tracked(const char *const *names, unsigned n, const char *p) {
  for (unsigned i = 0; i < n; i++)
    if (names[i] == p)
      return true;
  return false;
}

static bool ends_process(const exit_query *q, const ir_instr *in) {
  return in->noreturn ||
         (in->callee && summary_returns(q->cc->sums, q->g->unit_path, in->callee) == RETURNS_NEVER);
}

/* Runs block b from instruction i: whether it ends the process (1), leaves
 * the block (0), or returns (-1); names follow copies of the result. */
static int run_block(const exit_query *q, int b, unsigned i, const char **names, unsigned *n) {
  const ir_block *bl = &q->g->blocks[b];
  for (; i < bl->ninstrs; i++) {
    const ir_instr *in = &bl->instrs[i];
    if (in->op == I_CALL && ends_process(q, in))
      return 1;
    if (!in->has_dst)
      continue;
    bool copy =
        in->op == I_ASSIGN && in->src.kind == OPD_PATH && tracked(names, *n, in->src.path.text);
    for (unsigned k = 0; k < *n; k++)
      if (names[k] == in->dst.text)
        names[k--] = names[--*n];
    if (copy && *n < MAX_TRACKED)
      names[(*n)++] = in->dst.text;
  }
  if (bl->term.kind == T_UNREACHABLE)
    return 1;
  return bl->term.kind == T_RETURN ? -1 : 0;
}

/* The successors of b's terminator that the result allows: those its value
 * leads to (mine), or those any other value leads to (!mine). */
static unsigned allowed_successors(const exit_query *q, const ir_term *t, const char *const *names,
                                   unsigned n, bool mine, int *out) {
  unsigned k = 0;
  if (t->kind == T_GOTO) {
    out[k++] = t->succ[0];
  } else if (t->kind == T_BRANCH) {
    const ir_cond *c = &t->cond;
    if (q->known && c->lhs.kind == OPD_PATH && tracked(names, n, c->lhs.path.text) &&
        (c->rhs_const || c->op == C_TRUTH)) {
      bool dir = ir_compare(c->op, q->value, c->rhs);
      out[k++] = t->succ[dir == mine ? 0 : 1];
    } else {
      out[k++] = t->succ[0], out[k++] = t->succ[1];
    }
  } else if (t->kind == T_SWITCH) {
    bool on_result = q->known && t->val.kind == OPD_PATH && tracked(names, n, t->val.path.text);
    int chosen = t->default_block;
    for (unsigned j = 0; on_result && j < t->ncases; j++)
      if (t->cases[j].value == q->value)
        chosen = t->cases[j].block;
    for (unsigned j = 0; j <= t->ncases; j++) {
      int s = j < t->ncases ? t->cases[j].block : t->default_block;
      if (!on_result || (s == chosen) == mine)
        out[k++] = s;
    }
  }
  return k;
}

/* Marks every block reached when the call returns another value. */
static void mark_others(exit_query *q, int b, unsigned i, const char **names, unsigned n) {
  if (++q->nodes > MAX_NODES)
    return;
  const char *mine[MAX_TRACKED];
  memcpy(mine, names, n * sizeof *names);
  if (run_block(q, b, i, mine, &n) != 0)
    return;
  const ir_term *t = &q->g->blocks[b].term;
  int *succ = xmalloc((t->kind == T_SWITCH ? t->ncases + 1 : 2) * sizeof *succ);
  unsigned ns = allowed_successors(q, t, mine, n, false, succ);
  for (unsigned k = 0; k < ns; k++)
    if (succ[k] >= 0 && !q->mark[succ[k]]) {
      q->mark[succ[k]] = 1;
      mark_others(q, succ[k], 0, mine, n);
    }
  free(succ);
}

/* Whether every path from instruction i of block b, as this return value
 * leads it, ends the process before it meets the paths of other values
 * (a failure answered by exit(1), not one logged and gone past). */
static bool exits_from(exit_query *q, int b, unsigned i, const char **names, unsigned n) {
  if (++q->nodes > MAX_NODES)
    return false;
  const char *mine[MAX_TRACKED];
  memcpy(mine, names, n * sizeof *names);
  int end = run_block(q, b, i, mine, &n);
  if (end > 0)
    return true;
  const ir_term *t = &q->g->blocks[b].term;
  if (end < 0) {
    if (strcmp(q->g->name, "main") == 0 && !q->g->is_static)
      return true;
    int self = fn_index_get(q->cc->ix, q->g->unit_path, q->g->name);
    if (q->depth + 1 >= MAX_CALLER_DEPTH || self < 0 || !call_contexts_known(q->cc, self))
      return false;
    bool known = false;
    long long v = 0;
    if (t->val.kind == OPD_CONST)
      known = true, v = t->val.value;
    else if (q->known && t->val.kind == OPD_PATH && tracked(mine, n, t->val.path.text))
      known = true, v = q->value;
    return callers_exit_after(q->cc, self, known, v, q->depth + 1);
  }
  int *succ = xmalloc((t->kind == T_SWITCH ? t->ncases + 1 : 2) * sizeof *succ);
  unsigned ns = allowed_successors(q, t, mine, n, true, succ);
  bool all = ns > 0;
  for (unsigned k = 0; k < ns && all; k++) {
    int s = succ[k];
    if (s < 0 || q->mark[s]) { /* merged with the other values' paths, or a loop */
      all = false;
      break;
    }
    q->mark[s] = 2;
    all = exits_from(q, s, 0, mine, n);
    q->mark[s] = 0;
  }
  free(succ);
  return all;
}

static bool exits_after_call(const call_contexts *cc, const call_site *site, bool known,
                             long long value, unsigned depth) {
  const ir_func *g = cc->ix->fns[site->caller];
  const ir_instr *in = &g->blocks[site->block].instrs[site->instr];
  exit_query q = {.cc = cc, .g = g, .known = known, .value = value, .depth = depth};
  q.mark = xcalloc(g->nblocks ? g->nblocks : 1, 1);
  const char *names[1];
  unsigned n = 0;
  if (in->has_dst)
    names[n++] = in->dst.text;
  mark_others(&q, site->block, site->instr + 1, names, n);
  bool complete = q.nodes <= MAX_NODES; /* else some other path went unmarked */
  q.nodes = 0;
  bool e = complete && exits_from(&q, site->block, site->instr + 1, names, n);
  free(q.mark);
  return e;
}

static bool callers_exit_after(const call_contexts *cc, int fn, bool known, long long value,
                               unsigned depth) {
  for (unsigned k = 0; k < cc->ix->nsites[fn]; k++)
    if (!exits_after_call(cc, &cc->ix->sites[fn][k], known, value, depth))
      return false;
  return true;
}

/* --- contexts ------------------------------------------------------------ */

typedef struct context {
  bool known[MAX_PARAMS];
  long long value[MAX_PARAMS];
  const call_contexts *cc;
  const call_site **sites;
  unsigned nsites, cap_sites;
} context;

static bool group_exits(void *cookie, bool known, long long value) {
  const context *x = cookie;
  for (unsigned k = 0; k < x->nsites; k++)
    if (!exits_after_call(x->cc, x->sites[k], known, value, 0))
      return false;
  return true;
}

static void context_of(const ir_func *f, const ir_instr *in, context *x) {
  memset(x->known, 0, sizeof x->known);
  memset(x->value, 0, sizeof x->value);
  for (unsigned i = 0; i < f->nparams && i < in->nargs && i < MAX_PARAMS; i++)
    if (in->args[i].kind == OPD_CONST && f->vars[i].is_scalar)
      x->known[i] = true, x->value[i] = in->args[i].value;
}

static bool same_context(const context *a, const context *b) {
  for (unsigned i = 0; i < MAX_PARAMS; i++)
    if (a->known[i] != b->known[i] || (a->known[i] && a->value[i] != b->value[i]))
      return false;
  return true;
}

typedef struct dedupe_sink {
  engine_sink sink;
  void *ctx;
  key_set seen;
} dedupe_sink;

static void deliver_once(const engine_event *ev, void *data) {
  dedupe_sink *d = data;
  char *k = xasprintf("%d|%s:%u:%u|%s:%u:%u|%s", (int)ev->kind,
                      ev->acquired_at.path ? ev->acquired_at.path : "", ev->acquired_at.line,
                      ev->acquired_at.col, ev->at.path ? ev->at.path : "", ev->at.line, ev->at.col,
                      ev->handle ? ev->handle : "");
  const char *key = intern(k);
  free(k);
  if (key_in(&d->seen, key))
    return;
  key_add(&d->seen, key);
  d->sink(ev, d->ctx);
}

unsigned call_contexts_walk(const call_contexts *cc, int fn, const engine_options *base,
                            engine_sink sink, void *ctx) {
  const ir_func *f = cc->ix->fns[fn];
  context *xs = xcalloc(MAX_CONTEXTS, sizeof *xs);
  unsigned nx = 0;
  bool too_many = false;
  for (unsigned k = 0; k < cc->ix->nsites[fn] && !too_many; k++) {
    const call_site *site = &cc->ix->sites[fn][k];
    const ir_func *g = cc->ix->fns[site->caller];
    context probe = {0};
    context_of(f, &g->blocks[site->block].instrs[site->instr], &probe);
    unsigned j = 0;
    while (j < nx && !same_context(&xs[j], &probe))
      j++;
    if (j == nx) {
      if (nx == MAX_CONTEXTS) {
        too_many = true;
        break;
      }
      xs[nx] = probe;
      xs[nx++].cc = cc;
    }
    LL_GROW(xs[j].sites, xs[j].nsites, xs[j].cap_sites);
    xs[j].sites[xs[j].nsites++] = site;
  }
  dedupe_sink d = {.sink = sink, .ctx = ctx};
  for (unsigned j = 0; j < nx && !too_many; j++) {
    engine_context ec = {.nparams = f->nparams < MAX_PARAMS ? f->nparams : MAX_PARAMS,
                         .param_known = xs[j].known,
                         .param_value = xs[j].value,
                         .return_ends_process = group_exits,
                         .cookie = &xs[j]};
    engine_options eo = *base;
    eo.summary_written = true;
    eo.context = &ec;
    engine_run(f, &eo, deliver_once, &d);
  }
  for (unsigned j = 0; j < nx; j++)
    free(xs[j].sites);
  free(xs);
  key_set_free(&d.seen);
  return too_many ? 0 : nx;
}
