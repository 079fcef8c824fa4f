/* sarif_writer.c - a report as one SARIF 2.1.0 log, shaped for GitHub code
 * scanning: relative URIs against %SRCROOT%, UTF-16 columns, full regions,
 * the acquisition as a related location, the path as a code flow, and the
 * finding's fingerprint as the primaryLocationLineHash.
 *
 * The document is built with cJSON; every cJSON_Add* copies its strings, so
 * nothing here outlives sarif_write() except what it printed. */
#include "sarif_writer.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_out.h"
#include "config.h"
#include "rule_info.h"
#include "source_text.h"
#include "utf16.h"
#include "util.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT_ID "%SRCROOT%"
#define DEFAULT_AUTOMATION_ID "leaklint/"

typedef struct writer {
  const ll_report *report;
  char *srcroot;      /* normalised, no trailing slash; NULL: no base */
  char *srcroot_real; /* the same with symlinks resolved; NULL if it fails */
  char *cwd;
} writer;

/* ---- Source lines, for UTF-16 columns. ---- */

/* A byte column as UTF-16 code units; unchanged when the file is unreadable
 * (then it is right for ASCII lines, the common case). */
static unsigned column_utf16(const source_text *s, unsigned line, unsigned byte_col) {
  const char *start;
  size_t len;
  if (!source_text_line(s, line, &start, &len))
    return byte_col;
  return utf16_column(start, len, byte_col);
}

/* One past the last character of the line, in UTF-16 code units; 0 when
 * the file is unreadable. */
static unsigned line_end_utf16(const source_text *s, unsigned line) {
  const char *start;
  size_t len;
  if (!source_text_line(s, line, &start, &len))
    return 0;
  return utf16_column(start, len, (unsigned)len + 1);
}

/* ---- Paths and URIs. ---- */

/* An absolute path with "." and ".." resolved and no repeated or trailing
 * slashes, by text alone: symlinks are left as the compiler saw them, so a
 * path under srcroot stays under it. */
static char *normalize_path(const char *path, const char *cwd) {
  char *joined = path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", cwd, path);
  char *out = xmalloc(strlen(joined) + 2);
  size_t n = 0;
  char *save = NULL;
  for (char *seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
    if (strcmp(seg, ".") == 0)
      continue;
    if (strcmp(seg, "..") == 0) {
      while (n > 0 && out[--n] != '/')
        ;
      continue;
    }
    out[n++] = '/';
    size_t l = strlen(seg);
    memcpy(out + n, seg, l);
    n += l;
  }
  if (n == 0)
    out[n++] = '/';
  out[n] = '\0';
  free(joined);
  return out;
}

/* Percent-encodes all but RFC 3986 unreserved characters and '/': safe in
 * any URI, and what decodeURIComponent() (used by the upload action) undoes. */
static char *uri_encode(const char *prefix, const char *path, const char *suffix) {
  size_t plen = strlen(prefix), n = plen;
  char *out = xmalloc(plen + 3 * strlen(path) + strlen(suffix) + 1);
  memcpy(out, prefix, plen);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/", *p))
      out[n++] = (char)*p;
    else
      n += (size_t)sprintf(out + n, "%%%02X", *p);
  }
  strcpy(out + n, suffix);
  return out;
}

/* The part of abs below root, or NULL when it lies outside. */
static const char *below(const char *root, const char *abs) {
  if (!root)
    return NULL;
  if (strcmp(root, "/") == 0)
    return abs[1] ? abs + 1 : NULL;
  size_t n = strlen(root);
  if (strncmp(abs, root, n) != 0 || abs[n] != '/' || abs[n + 1] == '\0')
    return NULL;
  return abs + n + 1;
}

/* The URI of path: relative to srcroot when the path lies under it, by its
 * text or else once symlinks are resolved on both sides (a build may name
 * files through a link the user's srcroot does not go through). */
static char *uri_of(const writer *w, const char *path, bool *relative) {
  char *abs = normalize_path(path, w->cwd);
  const char *rel = below(w->srcroot, abs);
  char *real = NULL;
  if (!rel && w->srcroot_real && (real = realpath(abs, NULL)))
    rel = below(w->srcroot_real, real);
  *relative = rel != NULL;
  char *uri = rel ? uri_encode("", rel, "") : uri_encode("file://", abs, "");
  free(real);
  free(abs);
  return uri;
}

static cJSON *artifact_location(const writer *w, const char *path) {
  bool relative;
  char *uri = uri_of(w, path, &relative);
  cJSON *a = cJSON_CreateObject();
  cJSON_AddStringToObject(a, "uri", uri);
  if (relative)
    cJSON_AddStringToObject(a, "uriBaseId", SRCROOT_ID);
  free(uri);
  return a;
}

/* ---- Messages. ---- */

/* A growable message buffer. */
typedef struct msgbuf {
  char *s;
  size_t n, cap;
} msgbuf;

static void put_char(msgbuf *b, char c) {
  if (b->n + 2 > b->cap) {
    b->cap = b->cap * 2 + 64;
    b->s = xrealloc(b->s, b->cap);
  }
  b->s[b->n++] = c;
  b->s[b->n] = '\0';
}

/* Our own markup, such as the "[here](1)" link. */
static void put_markup(msgbuf *b, const char *markup) {
  for (; *markup; markup++)
    put_char(b, *markup);
}

/* GitHub renders [text](n) in a message as a link to related location n;
 * a checker's text that happens to contain "](" must not become one. */
static void put_text(msgbuf *b, const char *text) {
  bool escape = strstr(text, "](") != NULL;
  for (; *text; text++) {
    if (escape && (*text == '[' || *text == ']' || *text == '\\'))
      put_char(b, '\\');
    put_char(b, *text);
  }
}

/* Appends text as a sentence: trailing blanks dropped and a full stop added
 * when it has no final punctuation (SARIF messages are sentences). */
static void put_sentence(msgbuf *b, const char *text) {
  put_text(b, text);
  while (b->n > 0 && strchr(" \t\n", b->s[b->n - 1]))
    b->s[--b->n] = '\0';
  if (b->n > 0 && !strchr(".!?", b->s[b->n - 1]))
    put_char(b, '.');
}

static cJSON *message_from(msgbuf *b) {
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "text", b->s ? b->s : "");
  free(b->s);
  return m;
}

static cJSON *message(const char *text) {
  msgbuf b = {0};
  put_sentence(&b, text ? text : "");
  return message_from(&b);
}

/* The result's message: what leaks, a link to where it was acquired, and
 * how to fix it, so that the fix shows wherever the message does. */
char *sarif_result_text(const ll_finding *f) {
  msgbuf b = {0};
  put_sentence(&b, f->message ? f->message : rule_id_name(f->rule));
  if (f->acquired.path)
    put_markup(&b, " Acquired [here](1).");
  if (f->fix && *f->fix) {
    put_markup(&b, " Fix: ");
    put_sentence(&b, f->fix);
  }
  return b.s ? b.s : xstrdup("");
}

static cJSON *result_message(const ll_finding *f) {
  cJSON *m = cJSON_CreateObject();
  char *text = sarif_result_text(f);
  cJSON_AddStringToObject(m, "text", text);
  free(text);
  return m;
}

/* ---- Locations. ---- */

/* startLine, startColumn, endLine, endColumn in UTF-16 units.  An unknown
 * extent ends at the end of the start line (SARIF's own default, written
 * out); a bad one is clamped so the region is never inverted. */
static cJSON *region(const ll_location *loc) {
  if (loc->line == 0)
    return NULL;
  const source_text *s = source_text_get(loc->path);
  cJSON *r = cJSON_CreateObject();
  unsigned start_col = column_utf16(s, loc->line, loc->col);
  unsigned end_line = loc->end_line ? loc->end_line : loc->line;
  unsigned end_col =
      loc->end_col ? column_utf16(s, end_line, loc->end_col) : line_end_utf16(s, end_line);
  if (end_line < loc->line)
    end_line = loc->line;
  if (end_line == loc->line && end_col && end_col < start_col)
    end_col = start_col;
  cJSON_AddNumberToObject(r, "startLine", loc->line);
  if (start_col)
    cJSON_AddNumberToObject(r, "startColumn", start_col);
  cJSON_AddNumberToObject(r, "endLine", end_line);
  if (end_col)
    cJSON_AddNumberToObject(r, "endColumn", end_col);
  return r;
}

static cJSON *physical_location(writer *w, const ll_location *loc) {
  cJSON *p = cJSON_CreateObject();
  cJSON_AddItemToObject(p, "artifactLocation", artifact_location(w, loc->path));
  cJSON *r = region(loc);
  if (r)
    cJSON_AddItemToObject(p, "region", r);
  return p;
}

/* A SARIF location; text may be NULL.  A location without a path has only
 * its message. */
static cJSON *location(writer *w, const ll_location *loc, const char *text) {
  cJSON *l = cJSON_CreateObject();
  if (loc->path)
    cJSON_AddItemToObject(l, "physicalLocation", physical_location(w, loc));
  if (text)
    cJSON_AddItemToObject(l, "message", message(text));
  return l;
}

static bool same_place(const ll_location *a, const ll_location *b) {
  if (!a->path || !b->path)
    return false;
  return strcmp(a->path, b->path) == 0 && a->line == b->line && a->col == b->col;
}

/* ---- Results. ---- */

static cJSON *thread_flow_location(writer *w, const ll_location *loc, const char *text,
                                   const char *kind) {
  cJSON *t = cJSON_CreateObject();
  cJSON_AddItemToObject(t, "location", location(w, loc, text));
  if (kind) {
    const char *kinds[] = {kind};
    cJSON_AddItemToObject(t, "kinds", cJSON_CreateStringArray(kinds, 1));
  }
  return t;
}

/* The path as one thread flow: the acquisition first and the leak last,
 * added when the checker's steps do not already start and end there.
 * NULL when there is no path worth showing (a single place). */
static cJSON *code_flows(writer *w, const ll_finding *f) {
  cJSON *locs = cJSON_CreateArray();
  bool add_acquired =
      f->acquired.path && (f->nsteps == 0 || !same_place(&f->acquired, &f->steps[0].loc));
  bool add_leak =
      f->loc.path && (f->nsteps == 0 || !same_place(&f->loc, &f->steps[f->nsteps - 1].loc));
  if (add_acquired)
    cJSON_AddItemToArray(
        locs,
        thread_flow_location(w, &f->acquired,
                             f->acquired_note ? f->acquired_note : "Acquired here.", "acquire"));
  for (size_t i = 0; i < f->nsteps; i++)
    cJSON_AddItemToArray(locs, thread_flow_location(w, &f->steps[i].loc, f->steps[i].message,
                                                    i == 0 && !add_acquired ? "acquire" : NULL));
  if (add_leak)
    cJSON_AddItemToArray(locs, thread_flow_location(w, &f->loc, f->message, NULL));
  if (cJSON_GetArraySize(locs) < 2) {
    cJSON_Delete(locs);
    return NULL;
  }
  cJSON *thread_flow = cJSON_CreateObject();
  cJSON_AddItemToObject(thread_flow, "locations", locs);
  cJSON *thread_flows = cJSON_CreateArray();
  cJSON_AddItemToArray(thread_flows, thread_flow);
  cJSON *flow = cJSON_CreateObject();
  cJSON_AddItemToObject(flow, "threadFlows", thread_flows);
  cJSON *flows = cJSON_CreateArray();
  cJSON_AddItemToArray(flows, flow);
  return flows;
}

static cJSON *primary_location(writer *w, const ll_finding *f) {
  cJSON *l = location(w, &f->loc, NULL);
  if (f->function) {
    cJSON *logical = cJSON_CreateObject();
    cJSON_AddStringToObject(logical, "name", f->function);
    cJSON_AddStringToObject(logical, "kind", "function");
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemToArray(list, logical);
    cJSON_AddItemToObject(l, "logicalLocations", list);
  }
  return l;
}

static cJSON *related_locations(writer *w, const ll_finding *f) {
  cJSON *l = location(w, &f->acquired, f->acquired_note ? f->acquired_note : "Acquired here.");
  cJSON_AddNumberToObject(l, "id", 1); /* the target of "[here](1)" */
  cJSON *list = cJSON_CreateArray();
  cJSON_AddItemToArray(list, l);
  return list;
}

static cJSON *result(writer *w, const ll_finding *f) {
  const ll_rule_info *info = rule_info(f->rule);
  cJSON *res = cJSON_CreateObject();
  cJSON_AddStringToObject(res, "ruleId", info->id);
  cJSON_AddNumberToObject(res, "ruleIndex", f->rule); /* rules are listed in enum order */
  cJSON_AddStringToObject(res, "level", info->default_level);
  cJSON_AddItemToObject(res, "message", result_message(f));
  cJSON *locs = cJSON_CreateArray();
  cJSON_AddItemToArray(locs, primary_location(w, f));
  cJSON_AddItemToObject(res, "locations", locs);
  if (f->acquired.path)
    cJSON_AddItemToObject(res, "relatedLocations", related_locations(w, f));
  cJSON *flows = code_flows(w, f);
  if (flows)
    cJSON_AddItemToObject(res, "codeFlows", flows);
  if (f->fingerprint[0]) {
    cJSON *fp = cJSON_AddObjectToObject(res, "partialFingerprints");
    cJSON_AddStringToObject(fp, "primaryLocationLineHash", f->fingerprint);
  }
  if (f->suppression) {
    cJSON *sup = cJSON_CreateObject();
    cJSON_AddStringToObject(sup, "kind", "inSource");
    if (*f->suppression)
      cJSON_AddStringToObject(sup, "justification", f->suppression);
    cJSON *list = cJSON_AddArrayToObject(res, "suppressions");
    cJSON_AddItemToArray(list, sup);
  }
  if (f->baseline != BASELINE_NONE)
    cJSON_AddStringToObject(res, "baselineState",
                            f->baseline == BASELINE_NEW ? "new" : "unchanged");
  if (f->fix && *f->fix) {
    /* Not a SARIF "fixes" entry: that needs concrete artifactChanges. */
    cJSON *props = cJSON_AddObjectToObject(res, "properties");
    cJSON_AddStringToObject(props, "fix", f->fix);
  }
  return res;
}

/* ---- Tool and rules. ---- */

static cJSON *text_and_markdown(const char *text, const char *markdown) {
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "text", text);
  if (markdown)
    cJSON_AddStringToObject(m, "markdown", markdown);
  return m;
}

/* help.text for viewers without markdown: the same text without the code
 * fence lines, which read as noise in plain text. */
static char *markdown_to_text(const char *md) {
  char *out = xmalloc(strlen(md) + 1);
  size_t n = 0;
  for (const char *line = md; *line;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line + 1) : strlen(line);
    if (strncmp(line, "```", 3) != 0) {
      memcpy(out + n, line, len);
      n += len;
    }
    line += len;
  }
  out[n] = '\0';
  return out;
}

static cJSON *rule_descriptor(const ll_rule_info *info) {
  cJSON *d = cJSON_CreateObject();
  cJSON_AddStringToObject(d, "id", info->id);
  cJSON_AddStringToObject(d, "name", info->name);
  cJSON_AddItemToObject(d, "shortDescription", text_and_markdown(info->short_description, NULL));
  cJSON_AddItemToObject(d, "fullDescription", text_and_markdown(info->full_description, NULL));
  char *plain = markdown_to_text(info->help_markdown);
  cJSON_AddItemToObject(d, "help", text_and_markdown(plain, info->help_markdown));
  free(plain);
  char *help_uri = xasprintf("%s%s.md", LEAKLINT_HELP_URI_BASE, info->id);
  cJSON_AddStringToObject(d, "helpUri", help_uri);
  free(help_uri);
  cJSON *config = cJSON_AddObjectToObject(d, "defaultConfiguration");
  cJSON_AddStringToObject(config, "level", info->default_level);
  cJSON *props = cJSON_AddObjectToObject(d, "properties");
  cJSON *tags = cJSON_AddArrayToObject(props, "tags");
  for (int i = 0; info->tags[i]; i++)
    cJSON_AddItemToArray(tags, cJSON_CreateString(info->tags[i]));
  cJSON_AddStringToObject(props, "precision", info->precision);
  /* GitHub's problem.severity is error, warning or recommendation. */
  bool note = strcmp(info->default_level, "note") == 0;
  cJSON_AddStringToObject(props, "problem.severity", note ? "recommendation" : info->default_level);
  if (info->security_severity)
    cJSON_AddStringToObject(props, "security-severity", info->security_severity);
  return d;
}

static cJSON *tool(void) {
  cJSON *driver = cJSON_CreateObject();
  cJSON_AddStringToObject(driver, "name", "leaklint");
  cJSON_AddStringToObject(driver, "version", LEAKLINT_VERSION);
  cJSON_AddStringToObject(driver, "semanticVersion", LEAKLINT_VERSION);
  cJSON_AddStringToObject(driver, "informationUri", LEAKLINT_INFORMATION_URI);
  cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
  for (int r = 0; r < RULE_COUNT; r++)
    cJSON_AddItemToArray(rules, rule_descriptor(rule_info((ll_rule_id)r)));
  cJSON *t = cJSON_CreateObject();
  cJSON_AddItemToObject(t, "driver", driver);
  return t;
}

/* ---- Run. ---- */

static cJSON *notification(writer *w, const ll_notification *n) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "level", note_level_name(n->level));
  cJSON_AddItemToObject(o, "message", message(n->message));
  if (n->loc.path) {
    cJSON *locs = cJSON_AddArrayToObject(o, "locations");
    cJSON_AddItemToArray(locs, location(w, &n->loc, NULL));
  }
  return o;
}

static cJSON *invocations(writer *w, const sarif_options *opt) {
  const ll_report *r = w->report;
  cJSON *inv = cJSON_CreateObject();
  if (opt && opt->command_line)
    cJSON_AddStringToObject(inv, "commandLine", opt->command_line);
  cJSON_AddBoolToObject(inv, "executionSuccessful", r->execution_successful);
  if (r->nnotes) {
    cJSON *notes = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
    for (size_t i = 0; i < r->nnotes; i++)
      cJSON_AddItemToArray(notes, notification(w, &r->notes[i]));
  }
  cJSON *list = cJSON_CreateArray();
  cJSON_AddItemToArray(list, inv);
  return list;
}

static cJSON *run(writer *w, const sarif_options *opt) {
  cJSON *run = cJSON_CreateObject();
  cJSON_AddItemToObject(run, "tool", tool());
  cJSON *automation = cJSON_AddObjectToObject(run, "automationDetails");
  const char *id = opt && opt->automation_id ? opt->automation_id : DEFAULT_AUTOMATION_ID;
  cJSON_AddStringToObject(automation, "id", id);
  if (w->srcroot) {
    char *root = uri_encode("file://", w->srcroot, strcmp(w->srcroot, "/") ? "/" : "");
    cJSON *bases = cJSON_AddObjectToObject(run, "originalUriBaseIds");
    cJSON *base = cJSON_AddObjectToObject(bases, SRCROOT_ID);
    cJSON_AddStringToObject(base, "uri", root);
    free(root);
  }
  cJSON_AddStringToObject(run, "columnKind", "utf16CodeUnits");
  cJSON *results = cJSON_AddArrayToObject(run, "results");
  for (size_t i = 0; i < w->report->nfindings; i++)
    cJSON_AddItemToArray(results, result(w, &w->report->findings[i]));
  for (size_t i = 0; i < w->report->nhidden; i++) {
    const ll_finding *f = &w->report->hidden[i];
    if (!f->suppression || (opt && opt->include_suppressed))
      cJSON_AddItemToArray(results, result(w, f));
  }
  const cJSON *absent = opt ? opt->absent : NULL, *gone;
  cJSON_ArrayForEach(gone, absent) {
    cJSON *copy = cJSON_Duplicate(gone, true);
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "baselineState");
    cJSON_AddStringToObject(copy, "baselineState", "absent");
    /* Its index in this run's rules, which another version may order
     * differently; none for a rule this version does not know. */
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "ruleIndex");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(copy, "ruleId");
    ll_rule_id rule = cJSON_IsString(id) ? rule_id_lookup(id->valuestring) : RULE_COUNT;
    if (rule != RULE_COUNT)
      cJSON_AddNumberToObject(copy, "ruleIndex", rule);
    cJSON_AddItemToArray(results, copy);
  }
  /* After the results, which may read files that notifications name. */
  cJSON_AddItemToObject(run, "invocations", invocations(w, opt));
  return run;
}

static void writer_init(writer *w, const ll_report *r) {
  memset(w, 0, sizeof *w);
  w->report = r;
  char *cwd = getcwd(NULL, 0);
  w->cwd = cwd ? cwd : xstrdup("/");
  if (r->srcroot) {
    w->srcroot = normalize_path(r->srcroot, w->cwd);
    w->srcroot_real = realpath(w->srcroot, NULL);
  }
}

static void writer_free(writer *w) {
  free(w->srcroot);
  free(w->srcroot_real);
  free(w->cwd);
}

char *sarif_artifact_uri(const char *srcroot, const char *path, bool *relative) {
  ll_report r = {.srcroot = srcroot};
  writer w;
  writer_init(&w, &r);
  char *uri = uri_of(&w, path, relative);
  writer_free(&w);
  return uri;
}

int sarif_write(const ll_report *r, FILE *out, const sarif_options *opt) {
  writer w;
  writer_init(&w, r);
  cJSON *log = cJSON_CreateObject();
  cJSON_AddStringToObject(log, "$schema", SARIF_SCHEMA);
  cJSON_AddStringToObject(log, "version", "2.1.0");
  cJSON *runs = cJSON_AddArrayToObject(log, "runs");
  cJSON_AddItemToArray(runs, run(&w, opt));
  writer_free(&w);

  int rc = json_write(log, out);
  cJSON_Delete(log);
  return rc;
}
