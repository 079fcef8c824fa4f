/* A crawler's document queue, built by the project from a mutex, two
 * condition variables and a ring (doc_queue.c), and its users
 * (crawl_index.c).  No model describes it: leaklint infers its send,
 * receive and close from the bodies. */
#ifndef DOC_QUEUE_H
#define DOC_QUEUE_H

#include <pthread.h>

struct doc {
  char url[128];
  int last; /* the crawler's final document */
};

/* Bounded: a push waits for room. */
struct doc_queue {
  pthread_mutex_t mu;
  pthread_cond_t ready; /* a document arrived, or closed */
  pthread_cond_t room;  /* a slot freed */
  pthread_cond_t drained; /* the last document was taken */
  struct doc *ring[16];
  unsigned head, count;
  int closed;
  int draining;
};

/* Unbounded: a push never waits. */
struct log_item {
  struct log_item *next;
  char text[80];
};

struct log_queue {
  pthread_mutex_t mu;
  pthread_cond_t posted;
  struct log_item *first;
};

int docq_push(struct doc_queue *q, struct doc *d);
struct doc *docq_pop(struct doc_queue *q);
void docq_close(struct doc_queue *q);
void docq_drain(struct doc_queue *q);
void logq_push(struct log_queue *q, struct log_item *it);
struct log_item *logq_pop(struct log_queue *q);

#endif
