/* sarif_io.c - findings in, verdicts out, through cJSON.
 *
 * We read only the finding vocabulary every leaklint SARIF log carries:
 * ruleId, the primary location, and relatedLocations[0] (where the resource
 * was acquired, the site that allocation stacks must pass through).  The
 * rest of the log is written back untouched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "util.h"
#include "verify_internal.h"

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

static int read_site(const cJSON *run, const cJSON *location, vf_site *site) {
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

static int add_result(vf_findings *f, const cJSON *run, cJSON *result) {
  vf_finding item;
  memset(&item, 0, sizeof item);
  item.result = result;
  const cJSON *rule = cJSON_GetObjectItemCaseSensitive(result, "ruleId");
  item.rule = cJSON_IsString(rule) ? rule->valuestring : "";
  const cJSON *locs = cJSON_GetObjectItemCaseSensitive(result, "locations");
  const cJSON *related = cJSON_GetObjectItemCaseSensitive(result, "relatedLocations");
  if (read_site(run, cJSON_GetArrayItem(locs, 0), &item.primary) != 0)
    return 0; /* nothing to match a run against */
  if (read_site(run, cJSON_GetArrayItem(related, 0), &item.site) != 0) {
    item.site = item.primary;
    item.site.path = strdup(item.primary.path);
  }
  vf_finding *grown = realloc(f->items, (f->n + 1) * sizeof *grown);
  if (!grown || !item.site.path) {
    free(item.primary.path);
    free(item.site.path);
    return -1;
  }
  f->items = grown;
  f->items[f->n++] = item;
  return 0;
}

int vf_findings_read(const char *path, vf_findings *out) {
  memset(out, 0, sizeof *out);
  char *text = read_file(path, NULL);
  if (!text) {
    fprintf(stderr, "leaklint verify: cannot read %s: %s\n", path, strerror(errno));
    return -1;
  }
  out->root = cJSON_Parse(text);
  free(text);
  const cJSON *runs = cJSON_GetObjectItemCaseSensitive(out->root, "runs");
  if (!cJSON_IsArray(runs)) {
    fprintf(stderr, "leaklint verify: %s: not a SARIF log\n", path);
    vf_findings_free(out);
    return -1;
  }
  const cJSON *run;
  cJSON_ArrayForEach(run, runs) {
    cJSON *result;
    cJSON_ArrayForEach(result, cJSON_GetObjectItemCaseSensitive(run, "results")) {
      if (add_result(out, run, result) != 0) {
        vf_findings_free(out);
        return -1;
      }
    }
  }
  return 0;
}

static cJSON *object_member(cJSON *parent, const char *name) {
  cJSON *child = cJSON_GetObjectItemCaseSensitive(parent, name);
  if (!cJSON_IsObject(child)) {
    cJSON_DeleteItemFromObjectCaseSensitive(parent, name);
    child = cJSON_AddObjectToObject(parent, name);
  }
  return child;
}

static void put_evidence(cJSON *obj, const vf_evidence *ev) {
  cJSON *e = cJSON_AddObjectToObject(obj, "evidence");
  cJSON_AddStringToObject(e, "resource", ev->resource);
  if (strcmp(ev->resource, "heap") == 0) {
    cJSON_AddNumberToObject(e, "inuseBytes", ev->inuse_bytes);
    cJSON_AddNumberToObject(e, "inuseObjects", ev->inuse_objects);
    cJSON_AddNumberToObject(e, "allocBytes", ev->alloc_bytes);
    cJSON_AddNumberToObject(e, "allocObjects", ev->alloc_objects);
    cJSON_AddNumberToObject(e, "peakBytes", ev->count_max);
    cJSON_AddNumberToObject(e, "peakObjects", ev->peak_objects);
    cJSON_AddNumberToObject(e, "growthBytesPerSecond", ev->growth_per_s);
  } else {
    cJSON_AddNumberToObject(e, "baseline", ev->count_base);
    cJSON_AddNumberToObject(e, "first", ev->count_first);
    cJSON_AddNumberToObject(e, "last", ev->count_last);
    cJSON_AddNumberToObject(e, "max", ev->count_max);
    cJSON_AddNumberToObject(e, "growthPerSecond", ev->growth_per_s);
  }
  cJSON_AddNumberToObject(e, "trendZ", ev->trend_z);
  cJSON_AddNumberToObject(e, "profiles", (double)ev->profiles);
  if (ev->pid)
    cJSON_AddNumberToObject(e, "pid", ev->pid);
}

static void annotate(vf_finding *f) {
  cJSON *props = object_member(f->result, "properties");
  cJSON_DeleteItemFromObjectCaseSensitive(props, "leaklint/verdict");
  cJSON *v = cJSON_AddObjectToObject(props, "leaklint/verdict");
  cJSON_AddStringToObject(v, "verdict", vf_verdict_name(f->ev.verdict));
  cJSON_AddStringToObject(v, "reason", f->ev.reason ? f->ev.reason : "");
  put_evidence(v, &f->ev);
  if (f->ev.profile)
    cJSON_AddStringToObject(v, "profile", f->ev.profile);
}

int vf_findings_write(vf_findings *f, const char *path, cJSON *run_info) {
  for (size_t i = 0; i < f->n; i++)
    annotate(&f->items[i]);
  cJSON *run;
  cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(f->root, "runs")) {
    cJSON *props = object_member(run, "properties");
    cJSON_DeleteItemFromObjectCaseSensitive(props, "leaklint/verify");
    cJSON_AddItemToObject(props, "leaklint/verify", cJSON_Duplicate(run_info, 1));
  }
  atomic_file af;
  int rc = atomic_file_open(&af, path);
  if (rc == 0 && json_write(f->root, af.fp) != 0) {
    atomic_file_abort(&af);
    rc = -1;
  } else if (rc == 0) {
    rc = atomic_file_commit(&af);
  }
  if (rc != 0)
    fprintf(stderr, "leaklint verify: cannot write %s: %s\n", path, strerror(errno));
  return rc;
}

void vf_findings_free(vf_findings *f) {
  for (size_t i = 0; i < f->n; i++) {
    free(f->items[i].primary.path);
    free(f->items[i].site.path);
  }
  free(f->items);
  cJSON_Delete(f->root);
  memset(f, 0, sizeof *f);
}
