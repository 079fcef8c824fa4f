/* project_config.c - see project_config.h.  Read through json_doc.h, so a
 * wrong key or value is reported at its position, as rules files are. */
#include "project_config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json_doc.h"
#include "json_out.h"
#include "rule_ids.h"
#include "util.h"

char *project_config_find(const char *start) {
  char buf[PATH_MAX];
  if (!dir_of_path(start ? start : ".", buf, sizeof buf))
    return NULL;
  do {
    char *candidate = xasprintf("%s/%s", strcmp(buf, "/") ? buf : "", PROJECT_CONFIG_NAME);
    struct stat st;
    if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode))
      return candidate;
    free(candidate);
  } while (up_one_dir(buf));
  return NULL;
}

/* ---- reading ---- */

typedef struct reader {
  json_doc *d;
  project_config *c;
  char *err;
  size_t errlen;
} reader;

static char *relative_to(const char *dir, const char *p) {
  return p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", dir, p);
}

static int want_string(reader *r, const cJSON *v) {
  if (cJSON_IsString(v) && v->valuestring[0])
    return 0;
  return json_doc_error(r->d, v, false, r->err, r->errlen, "\"%s\" must be a non-empty string",
                        v->string);
}

/* A list of non-empty strings, as new strings (made absolute against the
 * config's directory with as_paths). */
static int read_strings(reader *r, const cJSON *v, bool as_paths, char ***out, size_t *n) {
  if (!cJSON_IsArray(v))
    return json_doc_error(r->d, v, false, r->err, r->errlen, "\"%s\" must be an array of strings",
                          v->string);
  *out = xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof **out);
  const cJSON *e;
  cJSON_ArrayForEach(e, v) {
    if (!cJSON_IsString(e) || !e->valuestring[0])
      return json_doc_error(r->d, e, false, r->err, r->errlen,
                            "\"%s\" must be an array of non-empty strings", v->string);
    (*out)[(*n)++] = as_paths ? relative_to(r->c->dir, e->valuestring) : xstrdup(e->valuestring);
  }
  return 0;
}

static int read_rules(reader *r, const cJSON *v, unsigned *mask) {
  if (!cJSON_IsArray(v))
    return json_doc_error(r->d, v, false, r->err, r->errlen, "\"%s\" must be an array of rule ids",
                          v->string);
  const cJSON *e;
  cJSON_ArrayForEach(e, v) {
    ll_rule_id id = cJSON_IsString(e) ? rule_id_lookup(e->valuestring) : RULE_COUNT;
    if (id == RULE_COUNT)
      return json_doc_error(r->d, e, false, r->err, r->errlen,
                            "\"%s\": not a rule id (see leaklint --list-rules)", v->string);
    *mask |= RULE_BIT(id);
  }
  return 0;
}

static int read_member(reader *r, const cJSON *v) {
  project_config *c = r->c;
  const char *k = v->string;
  if (strcmp(k, "enable") == 0)
    return read_rules(r, v, &c->enable);
  if (strcmp(k, "disable") == 0)
    return read_rules(r, v, &c->disable);
  if (strcmp(k, "rules") == 0)
    return read_strings(r, v, true, &c->rules_dirs, &c->nrules_dirs);
  if (strcmp(k, "extra-args") == 0)
    return read_strings(r, v, false, &c->extra_args, &c->nextra);
  if (strcmp(k, "exclude") == 0)
    return read_strings(r, v, false, &c->exclude, &c->nexclude);
  if (strcmp(k, "compilation-database") == 0 || strcmp(k, "baseline") == 0) {
    if (want_string(r, v) != 0)
      return -1;
    *(k[0] == 'c' ? &c->compdb_dir : &c->baseline) = relative_to(c->dir, v->valuestring);
    return 0;
  }
  if (strcmp(k, "budget") == 0) {
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long)v->valuedouble ||
        v->valuedouble < 100 || v->valuedouble > 10000000)
      return json_doc_error(r->d, v, false, r->err, r->errlen,
                            "\"budget\" must be a whole number of states from 100 to 10000000");
    c->budget = (unsigned)v->valuedouble;
    return 0;
  }
  if (strcmp(k, "fail-on") == 0) {
    static const char *const values[] = {"new", "any", "none"};
    for (size_t i = 0; cJSON_IsString(v) && i < 3; i++)
      if (strcmp(v->valuestring, values[i]) == 0) {
        c->fail_on = values[i];
        return 0;
      }
    return json_doc_error(r->d, v, false, r->err, r->errlen,
                          "\"fail-on\" must be \"new\", \"any\" or \"none\"");
  }
  return json_doc_error(r->d, v, true, r->err, r->errlen,
                        "unknown key \"%s\" (expected enable, disable, rules, "
                        "compilation-database, extra-args, exclude, baseline, budget, fail-on)",
                        k);
}

static int read_document(reader *r) {
  const cJSON *root = r->d->root;
  if (!cJSON_IsObject(root))
    return json_doc_error(r->d, root, false, r->err, r->errlen,
                          "a leaklint configuration is a JSON object");
  for (const cJSON *v = root->child; v; v = v->next) {
    for (const cJSON *w = root->child; w != v; w = w->next)
      if (strcmp(w->string, v->string) == 0)
        return json_doc_error(r->d, v, true, r->err, r->errlen, "\"%s\" given twice", v->string);
    if (read_member(r, v) != 0)
      return -1;
  }
  return 0;
}

int project_config_load(project_config *c, const char *path, char *err, size_t errlen) {
  memset(c, 0, sizeof *c);
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    snprintf(err, errlen, "%s: error: cannot read: %s", path, strerror(errno));
    return -1;
  }
  char abs[PATH_MAX];
  c->path = xstrdup(realpath(path, abs) ? abs : path);
  c->dir = xstrdup(c->path);
  char *slash = strrchr(c->dir, '/');
  if (slash)
    *(slash == c->dir ? slash + 1 : slash) = '\0';
  else
    strcpy(c->dir, ".");
  json_doc d;
  reader r = {.d = &d, .c = c, .err = err, .errlen = errlen};
  int rc = json_doc_parse(&d, path, text, len, "a configuration file", err, errlen);
  if (rc == 0)
    rc = read_document(&r);
  json_doc_free(&d);
  free(text);
  return rc;
}

static void free_strings(char **list, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(list[i]);
  free(list);
}

void project_config_free(project_config *c) {
  free(c->path);
  free(c->dir);
  free_strings(c->rules_dirs, c->nrules_dirs);
  free(c->compdb_dir);
  free_strings(c->extra_args, c->nextra);
  free_strings(c->exclude, c->nexclude);
  free(c->baseline);
  memset(c, 0, sizeof *c);
}

/* ---- using ---- */

bool project_config_excludes(const project_config *c, const char *path) {
  if (!c || !c->nexclude)
    return false;
  char abs[PATH_MAX];
  if (!realpath(path, abs))
    return false;
  size_t n = strlen(c->dir);
  const char *rel = strncmp(abs, c->dir, n) == 0 && abs[n] == '/' ? abs + n + 1 : abs;
  const char *base = strrchr(abs, '/') ? strrchr(abs, '/') + 1 : abs;
  for (size_t i = 0; i < c->nexclude; i++) {
    const char *glob = c->exclude[i];
    if (fnmatch(glob, rel, 0) == 0 || (!strchr(glob, '/') && fnmatch(glob, base, 0) == 0))
      return true;
  }
  return false;
}

static void add_strings(cJSON *o, const char *key, char *const *list, size_t n) {
  cJSON *a = cJSON_AddArrayToObject(o, key);
  for (size_t i = 0; i < n; i++)
    cJSON_AddItemToArray(a, cJSON_CreateString(list[i]));
}

static void add_rules(cJSON *o, const char *key, unsigned mask) {
  cJSON *a = cJSON_AddArrayToObject(o, key);
  for (int r = 0; r < RULE_COUNT; r++)
    if (mask & RULE_BIT(r))
      cJSON_AddItemToArray(a, cJSON_CreateString(rule_id_name((ll_rule_id)r)));
}

static void add_string_or_null(cJSON *o, const char *key, const char *value) {
  if (value)
    cJSON_AddStringToObject(o, key, value);
  else
    cJSON_AddNullToObject(o, key);
}

int project_config_dump(const project_config *c, FILE *out) {
  cJSON *o = cJSON_CreateObject();
  add_string_or_null(o, "config", c->path);
  add_rules(o, "enable", c->enable);
  add_rules(o, "disable", c->disable);
  add_strings(o, "rules", c->rules_dirs, c->nrules_dirs);
  add_string_or_null(o, "compilation-database", c->compdb_dir);
  add_strings(o, "extra-args", c->extra_args, c->nextra);
  add_strings(o, "exclude", c->exclude, c->nexclude);
  add_string_or_null(o, "baseline", c->baseline);
  if (c->budget)
    cJSON_AddNumberToObject(o, "budget", c->budget);
  else
    cJSON_AddNullToObject(o, "budget"); /* the engine's default */
  add_string_or_null(o, "fail-on", c->fail_on);
  int rc = json_write(o, out);
  cJSON_Delete(o);
  return rc;
}
