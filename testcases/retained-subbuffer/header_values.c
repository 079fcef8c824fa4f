/* An HTTP-ish header reader: each line is copied to the heap, split at its
 * colon, and the value handed on.  Handing on a pointer into the copy
 * without the copy itself strands the copy: free() needs its start. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct header {
  char *line;  /* the whole line, owned */
  char *value; /* points into line, or owned when line is NULL */
};

/* Faulty: the value is returned, the line it lives in is lost. */
char *header_value(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *colon = strchr(line, ':');
  if (!colon) {
    free(line);
    return NULL;
  }
  return colon + 1; // expect: retained-subbuffer "heap memory 'line' from strdup() can never be freed: 'colon + 1' (a pointer past what strchr() found in it) is returned at line 23, and the pointer to its start is lost here"
}

/* Faulty: the search's result itself, which may be the start of the copy
 * (a path "/x") or its middle ("a/x"). */
char *path_tail(const char *path) {
  char *copy = strdup(path);
  if (!copy)
    return NULL;
  char *slash = strrchr(copy, '/');
  if (!slash)
    return copy;
  return slash; // expect: retained-subbuffer "heap memory 'copy' from strdup() can never be freed: 'slash' (what strrchr() found in it, which may point into its middle) is returned at line 35, and the pointer to its start is lost here"
}

/* Faulty: the value is stored in the caller's header, the line is lost. */
int header_parse(struct header *h, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  char *colon = strchr(line, ':');
  if (!colon) {
    free(line);
    return -1;
  }
  *colon = '\0';
  h->value = colon + 1;
  return 0; // expect: retained-subbuffer
}

/* Correct: the value is copied out and the line freed. */
int header_parse_copy(struct header *h, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  char *colon = strchr(line, ':');
  h->value = colon ? strdup(colon + 1) : NULL;
  h->line = NULL;
  free(line);
  return h->value ? 0 : -1;
}

/* Correct: the line is kept beside the value, and freed with the header. */
int header_parse_keep(struct header *h, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  char *colon = strchr(line, ':');
  if (!colon) {
    free(line);
    return -1;
  }
  h->line = line;
  h->value = colon + 1;
  return 0;
}

/* Correct: the same, the window stored first. */
int header_parse_keep_after(struct header *h, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  char *colon = strchr(line, ':');
  h->value = colon ? colon + 1 : line;
  h->line = line;
  return 0;
}

/* Correct: the search found nothing, so nothing points into the line that
 * is freed; found, the line is kept with it. */
int header_parse_checked(struct header *h, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  h->value = strchr(line, ':');
  if (!h->value) {
    free(line);
    return -1;
  }
  h->line = line;
  return 0;
}

/* Correct: the value lives only in locals, and the line is freed after its
 * last use. */
long header_length(const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  char *colon = strchr(line, ':');
  long n = colon ? strtol(colon + 1, NULL, 10) : -1;
  free(line);
  return n;
}

/* Correct: the start is returned, the value through an out-parameter with
 * it (the caller frees the start). */
char *header_split(const char *text, char **value) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *colon = strchr(line, ':');
  *value = colon ? colon + 1 : NULL;
  return line;
}

/* Correct: a pointer stepped back to the start is the start. */
char *header_name(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *p = line + 0;
  p = line;
  char *colon = strchr(p, ':');
  if (colon)
    *colon = '\0';
  return p;
}

/* Correct: a static buffer is no heap block. */
const char *header_static(const char *text) {
  static char buf[256];
  snprintf(buf, sizeof buf, "%s", text);
  char *colon = strchr(buf, ':');
  return colon ? colon + 1 : buf;
}

/* Correct: the window of a heap block whose offset may be zero (len may be
 * 0) is not judged. */
char *header_skip(const char *text, size_t len) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  return line + len;
}
