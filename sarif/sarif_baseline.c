/* sarif_baseline.c - see sarif_baseline.h.  The baseline is read with
 * sarif_reader.h; identities are compared as text. */
#include "sarif_baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_ids.h"
#include "sarif_reader.h"
#include "sarif_writer.h"
#include "util.h"

typedef struct known {
  char *identity, *loose;
  const cJSON *json;
  bool matched;
} known;

static char *identity(const char *rule, bool relative, const char *uri, const char *hash,
                      int line) {
  /* Without a line hash (a file that could not be read), the line stands in. */
  return hash && *hash
             ? xasprintf("%s\n%s%s\n%s", rule, relative ? "%SRCROOT%/" : "", uri, hash)
             : xasprintf("%s\n%s%s\nline %d", rule, relative ? "%SRCROOT%/" : "", uri, line);
}

/* The looser identity a result keeps when lines around it change (an edit
 * within GitHub's hash window, about 100 characters after the flagged
 * line): rule, file, function and message, without the line numbers the
 * message may name. */
static char *loose_identity(const char *rule, bool relative, const char *uri, const char *function,
                            const char *text) {
  char *id = xasprintf("%s\n%s%s\n%s\n%s", rule, relative ? "%SRCROOT%/" : "", uri,
                       function ? function : "", text ? text : "");
  size_t w = 0;
  for (size_t i = 0; id[i]; i++)
    if (id[i] < '0' || id[i] > '9')
      id[w++] = id[i];
  id[w] = '\0';
  return id;
}

static const cJSON *member(const cJSON *o, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(o, key);
}

static void result_identities(const sarif_result *res, known *k) {
  const cJSON *loc = cJSON_GetArrayItem(member(res->json, "locations"), 0);
  const cJSON *art = member(member(loc, "physicalLocation"), "artifactLocation");
  const cJSON *uri = member(art, "uri");
  const cJSON *hash = member(member(res->json, "partialFingerprints"), "primaryLocationLineHash");
  const cJSON *fn = member(cJSON_GetArrayItem(member(loc, "logicalLocations"), 0), "name");
  const cJSON *text = member(member(res->json, "message"), "text");
  if (!cJSON_IsString(uri))
    return;
  bool relative = cJSON_IsString(member(art, "uriBaseId"));
  k->identity = identity(res->rule, relative, uri->valuestring,
                         cJSON_IsString(hash) ? hash->valuestring : NULL, res->primary.line);
  k->loose = loose_identity(res->rule, relative, uri->valuestring,
                            cJSON_IsString(fn) ? fn->valuestring : NULL,
                            cJSON_IsString(text) ? text->valuestring : NULL);
  k->json = res->json;
}

static void finding_identities(const ll_report *r, const ll_finding *f, char **exact,
                               char **loose) {
  bool relative;
  char *uri = sarif_artifact_uri(r->srcroot, f->loc.path, &relative);
  char *text = sarif_result_text(f);
  *exact = identity(rule_id_name(f->rule), relative, uri, f->fingerprint, (int)f->loc.line);
  *loose = loose_identity(rule_id_name(f->rule), relative, uri, f->function, text);
  free(text);
  free(uri);
}

/* Marks f unchanged when an unmatched baseline result has its identity
 * (loose: its loose identity).  Exact matches are made for every finding
 * first, so that a loose match never takes a result that another finding
 * matches exactly. */
static void classify(const ll_report *r, ll_finding *f, known *k, size_t nk, bool loose) {
  if (!loose)
    f->baseline = BASELINE_NEW;
  if (!f->loc.path || f->baseline == BASELINE_UNCHANGED)
    return;
  char *exact, *lo;
  finding_identities(r, f, &exact, &lo);
  const char *id = loose ? lo : exact;
  for (size_t i = 0; i < nk; i++)
    if (!k[i].matched && strcmp(loose ? k[i].loose : k[i].identity, id) == 0) {
      k[i].matched = true;
      f->baseline = BASELINE_UNCHANGED;
      break;
    }
  free(exact);
  free(lo);
}

int sarif_baseline_apply(ll_report *r, const char *path, cJSON **absent, char *err, size_t errlen) {
  *absent = NULL;
  sarif_log log;
  char why[1024];
  if (sarif_log_read(path, &log, why, sizeof why) != 0) {
    /* why is "PATH: cannot read: ...", "PATH: not a SARIF log", or a
     * syntax error with its position and "error:" already */
    const char *rest = strncmp(why, path, strlen(path)) == 0 ? why + strlen(path) : why;
    if (strstr(why, ": error: "))
      snprintf(err, errlen, "%s", why);
    else
      snprintf(err, errlen, "%s: error: baseline%s", path, rest);
    return -1;
  }
  known *k = xcalloc(log.n ? log.n : 1, sizeof *k);
  size_t nk = 0;
  for (size_t i = 0; i < log.n; i++) {
    result_identities(&log.results[i], &k[nk]);
    nk += k[nk].identity != NULL;
  }
  /* Suppressed findings consume their baseline entries too: a known
   * finding suppressed since is not absent. */
  for (int loose = 0; loose < 2; loose++) {
    for (size_t i = 0; i < r->nhidden; i++)
      classify(r, &r->hidden[i], k, nk, loose);
    for (size_t i = 0; i < r->nfindings; i++)
      classify(r, &r->findings[i], k, nk, loose);
  }
  *absent = cJSON_CreateArray();
  for (size_t i = 0; i < nk; i++) {
    if (!k[i].matched)
      cJSON_AddItemToArray(*absent, cJSON_Duplicate(k[i].json, true));
    free(k[i].identity);
    free(k[i].loose);
  }
  free(k);
  sarif_log_free(&log);
  report_hide_silenced(r);
  return 0;
}
