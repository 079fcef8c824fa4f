/* The queues of doc_queue.h.  Nothing here is faulty; their users are in
 * crawl_index.c.
 *
 * check-program: crawl_index.c
 *
 *   leaklint --verify testcases/blocked-channel/doc_queue.c
 */
#include <stddef.h>

#include "doc_queue.h"

/* A send: waits for room, stores the document, wakes a receiver. */
int docq_push(struct doc_queue *q, struct doc *d) {
  pthread_mutex_lock(&q->mu);
  while (q->count == 16 && !q->closed)
    pthread_cond_wait(&q->room, &q->mu);
  if (q->closed) {
    pthread_mutex_unlock(&q->mu);
    return -1;
  }
  q->ring[(q->head + q->count) % 16] = d;
  q->count++;
  pthread_cond_signal(&q->ready);
  pthread_mutex_unlock(&q->mu);
  return 0;
}

/* A receive: waits in a loop on the queue's state, takes a document,
 * frees a slot. */
struct doc *docq_pop(struct doc_queue *q) {
  struct doc *d = NULL;
  pthread_mutex_lock(&q->mu);
  while (q->count == 0 && !q->closed)
    pthread_cond_wait(&q->ready, &q->mu);
  if (q->count > 0) {
    d = q->ring[q->head];
    q->head = (q->head + 1) % 16;
    q->count--;
    pthread_cond_signal(&q->room);
    if (q->count == 0)
      pthread_cond_broadcast(&q->drained);
  }
  pthread_mutex_unlock(&q->mu);
  return d;
}

/* A close: sets the flag and wakes every waiter. */
void docq_close(struct doc_queue *q) {
  pthread_mutex_lock(&q->mu);
  q->closed = 1;
  pthread_cond_broadcast(&q->ready);
  pthread_cond_broadcast(&q->room);
  pthread_mutex_unlock(&q->mu);
}

/* Not a receive: it waits for the queue to empty, taking nothing out
 * (setting a flag is no item taken); docq_pop() wakes it. */
void docq_drain(struct doc_queue *q) {
  pthread_mutex_lock(&q->mu);
  q->draining = 1;
  while (q->count > 0)
    pthread_cond_wait(&q->drained, &q->mu);
  pthread_mutex_unlock(&q->mu);
}

void logq_push(struct log_queue *q, struct log_item *it) {
  pthread_mutex_lock(&q->mu);
  it->next = q->first;
  q->first = it;
  pthread_cond_signal(&q->posted);
  pthread_mutex_unlock(&q->mu);
}

struct log_item *logq_pop(struct log_queue *q) {
  pthread_mutex_lock(&q->mu);
  while (!q->first)
    pthread_cond_wait(&q->posted, &q->mu);
  struct log_item *it = q->first;
  q->first = it->next;
  pthread_mutex_unlock(&q->mu);
  return it;
}
