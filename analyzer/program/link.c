/* link.c - see link.h.  Functions are analysed callees first, over the
 * call graph of all units together, so that each caller sees the
 * summaries of the helpers it calls wherever they are defined. */
#include "link.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine.h"
#include "linkage.h"
#include "summaries.h"
#include "util.h"

/* Every function of the program by (unit, name), as C's linkage sees
 * them (linkage.h); items are fn_entry. */
typedef struct fn_entry {
  linked_name id;
  int fn;
} fn_entry;

typedef struct fn_index {
  ir_func **fns;
  size_t n;
  hash_table by_name;
  fn_entry *entries;
} fn_index;

static int index_get(const fn_index *ix, const char *unit, const char *name) {
  const fn_entry *e = linkage_find(&ix->by_name, unit, name);
  return e ? e->fn : -1;
}

static void build_index(fn_index *ix, unit_artifact *const *units, size_t nunits) {
  for (size_t u = 0; u < nunits; u++)
    ix->n += units[u]->ir->nfuncs;
  ix->fns = xcalloc(ix->n ? ix->n : 1, sizeof *ix->fns);
  ix->entries = xcalloc(ix->n ? ix->n : 1, sizeof *ix->entries);
  size_t k = 0;
  for (size_t u = 0; u < nunits; u++)
    for (size_t i = 0; i < units[u]->ir->nfuncs; i++) {
      ir_func *f = units[u]->ir->funcs[i];
      ix->fns[k] = f;
      const char *unit = f->is_static ? f->unit_path : NULL;
      hash_slot *slot = linkage_slot(&ix->by_name, unit, f->name);
      if (!slot->item) { /* the first definition wins */
        ix->entries[k] = (fn_entry){.id = {unit, f->name}, .fn = (int)k};
        slot->item = &ix->entries[k];
      }
      k++;
    }
}

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

/* Whether fns[k] is the definition calls to its name resolve to. */
static bool index_is_winner(const fn_index *ix, int k) {
  const ir_func *f = ix->fns[k];
  return index_get(ix, f->is_static ? f->unit_path : NULL, f->name) == k;
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
          int c = name ? index_get(ix, f->unit_path, name) : -1;
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

void link_run(unit_artifact *const *units, size_t nunits, const model_set *models,
              const link_options *opt, ll_report *report) {
  program_facts facts = {0};
  for (size_t u = 0; u < nunits; u++)
    for (size_t i = 0; i < units[u]->nfacts; i++)
      program_facts_add(&facts, &units[u]->facts[i]);
  resolve_pointer_calls(units, nunits, &facts);
  fn_index ix = {0};
  build_index(&ix, units, nunits);
  int *order = bottom_up_order(&ix);
  summary_table *sums = summary_table_new();
  engine_options eo = {
      .models = models, .summaries = sums, .budget = opt->budget, .verbose = opt->verbose};
  check_ctx ctx = {.report = report, .enabled_rules = opt->enabled_rules, .program = &facts};
  size_t analysed = 0, over = 0;
  for (size_t i = 0; i < ix.n; i++) {
    ir_func *f = ix.fns[order[i]];
    eo.summary_written = !index_is_winner(&ix, order[i]);
    bool done = engine_run(f, &eo, check_dispatch, &ctx);
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
  if (opt->verbose)
    report_add_note(report, NOTE_INFO, (ll_location){0},
                    "%zu functions analysed, %zu of them past the path budget", analysed, over);
  summary_table_free(sums);
  free(order);
  free(ix.fns);
  free(ix.entries);
  hash_free(&ix.by_name);
  program_facts_free(&facts);
}
