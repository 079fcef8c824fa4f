/* call_contexts.c - see call_contexts.h. */
#include "call_contexts.h"

#include <stdlib.h>
#include <string.h>

#include "key_set.h"
#include "util.h"

enum {
  MAX_CONTEXTS = 8, /* distinct argument sets walked; more: walk plainly */
  MAX_PARAMS = 32,  /* parameters a context can bind */
};

bool call_contexts_known(const call_contexts *cc, int fn) {
  const ir_func *f = cc->ix->fns[fn];
  if (!cc->ix->nsites[fn] || strcmp(f->name, "main") == 0)
    return false;
  if (!f->is_static && !cc->ix->has_main)
    return false; /* a library's function: its callers are its users */
  return program_facts_find(cc->facts, FACT_ADDRESS_TAKEN, f->name) == NULL;
}

/* --- contexts ------------------------------------------------------------ */

typedef struct context {
  bool known[MAX_PARAMS];
  long long value[MAX_PARAMS];
} context;

/* x (zeroed): the constants the call in passes to f's scalar parameters */
static void context_of(const ir_func *f, const ir_instr *in, context *x) {
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
  context xs[MAX_CONTEXTS];
  unsigned nx = 0;
  for (unsigned k = 0; k < cc->ix->nsites[fn]; k++) {
    const call_site *site = &cc->ix->sites[fn][k];
    const ir_func *g = cc->ix->fns[site->caller];
    context probe = {0};
    context_of(f, &g->blocks[site->block].instrs[site->instr], &probe);
    unsigned j = 0;
    while (j < nx && !same_context(&xs[j], &probe))
      j++;
    if (j < nx)
      continue;
    if (nx == MAX_CONTEXTS)
      return 0; /* too many to walk */
    xs[nx++] = probe;
  }
  dedupe_sink d = {.sink = sink, .ctx = ctx};
  for (unsigned j = 0; j < nx; j++) {
    engine_context ec = {.nparams = f->nparams < MAX_PARAMS ? f->nparams : MAX_PARAMS,
                         .param_known = xs[j].known,
                         .param_value = xs[j].value};
    engine_options eo = *base;
    eo.summary_written = true;
    eo.context = &ec;
    engine_run(f, &eo, deliver_once, &d);
  }
  key_set_free(&d.seen);
  return nx;
}
