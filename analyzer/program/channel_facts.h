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

#include "channel_infer.h"
#include "findings.h"
#include "fn_index.h"
#include "models.h"
#include "program_facts.h"

/* What channel_infer() made of a function (-v says it). */
typedef struct inferred_op {
  const char *fn;
  chan_op op;
} inferred_op;

typedef struct channel_facts {
  unit_fact **items;
  size_t n, cap;
  inferred_op *ops;
  size_t nops, cap_ops;
} channel_facts;

/* Adds to pf, for each call of a helper that waits on (untimed) or wakes
 * its parameter's channel, the wait or wake of the channel the call
 * passes: by name, or "*family" for a wake of a channel the caller holds
 * in a pointer variable of its own or of a helper called through a
 * pointer.  ix has its call sites.  Then the sends, receives and closes
 * of projects' queues (channel_infer.h) at their call sites, and who
 * sends in a loop (send_facts). */
void channel_facts_link(channel_facts *cf, const fn_index *ix, const model_set *models,
                        program_facts *pf);
/* -v: how far the inference of projects' queues got, a note a function. */
void channel_facts_notes(const channel_facts *cf, ll_report *report);
void channel_facts_free(channel_facts *cf);

#endif
