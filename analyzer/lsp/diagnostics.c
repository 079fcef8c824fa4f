/* diagnostics.c - see diagnostics.h. */
#include "diagnostics.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "positions.h"
#include "rule_info.h"
#include "util.h"

enum { SEVERITY_ERROR = 1, SEVERITY_WARNING = 2, SEVERITY_INFORMATION = 3 };

static int severity_of_level(const char *level) {
  return strcmp(level, "error") == 0     ? SEVERITY_ERROR
         : strcmp(level, "warning") == 0 ? SEVERITY_WARNING
                                         : SEVERITY_INFORMATION;
}

static void add_related(cJSON *list, const ll_location *loc, const char *message) {
  if (!loc->path || !loc->line)
    return;
  cJSON *r = cJSON_CreateObject();
  cJSON_AddItemToObject(r, "location", lsp_location(loc));
  cJSON_AddStringToObject(r, "message", message ? message : "");
  cJSON_AddItemToArray(list, r);
}

cJSON *diagnostic_of_finding(const ll_finding *f) {
  const ll_rule_info *info = rule_info(f->rule);
  cJSON *d = cJSON_CreateObject();
  cJSON_AddItemToObject(d, "range", lsp_range(&f->loc));
  cJSON_AddNumberToObject(d, "severity", severity_of_level(info->default_level));
  cJSON_AddStringToObject(d, "code", info->id);
  char *href = xasprintf("%s%s.md", LEAKLINT_HELP_URI_BASE, info->id);
  cJSON_AddObjectToObject(d, "codeDescription");
  cJSON_AddStringToObject(cJSON_GetObjectItem(d, "codeDescription"), "href", href);
  free(href);
  cJSON_AddStringToObject(d, "source", "leaklint");
  cJSON_AddStringToObject(d, "message", f->message);
  cJSON *related = cJSON_AddArrayToObject(d, "relatedInformation");
  add_related(related, &f->acquired, f->acquired_note);
  for (size_t i = 0; i < f->nsteps; i++)
    add_related(related, &f->steps[i].loc, f->steps[i].message);
  return d;
}

cJSON *diagnostic_of_note(const ll_notification *n) {
  if (n->level == NOTE_INFO || !n->loc.path)
    return NULL;
  cJSON *d = cJSON_CreateObject();
  cJSON_AddItemToObject(d, "range", lsp_range(&n->loc));
  cJSON_AddNumberToObject(d, "severity",
                          n->level == NOTE_ERROR ? SEVERITY_ERROR : SEVERITY_WARNING);
  cJSON_AddStringToObject(d, "source", "leaklint");
  cJSON_AddStringToObject(d, "message", n->message);
  return d;
}

static void add_file(const char ***files, size_t *n, size_t *cap, const char *path) {
  if (!path)
    return;
  for (size_t i = 0; i < *n; i++)
    if ((*files)[i] == path)
      return;
  LL_GROW(*files, *n, *cap);
  (*files)[(*n)++] = path;
}

const char **report_files(const ll_report *r, size_t *n) {
  const char **files = NULL;
  size_t cap = 0;
  *n = 0;
  for (size_t i = 0; i < r->nfindings; i++)
    add_file(&files, n, &cap, r->findings[i].loc.path);
  for (size_t i = 0; i < r->nnotes; i++)
    if (r->notes[i].level != NOTE_INFO)
      add_file(&files, n, &cap, r->notes[i].loc.path);
  return files;
}
