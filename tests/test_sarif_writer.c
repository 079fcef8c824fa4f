/* test_sarif_writer.c - sarif_write() and report_json() on a report built by
 * hand over a real source file, read back with cJSON.
 *
 * The source line that carries the leak has a 2-byte and a 4-byte UTF-8
 * character before the flagged column, so the UTF-16 columns differ from
 * libclang's byte columns by 1 + 2. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "fingerprint.h"
#include "reporters.h"
#include "rule_info.h"
#include "sarif_writer.h"
#include "util.h"

#include "check.h"

static const char source_text[] = "#include <stdlib.h>\n"
                                  "/* caf\xc3\xa9 */\n"
                                  "char *dup_name(void) {\n"
                                  "  char *p = malloc(8);\n"
                                  "  if (!p)\n"
                                  "    return NULL;\n"
                                  "  /* na\xc3\xafve \xf0\x9f\x98\x80 */ return NULL;\n"
                                  "}\n";

/* Line 7's hash, from the codeql-action algorithm run under Node.js on
 * source_text (see test_fingerprint.c for how such values are derived). */
#define LINE7_HASH "2f9793727118ad2a:1"

/* ---- Reading the output back. ---- */

/* The node at a '/'-separated path of keys and array indexes ("runs/0/tool");
 * '/' because SARIF keys contain dots ("problem.severity"). */
static cJSON *at(cJSON *node, const char *path) {
  char *copy = xstrdup(path), *save = NULL;
  for (char *k = strtok_r(copy, "/", &save); k && node; k = strtok_r(NULL, "/", &save)) {
    if (cJSON_IsArray(node))
      node = cJSON_GetArrayItem(node, atoi(k));
    else
      node = cJSON_GetObjectItemCaseSensitive(node, k);
  }
  free(copy);
  return node;
}

static const char *str_at(cJSON *node, const char *path) {
  cJSON *n = at(node, path);
  return cJSON_IsString(n) ? n->valuestring : NULL;
}

static int int_at(cJSON *node, const char *path) {
  cJSON *n = at(node, path);
  return cJSON_IsNumber(n) ? n->valueint : -1;
}

#define CHECK_STR(node, path, want)                                                                \
  do {                                                                                             \
    const char *got_ = str_at(node, path);                                                         \
    CHECK(got_ &&strcmp(got_, want) == 0, "%s: got \"%s\", expected \"%s\"", path,                 \
          got_ ? got_ : "(missing)", want);                                                        \
  } while (0)

#define CHECK_INT(node, path, want)                                                                \
  do {                                                                                             \
    int got_ = int_at(node, path);                                                                 \
    CHECK(got_ == (want), "%s: got %d, expected %d", path, got_, (int)(want));                     \
  } while (0)

/* Runs a reporter into memory and parses what it wrote. */
static cJSON *parse_output(char *text) {
  cJSON *doc = cJSON_Parse(text);
  CHECK(doc != NULL, "output is not JSON:\n%s", text);
  free(text);
  return doc;
}

static char *capture_sarif(const ll_report *r, const sarif_options *opt) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  CHECK(sarif_write(r, f, opt) == 0, "sarif_write failed");
  fclose(f);
  return buf;
}

static char *capture_json(const ll_report *r) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  CHECK(report_json(r, f) == 0, "report_json failed");
  fclose(f);
  return buf;
}

/* ---- The report under test. ---- */

typedef struct fixture {
  char root[64];
  char *source_path;
  ll_report report;
} fixture;

static ll_location at_line(const char *path, unsigned line, unsigned col, unsigned end_col) {
  return (ll_location){intern(path), line, col, end_col ? line : 0, end_col};
}

static void add_leak_with_steps(fixture *fx) {
  const char *path = fx->source_path;
  ll_finding f = {.rule = RULE_RESOURCE_LEAK};
  f.message = xstrdup("'p' leaks when dup_name() returns NULL");
  f.loc = at_line(path, 7, 21, 33);
  f.acquired = at_line(path, 4, 13, 22);
  f.acquired_note = xstrdup("'p' allocated by malloc() here");
  f.nsteps = 3;
  f.steps = xcalloc(3, sizeof *f.steps);
  f.steps[0] = (ll_step){at_line(path, 4, 13, 22), xstrdup("'p' allocated by malloc()")};
  f.steps[1] = (ll_step){at_line(path, 5, 7, 9), xstrdup("Assuming 'p' is not NULL")};
  f.steps[2] = (ll_step){at_line(path, 7, 21, 33), xstrdup("'p' is lost here")};
  f.fix = xstrdup("free(p) before returning");
  f.function = xstrdup("dup_name");
  report_add_finding(&fx->report, &f);
}

/* No steps: the writer adds acquisition and leak to the code flow itself. */
static void add_lock_without_steps(fixture *fx) {
  ll_finding f = {.rule = RULE_LOCK_IMBALANCE};
  f.message = xstrdup("'m' is still locked when dup_name() returns");
  f.loc = at_line(fx->source_path, 6, 5, 0);
  f.acquired = at_line(fx->source_path, 5, 3, 0);
  f.acquired_note = xstrdup("'m' locked here");
  report_add_finding(&fx->report, &f);
}

/* A header outside srcroot that no longer exists. */
static void add_outside_root(fixture *fx) {
  ll_finding f = {.rule = RULE_UNSTOPPED_TIMER};
  f.message = xstrdup("timer 't' is never deleted.");
  f.loc = at_line("/nonexistent/include dir/timer.h", 12, 9, 20);
  report_add_finding(&fx->report, &f);
}

static void fixture_init(fixture *fx) {
  strcpy(fx->root, "/tmp/leaklint-sarif-XXXXXX");
  CHECK(mkdtemp(fx->root) != NULL, "mkdtemp");
  char *dir = xasprintf("%s/src", fx->root);
  mkdir(dir, 0700);
  free(dir);
  fx->source_path = xasprintf("%s/src/leak.c", fx->root);
  FILE *f = fopen(fx->source_path, "wb");
  fwrite(source_text, 1, sizeof source_text - 1, f);
  fclose(f);

  report_init(&fx->report);
  fx->report.srcroot = fx->root;
  fx->report.execution_successful = false;
  add_leak_with_steps(fx);
  add_lock_without_steps(fx);
  add_outside_root(fx);
  report_fingerprint(&fx->report); /* as the driver does; the writer only formats it */
  char *missing = xasprintf("%s/src/gone.c", fx->root);
  report_add_note(&fx->report, NOTE_ERROR, at_line(missing, 3, 0, 0), "cannot parse %s",
                  "src/gone.c");
  free(missing);
}

static void fixture_free(fixture *fx) {
  report_free(&fx->report);
  unlink(fx->source_path);
  char *dir = xasprintf("%s/src", fx->root);
  rmdir(dir);
  free(dir);
  rmdir(fx->root);
  free(fx->source_path);
}

/* ---- SARIF checks. ---- */

static void check_driver(cJSON *run) {
  CHECK_STR(run, "tool/driver/name", "leaklint");
  CHECK_STR(run, "tool/driver/version", LEAKLINT_VERSION);
  CHECK_STR(run, "tool/driver/informationUri", LEAKLINT_INFORMATION_URI);
  cJSON *rules = at(run, "tool/driver/rules");
  CHECK(cJSON_GetArraySize(rules) == RULE_COUNT, "%d rules", cJSON_GetArraySize(rules));
  for (int i = 0; i < RULE_COUNT; i++) {
    cJSON *rule = cJSON_GetArrayItem(rules, i);
    CHECK_STR(rule, "id", rule_id_name((ll_rule_id)i));
    CHECK_STR(rule, "name", rule_info((ll_rule_id)i)->name);
    const char *md = str_at(rule, "help/markdown");
    CHECK(md && strstr(md, "## Bad\n\n```c\n") && strstr(md, "## Fixed\n\n```c\n"),
          "rule %d: help.markdown lacks the bad and fixed examples", i);
    const char *text = str_at(rule, "help/text");
    CHECK(text && !strstr(text, "```"), "rule %d: help.text keeps code fences", i);
    CHECK(str_at(rule, "shortDescription/text") && str_at(rule, "fullDescription/text"),
          "rule %d: descriptions", i);
    CHECK_STR(rule, "defaultConfiguration/level", "warning");
    CHECK(cJSON_GetArraySize(at(rule, "properties/tags")) >= 2, "rule %d: tags", i);
    CHECK(str_at(rule, "properties/precision"), "rule %d: precision", i);
    CHECK_STR(rule, "properties/problem.severity", "warning");
  }
}

static void check_run(cJSON *run, const fixture *fx) {
  char *root_uri = xasprintf("file://%s/", fx->root);
  CHECK_STR(run, "originalUriBaseIds/%SRCROOT%/uri", root_uri);
  free(root_uri);
  CHECK_STR(run, "columnKind", "utf16CodeUnits");
  CHECK_STR(run, "automationDetails/id", "leaklint/nightly/");
  CHECK_STR(run, "invocations/0/commandLine", "leaklint --format sarif src");
  cJSON *ok = at(run, "invocations/0/executionSuccessful");
  CHECK(cJSON_IsFalse(ok), "executionSuccessful must mirror the report (false)");
  cJSON *note = at(run, "invocations/0/toolExecutionNotifications/0");
  CHECK_STR(note, "level", "error");
  CHECK_STR(note, "message/text", "cannot parse src/gone.c.");
  CHECK_STR(note, "locations/0/physicalLocation/artifactLocation/uri", "src/gone.c");
  CHECK_INT(note, "locations/0/physicalLocation/region/startLine", 3);
}

static void check_region(cJSON *loc, int line, int col, int end_line, int end_col) {
  cJSON *region = at(loc, "physicalLocation/region");
  CHECK_INT(region, "startLine", line);
  CHECK_INT(region, "startColumn", col);
  CHECK_INT(region, "endLine", end_line);
  CHECK_INT(region, "endColumn", end_col);
}

static void check_leak_result(cJSON *run, const fixture *fx) {
  cJSON *res = at(run, "results/0");
  CHECK_STR(res, "ruleId", "resource-leak");
  int index = int_at(res, "ruleIndex");
  char path[64];
  snprintf(path, sizeof path, "tool/driver/rules/%d/id", index);
  CHECK_STR(run, path, "resource-leak"); /* ruleIndex points at its rule */
  CHECK_STR(res, "level", "warning");
  CHECK_STR(res, "message/text",
            "'p' leaks when dup_name() returns NULL. Acquired [here](1). "
            "Fix: free(p) before returning.");
  CHECK_STR(res, "properties/fix", "free(p) before returning");

  cJSON *loc = at(res, "locations/0");
  CHECK_STR(loc, "physicalLocation/artifactLocation/uri", "src/leak.c");
  CHECK_STR(loc, "physicalLocation/artifactLocation/uriBaseId", "%SRCROOT%");
  check_region(loc, 7, 21 - 3, 7, 33 - 3); /* "ï" and "😀" before "return" */
  CHECK_STR(loc, "logicalLocations/0/name", "dup_name");

  cJSON *related = at(res, "relatedLocations/0");
  CHECK_INT(related, "id", 1);
  CHECK_STR(related, "message/text", "'p' allocated by malloc() here.");
  check_region(related, 4, 13, 4, 22);

  cJSON *steps = at(res, "codeFlows/0/threadFlows/0/locations");
  CHECK(cJSON_GetArraySize(steps) == 3, "%d code flow steps", cJSON_GetArraySize(steps));
  CHECK_INT(steps, "0/location/physicalLocation/region/startLine", 4);
  CHECK_STR(steps, "0/kinds/0", "acquire");
  CHECK_INT(steps, "1/location/physicalLocation/region/startLine", 5);
  CHECK_STR(steps, "1/location/message/text", "Assuming 'p' is not NULL.");
  CHECK_INT(steps, "2/location/physicalLocation/region/startLine", 7);
  CHECK_INT(steps, "2/location/physicalLocation/region/startColumn", 18);

  size_t len, n;
  char *text = read_file(fx->source_path, &len);
  fp_line *lines = fingerprint_lines(text, len, &n);
  char want[FINGERPRINT_MAX];
  fingerprint_format(&lines[6], want);
  CHECK(strcmp(want, LINE7_HASH) == 0, "fingerprint.c gives %s for line 7", want);
  CHECK_STR(res, "partialFingerprints/primaryLocationLineHash", want);
  CHECK(strcmp(fx->report.findings[0].fingerprint, want) == 0, "the finding carries %s, not %s",
        want, fx->report.findings[0].fingerprint);
  free(lines);
  free(text);
}

static void check_other_results(cJSON *run) {
  cJSON *lock = at(run, "results/1");
  CHECK_STR(lock, "ruleId", "lock-imbalance");
  CHECK_INT(lock, "ruleIndex", RULE_LOCK_IMBALANCE);
  /* Unknown extent: the region runs to the end of the line. */
  check_region(at(lock, "locations/0"), 6, 5, 6, 17);
  cJSON *steps = at(lock, "codeFlows/0/threadFlows/0/locations");
  CHECK(cJSON_GetArraySize(steps) == 2, "acquisition and leak make the flow");
  CHECK_INT(steps, "0/location/physicalLocation/region/startLine", 5);
  CHECK_STR(steps, "0/location/message/text", "'m' locked here.");
  CHECK_INT(steps, "1/location/physicalLocation/region/startLine", 6);
  CHECK(at(lock, "properties") == NULL, "no fix, no properties.fix");

  cJSON *timer = at(run, "results/2");
  CHECK_STR(timer, "locations/0/physicalLocation/artifactLocation/uri",
            "file:///nonexistent/include%20dir/timer.h");
  CHECK(at(timer, "locations/0/physicalLocation/artifactLocation/uriBaseId") == NULL,
        "an absolute URI has no base");
  check_region(at(timer, "locations/0"), 12, 9, 12, 20); /* unreadable: bytes as given */
  CHECK(at(timer, "partialFingerprints") == NULL, "no fingerprint without the file");
  CHECK(at(timer, "codeFlows") == NULL && at(timer, "relatedLocations") == NULL,
        "nothing acquired, no flow");
  CHECK_STR(timer, "message/text", "timer 't' is never deleted.");
}

static void test_sarif(fixture *fx) {
  sarif_options opt = {.automation_id = "leaklint/nightly/",
                       .command_line = "leaklint --format sarif src"};
  cJSON *doc = parse_output(capture_sarif(&fx->report, &opt));
  if (!doc)
    return;
  CHECK_STR(doc, "version", "2.1.0");
  CHECK(str_at(doc, "$schema") != NULL, "$schema");
  cJSON *run = at(doc, "runs/0");
  check_driver(run);
  check_run(run, fx);
  check_leak_result(run, fx);
  check_other_results(run);
  cJSON_Delete(doc);

  /* Defaults: automation id, no command line. */
  doc = parse_output(capture_sarif(&fx->report, NULL));
  CHECK_STR(doc, "runs/0/automationDetails/id", "leaklint/");
  CHECK(at(doc, "runs/0/invocations/0/commandLine") == NULL, "no command line by default");
  cJSON_Delete(doc);
}

/* ---- JSON reporter. ---- */

static void test_json(fixture *fx) {
  cJSON *doc = parse_output(capture_json(&fx->report));
  if (!doc)
    return;
  CHECK_STR(doc, "version", LEAKLINT_VERSION);
  CHECK(cJSON_GetArraySize(at(doc, "findings")) == 3, "3 findings");
  cJSON *f = at(doc, "findings/0");
  CHECK_STR(f, "rule", "resource-leak");
  CHECK_STR(f, "file", fx->source_path);
  CHECK_INT(f, "line", 7);
  CHECK_INT(f, "column", 21); /* bytes, as libclang counts */
  CHECK_INT(f, "end_line", 7);
  CHECK_INT(f, "end_column", 33);
  CHECK_STR(f, "function", "dup_name");
  CHECK_INT(f, "acquired/line", 4);
  CHECK_STR(f, "acquired/note", "'p' allocated by malloc() here");
  CHECK(cJSON_GetArraySize(at(f, "path")) == 3, "3 path steps");
  CHECK_STR(f, "path/1/message", "Assuming 'p' is not NULL");
  CHECK_INT(f, "path/2/column", 21);
  CHECK_STR(f, "fix", "free(p) before returning");
  CHECK(cJSON_IsNull(at(doc, "findings/2/acquired")), "nothing acquired: null");
  CHECK(cJSON_IsNull(at(doc, "findings/1/fix")), "no fix: null");
  CHECK_STR(doc, "notifications/0/level", "error");
  CHECK_STR(doc, "notifications/0/message", "cannot parse src/gone.c");
  CHECK_INT(doc, "notifications/0/line", 3);
  cJSON_Delete(doc);
}

int main(void) {
  fixture fx;
  fixture_init(&fx);
  test_sarif(&fx);
  test_json(&fx);
  fixture_free(&fx);
  if (failures)
    fprintf(stderr, "test_sarif_writer: %d failure(s)\n", failures);
  return failures != 0;
}
