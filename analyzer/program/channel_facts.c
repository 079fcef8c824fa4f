/* channel_facts.c - see channel_facts.h. */
#include "channel_facts.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "channel_infer.h"
#include "engine.h"
#include "util.h"

/* A function that waits on, or wakes, what its parameter arg points to. */
typedef struct helper {
  int fn;
  int arg;
  const api_fn *entry; /* the modelled call at the bottom */
} helper;

typedef struct helpers {
  helper *items;
  size_t n, cap;
} helpers;

static void add_helper(helpers *h, int fn, int arg, const api_fn *entry) {
  for (size_t i = 0; i < h->n; i++)
    if (h->items[i].fn == fn && h->items[i].entry->action == entry->action &&
        h->items[i].arg == arg)
      return;
  LL_GROW(h->items, h->n, h->cap);
  h->items[h->n++] = (helper){.fn = fn, .arg = arg, .entry = entry};
}

static void add_fact(channel_facts *cf, program_facts *pf, fact_kind kind, const char *function,
                     const char *subject, const char *via, ll_location loc) {
  unit_fact *f = xcalloc(1, sizeof *f);
  *f = (unit_fact){.kind = kind, .function = function, .subject = subject, .via = via, .loc = loc};
  LL_GROW(cf->items, cf->n, cf->cap);
  cf->items[cf->n++] = f;
  program_facts_add(pf, f);
}

/* The parameter whose pointee key is ("*c": c), or -1. */
static int pointee_param(const ir_func *f, const char *key) {
  int arg = -1;
  const char *field = key && key[0] == '*' ? engine_param_relative(f, key, &arg) : NULL;
  return field && !*field ? arg : -1;
}

static bool judged(const api_fn *e) {
  return e->model && e->model->kind == MODEL_CHANNEL && !e->model->two_ended &&
         ((e->action == ACT_WAIT && !e->timed) || e->action == ACT_WAKE);
}

/* The modelled waits and wakes of a parameter's pointee. */
static void seed(helpers *h, const fn_index *ix, const model_set *models) {
  for (size_t k = 0; k < ix->n; k++) {
    const ir_func *f = ix->fns[k];
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
        const ir_instr *in = &f->blocks[b].instrs[i];
        const api_fn *const *e = in->op == I_CALL ? model_lookup(models, in->callee) : NULL;
        for (; e && *e; e++) {
          int p = judged(*e) ? pointee_param(f, channel_key(in, *e)) : -1;
          if (p >= 0)
            add_helper(h, (int)k, p, *e);
        }
      }
  }
}

static bool address_taken(const program_facts *pf, const char *name) {
  return program_facts_find(pf, FACT_ADDRESS_TAKEN, intern(name)) != NULL;
}

/* A send that blocks once the channel is full: a pipe's write, a send
 * waiting for its receiver, a push to a channel made with a capacity; not
 * a close, a timed send, a post of a semaphore (a count, never full) or a
 * push to an unbounded queue. */
static bool may_fill(const model_set *models, const ir_instr *in, const api_fn *e) {
  if (e->action != ACT_WAKE || e->closes || e->timed ||
      !(e->model->two_ended || e->blocks || e->model->buffered))
    return false;
  for (const api_fn *const *c = model_lookup(models, in->callee); c && *c; c++)
    if ((*c)->model && (*c)->model->kind == MODEL_COUNTER)
      return false;
  return true;
}

/* Whether operand o is written with O_NONBLOCK (alone, or or-ed in), or
 * is a constant holding its bit. */
static bool says_nonblock(const ir_operand *o) {
  if (o->kind == OPD_CONST)
    return (o->text && strstr(o->text, "O_NONBLOCK")) || (o->value & O_NONBLOCK);
  return o->kind == OPD_OTHER && o->text && strstr(o->text, "O_NONBLOCK");
}

static bool is_setfl(const ir_instr *in) {
  for (unsigned a = 0; a < in->nargs; a++)
    if (in->args[a].kind == OPD_CONST && in->args[a].text &&
        strcmp(in->args[a].text, "F_SETFL") == 0)
      return true;
  return false;
}

/* pipe2(): a two-ended channel's acquire, whose flags may say O_NONBLOCK. */
static bool makes_pipe(const model_set *models, const ir_instr *in) {
  for (const api_fn *const *e = model_lookup(models, in->callee); e && *e; e++)
    if ((*e)->action == ACT_ACQUIRE && (*e)->model && (*e)->model->two_ended)
      return true;
  return false;
}

/* The channel a call makes non-blocking: pipe2(p->fds, O_NONBLOCK),
 * fcntl(p->fds[1], F_SETFL, fl | O_NONBLOCK): named as channel_name()
 * names a pipe ("fds").  An F_SETFL whose flags are an expression the IR
 * keeps no text of (fl | O_NONBLOCK) counts: setting a pipe's flags is
 * almost always making it non-blocking, and it silences only. */
static void nonblocking_fact(channel_facts *cf, program_facts *pf, const model_set *models,
                             const ir_func *f, const ir_instr *in) {
  static const api_model plain = {.kind = MODEL_CHANNEL};
  bool setfl = is_setfl(in), nonblock = false;
  if (!setfl && !makes_pipe(models, in))
    return;
  for (unsigned a = 1; a < in->nargs; a++)
    nonblock |= says_nonblock(&in->args[a]) || (setfl && in->args[a].kind == OPD_OTHER);
  const ir_operand *o = in->nargs ? &in->args[0] : NULL;
  const char *name = nonblock && o && (o->kind == OPD_PATH || o->kind == OPD_ADDR) && o->path.text
                         ? channel_name(o->path.text, &plain)
                         : NULL;
  if (name)
    add_fact(cf, pf, FACT_NONBLOCKING, f->name, name, in->callee, in->loc);
}

/* Who sends on which channel in a loop, or once, with a send that may
 * fill it; who makes a pipe non-blocking; which routines run in a pool.  A consumer that stops
 * early strands the first (blocked-channel). */
static void send_facts(channel_facts *cf, const fn_index *ix, const model_set *models,
                       program_facts *pf) {
  for (size_t k = 0; k < ix->n; k++) {
    const ir_func *f = ix->fns[k];
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
        const ir_instr *in = &f->blocks[b].instrs[i];
        if (in->op != I_CALL || !in->callee)
          continue;
        nonblocking_fact(cf, pf, models, f, in);
        for (const api_fn *const *e = model_lookup(models, in->callee); e && *e; e++) {
          if ((*e)->action == ACT_ACQUIRE && (*e)->model && (*e)->model->kind == MODEL_THREAD &&
              f->blocks[b].loop >= 0)
            for (unsigned a = 0; a < in->nargs; a++)
              if (in->args[a].kind == OPD_FUNC)
                add_fact(cf, pf, FACT_POOL, f->name, in->args[a].text, in->callee, in->loc);
          const char *name = (*e)->model && (*e)->model->kind == MODEL_CHANNEL
                                 ? channel_name(channel_key(in, *e), (*e)->model)
                                 : NULL;
          if (name && may_fill(models, in, *e))
            add_fact(cf, pf, f->blocks[b].loop >= 0 ? FACT_SENDS_LOOPED : FACT_SENDS_ONCE, f->name,
                     name, in->callee, in->loc);
        }
      }
  }
}

/* The channel entries of a call before the walk: the models', then those
 * of a helper that waits on or wakes its parameter's pointee (seeded and
 * settled above), as channel_infer() asks. */
typedef struct call_entries {
  const model_set *models;
  const fn_index *ix;
  const helpers *h;
  api_fn probes[4];
  const api_fn *list[5];
} call_entries;

static void link_entries(void *ctx, const ir_instr *in, const api_fn *const *lists[2]) {
  call_entries *ce = ctx;
  lists[0] = in->callee ? model_lookup(ce->models, in->callee) : NULL;
  unsigned n = 0;
  for (size_t i = 0; in->callee && i < ce->h->n && n < 4; i++) {
    const helper *hw = &ce->h->items[i];
    if (strcmp(ce->ix->fns[hw->fn]->name, in->callee) != 0)
      continue;
    ce->probes[n] = *hw->entry;
    ce->probes[n].handle = (handle_spec){.where = HANDLE_ARG, .arg = hw->arg, .count = 1};
    ce->probes[n].handle_field = NULL;
    ce->list[n] = &ce->probes[n];
    n++;
  }
  ce->list[n] = NULL;
  lists[1] = n ? ce->list : NULL;
}

/* The call sites of a function inferred to send on, receive from or
 * close a project's queue (channel_infer.h) are those facts of the
 * channel in their callers. */
static void inferred_facts(channel_facts *cf, const fn_index *ix, const model_set *models,
                           const helpers *h, program_facts *pf) {
  call_entries ce = {.models = models, .ix = ix, .h = h};
  for (size_t k = 0; k < ix->n; k++) {
    chan_op ops[CHAN_INFER_MAX];
    unsigned n = channel_infer(ix->fns[k], link_entries, &ce, ops);
    for (unsigned o = 0; o < n; o++) {
      LL_GROW(cf->ops, cf->nops, cf->cap_ops);
      cf->ops[cf->nops++] = (inferred_op){.fn = ix->fns[k]->name, .op = ops[o]};
      if (ops[o].kind != CHAN_OP_NONE)
        add_fact(cf, pf, FACT_QUEUE_OP, ix->fns[k]->name, ops[o].name, NULL, ix->fns[k]->loc);
      for (unsigned s = 0; ix->sites && ops[o].kind != CHAN_OP_NONE && s < ix->nsites[k]; s++) {
        const call_site *cs = &ix->sites[k][s];
        const ir_func *g = ix->fns[cs->caller];
        const ir_instr *in = &g->blocks[cs->block].instrs[cs->instr];
        api_fn probe = *ops[o].via;
        probe.handle = (handle_spec){.where = HANDLE_ARG, .arg = ops[o].arg, .count = 1};
        probe.handle_field = ops[o].field;
        const char *name = channel_queue_name(channel_key(in, &probe)), *fn = ix->fns[k]->name;
        if (!name)
          continue;
        add_fact(cf, pf, ops[o].kind == CHAN_OP_RECV ? FACT_WAITS : FACT_WAKES, g->name, name, fn,
                 in->loc);
        if (ops[o].kind == CHAN_OP_SEND && ops[o].blocks)
          add_fact(cf, pf, g->blocks[cs->block].loop >= 0 ? FACT_SENDS_LOOPED : FACT_SENDS_ONCE,
                   g->name, name, fn, in->loc);
      }
    }
  }
}

void channel_facts_notes(const channel_facts *cf, ll_report *report) {
  for (size_t i = 0; i < cf->nops; i++)
    report_add_note(report, NOTE_INFO, cf->ops[i].op.at, "blocked-channel: '%s' on '%s': %s",
                    cf->ops[i].fn, cf->ops[i].op.name, cf->ops[i].op.why);
}

void channel_facts_link(channel_facts *cf, const fn_index *ix, const model_set *models,
                        program_facts *pf) {
  send_facts(cf, ix, models, pf);
  helpers h = {0};
  seed(&h, ix, models);
  for (size_t w = 0; w < h.n; w++) { /* h grows as helpers of helpers are found */
    helper hw = h.items[w];
    fact_kind kind = hw.entry->action == ACT_WAIT ? FACT_WAITS : FACT_WAKES;
    const ir_func *hf = ix->fns[hw.fn];
    if (kind == FACT_WAKES && address_taken(pf, hf->name))
      add_fact(cf, pf, kind, hf->name, channel_any(hw.entry->model), hf->name, hf->loc);
    api_fn probe = *hw.entry;
    probe.handle = (handle_spec){.where = HANDLE_ARG, .arg = hw.arg, .count = 1};
    probe.handle_field = NULL;
    for (unsigned s = 0; ix->sites && s < ix->nsites[hw.fn]; s++) {
      const call_site *cs = &ix->sites[hw.fn][s];
      const ir_func *g = ix->fns[cs->caller];
      const ir_instr *in = &g->blocks[cs->block].instrs[cs->instr];
      const char *key = channel_key(in, &probe);
      const char *name = channel_name(key, hw.entry->model);
      int p = name ? -1 : pointee_param(g, key);
      if (name)
        add_fact(cf, pf, kind, g->name, name, hf->name, in->loc);
      else if (p >= 0)
        add_helper(&h, cs->caller, p, hw.entry);
      else if (kind == FACT_WAKES)
        add_fact(cf, pf, kind, g->name, channel_any(hw.entry->model), hf->name, in->loc);
    }
  }
  inferred_facts(cf, ix, models, &h, pf);
  free(h.items);
}

void channel_facts_free(channel_facts *cf) {
  for (size_t i = 0; i < cf->n; i++)
    free(cf->items[i]);
  free(cf->items);
  free(cf->ops);
  *cf = (channel_facts){0};
}
