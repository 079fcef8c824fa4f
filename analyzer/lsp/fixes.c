/* fixes.c - answering textDocument/codeAction from the fixes published
 * with the last diagnostics (see server.h).  A fix is offered on every
 * line its diagnostic spans: editors ask for the cursor's position, which
 * is seldom inside the flagged expression. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

static int line_of(const cJSON *range, const char *end) {
  const cJSON *pos = cJSON_GetObjectItem(range, end);
  const cJSON *line = pos ? cJSON_GetObjectItem(pos, "line") : NULL;
  return cJSON_IsNumber(line) ? line->valueint : -1;
}

static bool lines_overlap(const cJSON *a, const cJSON *b) {
  return line_of(a, "start") <= line_of(b, "end") && line_of(b, "start") <= line_of(a, "end");
}

/* Whether context.only, when given, admits quick fixes. */
static bool wants_quickfix(const cJSON *params) {
  const cJSON *ctx = cJSON_GetObjectItem(params, "context");
  const cJSON *only = ctx ? cJSON_GetObjectItem(ctx, "only") : NULL;
  if (!cJSON_IsArray(only))
    return true;
  const cJSON *kind;
  cJSON_ArrayForEach(kind, only) {
    if (cJSON_IsString(kind) &&
        (strcmp(kind->valuestring, "quickfix") == 0 || strcmp(kind->valuestring, "") == 0))
      return true;
  }
  return false;
}

static const published *published_for(server *sv, const char *path) {
  for (size_t i = 0; i < sv->npubs; i++)
    if (sv->pubs[i].path == path)
      return &sv->pubs[i];
  return NULL;
}

void answer_code_action(server *sv, const cJSON *id, const cJSON *params, const char *path) {
  cJSON *result = cJSON_CreateArray();
  const published *p = published_for(sv, path);
  const cJSON *range = cJSON_GetObjectItem(params, "range");
  const cJSON *fix;
  if (p && wants_quickfix(params))
    cJSON_ArrayForEach(fix, p->fixes) {
      if (!lines_overlap(cJSON_GetObjectItem(fix, "range"), range))
        continue;
      const cJSON *a;
      cJSON_ArrayForEach(a, cJSON_GetObjectItem(fix, "actions")) {
        cJSON_AddItemToArray(result, cJSON_Duplicate(a, 1));
      }
    }
  rpc_send(&sv->out, rpc_result(id, result));
}

void answer_waiting(server *sv) {
  for (size_t i = 0; i < sv->nwaiting;) {
    pending *w = &sv->waiting[i];
    document *d = document_find(sv, w->path);
    if (!sv->ready || (d && (d->dirty || d->unpublished))) {
      i++;
      continue;
    }
    answer_code_action(sv, w->id, w->params, w->path);
    cJSON_Delete(w->id);
    cJSON_Delete(w->params);
    *w = sv->waiting[--sv->nwaiting];
  }
}
