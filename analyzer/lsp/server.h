/* server.h - the server's state, shared by the thread that reads and
 * answers messages (dispatch.c) and the one that analyses (analysis.c).
 * Everything below `lock` is guarded by it; the output stream has its own
 * lock (jsonrpc.h), always taken after this one. */
#ifndef LEAKLINT_SERVER_H
#define LEAKLINT_SERVER_H

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "jsonrpc.h"
#include "lsp.h"

/* A file the client told us about: open in the editor (text is its
 * buffer), or closed or saved and to be analysed from disk (text NULL). */
typedef struct document {
  char *uri;
  const char *path; /* interned, real */
  char *text;
  size_t len;
  int version;          /* the client's; -1 when not open */
  int analysed_version; /* of the text the last published analysis saw */
  bool open;
  bool dirty;       /* changed since it was last parsed */
  bool unpublished; /* parsed, and the diagnostics of that text not yet out */
  uint64_t due_ms;  /* when to parse it (the debounce) */
} document;

/* What was last published for a file: to publish only what changes, and
 * to answer codeAction. */
typedef struct published {
  const char *path;  /* interned */
  char *diagnostics; /* the array as JSON text */
  cJSON *fixes;      /* [{range, actions}] for each diagnostic with actions */
} published;

/* A codeAction that waits for the analysis of its document's latest text. */
typedef struct pending {
  cJSON *id;
  cJSON *params;
  const char *path;
} pending;

typedef enum { PHASE_NEW, PHASE_RUNNING, PHASE_SHUTDOWN } server_phase;

typedef struct server {
  const lsp_options *opt;
  rpc_writer out;
  pthread_t worker;
  bool worker_started;

  pthread_mutex_t lock;
  pthread_cond_t wake;
  server_phase phase;
  bool start;    /* initialized: the analysis may begin */
  bool ready;    /* the workspace is analysed and linked */
  bool quit;     /* exit, or the end of input */
  char *root;    /* the workspace root; NULL: single files */
  bool progress; /* the client takes work-done progress */
  unsigned debounce_ms;
  uint64_t generation; /* bumped by every change to a document */
  int next_id;         /* of requests to the client */
  document *docs;
  size_t ndocs, cap_docs;
  published *pubs;
  size_t npubs, cap_pubs;
  pending *waiting;
  size_t nwaiting, cap_waiting;
} server;

uint64_t now_ms(void);

/* dispatch.c: one message from the client (the reader thread). */
void server_handle(server *sv, const char *body, size_t len);

/* analysis.c: the analysis thread's body. */
void *analysis_main(void *arg);

/* documents.c (under lock) */
document *document_find(server *sv, const char *path);
document *document_get(server *sv, const char *uri, const char *path);
/* Marks d to be parsed after delay_ms, and bumps the generation. */
void document_touch(server *sv, document *d, unsigned delay_ms);
void documents_free(server *sv);

/* fixes.c (under lock): answers a codeAction for path now, from the
 * fixes last published. */
void answer_code_action(server *sv, const cJSON *id, const cJSON *params, const char *path);
/* Answers the waiting requests whose documents are analysed (under lock). */
void answer_waiting(server *sv);

#endif
