/* call_contexts.h - a function's findings judged by what its callers do.
 * When every caller of a function is in sight, a path through it that no
 * caller can take (a parameter tested for a value no call passes) or that
 * returns where every caller then ends the process (the helper whose only
 * caller answers its failure with exit(1)) is no leak a maintainer would
 * fix.  The link step walks such a function once per distinct set of
 * constant arguments, with the returns its callers answer by exiting
 * ending the path as exit() does.
 *
 * Ownership: borrows the index, the facts and the summaries. */
#ifndef LEAKLINT_CALL_CONTEXTS_H
#define LEAKLINT_CALL_CONTEXTS_H

#include <stdbool.h>

#include "engine.h"
#include "fn_index.h"
#include "program_facts.h"
#include "summaries.h"

typedef struct call_contexts {
  const fn_index *ix;
  const program_facts *facts;
  const struct summary_table *sums;
} call_contexts;

/* Whether every call of fns[fn] is a call site in sight: it is called
 * directly, never used as a value (a callback, a table entry), and it is
 * static or the program is whole (some unit defines main). */
bool call_contexts_known(const call_contexts *cc, int fn);

/* Walks fns[fn] once per calling context (base's options, summaries not
 * written), delivering each event once to sink.  Returns the number of
 * contexts walked; 0 when there are too many to walk (walk it plainly). */
unsigned call_contexts_walk(const call_contexts *cc, int fn, const engine_options *base,
                            engine_sink sink, void *ctx);

#endif
