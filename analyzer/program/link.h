/* link.h - the link step: from every unit's artifact to the program's
 * findings.  It settles callee summaries bottom-up over the whole
 * program's call graph (a wrapper in one file is an allocator to callers
 * in another), gathers the facts units left open into one index, and runs
 * every enabled check on every function through the engine. */
#ifndef LEAKLINT_LINK_H
#define LEAKLINT_LINK_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "models.h"
#include "link_scope.h"
#include "unit_artifact.h"

typedef struct link_options {
  unsigned enabled_rules;
  unsigned budget; /* states per function; 0 for the default */
  bool verbose;
} link_options;

void link_run(unit_artifact *const *units, size_t nunits, const model_set *models,
              const link_options *opt, ll_report *report);

/* A link kept from one run to the next (the language server): the
 * summaries and each function's findings. */
typedef struct link_cache link_cache;
link_cache *link_cache_new(void);
void link_cache_free(link_cache *c);

/* link_run() again after change (link_scope.h): the functions the change
 * can affect are walked, the others keep what the previous run found.
 * The whole program is walked when there is no previous run, or when what
 * every function sees changed: the facts units leave open, the locks
 * handed between functions, whether the program has a main(), the options.
 * The report is the one link_run() would make. */
void link_run_cached(link_cache *c, const link_change *change, unit_artifact *const *units,
                     size_t nunits, const model_set *models, const link_options *opt,
                     ll_report *report);

#endif
