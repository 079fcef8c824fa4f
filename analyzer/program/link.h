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
#include "unit_artifact.h"

typedef struct link_options {
  unsigned enabled_rules;
  unsigned budget; /* states per function; 0 for the default */
  bool verbose;
} link_options;

void link_run(unit_artifact *const *units, size_t nunits, const model_set *models,
              const link_options *opt, ll_report *report);

#endif
