/* A key=value store that reads lines from a caller.  The value helpers
 * live in another unit (kv_helpers.c) and return pointers into the line.
 * check-program: kv_helpers.c */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *kv_value(char *line);
char *kv_find(char *line, int c);
int kv_is_comment(const char *line);

struct kv {
  char *line;  /* owns the text both fields point into */
  char *value; /* into line */
  long number;
};

/* Faulty: the value is kept, the line it lives in is lost. */
int kv_set(struct kv *kv, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  if (kv_is_comment(line)) {
    free(line);
    return 0;
  }
  kv->value = kv_value(line);
  return kv->value ? 0 : -1; // expect: retained-subbuffer "heap memory 'line' from strdup() can never be freed: a pointer into its middle from kv_value() is stored in 'kv->value' at line 28, and the pointer to its start is lost here"
}

/* Correct: the line is kept with the value. */
int kv_set_owned(struct kv *kv, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  kv->line = line;
  kv->value = kv_value(line);
  return kv->value ? 0 : -1;
}

/* Correct: the value is read and the line freed after its last use. */
int kv_set_number(struct kv *kv, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  char *value = kv_value(line);
  kv->number = value ? strtol(value, NULL, 10) : 0;
  free(line);
  return 0;
}

/* Correct: the value is copied out and the line freed. */
int kv_set_copy(struct kv *kv, const char *text) {
  char *line = strdup(text);
  if (!line)
    return -1;
  char *value = kv_value(line);
  kv->line = NULL;
  kv->value = value ? strdup(value) : NULL;
  free(line);
  return kv->value ? 0 : -1;
}

/* Faulty: what the helper found may be the start of the line or its
 * middle; either way the line itself is gone. */
char *kv_section(const char *text) {
  char *line = strdup(text);
  if (!line)
    return NULL;
  char *bracket = kv_find(line, '[');
  if (!bracket)
    free(line);
  return bracket; // expect: retained-subbuffer
}

/* Faulty: a formatted pair, of which only the value is returned. */
char *kv_format_value(const char *key, const char *value) {
  char *pair;
  if (asprintf(&pair, "%s=%s", key, value) < 0)
    return NULL;
  return kv_value(pair); // expect: retained-subbuffer
}

/* Correct: the formatted pair is returned whole, its value beside it. */
char *kv_format(const char *key, const char *value, char **value_out) {
  char *pair;
  if (asprintf(&pair, "%s=%s", key, value) < 0)
    return NULL;
  *value_out = kv_value(pair);
  return pair;
}
