/* expectations.c - see expectations.h. */
#include "expectations.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "source_text.h"
#include "util.h"

struct expectation {
  const char *path; /* one of the testcase's files[] */
  unsigned line;
  ll_rule_id rule;
  char *message; /* the exact text expected; NULL: any */
  bool met;
};

/* ---- Reading directives. ---- */

/* The rest of one line, [p, end), and where it is, for errors. */
typedef struct cursor {
  const char *p, *end;
  const char *path;
  unsigned line;
  FILE *err;
} cursor;

static bool is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static bool at_comment_end(const cursor *c) {
  return c->p + 1 < c->end && c->p[0] == '*' && c->p[1] == '/';
}

static void skip_blanks(cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
    c->p++;
}

/* Moves c past the first occurrence of name that stands as a word of its
 * own ("check-flags:", not "my-check-flags:"); false when there is none. */
static bool find_directive(cursor *c, const char *name) {
  size_t n = strlen(name);
  bool ends_itself = name[n - 1] == ':';
  for (const char *p = c->p; p + n <= c->end; p++) {
    if (memcmp(p, name, n) != 0 || (p > c->p && is_word_char(p[-1])))
      continue;
    if (!ends_itself && p + n < c->end && is_word_char(p[n]))
      continue;
    c->p = p + n;
    return true;
  }
  return false;
}

/* The next blank-separated word before the line or its comment ends, or
 * NULL.  No quoting: a testcase's options do not need it. */
static char *next_word(cursor *c) {
  skip_blanks(c);
  const char *start = c->p;
  while (c->p < c->end && !isspace((unsigned char)*c->p) && !at_comment_end(c))
    c->p++;
  return c->p > start ? xstrndup(start, (size_t)(c->p - start)) : NULL;
}

/* A double-quoted message at c->p, with \" and \\ as escapes; NULL when
 * the line ends first. */
static char *quoted(cursor *c) {
  char *out = xmalloc((size_t)(c->end - c->p) + 1);
  size_t n = 0;
  for (c->p++; c->p < c->end; c->p++) {
    if (*c->p == '"') {
      c->p++;
      out[n] = '\0';
      return out;
    }
    if (*c->p == '\\' && c->p + 1 < c->end)
      c->p++;
    out[n++] = *c->p;
  }
  free(out);
  return NULL;
}

__attribute__((format(printf, 2, 3))) static int error(const cursor *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(c->err, "%s:%u: error: ", c->path, c->line);
  vfprintf(c->err, fmt, ap);
  fputc('\n', c->err);
  va_end(ap);
  return 1;
}

/* name, relative to the folder of the testcase at path. */
static char *beside(const char *path, const char *name) {
  const char *slash = strrchr(path, '/');
  if (name[0] == '/' || !slash)
    return xstrdup(name);
  return xasprintf("%.*s/%s", (int)(slash - path), path, name);
}

static void push(char ***list, size_t *n, char *s) {
  *list = xrealloc(*list, (*n + 1) * sizeof **list);
  (*list)[(*n)++] = s;
}

/* "expect: RULE ["MESSAGE"], ..." up to the first word that is not a rule
 * name (the comment's end, or prose). */
static int read_expect(cursor *c, testcase *tc, const char *file) {
  int bad = 0;
  for (;;) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == ','))
      c->p++;
    const char *start = c->p;
    while (c->p < c->end && (isalnum((unsigned char)*c->p) || *c->p == '-'))
      c->p++;
    if (c->p == start)
      return bad;
    char *name = xstrndup(start, (size_t)(c->p - start));
    skip_blanks(c);
    char *message = NULL;
    if (c->p < c->end && *c->p == '"' && !(message = quoted(c)))
      bad += error(c, "unterminated message after '%s' in expect:", name);
    ll_rule_id rule = rule_id_lookup(name);
    if (rule == RULE_COUNT) {
      bad += error(c, "unknown rule '%s' in expect: annotation", name);
      free(message);
    } else {
      LL_GROW(tc->expect, tc->nexpect, tc->cap_expect);
      tc->expect[tc->nexpect++] =
          (expectation){.path = file, .line = c->line, .rule = rule, .message = message};
    }
    free(name);
  }
}

typedef enum { VALUE_WORD, VALUE_PATH, VALUE_RULES } value_kind;

/* The options a testcase may set: those that say what to analyse and
 * how, not how to report it. */
static const struct testcase_option {
  const char *name;
  value_kind value;
} testcase_options[] = {
    {"--rules", VALUE_PATH},   {"-p", VALUE_PATH},         {"--extra-arg", VALUE_WORD},
    {"--enable", VALUE_RULES}, {"--disable", VALUE_RULES},
};

static int check_rule_list(const cursor *c, const char *list) {
  char *copy = xstrdup(list), *save = NULL;
  int bad = 0;
  for (char *r = strtok_r(copy, ",", &save); r; r = strtok_r(NULL, ",", &save))
    if (rule_id_lookup(r) == RULE_COUNT)
      bad += error(c, "unknown rule '%s' in check-flags:", r);
  free(copy);
  return bad;
}

/* One option and its value, as "--name=VALUE" or "--name VALUE" ("-p
 * VALUE"), onto tc->flags in the form the command line parses. */
static int read_option(cursor *c, testcase *tc, char *word) {
  const struct testcase_option *o = NULL;
  const char *value = NULL;
  for (size_t i = 0; i < sizeof testcase_options / sizeof *testcase_options && !o; i++) {
    size_t n = strlen(testcase_options[i].name);
    if (strcmp(word, testcase_options[i].name) == 0)
      o = &testcase_options[i];
    else if (testcase_options[i].name[1] == '-' &&
             strncmp(word, testcase_options[i].name, n) == 0 && word[n] == '=')
      o = &testcase_options[i], value = word + n + 1;
  }
  if (!o)
    return error(c,
                 "'%s' in check-flags: is not an option a testcase may set (--rules, -p, "
                 "--extra-arg, --enable, --disable)",
                 word);
  char *next = value ? NULL : next_word(c);
  if (!value && !(value = next))
    return error(c, "check-flags: '%s' wants a value", word);
  int bad = o->value == VALUE_RULES ? check_rule_list(c, value) : 0;
  char *v = o->value == VALUE_PATH ? beside(c->path, value) : xstrdup(value);
  if (o->name[1] == '-') {
    push(&tc->flags, &tc->nflags, xasprintf("%s=%s", o->name, v));
    free(v);
  } else {
    push(&tc->flags, &tc->nflags, xstrdup(o->name));
    push(&tc->flags, &tc->nflags, v);
  }
  free(next);
  return bad;
}

/* Stops at the first error: after an unknown option, its value would
 * read as one more. */
static int read_flags(cursor *c, testcase *tc) {
  int bad = 0;
  for (char *word; !bad && (word = next_word(c)); free(word))
    bad = read_option(c, tc, word);
  return bad;
}

static void read_program(cursor *c, testcase *tc) {
  for (char *word; (word = next_word(c)); free(word)) {
    char *file = beside(c->path, word);
    bool known = false;
    for (size_t i = 0; i < tc->nfiles && !known; i++)
      known = strcmp(tc->files[i], file) == 0;
    if (known)
      free(file);
    else
      push(&tc->files, &tc->nfiles, file);
  }
}

static void read_known_to_fail(cursor *c, testcase *tc) {
  tc->known_to_fail = true;
  skip_blanks(c);
  if (c->p >= c->end || *c->p != ':')
    return;
  c->p++;
  skip_blanks(c);
  const char *start = c->p;
  while (c->p < c->end && !at_comment_end(c))
    c->p++;
  const char *end = c->p;
  while (end > start && isspace((unsigned char)end[-1]))
    end--;
  if (end > start && !tc->why_known_to_fail)
    tc->why_known_to_fail = xstrndup(start, (size_t)(end - start));
}

/* One line of file; the check- directives only when it is the testcase. */
static int read_line(cursor *line, testcase *tc, const char *file, bool own) {
  cursor c = *line;
  if (find_directive(&c, "expect:"))
    return read_expect(&c, tc, file);
  if (!own)
    return 0;
  if (find_directive(&c, "check-flags:"))
    return read_flags(&c, tc);
  if (find_directive(&c, "check-program:"))
    read_program(&c, tc);
  else if (find_directive(&c, "check-known-to-fail"))
    read_known_to_fail(&c, tc);
  return 0;
}

static int read_testcase_file(testcase *tc, const char *file, bool own, FILE *err) {
  const source_text *s = source_text_get(file);
  if (!s->text) {
    fprintf(err, "%s: error: cannot read: %s\n", file, strerror(s->error));
    return 1;
  }
  int bad = 0;
  for (unsigned l = 1; l <= s->nlines; l++) {
    size_t len;
    cursor c = {.path = file, .line = l, .err = err};
    source_text_line(s, l, &c.p, &len);
    c.end = c.p + len;
    bad += read_line(&c, tc, file, own);
  }
  return bad;
}

int testcase_read(const char *path, testcase *tc, FILE *err) {
  memset(tc, 0, sizeof *tc);
  tc->path = path;
  push(&tc->files, &tc->nfiles, xstrdup(path));
  int bad = read_testcase_file(tc, tc->files[0], true, err);
  for (size_t i = 1; i < tc->nfiles; i++)
    bad += read_testcase_file(tc, tc->files[i], false, err);
  return bad;
}

static void free_words(char **words, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(words[i]);
  free(words);
}

void testcase_free(testcase *tc) {
  free_words(tc->files, tc->nfiles);
  free_words(tc->flags, tc->nflags);
  for (size_t i = 0; i < tc->nexpect; i++)
    free(tc->expect[i].message);
  free(tc->expect);
  free(tc->why_known_to_fail);
  memset(tc, 0, sizeof *tc);
}

/* ---- Checking a report. ---- */

static bool same_file(const char *a, const char *b) {
  if (!a || !b)
    return false;
  if (strcmp(a, b) == 0)
    return true;
  char ra[PATH_MAX], rb[PATH_MAX];
  return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

static bool expects(const expectation *e, const char *file, const ll_finding *f) {
  return e->path == file && e->line == f->loc.line && e->rule == f->rule;
}

static bool same_message(const expectation *e, const ll_finding *f) {
  return e->message && strcmp(e->message, f->message ? f->message : "") == 0;
}

/* A finding that no exact message claimed: an expectation without a
 * message takes it (and any number of others on its line); else one whose
 * message differs is reported as such; else the finding is unexpected.
 * Returns the number of mismatches. */
static int match_loosely(testcase *tc, const char *file, const ll_finding *f, const char *level,
                         FILE *out) {
  expectation *other = NULL;
  for (size_t e = 0; e < tc->nexpect; e++) {
    expectation *x = &tc->expect[e];
    if (!expects(x, file, f))
      continue;
    if (!x->message) {
      x->met = true;
      return 0;
    }
    if (!x->met && !other)
      other = x;
  }
  if (other) {
    other->met = true; /* said here, not again as missing */
    fprintf(out, "%s:%u:%u: %s: message differs [%s]: reported \"%s\", expected \"%s\"\n", file,
            f->loc.line, f->loc.col, level, rule_id_name(f->rule), f->message, other->message);
    return 1;
  }
  fprintf(out, "%s:%u:%u: %s: unexpected finding [%s]: %s\n", file, f->loc.line, f->loc.col, level,
          rule_id_name(f->rule), f->message);
  return 1;
}

/* The mismatches between file's expectations and r's findings in it. */
static int check_file(testcase *tc, const char *file, const ll_report *r, const char *level,
                      FILE *out) {
  bool *claimed = xcalloc(r->nfindings ? r->nfindings : 1, sizeof *claimed);
  bool *here = xcalloc(r->nfindings ? r->nfindings : 1, sizeof *here);
  /* Exact messages first, so that a finding with another message on the
   * same line is not taken for theirs. */
  for (size_t i = 0; i < r->nfindings; i++) {
    const ll_finding *f = &r->findings[i];
    if (!(here[i] = same_file(f->loc.path, file)))
      continue;
    for (size_t e = 0; e < tc->nexpect && !claimed[i]; e++)
      if (expects(&tc->expect[e], file, f) && same_message(&tc->expect[e], f))
        tc->expect[e].met = claimed[i] = true;
  }
  int bad = 0;
  for (size_t i = 0; i < r->nfindings; i++)
    if (here[i] && !claimed[i])
      bad += match_loosely(tc, file, &r->findings[i], level, out);
  for (size_t e = 0; e < tc->nexpect; e++) {
    const expectation *x = &tc->expect[e];
    if (x->path != file || x->met)
      continue;
    fprintf(out, "%s:%u: %s: missing finding [%s]", file, x->line, level, rule_id_name(x->rule));
    if (x->message)
      fprintf(out, ": \"%s\"", x->message);
    fputc('\n', out);
    bad++;
  }
  free(claimed);
  free(here);
  return bad;
}

/* Error notes about the program's files: a testcase must parse, known to
 * fail or not. */
static int parse_errors(const testcase *tc, const ll_report *r, FILE *out) {
  int bad = 0;
  for (size_t f = 0; f < tc->nfiles; f++)
    for (size_t i = 0; i < r->nnotes; i++) {
      const ll_notification *n = &r->notes[i];
      if (n->level == NOTE_ERROR && same_file(n->loc.path, tc->files[f])) {
        fprintf(out, "%s:%u: error: the testcase does not parse cleanly: %s\n", tc->files[f],
                n->loc.line, n->message);
        bad++;
      }
    }
  return bad;
}

testcase_verdict testcase_check(testcase *tc, const ll_report *r, FILE *out) {
  /* Under the marker the mismatches are the expected state: notes. */
  const char *level = tc->known_to_fail ? "note" : "error";
  for (size_t e = 0; e < tc->nexpect; e++)
    tc->expect[e].met = false;
  int mismatches = 0;
  for (size_t f = 0; f < tc->nfiles; f++)
    mismatches += check_file(tc, tc->files[f], r, level, out);
  if (parse_errors(tc, r, out))
    return TESTCASE_FAIL;
  if (!tc->known_to_fail)
    return mismatches ? TESTCASE_FAIL : TESTCASE_PASS;
  if (!mismatches) {
    fprintf(out,
            "%s: error: unexpectedly passes: every expectation is met, so "
            "check-known-to-fail must go\n",
            tc->path);
    return TESTCASE_XPASS;
  }
  fprintf(out, "%s: XFAIL: %d mismatch%s, known to fail%s%s\n", tc->path, mismatches,
          mismatches == 1 ? "" : "es", tc->why_known_to_fail ? ": " : "",
          tc->why_known_to_fail ? tc->why_known_to_fail : "");
  return TESTCASE_XFAIL;
}
