/* lsp.c - see lsp.h.  Two threads: this one reads frames and answers
 * them (dispatch.c); the analysis thread (analysis.c) parses, links and
 * publishes. */
#include "lsp.h"

#include <signal.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "util.h"

enum { DEFAULT_DEBOUNCE_MS = 250 };

static void server_init(server *sv, const lsp_options *opt) {
  memset(sv, 0, sizeof *sv);
  sv->opt = opt;
  sv->debounce_ms = DEFAULT_DEBOUNCE_MS;
  rpc_writer_init(&sv->out, opt->out_fd);
  pthread_mutex_init(&sv->lock, NULL);
  /* The debounce waits on the monotonic clock (now_ms()). */
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&sv->wake, &attr);
  pthread_condattr_destroy(&attr);
}

static void server_free(server *sv) {
  documents_free(sv);
  free(sv->root);
  pthread_cond_destroy(&sv->wake);
  pthread_mutex_destroy(&sv->lock);
  rpc_writer_free(&sv->out);
}

int lsp_serve(const lsp_options *opt) {
  /* A client that goes away must not kill us mid-write: the write fails. */
  signal(SIGPIPE, SIG_IGN);
  server sv;
  server_init(&sv, opt);
  sv.worker_started = pthread_create(&sv.worker, NULL, analysis_main, &sv) == 0;
  rpc_reader in = {.fd = opt->in_fd};
  for (;;) {
    char *body, err[256];
    size_t len;
    frame_status st = rpc_read_frame(&in, &body, &len, err, sizeof err);
    if (st == FRAME_EOF)
      break;
    if (st == FRAME_BAD) {
      rpc_send(&sv.out, rpc_error(NULL, RPC_PARSE_ERROR, "%s", err));
      continue;
    }
    server_handle(&sv, body, len);
    free(body);
    pthread_mutex_lock(&sv.lock);
    bool quit = sv.quit;
    pthread_mutex_unlock(&sv.lock);
    if (quit)
      break;
  }
  pthread_mutex_lock(&sv.lock);
  sv.quit = true;
  bool clean = sv.phase == PHASE_SHUTDOWN;
  pthread_cond_signal(&sv.wake);
  pthread_mutex_unlock(&sv.lock);
  if (sv.worker_started)
    pthread_join(sv.worker, NULL);
  rpc_reader_free(&in);
  server_free(&sv);
  return clean ? 0 : 1;
}
