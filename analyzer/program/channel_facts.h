/* channel_facts.h - the waits and wakes that go through a project's own
 * helpers (nginx's ngx_thread_cond_signal(cond, log) around
 * pthread_cond_signal(cond)): a unit sees only that the helper wakes
 * whatever its parameter points to; which channel that is, the call sites
 * tell, in any unit.  The link step settles them here, to a fixed point
 * (a helper of a helper), before the checks ask the facts.
 *
 * Ownership: the derived facts are owned by the channel_facts record and
 * must outlive the program_facts index they were added to. */
#ifndef LEAKLINT_CHANNEL_FACTS_H
#define LEAKLINT_CHANNEL_FACTS_H

#include "fn_index.h"
#include "models.h"
#include "program_facts.h"

typedef struct channel_facts {
  unit_fact **items;
  size_t n, cap;
} channel_facts;

/* Adds to pf, for each call of a helper that waits on (untimed) or wakes
 * its parameter's channel, the wait or wake of the channel the call
 * passes: by name, or "*family" for a wake of a channel the caller holds
 * in a pointer variable of its own or of a helper called through a
 * pointer.  ix has its call sites. */
void channel_facts_link(channel_facts *cf, const fn_index *ix, const model_set *models,
                        program_facts *pf);
void channel_facts_free(channel_facts *cf);

#endif
