/* json_doc.c - see json_doc.h.
 *
 * cJSON keeps no positions, so after a successful parse locate() walks the
 * text alongside the tree and records where each node's key and value
 * start.  The text is known to be valid JSON by then, so the walk only
 * skips strings, scalars and punctuation; it never interprets a value. */
#include "json_doc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NO_KEY SIZE_MAX

struct json_node_pos {
  const cJSON *node;
  size_t key, val; /* byte offsets; key == val for array elements and the root */
};

static size_t skip_ws(const char *t, size_t i) {
  while (t[i] && (unsigned char)t[i] <= ' ') /* what cJSON skips */
    i++;
  return i;
}

static size_t step(const char *t, size_t i) {
  return t[i] ? i + 1 : i;
}

static size_t skip_string(const char *t, size_t i) {
  for (i = step(t, i); t[i] && t[i] != '"'; i++)
    if (t[i] == '\\' && t[i + 1])
      i++;
  return step(t, i);
}

static size_t skip_scalar(const char *t, size_t i) {
  while (t[i] && (unsigned char)t[i] > ' ' && t[i] != ',' && t[i] != ']' && t[i] != '}')
    i++;
  return i;
}

/* Records where node (and its key, if it is an object member) starts, and
 * returns the offset just past it. */
static size_t locate(json_doc *d, const cJSON *node, size_t i, size_t key) {
  const char *t = d->text;
  i = skip_ws(t, i);
  LL_GROW(d->pos, d->npos, d->cappos);
  d->pos[d->npos++] = (json_node_pos){node, key == NO_KEY ? i : key, i};
  if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
    return t[i] == '"' ? skip_string(t, i) : skip_scalar(t, i);
  i = step(t, i); /* '{' or '[' */
  for (const cJSON *c = node->child; c; c = c->next) {
    size_t k = NO_KEY;
    i = skip_ws(t, i);
    if (cJSON_IsObject(node)) {
      k = i;
      i = step(t, skip_ws(t, skip_string(t, i))); /* the key and ':' */
    }
    i = skip_ws(t, locate(d, c, i, k));
    if (t[i] == ',')
      i++;
  }
  return step(t, skip_ws(t, i)); /* '}' or ']' */
}

static int pos_cmp(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const json_node_pos *)a)->node;
  uintptr_t y = (uintptr_t)((const json_node_pos *)b)->node;
  return x < y ? -1 : x > y;
}

static void index_lines(json_doc *d) {
  LL_GROW(d->line_starts, d->nlines, d->caplines);
  d->line_starts[d->nlines++] = 0;
  for (size_t i = 0; i < d->len; i++) {
    if (d->text[i] == '\n') {
      LL_GROW(d->line_starts, d->nlines, d->caplines);
      d->line_starts[d->nlines++] = i + 1;
    }
  }
}

static void line_col(const json_doc *d, size_t off, unsigned *line, unsigned *col) {
  size_t lo = 0, hi = d->nlines; /* the last line start <= off */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->line_starts[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  *line = (unsigned)lo + 1;
  *col = (unsigned)(off - d->line_starts[lo]) + 1;
}

static int error_at(const json_doc *d, size_t off, char *err, size_t errlen, const char *fmt,
                    va_list ap) {
  unsigned line, col;
  line_col(d, off, &line, &col);
  char *msg = xvasprintf(fmt, ap);
  if (err && errlen)
    snprintf(err, errlen, "%s:%u:%u: error: %s", d->path, line, col, msg);
  free(msg);
  return -1;
}

static int error_at_offset(const json_doc *d, size_t off, char *err, size_t errlen, const char *fmt,
                           ...) __attribute__((format(printf, 5, 6)));
static int error_at_offset(const json_doc *d, size_t off, char *err, size_t errlen, const char *fmt,
                           ...) {
  va_list ap;
  va_start(ap, fmt);
  error_at(d, off, err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}

static int syntax_error(const json_doc *d, const char *end, char *err, size_t errlen) {
  size_t off = end && end >= d->text && end <= d->text + d->len ? (size_t)(end - d->text) : 0;
  if (off >= d->len)
    return error_at_offset(d, d->len, err, errlen, "JSON syntax error: unexpected end of input");
  unsigned char c = (unsigned char)d->text[off];
  if (c > ' ' && c < 0x7f)
    return error_at_offset(d, off, err, errlen, "JSON syntax error near '%c'", c);
  return error_at_offset(d, off, err, errlen, "JSON syntax error near byte 0x%02x", c);
}

int json_doc_parse(json_doc *d, const char *path, const char *text, size_t len, const char *what,
                   char *err, size_t errlen) {
  memset(d, 0, sizeof *d);
  d->path = path;
  d->text = text;
  d->len = len;
  index_lines(d);
  const char *nul = memchr(text, '\0', len);
  if (nul)
    return error_at_offset(d, (size_t)(nul - text), err, errlen, "NUL byte in %s", what);
  const char *end = NULL;
  /* The length includes the terminating NUL: require_null_terminated wants
   * to see it. */
  d->root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
  if (!d->root)
    return syntax_error(d, end, err, errlen);
  size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* cJSON skips a BOM */
  locate(d, d->root, start, NO_KEY);
  qsort(d->pos, d->npos, sizeof *d->pos, pos_cmp);
  return 0;
}

void json_doc_free(json_doc *d) {
  cJSON_Delete(d->root);
  free(d->pos);
  free(d->line_starts);
  memset(d, 0, sizeof *d);
}

static size_t offset_of(const json_doc *d, const cJSON *node, bool at_key) {
  json_node_pos key = {.node = node};
  const json_node_pos *p = d->npos ? bsearch(&key, d->pos, d->npos, sizeof *d->pos, pos_cmp) : NULL;
  return p ? (at_key ? p->key : p->val) : 0;
}

void json_doc_position(const json_doc *d, const cJSON *node, bool at_key, unsigned *line,
                       unsigned *col) {
  line_col(d, offset_of(d, node, at_key), line, col);
}

int json_doc_error(const json_doc *d, const cJSON *node, bool at_key, char *err, size_t errlen,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_at(d, offset_of(d, node, at_key), err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}
