/* values_written_by_callees.c - what the path knows about a value: a
 * pointer parameter seen non-NULL is not NULL at the next test (tmux's
 * prompt code tests its argument twice), and a local whose address a call
 * takes may have been written by it (tmux's layout_parse reads the count
 * sscanf stored through %n), so its old constant is gone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *make_label(int *want) {
  char *p = malloc(8);
  if (p == NULL)
    return NULL;
  if (!want) {
    free(p);
    return NULL;
  }
  if (!want)
    return NULL;
  strcpy(p, "label");
  return p;
}

static int parse_cell(const char *s, char **cause) {
  int n = 0;
  unsigned sx, sy;
  if (sscanf(s, "%ux%u%n", &sx, &sy, &n) != 2 || n != 5) {
    *cause = strdup(s);
    return -1;
  }
  return 0;
}

int select_layout(const char *s) {
  char *cause;
  if (parse_cell(s, &cause) == -1) {
    free(cause);
    return 1;
  }
  return 0;
}
