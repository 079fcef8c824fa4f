/* json_out.c - see json_out.h. */
#include "json_out.h"

#include <errno.h>
#include <stdlib.h>

int json_write(const cJSON *root, FILE *out) {
  char *text = cJSON_Print(root);
  if (!text) {
    errno = ENOMEM;
    return -1;
  }
  int ok = fputs(text, out) >= 0 && fputc('\n', out) != EOF && fflush(out) == 0;
  free(text);
  return ok ? 0 : -1;
}
