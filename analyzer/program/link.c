/* link.c - see link.h.  Functions are analysed callees first, over the
 * call graph of all units together, so that each caller sees the
 * summaries of the helpers it calls wherever they are defined. */
#include "link.h"

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

void link_run(unit_artifact *const *units, size_t nunits, const model_set *models,
              const link_options *opt, ll_report *report) {
  program_facts facts = {0};
  for (size_t u = 0; u < nunits; u++)
    for (size_t i = 0; i < units[u]->nfacts; i++)
      program_facts_add(&facts, &units[u]->facts[i]);
  resolve_pointer_calls(units, nunits, &facts);
  fn_index ix = {0};
  ir_unit **irs = xcalloc(nunits ? nunits : 1, sizeof *irs);
  for (size_t u = 0; u < nunits; u++)
    irs[u] = units[u]->ir;
  fn_index_build(&ix, irs, nunits);
  free(irs);
  fn_index_call_sites(&ix);
  channel_facts chan = {0};
  channel_facts_link(&chan, &ix, models, &facts);
  int *order = bottom_up_order(&ix);
  summary_table *sums = summary_table_new();
  key_set handed = {0};
  engine_handed_locks(ix.fns, ix.n, models, &handed);
  engine_options eo = {.models = models,
                       .summaries = sums,
                       .budget = opt->budget,
                       .verbose = opt->verbose,
                       .handed_locks = &handed};
  check_ctx ctx = {.report = report,
                   .enabled_rules = opt->enabled_rules,
                   .program = &facts,
                   .verbose = opt->verbose,
                   .whole_program = ix.has_main};
  call_contexts cc = {.ix = &ix, .facts = &facts};
  /* Functions whose callers are all in sight are judged in their callers'
   * contexts once every summary is settled (below); their first walk only
   * writes their summary and tells whether there is anything to judge. */
  size_t *judge = xcalloc(ix.n ? ix.n : 1, sizeof *judge); /* events of the first walk */
  size_t analysed = 0, over = 0;
  for (size_t i = 0; i < ix.n; i++) {
    int k = order[i];
    ir_func *f = ix.fns[k];
    eo.summary_written = !fn_index_is_winner(&ix, k);
    bool in_context = !f->summary_only && call_contexts_known(&cc, k);
    size_t nevents = 0;
    bool done = in_context ? engine_run(f, &eo, count_events, &nevents)
                           : engine_run(f, &eo, check_dispatch, &ctx);
    judge[k] = in_context && done ? nevents : 0;
    analysed += !f->summary_only;
    if (!done && !f->summary_only) {
      over++;
      report->skipped_functions++;
      report_add_note(report, NOTE_INFO, f->loc,
                      "'%s' has more paths than the analysis budget; no findings are made for it",
                      f->name);
    }
    summary_mark_defined(sums, f->unit_path, f->name, f->is_static);
  }
  for (size_t i = 0; i < ix.n; i++) {
    int k = order[i];
    if (!judge[k])
      continue;
    counted_dispatch d = {.ctx = &ctx};
    unsigned n = call_contexts_walk(&cc, k, &eo, dispatch_counted, &d);
    if (!n) { /* too many contexts: as if no caller were in sight */
      engine_options plain = eo;
      plain.summary_written = true;
      engine_run(ix.fns[k], &plain, check_dispatch, &ctx);
    } else if (opt->verbose && d.n < judge[k]) {
      report_add_note(report, NOTE_INFO, ix.fns[k]->loc,
                      "'%s': %zu of its paths to a finding are taken by no caller (%u sets of "
                      "constant arguments)",
                      ix.fns[k]->name, judge[k] - d.n, n);
    }
  }
  if (opt->verbose)
    report_add_note(report, NOTE_INFO, (ll_location){0},
                    "%zu functions analysed, %zu of them past the path budget", analysed, over);
  free(judge);
  key_set_free(&handed);
  summary_table_free(sums);
  free(order);
  fn_index_free(&ix);
  program_facts_free(&facts);
  channel_facts_free(&chan);
}
