/* A settings reader whose allocator lives in another unit: the two files
 * form one program, and the leaks below are found only with both.
 *
 * check-program: line_store.c
 *
 *   leaklint --verify testcases/resource-leak/settings_reader.c
 */
#include <stdio.h>
#include <string.h>

char *line_dup(const char *s, size_t n);
void line_free(char *line);

struct setting {
  char *key;
  char *value;
};

/* Faulty: the key leaks when the value cannot be copied. */
int setting_parse(const char *line, struct setting *out) {
  const char *eq = strchr(line, '=');
  if (!eq)
    return -1;
  char *key = line_dup(line, (size_t)(eq - line));
  if (!key)
    return -1;
  char *value = line_dup(eq + 1, strlen(eq + 1));
  if (!value)
    return -1; // expect: resource-leak "heap memory 'key' from line_dup() is not released on this path"
  out->key = key;
  out->value = value;
  return 0;
}

/* Correct: the key is released before the error return. */
int setting_parse_fixed(const char *line, struct setting *out) {
  const char *eq = strchr(line, '=');
  if (!eq)
    return -1;
  char *key = line_dup(line, (size_t)(eq - line));
  if (!key)
    return -1;
  char *value = line_dup(eq + 1, strlen(eq + 1));
  if (!value) {
    line_free(key);
    return -1;
  }
  out->key = key;
  out->value = value;
  return 0;
}

void setting_clear(struct setting *s) {
  line_free(s->key);
  line_free(s->value);
}

/* Faulty: a comment line is skipped without freeing its copy. */
int count_settings(FILE *f) {
  char buf[256];
  int n = 0;
  while (fgets(buf, sizeof buf, f)) {
    char *line = line_dup(buf, strcspn(buf, "\n")); // expect: resource-leak
    if (!line)
      return -1;
    if (line[0] == '#')
      continue;
    if (strchr(line, '='))
      n++;
    line_free(line);
  }
  return n;
}
