/* documents.c - the files the client named, and what was published for
 * them (see server.h).  A handful at a time: a linear search is enough. */
#include "server.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

document *document_find(server *sv, const char *path) {
  for (size_t i = 0; i < sv->ndocs; i++)
    if (sv->docs[i].path == path)
      return &sv->docs[i];
  return NULL;
}

document *document_get(server *sv, const char *uri, const char *path) {
  document *d = document_find(sv, path);
  if (d)
    return d;
  LL_GROW(sv->docs, sv->ndocs, sv->cap_docs);
  d = &sv->docs[sv->ndocs++];
  *d = (document){.uri = xstrdup(uri), .path = path, .version = -1, .analysed_version = -1};
  return d;
}

void document_touch(server *sv, document *d, unsigned delay_ms) {
  d->dirty = true;
  d->due_ms = now_ms() + delay_ms;
  sv->generation++;
  pthread_cond_signal(&sv->wake);
}

void documents_free(server *sv) {
  for (size_t i = 0; i < sv->ndocs; i++) {
    free(sv->docs[i].uri);
    free(sv->docs[i].text);
  }
  free(sv->docs);
  for (size_t i = 0; i < sv->npubs; i++) {
    free(sv->pubs[i].diagnostics);
    cJSON_Delete(sv->pubs[i].fixes);
  }
  free(sv->pubs);
  for (size_t i = 0; i < sv->nwaiting; i++) {
    cJSON_Delete(sv->waiting[i].id);
    cJSON_Delete(sv->waiting[i].params);
  }
  free(sv->waiting);
}
