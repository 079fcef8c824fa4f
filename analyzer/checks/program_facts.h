/* program_facts.h - the facts units leave open for each other, settled
 * over the whole program by the link step (program/link.h) and handed to
 * the checkers: who waits on a condition and who wakes it, which functions
 * start threads, which globals are written.  Rules whose two halves live
 * in different functions or files (blocked-channel, waitgroup-imbalance)
 * ask here.
 *
 * Ownership: the link step owns the index; facts and strings are borrowed
 * from the units' artifacts (strings are interned). */
#ifndef LEAKLINT_PROGRAM_FACTS_H
#define LEAKLINT_PROGRAM_FACTS_H

#include <stddef.h>

#include "hash_table.h"
#include "location.h"

typedef enum {
  FACT_WAITS,          /* waits without a timeout on the channel `subject` (channel_name(): a
                          condition, a queue, a pipe's two ends as one) */
  FACT_WAKES,          /* signals, pushes to, writes or closes the channel `subject`;
                          "*family" when through a pointer (any channel of the family) */
  FACT_THREAD_ENTRY,   /* `subject` is started as a thread's start routine */
  FACT_GLOBAL_WRITTEN, /* stores into the global `subject` */
  FACT_ADDRESS_TAKEN,  /* the function `subject` is used as a value (a callback, a table) */
  FACT_ADDS,           /* adds to a counter: `subject` is the group's last member name
                          ("wg" for &p->wg), and again the counter's family */
  /* Settled at link time (program/channel_facts.h), never in an artifact: */
  FACT_SENDS_LOOPED, /* sends on the channel `subject` in a loop, with a send that blocks
                        once the channel is full (a pipe's write, a bounded push) */
  FACT_SENDS_ONCE,   /* such a send outside any loop: a last ("done") message */
  FACT_NONBLOCKING,  /* makes `subject` (a pipe's end) non-blocking (O_NONBLOCK) */
  FACT_POOL,         /* starts threads running `subject` in a loop: several receive alike */
  FACT_QUEUE_OP,     /* is a send, receive or close of the project's queue `subject`
                        (engine/channel_infer.h): its own waits and wakes are the queue's */
  FACT_KIND_COUNT
} fact_kind;

/* The kinds a unit's artifact may hold: those before the link's own. */
enum { FACT_UNIT_KINDS = FACT_SENDS_LOOPED };

typedef struct unit_fact {
  fact_kind kind;
  const char *function; /* where it happens */
  const char *subject;  /* the object key, routine or global (interned) */
  const char *via;      /* the call that does it, NULL for a store */
  ll_location loc;
} unit_fact;

typedef struct program_facts {
  hash_table by_subject; /* (kind, subject) -> fact_list */
  size_t nfacts;
} program_facts;

typedef struct fact_list {
  fact_kind kind;
  const char *subject;
  const unit_fact **items;
  size_t n, cap;
} fact_list;

void program_facts_add(program_facts *pf, const unit_fact *f);
/* Every fact of kind about subject (interned), or NULL. */
const fact_list *program_facts_find(const program_facts *pf, fact_kind kind, const char *subject);
void program_facts_free(program_facts *pf);

#endif
