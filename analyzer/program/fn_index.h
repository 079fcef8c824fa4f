/* fn_index.h - every function of the program by (unit, name), as C's
 * linkage sees them (linkage.h), and who calls whom: the call sites of
 * each function, for the link step's bottom-up order and for calling
 * contexts (call_contexts.h).
 *
 * Ownership: the index borrows the functions (the units' artifacts own
 * them) and owns its arrays. */
#ifndef LEAKLINT_FN_INDEX_H
#define LEAKLINT_FN_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "hash_table.h"
#include "ir.h"
#include "key_set.h"
#include "linkage.h"

typedef struct call_site {
  int caller; /* index of the calling function */
  int block;
  unsigned instr;
} call_site;

typedef struct fn_entry {
  linked_name id;
  int fn;
} fn_entry;

typedef struct fn_index {
  ir_func **fns;
  size_t n;
  hash_table by_name; /* items: fn_entry */
  fn_entry *entries;
  /* per function: the direct calls to it (filled by fn_index_call_sites) */
  call_site **sites;
  unsigned *nsites, *cap_sites;
  bool has_main; /* some unit defines main(): the program is whole */
  /* external names defined in more than one source file (not a header's
   * inline function): several programs in one database */
  key_set ambiguous;
} fn_index;

/* Indexes every function of units' IR (the first definition of a name wins). */
void fn_index_build(fn_index *ix, ir_unit *const *units, size_t nunits);
/* The function name means when called from unit, or -1. */
int fn_index_get(const fn_index *ix, const char *unit, const char *name);
/* Whether fns[k] is the definition calls to its name resolve to. */
bool fn_index_is_winner(const fn_index *ix, int k);
/* Fills the call sites of every function (after calls through pointers are
 * resolved). */
void fn_index_call_sites(fn_index *ix);
void fn_index_free(fn_index *ix);

#endif
