/* A crawler feeds documents to indexer threads through the project's own
 * bounded queue (doc_queue.c), which no model describes.
 *
 * check-program: doc_queue.c
 *
 *   leaklint --verify testcases/blocked-channel/crawl_index.c
 */
#include <stdio.h>
#include <stdlib.h>

#include "doc_queue.h"

struct crawl {
  struct doc_queue docs;  /* the faulty indexer's */
  struct doc_queue pages; /* the indexer that closes on failure */
  struct doc_queue sheets; /* ends with the crawler's last document */
  struct doc_queue retries; /* meant to be fed failed fetches */
  struct doc_queue feed;    /* shared by a pool of indexers */
  struct log_queue log;   /* unbounded */
  FILE *index;
  pthread_t tid;
};

static int index_doc(FILE *index, const struct doc *d) {
  return fprintf(index, "%s\n", d->url) < 0 ? -1 : 0;
}

/* Faulty: a failed write ends the indexer without closing the queue; the
 * crawler's docq_push() then waits for room that never comes. */
static void *indexer_main(void *arg) {
  struct crawl *c = arg;
  struct doc *d;
  while ((d = docq_pop(&c->docs)) != NULL) {
    int rc = index_doc(c->index, d);
    free(d);
    if (rc != 0) // expect: blocked-channel "'indexer_main' (a thread started by pthread_create() at line 151) stops receiving from the queue 'c->docs' here: it leaves the loop that receives with docq_pop() at line 33 without receiving again or closing it, while 'crawl' sends on it with docq_push() in a loop at line 157: once the queue has no room, that docq_push() blocks forever"
      break;
  }
  return NULL;
}

/* Correct: the same indexer closes the queue when it gives up, so the
 * crawler's push fails instead of waiting. */
static void *closing_indexer_main(void *arg) {
  struct crawl *c = arg;
  struct doc *d;
  while ((d = docq_pop(&c->pages)) != NULL) {
    int rc = index_doc(c->index, d);
    free(d);
    if (rc != 0) {
      docq_close(&c->pages);
      break;
    }
  }
  return NULL;
}

/* Correct: one of a pool; when it gives up, the others keep popping. */
static void *pool_indexer_main(void *arg) {
  struct crawl *c = arg;
  struct doc *d;
  while ((d = docq_pop(&c->feed)) != NULL) {
    int rc = index_doc(c->index, d);
    free(d);
    if (rc != 0)
      return NULL;
  }
  return NULL;
}

/* Correct: stops at the last document, which the crawler pushes last. */
static void *sheet_indexer_main(void *arg) {
  struct crawl *c = arg;
  for (;;) {
    struct doc *d = docq_pop(&c->sheets);
    if (!d)
      break;
    int last = d->last;
    index_doc(c->index, d);
    free(d);
    if (last)
      break;
  }
  return NULL;
}

/* Correct: the log queue is unbounded; the logger stopping early costs
 * log lines, not a blocked producer. */
static void *logger_main(void *arg) {
  struct crawl *c = arg;
  for (;;) {
    struct log_item *it = logq_pop(&c->log);
    int rc = fputs(it->text, stderr);
    free(it);
    if (rc == EOF)
      break;
  }
  return NULL;
}

/* Faulty: retries a failed fetch, but nothing ever pushes to 'retries'
 * (crawl() frees a failed document instead): the thread waits for good. */
static void *retry_main(void *arg) {
  struct crawl *c = arg;
  struct doc *d;
  while ((d = docq_pop(&c->retries)) != NULL) // expect: blocked-channel "'retry_main' runs as a thread (started by pthread_create() at line 143) and waits here with docq_pop() on the queue 'c->retries', which no function in the program wakes: the thread blocks forever"
    free(d);
  return NULL;
}

static struct doc *fetch(int i, int last) {
  struct doc *d = calloc(1, sizeof *d);
  if (d) {
    snprintf(d->url, sizeof d->url, "https://example.org/%d", i);
    d->last = last;
  }
  return d;
}

static int feed_pool(struct crawl *c, int n) {
  pthread_t pool[4];
  int started;
  for (started = 0; started < 4; started++)
    if (pthread_create(&pool[started], NULL, pool_indexer_main, c) != 0)
      break;
  for (int i = 0; i < n; i++) {
    struct doc *d = fetch(i, 0);
    if (d && docq_push(&c->feed, d) != 0)
      free(d);
  }
  docq_drain(&c->feed);
  docq_close(&c->feed);
  while (started-- > 0)
    pthread_join(pool[started], NULL);
  return 0;
}

static int crawl(struct crawl *c, int n) {
  pthread_t logger;
  if (pthread_create(&logger, NULL, logger_main, c) != 0)
    return -1;
  pthread_detach(logger);
  if (pthread_create(&logger, NULL, retry_main, c) != 0)
    return -1;
  pthread_detach(logger);
  for (int i = 0; i < n; i++) {
    struct log_item *it = calloc(1, sizeof *it);
    if (it)
      logq_push(&c->log, it);
  }
  if (pthread_create(&c->tid, NULL, indexer_main, c) != 0)
    return -1;
  for (int i = 0; i < n; i++) {
    struct doc *d = fetch(i, 0);
    if (!d)
      break;
    if (docq_push(&c->docs, d) != 0)
      free(d);
  }
  docq_close(&c->docs);
  pthread_join(c->tid, NULL);

  if (pthread_create(&c->tid, NULL, closing_indexer_main, c) != 0)
    return -1;
  for (int i = 0; i < n; i++) {
    struct doc *d = fetch(i, 0);
    if (!d || docq_push(&c->pages, d) != 0) {
      free(d);
      break;
    }
  }
  docq_close(&c->pages);
  pthread_join(c->tid, NULL);

  if (pthread_create(&c->tid, NULL, sheet_indexer_main, c) != 0)
    return -1;
  int i;
  for (i = 0; i < n - 1; i++) {
    struct doc *d = fetch(i, 0);
    if (d && docq_push(&c->sheets, d) != 0)
      free(d);
  }
  struct doc *last = fetch(i, 1);
  if (last && docq_push(&c->sheets, last) != 0)
    free(last);
  pthread_join(c->tid, NULL);
  return feed_pool(c, n);
}

int main(void) {
  static struct crawl c;
  c.index = stdout;
  return crawl(&c, 100) != 0;
}
