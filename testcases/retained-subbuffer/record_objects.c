/* Records built from a text line: the record may own the line, copy what
 * it needs, or carry its own text in trailing storage.  A record holding
 * only a pointer into the line strands the line. */
#include <stdlib.h>
#include <string.h>

struct record {
  char *line; /* owned: what name points into, when set */
  char *name;
  size_t len;
};

/* Faulty: the record points into the line and the line is lost. */
struct record *record_new(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  struct record *r = calloc(1, sizeof *r);
  if (!r) {
    free(line);
    return NULL;
  }
  char *eq = strchr(line, '=');
  if (!eq) {
    free(line);
    free(r);
    return NULL;
  }
  r->name = eq + 1;
  r->len = strlen(r->name);
  return r; // expect: retained-subbuffer "heap memory 'line' from strdup() can never be freed: 'eq + 1' (a pointer past what strchr() found in it) is stored in 'r->name' at line 29, and the pointer to its start is lost here"
}

/* Correct: the record owns the line its name points into. */
struct record *record_new_owned(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  struct record *r = calloc(1, sizeof *r);
  if (!r) {
    free(line);
    return NULL;
  }
  char *eq = strchr(line, '=');
  r->name = eq ? eq + 1 : line;
  r->line = line;
  r->len = strlen(r->name);
  return r;
}

/* Correct: the name lives in the record's own trailing storage. */
struct record *record_new_inline(const char *name) {
  size_t len = strlen(name);
  struct record *r = malloc(sizeof *r + len + 1);
  if (!r)
    return NULL;
  r->line = NULL;
  r->name = (char *)(r + 1);
  memcpy(r->name, name, len + 1);
  r->len = len;
  return r;
}

size_t record_measure(const struct record *r);

/* Correct: a scratch record points into the line only while both live,
 * and goes first. */
size_t measure_value(const char *text) {
  char *line = strdup(text);
  if (!line)
    return 0;
  struct record *scratch = calloc(1, sizeof *scratch);
  if (!scratch) {
    free(line);
    return 0;
  }
  scratch->name = line + 1;
  size_t n = record_measure(scratch);
  free(scratch);
  free(line);
  return n;
}

static const char *last_seen;

/* Faulty: the value goes to a scratch record, which is fine, and to a
 * static, which still points into the line when the line is freed. */
void note_value(const char *text) {
  char *line = strdup(text);
  if (!line)
    return;
  struct record *scratch = calloc(1, sizeof *scratch);
  if (!scratch) {
    free(line);
    return;
  }
  scratch->name = line + 1;
  last_seen = line + 1;
  record_measure(scratch);
  free(scratch);
  free(line); // expect: retained-subbuffer
}
