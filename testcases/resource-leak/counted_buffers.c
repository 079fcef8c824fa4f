/* counted_buffers.c - a buffer grown in a loop next to a count of what it
 * holds, in the shape of tmux's format_grid_line: the block exists exactly
 * when the count moved off zero, so 'if (size != 0) free(ud)' frees every
 * block there is.  The count is stepped inside an index (&ud[size++]). */
#include <stdlib.h>
#include <string.h>

struct cell {
  char data[8];
  unsigned flags;
};

void *xreallocarray(void *p, size_t n, size_t size) {
  p = realloc(p, n * size);
  if (p == NULL)
    abort();
  return p;
}

int next_cell(struct cell *c);
char *cells_to_string(const struct cell *cells);

char *grid_line(void) {
  struct cell gc, *ud = NULL;
  size_t size = 0;
  char *s = NULL;
  while (next_cell(&gc)) {
    if (gc.flags & 1)
      continue;
    ud = xreallocarray(ud, size + 2, sizeof *ud);
    memcpy(&ud[size++], &gc, sizeof *ud);
  }
  if (size != 0) {
    ud[size].flags = 0;
    s = cells_to_string(ud);
    free(ud);
  }
  return s;
}

/* A count that is not the block's: the block may outlive the test. */
char *grid_words(void) {
  struct cell gc, *ud = NULL;
  size_t words = 0;
  char *s = NULL;
  while (next_cell(&gc)) {
    ud = xreallocarray(ud, 2, sizeof *ud);
    if (gc.flags & 2)
      words++;
  }
  if (words != 0) {
    s = cells_to_string(ud);
    free(ud);
  }
  return s; // expect: resource-leak
}
