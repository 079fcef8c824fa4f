/* sarif_io.c - findings in (through sarif/sarif_reader.c), verdicts out.
 *
 * A finding is matched by where its resource was acquired (the site that
 * allocation stacks must pass through); the rest of the log is written back
 * untouched, with each result's verdict added. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_out.h"
#include "sarif_reader.h"
#include "util.h"
#include "verify_internal.h"

int vf_findings_read(const char *path, vf_findings *out) {
  memset(out, 0, sizeof *out);
  char err[1024];
  if (sarif_log_read(path, &out->log, err, sizeof err) != 0) {
    fprintf(stderr, "leaklint verify: %s\n", err);
    return -1;
  }
  out->n = out->log.n;
  out->items = calloc(out->n ? out->n : 1, sizeof *out->items);
  if (!out->items) {
    sarif_log_free(&out->log);
    return -1;
  }
  for (size_t i = 0; i < out->n; i++) {
    const sarif_result *r = &out->log.results[i];
    out->items[i] = (vf_finding){
        .result = r->json, .rule = r->rule, .site = r->acquired, .primary = r->primary};
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
  cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(f->log.root, "runs")) {
    cJSON *props = object_member(run, "properties");
    cJSON_DeleteItemFromObjectCaseSensitive(props, "leaklint/verify");
    cJSON_AddItemToObject(props, "leaklint/verify", cJSON_Duplicate(run_info, 1));
  }
  atomic_file af;
  int rc = atomic_file_open(&af, path);
  if (rc == 0 && json_write(f->log.root, af.fp) != 0) {
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
  free(f->items); /* the sites' paths belong to the log */
  sarif_log_free(&f->log);
  memset(f, 0, sizeof *f);
}
