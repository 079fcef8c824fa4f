/* code_actions.c - see code_actions.h.  Edits are computed from the text
 * alone, as a careful user would make them: a fix whose shape is not
 * plainly one of those below is not offered, only the suppression. */
#include "code_actions.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "positions.h"
#include "rule_ids.h"
#include "source_text.h"
#include "util.h"

/* A byte offset in s as (line, col), both 1-based. */
static void line_col(const source_text *s, size_t off, unsigned *line, unsigned *col) {
  size_t lo = 0, hi = s->nlines;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (s->line_starts[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  *line = (unsigned)lo + 1;
  *col = (unsigned)(off - s->line_starts[lo]) + 1;
}

static cJSON *text_edit(const source_text *s, size_t off, const char *text) {
  unsigned line, col;
  line_col(s, off, &line, &col);
  cJSON *e = cJSON_CreateObject();
  cJSON *r = cJSON_AddObjectToObject(e, "range");
  cJSON_AddItemToObject(r, "start", lsp_position(s, line, col));
  cJSON_AddItemToObject(r, "end", lsp_position(s, line, col));
  cJSON_AddStringToObject(e, "newText", text);
  return e;
}

/* The indentation of the line holding off, as a new string. */
static char *indent_at(const source_text *s, size_t off) {
  unsigned line, col;
  line_col(s, off, &line, &col);
  const char *p = s->text + s->line_starts[line - 1], *q = p;
  while (*q == ' ' || *q == '\t')
    q++;
  return xstrndup(p, (size_t)(q - p));
}

/* The offset just past the ';' that ends the statement starting at off,
 * outside parentheses, strings and character constants; 0 when none. */
static size_t statement_end(const source_text *s, size_t off) {
  int depth = 0;
  for (size_t i = off; i < s->len; i++) {
    char c = s->text[i];
    if (c == '"' || c == '\'') {
      for (i++; i < s->len && s->text[i] != c; i++)
        if (s->text[i] == '\\')
          i++;
    } else if (c == '(') {
      depth++;
    } else if (c == ')') {
      depth--;
    } else if (c == ';' && depth == 0) {
      return i + 1;
    } else if (c == '{' || c == '}') {
      return 0;
    }
  }
  return 0;
}

/* Where a statement at off is the unbraced body of if (...), while (...),
 * for (...) or else: the offset just past that ')' or "else"; else 0. */
static size_t unbraced_head(const source_text *s, size_t off) {
  size_t i = off;
  while (i > 0 && isspace((unsigned char)s->text[i - 1]))
    i--;
  if (i > 0 && s->text[i - 1] == ')')
    return i;
  if (i >= 4 && strncmp(s->text + i - 4, "else", 4) == 0 &&
      (i == 4 || !(isalnum((unsigned char)s->text[i - 5]) || s->text[i - 5] == '_')))
    return i;
  return 0;
}

static cJSON *action(const char *title, const cJSON *diagnostic, const char *uri, int version,
                     cJSON *edits, bool preferred) {
  cJSON *a = cJSON_CreateObject();
  cJSON_AddStringToObject(a, "title", title);
  cJSON_AddStringToObject(a, "kind", "quickfix");
  cJSON_AddItemToArray(cJSON_AddArrayToObject(a, "diagnostics"), cJSON_Duplicate(diagnostic, 1));
  if (preferred)
    cJSON_AddTrueToObject(a, "isPreferred");
  /* A versioned edit: the client refuses it if the buffer moved on. */
  cJSON *change = cJSON_CreateObject();
  cJSON *doc = cJSON_AddObjectToObject(change, "textDocument");
  cJSON_AddStringToObject(doc, "uri", uri);
  if (version >= 0)
    cJSON_AddNumberToObject(doc, "version", version);
  else
    cJSON_AddNullToObject(doc, "version");
  cJSON_AddItemToObject(change, "edits", edits);
  cJSON *ws = cJSON_AddObjectToObject(a, "edit");
  cJSON_AddItemToArray(cJSON_AddArrayToObject(ws, "documentChanges"), change);
  return a;
}

/* The offset of f's flagged statement, when it starts its line (only
 * blanks before it) and is a return or the function's closing brace. */
static bool flagged_statement(const source_text *s, const ll_finding *f, size_t *off) {
  const char *line;
  size_t len;
  if (!source_text_line(s, f->loc.line, &line, &len) || f->loc.col == 0 || f->loc.col > len)
    return false;
  for (unsigned i = 0; i + 1 < f->loc.col; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return false;
  const char *at = line + f->loc.col - 1;
  bool is_return = strncmp(at, "return", 6) == 0 && !isalnum((unsigned char)at[6]) && at[6] != '_';
  if (!is_return && *at != '}')
    return false;
  *off = (size_t)(at - s->text);
  return true;
}

static cJSON *insert_fix(const source_text *s, const ll_finding *f, const cJSON *diagnostic,
                         const char *uri, int version) {
  size_t off;
  if (!f->fix_code || !flagged_statement(s, f, &off))
    return NULL;
  bool closing = s->text[off] == '}';
  size_t line_start = off - (f->loc.col - 1);
  char *indent = indent_at(s, off);
  cJSON *edits = cJSON_CreateArray();
  size_t head = closing ? 0 : unbraced_head(s, off);
  size_t end = closing ? 0 : statement_end(s, off);
  if (head && !end) {
    free(indent);
    cJSON_Delete(edits);
    return NULL;
  }
  char *line;
  if (closing) /* the body's indentation, one step in from the brace */
    line = xasprintf("%s  %s\n", indent, f->fix_code);
  else
    line = xasprintf("%s%s\n", indent, f->fix_code);
  if (head) {
    char *outer = indent_at(s, head - 1);
    char *close = xasprintf("\n%s}", outer);
    cJSON_AddItemToArray(edits, text_edit(s, head, " {"));
    cJSON_AddItemToArray(edits, text_edit(s, line_start, line));
    cJSON_AddItemToArray(edits, text_edit(s, end, close));
    free(close);
    free(outer);
  } else {
    cJSON_AddItemToArray(edits, text_edit(s, line_start, line));
  }
  char *title = xasprintf("Insert '%s' before this %s", f->fix_code,
                          closing ? "end of the function" : "return");
  cJSON *a = action(title, diagnostic, uri, version, edits, true);
  free(title);
  free(line);
  free(indent);
  return a;
}

static cJSON *suppress(const source_text *s, const ll_finding *f, const cJSON *diagnostic,
                       const char *uri, int version) {
  const char *line;
  size_t len;
  if (!source_text_line(s, f->loc.line, &line, &len))
    return NULL;
  size_t start = (size_t)(line - s->text);
  char *indent = indent_at(s, start);
  const char *rule = rule_id_name(f->rule);
  /* A comment alone on its line covers the next one; the reason is the
   * user's to write. */
  char *text = xasprintf("%s// leaklint: ignore[%s] TODO: why this is not a leak\n", indent, rule);
  cJSON *edits = cJSON_CreateArray();
  cJSON_AddItemToArray(edits, text_edit(s, start, text));
  char *title = xasprintf("Suppress %s on this line with a comment", rule);
  cJSON *a = action(title, diagnostic, uri, version, edits, false);
  free(title);
  free(text);
  free(indent);
  return a;
}

cJSON *code_actions_for(const ll_finding *f, const cJSON *diagnostic, const char *uri,
                        int version) {
  cJSON *list = cJSON_CreateArray();
  const source_text *s = source_text_get(f->loc.path);
  if (!s->text)
    return list;
  cJSON *fix = insert_fix(s, f, diagnostic, uri, version);
  if (fix)
    cJSON_AddItemToArray(list, fix);
  cJSON *sup = suppress(s, f, diagnostic, uri, version);
  if (sup)
    cJSON_AddItemToArray(list, sup);
  return list;
}
