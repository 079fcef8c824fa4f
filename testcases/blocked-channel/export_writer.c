/* The writing half of a table export: start a reader thread
 * (export_reader.c), receive its rows and write them out.
 *
 * check-flags: --rules chan_rules
 * check-program: export_reader.c
 *
 *   leaklint --verify testcases/blocked-channel/export_writer.c
 */
#include <stdlib.h>

#include "export.h"

static int write_row(FILE *out, const struct row *r) {
  return fprintf(out, "%d,%s\n", r->id, r->text) < 0 ? -1 : 0;
}

/* Faulty: a failed write returns without closing 'rows': the reader's
 * next chan_send() waits for a receiver that is gone. */
int export_rows(struct export *x) {
  if (pthread_create(&x->tid, NULL, export_reader_main, x) != 0)
    return -1;
  struct row *r;
  while ((r = chan_recv(x->rows)) != NULL) {
    int rc = write_row(x->out, r);
    free(r);
    if (rc != 0) // expect: blocked-channel "'export_rows' stops receiving from the channel 'x->rows' here: it leaves the loop that receives with chan_recv() at line 23 without receiving again or closing it, while the thread running 'export_reader_main' (started by pthread_create() at line 20) sends on it with chan_send() in a loop at export_reader.c:31: once the channel has no room, that chan_send() blocks forever"
      return -1;
  }
  return pthread_join(x->tid, NULL);
}

/* Correct: a failed write closes the channel first, so the reader's
 * chan_send() fails and its thread ends. */
int export_batches(struct export *x) {
  if (pthread_create(&x->tid, NULL, batch_reader_main, x) != 0)
    return -1;
  struct row *r;
  int rc = 0;
  while (rc == 0 && (r = chan_recv(x->batches)) != NULL) {
    rc = write_row(x->out, r);
    free(r);
    if (rc != 0) {
      chan_close(x->batches);
      break;
    }
  }
  pthread_join(x->tid, NULL);
  return rc;
}

/* Correct: the reader sends samples with a timeout. */
int export_samples(struct export *x) {
  if (pthread_create(&x->tid, NULL, sample_reader_main, x) != 0)
    return -1;
  for (;;) {
    struct row *r = chan_recv(x->samples);
    if (!r)
      break;
    int rc = write_row(x->out, r);
    free(r);
    if (rc != 0)
      break;
  }
  return pthread_join(x->tid, NULL);
}

/* Correct: stops at the reader's last row, its final send. */
int export_sheets(struct export *x) {
  if (pthread_create(&x->tid, NULL, sheet_reader_main, x) != 0)
    return -1;
  for (;;) {
    struct row *r = chan_recv(x->sheets);
    if (!r)
      break;
    int last = r->last;
    write_row(x->out, r);
    free(r);
    if (last)
      break;
  }
  return pthread_join(x->tid, NULL);
}

/* Correct: the audit queue never fills. */
int export_audit(struct export *x) {
  if (pthread_create(&x->tid, NULL, audit_reader_main, x) != 0)
    return -1;
  for (int i = 0; i < x->nrows; i++) {
    struct row *r = g_async_queue_pop(x->audit);
    int rc = write_row(x->out, r);
    free(r);
    if (rc != 0)
      break;
  }
  return pthread_join(x->tid, NULL);
}

int main(void) {
  struct export x = {.nrows = 1000, .out = stdout};
  x.rows = chan_new();
  x.batches = chan_new();
  x.samples = chan_new();
  x.sheets = chan_new();
  x.audit = g_async_queue_new();
  if (!x.rows || !x.batches || !x.samples || !x.sheets || !x.audit)
    return 1;
  int rc = export_rows(&x) | export_batches(&x) | export_samples(&x) | export_sheets(&x) |
           export_audit(&x);
  chan_free(x.rows);
  chan_free(x.batches);
  chan_free(x.samples);
  chan_free(x.sheets);
  g_async_queue_unref(x.audit);
  return rc != 0;
}
