/* report_json.c - the report as one JSON object, for scripts and editors
 * that want leaklint's own vocabulary rather than SARIF's.  Columns stay in
 * bytes, as libclang gives them; null marks what is unknown. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "config.h"
#include "json_out.h"
#include "reporters.h"

/* A string, or null when the record has none. */
static void add_string(cJSON *o, const char *key, const char *value) {
  if (value)
    cJSON_AddStringToObject(o, key, value);
  else
    cJSON_AddNullToObject(o, key);
}

/* A 1-based position, or null when it is 0 (unknown). */
static void add_position(cJSON *o, const char *key, unsigned value) {
  if (value)
    cJSON_AddNumberToObject(o, key, value);
  else
    cJSON_AddNullToObject(o, key);
}

static void add_place(cJSON *o, const ll_location *loc) {
  add_string(o, "file", loc->path);
  add_position(o, "line", loc->line);
  add_position(o, "column", loc->col);
}

static cJSON *acquired(const ll_finding *f) {
  if (!f->acquired.path && !f->acquired.line)
    return cJSON_CreateNull();
  cJSON *a = cJSON_CreateObject();
  add_place(a, &f->acquired);
  add_string(a, "note", f->acquired_note);
  return a;
}

static cJSON *path(const ll_finding *f) {
  cJSON *steps = cJSON_CreateArray();
  for (size_t i = 0; i < f->nsteps; i++) {
    cJSON *s = cJSON_CreateObject();
    add_place(s, &f->steps[i].loc);
    add_string(s, "message", f->steps[i].message);
    cJSON_AddItemToArray(steps, s);
  }
  return steps;
}

static cJSON *finding(const ll_finding *f) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "rule", rule_id_name(f->rule));
  add_string(o, "message", f->message);
  add_place(o, &f->loc);
  add_position(o, "end_line", f->loc.end_line);
  add_position(o, "end_column", f->loc.end_col);
  add_string(o, "function", f->function);
  cJSON_AddItemToObject(o, "acquired", acquired(f));
  cJSON_AddItemToObject(o, "path", path(f));
  add_string(o, "fix", f->fix);
  if (f->fix_code) /* a mechanical fix: the statement to run before the flagged one */
    cJSON_AddStringToObject(o, "fix_code", f->fix_code);
  /* The same line hash SARIF carries: suppressions and baselines match on it. */
  if (f->fingerprint[0])
    cJSON_AddStringToObject(o, "fingerprint", f->fingerprint);
  return o;
}

static cJSON *notification(const ll_notification *n) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "level", note_level_name(n->level));
  add_string(o, "message", n->message);
  add_place(o, &n->loc);
  return o;
}

int report_json(const ll_report *r, FILE *out) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "version", LEAKLINT_VERSION);
  cJSON *findings = cJSON_AddArrayToObject(root, "findings");
  for (size_t i = 0; i < r->nfindings; i++)
    cJSON_AddItemToArray(findings, finding(&r->findings[i]));
  cJSON *notes = cJSON_AddArrayToObject(root, "notifications");
  for (size_t i = 0; i < r->nnotes; i++)
    cJSON_AddItemToArray(notes, notification(&r->notes[i]));
  cJSON_AddBoolToObject(root, "execution_successful", r->execution_successful);

  int rc = json_write(root, out);
  cJSON_Delete(root);
  return rc;
}
