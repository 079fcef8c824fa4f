/* fn_index.c - see fn_index.h. */
#include "fn_index.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int fn_index_get(const fn_index *ix, const char *unit, const char *name) {
  const fn_entry *e = linkage_find(&ix->by_name, unit, name);
  return e ? e->fn : -1;
}

void fn_index_build(fn_index *ix, ir_unit *const *units, size_t nunits) {
  for (size_t u = 0; u < nunits; u++)
    ix->n += units[u]->nfuncs;
  size_t n = ix->n ? ix->n : 1;
  ix->fns = xcalloc(n, sizeof *ix->fns);
  ix->entries = xcalloc(n, sizeof *ix->entries);
  size_t k = 0;
  for (size_t u = 0; u < nunits; u++)
    for (size_t i = 0; i < units[u]->nfuncs; i++) {
      ir_func *f = units[u]->funcs[i];
      ix->fns[k] = f;
      ix->has_main |= !f->summary_only && ir_func_is_main(f);
      const char *unit = f->is_static ? f->unit_path : NULL;
      hash_slot *slot = linkage_slot(&ix->by_name, unit, f->name);
      if (!slot->item) { /* the first definition wins */
        ix->entries[k] = (fn_entry){.id = {unit, f->name}, .fn = (int)k};
        slot->item = &ix->entries[k];
      } else {
        const ir_func *first = ix->fns[((fn_entry *)slot->item)->fn];
        if (!unit && !f->summary_only && !first->summary_only &&
            strcmp(first->unit_path, f->unit_path) != 0)
          key_add(&ix->ambiguous, intern(f->name));
      }
      k++;
    }
}

bool fn_index_is_winner(const fn_index *ix, int k) {
  const ir_func *f = ix->fns[k];
  return fn_index_get(ix, f->is_static ? f->unit_path : NULL, f->name) == k;
}

void fn_index_call_sites(fn_index *ix) {
  size_t n = ix->n ? ix->n : 1;
  ix->sites = xcalloc(n, sizeof *ix->sites);
  ix->nsites = xcalloc(n, sizeof *ix->nsites);
  ix->cap_sites = xcalloc(n, sizeof *ix->cap_sites);
  for (size_t k = 0; k < ix->n; k++) {
    const ir_func *f = ix->fns[k];
    if (!fn_index_is_winner(ix, (int)k))
      continue; /* a second definition's calls would count twice */
    for (unsigned b = 0; b < f->nblocks; b++) {
      if (!f->blocks[b].reachable)
        continue;
      for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
        const ir_instr *in = &f->blocks[b].instrs[i];
        int c = in->op == I_CALL && in->callee ? fn_index_get(ix, f->unit_path, in->callee) : -1;
        if (c < 0)
          continue;
        LL_GROW(ix->sites[c], ix->nsites[c], ix->cap_sites[c]);
        ix->sites[c][ix->nsites[c]++] = (call_site){.caller = (int)k, .block = (int)b, .instr = i};
      }
    }
  }
}

void fn_index_free(fn_index *ix) {
  key_set_free(&ix->ambiguous);
  for (size_t k = 0; ix->sites && k < ix->n; k++)
    free(ix->sites[k]);
  free(ix->sites);
  free(ix->nsites);
  free(ix->cap_sites);
  free(ix->fns);
  free(ix->entries);
  hash_free(&ix->by_name);
}
