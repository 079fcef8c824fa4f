/* link_scope.h - which functions a change to some units can affect, so
 * that a link kept between runs (link.h, the language server) walks only
 * those again.  Walked again in any case (the seeds):
 *
 *   - every function of a changed unit (but those of its headers, which
 *     change with the header), and every function whose name the unit
 *     defined before or defines now (a static twin, a duplicate);
 *   - every function a changed unit calls, before or now, that is judged in
 *     its callers' contexts (call_contexts.h), which the change may move.
 *
 * Then, in the bottom-up walk, a function is walked again when it calls
 * (or passes as a callback) one whose summary the new walk changed, or
 * one the change removed (link_scope_stale).  Everything else keeps its
 * summary and its findings. */
#ifndef LEAKLINT_LINK_SCOPE_H
#define LEAKLINT_LINK_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "fn_index.h"
#include "program_facts.h"

typedef struct link_change {
  const char *const *units; /* interned paths of the units parsed again */
  size_t nunits;
  /* names (interned) their previous versions defined, and called */
  const char *const *defined;
  size_t ndefined;
  const char *const *called;
  size_t ncalled;
} link_change;

/* Sets seed[k] for each function of ix walked again whatever happens. */
void link_scope(const fn_index *ix, const program_facts *facts, const link_change *change,
                bool *seed);

/* Whether fns[k] references a function whose summary changed (changed[],
 * by index) or that the change removed. */
bool link_scope_stale(const fn_index *ix, int k, const bool *changed, const link_change *change);

/* The names fns define and call (callees and callbacks passed), added to
 * *defined and *called (interned, without repeats): what link_change
 * wants of a unit's version before it is replaced. */
void link_scope_names(ir_func *const *fns, size_t n, const char ***defined, size_t *ndefined,
                      const char ***called, size_t *ncalled);

#endif
