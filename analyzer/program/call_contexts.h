/* call_contexts.h - a function's findings judged by what its callers pass.
 * When every caller of a function is in sight, a path through it that no
 * caller can take (a parameter tested for a value no call passes: redis's
 * sinterGenericCommand never gets dstkey and cardinality_only together) is
 * no path.  The link step walks such a function once per distinct set of
 * constant arguments its callers pass.
 *
 * Returns that every caller answers by ending the process are still paths:
 * memcached fixed daemonize() and server_sockets(), and tmux
 * client_connect(), though their callers exit right after (the leak-fix
 * replay, bench/realworld).
 *
 * Ownership: borrows the index and the facts. */
#ifndef LEAKLINT_CALL_CONTEXTS_H
#define LEAKLINT_CALL_CONTEXTS_H

#include <stdbool.h>

#include "engine.h"
#include "fn_index.h"
#include "program_facts.h"

typedef struct call_contexts {
  const fn_index *ix;
  const program_facts *facts;
} call_contexts;

/* Whether every call of fns[fn] is a call site in sight: it is called
 * directly, never used as a value (a callback, a table entry), and it is
 * static or the program is whole (some unit defines main). */
bool call_contexts_known(const call_contexts *cc, int fn);

/* Walks fns[fn] once per set of constant arguments its callers pass
 * (base's options, summaries not written), delivering each event once to
 * sink.  Returns the number of
 * contexts walked; 0 when there are too many to walk (walk it plainly). */
unsigned call_contexts_walk(const call_contexts *cc, int fn, const engine_options *base,
                            engine_sink sink, void *ctx);

#endif
