/* link_scope.c - see link_scope.h. */
#include "link_scope.h"

#include <stdlib.h>
#include <string.h>

#include "call_contexts.h"
#include "util.h"

/* Each name a function's calls reference: callees and callbacks passed. */
static void each_reference(const ir_func *f, void (*fn)(const char *name, void *ctx), void *ctx) {
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op != I_CALL)
        continue;
      if (in->callee)
        fn(in->callee, ctx);
      for (unsigned a = 0; a < in->nargs; a++)
        if (in->args[a].kind == OPD_FUNC && in->args[a].text)
          fn(in->args[a].text, ctx);
    }
}

static bool listed(const char *const *names, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (names[i] == name)
      return true;
  return false;
}

typedef struct name_list {
  const char ***names;
  size_t *n;
  size_t cap;
} name_list;

static void add_name(const char *name, void *ctx) {
  name_list *l = ctx;
  name = intern(name);
  if (listed(*l->names, *l->n, name))
    return;
  if (*l->n >= l->cap) {
    l->cap = l->cap ? l->cap * 2 : *l->n + 16;
    *l->names = xrealloc(*l->names, l->cap * sizeof **l->names);
  }
  (*l->names)[(*l->n)++] = name;
}

void link_scope_names(ir_func *const *fns, size_t n, const char ***defined, size_t *ndefined,
                      const char ***called, size_t *ncalled) {
  name_list d = {defined, ndefined, *ndefined}, c = {called, ncalled, *ncalled};
  /* A header's functions, lowered in each unit that includes it, change
   * with the header, not with the unit: they would make half the program
   * a caller. */
  for (size_t i = 0; i < n; i++) {
    if (fns[i]->summary_only)
      continue;
    add_name(fns[i]->name, &d);
    each_reference(fns[i], add_name, &c);
  }
}

void link_scope(const fn_index *ix, const program_facts *facts, const link_change *change,
                bool *seed) {
  call_contexts cc = {.ix = ix, .facts = facts};
  /* The names the changed units define and call, before and now. */
  const char **defined = NULL, **called = NULL;
  size_t ndefined = 0, ncalled = 0;
  for (size_t i = 0; i < change->ndefined; i++)
    add_name(change->defined[i], &(name_list){&defined, &ndefined, ndefined});
  for (size_t i = 0; i < change->ncalled; i++)
    add_name(change->called[i], &(name_list){&called, &ncalled, ncalled});
  for (size_t k = 0; k < ix->n; k++)
    if (listed(change->units, change->nunits, ix->fns[k]->unit_path))
      link_scope_names(&ix->fns[k], 1, &defined, &ndefined, &called, &ncalled);
  for (size_t k = 0; k < ix->n; k++) {
    const ir_func *f = ix->fns[k];
    seed[k] = (!f->summary_only && listed(change->units, change->nunits, f->unit_path)) ||
              listed(defined, ndefined, f->name) ||
              (listed(called, ncalled, f->name) && call_contexts_known(&cc, (int)k));
  }
  free(defined);
  free(called);
}

/* Whether fns[k] calls, or passes as a callback, a function whose
 * summary changed[] says changed, or one the change removed. */
static bool stale_name(const fn_index *ix, const ir_func *f, const char *name, const bool *changed,
                       const link_change *change) {
  int c = fn_index_get(ix, f->unit_path, intern(name));
  return c >= 0 ? changed[c] : listed(change->defined, change->ndefined, intern(name));
}

bool link_scope_stale(const fn_index *ix, int k, const bool *changed, const link_change *change) {
  const ir_func *f = ix->fns[k];
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op != I_CALL)
        continue;
      if (in->callee && stale_name(ix, f, in->callee, changed, change))
        return true;
      for (unsigned a = 0; a < in->nargs; a++)
        if (in->args[a].kind == OPD_FUNC && in->args[a].text &&
            stale_name(ix, f, in->args[a].text, changed, change))
          return true;
    }
  return false;
}
