/* sarif_reader.c - see sarif_reader.h.  Reads only the finding vocabulary
 * every leaklint SARIF log carries: ruleId, the primary location, and
 * relatedLocations[0]; the rest of the tree is kept untouched. */
#include "sarif_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_doc.h"
#include "util.h"

static int hex(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c |= 0x20;
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "file:///a%20b/c" -> "/a b/c"; other URIs are taken as paths. */
static char *uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7) == 0) {
    uri += 7;
    if (strncmp(uri, "localhost/", 10) == 0)
      uri += 9;
  }
  char *out = malloc(strlen(uri) + 1), *w = out;
  for (const char *r = uri; out && *r; r++) {
    if (r[0] == '%' && hex(r[1]) >= 0 && hex(r[2]) >= 0) {
      *w++ = (char)(hex(r[1]) * 16 + hex(r[2]));
      r += 2;
    } else {
      *w++ = *r;
    }
  }
  if (out)
    *w = '\0';
  return out;
}

static const char *base_uri(const cJSON *run, const char *id) {
  const cJSON *bases = cJSON_GetObjectItemCaseSensitive(run, "originalUriBaseIds");
  const cJSON *base = cJSON_GetObjectItemCaseSensitive(bases, id);
  const cJSON *uri = cJSON_GetObjectItemCaseSensitive(base, "uri");
  return cJSON_IsString(uri) ? uri->valuestring : NULL;
}

/* A location's file as a path: absolute when the log says where its base is. */
static char *location_path(const cJSON *run, const cJSON *art) {
  const cJSON *uri = cJSON_GetObjectItemCaseSensitive(art, "uri");
  if (!cJSON_IsString(uri))
    return NULL;
  const cJSON *base_id = cJSON_GetObjectItemCaseSensitive(art, "uriBaseId");
  const char *base = cJSON_IsString(base_id) ? base_uri(run, base_id->valuestring) : NULL;
  if (!base || strstr(uri->valuestring, "://") || uri->valuestring[0] == '/')
    return uri_to_path(uri->valuestring);
  char *joined = malloc(strlen(base) + strlen(uri->valuestring) + 2);
  if (!joined)
    return NULL;
  size_t n = strlen(base);
  sprintf(joined, "%s%s%s", base, n && base[n - 1] == '/' ? "" : "/", uri->valuestring);
  char *path = uri_to_path(joined);
  free(joined);
  return path;
}

static int read_site(const cJSON *run, const cJSON *location, sarif_site *site) {
  const cJSON *phys = cJSON_GetObjectItemCaseSensitive(location, "physicalLocation");
  const cJSON *art = cJSON_GetObjectItemCaseSensitive(phys, "artifactLocation");
  const cJSON *region = cJSON_GetObjectItemCaseSensitive(phys, "region");
  const cJSON *start = cJSON_GetObjectItemCaseSensitive(region, "startLine");
  const cJSON *end = cJSON_GetObjectItemCaseSensitive(region, "endLine");
  char *path = location_path(run, art);
  if (!path || !cJSON_IsNumber(start)) {
    free(path);
    return -1;
  }
  site->path = path;
  site->line = start->valueint;
  site->end_line = cJSON_IsNumber(end) ? end->valueint : site->line;
  return 0;
}

static int add_result(sarif_log *log, const cJSON *run, cJSON *json) {
  sarif_result item;
  memset(&item, 0, sizeof item);
  item.json = json;
  const cJSON *rule = cJSON_GetObjectItemCaseSensitive(json, "ruleId");
  item.rule = cJSON_IsString(rule) ? rule->valuestring : "";
  const cJSON *locs = cJSON_GetObjectItemCaseSensitive(json, "locations");
  const cJSON *related = cJSON_GetObjectItemCaseSensitive(json, "relatedLocations");
  if (read_site(run, cJSON_GetArrayItem(locs, 0), &item.primary) != 0)
    return 0; /* nothing to match against */
  if (read_site(run, cJSON_GetArrayItem(related, 0), &item.acquired) != 0) {
    item.acquired = item.primary;
    item.acquired.path = strdup(item.primary.path);
  }
  sarif_result *grown = realloc(log->results, (log->n + 1) * sizeof *grown);
  if (!grown || !item.acquired.path) {
    free(item.primary.path);
    free(item.acquired.path);
    return -1;
  }
  log->results = grown;
  log->results[log->n++] = item;
  return 0;
}

int sarif_log_read(const char *path, sarif_log *log, char *err, size_t errlen) {
  memset(log, 0, sizeof *log);
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  /* Parsed through json_doc so that a log that is not JSON is reported
   * where it breaks. */
  json_doc d;
  int rc = json_doc_parse(&d, path, text, len, "a SARIF log", err, errlen);
  log->root = d.root;
  d.root = NULL;
  json_doc_free(&d);
  free(text);
  if (rc != 0)
    return -1;
  const cJSON *runs = cJSON_GetObjectItemCaseSensitive(log->root, "runs");
  if (!cJSON_IsArray(runs)) {
    snprintf(err, errlen, "%s: not a SARIF log", path);
    sarif_log_free(log);
    return -1;
  }
  const cJSON *run;
  cJSON_ArrayForEach(run, runs) {
    cJSON *result;
    cJSON_ArrayForEach(result, cJSON_GetObjectItemCaseSensitive(run, "results")) {
      if (add_result(log, run, result) != 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        sarif_log_free(log);
        return -1;
      }
    }
  }
  return 0;
}

void sarif_log_free(sarif_log *log) {
  for (size_t i = 0; i < log->n; i++) {
    free(log->results[i].primary.path);
    free(log->results[i].acquired.path);
  }
  free(log->results);
  cJSON_Delete(log->root);
  memset(log, 0, sizeof *log);
}
