/* The reading half of a table export: each reader thread fetches the
 * rows and sends them to the writer (export_writer.c).  chan_send()
 * waits for the writer to take the row.
 *
 * check-flags: --rules chan_rules
 * check-program: export_writer.c
 *
 *   leaklint --verify testcases/blocked-channel/export_reader.c
 */
#include <stdlib.h>

#include "export.h"

struct row *fetch_row(struct export *x, int i) {
  struct row *r = calloc(1, sizeof *r);
  if (r) {
    r->id = i;
    r->last = i == x->nrows - 1;
  }
  return r;
}

/* Sends every row, blocking until the writer takes it: stranded when
 * the writer gives up (export_writer.c). */
void *export_reader_main(void *arg) {
  struct export *x = arg;
  for (int i = 0; i < x->nrows; i++) {
    struct row *r = fetch_row(x, i);
    if (!r)
      break;
    if (chan_send(x->rows, r) != 0) {
      free(r);
      break;
    }
  }
  chan_close(x->rows);
  return NULL;
}

/* Correct with its writer, which closes the channel when it gives up:
 * chan_send() then fails and the loop ends. */
void *batch_reader_main(void *arg) {
  struct export *x = arg;
  for (int i = 0; i < x->nrows; i++) {
    struct row *r = fetch_row(x, i);
    if (!r || chan_send(x->batches, r) != 0) {
      free(r);
      break;
    }
  }
  return NULL;
}

/* Correct: a sample nobody takes within a second is dropped. */
void *sample_reader_main(void *arg) {
  struct export *x = arg;
  for (int i = 0; i < x->nrows; i += 100) {
    struct row *r = fetch_row(x, i);
    if (r && chan_send_timeout(x->samples, r, 1000) != 0)
      free(r);
  }
  return NULL;
}

/* Correct: the last row is sent after the loop, flagged as such; the
 * writer stops at it. */
void *sheet_reader_main(void *arg) {
  struct export *x = arg;
  int i;
  for (i = 0; i < x->nrows - 1; i++) {
    struct row *r = fetch_row(x, i);
    if (r && chan_send(x->sheets, r) != 0)
      free(r);
  }
  struct row *last = fetch_row(x, i);
  if (last && chan_send(x->sheets, last) != 0)
    free(last);
  return NULL;
}

/* Correct: the audit queue is unbounded, its push never blocks. */
void *audit_reader_main(void *arg) {
  struct export *x = arg;
  for (int i = 0; i < x->nrows; i++) {
    struct row *r = fetch_row(x, i);
    if (r)
      g_async_queue_push(x->audit, r);
  }
  return NULL;
}
