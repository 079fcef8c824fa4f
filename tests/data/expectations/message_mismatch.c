/* A testcase that must fail: the finding is on the line and of the rule
 * written, but its message is another (tests/expectations.cmake). */
#include <stdio.h>

int first_byte(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  int c = fgetc(f);
  if (c == EOF)
    return -1; // expect: resource-leak "FILE stream 'f' from fopen() is never closed"
  fclose(f);
  return c;
}
