/* Helpers of kv_store.c, in a unit of their own: they return pointers into
 * the line they are given, which their summaries say, so that a caller
 * keeping the result and losing the line is seen in the caller.
 * check-program: kv_store.c */
#include <string.h>

/* The text after the '=' of key=value, or NULL. */
char *kv_value(char *line) {
  char *eq = strchr(line, '=');
  return eq ? eq + 1 : NULL;
}

/* The first c in line, which may be its start, or NULL. */
char *kv_find(char *line, int c) {
  return strchr(line, c);
}

/* Whether line is a comment: uses the line, keeps nothing. */
int kv_is_comment(const char *line) {
  return line[strspn(line, " \t")] == '#';
}
