/* The blocks of retained-subbuffer's shapes (only a pointer into their
 * middle is kept, so nothing can free them) are leaks all the same: with
 * that rule off, resource-leak reports them, as it does any block lost.
 * check-flags: --disable retained-subbuffer */
#include <stdlib.h>
#include <string.h>

/* Faulty: the text after the colon is returned, the line is lost. */
char *after_colon(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *colon = strchr(line, ':');
  if (!colon) {
    free(line);
    return NULL;
  }
  return colon + 1; // expect: resource-leak "heap memory 'line' from strdup() is not released on this path"
}

/* Faulty: a fixed-size prefix is skipped and the block lost. */
char *skip_prefix(const char *text) {
  char *copy = strdup(text);
  if (!copy)
    return NULL;
  return copy + 4; // expect: resource-leak
}

/* Correct: the block is returned past a size prefix written into it, as an
 * allocator with a header does. */
void *sized_alloc(size_t n) {
  size_t *p = malloc(sizeof *p + n);
  if (!p)
    return NULL;
  *p = n;
  return p + 1;
}

/* Correct: the value is copied out and the line freed. */
char *after_colon_copy(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *colon = strchr(line, ':');
  char *value = colon ? strdup(colon + 1) : NULL;
  free(line);
  return value;
}
