/* test_sarif_reader.c - sarif/sarif_reader.c against small logs: the rule,
 * the primary and acquisition sites (relative URIs resolved through
 * originalUriBaseIds, percent escapes decoded), results without a location
 * skipped, and refused inputs named in the message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sarif_reader.h"

static int failures;
#define CHECK(ok, ...)                                                                             \
  do {                                                                                             \
    if (!(ok)) {                                                                                   \
      fprintf(stderr, "test_sarif_reader.c:%d: ", __LINE__);                                       \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(1);
  }
  fputs(text, f);
  fclose(f);
}

static const char log_text[] =
    "{\"version\": \"2.1.0\", \"runs\": [{\n"
    "  \"originalUriBaseIds\": {\"SRCROOT\": {\"uri\": \"file:///work/my%20proj/\"}},\n"
    "  \"results\": [\n"
    "    {\"ruleId\": \"resource-leak\",\n"
    "     \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"src/a.c\",\n"
    "       \"uriBaseId\": \"SRCROOT\"}, \"region\": {\"startLine\": 20, \"endLine\": 21}}}],\n"
    "     \"relatedLocations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": "
    "\"src/a.c\",\n"
    "       \"uriBaseId\": \"SRCROOT\"}, \"region\": {\"startLine\": 15}}}]},\n"
    "    {\"ruleId\": \"lock-imbalance\", \"locations\": []},\n"
    "    {\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"/abs/b.c\"},\n"
    "       \"region\": {\"startLine\": 7}}}]}\n"
    "  ]}]}\n";

int main(void) {
  char dir[] = "/tmp/sarif_reader_XXXXXX";
  if (!mkdtemp(dir))
    return 1;
  char path[256], bad[256], err[512] = "";
  snprintf(path, sizeof path, "%s/log.sarif", dir);
  snprintf(bad, sizeof bad, "%s/bad.sarif", dir);
  write_text(path, log_text);
  write_text(bad, "{\"version\": \"2.1.0\"}");

  sarif_log log;
  CHECK(sarif_log_read(path, &log, err, sizeof err) == 0, "read failed: %s", err);
  CHECK(log.n == 2, "%zu results, want 2 (one has no location)", log.n);
  if (log.n == 2) {
    const sarif_result *a = &log.results[0], *b = &log.results[1];
    CHECK(strcmp(a->rule, "resource-leak") == 0, "rule %s", a->rule);
    CHECK(strcmp(a->primary.path, "/work/my proj/src/a.c") == 0, "primary %s", a->primary.path);
    CHECK(a->primary.line == 20 && a->primary.end_line == 21, "primary lines %d-%d",
          a->primary.line, a->primary.end_line);
    CHECK(a->acquired.line == 15 && a->acquired.end_line == 15, "acquired line %d",
          a->acquired.line);
    CHECK(strcmp(b->rule, "") == 0, "missing ruleId reads as \"\"");
    CHECK(strcmp(b->acquired.path, "/abs/b.c") == 0 && b->acquired.line == 7,
          "no related location: the primary one stands in");
    CHECK(a->json && cJSON_IsObject(a->json), "result keeps its JSON");
  }
  sarif_log_free(&log);

  CHECK(sarif_log_read(bad, &log, err, sizeof err) == -1, "a log without runs was accepted");
  CHECK(strstr(err, "bad.sarif: not a SARIF log") != NULL, "message: %s", err);
  snprintf(bad, sizeof bad, "%s/missing.sarif", dir);
  CHECK(sarif_log_read(bad, &log, err, sizeof err) == -1, "a missing file was accepted");
  CHECK(strstr(err, "missing.sarif: cannot read: No such file or directory") != NULL, "message: %s",
        err);

  unlink(path);
  snprintf(bad, sizeof bad, "%s/bad.sarif", dir);
  unlink(bad);
  rmdir(dir);
  if (failures)
    return 1;
  printf("test_sarif_reader: ok\n");
  return 0;
}
