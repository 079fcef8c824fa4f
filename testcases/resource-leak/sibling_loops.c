/* sibling_loops.c - two loops that each declare their own `int i`: a test
 * of the first loop's i says nothing about the second's, though both read
 * "i < n".  The second loop's body runs; what it leaks there is found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
  char *name;
  int used;
};

int count_used(struct entry *entries, int n);

int dump_names(struct entry *entries, int n, FILE *out) {
  for (int i = 0; i < n; i++)
    if (entries[i].name == NULL)
      return -1;
  for (int i = 0; i < n; i++) {
    char *line = malloc(strlen(entries[i].name) + 2);
    if (line == NULL)
      return -1;
    sprintf(line, "%s\n", entries[i].name);
    if (fputs(line, out) == EOF)
      return -1; // expect: resource-leak
    free(line);
  }
  return 0;
}
