/* annotations.c - see annotations.h. */
#include "annotations.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct expectation {
  unsigned line;
  ll_rule_id rule;
  bool matched;
} expectation;

typedef struct expect_list {
  expectation *items;
  size_t n, cap;
} expect_list;

/* Reads "expect: a, b" from one line; unknown rule ids are errors. */
static int parse_line(const char *path, unsigned lineno, const char *line, expect_list *out,
                      FILE *err) {
  const char *p = strstr(line, "expect:");
  if (!p || (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '_')))
    return 0;
  p += strlen("expect:");
  int bad = 0;
  for (;;) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *start = p;
    while (*p && (isalnum((unsigned char)*p) || *p == '-'))
      p++;
    if (p == start)
      break;
    char *name = xstrndup(start, (size_t)(p - start));
    ll_rule_id r = rule_id_lookup(name);
    if (r == RULE_COUNT) {
      fprintf(err, "%s:%u: error: unknown rule '%s' in expect: annotation\n", path, lineno, name);
      bad++;
    } else {
      LL_GROW(out->items, out->n, out->cap);
      out->items[out->n++] = (expectation){.line = lineno, .rule = r};
    }
    free(name);
  }
  return bad;
}

static int read_expectations(const char *path, expect_list *out, FILE *err) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(err, "%s: error: cannot read\n", path);
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  unsigned lineno = 0;
  int bad = 0;
  while (getline(&line, &cap, f) >= 0)
    bad += parse_line(path, ++lineno, line, out, err);
  free(line);
  fclose(f);
  return bad;
}

static bool same_file(const char *a, const char *b) {
  if (!a || !b)
    return false;
  if (strcmp(a, b) == 0)
    return true;
  char ra[PATH_MAX], rb[PATH_MAX];
  return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

static int verify_file(const ll_report *r, const char *path, FILE *out) {
  expect_list ex = {0};
  int bad = read_expectations(path, &ex, out);
  if (bad < 0)
    return -1;
  for (size_t i = 0; i < r->nfindings; i++) {
    const ll_finding *f = &r->findings[i];
    if (!same_file(f->loc.path, path))
      continue;
    bool found = false;
    for (size_t e = 0; e < ex.n && !found; e++)
      if (ex.items[e].line == f->loc.line && ex.items[e].rule == f->rule) {
        ex.items[e].matched = true;
        found = true;
      }
    if (!found) {
      fprintf(out, "%s:%u:%u: error: unexpected finding [%s]: %s\n", path, f->loc.line, f->loc.col,
              rule_id_name(f->rule), f->message);
      bad++;
    }
  }
  for (size_t e = 0; e < ex.n; e++)
    if (!ex.items[e].matched) {
      fprintf(out, "%s:%u: error: missing finding [%s]\n", path, ex.items[e].line,
              rule_id_name(ex.items[e].rule));
      bad++;
    }
  for (size_t i = 0; i < r->nnotes; i++) {
    const ll_notification *n = &r->notes[i];
    if (n->level == NOTE_ERROR && same_file(n->loc.path, path)) {
      fprintf(out, "%s:%u: error: the testcase does not parse cleanly: %s\n", path, n->loc.line,
              n->message);
      bad++;
    }
  }
  free(ex.items);
  return bad;
}

int annotations_verify(const ll_report *r, const char *const *files, int nfiles, FILE *out) {
  int bad = 0;
  for (int i = 0; i < nfiles; i++) {
    int b = verify_file(r, files[i], out);
    if (b < 0)
      return -1;
    bad += b;
  }
  return bad;
}
