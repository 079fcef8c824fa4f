/* analysis.h - the analysis of all lowered units: callee summaries
 * bottom-up over the whole program's call graph, then every enabled check
 * on every function, through the engine. */
#ifndef LEAKLINT_ANALYSIS_H
#define LEAKLINT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "ir.h"
#include "models.h"

typedef struct analysis_options {
  unsigned enabled_rules;
  unsigned budget; /* states per function; 0 for the default */
  bool verbose;
} analysis_options;

void analysis_run(ir_unit *const *units, size_t nunits, const model_set *models,
                  const analysis_options *opt, ll_report *report);

#endif
