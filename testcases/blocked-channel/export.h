/* A table export: a reader thread (export_reader.c) sends the rows over
 * the project's channel (chan.h), the writer (export_writer.c) receives
 * them and writes the file. */
#ifndef EXPORT_H
#define EXPORT_H

#include <pthread.h>
#include <stdio.h>

#include "chan.h"

typedef struct _GAsyncQueue GAsyncQueue;
GAsyncQueue *g_async_queue_new(void);
void g_async_queue_push(GAsyncQueue *q, void *data);
void *g_async_queue_pop(GAsyncQueue *q);
void g_async_queue_unref(GAsyncQueue *q);

struct row {
  int id;
  int last; /* the reader's final row */
  char text[64];
};

struct export {
  int nrows;
  FILE *out;
  chan *rows;         /* the faulty writer's */
  chan *batches;      /* the writer that closes on failure */
  chan *samples;      /* sent with a timeout */
  chan *sheets;       /* ends with the reader's last row */
  GAsyncQueue *audit; /* unbounded: a push never blocks */
  pthread_t tid;
};

struct row *fetch_row(struct export *x, int i);

void *export_reader_main(void *arg);
void *batch_reader_main(void *arg);
void *sample_reader_main(void *arg);
void *sheet_reader_main(void *arg);
void *audit_reader_main(void *arg);

#endif
