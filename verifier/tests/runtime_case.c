/* runtime_case.c - one runtime testcase: turn the "verify:" markers of a
 * testcases/runtime source into a SARIF log in leaklint's shape, run
 * leaklint-verify on the program, and compare the verdicts it writes back.
 *
 * usage: runtime_case VERIFY SOURCE WORKDIR MODE [VERIFY-OPTIONS...] -- PROGRAM ARGS...
 * MODE "-" selects only the markers without a [mode]. */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Markers apply when they name no mode, or this one. */
static int parse_marker(const char *line, const char *mode, char *rule, char *verdict) {
  const char *m = strstr(line, "/* verify");
  if (!m)
    return 0;
  m += 9;
  if (*m == '[') {
    const char *end = strchr(m, ']');
    if (!end || strlen(mode) != (size_t)(end - m - 1) || strncmp(m + 1, mode, end - m - 1) != 0)
      return 0;
    m = end + 1;
  }
  return sscanf(m, ": %63s %63s", rule, verdict) == 2;
}

static cJSON *location(const char *dir, const char *base, int line, int absolute) {
  char uri[PATH_MAX + 16];
  cJSON *loc = cJSON_CreateObject();
  cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
  cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
  if (absolute) {
    snprintf(uri, sizeof uri, "file://%s/%s", dir, base);
    cJSON_AddStringToObject(art, "uri", uri);
  } else {
    cJSON_AddStringToObject(art, "uri", base);
    cJSON_AddStringToObject(art, "uriBaseId", "%SRCROOT%");
  }
  cJSON *region = cJSON_AddObjectToObject(phys, "region");
  cJSON_AddNumberToObject(region, "startLine", line);
  return loc;
}

static cJSON *result(const char *dir, const char *base, int line, const char *rule,
                     const char *expect, int absolute) {
  cJSON *r = cJSON_CreateObject();
  cJSON_AddStringToObject(r, "ruleId", rule);
  cJSON_AddStringToObject(r, "level", "warning");
  cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "message"), "text", "runtime testcase");
  cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "locations"), location(dir, base, line, absolute));
  cJSON *related = location(dir, base, line, absolute);
  cJSON_AddNumberToObject(related, "id", 1);
  cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "relatedLocations"), related);
  cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "properties"), "test/expect", expect);
  return r;
}

static int write_findings(const char *source, const char *mode, const char *out_path) {
  char dir[PATH_MAX];
  if (!realpath(source, dir))
    return -1;
  char *slash = strrchr(dir, '/');
  *slash = '\0';
  const char *base = slash + 1;
  cJSON *log = cJSON_CreateObject();
  cJSON_AddStringToObject(log, "version", "2.1.0");
  cJSON *run = cJSON_CreateObject();
  cJSON_AddItemToArray(cJSON_AddArrayToObject(log, "runs"), run);
  cJSON_AddStringToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver"),
                          "name", "leaklint");
  char root[PATH_MAX + 16];
  snprintf(root, sizeof root, "file://%s/", dir);
  cJSON_AddStringToObject(
      cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "originalUriBaseIds"), "%SRCROOT%"),
      "uri", root);
  cJSON *results = cJSON_AddArrayToObject(run, "results");
  FILE *in = fopen(source, "r");
  char line[1024], rule[64], verdict[64];
  int n = 0;
  for (int lineno = 1; in && fgets(line, sizeof line, in); lineno++)
    if (parse_marker(line, mode, rule, verdict))
      cJSON_AddItemToArray(results, result(dir, base, lineno, rule, verdict, n++ % 2));
  if (in)
    fclose(in);
  char *text = cJSON_Print(log);
  FILE *out = fopen(out_path, "w");
  int ok = text && out && fputs(text, out) >= 0;
  if (out)
    fclose(out);
  free(text);
  cJSON_Delete(log);
  return ok && n > 0 ? n : -1;
}

static int run_verify(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    perror(argv[0]);
    _exit(127);
  }
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int matches(const char *expect, const char *got) {
  if (strcmp(expect, "not-confirmed") == 0)
    return strcmp(got, "not-reproduced") == 0 || strcmp(got, "not-exercised") == 0;
  return strcmp(expect, got) == 0;
}

static int check_one(const cJSON *r) {
  const cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "properties");
  const cJSON *expect = cJSON_GetObjectItemCaseSensitive(props, "test/expect");
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(props, "leaklint/verdict");
  const cJSON *got = cJSON_GetObjectItemCaseSensitive(v, "verdict");
  const cJSON *profile = cJSON_GetObjectItemCaseSensitive(v, "profile");
  const cJSON *loc = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "locations"), 0);
  int line = cJSON_GetObjectItemCaseSensitive(
                 cJSON_GetObjectItemCaseSensitive(
                     cJSON_GetObjectItemCaseSensitive(loc, "physicalLocation"), "region"),
                 "startLine")
                 ->valueint;
  struct stat st;
  if (!cJSON_IsString(got) || !matches(expect->valuestring, got->valuestring)) {
    fprintf(stderr, "FAIL line %d: expected %s, got %s\n", line, expect->valuestring,
            cJSON_IsString(got) ? got->valuestring : "(no verdict)");
    return 1;
  }
  if (!cJSON_IsString(profile) || stat(profile->valuestring, &st) != 0) {
    fprintf(stderr, "FAIL line %d: verdict without an existing profile\n", line);
    return 1;
  }
  printf("ok   line %d: %s\n", line, got->valuestring);
  return 0;
}

static int check_results(const char *path) {
  FILE *in = fopen(path, "r");
  static char text[1 << 22];
  size_t n = in ? fread(text, 1, sizeof text - 1, in) : 0;
  if (in)
    fclose(in);
  text[n] = '\0';
  cJSON *log = cJSON_Parse(text);
  const cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(log, "runs"), 0);
  const cJSON *r;
  int failures = 0, seen = 0;
  cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(run, "results")) {
    failures += check_one(r);
    seen++;
  }
  cJSON_Delete(log);
  return seen && !failures ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: runtime_case VERIFY SOURCE WORKDIR MODE [OPTS...] -- PROGRAM...\n");
    return 2;
  }
  const char *verify = argv[1], *source = argv[2], *work = argv[3], *mode = argv[4];
  char findings[PATH_MAX], profiles[PATH_MAX];
  char parent[PATH_MAX];
  snprintf(parent, sizeof parent, "%s", work);
  char *cut = strrchr(parent, '/');
  if (cut && cut != parent) {
    *cut = '\0';
    mkdir(parent, 0755);
  }
  mkdir(work, 0755);
  snprintf(findings, sizeof findings, "%s/findings.sarif", work);
  snprintf(profiles, sizeof profiles, "%s/profiles", work);
  if (write_findings(source, strcmp(mode, "-") == 0 ? "" : mode, findings) < 0) {
    fprintf(stderr, "FAIL: no markers for mode %s in %s\n", mode, source);
    return 1;
  }
  /* verify --findings F -o DIR -r 1 -i 0.1 OPTS... -- PROGRAM ARGS... */
  char *args[256];
  int n = 0;
  const char *fixed[] = {verify, "--findings", findings, "-o", profiles, "-r", "1", "-i", "0.1"};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
    args[n++] = (char *)fixed[i];
  for (int i = 5; i < argc && n < 255; i++)
    args[n++] = argv[i];
  args[n] = NULL;
  int rc = run_verify(args);
  if (rc != 0) {
    fprintf(stderr, "FAIL: leaklint-verify exited %d\n", rc);
    return 1;
  }
  return check_results(findings);
}
