/* json_doc.h - a JSON file parsed with cJSON, and where each of its nodes
 * starts in the text, so that a file that parses but says something wrong
 * is reported as "file:line:col: error: message", the form editors and CI
 * problem matchers pick up.  The rules files (models_json.c) and the config
 * file (app/config.c) are read through it.
 *
 * Ownership: a json_doc owns its tree and its position index; the text and
 * the path stay the caller's and must outlive it. */
#ifndef LEAKLINT_JSON_DOC_H
#define LEAKLINT_JSON_DOC_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct json_node_pos json_node_pos;

typedef struct json_doc {
  const char *path, *text;
  size_t len;
  cJSON *root;
  json_node_pos *pos; /* sorted by node */
  size_t npos, cappos;
  size_t *line_starts;
  size_t nlines, caplines;
} json_doc;

/* Parses text[0..len) (NUL-terminated at len).  what names the kind of file
 * in messages ("a rules file").  Returns 0, or -1 with "PATH:LINE:COL:
 * error: JSON syntax error ..." in err; free the doc either way. */
int json_doc_parse(json_doc *d, const char *path, const char *text, size_t len, const char *what,
                   char *err, size_t errlen);
void json_doc_free(json_doc *d);

/* The line and column where node's value starts, or its key with at_key
 * (an object member's).  1:1 for a node not in the document. */
void json_doc_position(const json_doc *d, const cJSON *node, bool at_key, unsigned *line,
                       unsigned *col);

/* Writes "PATH:LINE:COL: error: MESSAGE" about node into err; returns -1. */
int json_doc_error(const json_doc *d, const cJSON *node, bool at_key, char *err, size_t errlen,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
