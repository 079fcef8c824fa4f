/* test_rule_list.c - the rule list (rule_list.h) and what derives from it:
 * every rule has its help text, embedded byte for byte from
 * rules/help/<rule-id>.md; ids, SARIF names and checkers are unique; ids
 * look up both ways; the verifier's evidence kinds are the list's.  Runs in
 * the source directory (tests/CMakeLists.txt). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule_info.h"
#include "verify_internal.h"

#include "check.h"

/* The checker column as a string: "resource_leak", or "" for none. */
#define LL_CHECKER(name) #name
static const char *const checker_names[RULE_COUNT] = {
#define CHECKER_NAME(e, id, sarif_name, checker, ...) [RULE_##e] = "" checker,
    LL_RULE_LIST(CHECKER_NAME)
#undef CHECKER_NAME
};
#undef LL_CHECKER

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t len = 0, cap = 0, n;
  do {
    if (len + 4096 + 1 > cap)
      buf = realloc(buf, cap = 2 * cap + 4096 + 1);
    n = fread(buf + len, 1, 4096, f);
    len += n;
  } while (n > 0);
  fclose(f);
  buf[len] = '\0';
  return buf;
}

/* The first line of text, up to its newline. */
static size_t line_length(const char *text) {
  const char *nl = strchr(text, '\n');
  return nl ? (size_t)(nl - text) : strlen(text);
}

static void check_help(const ll_rule_info *info) {
  const char *id = info->id;
  CHECK(info->short_description && *info->short_description, "%s: no short description", id);
  CHECK(info->full_description && *info->full_description, "%s: no full description", id);
  CHECK(!strchr(info->short_description, '\n') && !strchr(info->full_description, '\n'),
        "%s: a description spans lines", id);
  const char *md = info->help_markdown;
  CHECK(md && strncmp(md, "# ", 2) == 0, "%s: the help does not start with a heading", id);
  if (!md)
    return;

  /* The embedded markdown is the help file's, after its front matter. */
  char path[256];
  snprintf(path, sizeof path, "rules/help/%s.md", id);
  char *file = read_file(path);
  CHECK(file, "%s: cannot read %s", id, path);
  if (!file)
    return;
  const char *close = strstr(file, "\n---\n");
  const char *body = close ? close + 5 : "";
  CHECK(line_length(md) == line_length(body) && strncmp(md, body, line_length(md)) == 0,
        "%s: first heading '%.*s', %s has '%.*s'", id, (int)line_length(md), md, path,
        (int)line_length(body), body);
  CHECK(strcmp(md, body) == 0, "%s: the embedded help differs from %s", id, path);
  CHECK(strstr(file, info->short_description), "%s: short description not in %s", id, path);
  free(file);
}

static void check_unique_and_lookup(void) {
  for (int r = 0; r < RULE_COUNT; r++) {
    const ll_rule_info *info = rule_info((ll_rule_id)r);
    CHECK(info && info->rule == (ll_rule_id)r, "rule %d: no info, or another rule's", r);
    if (!info)
      continue;
    CHECK(strcmp(info->id, rule_id_name((ll_rule_id)r)) == 0, "%s: two ids", info->id);
    CHECK(rule_id_lookup(info->id) == (ll_rule_id)r, "%s: lookup does not round-trip", info->id);
    CHECK(info->name && *info->name && info->tags[0] && info->precision && info->default_level,
          "%s: metadata missing", info->id);
    for (int s = 0; s < r; s++) {
      CHECK(strcmp(info->id, rule_info((ll_rule_id)s)->id) != 0, "%s: id twice", info->id);
      CHECK(strcmp(info->name, rule_info((ll_rule_id)s)->name) != 0, "%s: SARIF name twice",
            info->name);
      CHECK(!*checker_names[r] || strcmp(checker_names[r], checker_names[s]) != 0,
            "checker %s named by two rules", checker_names[r]);
    }
    check_help(info);
  }
  CHECK(rule_id_lookup("no-such-rule") == RULE_COUNT, "an unknown id looked up");
  CHECK(rule_info(RULE_COUNT) == NULL, "info for RULE_COUNT");
  CHECK(strcmp(checker_names[RULE_RESOURCE_LEAK], "resource_leak") == 0 &&
            strcmp(checker_names[RULE_BLOCKED_CHANNEL], "blocked_channel") == 0,
        "checker column: '%s', '%s'", checker_names[RULE_RESOURCE_LEAK],
        checker_names[RULE_BLOCKED_CHANNEL]);
}

/* Every help file belongs to a rule: an orphan would be embedded unused. */
static void check_no_orphan_help(void) {
  DIR *d = opendir("rules/help");
  CHECK(d, "cannot open rules/help");
  for (struct dirent *e; d && (e = readdir(d));) {
    size_t n = strlen(e->d_name);
    if (n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
      continue;
    char id[256];
    snprintf(id, sizeof id, "%.*s", (int)(n - 3), e->d_name);
    CHECK(rule_id_lookup(id) != RULE_COUNT, "rules/help/%s names no rule", e->d_name);
  }
  if (d)
    closedir(d);
}

/* The verifier looks for the list's evidence, not a copy of its own. */
static void check_evidence(void) {
  for (int r = 0; r < RULE_COUNT; r++) {
    const ll_rule_info *info = rule_info((ll_rule_id)r);
    CHECK(vf_rule_evidence(info->id) == info->evidence, "%s: verifier's evidence is not the list's",
          info->id);
    CHECK(info->evidence[0] != EVIDENCE_NONE && *evidence_name(info->evidence[0]),
          "%s: no evidence kind", info->id);
  }
  const ll_evidence *unknown = vf_rule_evidence("from-another-tool");
  CHECK(unknown[0] == EVIDENCE_HEAP && unknown[1] == EVIDENCE_FDS && unknown[2] == EVIDENCE_NONE,
        "unknown rule: evidence %d %d %d", unknown[0], unknown[1], unknown[2]);
  CHECK(rule_info(RULE_UNSTOPPED_TIMER)->evidence[0] == EVIDENCE_TIMERS &&
            strcmp(evidence_name(EVIDENCE_TIMERS), "timers") == 0,
        "unstopped-timer: not timers");
}

int main(void) {
  check_unique_and_lookup();
  check_no_orphan_help();
  check_evidence();
  if (failures)
    fprintf(stderr, "test_rule_list: %d failure(s)\n", failures);
  return failures != 0;
}
