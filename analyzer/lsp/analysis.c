/* analysis.c - the analysis thread: the workspace parsed once (with
 * work-done progress), then, for each batch of changed documents whose
 * debounce has run out, those units parsed again, the program linked
 * again and the diagnostics that changed published.  A change that comes
 * in meanwhile supersedes the batch: its results are dropped and the next
 * round includes the newer text. */
#include "server.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "code_actions.h"
#include "diagnostics.h"
#include "model_loading.h"
#include "positions.h"
#include "uri.h"
#include "util.h"
#include "workspace.h"

#define PROGRESS_TOKEN "leaklint/workspace"

typedef struct analysis {
  server *sv;
  driver_options drv;
  const model_set *models;
  model_set *own_models; /* when setup gave none */
  const char *paths[1];
  workspace *ws;
  atomic_int percent; /* last reported */
} analysis;

static void show_message(server *sv, int type, const char *text) {
  cJSON *p = cJSON_CreateObject();
  cJSON_AddNumberToObject(p, "type", type);
  cJSON_AddStringToObject(p, "message", text);
  rpc_send(&sv->out, rpc_notification("window/showMessage", p));
}

enum { MESSAGE_ERROR = 1, MESSAGE_WARNING = 2 };

static void progress(server *sv, const char *kind, const char *message, int percent) {
  if (!sv->progress)
    return;
  /* The token is ours: the client is asked to create it first (its answer
   * is not waited for; clients show progress for a token they created as
   * soon as it exists). */
  if (strcmp(kind, "begin") == 0) {
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "token", PROGRESS_TOKEN);
    pthread_mutex_lock(&sv->lock);
    int id = sv->next_id++;
    pthread_mutex_unlock(&sv->lock);
    rpc_send(&sv->out, rpc_request(id, "window/workDoneProgress/create", p));
  }
  cJSON *p = cJSON_CreateObject();
  cJSON_AddStringToObject(p, "token", PROGRESS_TOKEN);
  cJSON *v = cJSON_AddObjectToObject(p, "value");
  cJSON_AddStringToObject(v, "kind", kind);
  if (strcmp(kind, "begin") == 0)
    cJSON_AddStringToObject(v, "title", "leaklint");
  if (message)
    cJSON_AddStringToObject(v, "message", message);
  if (percent >= 0)
    cJSON_AddNumberToObject(v, "percentage", percent);
  rpc_send(&sv->out, rpc_notification("$/progress", p));
}

/* From the parse workers: a report when the percentage moves. */
static void unit_parsed(void *data, size_t n, size_t total) {
  analysis *a = data;
  int pct = total ? (int)(n * 100 / total) : 100;
  int last = atomic_load(&a->percent);
  while (pct > last)
    if (atomic_compare_exchange_weak(&a->percent, &last, pct)) {
      char *msg = xasprintf("%zu/%zu units parsed", n, total);
      progress(a->sv, "report", msg, pct);
      free(msg);
      break;
    }
}

/* The options and models of the workspace, as the command line would
 * have them for the root. */
static void set_up(analysis *a, const char *root) {
  server *sv = a->sv;
  char err[1024] = "";
  if (sv->opt->setup &&
      sv->opt->setup(sv->opt->setup_data, root, &a->drv, &a->models, err, sizeof err) != 0)
    show_message(sv, MESSAGE_ERROR, err);
  if (!a->models) {
    a->own_models = models_load(NULL, 0, err, sizeof err);
    a->models = a->own_models;
    if (!a->models)
      show_message(sv, MESSAGE_ERROR, err);
  }
  if (!a->drv.enabled_rules)
    a->drv.enabled_rules = (1u << RULE_COUNT) - 1;
  a->paths[0] = root;
  a->drv.paths = a->paths;
  a->drv.npaths = root ? 1 : 0;
}

static published *published_get(server *sv, const char *path) {
  for (size_t i = 0; i < sv->npubs; i++)
    if (sv->pubs[i].path == path)
      return &sv->pubs[i];
  LL_GROW(sv->pubs, sv->npubs, sv->cap_pubs);
  published *p = &sv->pubs[sv->npubs++];
  *p = (published){.path = path};
  return p;
}

/* The diagnostics of one file, published if they changed or if force
 * (the file was just analysed: the client learns its text is done); its
 * fixes kept. */
static void publish_file(server *sv, const ll_report *r, const char *path, bool force) {
  document *doc = document_find(sv, path);
  char *uri = doc ? xstrdup(doc->uri) : path_to_uri(path);
  int version = doc && doc->open ? doc->analysed_version : -1;
  cJSON *diags = cJSON_CreateArray(), *fixes = cJSON_CreateArray();
  for (size_t i = 0; i < r->nfindings; i++) {
    const ll_finding *f = &r->findings[i];
    if (f->loc.path != path)
      continue;
    cJSON *d = diagnostic_of_finding(f);
    cJSON *actions = code_actions_for(f, d, uri, version);
    cJSON *fix = cJSON_CreateObject();
    cJSON_AddItemToObject(fix, "range", cJSON_Duplicate(cJSON_GetObjectItem(d, "range"), 1));
    cJSON_AddItemToObject(fix, "actions", actions);
    cJSON_AddItemToArray(fixes, fix);
    cJSON_AddItemToArray(diags, d);
  }
  for (size_t i = 0; i < r->nnotes; i++) {
    cJSON *d = r->notes[i].loc.path == path ? diagnostic_of_note(&r->notes[i]) : NULL;
    if (d)
      cJSON_AddItemToArray(diags, d);
  }
  published *p = published_get(sv, path);
  cJSON_Delete(p->fixes);
  p->fixes = fixes;
  char *text = cJSON_PrintUnformatted(diags);
  if (!force && p->diagnostics && strcmp(p->diagnostics, text) == 0) {
    free(text);
    cJSON_Delete(diags);
  } else {
    free(p->diagnostics);
    p->diagnostics = text;
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "uri", uri);
    if (version >= 0)
      cJSON_AddNumberToObject(params, "version", version);
    cJSON_AddItemToObject(params, "diagnostics", diags);
    rpc_send(&sv->out, rpc_notification("textDocument/publishDiagnostics", params));
  }
  free(uri);
}

static void add_path(const char ***files, size_t *n, size_t *cap, const char *path) {
  for (size_t k = 0; k < *n; k++)
    if ((*files)[k] == path)
      return;
  LL_GROW(*files, *n, *cap);
  (*files)[(*n)++] = path;
}

/* Every file with something to say now, every file that had (to clear
 * it), and the documents just analysed.  Under the lock. */
static void publish(server *sv, const ll_report *r) {
  size_t n;
  const char **files = report_files(r, &n);
  size_t cap = n;
  for (size_t i = 0; i < sv->npubs; i++)
    if (strcmp(sv->pubs[i].diagnostics, "[]") != 0)
      add_path(&files, &n, &cap, sv->pubs[i].path);
  for (size_t i = 0; i < sv->ndocs; i++)
    if (sv->docs[i].unpublished)
      add_path(&files, &n, &cap, sv->docs[i].path);
  for (size_t i = 0; i < n; i++) {
    const document *d = document_find(sv, files[i]);
    publish_file(sv, r, files[i], d && d->unpublished);
  }
  free(files);
  for (size_t i = 0; i < sv->ndocs; i++)
    sv->docs[i].unpublished = false;
  answer_waiting(sv);
}

/* Links the program and publishes, unless a change came after generation
 * (the caller holds no lock). */
static void link_and_publish(analysis *a, uint64_t generation) {
  ll_report r;
  report_init(&r);
  workspace_link(a->ws, &r);
  pthread_mutex_lock(&a->sv->lock);
  if (a->sv->generation == generation)
    publish(a->sv, &r);
  pthread_mutex_unlock(&a->sv->lock);
  report_free(&r);
}

static void open_workspace(analysis *a, const char *root) {
  server *sv = a->sv;
  set_up(a, root);
  ll_report notes;
  report_init(&notes);
  progress(sv, "begin", "parsing the workspace", 0);
  if (a->models)
    a->ws = workspace_open(&a->drv, a->models, unit_parsed, a, &notes);
  for (size_t i = 0; i < notes.nnotes; i++)
    if (notes.notes[i].level != NOTE_INFO) {
      char *text =
          xasprintf("leaklint: %s%s%s", notes.notes[i].loc.path ? notes.notes[i].loc.path : "",
                    notes.notes[i].loc.path ? ": " : "", notes.notes[i].message);
      show_message(sv, notes.notes[i].level == NOTE_ERROR ? MESSAGE_ERROR : MESSAGE_WARNING, text);
      free(text);
    }
  report_free(&notes);
  if (a->ws) {
    progress(sv, "report", "linking the program", 100);
    ll_report r;
    report_init(&r);
    workspace_link(a->ws, &r);
    pthread_mutex_lock(&sv->lock);
    publish(sv, &r); /* the whole program: documents changed since are queued anyway */
    pthread_mutex_unlock(&sv->lock);
    report_free(&r);
  }
  progress(sv, "end", a->ws ? "done" : "the workspace could not be opened", -1);
}

typedef struct batch_item {
  const char *path;
  char *text; /* NULL: from disk */
  size_t len;
} batch_item;

/* Waits (under the lock) until a dirty document is due or quit. */
static bool wait_for_work(server *sv) {
  for (;;) {
    if (sv->quit)
      return false;
    uint64_t due = UINT64_MAX;
    for (size_t i = 0; i < sv->ndocs; i++)
      if (sv->docs[i].dirty && sv->docs[i].due_ms < due)
        due = sv->docs[i].due_ms;
    uint64_t now = now_ms();
    if (due <= now)
      return true;
    if (due == UINT64_MAX) {
      pthread_cond_wait(&sv->wake, &sv->lock);
    } else {
      struct timespec ts = {.tv_sec = (time_t)(due / 1000),
                            .tv_nsec = (long)(due % 1000) * 1000000};
      pthread_cond_timedwait(&sv->wake, &sv->lock, &ts);
    }
  }
}

/* The due documents' texts (under the lock). */
static batch_item *take_batch(server *sv, size_t *n) {
  batch_item *items = xcalloc(sv->ndocs ? sv->ndocs : 1, sizeof *items);
  uint64_t now = now_ms();
  *n = 0;
  for (size_t i = 0; i < sv->ndocs; i++) {
    document *d = &sv->docs[i];
    if (!d->dirty || d->due_ms > now)
      continue;
    d->dirty = false;
    d->unpublished = true;
    d->analysed_version = d->version;
    items[(*n)++] = (batch_item){
        .path = d->path, .text = d->text ? xstrndup(d->text, d->len) : NULL, .len = d->len};
  }
  return items;
}

static void serve_changes(analysis *a) {
  server *sv = a->sv;
  pthread_mutex_lock(&sv->lock);
  while (wait_for_work(sv)) {
    size_t n;
    batch_item *items = take_batch(sv, &n);
    uint64_t generation = sv->generation;
    pthread_mutex_unlock(&sv->lock);
    for (size_t i = 0; i < n; i++) {
      if (a->ws)
        workspace_update(a->ws, items[i].path, items[i].text, items[i].len);
      free(items[i].text);
    }
    free(items);
    pthread_mutex_lock(&sv->lock);
    bool superseded = sv->generation != generation;
    pthread_mutex_unlock(&sv->lock);
    if (!superseded && a->ws)
      link_and_publish(a, generation);
    pthread_mutex_lock(&sv->lock);
  }
  pthread_mutex_unlock(&sv->lock);
}

void *analysis_main(void *arg) {
  analysis a = {.sv = arg};
  server *sv = a.sv;
  pthread_mutex_lock(&sv->lock);
  while (!sv->quit && !sv->start)
    pthread_cond_wait(&sv->wake, &sv->lock);
  bool quit = sv->quit;
  char *root = sv->root ? xstrdup(sv->root) : NULL;
  pthread_mutex_unlock(&sv->lock);
  if (!quit) {
    open_workspace(&a, root);
    pthread_mutex_lock(&sv->lock);
    sv->ready = true;
    answer_waiting(sv);
    pthread_mutex_unlock(&sv->lock);
    serve_changes(&a);
  }
  workspace_free(a.ws);
  model_set_free(a.own_models);
  free(root);
  return NULL;
}
