/* dispatch.c - each message from the client, on the reader thread.
 * Requests are answered at once, except a codeAction for a document whose
 * latest text is not analysed yet: it waits (answer_waiting) and may be
 * cancelled meanwhile. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "uri.h"
#include "util.h"

enum { SYNC_FULL = 1 };

static void reply(server *sv, cJSON *msg) {
  rpc_send(&sv->out, msg);
}

static const char *string_at(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *object_at(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsObject(v) ? v : NULL;
}

/* The workspace root of initialize: rootUri, else the first workspace
 * folder, else rootPath. */
static char *root_of(const cJSON *params) {
  const char *uri = string_at(params, "rootUri");
  const cJSON *folders = cJSON_GetObjectItemCaseSensitive(params, "workspaceFolders");
  if (!uri && cJSON_IsArray(folders) && cJSON_GetArraySize(folders) > 0)
    uri = string_at(cJSON_GetArrayItem(folders, 0), "uri");
  if (uri)
    return uri_to_path(uri);
  const char *path = string_at(params, "rootPath");
  return path ? xstrdup(path) : NULL;
}

static cJSON *capabilities(void) {
  cJSON *c = cJSON_CreateObject();
  cJSON *sync = cJSON_AddObjectToObject(c, "textDocumentSync");
  cJSON_AddTrueToObject(sync, "openClose");
  cJSON_AddNumberToObject(sync, "change", SYNC_FULL);
  cJSON_AddFalseToObject(cJSON_AddObjectToObject(sync, "save"), "includeText");
  cJSON *actions = cJSON_AddObjectToObject(c, "codeActionProvider");
  cJSON_AddItemToArray(cJSON_AddArrayToObject(actions, "codeActionKinds"),
                       cJSON_CreateString("quickfix"));
  return c;
}

static void initialize(server *sv, const cJSON *id, const cJSON *params) {
  if (sv->phase != PHASE_NEW) {
    reply(sv, rpc_error(id, RPC_INVALID_REQUEST, "initialize was already received"));
    return;
  }
  sv->root = root_of(params);
  const cJSON *caps = object_at(params, "capabilities");
  const cJSON *window = caps ? object_at(caps, "window") : NULL;
  sv->progress = window && cJSON_IsTrue(cJSON_GetObjectItem(window, "workDoneProgress"));
  const cJSON *init = object_at(params, "initializationOptions");
  const cJSON *debounce = init ? cJSON_GetObjectItem(init, "debounceMs") : NULL;
  if (cJSON_IsNumber(debounce) && debounce->valuedouble >= 0 && debounce->valuedouble <= 60000)
    sv->debounce_ms = (unsigned)debounce->valuedouble;
  sv->phase = PHASE_RUNNING;
  cJSON *result = cJSON_CreateObject();
  cJSON_AddItemToObject(result, "capabilities", capabilities());
  cJSON *info = cJSON_AddObjectToObject(result, "serverInfo");
  cJSON_AddStringToObject(info, "name", "leaklint");
  cJSON_AddStringToObject(info, "version", LEAKLINT_VERSION);
  reply(sv, rpc_result(id, result));
}

/* The document a textDocument notification or request names; NULL (and
 * *why) when params do not name a file: URI. */
static document *document_of(server *sv, const cJSON *params, bool create, const char **why) {
  const cJSON *td = params ? object_at(params, "textDocument") : NULL;
  const char *uri = td ? string_at(td, "uri") : NULL;
  if (!uri) {
    *why = "params.textDocument.uri is missing";
    return NULL;
  }
  char *path = uri_to_path(uri);
  if (!path) {
    *why = "params.textDocument.uri is not a file: URI";
    return NULL;
  }
  const char *key = intern(path);
  free(path);
  document *d = create ? document_get(sv, uri, key) : document_find(sv, key);
  if (!d)
    *why = "the document is not open";
  return d;
}

/* Only C sources are units; a header is analysed through them. */
static bool is_unit(const document *d) {
  return str_ends_with(d->path, ".c");
}

static void set_text(document *d, const char *text, int version) {
  free(d->text);
  d->len = strlen(text);
  d->text = xstrdup(text);
  d->version = version;
}

static void log_message(server *sv, int type, const char *what, const char *why) {
  cJSON *p = cJSON_CreateObject();
  cJSON_AddNumberToObject(p, "type", type);
  char *text = xasprintf("leaklint: %s: %s", what, why);
  cJSON_AddStringToObject(p, "message", text);
  free(text);
  reply(sv, rpc_notification("window/logMessage", p));
}

enum { MESSAGE_ERROR = 1 };

static void did_open(server *sv, const char *method, const cJSON *params) {
  const char *why;
  document *d = document_of(sv, params, true, &why);
  const cJSON *td = d ? object_at(params, "textDocument") : NULL;
  const char *text = td ? string_at(td, "text") : NULL;
  const cJSON *version = td ? cJSON_GetObjectItem(td, "version") : NULL;
  if (!text || !cJSON_IsNumber(version)) {
    log_message(sv, MESSAGE_ERROR, method, d ? "params.textDocument needs text and version" : why);
    return;
  }
  set_text(d, text, version->valueint);
  d->open = true;
  if (is_unit(d))
    document_touch(sv, d, 0);
}

static void did_change(server *sv, const char *method, const cJSON *params) {
  const char *why = "params.contentChanges must hold the whole text (sync kind Full)";
  document *d = document_of(sv, params, false, &why);
  const cJSON *changes = d ? cJSON_GetObjectItem(params, "contentChanges") : NULL;
  const cJSON *version =
      d ? cJSON_GetObjectItem(object_at(params, "textDocument"), "version") : NULL;
  int n = cJSON_IsArray(changes) ? cJSON_GetArraySize(changes) : 0;
  /* Full sync: the last change is the whole text. */
  const cJSON *last = n ? cJSON_GetArrayItem(changes, n - 1) : NULL;
  const char *text = last && !cJSON_GetObjectItem(last, "range") ? string_at(last, "text") : NULL;
  if (!d || !text || !cJSON_IsNumber(version)) {
    log_message(sv, MESSAGE_ERROR, method, why);
    return;
  }
  set_text(d, text, version->valueint);
  if (is_unit(d))
    document_touch(sv, d, sv->debounce_ms);
}

/* The document a notification names, or NULL once the client is told why. */
static document *named_document(server *sv, const char *method, const cJSON *params, bool create) {
  const char *why;
  document *d = document_of(sv, params, create, &why);
  if (!d)
    log_message(sv, MESSAGE_ERROR, method, why);
  return d;
}

static void did_save(server *sv, const char *method, const cJSON *params) {
  document *d = named_document(sv, method, params, true);
  if (d && is_unit(d))
    document_touch(sv, d, 0); /* a save is a deliberate point: no debounce */
}

static void did_close(server *sv, const char *method, const cJSON *params) {
  document *d = named_document(sv, method, params, false);
  if (!d)
    return;
  /* The file on disk is the unit's text again. */
  free(d->text);
  d->text = NULL;
  d->len = 0;
  d->open = false;
  d->version = -1;
  if (is_unit(d))
    document_touch(sv, d, 0);
}

static void code_action(server *sv, const cJSON *id, const cJSON *params) {
  const char *why;
  /* A file that is not open has fixes too (from the workspace's analysis). */
  document *d = document_of(sv, params, true, &why);
  if (!d || !object_at(params, "range")) {
    reply(sv, rpc_error(id, RPC_INVALID_PARAMS, "%s", d ? "params.range is missing" : why));
    return;
  }
  if (sv->ready && !d->dirty && !d->unpublished) {
    answer_code_action(sv, id, params, d->path);
    return;
  }
  LL_GROW(sv->waiting, sv->nwaiting, sv->cap_waiting);
  sv->waiting[sv->nwaiting++] = (pending){
      .id = cJSON_Duplicate(id, 1), .params = cJSON_Duplicate(params, 1), .path = d->path};
}

static bool same_id(const cJSON *a, const cJSON *b) {
  if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
    return a->valuedouble == b->valuedouble;
  return cJSON_IsString(a) && cJSON_IsString(b) && strcmp(a->valuestring, b->valuestring) == 0;
}

static void cancel(server *sv, const cJSON *params) {
  const cJSON *id = params ? cJSON_GetObjectItem(params, "id") : NULL;
  for (size_t i = 0; id && i < sv->nwaiting; i++)
    if (same_id(sv->waiting[i].id, id)) {
      reply(sv, rpc_error(sv->waiting[i].id, RPC_REQUEST_CANCELLED, "cancelled"));
      cJSON_Delete(sv->waiting[i].id);
      cJSON_Delete(sv->waiting[i].params);
      sv->waiting[i] = sv->waiting[--sv->nwaiting];
      return;
    }
  /* Already answered, or never seen: nothing to do, as the protocol says. */
}

static void request(server *sv, const char *method, const cJSON *id, const cJSON *params) {
  if (strcmp(method, "initialize") == 0) {
    if (!cJSON_IsObject(params))
      reply(sv, rpc_error(id, RPC_INVALID_PARAMS, "initialize wants an object of params"));
    else
      initialize(sv, id, params);
  } else if (sv->phase == PHASE_NEW) {
    reply(sv, rpc_error(id, RPC_SERVER_NOT_INITIALIZED, "%s before initialize", method));
  } else if (sv->phase == PHASE_SHUTDOWN) {
    reply(sv, rpc_error(id, RPC_INVALID_REQUEST, "%s after shutdown", method));
  } else if (strcmp(method, "shutdown") == 0) {
    sv->phase = PHASE_SHUTDOWN;
    reply(sv, rpc_result(id, NULL));
  } else if (strcmp(method, "textDocument/codeAction") == 0) {
    code_action(sv, id, params);
  } else {
    reply(sv, rpc_error(id, RPC_METHOD_NOT_FOUND, "method not supported: %s", method));
  }
}

static void notification(server *sv, const char *method, const cJSON *params) {
  if (strcmp(method, "exit") == 0) {
    sv->quit = true;
    pthread_cond_signal(&sv->wake);
    return;
  }
  if (sv->phase != PHASE_RUNNING)
    return; /* the protocol drops notifications before initialize */
  if (strcmp(method, "initialized") == 0) {
    sv->start = true;
    pthread_cond_signal(&sv->wake);
  } else if (strcmp(method, "textDocument/didOpen") == 0) {
    did_open(sv, method, params);
  } else if (strcmp(method, "textDocument/didChange") == 0) {
    did_change(sv, method, params);
  } else if (strcmp(method, "textDocument/didSave") == 0) {
    did_save(sv, method, params);
  } else if (strcmp(method, "textDocument/didClose") == 0) {
    did_close(sv, method, params);
  } else if (strcmp(method, "$/cancelRequest") == 0) {
    cancel(sv, params);
  }
  /* Other notifications ($/setTrace, workspace/didChangeConfiguration, ...)
   * are not ours to act on. */
}

void server_handle(server *sv, const char *body, size_t len) {
  const char *end = NULL;
  cJSON *msg = cJSON_ParseWithLengthOpts(body, len, &end, false);
  if (!msg) {
    reply(sv, rpc_error(NULL, RPC_PARSE_ERROR, "the frame is not JSON (at byte %zu)",
                        end ? (size_t)(end - body) : 0));
    return;
  }
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
  const cJSON *method = cJSON_GetObjectItemCaseSensitive(msg, "method");
  const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
  bool valid_id = !id || cJSON_IsNumber(id) || cJSON_IsString(id);
  pthread_mutex_lock(&sv->lock);
  if (!cJSON_IsObject(msg) || !valid_id || (method && !cJSON_IsString(method)) ||
      (params && !cJSON_IsObject(params) && !cJSON_IsArray(params))) {
    reply(sv, rpc_error(valid_id ? id : NULL, RPC_INVALID_REQUEST,
                        "not a JSON-RPC 2.0 request or notification"));
  } else if (!method) {
    /* a response to one of our requests (window/workDoneProgress/create) */
  } else if (id) {
    request(sv, method->valuestring, id, params);
  } else {
    notification(sv, method->valuestring, params);
  }
  pthread_mutex_unlock(&sv->lock);
  cJSON_Delete(msg);
}
