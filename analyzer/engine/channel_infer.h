/* channel_infer.h - a project's channel built from a mutex, a condition
 * variable and a queue in a struct, told from the bodies of the functions
 * that take a pointer to the struct:
 *
 *  - a send links an item into the struct (a store of a value that is not
 *    a constant: q->tail->next = j, q->items[q->n++] = x) and wakes a
 *    condition of it; it blocks when it first waits, in a loop, on another
 *    condition of the struct (a bounded queue waiting for room);
 *  - a receive waits on a condition of the struct in a loop whose test
 *    reads the struct (while (!q->head && !q->closed)) and takes an item
 *    out of it (a store into it);
 *  - a close stores only constants into the struct (q->closed = 1) and
 *    wakes a condition of it.
 *
 * The channel is the condition (channel_name(): "not_empty"), as every
 * other wait and wake of it is named.  Only the shape above is inferred; a
 * body that waits on or wakes its parameter's condition otherwise stays a
 * plain wait or wake, and `why` says how far inference got (-v).  Used by
 * the channel module (the function's summary) and by the link step (the
 * facts at its call sites), with the same entries for calls. */
#ifndef LEAKLINT_CHANNEL_INFER_H
#define LEAKLINT_CHANNEL_INFER_H

#include <stdbool.h>

#include "engine.h"

typedef enum { CHAN_OP_NONE, CHAN_OP_SEND, CHAN_OP_RECV, CHAN_OP_CLOSE } chan_op_kind;

typedef struct chan_op {
  chan_op_kind kind;
  int arg;           /* the parameter pointing to the struct */
  const char *field; /* the condition from the parameter ("->not_empty") */
  const char *name;  /* the channel: channel_name() of the condition */
  const api_fn *via; /* the wait or wake at the bottom */
  bool blocks;       /* CHAN_OP_SEND: waits for room first */
  const char *why;   /* what was seen, or why the body is not inferred (interned) */
  ll_location at;    /* the function */
} chan_op;

/* The channel entries (models', summaries') of a call: up to two
 * NULL-terminated lists, either may be NULL. */
typedef void (*chan_entries_fn)(void *ctx, const ir_instr *in, const api_fn *const *lists[2]);

enum { CHAN_INFER_MAX = 4 };

/* The name of the channel a queue operation's condition key names: the
 * queue's member and the condition ("docs.ready" for c->docs.ready), so
 * that two queues of one type are two channels; the condition alone when
 * the queue is in a variable (q->ready), as channel_name() names it. */
const char *channel_queue_name(const char *key);

/* What f is to the channels its parameters' structs hold: at most
 * CHAN_INFER_MAX ops, the unrecognised ones with kind CHAN_OP_NONE and a
 * why; returns how many. */
unsigned channel_infer(const ir_func *f, chan_entries_fn entries, void *ctx, chan_op *out);

#endif
