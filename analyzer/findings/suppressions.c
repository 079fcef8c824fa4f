/* suppressions.c - see suppressions.h.  Suppressions are read from the
 * source text as it is now (source_text.h), the same text the fingerprint
 * and the reporters read, so they agree on what line N is. */
#define _GNU_SOURCE /* memmem */
#include "suppressions.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "rule_ids.h"
#include "source_text.h"
#include "util.h"

#define DIRECTIVE "leaklint:"

typedef struct suppression {
  const char *path; /* as first met */
  const char *key;  /* the file's real path, interned: one file, several spellings */
  unsigned line, col;
  unsigned target; /* the line it covers */
  unsigned rules;  /* RULE_BIT()s */
  char *reason;
  bool used;
} suppression;

typedef struct scan {
  suppression *items;
  size_t n, cap;
  const char **files; /* keys already scanned */
  size_t nfiles, capfiles;
  ll_report *report;
} scan;

static const char *file_key(const char *path) {
  char buf[PATH_MAX];
  return intern(realpath(path, buf) ? buf : path);
}

static const char *skip_blank(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static bool is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '-' || c == '_';
}

static void warn(scan *sc, const char *path, unsigned line, unsigned col, const char *what,
                 const char *detail) {
  report_add_note(sc->report, NOTE_WARNING,
                  (ll_location){.path = intern(path), .line = line, .col = col}, "%s%s", what,
                  detail);
}

/* "[a, b]" at p: the rules' bits in *rules; returns the end, or NULL (with
 * a warning) when the list is malformed or names an unknown rule. */
static const char *parse_rules(scan *sc, const char *path, unsigned line, unsigned col,
                               const char *p, const char *end, unsigned *rules) {
  *rules = 0;
  p++; /* '[' */
  for (;;) {
    p = skip_blank(p, end);
    const char *name = p;
    while (p < end && is_word_char(*p))
      p++;
    char *id = xstrndup(name, (size_t)(p - name));
    ll_rule_id r = rule_id_lookup(id);
    if (r == RULE_COUNT) {
      char *detail = xasprintf(" '%s' (see --list-rules); the suppression is ignored", id);
      warn(sc, path, line, col, "unknown rule in suppression:", detail);
      free(detail);
      free(id);
      return NULL;
    }
    free(id);
    *rules |= RULE_BIT(r);
    p = skip_blank(p, end);
    if (p < end && *p == ',') {
      p++;
      continue;
    }
    if (p < end && *p == ']')
      return p + 1;
    warn(sc, path, line, col, "malformed suppression: ",
         "expected 'leaklint: ignore[RULE,...] reason'; the suppression is ignored");
    return NULL;
  }
}

/* The directive that starts at p (just after "leaklint:") in a comment
 * that opened at column col of line; adds it to sc.  own_line: nothing but
 * blanks before the comment. */
static void parse_directive(scan *sc, const char *path, unsigned line, unsigned col, const char *p,
                            const char *end, bool block, bool own_line) {
  p = skip_blank(p, end);
  if ((size_t)(end - p) < 6 || memcmp(p, "ignore", 6) != 0 || (p + 6 < end && is_word_char(p[6]))) {
    warn(sc, path, line, col, "malformed suppression: ",
         "expected 'leaklint: ignore[RULE,...] reason'; the suppression is ignored");
    return;
  }
  p += 6;
  unsigned rules = (1u << RULE_COUNT) - 1;
  if (p < end && *p == '[' && !(p = parse_rules(sc, path, line, col, p, end, &rules)))
    return;
  const char *close = block ? strstr(p, "*/") : NULL;
  const char *stop = close && close < end ? close : end;
  p = skip_blank(p, stop);
  if (p < stop && (*p == ':' || *p == '-'))
    p = skip_blank(p + 1, stop);
  while (stop > p && isspace((unsigned char)stop[-1]))
    stop--;
  /* A block comment followed by code covers its own line, like a trailing one. */
  if (close && close < end && skip_blank(close + 2, end) < end)
    own_line = false;
  LL_GROW(sc->items, sc->n, sc->cap);
  sc->items[sc->n++] = (suppression){.path = intern(path),
                                     .key = file_key(path),
                                     .line = line,
                                     .col = col,
                                     .target = own_line ? line + 1 : line,
                                     .rules = rules,
                                     .reason = xstrndup(p, (size_t)(stop - p))};
}

/* Every comment on the line that starts with "leaklint:". */
static void scan_line(scan *sc, const char *path, unsigned line, const char *text, size_t len) {
  const char *end = text + len;
  for (const char *c = text; c + 1 < end; c++) {
    if (c[0] != '/' || (c[1] != '/' && c[1] != '*'))
      continue;
    bool block = c[1] == '*';
    const char *p = c + 2;
    while (p < end && (*p == '/' || *p == '*' || *p == '!'))
      p++; /* doc comments: three slashes, slash-star-star, slash-slash-bang */
    p = skip_blank(p, end);
    if ((size_t)(end - p) >= strlen(DIRECTIVE) && memcmp(p, DIRECTIVE, strlen(DIRECTIVE)) == 0) {
      bool own_line = skip_blank(text, c) == c;
      parse_directive(sc, path, line, (unsigned)(c - text) + 1, p + strlen(DIRECTIVE), end, block,
                      own_line);
      return;
    }
  }
}

static void scan_file(scan *sc, const char *path) {
  if (!path)
    return;
  const char *key = file_key(path);
  for (size_t i = 0; i < sc->nfiles; i++)
    if (sc->files[i] == key)
      return;
  LL_GROW(sc->files, sc->nfiles, sc->capfiles);
  sc->files[sc->nfiles++] = key;
  const source_text *s = source_text_get(intern(path));
  if (!s->text || !memmem(s->text, s->len, DIRECTIVE, strlen(DIRECTIVE)))
    return;
  for (size_t l = 1; l <= s->nlines; l++) {
    const char *text;
    size_t len;
    if (source_text_line(s, (unsigned)l, &text, &len) &&
        memmem(text, len, DIRECTIVE, strlen(DIRECTIVE)))
      scan_line(sc, path, (unsigned)l, text, len);
  }
}

/* Whether s covers line of the file whose key is key (NULL: no file). */
static bool covers(const suppression *s, const char *key, unsigned line) {
  return key && line == s->target && key == s->key;
}

static void match(scan *sc, ll_finding *f) {
  /* Keys resolved once a finding, not once a suppression: realpath() is a
   * walk of the file system. */
  const char *at = NULL, *from = NULL;
  for (size_t i = 0; i < sc->n; i++) {
    suppression *s = &sc->items[i];
    if (!(s->rules & RULE_BIT(f->rule)))
      continue;
    if (!at && f->loc.path)
      at = file_key(f->loc.path);
    if (!from && f->acquired.path)
      from = f->acquired.path == f->loc.path ? at : file_key(f->acquired.path);
    if (!covers(s, at, f->loc.line) && !covers(s, from, f->acquired.line))
      continue;
    s->used = true;
    if (!f->suppression)
      f->suppression = xstrdup(s->reason);
  }
}

static void report_unused_ones(scan *sc, unsigned enabled_rules) {
  for (size_t i = 0; i < sc->n; i++) {
    const suppression *s = &sc->items[i];
    if (s->used || !(s->rules & enabled_rules))
      continue; /* a rule that did not run cannot have used it */
    report_add_note(sc->report, NOTE_WARNING,
                    (ll_location){.path = s->path, .line = s->line, .col = s->col},
                    "unused suppression: nothing it names is reported on line %u", s->target);
  }
}

void suppressions_apply(ll_report *r, const char *const *files, size_t nfiles, bool report_unused,
                        unsigned enabled_rules) {
  scan sc = {.report = r};
  for (size_t i = 0; i < r->nfindings; i++) {
    scan_file(&sc, r->findings[i].loc.path);
    scan_file(&sc, r->findings[i].acquired.path);
  }
  if (report_unused)
    for (size_t i = 0; i < nfiles; i++)
      scan_file(&sc, files[i]);
  for (size_t i = 0; i < r->nfindings; i++)
    match(&sc, &r->findings[i]);
  if (report_unused)
    report_unused_ones(&sc, enabled_rules);
  report_hide_silenced(r);
  for (size_t i = 0; i < sc.n; i++)
    free(sc.items[i].reason);
  free(sc.items);
  free(sc.files);
}
