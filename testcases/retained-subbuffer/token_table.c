/* A config tokenizer that files tokens in a table.  The tokens point into
 * the lines they were cut from: the table must own those lines, or copy
 * the tokens, or the lines are stranded (or freed under the tokens). */
#include <stdlib.h>
#include <string.h>

struct table {
  char *names[64];
  char *lines[64];
  size_t n;
};

static const char *last_key;

/* Files a token: the table keeps the pointer it is given. */
static void table_add(struct table *t, char *name) {
  if (t->n < 64)
    t->names[t->n++] = name;
}

/* Files a token and the line it was cut from: the table owns the line. */
static void table_add_owned(struct table *t, char *name, char *line) {
  if (t->n < 64) {
    t->lines[t->n] = line;
    t->names[t->n++] = name;
  }
}

/* Faulty: each token is filed, each line it lives in lost when the loop
 * reads the next. */
void table_load(struct table *t, char **texts, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char *line = strdup(texts[i]); // expect: retained-subbuffer
    if (!line)
      return;
    char *eq = strchr(line, '=');
    if (eq)
      table_add(t, eq + 1);
    else
      free(line);
  }
}

/* Correct: the line goes to the table with its token. */
void table_load_owned(struct table *t, char **texts, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char *line = strdup(texts[i]);
    if (!line)
      return;
    char *eq = strchr(line, '=');
    if (eq)
      table_add_owned(t, eq + 1, line);
    else
      free(line);
  }
}

/* Correct: the token is copied, the line freed. */
void table_load_copied(struct table *t, char **texts, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char *line = strdup(texts[i]);
    if (!line)
      return;
    char *eq = strchr(line, '=');
    if (eq)
      table_add(t, strdup(eq + 1));
    free(line);
  }
}

/* Faulty: the key remembered in a static points into a freed line. */
void remember_key(const char *text) {
  char *line = strdup(text);
  if (!line)
    return;
  char *key = line;
  while (*key == ' ')
    key++;
  last_key = key;
  free(line); // expect: retained-subbuffer "heap memory 'line' from strdup() is released here while 'key' (a pointer into its middle), stored in 'last_key' at line 79, still points into it"
}

/* Correct: the static is cleared before the line goes. */
void remember_key_briefly(const char *text, void (*use)(void)) {
  char *line = strdup(text);
  if (!line)
    return;
  last_key = line + 1;
  use();
  last_key = NULL;
  free(line);
}

void audit_log(char *message);

/* Hands a token to the audit log, which this code cannot see into. */
static void audit_token(char *token) {
  audit_log(token);
}

/* Correct: the audit log may keep the token or not; nothing says it does,
 * so freeing the line after it is not judged. */
void audit_key(const char *text) {
  char *line = strdup(text);
  if (!line)
    return;
  audit_token(line + 1);
  free(line);
}

/* Correct: a size-prefixed block, handed out past its header, as
 * allocators with a size prefix do (the matching free steps back). */
void *table_alloc(size_t size) {
  size_t *p = malloc(size + sizeof(size_t));
  if (!p)
    return NULL;
  *p = size;
  return (char *)p + sizeof(size_t);
}

void table_free(void *ptr) {
  if (ptr)
    free((char *)ptr - sizeof(size_t));
}

/* Correct: tokens cut with strsep are counted, and the line freed after
 * the last use of them. */
size_t count_fields(const char *text) {
  char *line = strdup(text), *cursor = line, *tok;
  size_t n = 0;
  if (!line)
    return 0;
  while ((tok = strsep(&cursor, ",")) != NULL)
    n += *tok != '\0';
  free(line);
  return n;
}

/* Faulty: a cursor stepped past the leading blanks is returned, the line's
 * start is lost. */
char *trimmed(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *p = line;
  while (*p == ' ' || *p == '\t')
    p++;
  return p; // expect: retained-subbuffer
}

/* Correct: the trimmed text is moved to the start of the block. */
char *trimmed_in_place(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *p = line;
  while (*p == ' ' || *p == '\t')
    p++;
  memmove(line, p, strlen(p) + 1);
  return line;
}
