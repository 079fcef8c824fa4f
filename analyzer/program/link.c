/* link.c - see link.h.  Functions are analysed callees first, over the
 * call graph of all units together, so that each caller sees the
 * summaries of the helpers it calls wherever they are defined. */
#include "link.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "call_contexts.h"
#include "channel_facts.h"
#include "check.h"
#include "engine.h"
#include "fn_index.h"
#include "key_set.h"
#include "linkage.h"
#include "summaries.h"
#include "util.h"

/* Calls through a file-scope function pointer: to the function its
 * initializer names when no unit stores into the pointer (static void
 * *(*alloc_fn)(size_t) = malloc), else by the pointer's own name, which a
 * rules file may model (Curl_cmalloc). */
static void resolve_pointer_calls(unit_artifact *const *units, size_t nunits,
                                  const program_facts *facts) {
  for (size_t u = 0; u < nunits; u++)
    for (size_t i = 0; i < units[u]->ir->nfuncs; i++) {
      ir_func *f = units[u]->ir->funcs[i];
      for (unsigned b = 0; b < f->nblocks; b++)
        for (unsigned k = 0; k < f->blocks[b].ninstrs; k++) {
          ir_instr *in = &f->blocks[b].instrs[k];
          if (in->op != I_CALL || in->callee || !in->via_var)
            continue;
          bool written = program_facts_find(facts, FACT_GLOBAL_WRITTEN, in->via_var) != NULL;
          in->callee = !written && in->via_init ? in->via_init : in->via_var;
        }
    }
}

/* Post-order over the call graph, iteratively (deep call chains exist). */
static int *bottom_up_order(const fn_index *ix) {
  int *order = xmalloc((ix->n ? ix->n : 1) * sizeof *order);
  uint8_t *mark = xcalloc(ix->n ? ix->n : 1, 1);
  typedef struct frame {
    int fn;
    unsigned block, instr;
  } frame;
  frame *stack = xmalloc((ix->n ? ix->n : 1) * sizeof *stack);
  size_t norder = 0;
  for (size_t root = 0; root < ix->n; root++) {
    if (mark[root])
      continue;
    size_t sp = 0;
    stack[sp++] = (frame){.fn = (int)root};
    mark[root] = 1;
    while (sp) {
      frame *fr = &stack[sp - 1];
      const ir_func *f = ix->fns[fr->fn];
      int next = -1;
      while (next < 0 && fr->block < f->nblocks) {
        const ir_block *b = &f->blocks[fr->block];
        if (fr->instr >= b->ninstrs) {
          fr->block++, fr->instr = 0;
          continue;
        }
        const ir_instr *in = &b->instrs[fr->instr++];
        if (in->op != I_CALL)
          continue;
        /* The callee, and callbacks passed to it (a timer's callback is
         * judged by what it returns). */
        for (int a = -1; a < (int)in->nargs && next < 0; a++) {
          const char *name = a < 0                          ? in->callee
                             : in->args[a].kind == OPD_FUNC ? in->args[a].text
                                                            : NULL;
          int c = name ? fn_index_get(ix, f->unit_path, name) : -1;
          if (c >= 0 && !mark[c])
            next = c;
        }
        if (next >= 0)
          fr->instr--; /* come back for the rest of this call's arguments */
      }
      if (next >= 0) {
        mark[next] = 1;
        stack[sp++] = (frame){.fn = next};
      } else {
        order[norder++] = fr->fn;
        sp--;
      }
    }
  }
  free(stack);
  free(mark);
  return order;
}

static void count_events(const engine_event *ev, void *data) {
  (void)ev;
  ++*(size_t *)data;
}

typedef struct counted_dispatch {
  check_ctx *ctx;
  size_t n;
} counted_dispatch;

static void dispatch_counted(const engine_event *ev, void *data) {
  counted_dispatch *d = data;
  d->n++;
  check_dispatch(ev, d->ctx);
}

/* Where each function's findings go: straight into the report, or (for
 * the cache) into a report of its own. */
static ll_report *report_of(ll_report *report, ll_report *per_fn, int k) {
  return per_fn ? &per_fn[k] : report;
}

/* For a link kept between runs: which functions to walk (link_scope.h). */
typedef struct walk_plan {
  const link_change *change;
  bool *walk;    /* in: the seeds; out: every function walked */
  bool *changed; /* out: its walk changed its summary */
} walk_plan;

/* Whether the plan walks fns[k] (none: every function), and if so, takes
 * its summary out to compare after the walk. */
static bool plan_walks(walk_plan *plan, const fn_index *ix, int k, summary_table *sums, bool writes,
                       summary_snapshot **snap) {
  *snap = NULL;
  if (!plan)
    return true;
  if (!plan->walk[k] && !link_scope_stale(ix, k, plan->changed, plan->change))
    return false;
  plan->walk[k] = true;
  const ir_func *f = ix->fns[k];
  if (writes)
    *snap = summary_take(sums, f->unit_path, f->name, f->is_static);
  return true;
}

/* The walk over ix in order: the functions the plan walks (NULL: all) are
 * walked with the summaries written so far, the others are taken as they
 * are (their summaries already in sums, their findings kept by the
 * caller).  With a plan, positions stamp the summaries (summaries.h). */
static void walk_program(const fn_index *ix, const int *order, walk_plan *plan,
                         program_facts *facts, const key_set *handed, summary_table *sums,
                         const model_set *models, const link_options *opt, ll_report *report,
                         ll_report *per_fn) {
  engine_options eo = {.models = models,
                       .summaries = sums,
                       .budget = opt->budget,
                       .verbose = opt->verbose,
                       .handed_locks = handed};
  check_ctx ctx = {.report = report,
                   .enabled_rules = opt->enabled_rules,
                   .program = facts,
                   .verbose = opt->verbose,
                   .whole_program = ix->has_main};
  call_contexts cc = {.ix = ix, .facts = facts};
  for (unsigned i = 0; i < ix->ambiguous.n; i++)
    summary_set_ambiguous(sums, ix->ambiguous.items[i]);
  /* Functions whose callers are all in sight are judged in their callers'
   * contexts once every summary is settled (below); their first walk only
   * writes their summary and tells whether there is anything to judge. */
  size_t *judge = xcalloc(ix->n ? ix->n : 1, sizeof *judge); /* events of the first walk */
  size_t analysed = 0, over = 0;
  for (size_t i = 0; i < ix->n; i++) {
    int k = order[i];
    ir_func *f = ix->fns[k];
    analysed += !f->summary_only;
    eo.summary_written = !fn_index_is_winner(ix, k);
    summary_snapshot *snap;
    if (plan)
      summary_set_position(sums, (unsigned)i);
    if (!plan_walks(plan, ix, k, sums, !eo.summary_written, &snap))
      continue;
    ctx.report = report_of(report, per_fn, k);
    bool in_context = !f->summary_only && call_contexts_known(&cc, k);
    size_t nevents = 0;
    bool done = in_context ? engine_run(f, &eo, count_events, &nevents)
                           : engine_run(f, &eo, check_dispatch, &ctx);
    judge[k] = in_context && done ? nevents : 0;
    if (!done && !f->summary_only) {
      over++;
      ctx.report->skipped_functions++;
      report_add_note(ctx.report, NOTE_INFO, f->loc,
                      "'%s' has more paths than the analysis budget; no findings are made for it",
                      f->name);
    }
    summary_mark_defined(sums, f->unit_path, f->name, f->is_static);
    if (snap)
      plan->changed[k] = !summary_same_as(sums, snap);
  }
  if (plan)
    summary_set_position(sums, UINT_MAX);
  for (size_t i = 0; i < ix->n; i++) {
    int k = order[i];
    if (!judge[k])
      continue;
    ctx.report = report_of(report, per_fn, k);
    counted_dispatch d = {.ctx = &ctx};
    unsigned n = call_contexts_walk(&cc, k, &eo, dispatch_counted, &d);
    if (!n) { /* too many contexts: as if no caller were in sight */
      engine_options plain = eo;
      plain.summary_written = true;
      engine_run(ix->fns[k], &plain, check_dispatch, &ctx);
    } else if (opt->verbose && d.n < judge[k]) {
      report_add_note(ctx.report, NOTE_INFO, ix->fns[k]->loc,
                      "'%s': %zu of its paths to a finding are taken by no caller (%u sets of "
                      "constant arguments)",
                      ix->fns[k]->name, judge[k] - d.n, n);
    }
  }
  if (opt->verbose)
    report_add_note(report, NOTE_INFO, (ll_location){0},
                    "%zu functions analysed, %zu of them past the path budget", analysed, over);
  free(judge);
}

/* What every link starts from: the facts, calls through pointers
 * resolved, the index with its call sites, the bottom-up order and the
 * locks handed between functions. */
typedef struct program_view {
  program_facts facts;
  channel_facts chan; /* what helpers' parameters wait on or wake, settled from call sites */
  fn_index ix;
  int *order;
  key_set handed;
} program_view;

static void view_open(program_view *v, unit_artifact *const *units, size_t nunits,
                      const model_set *models) {
  memset(v, 0, sizeof *v);
  for (size_t u = 0; u < nunits; u++)
    for (size_t i = 0; i < units[u]->nfacts; i++)
      program_facts_add(&v->facts, &units[u]->facts[i]);
  resolve_pointer_calls(units, nunits, &v->facts);
  ir_unit **irs = xcalloc(nunits ? nunits : 1, sizeof *irs);
  for (size_t u = 0; u < nunits; u++)
    irs[u] = units[u]->ir;
  fn_index_build(&v->ix, irs, nunits);
  free(irs);
  fn_index_call_sites(&v->ix);
  channel_facts_link(&v->chan, &v->ix, models, &v->facts);
  v->order = bottom_up_order(&v->ix);
  engine_handed_locks(v->ix.fns, v->ix.n, models, &v->handed);
}

static void view_close(program_view *v) {
  key_set_free(&v->handed);
  free(v->order);
  fn_index_free(&v->ix);
  program_facts_free(&v->facts);
  channel_facts_free(&v->chan);
}

void link_run(unit_artifact *const *units, size_t nunits, const model_set *models,
              const link_options *opt, ll_report *report) {
  program_view v;
  view_open(&v, units, nunits, models);
  if (opt->verbose)
    channel_facts_notes(&v.chan, report);
  summary_table *sums = summary_table_new();
  walk_program(&v.ix, v.order, NULL, &v.facts, &v.handed, sums, models, opt, report, NULL);
  summary_table_free(sums);
  view_close(&v);
}

/* ---- A link kept between runs. ---- */

typedef struct fn_result {
  linked_name id; /* (unit, name): one function */
  ll_report report;
} fn_result;

struct link_cache {
  bool valid;
  summary_table *sums;
  hash_table results; /* fn_result, by (unit, name) */
  uint64_t facts_sig;
  key_set handed;
  bool has_main;
  link_options opt;
};

link_cache *link_cache_new(void) {
  return xcalloc(1, sizeof(link_cache));
}

static void free_result(void *item, void *ctx) {
  (void)ctx;
  fn_result *r = item;
  report_free(&r->report);
  free(r);
}

static void cache_reset(link_cache *c) {
  hash_each(&c->results, free_result, NULL);
  hash_free(&c->results);
  summary_table_free(c->sums);
  c->sums = summary_table_new();
  key_set_free(&c->handed);
  c->valid = false;
}

void link_cache_free(link_cache *c) {
  if (!c)
    return;
  cache_reset(c);
  summary_table_free(c->sums);
  free(c);
}

/* The facts as every function sees them, order aside: where a fact is
 * matters only for a thread's start and a loop's send, which messages
 * quote.  Those the link derives (channel_facts.h) count too: they change
 * with other units' bodies. */
static uint64_t fact_hash(const unit_fact *f) {
  bool quoted = f->kind == FACT_THREAD_ENTRY || f->kind == FACT_SENDS_LOOPED;
  char *t =
      xasprintf("%d|%s|%s|%s|%u", (int)f->kind, f->function ? f->function : "",
                f->subject ? f->subject : "", f->via ? f->via : "", quoted ? f->loc.line : 0u);
  uint64_t h = hash_string(t) * 0x9E3779B97F4A7C15ull + 1;
  free(t);
  return h;
}

static uint64_t facts_signature(unit_artifact *const *units, size_t nunits,
                                const channel_facts *chan) {
  uint64_t sig = 0;
  for (size_t u = 0; u < nunits; u++)
    for (size_t i = 0; i < units[u]->nfacts; i++)
      sig += fact_hash(&units[u]->facts[i]);
  for (size_t i = 0; i < chan->n; i++)
    sig += fact_hash(chan->items[i]);
  return sig;
}

static bool same_keys(const key_set *a, const key_set *b) {
  if (a->n != b->n)
    return false;
  for (unsigned i = 0; i < a->n; i++)
    if (!key_in(b, a->items[i]))
      return false;
  return true;
}

static fn_result *result_slot(link_cache *c, const ir_func *f) {
  hash_slot *slot = linkage_slot(&c->results, f->unit_path, intern(f->name));
  if (!slot->item) {
    fn_result *r = xcalloc(1, sizeof *r);
    r->id = (linked_name){f->unit_path, intern(f->name)};
    report_init(&r->report);
    slot->item = r;
  }
  return slot->item;
}

/* Copies what a function's walk reported into the run's report. */
static void add_copies(ll_report *dst, const ll_report *src) {
  for (size_t i = 0; i < src->nfindings; i++) {
    ll_finding f;
    finding_copy(&f, &src->findings[i]);
    report_add_finding(dst, &f);
  }
  for (size_t i = 0; i < src->nnotes; i++)
    report_add_note(dst, src->notes[i].level, src->notes[i].loc, "%s", src->notes[i].message);
  dst->skipped_functions += src->skipped_functions;
}

typedef struct owners {
  const fn_index *ix;
  const int *position; /* of each function in the order */
} owners;

/* Entries keep their writer's new position; a writer gone takes them. */
static int owner_position(void *ctx, const char *unit, const char *fn) {
  const owners *o = ctx;
  const fn_entry *e = linkage_find(&o->ix->by_name, unit, fn);
  return e && e->id.unit == unit ? o->position[e->fn] : -1;
}

void link_run_cached(link_cache *c, const link_change *change, unit_artifact *const *units,
                     size_t nunits, const model_set *models, const link_options *opt,
                     ll_report *report) {
  program_view v;
  view_open(&v, units, nunits, models);
  uint64_t sig = facts_signature(units, nunits, &v.chan);
  if (opt->verbose)
    channel_facts_notes(&v.chan, report);
  bool whole = !c->valid || sig != c->facts_sig || v.ix.has_main != c->has_main ||
               !same_keys(&v.handed, &c->handed) || opt->enabled_rules != c->opt.enabled_rules ||
               opt->budget != c->opt.budget || opt->verbose != c->opt.verbose;
  if (whole)
    cache_reset(c);
  bool *walk = xcalloc(v.ix.n ? v.ix.n : 1, sizeof *walk);
  bool *changed = xcalloc(v.ix.n ? v.ix.n : 1, sizeof *changed);
  if (whole)
    memset(walk, 1, v.ix.n * sizeof *walk);
  else
    link_scope(&v.ix, &v.facts, change, walk);
  int *position = xcalloc(v.ix.n ? v.ix.n : 1, sizeof *position);
  for (size_t i = 0; i < v.ix.n; i++)
    position[v.order[i]] = (int)i;
  owners o = {.ix = &v.ix, .position = position};
  summary_restamp(c->sums, owner_position, &o);

  ll_report *per_fn = xcalloc(v.ix.n ? v.ix.n : 1, sizeof *per_fn);
  for (size_t k = 0; k < v.ix.n; k++)
    report_init(&per_fn[k]);
  walk_plan plan = {.change = change, .walk = walk, .changed = changed};
  walk_program(&v.ix, v.order, &plan, &v.facts, &v.handed, c->sums, models, opt, report, per_fn);
  for (size_t k = 0; k < v.ix.n; k++) {
    fn_result *r = result_slot(c, v.ix.fns[k]);
    if (walk[k]) {
      report_free(&r->report);
      r->report = per_fn[k];
    } else {
      report_free(&per_fn[k]);
    }
    add_copies(report, &r->report);
  }
  free(per_fn);
  free(position);
  free(changed);
  free(walk);
  c->valid = true;
  c->facts_sig = sig;
  c->has_main = v.ix.has_main;
  key_set_free(&c->handed);
  c->handed = v.handed;
  v.handed = (key_set){0};
  c->opt = *opt;
  view_close(&v);
}
